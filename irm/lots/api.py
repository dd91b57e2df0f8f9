"""The public API of the drawing of lots: pairings and draws (with their seeds) per cycle."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from irm.core.api_schemas import ErrorOut, Int
from irm.core.exceptions import NotFound
from irm.cycles.models import Cycle
from irm.lots import permissions, selectors

router = Router()


class PairingOut(Schema):
    state: str
    year: int | None
    reviewers: list[str]


class DrawOut(Schema):
    id: int
    kind: str
    year: int | None
    state: str | None
    seed: int | None
    algorithm: str
    digest: str
    created_at: datetime


def _cycle(number: int) -> Cycle:
    cycle = Cycle.objects.filter(number=number).first()
    if cycle is None:
        raise NotFound(f"No cycle {number}.")
    return cycle


@router.get("/cycles/{number}/pairings", response={200: list[PairingOut], 404: ErrorOut})
def cycle_pairings(request: HttpRequest, number: Int):
    """Every State under review in the cycle with its year and reviewing States (ISO3 codes)."""
    return [
        PairingOut(state=row["state"], year=row["year"], reviewers=row["reviewers"])
        for row in selectors.pairings(_cycle(number))
    ]


@router.get("/cycles/{number}/draws", response={200: list[DrawOut], 404: ErrorOut})
def cycle_draws(request: HttpRequest, number: Int):
    """The recorded draws of the cycle: kind, seed, algorithm and digest (re-run them with `irm lots verify`)."""
    draws = permissions.visible_to(request.user).filter(cycle=_cycle(number)).select_related("state")
    return [
        DrawOut(
            id=d.pk,
            kind=d.kind,
            year=d.year,
            state=d.state.iso3 if d.state else None,
            seed=d.seed,
            algorithm=d.algorithm,
            digest=d.digest,
            created_at=d.created_at,
        )
        for d in draws.order_by("id")
    ]
