"""The public index follows publication, withdrawal and edits after commit (services → on_commit →
task), catches up with changes made around the services (`sync`), and the bulk files follow."""

from __future__ import annotations

import pytest
from django.test import Client

from irm.findings import services as finding_services
from irm.public import bulk, indexing
from irm.reviews import services as review_services
from irm.search.models import PublicEntry
from irm.themes import services as theme_services
from irm.themes.models import FindingTag, TagStatus

pytestmark = pytest.mark.django_db


def _count(**params) -> int:
    return Client().get("/api/v1/public/findings", params).json()["count"]


def test_publishing_a_summary_indexes_its_findings_and_rebuilds_the_bulk_files(
    world, cast, django_capture_on_commit_callbacks
):
    ken = world.reviews["KEN"]
    assert _count(state="KEN") == 0
    with django_capture_on_commit_callbacks(execute=True):
        review_services.publish(actor=cast["secretariat"], review=ken, what="executive_summary")
    assert _count(state="KEN") == 1
    assert _count(q="незаконное") == 1  # its Russian translation is searchable too
    manifest = bulk.manifest()
    assert manifest is not None and ken.pk in manifest.reviews and manifest.count == 7


def test_withdrawing_consent_removes_the_findings_from_the_index(
    world, cast, django_capture_on_commit_callbacks
):
    bra = world.reviews["BRA"]
    assert _count(state="BRA") == 1
    with django_capture_on_commit_callbacks(execute=True):
        review_services.record_report_consent(
            actor=cast["secretariat"], review=bra, consent=False, reason="test"
        )
    assert _count(state="BRA") == 0
    assert not PublicEntry.objects.filter(scope=indexing.scope(bra.pk)).exists()


def test_a_rolled_back_change_indexes_nothing(world, cast, django_capture_on_commit_callbacks):
    ken = world.reviews["KEN"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            from django.db import transaction

            with transaction.atomic():
                review_services.publish(actor=cast["secretariat"], review=ken, what="executive_summary")
                raise RuntimeError("abandon")
        except RuntimeError:
            pass
    assert callbacks == []
    assert _count(state="KEN") == 0


def test_an_edit_of_a_published_finding_is_searchable_after_commit(
    world, cast, django_capture_on_commit_callbacks
):
    finding = world.published[0]
    with django_capture_on_commit_callbacks(execute=True):
        finding_services.update_finding(
            actor=cast["secretariat"],
            finding=finding,
            text="France publishes tenders on a portal.",
            reason="typo",
        )
    assert _count(q="portal") == 1
    assert _count(q="contracts") == 0


def test_only_confirmed_tags_are_public_and_a_confirmation_shows_at_once(
    world, cast, django_capture_on_commit_callbacks
):
    suggested = FindingTag.objects.get(code="asset_return", status=TagStatus.SUGGESTED)
    assert _count(theme="asset_return") == 0
    with django_capture_on_commit_callbacks(execute=True):
        theme_services.confirm_tags(actor=cast["secretariat"], tags=[suggested])
    assert _count(theme="asset_return") == 1


def test_sync_catches_up_with_changes_made_around_the_services(world):
    from irm.findings.models import FindingTranslation

    FindingTranslation.objects.create(
        finding=world.published[1], language="es", text="Los denunciantes no están protegidos.", reviewed=True
    )
    assert _count(q="denunciantes") == 0
    assert indexing.sync() == 2  # France changed; Chile (withdrawn) removed
    assert _count(q="denunciantes") == 1
    assert not PublicEntry.objects.filter(scope=indexing.scope(world.reviews["CHL"].pk)).exists()
    assert indexing.sync() == 0  # in step: nothing to do


def test_rebuild_command_and_status(world, run_irm):
    assert "public: 6" in run_irm("search", "rebuild", "public")
    assert '"finding": 6' in run_irm("search", "status", "--format", "json")
