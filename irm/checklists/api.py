"""The checklists API: read an answer, save one answer with its base version, submit, versions and diff.

Access is decided by irm/checklists/permissions.py exactly like the pages: anything outside the
user's circle answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from ninja import Router, Schema, Status

from irm.checklists import permissions, selectors, services
from irm.checklists.models import Checklist, Question, Submission
from irm.convention.models import Article
from irm.core.api_schemas import ERRORS, Code, Int, Text
from irm.core.exceptions import NotFound

router = Router()


class ProgressArticleOut(Schema):
    article: int
    state: str
    answered: int
    questions: int
    carried_over: int


class ProgressOut(Schema):
    articles: int
    answered: int
    accepted: int
    needs_attention: int
    per_article: list[ProgressArticleOut]


class VersionOut(Schema):
    number: int
    submitted_at: str
    submitted_by: str
    note: str


class ChecklistOut(Schema):
    id: int
    cycle: int
    iso3: str
    status: str
    language: str
    role: str
    versions: list[VersionOut]
    progress: ProgressOut | None = None


class AnswerOut(Schema):
    code: str
    kind: str
    question: str
    value: Any = None
    version: int | None = None
    carried_over: bool = False
    shown: bool = True


class ChecklistArticleOut(Schema):
    article: int
    source: str  # "live" or "version N"
    answers: list[AnswerOut]


class AnswerIn(Schema):
    value: Any = None
    base_version: Int


class SavedOut(Schema):
    code: str
    version: int


class ConflictOut(Schema):
    error: str
    code: str
    question: str | None = None
    your_version: int | None = None
    your_value: Any = None
    current_version: int | None = None
    current_value: Any = None
    updated_by: str | None = None
    updated_at: str | None = None


class SubmitIn(Schema):
    note: Text = ""
    #: True once the focal point has seen what is not answered (refused with `submission_unconfirmed`
    #: and the list otherwise); required answers missing are refused whatever this says.
    confirm: bool = False


class QuestionIn(Schema):
    body: Text


class DiffRowOut(Schema):
    article: int
    label: str
    old: str
    new: str
    changed: bool


def _checklist(request: HttpRequest, checklist_id: int) -> Checklist:
    checklist = (
        permissions.visible_to(request.user)
        .select_related("review__state", "review__cycle")
        .filter(pk=checklist_id)
        .first()
    )
    if checklist is None or not permissions.can_view(request.user, checklist):
        raise NotFound("No such checklist answer.")
    return checklist


#: What `_out` reads of each answer, fetched for all of them at once.
SUBMISSIONS = Prefetch(
    "submissions", queryset=Submission.objects.select_related("submitted_by").order_by("number")
)


def _out(request: HttpRequest, checklist: Checklist) -> dict[str, Any]:
    """`checklist` must come with `SUBMISSIONS` prefetched."""
    live = permissions.sees_live(request.user, checklist)
    ids = permissions.visible_article_ids(request.user, checklist)
    return {
        "id": checklist.pk,
        "cycle": checklist.review.cycle.number,
        "iso3": checklist.review.state.iso3,
        "status": checklist.status,
        "language": checklist.language,
        "role": permissions.role_on(request.user, checklist.review) or "",
        "versions": [
            {
                "number": s.number,
                "submitted_at": s.submitted_at.isoformat(),
                "submitted_by": s.submitted_by.get_username() if s.submitted_by else "",
                "note": s.note,
            }
            for s in checklist.submissions.all()  # prefetched with their authors, in order
        ],
        # Assignees are not part of the answer: their query is left out.
        "progress": selectors.progress(checklist, article_ids=ids, with_assignees=False).as_dict()
        if live
        else None,
    }


@router.get(
    "/", response={200: list[ChecklistOut], **ERRORS}, summary="Checklist answers the caller may open"
)
def list_checklists(request: HttpRequest):
    return [
        _out(request, c)
        for c in permissions.visible_to(request.user)
        .select_related("review__state", "review__cycle")
        .prefetch_related(SUBMISSIONS)
    ]


@router.get(
    "/{checklist_id}",
    response={200: ChecklistOut, **ERRORS},
    summary="One answer: status, versions, progress",
)
def get_checklist(request: HttpRequest, checklist_id: Int):
    checklist = _checklist(request, checklist_id)
    prefetch_related_objects([checklist], SUBMISSIONS)
    return _out(request, checklist)


@router.get(
    "/{checklist_id}/articles/{number}",
    response={200: ChecklistArticleOut, **ERRORS},
    summary="The answers to one article (experts: the latest submitted version)",
)
def get_article(request: HttpRequest, checklist_id: Int, number: Int):
    checklist = _checklist(request, checklist_id)
    article = Article.objects.filter(number=number).first()
    if article is None or not permissions.can_view_article(request.user, checklist, article):
        raise NotFound("No such article in this answer.")
    questions = [q for q in selectors.questions_of(checklist) if q.article_id == article.pk]
    if permissions.sees_live(request.user, checklist):
        answers = selectors.answers_by_code(checklist)
        values = {code: a.value for code, a in answers.items()}
        source = "live"
        versions = {code: a.version for code, a in answers.items()}
        carried = {code: a.carried_over for code, a in answers.items()}
    else:
        submission = selectors.latest_submission(checklist)
        if submission is None:
            raise RuntimeError("can_view guarantees one for experts")
        entry = submission.snapshot.get("articles", {}).get(str(number), {}).get("answers", {})
        values = {code: a.get("value") for code, a in entry.items()}
        source = f"version {submission.number}"
        versions = {}
        carried = {}
    language = checklist.language
    return {
        "article": number,
        "source": source,
        "answers": [
            {
                "code": q.code,
                "kind": q.kind,
                "question": q.text_in(language),
                "value": values.get(q.code),
                "version": versions.get(q.code, 0) if source == "live" else None,
                "carried_over": carried.get(q.code, False),
                "shown": selectors.is_shown(q, values),
            }
            for q in questions
        ],
    }


@router.put(
    "/{checklist_id}/answers/{code}",
    response={200: SavedOut, 409: ConflictOut, **{k: v for k, v in ERRORS.items() if k != 409}},
    summary="Save one answer based on the version you read (0 = unanswered); 409 with both versions if stale",
)
def save_answer(request: HttpRequest, checklist_id: Int, code: Code, payload: AnswerIn):
    checklist = _checklist(request, checklist_id)
    question = (
        Question.objects.filter(cycle_id=checklist.review.cycle_id, code=code)
        .select_related("article")
        .first()
    )
    if question is None or not permissions.can_view_article(request.user, checklist, question.article):
        raise NotFound("No such question in this answer.")
    answer = services.save_answer(
        actor=request.user,
        checklist=checklist,
        question=question,
        value=payload.value,
        base_version=payload.base_version,
    )
    return {"code": code, "version": answer.version}


@router.post(
    "/{checklist_id}/submit",
    response={200: VersionOut, **ERRORS},
    summary="Submit (focal point): lock and number a version",
)
def submit(request: HttpRequest, checklist_id: Int, payload: SubmitIn):
    checklist = _checklist(request, checklist_id)
    submission = services.submit_checklist(
        actor=request.user, checklist=checklist, note=payload.note, confirmed=payload.confirm
    )
    return {
        "number": submission.number,
        "submitted_at": submission.submitted_at.isoformat(),
        "submitted_by": request.user.get_username(),
        "note": submission.note,
    }


@router.get(
    "/{checklist_id}/diff",
    response={200: list[DiffRowOut], **ERRORS},
    summary="Compare two submitted versions (a, b: numbers; 'current' for the draft where visible)",
)
def diff(request: HttpRequest, checklist_id: Int, a: Code, b: Code, changed_only: bool = True):
    checklist = _checklist(request, checklist_id)
    if not permissions.can_view_whole(request.user, checklist):
        raise NotFound("No such checklist answer.")

    def snap(which: str) -> dict[str, Any]:
        if which == "current" and permissions.sees_live(request.user, checklist):
            return selectors.snapshot(checklist)
        number = int(which) if which.isascii() and which.isdigit() and len(which) < 10 else 0
        submission = checklist.submissions.filter(number=number).first()
        if submission is None:
            raise NotFound(f"No version {which}.")
        return submission.snapshot

    rows = selectors.diff_snapshots(checklist, snap(a), snap(b), changed_only=changed_only)
    return [
        {"article": r.article, "label": r.label, "old": r.old, "new": r.new, "changed": r.changed}
        for r in rows
    ]


@router.post(
    "/{checklist_id}/articles/{number}/questions",
    response={201: dict, **ERRORS},
    summary="Desk review: a reviewing expert asks a question on an article",
)
def ask(request: HttpRequest, checklist_id: Int, number: Int, payload: QuestionIn):
    checklist = _checklist(request, checklist_id)
    article = Article.objects.filter(number=number).first()
    if article is None or not permissions.can_view_article(request.user, checklist, article):
        raise NotFound("No such article in this answer.")
    thread = services.ask_question(
        actor=request.user, checklist=checklist, article=article, body=payload.body
    )
    return Status(201, {"thread": thread.pk})
