from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "irm.findings"
    label = "findings"

    def ready(self) -> None:
        from irm.findings.jobs import register_kinds

        register_kinds()
