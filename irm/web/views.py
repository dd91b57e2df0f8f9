"""The public and per-role pages: thin views over `irm.web.selectors` and the apps' permissions."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from irm.accounts.models import Role
from irm.accounts.roles import is_secretariat, primary_role
from irm.core.content_cache import cached_for_public, per_content_version
from irm.core.middleware import public_page
from irm.cycles.models import THRESHOLD_SOURCE, Cycle
from irm.parties import permissions as party_permissions
from irm.parties import selectors as party_selectors
from irm.parties.models import RegionalGroup
from irm.reviews import permissions as review_permissions
from irm.reviews import selectors as review_selectors
from irm.web import homes, selectors

STATE_ROLES = (Role.FOCAL_POINT.value, Role.CONTRIBUTOR.value)


@cached_for_public
def home(request: HttpRequest) -> HttpResponse:
    role = primary_role(request.user)
    # The public figures, and the secretariat's board, are the same for all who see them: kept per
    # content version (and day: overdue steps count days).
    context: dict = {
        "role": role,
        "public": per_content_version("public-dashboard", (), selectors.public_dashboard),
    }
    if role == Role.SECRETARIAT:
        context["board"] = per_content_version("secretariat-board", (), selectors.secretariat_dashboard)
        context["totp_missing"] = not getattr(request.user, "totp_enabled", False)
        context["sessions"] = homes.coming_sessions(request.user)
    elif role in STATE_ROLES:
        context["own_reviews"] = selectors.own_state_reviews(request.user)
        context["home"] = homes.state_home(request.user, context["own_reviews"])
        if role == Role.CONTRIBUTOR:
            context["home"].update(homes.contributor_home(request.user))
    elif role == Role.EXPERT:
        context["assigned_reviews"] = selectors.assigned_reviews(request.user)
        context["home"] = homes.expert_home(request.user, context["assigned_reviews"])
    elif role == Role.DELEGATE:
        context["home"] = homes.delegate_home(request.user)
    elif role == Role.OBSERVER:
        context["sessions"] = homes.coming_sessions(request.user)
    elif role == Role.DONOR:
        context["home"] = homes.donor_home(request.user)
    token = review_selectors.calendar_feed_token(request.user)
    context["calendar_url"] = reverse("calendar-feed", kwargs={"token": token}) if token else ""
    return render(request, "web/home.html", context)


@cached_for_public
def party_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    region = request.GET.get("region", "")
    if region not in RegionalGroup.values:
        region = ""
    status = request.GET.get("status", "")
    if status not in dict(selectors.STATUS_CHOICES):
        status = ""
    result = selectors.search_parties(request.user, query=query, region=region, status=status)
    return render(
        request,
        "web/party_list.html",
        {
            "result": result,
            "states": result.states,
            "regions": RegionalGroup.choices,
            "statuses": selectors.STATUS_CHOICES,
            "query": query,
            "region": region,
            "status": status,
            "filtered": bool(query or region or status),
        },
    )


@public_page
def party_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    state = party_permissions.visible_to(request.user).filter(iso3=iso3.upper()).first()
    if state is None:
        raise Http404
    names = [
        (code, label, getattr(state, f"name_{suffix}"), getattr(state, f"formal_name_{suffix}"))
        for code, label, suffix in [
            ("en", "English", "en"),
            ("zh-Hans", "中文", "zh"),
            ("ar", "العربية", "ar"),
            ("fr", "Français", "fr"),
            ("ru", "Русский", "ru"),
            ("es", "Español", "es"),
        ]
    ]
    return render(
        request,
        "web/party_detail.html",
        {
            "state": state,
            "names": names,
            "aliases": [a.alias for a in state.aliases.order_by("alias")],
            "unverified": {s.field for s in party_selectors.unverified_values(state)},
            "can_correct": is_secretariat(request.user),
            "reviews": selectors.party_reviews(state),
            "reviewing": selectors.reviews_by_state_as_reviewer(state),
        },
    )


def convention(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/convention.html",
        {"chapters": selectors.convention_browser(), "cycles": Cycle.objects.all()},
    )


def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = Cycle.objects.prefetch_related("chapters", "extensions")
    return render(request, "web/cycle_list.html", {"cycles": cycles})


@public_page
def cycle_detail(request: HttpRequest, number: int) -> HttpResponse:
    cycle = selectors.cycle_with_details(number)
    if cycle is None:
        raise Http404
    articles_by_chapter: dict = {}
    for article in cycle.articles.all():
        articles_by_chapter.setdefault(article.chapter, []).append(article)
    return render(
        request,
        "web/cycle_detail.html",
        {
            "cycle": cycle,
            "articles_by_chapter": sorted(articles_by_chapter.items(), key=lambda item: item[0].number),
            "extensions": list(cycle.extensions.all()),
            "stage_counts": selectors.cycle_stage_counts(cycle),
            "threshold_percent": cycle.completion_threshold * 100,
            "threshold_source": THRESHOLD_SOURCE,
            "year_shares": [(i + 1, share * 100) for i, share in enumerate(cycle.year_shares or [])],
            "can_edit_reminders": review_permissions.can_edit_reminders(request.user),
        },
    )
