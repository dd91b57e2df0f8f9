from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "irm.analysis"
    label = "analysis"
