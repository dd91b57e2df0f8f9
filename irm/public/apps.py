from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "irm.public"
    label = "public"
    verbose_name = "Public record"
