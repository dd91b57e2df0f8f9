from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "irm.accounts"
    label = "accounts"
