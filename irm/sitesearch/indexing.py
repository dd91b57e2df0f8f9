"""The restricted index: confidential material the signed-in search reads (never the public path).

Documents go only to `irm.search.models.RestrictedEntry`; they are read back only through
`irm.search.selectors.matching` on a queryset the owning app's permission functions made
(`irm.sitesearch.selectors`). Kinds and the scope each is refreshed by:

| kind | documents | scope |
|---|---|---|
| `finding` | every finding, with its translations | `review:<id>` |
| `checklist_answer` | every checklist answer with text (live answers) | `checklist:<id>` |
| `checklist_attachment` | the file name of every checklist attachment | `checklist:<id>` |
| `session_document` | symbol and titles of every session document | `session:<id>` |

Indexers (`settings.SEARCH_INDEXERS`): "finding" and "review" → `refresh_findings` / `refresh_reviews`;
"checklist" → `refresh_checklists`; "session_document" → `refresh_session_documents`. `sync()` compares
a signature per scope with the index's, like the public index.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count, Max, Min

from irm.checklists.models import Answer, Attachment, Checklist
from irm.findings.models import Finding, FindingTranslation
from irm.meetings.models import Document
from irm.search import services
from irm.search.models import RestrictedEntry
from irm.search.services import Document as IndexDocument
from irm.search.text import index_text

FINDING, ANSWER, ATTACHMENT, SESSION_DOCUMENT = (
    "finding",
    "checklist_answer",
    "checklist_attachment",
    "session_document",
)
KINDS = (FINDING, ANSWER, ATTACHMENT, SESSION_DOCUMENT)
BATCH = 50


def _signature(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def answer_text(value: Any) -> str:
    """Every string in an answer's value (texts, examples' cases and tables), one per line."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(answer_text(v) for v in value.values())
    if isinstance(value, list):
        return "\n".join(answer_text(v) for v in value)
    return ""


# --- findings -----------------------------------------------------------------------------------


def _finding_signatures(review_ids: list[int]) -> dict[int, str]:
    parts: dict[int, list[Any]] = defaultdict(list)
    for review_id, n, last, first, top in (
        Finding.objects.filter(review_id__in=review_ids)
        .values("review_id")
        .annotate(n=Count("pk"), last=Max("updated_at"), first=Min("pk"), top=Max("pk"))
        .values_list("review_id", "n", "last", "first", "top")
    ):
        parts[review_id] += [n, last, first, top]
    for review_id, n, last in (
        FindingTranslation.objects.filter(finding__review_id__in=review_ids)
        .values("finding__review_id")
        .annotate(n=Count("pk"), last=Max("updated_at"))
        .values_list("finding__review_id", "n", "last")
    ):
        parts[review_id] += ["t", n, last]
    return {r: _signature(*p) for r, p in parts.items()}


def _finding_documents(review_ids: list[int]) -> dict[str, list[IndexDocument]]:
    signatures = _finding_signatures(review_ids)
    out: dict[str, list[IndexDocument]] = defaultdict(list)
    for f in Finding.objects.filter(review_id__in=review_ids).prefetch_related("translations").order_by("pk"):
        texts = [(f.text, f.language)] + [(t.text, t.language) for t in f.translations.all()]
        out[f"review:{f.review_id}"].append(
            IndexDocument(
                object_id=f.pk,
                tokens=index_text(texts),
                language=f.language,
                scope=f"review:{f.review_id}",
                version=signatures.get(f.review_id, ""),
            )
        )
    return out


def refresh_reviews(*, object_ids: list[int]) -> int:
    """Indexer for kind "review" (a finding deleted, or any change of the review's findings)."""
    return _refresh(FINDING, [f"review:{r}" for r in sorted(set(object_ids))])


def refresh_findings(*, object_ids: list[int]) -> int:
    reviews = set(Finding.objects.filter(pk__in=object_ids).values_list("review_id", flat=True))
    return refresh_reviews(object_ids=sorted(reviews))


# --- checklists ---------------------------------------------------------------------------------


def _checklist_signatures(checklist_ids: list[int]) -> dict[str, dict[int, str]]:
    answers: dict[int, list[Any]] = defaultdict(list)
    for checklist_id, n, last in (
        Answer.objects.filter(checklist_id__in=checklist_ids)
        .values("checklist_id")
        .annotate(n=Count("pk"), last=Max("updated_at"))
        .values_list("checklist_id", "n", "last")
    ):
        answers[checklist_id] += [n, last]
    attachments: dict[int, list[Any]] = defaultdict(list)
    for checklist_id, n, top in (
        Attachment.objects.filter(checklist_id__in=checklist_ids)
        .values("checklist_id")
        .annotate(n=Count("pk"), top=Max("pk"))
        .values_list("checklist_id", "n", "top")
    ):
        attachments[checklist_id] += [n, top]
    return {
        ANSWER: {c: _signature(*p) for c, p in answers.items()},
        ATTACHMENT: {c: _signature(*p) for c, p in attachments.items()},
    }


def _checklist_documents(checklist_ids: list[int]) -> dict[str, dict[str, list[IndexDocument]]]:
    signatures = _checklist_signatures(checklist_ids)
    languages = dict(Checklist.objects.filter(pk__in=checklist_ids).values_list("pk", "language"))
    out: dict[str, dict[str, list[IndexDocument]]] = {
        ANSWER: defaultdict(list),
        ATTACHMENT: defaultdict(list),
    }
    for answer in Answer.objects.filter(checklist_id__in=checklist_ids).order_by("pk"):
        text = answer_text(answer.value)
        if not text.strip():
            continue
        scope = f"checklist:{answer.checklist_id}"
        language = languages.get(answer.checklist_id) or "en"
        out[ANSWER][scope].append(
            IndexDocument(
                object_id=answer.pk,
                tokens=index_text([(text, language)]),
                language=language,
                scope=scope,
                version=signatures[ANSWER].get(answer.checklist_id, ""),
            )
        )
    for attachment in Attachment.objects.filter(checklist_id__in=checklist_ids).order_by("pk"):
        scope = f"checklist:{attachment.checklist_id}"
        out[ATTACHMENT][scope].append(
            IndexDocument(
                object_id=attachment.pk,
                tokens=index_text([(attachment.filename.replace("_", " "), "en")]),
                scope=scope,
                version=signatures[ATTACHMENT].get(attachment.checklist_id, ""),
            )
        )
    return out


def refresh_checklists(*, object_ids: list[int]) -> int:
    scopes = [f"checklist:{c}" for c in sorted(set(object_ids))]
    return _refresh(ANSWER, scopes) + _refresh(ATTACHMENT, scopes)


# --- session documents --------------------------------------------------------------------------


def _session_signatures(session_ids: list[int]) -> dict[int, str]:
    return {
        session_id: _signature(n, last, top)
        for session_id, n, last, top in Document.objects.filter(session_id__in=session_ids)
        .values("session_id")
        .annotate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
        .values_list("session_id", "n", "last", "top")
    }


def _session_documents(session_ids: list[int]) -> dict[str, list[IndexDocument]]:
    signatures = _session_signatures(session_ids)
    out: dict[str, list[IndexDocument]] = defaultdict(list)
    for document in Document.objects.filter(session_id__in=session_ids).order_by("pk"):
        scope = f"session:{document.session_id}"
        out[scope].append(
            IndexDocument(
                object_id=document.pk,
                tokens=index_text(
                    [
                        (document.symbol.replace("/", " "), "en"),
                        (document.title_en, "en"),
                        (document.title_zh, "zh"),
                    ]
                ),
                scope=scope,
                version=signatures.get(document.session_id, ""),
            )
        )
    return out


def refresh_session_documents(*, object_ids: list[int]) -> int:
    sessions = set(Document.objects.filter(pk__in=object_ids).values_list("session_id", flat=True))
    indexed = RestrictedEntry.objects.filter(kind=SESSION_DOCUMENT, object_id__in=object_ids)
    sessions |= {int(s.split(":")[1]) for s in indexed.values_list("scope", flat=True)}
    return _refresh(SESSION_DOCUMENT, [f"session:{s}" for s in sorted(sessions)])


# --- one engine for the four kinds ---------------------------------------------------------------


def _ids(scopes: Iterable[str]) -> list[int]:
    return [int(s.split(":")[1]) for s in scopes]


def _current(kind: str, scopes: list[str]) -> tuple[dict[str, str], Any]:
    """The signature of each scope now, and a function building its documents."""
    ids = _ids(scopes)
    if kind == FINDING:
        return {f"review:{r}": s for r, s in _finding_signatures(ids).items()}, _finding_documents
    if kind in (ANSWER, ATTACHMENT):
        signatures = _checklist_signatures(ids)[kind]
        return {f"checklist:{c}": s for c, s in signatures.items()}, lambda ids: _checklist_documents(ids)[
            kind
        ]
    return {f"session:{s}": sig for s, sig in _session_signatures(ids).items()}, _session_documents


def _indexed(kind: str, scopes: list[str] | None = None) -> dict[str, str]:
    entries = RestrictedEntry.objects.filter(kind=kind)
    if scopes is not None:
        entries = entries.filter(scope__in=scopes)
    return dict(entries.values_list("scope", "version").distinct())


def _refresh(kind: str, scopes: list[str]) -> int:
    """Re-index the scopes whose signature changed (or that vanished); returns how many."""
    current, build = _current(kind, scopes)
    indexed = _indexed(kind, scopes)
    changed = [s for s in scopes if current.get(s) != indexed.get(s) and (s in current or s in indexed)]
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        documents = build(_ids(batch))
        for scope in batch:
            services.replace_scope(
                index=RestrictedEntry, kind=kind, scope=scope, documents=documents.get(scope, [])
            )
    return len(changed)


def _all_scopes(kind: str) -> list[str]:
    ids: Iterable[int]
    if kind == FINDING:
        prefix, ids = "review", Finding.objects.values_list("review_id", flat=True).distinct()
    elif kind in (ANSWER, ATTACHMENT):
        prefix, ids = "checklist", Checklist.objects.values_list("pk", flat=True)
    else:
        prefix, ids = "session", Document.objects.values_list("session_id", flat=True).distinct()
    return sorted({f"{prefix}:{i}" for i in ids} | set(_indexed(kind)))


def rebuild() -> int:
    """Every confidential document again (`irm search rebuild restricted`)."""
    written = 0
    for kind in KINDS:
        scopes = [s for s in _all_scopes(kind) if s]
        _, build = _current(kind, scopes)

        def documents(scopes: list[str] = scopes, build: Any = build) -> Iterator[IndexDocument]:
            for start in range(0, len(scopes), BATCH):
                for found in build(_ids(scopes[start : start + BATCH])).values():
                    yield from found

        written += services.replace_kind(index=RestrictedEntry, kind=kind, documents=documents())
    return written


def sync() -> int:
    return sum(_refresh(kind, _all_scopes(kind)) for kind in KINDS)
