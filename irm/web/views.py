from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from irm.convention.selectors import chapters_with_articles
from irm.cycles.models import Cycle
from irm.parties import permissions as party_permissions
from irm.parties.models import RegionalGroup


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"cycles": Cycle.objects.all()})


def party_list(request: HttpRequest) -> HttpResponse:
    states = party_permissions.visible_to(request.user)
    region = request.GET.get("region", "")
    if region:
        states = states.filter(regional_group=region)
    return render(
        request,
        "web/party_list.html",
        {"states": states, "regions": RegionalGroup.choices, "region": region},
    )


def party_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    state = party_permissions.visible_to(request.user).filter(iso3=iso3.upper()).first()
    if state is None:
        raise Http404
    return render(request, "web/party_detail.html", {"state": state})


def convention(request: HttpRequest) -> HttpResponse:
    return render(request, "web/convention.html", {"chapters": chapters_with_articles()})


def cycle_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/cycle_list.html", {"cycles": Cycle.objects.prefetch_related("chapters")})


def cycle_detail(request: HttpRequest, number: int) -> HttpResponse:
    cycle = (
        Cycle.objects.filter(number=number)
        .prefetch_related("articles", "ta_categories", "extensions")
        .first()
    )
    if cycle is None:
        raise Http404
    return render(request, "web/cycle_detail.html", {"cycle": cycle})
