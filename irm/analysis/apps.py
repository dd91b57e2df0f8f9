from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "irm.analysis"
    label = "analysis"

    def ready(self) -> None:
        from irm.analysis import signals
        from irm.analysis.jobs import register_kinds

        signals.connect()
        register_kinds()
