"""Every change to themes and finding tags (atomic, validated, each with an audit event).

A decided tag changes what the public record shows for its finding: each decision asks the search
index for a refresh of the finding after commit (irm.search.services.request_reindex).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from irm.convention.models import Article
from irm.core.audit import record_event
from irm.core.bulk import insert_new_rows
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.cycles.models import TACategory
from irm.findings.models import Finding
from irm.search.services import request_reindex
from irm.themes import permissions, selectors
from irm.themes.models import FindingTag, TagKind, TagOrigin, TagStatus, Theme
from irm.themes.suggest import Suggester

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
MAX_THEMES = 500


def load_reference_themes(*, actor: Any = None) -> dict[str, int]:
    """Create or update the themes from irm/themes/data/themes.csv (each row names its source)."""
    with (DATA / "themes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if len(rows) > MAX_THEMES:
        raise InvalidInput(f"themes.csv: {len(rows)} rows, at most {MAX_THEMES}.", code="too_many_rows")
    for number, row in enumerate(rows, start=2):
        for column in ("code", "kind", "name_en", "source"):
            if not (row.get(column) or "").strip():
                raise InvalidInput(f"themes.csv, row {number}, column {column}: empty.", code="missing_value")
        if row["kind"] not in Theme.Kind.values:
            raise InvalidInput(
                f"themes.csv, row {number}, column kind: {row['kind']!r}.", code="invalid_value"
            )
    with transaction.atomic():
        for row in rows:
            Theme.objects.update_or_create(
                code=row["code"].strip(),
                defaults={
                    "kind": row["kind"],
                    "order": int(row["order"] or 0),
                    "articles": row["articles"].strip(),
                    "source": row["source"].strip(),
                    **{f"name_{lang}": row[f"name_{lang}"].strip() for lang in LANGUAGES},
                },
            )
    return {"themes": len(rows)}


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _valid_code(kind: str, code: str, finding: Finding) -> bool:
    if kind == TagKind.ARTICLE:
        return code.isdigit() and Article.objects.filter(number=int(code)).exists()
    if kind == TagKind.CATEGORY:
        return TACategory.objects.filter(cycle_id=finding.review.cycle_id, code=code).exists()
    if kind == TagKind.THEME:
        return Theme.objects.filter(code=code).exists()
    return False


@transaction.atomic
def record_suggestions(*, suggester: Suggester, findings: Iterable[Finding]) -> int:
    """Store the model's suggestions for these findings (the system acts: no user).

    A label already on the finding (its articles or categories, or a tag in any status: a rejected
    suggestion is not suggested again) is skipped; categories only for technical-assistance needs.
    """
    chosen = list(findings)
    if not chosen:
        return 0
    documents = selectors.model_tokens(chosen)
    present = selectors.labels_present([f.pk for f in chosen])
    valid = selectors.valid_codes()
    rows = []
    for finding, suggestions in zip(chosen, suggester.suggest(documents), strict=True):
        for suggestion in suggestions:
            if suggestion.kind == TagKind.CATEGORY and finding.type != "ta_need":
                continue
            if suggestion.code in present.get(finding.pk, {}).get(suggestion.kind, set()):
                continue
            if suggestion.code not in valid[suggestion.kind]:
                continue
            rows.append(
                FindingTag(
                    finding=finding,
                    kind=suggestion.kind,
                    code=suggestion.code,
                    status=TagStatus.SUGGESTED,
                    origin=TagOrigin.MODEL,
                    score=suggestion.score,
                    model_version=suggester.version,
                )
            )
    FindingTag.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    record_event(
        actor=None,
        action="themes.suggested",
        object_type="themes.findingtag",
        after={"findings": len(chosen), "suggestions": len(rows), "model": suggester.version},
    )
    return len(rows)


def _decide(*, actor: Any, tags: list[FindingTag], status: str, reason: str) -> int:
    locked = list(FindingTag.objects.select_for_update().filter(pk__in=[t.pk for t in tags]).order_by("pk"))
    if any(t.status != TagStatus.SUGGESTED for t in locked):
        raise Conflict("Only a suggestion waiting for a decision can be decided.", code="already_decided")
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    for tag in locked:
        tag.status, tag.decided_by, tag.decided_at = status, user, now
    FindingTag.objects.bulk_update(locked, ["status", "decided_by", "decided_at"])
    for tag in locked:
        record_event(
            actor=actor,
            action=f"themes.tag_{status}",
            obj=tag,
            after={"finding": tag.finding_id, "kind": tag.kind, "code": tag.code, "score": tag.score},
            reason=reason,
        )
    request_reindex(kind="finding", object_ids=[t.finding_id for t in locked])
    return len(locked)


@transaction.atomic
def confirm_tags(*, actor: Any, tags: Iterable[FindingTag], reason: str = "") -> int:
    """The secretariat confirms suggestions: they become public with their finding."""
    chosen = list(tags)
    _require(permissions.can_decide(actor), "Only the secretariat confirms suggestions.")
    return _decide(actor=actor, tags=chosen, status=TagStatus.CONFIRMED, reason=reason)


@transaction.atomic
def reject_tags(*, actor: Any, tags: Iterable[FindingTag], reason: str = "") -> int:
    """The secretariat rejects suggestions: they are kept (not suggested again) and never shown."""
    chosen = list(tags)
    _require(permissions.can_decide(actor), "Only the secretariat rejects suggestions.")
    return _decide(actor=actor, tags=chosen, status=TagStatus.REJECTED, reason=reason)


@transaction.atomic
def tag_finding(
    *, actor: Any, finding: Finding, kind: str, code: str, origin: str = TagOrigin.MANUAL
) -> FindingTag:
    """The secretariat tags a finding directly (confirmed at once)."""
    _require(permissions.can_decide(actor), "Only the secretariat tags findings.")
    if kind not in TagKind.values or not _valid_code(kind, code, finding):
        raise InvalidInput(f"Unknown {kind} {code!r}.", code="unknown_tag", details={"field": "code"})
    if kind == TagKind.CATEGORY and finding.type != "ta_need":
        raise InvalidInput("Only technical-assistance needs have need categories.", code="not_a_need")
    user = actor if getattr(actor, "is_authenticated", False) else None
    tag, created = FindingTag.objects.select_for_update().get_or_create(
        finding=finding,
        kind=kind,
        code=code,
        defaults={
            "status": TagStatus.CONFIRMED,
            "origin": origin,
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    if not created:
        if tag.status == TagStatus.CONFIRMED:
            raise Conflict("The finding already has this tag.", code="already_tagged")
        tag.status, tag.decided_by, tag.decided_at = TagStatus.CONFIRMED, user, timezone.now()
        tag.save(update_fields=["status", "decided_by", "decided_at"])
    record_event(
        actor=actor,
        action="themes.tag_added",
        obj=tag,
        after={"finding": finding.pk, "kind": kind, "code": code},
    )
    request_reindex(kind="finding", object_ids=[finding.pk])
    return tag


@transaction.atomic
def record_confirmed_tags(
    *, actor: Any, rows: list[tuple[int, str, str]], origin: str = TagOrigin.DEMO, reason: str = ""
) -> int:
    """Confirmed tags (finding id, kind, code) recorded at once — the demo, or tags agreed elsewhere.

    The system (actor None) or the secretariat; validated as a whole; existing tags are kept as they
    are; one audit event; the findings' search entries are refreshed after commit."""
    if actor is not None:
        _require(permissions.can_decide(actor), "Only the secretariat tags findings.")
    valid = selectors.valid_codes()
    known = set(Finding.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", flat=True))
    for number, (finding_id, kind, code) in enumerate(rows, start=1):
        if finding_id not in known or kind not in TagKind.values or code not in valid[kind]:
            raise InvalidInput(f"Row {number}: unknown finding, kind or code.", code="unknown_tag")
    user = actor if getattr(actor, "is_authenticated", False) else None
    before = FindingTag.objects.count()
    now = timezone.now()
    insert_new_rows(  # bulk_create's ORM work was most of a second of the demo's start (irm/core/bulk.py)
        FindingTag,
        [
            "finding",
            "kind",
            "code",
            "status",
            "origin",
            "model_version",
            "created_at",
            "decided_by",
            "decided_at",
        ],
        (
            (finding_id, kind, code, TagStatus.CONFIRMED, origin, "", now, user.pk if user else None, now)
            for finding_id, kind, code in rows
        ),
    )
    added = FindingTag.objects.count() - before
    if added:
        record_event(
            actor=actor,
            action="themes.tags_recorded",
            object_type="themes.findingtag",
            after={"tags": added},
            reason=reason,
        )
        request_reindex(kind="finding", object_ids=sorted(known))
    return added


def train_model(*, actor: Any = None) -> dict[str, Any]:
    """Train the suggestion model on the confirmed findings and store it in the data directory."""
    from irm.themes import suggest

    examples = selectors.training_examples()
    if len(examples) < suggest.MIN_EXAMPLES:
        raise Conflict("Not enough confirmed findings to learn from.", code="too_few_examples")
    suggester = suggest.train(examples)
    path = suggest.save(suggester)
    summary = {
        "version": suggester.version,
        "trained_at": suggester.trained_at,
        "examples": suggester.examples,
        "labels": {kind: len(model.labels) for kind, model in suggester.models.items()},
        "vocabulary": len(suggester.vocabulary),
        "path": str(path),
    }
    with transaction.atomic():
        record_event(actor=actor, action="themes.model_trained", object_type="themes.model", after=summary)
    return summary


def suggest_for(*, findings: Iterable[Finding], batch: int = 2000) -> int:
    """Suggestions from the stored model for these findings (nothing when no model was trained)."""
    from irm.themes import suggest

    suggester = suggest.load()
    if suggester is None:
        return 0
    made, chunk = 0, []
    for finding in findings:
        chunk.append(finding)
        if len(chunk) >= batch:
            made += record_suggestions(suggester=suggester, findings=chunk)
            chunk = []
    return made + record_suggestions(suggester=suggester, findings=chunk)
