"""The secretariat edits the provisional agenda and the organization of work."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.meetings import forms, services
from irm.meetings.views.base import domain_errors, visible_session
from irm.meetings.views.manage.base import attempt, form_page, manager_only


@manager_only
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.AgendaItemForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, lambda: services.add_agenda_item(actor=request.user, session=session, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Item added."))
        return redirect("meetings:manage-agenda", slug=slug)
    items = session.agenda_items.annotate(n_documents=Count("documents")).order_by("number", "letter")
    next_number = (
        items.filter(letter="").order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    if not form.is_bound:
        form = forms.AgendaItemForm(initial={"number": next_number})
    return render(
        request,
        "meetings/manage/agenda.html",
        {"session": session, "items": items, "form": form},
        status=422 if form.errors else 200,
    )


@manager_only
def agenda_item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    item = get_object_or_404(session.agenda_items, pk=pk)
    fields = ["title_en", "title_zh", "annotation_en", "annotation_zh"]
    form = forms.AgendaItemForm(
        request.POST or None, editing=True, initial={f: getattr(item, f) for f in fields}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, lambda: services.update_agenda_item(actor=request.user, item=item, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Item %(l)s saved.") % {"l": item.label})
        return redirect("meetings:manage-agenda", slug=slug)
    return form_page(
        request,
        session,
        _("Agenda item %(l)s") % {"l": item.label},
        form,
        submit=_("Save"),
        cancel=reverse("meetings:manage-agenda", args=[slug]),
        danger={
            "url": reverse("meetings:agenda-item-remove", args=[slug, pk]),
            "label": _("Remove this item"),
            "explain": _("Possible while the agenda is provisional and nothing is issued under the item."),
        },
    )


@manager_only
@require_POST
@domain_errors
def agenda_item_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    item = get_object_or_404(session.agenda_items, pk=pk)
    label = item.label
    services.remove_agenda_item(actor=request.user, item=item)
    messages.success(request, _("Item %(l)s removed.") % {"l": label})
    return redirect("meetings:manage-agenda", slug=slug)


@manager_only
def work(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.WorkSlotForm(request.POST or None, session=session)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, lambda: services.add_work_slot(actor=request.user, session=session, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Meeting added to the organization of work."))
        return redirect("meetings:manage-work", slug=slug)
    if not form.is_bound:
        form = forms.WorkSlotForm(session=session, initial={"date": session.starts_on})
    slots = session.work_slots.prefetch_related("items")
    return render(
        request,
        "meetings/manage/work.html",
        {
            "session": session,
            "slots": slots,
            "form": form,
            "interpreted_used": slots.filter(interpreted=True).count(),
        },
        status=422 if form.errors else 200,
    )


@manager_only
def work_slot_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    slot = get_object_or_404(session.work_slots, pk=pk)
    initial = {
        f: getattr(slot, f) for f in ["date", "part", "starts_at", "ends_at", "room", "interpreted", "note"]
    }
    initial["items"] = list(slot.items.all())
    form = forms.WorkSlotForm(request.POST or None, session=session, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, lambda: services.update_work_slot(actor=request.user, slot=slot, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Meeting saved."))
        return redirect("meetings:manage-work", slug=slug)
    return form_page(
        request,
        session,
        _("Meeting of %(d)s") % {"d": slot},
        form,
        submit=_("Save"),
        cancel=reverse("meetings:manage-work", args=[slug]),
        danger={
            "url": reverse("meetings:work-slot-remove", args=[slug, pk]),
            "label": _("Remove this meeting"),
        },
    )


@manager_only
@require_POST
@domain_errors
def work_slot_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    services.remove_work_slot(actor=request.user, slot=get_object_or_404(session.work_slots, pk=pk))
    messages.success(request, _("Meeting removed."))
    return redirect("meetings:manage-work", slug=slug)
