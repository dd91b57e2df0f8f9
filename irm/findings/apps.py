from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "irm.findings"
    label = "findings"
