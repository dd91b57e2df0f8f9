from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "irm.meetings"
    label = "meetings"
    verbose_name = "Sessions of the Conference and its subsidiary bodies"
