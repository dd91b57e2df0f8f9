from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    name = "irm.checklists"
    label = "checklists"
