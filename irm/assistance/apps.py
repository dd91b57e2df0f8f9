from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "irm.assistance"
    label = "assistance"
    verbose_name = "Technical assistance"
