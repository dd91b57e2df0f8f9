from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "irm.parties"
    label = "parties"
