"""Keep the need-count cache current when findings change (see models.py and services.py).

A single finding saved, deleted or relinked: its review's stamp goes, and the next reader recounts that
review alone. Findings written in bulk (`irm.findings.signals.findings_written`, sent inside the writing
transaction): their reviews are recounted there and then, so a reader after a large import or the
demo's load finds the counts ready. No business logic runs in these receivers.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from irm.findings.models import Finding, FindingType
from irm.findings.signals import findings_written


def _forget(review_ids: Any) -> None:
    from irm.analysis.models import NeedCountStamp

    NeedCountStamp.objects.filter(review_id__in=list(review_ids)).delete()


def finding_changed(sender: Any, instance: Finding, **kwargs: Any) -> None:
    if instance.review_id:
        _forget([instance.review_id])


def links_changed(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
    if not action.startswith("post_") and action != "pre_clear":
        return
    if not reverse:
        _forget([instance.review_id])
    elif action == "pre_clear":  # an article or category loses all its findings: rare, forget everything
        from irm.analysis.models import NeedCountStamp

        NeedCountStamp.objects.all().delete()
    elif pk_set:
        _forget(Finding.objects.filter(pk__in=pk_set).values("review_id"))


def findings_written_in_bulk(sender: Any, review_ids: Any, types: Any, **kwargs: Any) -> None:
    if FindingType.TA_NEED.value not in {str(t) for t in types}:
        return
    from irm.analysis.services import refresh_need_counts

    refresh_need_counts(review_ids=sorted(review_ids))


def connect() -> None:
    findings_written.connect(findings_written_in_bulk, dispatch_uid="analysis-findings-written")
    post_save.connect(finding_changed, sender=Finding, dispatch_uid="analysis-finding-saved")
    post_delete.connect(finding_changed, sender=Finding, dispatch_uid="analysis-finding-deleted")
    for through in (Finding.articles.through, Finding.categories.through):
        m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"analysis-{through.__name__}")
