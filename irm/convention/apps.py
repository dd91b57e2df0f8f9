from django.apps import AppConfig


class ConventionConfig(AppConfig):
    name = "irm.convention"
    label = "convention"
