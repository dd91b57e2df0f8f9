"""The re-draw form picks reviewing States by name and regional group (issue 17 §7): names, never codes;
region names; without script a plain list of check boxes, with web/picker.js a filter and chips."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from irm.lots.models import RedrawRequest
from irm.lots.tests.test_services import _drawn_review

pytestmark = pytest.mark.django_db


def _visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_picker_names_states_and_regions_and_loads_its_script(client, secretariat, cycle2):
    review = _drawn_review(secretariat, cycle2)
    client.force_login(secretariat)
    html = client.get(reverse("lots:redraw-requests", args=[2])).text
    start = html.index('id="redraw-request"')
    form = html[start : html.index("</form>", start)]
    reviewer = review.reviewer_2
    assert f"{reviewer.name} — reviewing {review.state.name}" in form
    assert f'data-region="{reviewer.get_regional_group_display()}"' in form
    assert f'data-reviews="{review.pk}' in form or f' {review.pk}"' in form
    assert 'data-picker-follow="#id_review"' in form and "data-picker-tools hidden" in form
    assert reviewer.iso3 not in _visible(form)  # the code is only the check box's value
    assert "web/picker.js" in html


def test_requests_name_the_states_to_replace(client, secretariat, focal_kenya, cycle2):
    review = _drawn_review(secretariat, cycle2)
    client.force_login(focal_kenya)
    url = reverse("lots:redraw-requests", args=[2])
    client.post(url, {"review": str(review.pk), "replace": [review.reviewer_2.iso3], "reason": "Conflict"})
    assert RedrawRequest.objects.exists()
    table = client.get(url).text.split('id="redraw-requests"')[1]
    assert str(review.reviewer_2.name) in table
    assert review.reviewer_2.iso3 not in _visible(table) and review.state.iso3 not in _visible(table)
