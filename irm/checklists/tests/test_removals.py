"""Undoing parts of an answer: an assignment, an attachment, a stakeholder — audited, and only by those
who may."""

from __future__ import annotations

import pytest

from irm.checklists import permissions, services
from irm.checklists.models import Assignment, Attachment, Stakeholder
from irm.checklists.tests.conftest import article, question
from irm.core.exceptions import PermissionDenied
from irm.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_focal_point_takes_an_article_back_from_a_contributor(checklist, cast):
    fp, contributor = cast["fp-kenya"], cast["contrib-kenya"]
    services.assign_article(actor=fp, checklist=checklist, article=article(5), user=contributor)
    with pytest.raises(PermissionDenied):
        services.unassign_article(
            actor=contributor, checklist=checklist, article=article(5), user=contributor
        )
    assert permissions.can_view_article(contributor, checklist, article(5))
    services.unassign_article(actor=fp, checklist=checklist, article=article(5), user=contributor)
    assert not Assignment.objects.filter(checklist=checklist).exists()
    assert not permissions.can_view_article(contributor, checklist, article(5))
    event = AuditEvent.objects.get(action="checklists.article_unassigned")
    assert event.before == {"article": 5, "user": "contrib-kenya"} and event.actor == fp


def test_an_attachment_is_removed_with_an_audit_event(checklist, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fp = cast["fp-kenya"]
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    saved = services.upload_attachment(
        actor=fp,
        checklist=checklist,
        question=question(checklist, "a5-documents"),
        filename="law.pdf",
        content=pdf,
    )
    with pytest.raises(PermissionDenied):
        services.delete_attachment(actor=cast["expert-nzl"], attachment=saved)
    assert Attachment.objects.filter(pk=saved.pk).exists()
    services.delete_attachment(actor=fp, attachment=saved)
    assert not Attachment.objects.filter(pk=saved.pk).exists()
    assert AuditEvent.objects.get(action="checklists.attachment_removed").before == {"filename": "law.pdf"}


def test_a_stakeholder_is_removed_by_the_focal_point_only(checklist, cast):
    fp = cast["fp-kenya"]
    stakeholder = services.add_stakeholder(
        actor=fp, checklist=checklist, name="Transparency Kenya", kind=Stakeholder.Kind.CIVIL_SOCIETY
    )
    with pytest.raises(PermissionDenied):
        services.delete_stakeholder(actor=cast["contrib-kenya"], stakeholder=stakeholder)
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()
    services.delete_stakeholder(actor=fp, stakeholder=stakeholder)
    assert not Stakeholder.objects.filter(checklist=checklist).exists()
    assert AuditEvent.objects.get(action="checklists.stakeholder_removed").before == {
        "name": "Transparency Kenya"
    }
