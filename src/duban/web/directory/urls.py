from django.urls import path

from duban.web.directory import views

app_name = "directory"
urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("leaders/", views.leader_list, name="leader_list"),
    path("groups/", views.group_list, name="group_list"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("export.xlsx", views.directory_export, name="export"),
    path("import/", views.directory_import, name="import"),
]
