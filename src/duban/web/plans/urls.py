from django.urls import path

from duban.web.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("upload/", views.plan_upload, name="plan_upload"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft_detail"),
    path("<int:pk>/confirm-units/", views.plan_confirm_units, name="plan_confirm_units"),
    path("tasks/<int:pk>/units/", views.task_units, name="task_units"),
    path("tasks/<int:pk>/move/", views.task_move, name="task_move"),
    path("portal/", views.portal, name="portal"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/review/", views.plan_review, name="plan_review"),
    path("<int:pk>/resolve/", views.plan_resolve, name="plan_resolve"),
    path("<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("<int:pk>/export.json", views.plan_export, name="plan_export"),
    path("<int:pk>/history/", views.plan_history, name="plan_history"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/merge/", views.task_merge, name="task_merge"),
    path("tasks/<int:pk>/split/", views.task_split, name="task_split"),
]
