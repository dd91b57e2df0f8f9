"""The bulk services the demo loads its published findings with (issue 18 §4): rows inserted below the
ORM (irm/core/bulk.py), an existing row kept as it is, every column as the ORM would have written it."""

from __future__ import annotations

import pytest

from irm.core.models import AuditEvent
from irm.findings import services as finding_services
from irm.findings.models import FindingTranslation, TranslationKind
from irm.findings.services import NewTranslation
from irm.public.tests.conftest import finding, review_of
from irm.themes import services
from irm.themes.models import FindingTag, TagKind, TagOrigin, TagStatus

pytestmark = pytest.mark.django_db


def test_confirmed_tags_are_recorded_at_once_and_existing_ones_kept(cast):
    review = review_of("FRA", ("DEU", "ITA"))
    first = finding(review, "observation", "Procurement is electronic.", articles=[9])
    second = finding(review, "challenge", "Whistle-blowers lack protection.", articles=[33])
    rows: list[tuple[int, str, str]] = [
        (first.pk, TagKind.THEME, "sdg_16_5"),
        (second.pk, TagKind.THEME, "sdg_16_5"),
    ]
    assert services.record_confirmed_tags(actor=None, rows=rows[:1], reason="test") == 1
    assert services.record_confirmed_tags(actor=cast["secretariat"], rows=rows, reason="test") == 1
    tags = {t.finding_id: t for t in FindingTag.objects.filter(finding__in=[first, second])}
    assert tags[first.pk].decided_by is None  # the first, by the system, kept as it was
    assert tags[second.pk].decided_by == cast["secretariat"]
    assert tags[second.pk].status == TagStatus.CONFIRMED and tags[second.pk].origin == TagOrigin.DEMO
    assert tags[second.pk].created_at is not None and tags[second.pk].decided_at is not None
    assert tags[second.pk].model_version == "" and tags[second.pk].score is None
    assert AuditEvent.objects.filter(action="themes.tags_recorded").count() == 2


def test_translations_are_added_at_once_and_an_existing_one_kept(cast):
    review = review_of("FRA", ("DEU", "ITA"))
    found = finding(review, "observation", "Procurement is electronic.", articles=[9])
    added = finding_services.add_translations(
        actor=None, translations=[NewTranslation(found.pk, "fr", "Les marchés sont électroniques.")]
    )
    again = finding_services.add_translations(
        actor=cast["secretariat"],
        translations=[
            NewTranslation(found.pk, "fr", "Autre texte."),
            NewTranslation(found.pk, "zh", " 采购是电子化的。 ", kind=TranslationKind.MACHINE, reviewed=True),
        ],
    )
    assert (added, again) == (1, 1)
    texts = {t.language: t for t in FindingTranslation.objects.filter(finding=found)}
    assert texts["fr"].text == "Les marchés sont électroniques."
    assert texts["zh"].text == "采购是电子化的。" and texts["zh"].kind == TranslationKind.MACHINE
    assert texts["zh"].reviewed is True and texts["zh"].updated_at is not None
