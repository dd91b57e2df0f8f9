from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "irm.followup"
    label = "followup"
    verbose_name = "Follow-up of recommendations"
