from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """Units, groups, leaders and people of a government: who a plan's names refer to."""

    name = "duban.web.directory"
    label = "directory"
    verbose_name = "单位名录"

    def ready(self) -> None:
        from duban.web.directory import permissions  # noqa: F401  (registers the rules)
