"""Forms of session documents: the record, a language version, a link, an output issued as the document."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.core.i18n import LANGUAGE_NAMES
from irm.meetings.forms.base import StyledForm, date_widget, item_choice
from irm.meetings.links import validate_link_or_site_path
from irm.meetings.models import LANGUAGES, Access, DocumentKind, OutputKind, Session


class DocumentForm(StyledForm):
    symbol = forms.CharField(label=_("Symbol"), max_length=80)
    title_en = forms.CharField(label=_("Title (English)"), max_length=500)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices, initial=DocumentKind.NOTE)
    access = forms.ChoiceField(
        label=_("Access"),
        choices=Access.choices,
        help_text=_("Restricted documents are seen by States and admitted observers, not by the public."),
    )
    issued_on = forms.DateField(label=_("Date of issue"), widget=date_widget(), required=False)

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["symbol"].help_text = _("For example %(p)s/%(y)d/10.") % {
            "p": session.symbol_prefix,
            "y": session.starts_on.year,
        }
        self.fields["agenda_item"] = item_choice(session, _("Agenda item"))
        self.order_fields(["symbol", "title_en", "title_zh", "kind", "access", "agenda_item", "issued_on"])


class DocumentFileForm(StyledForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    file = forms.FileField(
        label=_("File (PDF or Word)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )


class DocumentLinkForm(StyledForm):
    kind = forms.ChoiceField(label=_("Platform output"), choices=OutputKind.choices)
    identifier = forms.CharField(
        label=_("Identifier"),
        max_length=120,
        required=False,
        help_text=_("e.g. cycle-2@2023-09-15 for the TA-needs analysis of cycle 2 as of that date"),
    )
    url = forms.CharField(
        label=_("Address on the platform"),
        max_length=500,
        required=False,
        validators=[validate_link_or_site_path],
        help_text=_("An address on this site (starting with /) or an http(s) address."),
    )
    label = forms.CharField(label=_("Label"), max_length=255, required=False)


class TaNeedsOutputForm(StyledForm):
    """Issue the platform's TA-needs analysis as this document (the note for an item, as CAC/COSP/2023/10)."""

    cycle = forms.IntegerField(label=_("Review cycle"), min_value=1, initial=2)
    as_of = forms.DateField(label=_("As of"), widget=date_widget())
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=[(code, LANGUAGE_NAMES[code]) for code in ("en", "zh")],
        initial=["en", "zh"],
        widget=forms.CheckboxSelectMultiple,
    )
