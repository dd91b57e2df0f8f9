"""Pages of the drawing of lots: the public page of a cycle, and the secretariat's live draw."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from irm.core.exceptions import DomainError
from irm.cycles.models import Cycle
from irm.lots import permissions, selectors, services
from irm.lots.models import Draw
from irm.parties.models import State

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


def cycle_page(request: HttpRequest, number: int) -> HttpResponse:
    """Year groups, pairings and every draw with its seed: public."""
    cycle = _cycle(number)
    draws = permissions.visible_to(request.user).filter(cycle=cycle).select_related("state").order_by("id")
    return render(
        request,
        "lots/cycle.html",
        {
            "cycle": cycle,
            "groups": selectors.year_groups(cycle),
            "draws": [(d, permissions.can_view_reason(request.user, d)) for d in draws],
            "can_run": permissions.can_run_draw(request.user, cycle),
        },
    )


def _live_context(request: HttpRequest, cycle: Cycle, year: int) -> dict:
    return {
        "groups_drawn": Draw.objects.filter(cycle=cycle, kind=Draw.Kind.YEAR_GROUPS).exists(),
        "cycle": cycle,
        "year": year,
        "years": range(1, cycle.years + 1),
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
    year = min(max(year, 1), cycle.years)
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
            error = exc.message
    context = _live_context(request, cycle, year)
    code = request.POST.get("state", "")
    state = State.objects.filter(iso3=code).first() if code else None
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
            error = exc.message
    context = _live_context(request, cycle, year)
    result = None
    if draw is not None and state is not None:
        codes = draw.result["pairs"][state.iso3]
        names = {s.iso3: s for s in State.objects.filter(iso3__in=codes)}
        result = {"state": state, "reviewers": [names[c] for c in codes], "draw": draw}
    context.update({"result": result, "error": error, "problems": problems})
    template = "lots/_live_panel.html" if request.headers.get("HX-Request") else "lots/live.html"
    return render(request, template, context)
