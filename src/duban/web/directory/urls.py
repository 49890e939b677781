from django.urls import path

from duban.web.directory import views

app_name = "directory"
urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("leaders/", views.leader_list, name="leader_list"),
    path("leaders/new/", views.leader_create, name="leader_create"),
    path("leaders/<int:pk>/edit/", views.leader_edit, name="leader_edit"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<str:kind>/<int:pk>/active/", views.entry_active, name="entry_active"),
    path("<str:kind>/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("export.xlsx", views.directory_export, name="export"),
    path("import/", views.directory_import, name="import"),
    path("import/names/", views.directory_import_names, name="import_names"),
]
