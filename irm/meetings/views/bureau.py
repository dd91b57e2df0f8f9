"""The bureau: officers, the rotation proposal and the host-country alternative."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from irm.meetings import forms, permissions, selectors
from irm.meetings.models import BUREAU_OFFICES
from irm.meetings.views.base import visible_session


def bureau(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    proposal = selectors.rotation_proposal(session)
    return render(
        request,
        "meetings/bureau.html",
        {
            "session": session,
            "officers": session.officers.select_related("state"),
            "proposal": proposal,
            "president_label": selectors.group_label(proposal["president_group"]),
            "rapporteur_label": selectors.group_label(proposal["rapporteur_group"]),
            "host": proposal["host_practice"],
            "host_president_label": selectors.group_label(
                proposal["host_practice"]["president_group"] if proposal["host_practice"] else None
            ),
            "host_rapporteur_label": selectors.group_label(
                proposal["host_practice"]["rapporteur_group"] if proposal["host_practice"] else None
            ),
            "bureau_offices": BUREAU_OFFICES,
            "can_manage": permissions.can_manage(request.user),
            "officer_form": forms.OfficerForm(initial={"elected_on": session.starts_on}),
        },
    )
