from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "irm.finance"
    label = "finance"

    def ready(self) -> None:
        from irm.finance.jobs import register_kinds

        register_kinds()
