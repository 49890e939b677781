from django.urls import path

from duban.web.cycle import views

app_name = "cycle"
urlpatterns = [
    path("", views.index, name="index"),
    path("rules/", views.rules, name="rules"),
    path("plans/<int:plan_pk>/rounds/", views.round_create, name="round_create"),
    path("plans/<int:plan_pk>/calendar/", views.plan_calendar, name="plan_calendar"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/mine/", views.round_mine, name="round_mine"),
    path("rounds/<int:pk>/extend/", views.round_extend, name="round_extend"),
    path("rounds/<int:pk>/chase/", views.round_chase, name="round_chase"),
    path("rounds/<int:pk>/<str:action>/", views.round_state, name="round_state"),
    path("rounds/<int:pk>/tasks/<int:task_pk>/report/", views.report_start, name="report_start"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/<int:pk>/inspect/", views.report_inspect, name="report_inspect"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("tasks/<int:task_pk>/impl/", views.impl_start, name="impl_start"),
    path("impl/<int:pk>/", views.impl_detail, name="impl_detail"),
    path("roster/", views.roster, name="roster"),
    path("changes/", views.change_list, name="change_list"),
    path("tasks/<int:task_pk>/change/", views.change_new, name="change_new"),
    path("changes/<int:pk>/", views.change_detail, name="change_detail"),
    path("instructions/", views.instruction_list, name="instruction_list"),
    path("tasks/<int:task_pk>/instruct/", views.instruction_new, name="instruction_new"),
    path("instructions/<int:pk>/", views.instruction_detail, name="instruction_detail"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/unread/", views.unread, name="unread"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("reminders/", views.reminder_list, name="reminder_list"),
    path("reminders/<int:pk>/retry/", views.reminder_retry, name="reminder_retry"),
    path("channels/", views.channel_list, name="channel_list"),
    path("channels/<int:pk>/try/", views.channel_try, name="channel_try"),
]
