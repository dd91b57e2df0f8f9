"""Pages of the checklist answer: thin — fetch through permissions (404 otherwise), call one service, render."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from irm.accounts.models import Role, User
from irm.checklists import permissions, selectors, services
from irm.checklists.answers import check_submission
from irm.checklists.documents import docx_bytes, xlsx_bytes
from irm.checklists.models import (
    Attachment,
    Checklist,
    ImplementationStatus,
    Priority,
    Question,
    QuestionKind,
    Stakeholder,
    Submission,
    TANeed,
    Thread,
)
from irm.convention.models import Article, Chapter
from irm.core.documents import docx_to_pdf, pdf_available
from irm.core.errors import error_json, flash_error, message_of, refusals_to_messages
from irm.core.exceptions import DomainError
from irm.core.http import safe_next
from irm.core.limits import cached_render, format_param, rate_limited
from irm.core.uploads import attachment_response, hold, take_held, upload_bytes
from irm.reviews import permissions as review_permissions

#: What a person reads for an article's state (the badge the autosave updates).
ARTICLE_STATE_LABELS = {
    "accepted": gettext_lazy("accepted"),
    "needs_attention": gettext_lazy("needs attention"),
    "answered": gettext_lazy("answered"),
    "in_progress": gettext_lazy("in progress"),
    "not_started": gettext_lazy("not started"),
}


def _checklist(request: HttpRequest, pk: int) -> Checklist:
    checklist = (
        permissions.visible_to(request.user)
        .select_related("review__state", "review__cycle")
        .filter(pk=pk)
        .first()
    )
    if checklist is None or not permissions.can_view(request.user, checklist):
        raise Http404
    return checklist


def _article(request: HttpRequest, checklist: Checklist, number: int) -> Article:
    article = Article.objects.filter(number=number).first()
    if article is None or not permissions.can_view_article(request.user, checklist, article):
        raise Http404
    return article


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    return redirect(safe_next(request, request.POST.get("next"), fallback=fallback))


#: POST forms: a refusal becomes a message on the page the form came from.
form_action = refusals_to_messages("checklists:list")


# --- lists and overview ---------------------------------------------------------------------------


@login_required
@require_GET
def checklist_list(request: HttpRequest) -> HttpResponse:
    checklists = list(permissions.visible_to(request.user).select_related("review__state", "review__cycle"))
    startable = [
        review
        for review in review_permissions.confidential_to(request.user)
        .filter(checklist__isnull=True)
        .select_related("state", "cycle")
        if permissions.can_start(request.user, review)
    ][:200]
    rows = []
    for checklist in checklists:
        ids = permissions.visible_article_ids(request.user, checklist)
        live = permissions.sees_live(request.user, checklist)
        rows.append(
            {
                "checklist": checklist,
                "progress": selectors.progress(checklist, article_ids=ids) if live else None,
            }
        )
    return render(request, "checklists/list.html", {"rows": rows, "startable": startable})


@login_required
@require_POST
@form_action
def checklist_start(request: HttpRequest, review_id: int) -> HttpResponse:
    review = review_permissions.confidential_to(request.user).filter(pk=review_id).first()
    if review is None:
        raise Http404
    checklist = services.start_checklist(
        actor=request.user, review=review, language=request.POST.get("language", "")
    )
    return redirect("checklists:detail", pk=checklist.pk)


def _submitted_articles(checklist: Checklist, submission: Submission, user: Any) -> list[dict[str, Any]]:
    """A submitted version, article by article, with the desk-review threads."""
    data = submission.snapshot
    language = data.get("language") or checklist.language
    values = {
        code: answer.get("value")
        for entry in data.get("articles", {}).values()
        for code, answer in entry.get("answers", {}).items()
    }
    threads: dict[int, list[Thread]] = {}
    for thread in checklist.threads.prefetch_related("messages__author").select_related("article"):
        threads.setdefault(thread.article.number, []).append(thread)
    articles: dict[int, dict[str, Any]] = {}
    for question in selectors.questions_of(checklist):
        number = question.article.number
        entry = data.get("articles", {}).get(str(number), {})
        article = articles.setdefault(
            number,
            {
                "article": question.article,
                "rows": [],
                "attachments": entry.get("attachments", []),
                "needs": [n for n in data.get("needs", []) if n.get("article") == number],
                "threads": threads.get(number, []),
            },
        )
        if question.kind == QuestionKind.ATTACHMENTS or not selectors.is_shown(question, values):
            continue
        answer = entry.get("answers", {}).get(question.code)
        article["rows"].append(
            {
                "question": question.text_in(language),
                "answer": selectors.display_value(
                    question, answer.get("value") if answer else None, language
                ),
                "table": (answer or {}).get("value", {}).get("table")
                if question.kind == QuestionKind.EXAMPLES and answer
                else None,
                "cases": (answer or {}).get("value", {}).get("cases")
                if question.kind == QuestionKind.EXAMPLES and answer
                else None,
            }
        )
    return list(articles.values())


@login_required
@require_GET
def checklist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    user = request.user
    role = permissions.role_on(user, checklist.review)
    submissions = list(checklist.submissions.order_by("number"))
    context: dict[str, Any] = {
        "checklist": checklist,
        "review": checklist.review,
        "role": role,
        "submissions": submissions,
        "can_manage": permissions.can_manage(user, checklist),
        "can_reopen": permissions.can_reopen(user, checklist),
        "can_manage_draft": permissions.can_manage(user, checklist) and not checklist.is_locked,
        "can_whole": permissions.can_view_whole(user, checklist),
        "can_ask": permissions.can_ask(user, checklist),
        "pdf_available": pdf_available(),
    }
    if not permissions.sees_live(user, checklist):
        number = request.GET.get("version")
        submission = next((s for s in submissions if str(s.number) == number), submissions[-1])
        context["submission"] = submission
        context["submitted_articles"] = _submitted_articles(checklist, submission, user)
        return render(request, "checklists/submitted.html", context)
    ids = permissions.visible_article_ids(user, checklist)
    progress = selectors.progress(checklist, article_ids=ids)
    context["progress"] = progress
    if context["can_manage"]:
        context["contributors"] = User.objects.filter(
            memberships__role=Role.CONTRIBUTOR, memberships__state=checklist.review.state
        ).order_by("username")
        context["previous"] = selectors.previous_submission_for(checklist)
    if context["can_whole"]:
        context["stakeholders"] = checklist.stakeholders.all()
        context["general_needs"] = (
            checklist.needs.filter(article__isnull=True)
            .select_related("chapter")
            .prefetch_related("categories")
        )
        context["stakeholder_kinds"] = Stakeholder.Kind.choices
        reference = selectors.need_reference(checklist)  # one read of the content version for both
        context["need_form"] = {"categories": reference["categories"], "priorities": Priority.choices}
        context["chapters"] = reference["chapters"]
    return render(request, "checklists/detail.html", context)


def _need_form_context(checklist: Checklist) -> dict[str, Any]:
    return {"categories": selectors.ta_categories_of(checklist), "priorities": Priority.choices}


# --- one article -------------------------------------------------------------------------------------


@login_required
@require_GET
def article_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    if not permissions.sees_live(request.user, checklist):
        return redirect(f"{reverse('checklists:detail', args=[pk])}#article-{number}")
    # The cycle's questions (kept per content version) give the article and its neighbours: no query.
    all_questions = selectors.questions_of(checklist)
    questions = [q for q in all_questions if q.article.number == number]
    if not questions or not permissions.can_view_article(request.user, checklist, questions[0].article):
        raise Http404
    article = questions[0].article
    answers = selectors.answers_by_code(checklist, questions=all_questions)
    values = {code: a.value for code, a in answers.items()}
    editable = permissions.can_edit_article(request.user, checklist, article)
    attachments = Attachment.objects.filter(checklist=checklist, question__article=article)
    items = []
    for question in questions:
        answer = answers.get(question.code)
        value = answer.value if answer else None
        items.append(
            {
                "question": question,
                "text": question.text_in(checklist.language),
                "guidance": question.guidance_in(checklist.language),
                "answer": answer,
                "version": answer.version if answer else 0,
                "value": value,
                "table_text": "\n".join(" | ".join(row) for row in (value or {}).get("table", []))
                if question.kind == QuestionKind.EXAMPLES and isinstance(value, dict)
                else "",
                "cases": value.get("cases", "") if isinstance(value, dict) else "",
                "shown": selectors.is_shown(question, values),
                "condition": json.dumps(question.condition) if question.condition else "",
                "attachments": [a for a in attachments if a.question_id == question.pk],
            }
        )
    decisions = selectors.decisions_of(checklist)
    decision = decisions.get(article.pk)
    visible = permissions.visible_article_ids(request.user, checklist)
    neighbours = [a for a in selectors.articles_in(all_questions) if visible is None or a.pk in visible]
    index = next(i for i, a in enumerate(neighbours) if a.pk == article.pk)
    context = {
        "checklist": checklist,
        "article": article,
        "items": items,
        "editable": editable,
        "values_json": {q.code: values.get(q.code) for q in questions},
        "statuses": ImplementationStatus.choices,
        "decision": decision,
        "can_manage": permissions.can_manage(request.user, checklist),
        "needs": checklist.needs.filter(article=article).prefetch_related("categories"),
        "can_edit_need": editable,
        "need_form": _need_form_context(checklist),
        "threads": checklist.threads.filter(article=article).prefetch_related("messages__author"),
        "can_reply": permissions.may_write_article(request.user, checklist, article)
        or permissions.role_on(request.user, checklist.review) == permissions.SECRETARIAT,
        "previous_article": neighbours[index - 1] if index > 0 else None,
        "next_article": neighbours[index + 1] if index + 1 < len(neighbours) else None,
        "progress": next(
            (
                r
                for r in selectors.progress(
                    checklist,
                    article_ids={article.pk},
                    answers=answers,
                    questions=all_questions,
                    decisions=decisions,
                    with_assignees=False,  # the page shows the state and share only
                ).articles
            ),
            None,
        ),
    }
    return render(request, "checklists/article.html", context)


@login_required
@require_POST
def answer_save(request: HttpRequest, pk: int, code: str) -> JsonResponse:
    """Autosave of one answer: JSON in {value, base_version}; 409 with both versions on a conflict."""
    checklist = _checklist(request, pk)
    questions = selectors.questions_of(checklist)  # kept per content version: no query
    question = next((q for q in questions if q.code == code), None)
    if question is None or not permissions.can_view_article(request.user, checklist, question.article):
        raise Http404
    try:
        payload = json.loads(request.body or b"{}")
        base_version = int(payload.get("base_version", 0))
    except (ValueError, TypeError):
        return JsonResponse({"error": _("Malformed request."), "code": "invalid_input"}, status=422)
    try:
        answer = services.save_answer(
            actor=request.user,
            checklist=checklist,
            question=question,
            value=payload.get("value"),
            base_version=base_version,
        )
    except DomainError as error:
        return error_json(error)
    progress = selectors.progress(
        checklist, article_ids={question.article_id}, questions=questions, with_assignees=False
    )
    row = next(iter(progress.articles), None)
    return JsonResponse(
        {
            "version": answer.version,
            "saved_at": answer.updated_at.isoformat(),
            "article_state": row.state if row else "",
            "article_state_label": str(ARTICLE_STATE_LABELS.get(row.state, "")) if row else "",
            "article_percent": row.percent if row else 0,
        }
    )


@login_required
@require_POST
@form_action
def answer_confirm(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    checklist = _checklist(request, pk)
    answer = checklist.answers.filter(question__code=code).select_related("question__article").first()
    if answer is None or not permissions.can_view_article(request.user, checklist, answer.question.article):
        raise Http404
    services.confirm_answer(
        actor=request.user, answer=answer, base_version=int(request.POST.get("base_version", 0))
    )
    return _back(request, reverse("checklists:article", args=[pk, answer.question.article.number]))


@login_required
@require_POST
@form_action
def attachment_upload(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    checklist = _checklist(request, pk)
    question = (
        Question.objects.filter(cycle_id=checklist.review.cycle_id, code=code)
        .select_related("article")
        .first()
    )
    if question is None or not permissions.can_view_article(request.user, checklist, question.article):
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        services.upload_attachment(
            actor=request.user,
            checklist=checklist,
            question=question,
            filename=upload.name or "file",
            content=upload_bytes(upload, kind="checklist_attachment"),
        )
        messages.success(request, _("The file was attached."))
    return _back(request, reverse("checklists:article", args=[pk, question.article.number]))


def _attachment(request: HttpRequest, checklist: Checklist, attachment_id: int) -> Attachment:
    """An attachment of the checklist on an article the user may see, else 404."""
    attachment = (
        Attachment.objects.filter(checklist=checklist, pk=attachment_id)
        .select_related("question__article")
        .first()
    )
    if attachment is None or not permissions.can_view_article(
        request.user, checklist, attachment.question.article
    ):
        raise Http404
    return attachment


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    checklist = _checklist(request, pk)
    attachment = _attachment(request, checklist, attachment_id)
    if not permissions.sees_live(request.user, checklist):
        # Experts: only files listed in a submitted version.
        listed = any(
            a.get("id") == attachment.pk
            for s in checklist.submissions.all()
            for entry in s.snapshot.get("articles", {}).values()
            for a in entry.get("attachments", [])
        )
        if not listed:
            raise Http404
    return attachment_response(
        attachment.file.open("rb"), filename=attachment.filename, file_type=attachment.file_type
    )


@login_required
@require_POST
@form_action
def attachment_delete(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    attachment = _attachment(request, checklist, attachment_id)
    number = attachment.question.article.number
    services.delete_attachment(actor=request.user, attachment=attachment)
    return _back(request, reverse("checklists:article", args=[pk, number]))


# --- needs, stakeholders, decisions, assignments ---------------------------------------------------


@login_required
@require_POST
@form_action
def need_save(request: HttpRequest, pk: int, need_id: int | None = None) -> HttpResponse:
    checklist = _checklist(request, pk)
    need = None
    if need_id is not None:
        need = TANeed.objects.filter(checklist=checklist, pk=need_id).select_related("article").first()
        if need is None or (
            need.article and not permissions.can_view_article(request.user, checklist, need.article)
        ):
            raise Http404
    article = None
    if number := request.POST.get("article"):
        article = _article(request, checklist, int(number))
    chapter = None
    if chapter_number := request.POST.get("chapter"):
        chapter = Chapter.objects.filter(number=int(chapter_number)).first()
    services.save_need(
        actor=request.user,
        checklist=checklist,
        need=need,
        base_version=int(request.POST.get("base_version", 0)),
        article=article,
        chapter=chapter,
        text=request.POST.get("text", ""),
        category_codes=request.POST.getlist("categories"),
        priority=request.POST.get("priority", Priority.MEDIUM),
        receiving_assistance=request.POST.get("receiving_assistance") == "yes",
        assistance_from=request.POST.get("assistance_from", ""),
    )
    messages.success(request, _("The need was saved."))
    fallback = (
        reverse("checklists:article", args=[pk, article.number])
        if article
        else reverse("checklists:detail", args=[pk])
    )
    return _back(request, fallback)


@login_required
@require_POST
@form_action
def need_delete(request: HttpRequest, pk: int, need_id: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    need = TANeed.objects.filter(checklist=checklist, pk=need_id).select_related("article").first()
    if need is None or (
        need.article and not permissions.can_view_article(request.user, checklist, need.article)
    ):
        raise Http404
    services.delete_need(actor=request.user, need=need)
    return _back(request, reverse("checklists:detail", args=[pk]))


@login_required
@require_POST
@form_action
def stakeholder_add(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    services.add_stakeholder(
        actor=request.user,
        checklist=checklist,
        name=request.POST.get("name", ""),
        kind=request.POST.get("kind", ""),
        how=request.POST.get("how", ""),
    )
    return redirect(f"{reverse('checklists:detail', args=[pk])}#stakeholders")


@login_required
@require_POST
@form_action
def stakeholder_delete(request: HttpRequest, pk: int, stakeholder_id: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    stakeholder = Stakeholder.objects.filter(checklist=checklist, pk=stakeholder_id).first()
    if stakeholder is None:
        raise Http404
    services.delete_stakeholder(actor=request.user, stakeholder=stakeholder)
    return redirect(f"{reverse('checklists:detail', args=[pk])}#stakeholders")


@login_required
@require_POST
@form_action
def article_decide(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    article = _article(request, checklist, number)
    services.decide_article(
        actor=request.user,
        checklist=checklist,
        article=article,
        status=request.POST.get("status", ""),
        comment=request.POST.get("comment", ""),
    )
    messages.success(request, _("Your decision on article %(number)s was recorded.") % {"number": number})
    return _back(request, reverse("checklists:article", args=[pk, number]))


@login_required
@require_POST
@form_action
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    user = User.objects.filter(pk=request.POST.get("user") or 0).first()
    if user is None:
        raise Http404
    remove = request.POST.get("action") == "remove"
    for number in request.POST.getlist("articles"):
        article = _article(request, checklist, int(number))
        if remove:
            services.unassign_article(actor=request.user, checklist=checklist, article=article, user=user)
        else:
            services.assign_article(actor=request.user, checklist=checklist, article=article, user=user)
    return redirect(f"{reverse('checklists:detail', args=[pk])}#articles")


# --- submission, versions, carry-over ------------------------------------------------------------


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The check before submission (GET), then the submission itself with the focal point's confirmation
    (POST): what is missing or not valid is listed with a link to each question and stops it; what is
    only unanswered is listed and needs the box ticked. Works without JavaScript."""
    checklist = _checklist(request, pk)
    if not permissions.can_manage(request.user, checklist) or checklist.is_locked:
        return redirect("checklists:detail", pk=pk)
    note = request.POST.get("note", "")[:2000]
    error, status = "", 200
    if request.method == "POST":
        try:
            submission = services.submit_checklist(
                actor=request.user,
                checklist=checklist,
                note=note,
                confirmed=request.POST.get("confirm") == "1",
            )
        except DomainError as exc:
            if exc.code not in ("answer_incomplete", "submission_unconfirmed"):
                flash_error(request, exc)
                return redirect("checklists:detail", pk=pk)
            error, status = message_of(exc), 422
        else:
            messages.success(
                request,
                _("Version %(number)s was submitted; the reviewers and the secretariat are told.")
                % {"number": submission.number},
            )
            return redirect("checklists:detail", pk=pk)
    context = {"checklist": checklist, "check": check_submission(checklist), "note": note, "error": error}
    return render(request, "checklists/submit.html", context, status=status)


@login_required
@require_POST
@form_action
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    services.reopen_checklist(actor=request.user, checklist=checklist, reason=request.POST.get("reason", ""))
    messages.success(request, _("The answer is open again for a new version."))
    return redirect("checklists:detail", pk=pk)


@login_required
@require_POST
@form_action
def carry_over(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    result = services.carry_over_answers(actor=request.user, checklist=checklist)
    messages.success(
        request,
        _("%(answers)s answers and %(needs)s needs were carried over: confirm or change each.") % result,
    )
    return redirect("checklists:detail", pk=pk)


def _snapshot_for(request: HttpRequest, checklist: Checklist, which: str) -> tuple[str, dict[str, Any]]:
    if which == "current":
        if not permissions.sees_live(request.user, checklist):
            raise Http404
        return _("Current draft"), selectors.snapshot(checklist)
    submission = checklist.submissions.filter(
        number=int(which) if which.isdigit() and len(which) < 6 else 0
    ).first()
    if submission is None:
        raise Http404
    return _("Version %(number)s") % {"number": submission.number}, submission.snapshot


@login_required
@require_GET
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    if not permissions.can_view_whole(request.user, checklist):
        raise Http404
    submissions = list(checklist.submissions.order_by("number").select_related("submitted_by"))
    choices = [str(s.number) for s in submissions]
    if permissions.sees_live(request.user, checklist):
        choices.append("current")
    context: dict[str, Any] = {"checklist": checklist, "submissions": submissions, "choices": choices}
    a, b = request.GET.get("a"), request.GET.get("b")
    if a and b:
        label_a, old = _snapshot_for(request, checklist, a)
        label_b, new = _snapshot_for(request, checklist, b)
        context.update(
            a=a,
            b=b,
            label_a=label_a,
            label_b=label_b,
            changed_only=request.GET.get("all") != "1",
            rows=selectors.diff_snapshots(checklist, old, new, changed_only=request.GET.get("all") != "1"),
        )
    return render(request, "checklists/versions.html", context)


@login_required
@require_GET
@rate_limited("documents")
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    format_param(fmt, allowed=("docx", "pdf", "xlsx"), default="docx")
    checklist = _checklist(request, pk)
    if not permissions.can_view_whole(request.user, checklist):
        raise Http404
    default = (
        "current" if permissions.sees_live(request.user, checklist) else str(checklist.submissions.count())
    )
    chosen = request.GET.get("version", default)
    label, data = _snapshot_for(request, checklist, chosen)
    name = f"checklist-{checklist.review.state.iso3}-cycle{checklist.review.cycle.number}"
    if fmt == "xlsx":
        live = chosen == "current" and permissions.sees_live(request.user, checklist)
        content = xlsx_bytes(checklist, data, versions=selectors.answer_versions(checklist) if live else None)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        version = {"data": data, "label": label, "checklist": checklist.pk}
        content = cached_render(
            "checklist-docx", version, lambda: docx_bytes(checklist, data, title_suffix=f" — {label}")
        )
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if fmt == "pdf":
            try:
                docx = content
                content, mime = (
                    cached_render("checklist-pdf", version, lambda: docx_to_pdf(docx)),
                    "application/pdf",
                )
            except DomainError as error:
                flash_error(request, error)
                return redirect("checklists:detail", pk=pk)
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_POST
@form_action
def import_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: the workbook is checked and compared with the answer; the preview shows changes and conflicts."""
    checklist = _checklist(request, pk)
    if not permissions.can_manage(request.user, checklist):
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose an XLSX file."))
        return redirect("checklists:detail", pk=pk)
    content = upload_bytes(upload, kind="checklist_import")
    filename = upload.name or "checklist.xlsx"
    result = services.import_checklist_xlsx(
        actor=request.user, checklist=checklist, content=content, filename=filename, dry_run=True
    )
    request.session[f"checklist-import-{pk}"] = [hold(content, suffix="xlsx"), filename]
    return render(
        request,
        "checklists/import_preview.html",
        {"checklist": checklist, "result": result, "filename": filename},
    )


@login_required
@require_POST
@form_action
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: import the previewed workbook: its changes, and the conflicts the user chose row by row."""
    checklist = _checklist(request, pk)
    token, filename = request.session.pop(f"checklist-import-{pk}", None) or ("", "")
    content = take_held(token, suffix="xlsx") if token else None
    if content is None:
        messages.error(request, _("This upload expired; upload the file again."))
        return redirect("checklists:detail", pk=pk)
    result = services.import_checklist_xlsx(
        actor=request.user,
        checklist=checklist,
        content=content,
        filename=filename,
        apply_conflicts=request.POST.getlist("apply"),
    )
    messages.success(
        request,
        _("Imported: %(answers)s answers, %(needs)s needs and %(stakeholders)s stakeholders changed.")
        % result.as_dict(),
    )
    skipped = [r for r in result.conflicts if not r.applied]
    if skipped:
        messages.warning(
            request,
            _("Not imported, because they changed since the export: %(rows)s.")
            % {
                "rows": ", ".join(
                    _("%(sheet)s row %(row)d") % {"sheet": r.sheet, "row": r.row} for r in skipped
                )
            },
        )
    return redirect("checklists:detail", pk=pk)


# --- desk review -----------------------------------------------------------------------------------


@login_required
@require_POST
@form_action
def ask(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    article = _article(request, checklist, number)
    services.ask_question(
        actor=request.user, checklist=checklist, article=article, body=request.POST.get("body", "")
    )
    messages.success(request, _("Your question was added to the desk review."))
    return redirect(f"{reverse('checklists:detail', args=[pk])}#article-{number}")


@login_required
@require_POST
@form_action
def reply(request: HttpRequest, pk: int, thread_id: int) -> HttpResponse:
    checklist = _checklist(request, pk)
    thread = (
        Thread.objects.filter(checklist=checklist, pk=thread_id)
        .select_related("article", "checklist__review")
        .first()
    )
    if thread is None or not permissions.can_view_thread(request.user, thread):
        raise Http404
    services.reply_to_thread(actor=request.user, thread=thread, body=request.POST.get("body", ""))
    if permissions.sees_live(request.user, checklist):
        return redirect("checklists:article", pk=pk, number=thread.article.number)
    return redirect(f"{reverse('checklists:detail', args=[pk])}#article-{thread.article.number}")
