from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "irm.search"
    label = "search"
    verbose_name = "Search"
