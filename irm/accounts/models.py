from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    FOCAL_POINT = "focal_point", _("Focal point")
    CONTRIBUTOR = "contributor", _("National contributor")
    EXPERT = "expert", _("Governmental expert")
    DELEGATE = "delegate", _("Delegate")
    OBSERVER = "observer", _("Observer")
    DONOR = "donor", _("Donor")


#: Roles that act for one State (membership.state is required).
STATE_ROLES = {Role.FOCAL_POINT, Role.CONTRIBUTOR, Role.EXPERT}


class User(AbstractUser):
    """A person. What they may do comes from their memberships, never from flags on the user."""

    email = models.EmailField(_("e-mail address"), blank=True)
    preferred_language = models.CharField(max_length=10, blank=True)
    #: Encrypted with the key in the data directory (irm.accounts.totp), never stored in clear.
    totp_secret = models.CharField(max_length=255, blank=True)
    totp_enabled = models.BooleanField(default=False)
    #: The time step of the last code accepted: a code is accepted once only (RFC 6238 §5.2).
    totp_last_counter = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="accounts_user_email_unique_ci"
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RecoveryCode(models.Model):
    """A one-time code that replaces the authenticator once (a lost phone). Only its HMAC is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="accounts_recovery_code_unique")
        ]

    def __str__(self) -> str:
        return f"recovery code of {self.user} ({'used' if self.used_at else 'unused'})"


class Membership(models.Model):
    """A user's role, for one State (focal point, contributor, expert, delegate) or organization."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    organization = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "state"],
                condition=models.Q(state__isnull=False),
                name="accounts_membership_unique_state",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=models.Q(state__isnull=True),
                name="accounts_membership_unique_organization",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(r.value for r in STATE_ROLES))
                | models.Q(state__isnull=False),
                name="accounts_membership_state_role_has_state",
            ),
        ]

    def __str__(self) -> str:
        where = self.state.iso3 if self.state else self.organization
        return f"{self.user} — {self.get_role_display()}{' of ' + where if where else ''}"


class ApiToken(models.Model):
    """A personal token for the JSON API (`Authorization: Bearer <token>`). Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, help_text=_("First characters, to recognise the token."))
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    #: Recorded at most hourly, after the request (irm.accounts.tokens.note_use).
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} — {self.name} ({self.prefix}…)"
