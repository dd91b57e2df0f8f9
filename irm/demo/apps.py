from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "irm.demo"
    label = "demo"
    verbose_name = "Demo"
