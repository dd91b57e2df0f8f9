from django.apps import AppConfig


class SitesearchConfig(AppConfig):
    name = "irm.sitesearch"
    label = "sitesearch"
    verbose_name = "Search for signed-in users"
