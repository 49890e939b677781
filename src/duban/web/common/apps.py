from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Base models, the audit log, permissions and HTMX helpers shared by every app."""

    name = "duban.web.common"
    label = "common"
    verbose_name = "公共"

    def ready(self) -> None:
        from duban.web.common import rules  # noqa: F401  (registers the audit log's rule)
