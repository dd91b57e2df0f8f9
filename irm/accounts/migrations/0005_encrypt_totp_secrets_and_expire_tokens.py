"""Encrypt the TOTP secrets stored in clear before, and give tokens made before expiry one.

Tokens made before expiry existed expire IRM_TOKEN_DAYS after they were made (already expired ones
stop working at once: they are as old as the rule says a token may be).
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations


def encrypt(apps, schema_editor):
    from irm.accounts import totp

    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(totp_secret=""):
        if not totp.decrypt_secret(user.totp_secret):  # still clear text
            user.totp_secret = totp.encrypt_secret(user.totp_secret)
            user.save(update_fields=["totp_secret"])
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + timedelta(days=settings.IRM_TOKEN_DAYS)
        token.save(update_fields=["expires_at"])


def decrypt(apps, schema_editor):
    from irm.accounts import totp

    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(totp_secret=""):
        if clear := totp.decrypt_secret(user.totp_secret):
            user.totp_secret = clear
            user.save(update_fields=["totp_secret"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_totp_encrypted_and_token_expiry")]

    operations = [migrations.RunPython(encrypt, decrypt)]
