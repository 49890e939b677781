from django.urls import path

from duban.web.accounts import firstrun, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("setup/", firstrun.setup_view, name="setup"),
    path("logout/", views.logout_view, name="logout"),
    path("users/", views.user_list, name="user_list"),
    path("users/<int:pk>/active/", views.user_active, name="user_active"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("password/", views.password_change, name="password_change"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
