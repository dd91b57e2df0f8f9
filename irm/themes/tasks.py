"""Background work of the themes app (thin: the logic is in services)."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from irm.themes import selectors, services


@task()
def train_and_suggest(limit: int = 5000) -> dict[str, Any]:
    """Train the model on the confirmed findings, then suggest tags for published findings no one has
    looked at yet (no theme decided or suggested). Idempotent: a label is never suggested twice."""
    summary = services.train_model(actor=None)
    findings = selectors.untagged_published_findings()[:limit]
    summary["suggestions"] = services.suggest_for(findings=findings)
    return summary
