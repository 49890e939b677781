"""The public page (政务公开): no login."""

from django.urls import path

from duban.web.documents import views

app_name = "public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("plans/<int:pk>/", views.public_plan, name="plan"),
]
