from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form, saying that an e-mail address works as well as a username."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username or e-mail")
        self.error_messages["invalid_login"] = _(
            "Your username or e-mail and password didn't match. Please try again."
        )


class TOTPCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "form-control form-control-lg",
                "aria-describedby": "code-help",
            }
        ),
    )


class PreferencesForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Language of the pages"),
        required=False,
        choices=[("", _("As my browser asks")), *list(settings.LANGUAGES)],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new token"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("e.g. reporting script")}),
    )
