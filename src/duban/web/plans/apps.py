from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Plans, their sections and tasks, import → review → publish, and adjustments after."""

    name = "duban.web.plans"
    label = "plans"
    verbose_name = "责任分解方案"

    def ready(self) -> None:
        from duban.web.plans import permissions  # noqa: F401  (registers the rules)
