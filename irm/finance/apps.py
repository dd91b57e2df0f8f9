from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "irm.finance"
    label = "finance"
