"""Pages of the reviews app: thin — parse, fetch through permissions, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from irm.core.content_cache import cached_for_public
from irm.core.errors import flash_error, form_error, message_of
from irm.core.exceptions import DomainError, NotFound
from irm.core.middleware import public_page
from irm.core.tabular import SheetOut, write_csv, write_xlsx
from irm.cycles import services as cycle_services
from irm.cycles.models import Cycle
from irm.parties.models import RegionalGroup
from irm.reviews import charts, forms, permissions, selectors, services
from irm.reviews.models import Review, Stage
from irm.reviews.timeline import allowed_next_stages, steps_for


def _cycle(number: int) -> Cycle:
    cycle = Cycle.objects.filter(number=number).prefetch_related("extensions").first()
    if cycle is None:
        raise Http404
    return cycle


def _as_of(request: HttpRequest) -> date:
    raw = request.GET.get("as_of", "")
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _review(request: HttpRequest, cycle: int, iso3: str, *, confidential: bool) -> Review:
    try:
        if confidential:
            return selectors.get_confidential_review(request.user, cycle, iso3)
        return selectors.get_review(request.user, cycle, iso3)
    except NotFound:
        raise Http404 from None


# --- status -------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    cycle = Cycle.objects.order_by("-number").first()
    if cycle is None:
        raise Http404
    return redirect("reviews:status", cycle=cycle.number)


def status_page(request: HttpRequest, cycle: int) -> HttpResponse:
    found = _cycle(cycle)
    as_of = _as_of(request)
    data = selectors.status(found, as_of=as_of).data
    return render(
        request,
        "reviews/status.html",
        {
            "cycle": found,
            "cycles": Cycle.objects.all(),
            "data": data,
            "as_of": as_of,
            "regions": [
                (RegionalGroup(code).label, block)
                for code, block in data["by_region"].items()
                if block["reviews"]
            ],
        },
    )


def status_chart(request: HttpRequest, cycle: int) -> HttpResponse:
    found = _cycle(cycle)
    svg = charts.status_chart(selectors.status(found, as_of=_as_of(request)))
    return HttpResponse(svg, content_type="image/svg+xml")


# --- the overview of a cycle --------------------------------------------------------------------


def overview(request: HttpRequest, cycle: int) -> HttpResponse:
    found = _cycle(cycle)
    form = forms.OverviewFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    as_of = _as_of(request)
    rows = selectors.overview(request.user, found, as_of=as_of, **filters)
    export = request.GET.get("export", "")
    if export in {"csv", "xlsx"}:
        return _export(rows, found, export)
    return render(
        request,
        "reviews/overview.html",
        {
            "cycle": found,
            "form": form,
            "rows": rows,
            "as_of": as_of,
            "query": request.GET.urlencode(),
            "can_edit_timeline": permissions.can_edit_timeline(request.user),
            "can_edit_reminders": permissions.can_edit_reminders(request.user),
        },
    )


def _export(rows: list[selectors.OverviewRow], cycle: Cycle, fmt: str) -> HttpResponse:
    records = selectors.overview_records(rows)
    name = f"irm-reviews-cycle-{cycle.number}"
    table = [[record[c] for c in selectors.OVERVIEW_COLUMNS] for record in records]
    if fmt == "csv":
        content = write_csv(selectors.OVERVIEW_COLUMNS, table, lineterminator="\r\n").encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    else:
        content = write_xlsx(
            [SheetOut(f"Cycle {cycle.number}", selectors.OVERVIEW_COLUMNS, table, freeze_header=True)]
        )
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def timeline_settings(request: HttpRequest, cycle: int) -> HttpResponse:
    found = _cycle(cycle)
    if not permissions.can_edit_timeline(request.user):
        raise Http404
    form = forms.TimelineStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_timeline_step(actor=request.user, cycle=found, **form.cleaned_data)
            messages.success(request, _("Timeline updated; the due dates of the cycle's reviews follow."))
        except DomainError as exc:
            flash_error(request, exc)
        return redirect("reviews:timeline-settings", cycle=cycle)
    return render(
        request,
        "reviews/timeline_settings.html",
        {"cycle": found, "steps": list(steps_for(found.pk).values()), "form": form},
    )


@never_cache
def reminder_settings(request: HttpRequest, cycle: int) -> HttpResponse:
    """The secretariat changes how often overdue steps are reminded and when they are escalated (R-T3)."""
    found = _cycle(cycle)
    if not permissions.can_edit_reminders(request.user):
        raise PermissionDenied
    bounds = {
        "reminder_every_days": cycle_services.REMINDER_EVERY_DAYS,
        "escalate_after_days": cycle_services.ESCALATE_AFTER_DAYS,
    }
    form = forms.ReminderSettingsForm(
        request.POST or None,
        bounds=bounds,
        initial={
            "reminder_every_days": found.reminder_every_days,
            "escalate_after_days": found.escalate_after_days,
        },
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                cycle_services.set_reminder_settings(actor=request.user, cycle=found, **form.cleaned_data)
            except DomainError as exc:
                status = form_error(form, exc)
            else:
                messages.success(request, _("Reminder settings saved; the next reminders follow them."))
                return redirect("reviews:reminder-settings", cycle=cycle)
    return render(
        request,
        "reviews/reminder_settings.html",
        {"cycle": found, "form": form, "bounds": bounds},
        status=status,
    )


# --- one review ---------------------------------------------------------------------------------


@public_page
@cached_for_public
def review_public(request: HttpRequest, cycle: int, iso3: str) -> HttpResponse:
    review = _review(request, cycle, iso3, confidential=False)
    done = selectors.done_map(review)
    return render(
        request,
        "reviews/review_public.html",
        {
            "review": review,
            "dialogue": selectors.held_dialogue(review),
            "summary_published": done.get(Stage.SUMMARY_PUBLISHED),
            "report_published": permissions.is_report_published(review) and done.get(Stage.REPORT_PUBLISHED),
            "can_open_workflow": permissions.can_view_confidential(request.user, review),
        },
    )


def review_workflow(request: HttpRequest, cycle: int, iso3: str) -> HttpResponse:
    review = _review(request, cycle, iso3, confidential=True)
    user = request.user
    as_of = timezone.localdate()
    done = selectors.done_map(review)
    rows = selectors.timeline(review, as_of=as_of)
    next_stages = [s for s in allowed_next_stages(review, done) if permissions.can_advance(user, review, s)]
    open_stages = [(s.value, s.label) for s in Stage.ordered()[1:] if not done.get(s)]
    done_stages = [(s.value, s.label) for s in Stage.ordered()[1:] if done.get(s)]
    context = {
        "review": review,
        "rows": rows,
        "as_of": as_of,
        "people": selectors.participants(review),
        "events": selectors.history(review),
        "suspensions": review.suspensions.all(),
        "next_stages": next_stages,
        "next_step": selectors.next_step(review, party=permissions.party_of(user, review), as_of=as_of),
        "finished": selectors.is_finished(review),
        "can": {
            "manage": permissions.can_manage(user, review),
            "reopen": permissions.can_reopen(user, review) and bool(done_stages),
            "delay": permissions.can_record_delay(user, review) and bool(open_stages),
            "suspend": permissions.can_suspend(user, review),
            "focal_point": permissions.can_set_focal_point(user, review),
            "expert": permissions.can_assign_expert(user, review),
            "dialogue": permissions.can_record_dialogue(user, review),
            "consent": permissions.can_record_consent(user, review),
            "publish_summary": permissions.can_publish(user, review)
            and bool(done.get(Stage.SUMMARY_AGREED))
            and not done.get(Stage.SUMMARY_PUBLISHED),
            "publish_report": permissions.can_publish(user, review)
            and review.report_publication_consent
            and bool(done.get(Stage.REPORT_FINALIZED))
            and not done.get(Stage.REPORT_PUBLISHED),
        },
        "reopen_form": forms.ReopenForm(
            prefix="reopen", initial={"stage": done_stages[-1][0] if done_stages else ""}
        ),
        "delay_form": forms.DelayForm(
            prefix="delay", initial={"stage": open_stages[0][0] if open_stages else ""}
        ),
        "focal_form": forms.FocalPointForm(prefix="focal", state_id=review.state_id),
        "expert_form": forms.ExpertForm(prefix="expert", reviewer_ids=[s.pk for s in review.reviewers]),
        "dialogue_form": forms.DialogueForm(prefix="dialogue"),
        "consent_form": forms.ConsentForm(prefix="consent"),
        "languages_form": forms.LanguagesForm(prefix="languages", initial={"languages": review.languages}),
    }
    context["reopen_form"].fields["stage"].choices = done_stages  # type: ignore[attr-defined]
    context["delay_form"].fields["stage"].choices = open_stages  # type: ignore[attr-defined]
    return render(request, "reviews/review_workflow.html", context)


def review_timeline_chart(request: HttpRequest, cycle: int, iso3: str) -> HttpResponse:
    review = _review(request, cycle, iso3, confidential=True)
    as_of = timezone.localdate()
    svg = charts.timeline_chart(selectors.timeline(review, as_of=as_of), as_of=as_of)
    return HttpResponse(svg, content_type="image/svg+xml")


def _run(form: Any, call: Callable[[dict[str, Any]], Any]) -> str | None:
    """Validate the form and call the service; the error message, or None."""
    if not form.is_valid():
        return "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
    try:
        call(form.cleaned_data)
    except DomainError as exc:
        return message_of(exc)
    return None


@require_POST
def review_action(request: HttpRequest, cycle: int, iso3: str, action: str) -> HttpResponse:
    review = _review(request, cycle, iso3, confidential=True)
    actor, post = request.user, request.POST
    handlers: dict[str, tuple[Any, Callable[[dict[str, Any]], Any]]] = {
        "advance": (
            forms.AdvanceForm(post),
            lambda d: services.advance_stage(
                actor=actor, review=review, stage=d["stage"], on=d["on"], note=d["note"]
            ),
        ),
        "reopen": (
            forms.ReopenForm(post, prefix="reopen"),
            lambda d: services.reopen_stage(actor=actor, review=review, stage=d["stage"], reason=d["reason"]),
        ),
        "delay": (
            forms.DelayForm(post, prefix="delay"),
            lambda d: services.record_delay(actor=actor, review=review, **d),
        ),
        "suspend": (
            forms.ReasonForm(post),
            lambda d: services.suspend_review(actor=actor, review=review, reason=d["reason"]),
        ),
        "resume": (
            forms.ReasonForm(post),
            lambda d: services.resume_review(actor=actor, review=review, reason=d["reason"]),
        ),
        "focal-point": (
            forms.FocalPointForm(post, prefix="focal", state_id=review.state_id),
            lambda d: services.set_focal_point(actor=actor, review=review, user=d["user"]),
        ),
        "expert": (
            forms.ExpertForm(post, prefix="expert", reviewer_ids=[s.pk for s in review.reviewers]),
            lambda d: services.assign_expert(actor=actor, review=review, user=d["user"]),
        ),
        "dialogue": (
            forms.DialogueForm(post, prefix="dialogue"),
            lambda d: services.record_direct_dialogue(actor=actor, review=review, **d),
        ),
        "languages": (
            forms.LanguagesForm(post, prefix="languages"),
            lambda d: services.set_languages(actor=actor, review=review, languages=d["languages"]),
        ),
        "consent": (
            forms.ConsentForm(post, prefix="consent"),
            lambda d: services.record_report_consent(
                actor=actor, review=review, consent=d["consent"], reason=d["reason"]
            ),
        ),
        "publish-summary": (
            forms.PublishForm(post),
            lambda d: services.publish(
                actor=actor, review=review, what=services.Publication.EXECUTIVE_SUMMARY, on=d["on"]
            ),
        ),
        "publish-report": (
            forms.PublishForm(post),
            lambda d: services.publish(
                actor=actor, review=review, what=services.Publication.COUNTRY_REPORT, on=d["on"]
            ),
        ),
    }
    if action not in handlers:
        raise Http404
    error = _run(*handlers[action])
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("reviews:workflow", cycle=cycle, iso3=review.state.iso3)


# --- deadlines and the calendar feed ------------------------------------------------------------


@login_required
def my_deadlines(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.issue_calendar_feed(actor=request.user)
        messages.success(request, _("A new calendar address was made; the previous one no longer works."))
        return redirect("reviews:deadlines")
    token = selectors.calendar_feed_token(request.user)
    # The feed holds the user's sessions too: it is answered by the pages of no single app (irm.web).
    feed_url = request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": token})) if token else ""
    deadlines = selectors.deadlines_for(request.user)
    today = timezone.localdate()
    return render(
        request,
        "reviews/deadlines.html",
        {
            "deadlines": [
                (r, m, (today - m.due_on).days if m.due_on and m.due_on < today else 0) for r, m in deadlines
            ],
            "feed_url": feed_url,
        },
    )


@public_page
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The first address of the personal feed: calendars subscribed to it are sent to the one that
    holds the deadlines and the sessions (`irm.web.calendar`)."""
    if selectors.calendar_feed_owner(token) is None:
        raise Http404
    return HttpResponsePermanentRedirect(reverse("calendar-feed", kwargs={"token": token}))
