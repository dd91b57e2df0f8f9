"""The re-draw picker in a real browser: filter by name and region, chips that remove a choice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from irm.accounts.models import Role
from irm.lots.tests.conftest import make_user
from irm.lots.tests.test_services import _drawn_review


@pytest.mark.browser
def test_the_secretariat_finds_a_reviewing_state_by_name_and_removes_a_chip(page, login, transactional_db):
    from playwright.sync_api import expect

    from irm.cycles.models import Cycle

    reverse("lots:index")
    secretariat = make_user("sec-pick", Role.SECRETARIAT, password="pick-demo")
    review = _drawn_review(secretariat, Cycle.objects.get(number=2))
    reviewer, other = review.reviewer_2, review.reviewer_1
    login(page, "sec-pick", "pick-demo")
    page.goto("/lots/cycle/2/redraw/")
    expect(page.locator("[data-picker-tools]")).to_be_visible()
    page.fill("#id_replace_filter", str(reviewer.name)[:5].lower())
    expect(page.locator(f'[data-picker-item][data-name="{reviewer.name}"]')).to_be_visible()
    page.check(f'input[value="{reviewer.iso3}"]')
    chip = page.locator(f'[data-picker-chip="{reviewer.iso3}"]')
    expect(chip).to_contain_text(str(reviewer.name))
    page.fill("#id_replace_filter", "")
    page.select_option("#id_replace_region", label=other.get_regional_group_display())
    expect(page.locator(f'[data-picker-item][data-name="{other.name}"]')).to_be_visible()
    chip.click()
    expect(page.locator(f'input[value="{reviewer.iso3}"]')).not_to_be_checked()
    expect(page.locator("[data-picker-chips] button")).to_have_count(0)
