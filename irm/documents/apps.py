from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "irm.documents"
    label = "documents"
    verbose_name = "Generated documents"
