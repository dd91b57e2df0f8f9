from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "irm.cycles"
    label = "cycles"
