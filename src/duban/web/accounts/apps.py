from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users and their roles, login with lock-out, API tokens for machine clients."""

    name = "duban.web.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from duban.web.accounts import permissions  # noqa: F401  (registers the rules)
