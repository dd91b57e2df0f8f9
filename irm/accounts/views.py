"""Account pages: log in (username or e-mail), profile and preferences, TOTP set-up and check."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.accounts import services, tokens, totp
from irm.accounts.forms import LoginForm, PreferencesForm, TokenForm, TOTPCodeForm
from irm.accounts.middleware import OTP_VERIFIED
from irm.accounts.models import User
from irm.accounts.roles import is_secretariat
from irm.core.errors import flash_error, form_error
from irm.core.exceptions import DomainError
from irm.core.http import safe_next

#: Session key of a TOTP secret shown to the user but not yet confirmed with a code.
PENDING_SECRET = "irm_totp_pending"  # noqa: S105 (a session key's name)
#: Session key counting wrong second-step codes; the session ends after MAX_OTP_ATTEMPTS.
OTP_ATTEMPTS = "irm_otp_attempts"
MAX_OTP_ATTEMPTS = 5


def _user(request: HttpRequest) -> User:
    """The logged-in user (the views below are all behind login_required)."""
    return cast(User, request.user)


def _with_language(response: HttpResponse, language: str) -> HttpResponse:
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
    return response


class LoginView(auth_views.LoginView):
    """Log in with a username or an e-mail; the pages then open in the user's preferred language."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        """Back to the link opened while logged out (issue 17 §9), only if it is on this site."""
        request = request or self.request
        name = self.redirect_field_name
        candidate = request.POST.get(name, request.GET.get(name))
        return safe_next(request, candidate, fallback=settings.LOGIN_REDIRECT_URL) if candidate else ""

    def form_valid(self, form):
        response = super().form_valid(form)
        return _with_language(response, form.get_user().preferred_language)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; the user's API tokens stop working with the old password."""

    def form_valid(self, form):
        response = super().form_valid(form)
        tokens.revoke_user_tokens(actor=form.user, user=form.user, reason="password changed")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset by e-mail link; whoever held the account's API tokens loses them too."""

    def form_valid(self, form):
        response = super().form_valid(form)
        tokens.revoke_user_tokens(actor=form.user, user=form.user, reason="password reset")
        return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PreferencesForm(request.POST or None, initial={"preferred_language": user.preferred_language})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["preferred_language"]
        services.set_preferred_language(actor=user, user=user, language=language)
        if language:
            translation.activate(language)
        messages.success(request, _("Your preferences were saved."))
        return _with_language(redirect("profile"), language)
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": user.memberships.select_related("state").order_by("role"),
            "form": form,
            "totp_required": is_secretariat(user),
            "disable_form": TOTPCodeForm(),
            "recovery_left": services.recovery_codes_left(user) if user.totp_enabled else 0,
            "tokens": tokens.tokens_of(user),
            "token_form": TokenForm(),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Make an API token; its key is shown once, in this response only."""
    user = _user(request)
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name (what or who will use it)."))
        return redirect("profile")
    try:
        token, key = tokens.create_api_token(actor=user, user=user, name=form.cleaned_data["name"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("profile")
    response = render(request, "accounts/token_created.html", {"token": token, "key": key})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _user(request)
    token = tokens.token_of(user, token_id)
    if token is None:
        raise Http404
    tokens.revoke_api_token(actor=user, token=token)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect(f"{reverse('profile')}#tokens")


@login_required
def totp_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new secret as a QR code; turn TOTP on when the user types a code it produced."""
    user = _user(request)
    if user.totp_enabled:
        messages.info(request, _("Two-factor authentication is already turned on."))
        return redirect("profile")
    # Kept encrypted in the session (sessions are database rows) until it is confirmed.
    secret = totp.decrypt_secret(request.session.get(PENDING_SECRET, "")) or services.new_totp_secret()
    request.session[PENDING_SECRET] = totp.encrypt_secret(secret)
    form = TOTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enable_totp(actor=user, user=user, secret=secret, code=form.cleaned_data["code"])
        except DomainError as error:
            form_error(form, error, field="code")
        else:
            del request.session[PENDING_SECRET]
            request.session[OTP_VERIFIED] = True
            messages.success(request, _("Two-factor authentication is on."))
            return _show_recovery_codes(request, services.issue_recovery_codes(actor=user, user=user))
    uri = services.totp_uri(user=user, secret=secret)
    return render(
        request,
        "accounts/totp_enrol.html",
        {
            "form": form,
            "secret": secret,
            "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_svg": services.totp_qr_svg(uri),
            "required": is_secretariat(user),
        },
    )


def _show_recovery_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """The codes are shown once, in this response only (never stored in clear, never in the session)."""
    response = render(request, "accounts/recovery_codes.html", {"codes": codes})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Issue a new set of recovery codes (the old ones stop working)."""
    user = _user(request)
    try:
        codes = services.issue_recovery_codes(actor=user, user=user)
    except DomainError as error:
        flash_error(request, error)
        return redirect("profile")
    return _show_recovery_codes(request, codes)


@login_required
@require_POST
def totp_disable(request: HttpRequest) -> HttpResponse:
    form = TOTPCodeForm(request.POST)
    if form.is_valid():
        try:
            services.disable_totp(actor=request.user, user=_user(request), code=form.cleaned_data["code"])
        except DomainError as error:
            flash_error(request, error)
        else:
            messages.success(request, _("Two-factor authentication is off."))
    else:
        messages.error(request, _("Enter the six-digit code from your authenticator app."))
    return redirect("profile")


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in for users with TOTP on (TwoFactorMiddleware sends them here)."""
    user = _user(request)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if not user.totp_enabled or request.session.get(OTP_VERIFIED):
        return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = TOTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        by_app = services.accept_totp_code(user=user, code=code)
        if by_app or services.use_recovery_code(user=user, code=code):
            request.session.cycle_key()
            request.session[OTP_VERIFIED] = True
            request.session.pop(OTP_ATTEMPTS, None)
            if not by_app:
                left = services.recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(n)d left. If you lost your device, turn two-factor "
                        "authentication off and on again in your profile, and issue new recovery codes."
                    )
                    % {"n": left},
                )
            return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        attempts = request.session.get(OTP_ATTEMPTS, 0) + 1
        request.session[OTP_ATTEMPTS] = attempts
        if attempts >= MAX_OTP_ATTEMPTS:
            logout(request)
            messages.error(request, _("Too many wrong codes. Please log in again."))
            return redirect("login")
        form.add_error("code", _("That code is not right. Check the time on your device and try again."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})
