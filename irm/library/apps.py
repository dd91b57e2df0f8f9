from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "irm.library"
    label = "library"
    verbose_name = "Knowledge library"
