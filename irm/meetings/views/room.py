"""The room: who has the floor, the timer, the next speakers; the secretariat calls the next and closes the item."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.meetings import permissions, selectors, services
from irm.meetings.models import AgendaItem, EntryStatus, SpeakersList
from irm.meetings.views.base import domain_errors, visible_list


@login_required
@require_POST
@domain_errors
def room_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = visible_list(request, slug, pk)
    if request.POST.get("action") == "close":
        item = AgendaItem.objects.filter(
            session=lst.session, pk=request.POST.get("offered_item") or 0
        ).first()
        count = services.close_item(actor=request.user, speakers_list=lst, offered_item=item)
        messages.success(request, _("Item closed; %(n)d speakers offered another item.") % {"n": count})
        return redirect("meetings:speakers", slug=slug, pk=pk)
    services.call_next_speaker(actor=request.user, speakers_list=lst)
    return redirect("meetings:room", slug=slug, pk=pk)


def _room_context(lst: SpeakersList) -> dict[str, Any]:
    lst.refresh_from_db()
    current = lst.current_entry
    upcoming = [
        r
        for r in selectors.speakers_rows(lst, include_done=False)
        if r.entry.status == EntryStatus.REGISTERED
    ]
    if current:
        upcoming = [r for r in upcoming if r.entry.pk != current.pk]
    return {
        "lst": lst,
        "current": current,
        "allotted_seconds": current.minutes * 60 if current else 0,
        "started_at": lst.timer_started_at,
        "elapsed": int((timezone.now() - lst.timer_started_at).total_seconds())
        if lst.timer_started_at
        else 0,
        "upcoming": upcoming[:5],
    }


def room(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = visible_list(request, slug, pk)
    context = _room_context(lst) | {
        "session": lst.session,
        "can_manage": permissions.can_manage(request.user),
    }
    return render(request, "meetings/room.html", context)


def room_fragment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = visible_list(request, slug, pk)
    return render(request, "meetings/_room_now.html", _room_context(lst))
