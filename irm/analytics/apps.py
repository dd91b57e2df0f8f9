from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "irm.analytics"
    label = "analytics"
