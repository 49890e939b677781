from django.apps import AppConfig


class CycleConfig(AppConfig):
    """The supervision cycle: rounds, 办理方案, rosters, reports, review, lights, reminders."""

    name = "duban.web.cycle"
    label = "cycle"
    verbose_name = "督办"

    def ready(self) -> None:
        from duban.web.cycle import permissions  # noqa: F401  (registers the rules)
