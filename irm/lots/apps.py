from django.apps import AppConfig


class LotsConfig(AppConfig):
    name = "irm.lots"
    label = "lots"
