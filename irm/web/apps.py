from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "irm.web"
    label = "web"
