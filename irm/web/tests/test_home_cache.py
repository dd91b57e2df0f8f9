"""The home page's figures are kept per content version (irm/core/content_cache.py): a stage marked
done through the workflow shows on the secretariat's board at once."""

from __future__ import annotations

import pytest

from irm.cycles.models import Cycle
from irm.parties.models import State
from irm.reviews import services
from irm.reviews.models import Review, Stage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_caching")]


def _row(label: str, count: int) -> str:
    return f'<th scope="row" class="fw-normal">{label}</th><td class="num">{count}</td>'


def test_a_stage_done_shows_at_once_on_the_cached_board(client, cast):
    review = Review.objects.create(
        cycle=Cycle.objects.order_by("-number")[0], state=State.objects.get(iso3="KEN"), year=1
    )
    client.force_login(cast["secretariat"])
    drawn = str(Stage(review.stage).label)
    assert _row(drawn, 1) in client.get("/").content.decode()
    assert _row(drawn, 1) in client.get("/").content.decode()  # the kept board
    review = services.advance_stage(actor=cast["secretariat"], review=review)
    page = client.get("/").content.decode()
    assert _row(drawn, 0) in page and _row(str(Stage(review.stage).label), 1) in page
