from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "duban.web.documents"
    label = "documents"
    verbose_name = "文档与看板"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from duban.web.documents import permissions  # noqa: F401  (registers the restrict() rules)
