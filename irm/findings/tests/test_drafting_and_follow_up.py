"""Drafting (freeze, versions with a reason, translations, comments) and the follow-up flow."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from irm.core.exceptions import Conflict, InvalidInput
from irm.core.models import AuditEvent
from irm.findings import selectors, services
from irm.findings.models import FindingVersion
from irm.findings.tests.conftest import agree_summary, make_review

pytestmark = pytest.mark.django_db


def test_expert_drafts_and_the_state_comments(cast, review):
    finding = services.create_finding(
        actor=cast["expert-nzl"],
        review=review,
        type="challenge",
        articles=[9],
        text="Procurement is not audited.",
    )
    assert finding.chapter is not None and finding.chapter.number == 2 and finding.version == 1
    services.add_comment(actor=cast["fp-kenya"], finding=finding, text="An audit law passed in 2022.")
    services.update_finding(actor=cast["expert-nzl"], finding=finding, text="Procurement is rarely audited.")
    finding.refresh_from_db()
    assert finding.version == 2 and not FindingVersion.objects.exists()  # drafts change freely
    assert AuditEvent.objects.filter(action="findings.update", object_id=str(finding.pk)).exists()


def test_agreed_findings_are_frozen_and_later_edits_need_a_reason_and_keep_a_version(cast, review):
    finding = services.create_finding(
        actor=cast["expert-nzl"], review=review, type="observation", text="Agreed text."
    )
    agree_summary(review)
    assert services.freeze_findings(actor=cast["secretariat"], review=review) == 1
    with pytest.raises(InvalidInput):
        services.update_finding(actor=cast["secretariat"], finding=finding, text="Changed text.")
    finding.refresh_from_db()
    assert finding.text == "Agreed text."
    services.update_finding(
        actor=cast["secretariat"], finding=finding, text="Changed text.", reason="Corrigendum of 2023-05-02"
    )
    finding.refresh_from_db()
    version = FindingVersion.objects.get(finding=finding)
    assert (finding.text, finding.version) == ("Changed text.", 2)
    assert (version.version, version.snapshot["text"], version.reason) == (
        1,
        "Agreed text.",
        "Corrigendum of 2023-05-02",
    )
    with pytest.raises(Conflict):
        services.create_finding(
            actor=cast["secretariat"], review=review, type="observation", text="New after agreement."
        )
    with pytest.raises(Conflict):
        services.delete_finding(actor=cast["secretariat"], finding=finding)


def test_stale_edits_are_refused(cast, review):
    finding = services.create_finding(
        actor=cast["expert-nzl"], review=review, type="observation", text="One."
    )
    services.update_finding(actor=cast["secretariat"], finding=finding, text="Two.", expected_version=1)
    with pytest.raises(Conflict):
        services.update_finding(actor=cast["expert-nzl"], finding=finding, text="Three.", expected_version=1)


def test_needs_carry_all_their_categories_and_an_optional_primary(cast, review):
    need = services.create_finding(
        actor=cast["secretariat"],
        review=review,
        type="ta_need",
        chapter=2,
        text="Training and a law.",
        categories=["capacity_building", "legislative_assistance"],
        primary_category="legislative_assistance",
    )
    assert {c.code for c in need.categories.all()} == {"capacity_building", "legislative_assistance"}
    assert need.primary_category is not None and need.primary_category.code == "legislative_assistance"
    with pytest.raises(InvalidInput):
        services.create_finding(
            actor=cast["secretariat"],
            review=review,
            type="observation",
            text="x",
            categories=["capacity_building"],
        )
    with pytest.raises(InvalidInput):
        services.create_finding(
            actor=cast["secretariat"], review=review, type="ta_need", text="x", categories=["model_treaty"]
        )  # a cycle-1 category


def test_translations_are_marked_human_or_machine_and_reviewed(cast, review):
    finding = services.create_finding(
        actor=cast["secretariat"], review=review, type="observation", text="Text."
    )
    translation = services.set_translation(
        actor=cast["secretariat"], finding=finding, language="zh", text="文本。", kind="machine"
    )
    assert (translation.kind, translation.reviewed) == ("machine", False)
    services.mark_translation_reviewed(actor=cast["expert-nzl"], translation=translation)
    translation.refresh_from_db()
    assert translation.reviewed and translation.reviewed_by == cast["expert-nzl"]


@pytest.fixture
def recommendation(cast, review):
    challenge = services.create_finding(actor=cast["secretariat"], review=review, type="challenge", text="C.")
    rec = services.create_finding(
        actor=cast["secretariat"], review=review, type="recommendation", text="Do R.", answers=challenge
    )
    agree_summary(review)
    return rec


def test_follow_up_overview_per_state_and_count_of_states_in_a_period(cast, recommendation):
    other = make_review("FRA", reviewers=("NZL", "BRA"))
    rec2 = services.create_finding(actor=cast["secretariat"], review=other, type="recommendation", text="R2.")
    services.create_finding(actor=cast["secretariat"], review=other, type="recommendation", text="R3.")
    agree_summary(other)
    services.submit_follow_up(
        actor=cast["fp-kenya"],
        recommendation=recommendation,
        measures="m",
        status="implemented",
        reported_on=date(2024, 3, 1),
    )
    services.submit_follow_up(
        actor=cast["fp-france"],
        recommendation=rec2,
        measures="m",
        status="partially_implemented",
        reported_on=date(2025, 1, 10),
    )
    rows = {r.state.iso3: r for r in selectors.follow_up_overview(cycle_number=2)}
    assert (rows["KEN"].recommendations, rows["KEN"].reported, rows["KEN"].by_status) == (
        1,
        1,
        {"implemented": 1},
    )
    assert (rows["FRA"].recommendations, rows["FRA"].reported) == (2, 1)
    assert rows["FRA"].last_reported_on == date(2025, 1, 10)
    assert selectors.states_with_follow_up(start=date(2024, 1, 1), end=date(2024, 12, 31)) == 1
    assert selectors.states_with_follow_up(start=date(2024, 1, 1), end=date(2025, 12, 31)) == 2
    assert selectors.status_totals(cycle_number=2)["partially_implemented"] == 1
    client = Client()
    client.force_login(cast["secretariat"])
    data = client.get("/api/v1/findings/follow-up/overview?cycle=2&start=2024-01-01&end=2024-12-31").json()
    assert data["states_reporting_in_period"] == 1
    assert (
        "States submitted"
        in client.get("/findings/follow-up/?cycle=2&start=2024-01-01&end=2025-12-31").content.decode()
    )
    client.force_login(cast["fp-kenya"])
    assert client.get("/api/v1/findings/follow-up/overview?cycle=2").status_code == 403
    assert client.get("/findings/follow-up/").status_code == 404


def test_the_review_page_shows_how_far_the_findings_are_translated(cast, review, client):
    from irm.findings import selectors

    first = services.create_finding(actor=cast["secretariat"], review=review, type="observation", text="One.")
    second = services.create_finding(actor=cast["secretariat"], review=review, type="challenge", text="Two.")
    done = services.set_translation(actor=cast["secretariat"], finding=first, language="zh", text="一。")
    services.mark_translation_reviewed(actor=cast["secretariat"], translation=done)
    services.set_translation(
        actor=cast["secretariat"], finding=second, language="zh", text="二。", kind="machine"
    )
    services.set_translation(actor=cast["secretariat"], finding=first, language="fr", text="Un.")
    findings = list(selectors.findings_of(cast["secretariat"], review))
    coverage = {c.language: c for c in selectors.translation_coverage(findings)}
    assert list(coverage) == ["ar", "zh", "en", "fr", "ru", "es"]
    assert (coverage["en"].available, coverage["en"].reviewed, coverage["en"].complete) == (2, 2, True)
    assert (coverage["zh"].available, coverage["zh"].reviewed, coverage["zh"].machine) == (2, 1, 1)
    assert (coverage["fr"].available, coverage["ar"].available) == (1, 0)
    client.force_login(cast["secretariat"])
    page = client.get(f"/findings/reviews/{review.pk}/").content.decode()
    assert (
        'id="translation-coverage"' in page and "ready to issue" in page and "1 machine translation" in page
    )
