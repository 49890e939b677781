from django.urls import path

from duban.web.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("leader/", views.leader, name="leader"),
    path("plans/<int:pk>/table.<str:fmt>", views.plan_table, name="plan_table"),
    path("plans/<int:pk>/units/<int:unit_id>/form<int:form>.<str:fmt>", views.unit_form, name="unit_form"),
    path("plans/<int:pk>/public/", views.public_settings, name="public_settings"),
    path("plans/<int:pk>/yoy/", views.yoy, name="yoy"),
    path("plans/<int:pk>/assessment/", views.assessment, name="assessment"),
    path("rounds/<int:pk>/ledger.xlsx", views.ledger, name="ledger"),
    path("rounds/<int:pk>/forms/", views.round_forms, name="round_forms"),
    path("units/<int:unit_id>/forms/", views.unit_forms, name="unit_forms"),
    path("rounds/<int:pk>/return/", views.return_upload, name="return_upload"),
    path("rounds/<int:pk>/bulletin/", views.bulletin_create, name="bulletin_create"),
    path("returns/<int:pk>/", views.return_confirm, name="return_confirm"),
    path("bulletins/<int:pk>/", views.bulletin_edit, name="bulletin_edit"),
    path("bulletins/<int:pk>.<str:fmt>", views.bulletin_file, name="bulletin_file"),
    path("tasks/<int:pk>/", views.task_reports, name="task_reports"),
]
