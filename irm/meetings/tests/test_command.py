"""`irm meetings`: the ordered list and the rotation proposal as JSON; closing an item refused early."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from irm.meetings import services
from irm.meetings.models import Rank

pytestmark = pytest.mark.django_db


def test_speakers_and_rotation_as_json(run_irm, secretariat, open_list, party):
    for iso3, rank, minutes in [("KEN", Rank.OFFICIAL, 30), ("BRA", Rank.MINISTER, 20)]:
        services.request_to_speak(
            actor=secretariat,
            speakers_list=open_list,
            delegation=party(iso3),
            speaker_name="S",
            rank=rank,
            received_at=timezone.now() - timedelta(minutes=minutes),
        )
    slug = open_list.session.slug
    data = json.loads(run_irm("meetings", "speakers", slug, "--item", "1 (f)", "--format", "json"))
    assert [s["iso3"] for s in data["speakers"]] == ["BRA", "KEN"]
    assert "巴西" in run_irm(
        "meetings", "speakers", slug, "--item", "1(f)", "--format", "csv", "--lang", "zh"
    )
    rotation = json.loads(run_irm("meetings", "rotation", slug, "--format", "json"))
    assert rotation["host_practice"]["state"] == "USA"
    assert slug in run_irm("meetings", "sessions")
    with pytest.raises(CommandError, match="item_not_due"):
        run_irm("meetings", "close-item", slug, "--item", "1 (f)")
