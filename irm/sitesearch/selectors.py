"""The signed-in search: confidential material a user may see, found through the same permission
functions as the pages that show it.

For each kind, the owning app's permission function gives the queryset of what the user may see;
`irm.search.selectors.matching` narrows it to what matches the words, in one SQL query:

| kind | seen through |
|---|---|
| findings | `irm.findings.permissions.visible_to` (published ones, the circle's drafts, contributors narrowed to their articles) |
| checklist answers | `irm.checklists.permissions.visible_to`, then `sees_live` and `visible_article_ids` per checklist (experts see submitted versions only, never live answers: they get no answer results) |
| checklist attachments | the same as answers, by the article of the question |
| session papers | `irm.meetings.permissions.documents_visible_to` |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from irm.checklists import permissions as checklist_permissions
from irm.checklists.models import Answer, Attachment, Checklist
from irm.core.i18n import localized
from irm.findings import permissions as finding_permissions
from irm.findings.selectors import published_reviews
from irm.meetings import permissions as meeting_permissions
from irm.search import selectors as engine
from irm.search.models import RestrictedEntry
from irm.search.text import Term, highlight, query_terms
from irm.sitesearch.indexing import ANSWER, ATTACHMENT, FINDING, SESSION_DOCUMENT, answer_text

#: Results kept per kind (newest first); the page says when there are more.
LIMIT = 200
PER_PAGE = 20
KIND_LABELS: dict[str, Promise] = {
    FINDING: _("Findings"),
    ANSWER: _("Checklist answers"),
    ATTACHMENT: _("Documents attached to checklists"),
    SESSION_DOCUMENT: _("Session papers"),
}


@dataclass
class Hit:
    kind: str
    title: str
    text: SafeString
    url: str
    language: str = "en"


@dataclass
class KindResults:
    kind: str
    label: str
    count: int
    capped: bool
    hits: list[Hit] = field(default_factory=list)
    has_next: bool = False


def _visible_checklists(user: Any, checklist_ids: set[int]) -> dict[int, set[int] | None]:
    """Checklist id → the article ids the user may read live (None: all), for checklists they see live."""
    out: dict[int, set[int] | None] = {}
    for checklist in (
        checklist_permissions.visible_to(user).filter(pk__in=checklist_ids).select_related("review")
    ):
        if checklist_permissions.sees_live(user, checklist):
            out[checklist.pk] = checklist_permissions.visible_article_ids(user, checklist)
    return out


def _findings(user: Any, terms: list[Term]) -> list[Hit]:
    found = engine.matching(finding_permissions.visible_to(user), RestrictedEntry, FINDING, terms)
    published = set(published_reviews().values_list("pk", flat=True))
    hits = []
    for f in found.select_related("review__state", "review__cycle").order_by("-pk")[:LIMIT]:
        url = (
            reverse("public:finding", args=[f.pk])
            if f.review_id in published
            else reverse("findings:review", args=[f.review_id]) + f"#f{f.pk}"
        )
        title = f"{f.get_type_display()} · {f.review.state.name} · {f.review.cycle.name}"
        hits.append(Hit(FINDING, title, highlight(f.text, f.language, terms), url, f.language))
    return hits


def _answers(user: Any, terms: list[Term]) -> list[Hit]:
    candidates = engine.matching(
        Answer.objects.filter(checklist__in=checklist_permissions.visible_to(user)),
        RestrictedEntry,
        ANSWER,
        terms,
    )
    rows = list(
        candidates.select_related("question__article", "checklist__review__state").order_by("-pk")[
            : LIMIT * 2
        ]
    )
    allowed = _visible_checklists(user, {a.checklist_id for a in rows})
    hits = []
    for answer in rows:
        if answer.checklist_id not in allowed:
            continue
        articles = allowed[answer.checklist_id]
        if articles is not None and answer.question.article_id not in articles:
            continue
        checklist = answer.checklist
        language = checklist.language or "en"
        title = f"{checklist.review.state.name} · {answer.question.article} · {answer.question.code}"
        url = reverse("checklists:article", args=[checklist.pk, answer.question.article.number])
        hits.append(
            Hit(ANSWER, title, highlight(answer_text(answer.value)[:1000], language, terms), url, language)
        )
    return hits[:LIMIT]


def _attachments(user: Any, terms: list[Term]) -> list[Hit]:
    candidates = engine.matching(
        Attachment.objects.filter(checklist__in=checklist_permissions.visible_to(user)),
        RestrictedEntry,
        ATTACHMENT,
        terms,
    )
    rows = list(
        candidates.select_related("question__article", "checklist__review__state").order_by("-pk")[
            : LIMIT * 2
        ]
    )
    checklists = {
        c.pk: c
        for c in Checklist.objects.filter(pk__in={a.checklist_id for a in rows}).select_related("review")
    }
    hits = []
    for attachment in rows:
        checklist = checklists[attachment.checklist_id]
        if not checklist_permissions.can_view_article(user, checklist, attachment.question.article):
            continue
        title = f"{checklist.review.state.name} · {attachment.question.article}"
        url = reverse("checklists:attachment", args=[checklist.pk, attachment.pk])
        hits.append(Hit(ATTACHMENT, title, highlight(attachment.filename, "en", terms), url))
    return hits[:LIMIT]


def _session_documents(user: Any, terms: list[Term]) -> list[Hit]:
    found = engine.matching(
        meeting_permissions.documents_visible_to(user), RestrictedEntry, SESSION_DOCUMENT, terms
    )
    hits = []
    for document in found.select_related("session").order_by("-pk")[:LIMIT]:
        title = f"{document.symbol} · {document.session}"
        text = highlight(localized(document, "title"), "en", terms)
        hits.append(
            Hit(
                SESSION_DOCUMENT,
                title,
                text,
                reverse("meetings:session-detail", args=[document.session.slug]),
            )
        )
    return hits


FINDERS = {
    FINDING: _findings,
    ANSWER: _answers,
    ATTACHMENT: _attachments,
    SESSION_DOCUMENT: _session_documents,
}


def search(user: Any, q: str, *, kind: str | None = None, page: int = 1) -> list[KindResults]:
    """Per kind: how many results the user may see (up to LIMIT) and the page asked for."""
    terms = query_terms(q)
    if not terms:
        return []
    out = []
    for name, finder in FINDERS.items():
        if kind and name != kind:
            continue
        hits = finder(user, terms)
        start = (page - 1) * PER_PAGE if kind else 0
        end = start + (PER_PAGE if kind else 5)
        out.append(
            KindResults(
                name, str(KIND_LABELS[name]), len(hits), len(hits) >= LIMIT, hits[start:end], end < len(hits)
            )
        )
    return out
