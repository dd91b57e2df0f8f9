from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "irm.analytics"
    label = "analytics"

    def ready(self) -> None:
        from irm.analytics.jobs import register_kinds

        register_kinds()
