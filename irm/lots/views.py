"""Pages of the drawing of lots: the public page of a cycle, and the secretariat's live draw."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from irm.core.errors import flash_error, form_error, message_of
from irm.core.exceptions import DomainError
from irm.core.middleware import public_page
from irm.cycles.models import Cycle
from irm.lots import exports, permissions, selectors, services
from irm.lots.forms import RedrawDecisionForm, RedrawRequestForm
from irm.lots.models import Draw, RedrawRequest
from irm.parties import selectors as party_selectors
from irm.reviews.models import Review

#: The engine's rule names, as shown to people.
RULE_LABELS = {
    "two_reviewers": _("Two distinct reviewing States"),
    "same_region": _("A reviewer from the same regional group"),
    "no_reciprocal": _("No reciprocal reviews"),
    "cap": _("Maximum number of reviews per reviewing State"),
    "search_limit": _("The search gave up"),
}


def _cycle(number: int) -> Cycle:
    cycle = Cycle.objects.filter(number=number).first()
    if cycle is None:
        raise Http404
    return cycle


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "lots/index.html", {"cycles": Cycle.objects.all()})


#: The orders of the list of pairings, as links (`?sort=`), by the column they sort.
SORT_LABELS = {
    "state": _("State under review"),
    "reviewers": _("Reviewing States"),
    "region": _("Regional group"),
    "year": _("Year"),
}


def _sort(request: HttpRequest) -> str:
    sort = request.GET.get("sort", "year")
    return sort if sort in selectors.PAIRING_SORTS else "year"


@public_page
def cycle_page(request: HttpRequest, number: int) -> HttpResponse:
    """Year groups, pairings (sortable, exportable) and every draw with its seed: public."""
    cycle = _cycle(number)
    sort = _sort(request)
    draws = permissions.visible_to(request.user).filter(cycle=cycle).select_related("state").order_by("id")
    return render(
        request,
        "lots/cycle.html",
        {
            "cycle": cycle,
            "groups": selectors.year_groups(cycle) if sort == "year" else [],
            "rows": selectors.sorted_pairings(cycle, sort) if sort != "year" else [],
            "sort": sort,
            "sorts": list(SORT_LABELS.items()),
            "draws": [(d, permissions.can_view_reason(request.user, d)) for d in draws],
            "can_run": permissions.can_run_draw(request.user, cycle),
            "can_redraw": permissions.is_secretariat_user(request.user)
            or bool(permissions.focal_point_state_ids(request.user)),
            "pending_redraws": permissions.redraw_requests_visible_to(request.user)
            .filter(cycle=cycle, status="pending")
            .count()
            if request.user.is_authenticated
            else 0,
        },
    )


@public_page
def pairings_export(request: HttpRequest, number: int, fmt: str) -> HttpResponse:
    """The pairings of a cycle as CSV, XLSX or JSON, in the page's order (`?sort=`): public."""
    if fmt not in exports.CONTENT_TYPES:
        raise Http404
    cycle = _cycle(number)
    content = exports.render(cycle, selectors.sorted_pairings(cycle, _sort(request)), fmt)
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="irm-pairings-cycle-{cycle.number}.{fmt}"'
    return response


def _live_context(request: HttpRequest, cycle: Cycle, year: int) -> dict:
    return {
        "groups_drawn": Draw.objects.filter(cycle=cycle, kind=Draw.Kind.YEAR_GROUPS).exists(),
        "cycle": cycle,
        "year": year,
        # Late joiners may be placed after the cycle's years: every year that has States can be drawn.
        "years": range(1, selectors.last_year(cycle) + 1),
        "pending": selectors.pending_states(cycle, year),
        "drawn": [
            row for row in selectors.pairings(cycle) if row["year"] == year and len(row["reviewers"]) == 2
        ],
    }


@login_required
def live(request: HttpRequest, number: int) -> HttpResponse:
    """The live draw at a session: one State at a time, big enough for a screen in the room."""
    cycle = _cycle(number)
    if not permissions.can_run_draw(request.user, cycle):
        raise Http404
    try:
        year = int(request.GET.get("year", "1"))
    except ValueError:
        year = 1
    year = min(max(year, 1), selectors.last_year(cycle))
    return render(request, "lots/live.html", _live_context(request, cycle, year))


@login_required
@require_POST
def live_draw(request: HttpRequest, number: int) -> HttpResponse:
    """Draw the next State (or the State chosen) of the year; answers the htmx fragment."""
    cycle = _cycle(number)
    if not permissions.can_run_draw(request.user, cycle):
        raise Http404
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        raise Http404 from None
    draw: Draw | None = None
    error = ""
    problems: list[tuple[object, tuple[str, ...]]] = []
    if request.POST.get("action") == "year_groups" or not selectors.cycle_reviews(cycle).exists():
        try:
            services.draw_year_groups(actor=request.user, cycle=cycle)
        except DomainError as exc:
            error = message_of(exc)
    context = _live_context(request, cycle, year)
    code = request.POST.get("state", "")
    state = party_selectors.state_by_iso3(code)
    if state is None and context["pending"]:
        state = context["pending"][0].state
    if state is None or request.POST.get("action") == "year_groups":
        error = error or "done"
    else:
        try:
            draw = services.draw_reviewers(actor=request.user, cycle=cycle, year=year, states=[state])
        except services.DrawImpossible as exc:
            error = str(_("No draw satisfies the rules."))
            problems = [(RULE_LABELS.get(p.rule, p.rule), p.states) for p in exc.problems]
        except DomainError as exc:
            error = message_of(exc)
    context = _live_context(request, cycle, year)
    result = None
    if draw is not None and state is not None:
        codes = draw.result["pairs"][state.iso3]
        names = party_selectors.states_by_iso3(codes)
        result = {"state": state, "reviewers": [names[c] for c in codes], "draw": draw}
    context.update({"result": result, "error": error, "problems": problems})
    template = "lots/_live_panel.html" if request.headers.get("HX-Request") else "lots/live.html"
    return render(request, template, context)


# --- re-draw requests ------------------------------------------------------------------------


def _requestable_reviews(request: HttpRequest, cycle: Cycle) -> list[Review]:
    """Reviews of this cycle, with reviewers drawn, for which the user may ask a re-draw."""
    reviews = Review.objects.filter(cycle=cycle, reviewer_1__isnull=False).select_related(
        "state", "reviewer_1", "reviewer_2"
    )
    if not permissions.is_secretariat_user(request.user):
        reviews = reviews.filter(state_id__in=permissions.focal_point_state_ids(request.user))
    return list(reviews.order_by("state__name_en"))


def _with_names(requests: list[RedrawRequest]) -> list[tuple[RedrawRequest, list[str]]]:
    """Each request with the names of the reviewing States it would replace (never their codes)."""
    states = party_selectors.states_by_iso3({code for r in requests for code in r.replace})
    return [(r, [str(states[c].name) if c in states else c for c in r.replace]) for r in requests]


@login_required
def redraw_requests(request: HttpRequest, number: int) -> HttpResponse:
    """A State's focal point asks for a re-draw; the secretariat decides. Reasons stay within that circle."""
    cycle = _cycle(number)
    reviewable = _requestable_reviews(request, cycle)
    visible = permissions.redraw_requests_visible_to(request.user).filter(cycle=cycle)
    if not reviewable and not visible.exists() and not permissions.is_secretariat_user(request.user):
        raise Http404
    form = RedrawRequestForm(request.POST or None, reviews=reviewable)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            review = form.cleaned_data["review"]
            try:
                services.request_redraw(
                    actor=request.user,
                    cycle=cycle,
                    state=review.state,
                    replace=list(party_selectors.states_by_iso3(form.cleaned_data["replace"]).values()),
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                status = form_error(form, exc)
            else:
                messages.success(request, _("Your request was sent to the secretariat."))
                return redirect("lots:redraw-requests", number=number)
    return render(
        request,
        "lots/redraw_requests.html",
        {
            "cycle": cycle,
            "form": form if reviewable else None,
            "requests": _with_names(list(visible.select_related("state", "draw"))),
            "can_decide": permissions.is_secretariat_user(request.user),
            "decision_form": RedrawDecisionForm(),
        },
        status=status,
    )


@login_required
@require_POST
def redraw_request_action(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    cycle = _cycle(number)
    redraw = permissions.redraw_requests_visible_to(request.user).filter(cycle=cycle, pk=pk).first()
    if redraw is None:
        raise Http404
    action = request.POST.get("action")
    try:
        if action in {"grant", "decline"}:
            services.decide_redraw(
                actor=request.user, request=redraw, grant=action == "grant", note=request.POST.get("note", "")
            )
            messages.success(
                request, _("Re-draw done.") if action == "grant" else _("The request was declined.")
            )
        elif action == "withdraw":
            services.withdraw_redraw_request(actor=request.user, request=redraw)
            messages.success(request, _("The request was withdrawn."))
        else:
            raise Http404
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("lots:redraw-requests", number=number)
