"""Every change to findings, their documents and their follow-up (writes, each with an audit event).

Follow-up has its own module (`services/follow_up.py`), re-exported here: callers keep writing
`services.submit_follow_up`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from irm.accounts.roles import is_secretariat
from irm.convention.models import Article, Chapter
from irm.core.audit import record_event
from irm.core.bulk import insert_new_rows
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.limits import format_param, language_param
from irm.core.numerals import to_roman
from irm.cycles.models import TACategory
from irm.findings import permissions
from irm.findings.models import (
    DocumentKind,
    DraftSharing,
    Finding,
    FindingComment,
    FindingOrigin,
    FindingTranslation,
    FindingType,
    FindingVersion,
    GeneratedDocument,
    ReviewOutcome,
    TranslationKind,
)
from irm.findings.services.common import MAX_BULK_ROWS, summary_agreed
from irm.findings.services.follow_up import (
    REPORTABLE,
    PastFollowUp,
    acknowledge_follow_up,
    attach_follow_up_evidence,
    clean_links,
    comment_on_follow_up,
    publish_follow_up,
    record_follow_up_reports,
    set_follow_up_options,
    submit_follow_up,
    withdraw_follow_up_publication,
)
from irm.reviews.models import Milestone, Review, Stage
from irm.search.services import request_reindex

__all__ = [
    "MAX_BULK_ROWS",
    "REPORTABLE",
    "PastFollowUp",
    "acknowledge_follow_up",
    "attach_follow_up_evidence",
    "clean_links",
    "comment_on_follow_up",
    "publish_follow_up",
    "record_follow_up_reports",
    "set_follow_up_options",
    "submit_follow_up",
    "summary_agreed",
    "withdraw_follow_up_publication",
]


def content_key(type: str, chapter: int | None, articles: Iterable[int], text: str) -> str:
    """What identifies a finding inside its review: imports match rows to findings by it."""
    arts = ";".join(str(a) for a in sorted(set(articles)))
    raw = f"{type}|{chapter or ''}|{arts}|{' '.join(text.split())}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()  # a match key, not a secret


def _check(allowed: bool, actor: Any) -> None:
    # actor None = the system or the command line (run by whoever operates the server).
    if actor is not None and not allowed:
        raise PermissionDenied("You may not do this on this review.")


def is_frozen(finding: Finding) -> bool:
    """Frozen once the executive summary is agreed (whether or not freeze_findings ran)."""
    return finding.frozen_at is not None or summary_agreed(finding.review)


def snapshot(finding: Finding) -> dict[str, Any]:
    return {
        "type": finding.type,
        "chapter": finding.chapter.number if finding.chapter_id and finding.chapter else None,
        "articles": sorted(a.number for a in finding.articles.all()),
        "paragraphs": finding.paragraphs,
        "text": finding.text,
        "language": finding.language,
        "categories": sorted(c.code for c in finding.categories.all()),
        "primary_category": finding.primary_category.code if finding.primary_category else None,
        "answers": finding.answers_id,
        "version": finding.version,
    }


def _resolve_placement(
    review: Review, chapter: int | Chapter | None, articles: Sequence[int | Article]
) -> tuple[Chapter | None, list[Article]]:
    arts = [a if isinstance(a, Article) else Article.objects.filter(number=a).first() for a in articles]
    missing = [a for a, obj in zip(articles, arts, strict=True) if obj is None]
    if missing:
        raise InvalidInput(
            _("Unknown article(s): %(numbers)s.") % {"numbers": ", ".join(map(str, missing))},
            details={"field": "articles"},
        )
    articles_ok: list[Article] = [a for a in arts if a is not None]
    chap: Chapter | None
    if isinstance(chapter, Chapter) or chapter is None:
        chap = chapter
    else:
        chap = Chapter.objects.filter(number=chapter).first()
        if chap is None:
            raise InvalidInput(
                _("Unknown chapter %(number)s.") % {"number": chapter}, details={"field": "chapter"}
            )
    if articles_ok and chap is None:
        chap = articles_ok[0].chapter
    wrong = [a.number for a in articles_ok if chap is not None and a.chapter_id != chap.pk]
    if wrong:
        raise InvalidInput(
            _("Article(s) %(numbers)s are not in chapter %(chapter)s.")
            % {"numbers": ", ".join(map(str, wrong)), "chapter": chap.roman if chap else ""},
            details={"field": "articles"},
        )
    return chap, articles_ok


def _resolve_categories(
    review: Review, type: str, categories: Sequence[str | TACategory], primary: str | TACategory | None
) -> tuple[list[TACategory], TACategory | None]:
    if categories and type != FindingType.TA_NEED:
        raise InvalidInput(
            _("Only technical-assistance needs have categories."), details={"field": "categories"}
        )
    known = {c.code: c for c in TACategory.objects.filter(cycle_id=review.cycle_id)}
    cats: list[TACategory] = []
    for c in categories:
        obj = c if isinstance(c, TACategory) else known.get(c)
        if obj is None or obj.cycle_id != review.cycle_id:
            raise InvalidInput(
                _("Unknown category %(code)r in this cycle.") % {"code": str(c)},
                details={"field": "categories"},
            )
        if obj not in cats:
            cats.append(obj)
    prim: TACategory | None = None
    if primary:
        prim = primary if isinstance(primary, TACategory) else known.get(primary)
        if prim is None or prim not in cats:
            raise InvalidInput(
                _("The primary category must be one of the finding's categories."),
                details={"field": "primary_category"},
            )
    return cats, prim


def _check_answers(review: Review, type: str, answers: Finding | None) -> None:
    if answers is None:
        return
    if type != FindingType.RECOMMENDATION:
        raise InvalidInput(_("Only a recommendation answers a challenge."), details={"field": "answers"})
    if answers.type != FindingType.CHALLENGE or answers.review_id != review.pk:
        raise InvalidInput(
            _("A recommendation answers a challenge of the same review."), details={"field": "answers"}
        )


@transaction.atomic
def create_finding(
    *,
    actor: Any,
    review: Review,
    type: str,
    text: str,
    language: str = "en",
    chapter: int | Chapter | None = None,
    articles: Sequence[int | Article] = (),
    paragraphs: str = "",
    categories: Sequence[str | TACategory] = (),
    primary_category: str | TACategory | None = None,
    answers: Finding | None = None,
    origin: str = FindingOrigin.DRAFTED,
) -> Finding:
    _check(permissions.can_draft(actor, review), actor)
    if type not in FindingType.values:
        raise InvalidInput(f"Unknown type {type!r}.", details={"field": "type"})
    if not text.strip():
        raise InvalidInput("A finding needs a text.", details={"field": "text"})
    review = Review.objects.select_for_update().get(pk=review.pk)
    if summary_agreed(review):
        raise Conflict(
            "The executive summary is agreed: the findings are frozen. Edit an existing finding with a reason.",
            code="frozen",
        )
    chap, arts = _resolve_placement(review, chapter, articles)
    cats, prim = _resolve_categories(review, type, categories, primary_category)
    _check_answers(review, type, answers)
    finding = Finding.objects.create(
        review=review,
        type=type,
        chapter=chap,
        paragraphs=paragraphs,
        text=text.strip(),
        language=language,
        primary_category=prim,
        answers=answers,
        origin=origin,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        content_key=content_key(type, chap.number if chap else None, [a.number for a in arts], text.strip()),
    )
    finding.articles.set(arts)
    finding.categories.set(cats)
    record_event(actor=actor, action="findings.create", obj=finding, after=snapshot(finding))
    request_reindex(kind="finding", object_ids=[finding.pk])
    return finding


@transaction.atomic
def update_finding(
    *,
    actor: Any,
    finding: Finding,
    reason: str = "",
    text: str | None = None,
    type: str | None = None,
    language: str | None = None,
    chapter: int | Chapter | None = None,
    articles: Sequence[int | Article] | None = None,
    paragraphs: str | None = None,
    categories: Sequence[str | TACategory] | None = None,
    primary_category: str | TACategory | None = None,
    answers: Finding | None = None,
    expected_version: int | None = None,
) -> Finding:
    """Change a finding; once frozen (executive summary agreed) only with a reason, as a new version."""
    finding = (
        Finding.objects.select_for_update(of=("self",)).select_related("review", "chapter").get(pk=finding.pk)
    )
    _check(permissions.can_draft(actor, finding.review), actor)
    if expected_version is not None and expected_version != finding.version:
        raise Conflict(
            f"The finding was changed meanwhile (version {finding.version}); reload it.", code="stale"
        )
    before = snapshot(finding)
    frozen = is_frozen(finding)
    if frozen and not reason.strip():
        raise InvalidInput(
            "The findings are frozen since the executive summary was agreed: give a reason for the change.",
            details={"field": "reason"},
        )
    new_type = type or finding.type
    if new_type not in FindingType.values:
        raise InvalidInput(f"Unknown type {new_type!r}.", details={"field": "type"})
    if chapter is not None or articles is not None:
        chap, arts = _resolve_placement(
            finding.review,
            chapter if chapter is not None else (finding.chapter if articles is None else None),
            articles if articles is not None else list(finding.articles.all()),
        )
    else:
        chap, arts = finding.chapter, list(finding.articles.all())
    cats_in = categories if categories is not None else list(finding.categories.all())
    prim_in = primary_category if primary_category is not None else finding.primary_category
    if categories is not None and primary_category is None and finding.primary_category not in cats_in:
        prim_in = None
    cats, prim = _resolve_categories(finding.review, new_type, cats_in, prim_in)
    new_answers = answers if answers is not None else finding.answers
    if new_type != FindingType.RECOMMENDATION:
        new_answers = None
    _check_answers(finding.review, new_type, new_answers)
    new_text = (text if text is not None else finding.text).strip()
    if not new_text:
        raise InvalidInput("A finding needs a text.", details={"field": "text"})
    finding.type = new_type
    finding.text = new_text
    finding.language = language or finding.language
    finding.chapter = chap
    finding.paragraphs = paragraphs if paragraphs is not None else finding.paragraphs
    finding.primary_category = prim
    finding.answers = new_answers
    finding.content_key = content_key(
        new_type, chap.number if chap else None, [a.number for a in arts], new_text
    )
    finding.articles.set(arts)
    finding.categories.set(cats)
    after = snapshot(finding)
    if {k: v for k, v in after.items() if k != "version"} == {
        k: v for k, v in before.items() if k != "version"
    }:
        return finding
    if frozen:
        FindingVersion.objects.create(
            finding=finding,
            version=finding.version,
            snapshot=before,
            reason=reason.strip(),
            changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if finding.frozen_at is None:
            finding.frozen_at = timezone.now()
    finding.version += 1
    finding.save()
    after["version"] = finding.version
    record_event(
        actor=actor, action="findings.update", obj=finding, before=before, after=after, reason=reason
    )
    request_reindex(kind="finding", object_ids=[finding.pk])
    return finding


@transaction.atomic
def delete_finding(*, actor: Any, finding: Finding, reason: str = "") -> None:
    finding = Finding.objects.select_for_update().select_related("review").get(pk=finding.pk)
    _check(permissions.can_draft(actor, finding.review), actor)
    if is_frozen(finding):
        raise Conflict("A frozen finding cannot be deleted; change it with a reason instead.", code="frozen")
    before = snapshot(finding)
    record_event(actor=actor, action="findings.delete", obj=finding, before=before, reason=reason)
    request_reindex(kind="review", object_ids=[finding.review_id])
    finding.delete()


@transaction.atomic
def freeze_findings(*, actor: Any, review: Review) -> int:
    """Freeze the agreed set of findings when the executive summary is agreed."""
    _check(permissions.can_freeze(actor, review), actor)
    if not summary_agreed(review):
        raise Conflict("Findings are frozen when the executive summary is agreed.", code="not_agreed")
    now = timezone.now()
    count = Finding.objects.filter(review=review, frozen_at__isnull=True).update(frozen_at=now)
    outcome = ensure_outcome(review=review)
    outcome.findings_frozen_at = outcome.findings_frozen_at or now
    outcome.save(update_fields=["findings_frozen_at"])
    record_event(actor=actor, action="findings.freeze", obj=review, after={"frozen": count})
    return count


@transaction.atomic
def set_translation(
    *,
    actor: Any,
    finding: Finding,
    language: str,
    text: str,
    kind: str = TranslationKind.HUMAN,
    reviewed: bool = False,
) -> FindingTranslation:
    _check(permissions.can_draft(actor, finding.review), actor)
    if kind not in TranslationKind.values:
        raise InvalidInput(f"Unknown translation kind {kind!r}.", details={"field": "kind"})
    if language == finding.language:
        raise InvalidInput("That is the finding's original language.", details={"field": "language"})
    if not text.strip():
        raise InvalidInput("A translation needs a text.", details={"field": "text"})
    user = actor if getattr(actor, "is_authenticated", False) else None
    translation, _ = FindingTranslation.objects.update_or_create(
        finding=finding,
        language=language,
        defaults={
            "text": text.strip(),
            "kind": kind,
            "reviewed": reviewed,
            "reviewed_by": user if reviewed else None,
        },
    )
    record_event(
        actor=actor,
        action="findings.translate",
        obj=finding,
        after={"language": language, "kind": kind, "reviewed": reviewed},
    )
    request_reindex(kind="finding", object_ids=[finding.pk])
    return translation


@transaction.atomic
def mark_translation_reviewed(*, actor: Any, translation: FindingTranslation) -> FindingTranslation:
    _check(permissions.can_draft(actor, translation.finding.review), actor)
    translation.reviewed = True
    translation.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    translation.save(update_fields=["reviewed", "reviewed_by", "updated_at"])
    record_event(
        actor=actor,
        action="findings.translation_reviewed",
        obj=translation.finding,
        after={"language": translation.language},
    )
    return translation


@transaction.atomic
def add_comment(*, actor: Any, finding: Finding, text: str) -> FindingComment:
    if not permissions.can_comment(actor, finding.review):
        raise PermissionDenied("Only the State under review and the drafters comment on findings.")
    if not text.strip():
        raise InvalidInput("A comment needs a text.", details={"field": "text"})
    comment = FindingComment.objects.create(finding=finding, author=actor, text=text.strip())
    record_event(actor=actor, action="findings.comment", obj=finding, after={"comment": comment.pk})
    return comment


# --- Review outcome (symbol, narrative sections) -------------------------------------------------


def symbol_prefix(review: Review) -> str:
    """UN-style symbol of the executive summaries of a cycle-year: CAC/COSP/IRG/I/2/1/Add.N."""
    return f"CAC/COSP/IRG/{to_roman(review.cycle.number)}/{review.year or 1}/1/Add."


def ensure_outcome(*, review: Review) -> ReviewOutcome:
    """The review's outcome row, giving it the next document symbol of its cycle-year on first use."""
    existing = ReviewOutcome.objects.filter(review=review).first()
    if existing:
        return existing
    prefix = symbol_prefix(review)
    for _attempt in range(5):
        used = ReviewOutcome.objects.filter(symbol__startswith=prefix).values_list("symbol", flat=True)
        numbers = [int(s[len(prefix) :]) for s in used if s[len(prefix) :].isdigit()]
        try:
            with transaction.atomic():
                return ReviewOutcome.objects.create(
                    review=review, symbol=f"{prefix}{max(numbers, default=0) + 1}"
                )
        except IntegrityError:
            existing = ReviewOutcome.objects.filter(review=review).first()
            if existing:
                return existing
    raise Conflict("Could not give the review a document symbol; try again.")


@transaction.atomic
def set_review_outcome_text(
    *, actor: Any, review: Review, introduction: str, legal_framework: str, language: str = "en"
) -> ReviewOutcome:
    _check(permissions.can_draft(actor, review), actor)
    outcome = ensure_outcome(review=review)
    before = {"introduction": outcome.introduction, "legal_framework": outcome.legal_framework}
    outcome.introduction = introduction.strip()
    outcome.legal_framework = legal_framework.strip()
    outcome.language = language
    outcome.save()
    record_event(
        actor=actor,
        action="findings.outcome_text",
        obj=review,
        before=before,
        after={"introduction": outcome.introduction, "legal_framework": outcome.legal_framework},
    )
    return outcome


# --- Documents -------------------------------------------------------------------------------------


def document_version(*, review: Review, kind: str, language: str) -> str:
    """The content version of a review's document: a hash of what it shows (gives the review its symbol)."""
    from irm.findings.documents import collect

    outcome = ensure_outcome(review=review)
    return collect(review, kind, language, outcome).source_key()


def generate_document(
    *,
    actor: Any,
    review: Review,
    kind: str,
    language: str = "en",
    fmt: str = "docx",
    progress: Callable[[int], None] | None = None,
) -> GeneratedDocument:
    """The executive summary or country report as .docx or .pdf, kept; reused while the data is unchanged.

    Runs in the worker (irm.findings.jobs). Rendering (LibreOffice for PDF takes seconds) happens
    outside the transaction that stores it.
    """
    from irm.core.documents import docx_to_pdf
    from irm.documents.word import templates_version
    from irm.findings.documents import collect, render_docx

    if kind not in DocumentKind.values:
        raise InvalidInput(f"Unknown document {kind[:40]!r}.", details={"field": "kind"})
    # Only the six languages and the two formats: anything else would render and store a new document.
    language = language_param(language)
    fmt = format_param(fmt, allowed=("docx", "pdf"), default="docx")
    if actor is not None and not permissions.can_view_document(actor, review, kind):
        raise PermissionDenied("This document is not public.")
    outcome = ensure_outcome(review=review)
    data = collect(review, kind, language, outcome)
    # The templates are part of the version: an editor's change to them makes a new document.
    source = hashlib.sha256(f"{data.source_key()}:{templates_version()}".encode()).hexdigest()
    existing = GeneratedDocument.objects.filter(
        review=review, kind=kind, language=language, format=fmt, source=source
    ).first()
    if existing is not None:
        return existing
    content = render_docx(data)
    if progress is not None:
        progress(50 if fmt == "pdf" else 90)
    if fmt == "pdf":
        content = docx_to_pdf(content)
    with transaction.atomic():
        document = GeneratedDocument.objects.create(
            review=review,
            kind=kind,
            language=language,
            format=fmt,
            symbol=outcome.symbol,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            source=source,
            generated_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_event(
            actor=actor,
            action="findings.generate_document",
            obj=document,
            after={"kind": kind, "language": language, "format": fmt, "sha256": document.sha256},
        )
    return document


@transaction.atomic
def share_drafts(*, actor: Any, review: Review, shared: bool) -> bool:
    """The focal point shares the draft executive summary and country report with the national
    contributors (or stops sharing them); audited when it changes. Returns whether they are shared."""
    if not permissions.can_share_drafts(actor, review):
        raise PermissionDenied("Only the focal point shares the drafts with the contributors.")
    if shared:
        _sharing, changed = DraftSharing.objects.get_or_create(review=review, defaults={"shared_by": actor})
    else:
        changed = DraftSharing.objects.filter(review=review).delete()[0] > 0
    if changed:
        record_event(
            actor=actor,
            action="findings.drafts_shared" if shared else "findings.drafts_unshared",
            object_type="reviews.review",
            object_id=str(review.pk),
            after={"shared": shared},
        )
    return shared


# --- Findings in bulk (loaders of past records, the demo) -----------------------------------------

#: Rows one bulk call may write.


@transaction.atomic
def add_findings(*, actor: Any, rows: list[Any], reason: str = "") -> int:
    """Insert findings stated whole (rows of `irm.findings.imports.FindingRow`, already resolved to
    ids) with their articles and categories; those of reviews whose summary is agreed are frozen.
    Sets each row's `match_id`. One audit event."""
    from irm.findings.imports.sql import insert_findings

    if len(rows) > MAX_BULK_ROWS:
        raise InvalidInput(f"At most {MAX_BULK_ROWS} findings at a time.")
    if not rows:
        return 0
    review_ids = {r.review_id for r in rows}
    agreed = set(
        Milestone.objects.filter(
            review_id__in=review_ids, stage=Stage.SUMMARY_AGREED, done_on__isnull=False
        ).values_list("review_id", flat=True)
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    insert_findings(rows, now=timezone.now(), agreed=agreed, user_id=user.pk if user else None)
    record_event(
        actor=actor,
        action="findings.bulk_added",
        object_type="findings.finding",
        after={"findings": len(rows), "reviews": len(review_ids)},
        reason=reason,
    )
    return len(rows)


@dataclass(frozen=True)
class NewTranslation:
    """A translation to add in bulk (imports of translated summaries, the demo)."""

    finding_id: int
    language: str
    text: str
    kind: str = TranslationKind.HUMAN
    reviewed: bool = False


#: The six official languages a translation may be in.
TRANSLATION_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
MAX_TRANSLATION_CHARS = 20_000


@transaction.atomic
def add_translations(*, actor: Any, translations: Sequence[NewTranslation], reason: str = "") -> int:
    """Add many translations at once; a finding's existing translation in a language is kept as it is.

    The system (actor None) or the secretariat. Validated as a whole before anything is written; one
    audit event; the search indexes of the findings are refreshed after commit. Returns how many were added.
    """
    _check(actor is None or is_secretariat(actor), actor)
    if len(translations) > MAX_BULK_ROWS:
        raise InvalidInput(f"At most {MAX_BULK_ROWS} translations at a time.")
    originals = dict(
        Finding.objects.filter(pk__in={t.finding_id for t in translations}).values_list("pk", "language")
    )
    for number, t in enumerate(translations, start=1):
        where = {"row": number}
        if t.finding_id not in originals:
            raise InvalidInput(
                f"Row {number}: no finding {t.finding_id}.", details={**where, "field": "finding"}
            )
        if t.language not in TRANSLATION_LANGUAGES or t.language == originals[t.finding_id]:
            raise InvalidInput(
                f"Row {number}: language {t.language!r}.", details={**where, "field": "language"}
            )
        if t.kind not in TranslationKind.values:
            raise InvalidInput(f"Row {number}: kind {t.kind!r}.", details={**where, "field": "kind"})
        if not t.text.strip() or len(t.text) > MAX_TRANSLATION_CHARS:
            raise InvalidInput(f"Row {number}: empty or too long text.", details={**where, "field": "text"})
    before = FindingTranslation.objects.count()
    now = timezone.now()
    insert_new_rows(  # bulk_create's ORM work was most of a second of the demo's start (irm/core/bulk.py)
        FindingTranslation,
        ["finding", "language", "text", "kind", "reviewed", "updated_at"],
        ((t.finding_id, t.language, t.text.strip(), t.kind, t.reviewed, now) for t in translations),
    )
    added = FindingTranslation.objects.count() - before
    if added:
        record_event(
            actor=actor,
            action="findings.translations_added",
            object_type="findings.findingtranslation",
            after={"translations": added, "languages": sorted({t.language for t in translations})},
            reason=reason,
        )
        request_reindex(kind="finding", object_ids=sorted(originals))
    return added
