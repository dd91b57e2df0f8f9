"""The secretariat's pages: only the secretariat reaches them; a refusal is shown on the form (on its field where the code says which) with the input kept."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from irm.core.errors import form_error
from irm.core.exceptions import DomainError
from irm.meetings import permissions
from irm.meetings.models import Session


def manager_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_manage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def attempt(form: django_forms.Form, call: Callable[[], Any]) -> bool:
    """Run a service; a refusal becomes a form error (on its field where we know it)."""
    try:
        call()
    except DomainError as exc:
        form_error(form, exc)  # on its field where the code's registration names one
        return False
    return True


def form_page(
    request: HttpRequest, session: Session | None, title: str, form: Any, **extra: Any
) -> HttpResponse:
    status = 422 if form.is_bound and form.errors else 200
    context = {"session": session, "title": title, "form": form, **extra}
    return render(request, "meetings/manage/form.html", context, status=status)


def messages_of(request: HttpRequest, form: django_forms.Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
