from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "irm.directory"
    label = "directory"
