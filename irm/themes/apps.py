from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "irm.themes"
    label = "themes"
    verbose_name = "Themes"
