"""The secretariat's page to correct a party's reference data (docs/RULES.md R-P2)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from irm.accounts.roles import is_secretariat
from irm.core.exceptions import DomainError
from irm.parties import permissions as party_permissions
from irm.parties import selectors as party_selectors
from irm.parties import services as party_services

LANGUAGE_LABELS = {
    "en": _("English"),
    "zh": _("Chinese"),
    "ar": _("Arabic"),
    "fr": _("French"),
    "ru": _("Russian"),
    "es": _("Spanish"),
}
FIELD_LABELS = {
    **{
        f"name_{code}": format_lazy(_("Short name ({language})"), language=label)
        for code, label in LANGUAGE_LABELS.items()
    },
    **{
        f"formal_name_{code}": format_lazy(_("Formal name ({language})"), language=label)
        for code, label in LANGUAGE_LABELS.items()
    },
    "signature_date": _("Signature"),
    "party_since": _("Instrument deposited"),
    "entry_into_force": _("Entry into force for the party"),
    "party_by": _("In force for the party by (deposit date unknown)"),
    "instrument": _("Kind of instrument"),
    "legal_system": _("Legal system"),
    "competence_declaration": _("Declaration of competence"),
    "legal_system_components": _("Legal system: components"),
}


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Value"), choices=[(f, FIELD_LABELS.get(f, f)) for f in party_services.CORRECTABLE]
    )
    value = forms.CharField(
        label=_("Corrected value"),
        required=False,
        max_length=2000,
        help_text=_("Dates as YYYY-MM-DD; leave empty to clear."),
    )
    source = forms.CharField(
        label=_("Official source"),
        max_length=party_services.MAX_SOURCE,
        help_text=_("E.g. the depositary notification or the UNTERM entry the value comes from."),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def _shown(state: Any, field: str) -> Any:
    """A value as a person reads it: a choice (legal system, regional group…) by its name."""
    if state._meta.get_field(field).choices:
        return getattr(state, f"get_{field}_display")()
    return getattr(state, field)


@never_cache
def party_correct(request: HttpRequest, iso3: str) -> HttpResponse:
    if not is_secretariat(request.user):
        raise Http404
    state = party_permissions.visible_to(request.user).filter(iso3=iso3.upper()).first()
    if state is None:
        raise Http404
    form = CorrectionForm(request.POST or None, initial={"field": request.GET.get("field", "party_since")})
    if request.method == "POST" and form.is_valid():
        try:
            party_services.correct_party_value(actor=request.user, state=state, **form.cleaned_data)
        except DomainError as error:
            form.add_error("value", str(error))
        else:
            messages.success(request, _("The value was corrected; the change is in the audit trail."))
            return redirect("party-correct", iso3=state.iso3)
    sources = party_selectors.sources_of(state)
    rows = [
        (field, FIELD_LABELS.get(field, field), _shown(state, field), sources.get(field))
        for field in party_services.CORRECTABLE
    ]
    return render(request, "web/party_correct.html", {"state": state, "form": form, "rows": rows})
