from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "irm.core"
    label = "core"
