"""The answer's rules: access, conflicts, carry-over, locking, versions, attachments, import/export."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core import mail

from irm.checklists import permissions, selectors, services
from irm.checklists.documents import xlsx_bytes
from irm.checklists.models import Answer, ArticleReview, Attachment, Checklist, Question, TANeed
from irm.checklists.tests.conftest import article, fill_required, make_review, question
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.uploads import KINDS
from irm.reviews.models import Milestone, Stage

DEFAULT_MAX_BYTES = KINDS["checklist_attachment"].max_bytes

pytestmark = pytest.mark.django_db


def test_reference_checklists_cover_the_articles_of_both_cycles_and_load_idempotently():
    from irm.cycles.models import Cycle

    for number, expected in (
        (1, set(range(15, 43)) | set(range(44, 51))),
        (2, set(range(5, 15)) | set(range(51, 60))),
    ):
        cycle = Cycle.objects.get(number=number)
        assert set(Question.objects.filter(cycle=cycle).values_list("article__number", flat=True)) == expected
    before = Question.objects.count()
    assert services.load_reference_checklists()["created"] == 0
    assert Question.objects.count() == before
    status = Question.objects.get(cycle__number=2, code="a14-status")
    assert status.guidance_zh and status.text_zh
    gaps = Question.objects.get(cycle__number=2, code="a14-gaps")
    assert gaps.condition == {"question": "a14-status", "in": ["partly", "not"]}


def test_contributor_cannot_read_or_edit_an_unassigned_article(checklist, cast):
    contributor = cast["contrib-kenya"]
    services.assign_article(actor=cast["fp-kenya"], checklist=checklist, article=article(5), user=contributor)
    assert permissions.can_view_article(contributor, checklist, article(5))
    assert not permissions.can_view_article(contributor, checklist, article(6))
    with pytest.raises(PermissionDenied):
        services.save_answer(
            actor=contributor,
            checklist=checklist,
            question=question(checklist, "a6-measures"),
            value="x",
            base_version=0,
        )
    assert not Answer.objects.filter(checklist=checklist).exists()
    assert permissions.visible_article_ids(contributor, checklist) == {article(5).pk}


def test_experts_of_another_review_see_nothing_and_own_experts_only_submitted_versions(
    checklist, cast, other_expert
):
    expert = cast["expert-nzl"]
    services.save_answer(
        actor=cast["fp-kenya"],
        checklist=checklist,
        question=question(checklist, "a5-status"),
        value="fully",
        base_version=0,
    )
    assert not permissions.can_view(other_expert, checklist)
    assert checklist not in permissions.visible_to(other_expert)
    # Before submission the reviewing expert does not see the draft either.
    assert not permissions.can_view(expert, checklist)
    assert not permissions.visible_to(expert).exists()
    fill_required(checklist, cast["fp-kenya"])
    services.submit_checklist(actor=cast["fp-kenya"], checklist=checklist, confirmed=True)
    assert permissions.can_view(expert, checklist)
    assert not permissions.sees_live(expert, checklist)
    assert not permissions.can_view(other_expert, checklist)
    assert not permissions.can_view(cast["delegate"], checklist)
    assert not permissions.can_view(cast["fp-france"], checklist)


def test_a_save_based_on_an_old_version_is_refused_with_both_versions(checklist, cast):
    fp, contributor = cast["fp-kenya"], cast["contrib-kenya"]
    services.assign_article(actor=fp, checklist=checklist, article=article(5), user=contributor)
    q = question(checklist, "a5-measures")
    first = services.save_answer(
        actor=contributor, checklist=checklist, question=q, value="Act of 2003", base_version=0
    )
    assert first.version == 1
    services.save_answer(actor=fp, checklist=checklist, question=q, value="Act of 2003, s. 4", base_version=1)
    with pytest.raises(Conflict) as refused:
        services.save_answer(
            actor=contributor, checklist=checklist, question=q, value="Act of 2003 as amended", base_version=1
        )
    details = refused.value.details
    assert refused.value.code == "edit_conflict"
    assert details["current_version"] == 2 and details["current_value"] == "Act of 2003, s. 4"
    assert details["your_value"] == "Act of 2003 as amended"
    answer = Answer.objects.get(checklist=checklist, question=q)
    assert (answer.version, answer.value) == (2, "Act of 2003, s. 4")
    merged = services.save_answer(
        actor=contributor,
        checklist=checklist,
        question=q,
        value="Act of 2003, s. 4, as amended",
        base_version=2,
    )
    assert merged.version == 3


def test_two_first_saves_of_the_same_answer_do_not_overwrite_each_other(checklist, cast):
    q = question(checklist, "a5-measures")
    services.save_answer(
        actor=cast["fp-kenya"], checklist=checklist, question=q, value="first", base_version=0
    )
    with pytest.raises(Conflict):
        services.save_answer(
            actor=cast["fp-kenya"], checklist=checklist, question=q, value="second", base_version=0
        )
    assert Answer.objects.get(checklist=checklist, question=q).value == "first"


def test_answers_are_validated_per_kind(checklist, cast):
    fp = cast["fp-kenya"]
    with pytest.raises(InvalidInput):
        services.save_answer(
            actor=fp,
            checklist=checklist,
            question=question(checklist, "a5-status"),
            value="mostly",
            base_version=0,
        )
    with pytest.raises(InvalidInput):
        services.save_answer(
            actor=fp,
            checklist=checklist,
            question=question(checklist, "a5-key"),
            value="maybe",
            base_version=0,
        )
    saved = services.save_answer(
        actor=fp,
        checklist=checklist,
        question=question(checklist, "a5-examples"),
        value={"cases": "Case A", "table": [["year", "cases"], ["2022", "14"]]},
        base_version=0,
    )
    assert saved.value is not None and saved.value["table"][1] == ["2022", "14"]


def test_progress_counts_answered_accepted_and_conditional_questions(checklist, cast):
    fp = cast["fp-kenya"]
    codes = {"a5-status": "fully", "a5-key": "yes", "a5-measures": "Strategy 2020", "a5-examples": "Case"}
    for code, value in codes.items():
        services.save_answer(
            actor=fp, checklist=checklist, question=question(checklist, code), value=value, base_version=0
        )
    row = next(r for r in selectors.progress(checklist).articles if r.article.number == 5)
    assert (row.shown, row.answered, row.state) == (4, 4, "answered")  # "gaps" hidden: fully implemented
    services.save_answer(
        actor=fp,
        checklist=checklist,
        question=question(checklist, "a5-status"),
        value="partly",
        base_version=1,
    )
    row = next(r for r in selectors.progress(checklist).articles if r.article.number == 5)
    assert (row.shown, row.answered, row.state) == (5, 4, "in_progress")
    services.save_answer(
        actor=fp, checklist=checklist, question=question(checklist, "a5-gaps"), value="Plan", base_version=0
    )
    services.decide_article(
        actor=fp, checklist=checklist, article=article(5), status=ArticleReview.Status.ACCEPTED
    )
    overall = selectors.progress(checklist)
    assert overall.count("accepted") == 1 and overall.total == 19
    # A change after acceptance sends the article back to the focal point.
    services.save_answer(
        actor=fp, checklist=checklist, question=question(checklist, "a5-gaps"), value="Plan B", base_version=1
    )
    assert selectors.progress(checklist).count("accepted") == 0


def test_need_with_several_categories_for_an_article_a_chapter_or_nothing(checklist, cast):
    fp = cast["fp-kenya"]
    need = services.save_need(
        actor=fp,
        checklist=checklist,
        article=article(9),
        text="Training of procurement officers",
        category_codes=["capacity_building", "institution_building"],
        priority="high",
        receiving_assistance=True,
        assistance_from="UNDP",
    )
    assert sorted(need.categories.values_list("code", flat=True)) == [
        "capacity_building",
        "institution_building",
    ]
    general = services.save_need(actor=fp, checklist=checklist, text="Data", category_codes=["research_data"])
    assert general.scope == "none"
    with pytest.raises(InvalidInput):  # a cycle-1 category is not in cycle 2's taxonomy
        services.save_need(actor=fp, checklist=checklist, text="x", category_codes=["model_treaty"])
    with pytest.raises(InvalidInput):
        services.save_need(
            actor=fp,
            checklist=checklist,
            text="x",
            category_codes=["policymaking"],
            receiving_assistance=True,
        )
    with pytest.raises(Conflict):
        services.save_need(
            actor=fp,
            checklist=checklist,
            need=need,
            base_version=0,
            article=article(9),
            text="y",
            category_codes=["policymaking"],
        )
    assert TANeed.objects.get(pk=need.pk).text == "Training of procurement officers"


def test_submission_locks_records_a_version_marks_the_milestone_and_notifies(
    checklist, cast, django_capture_on_commit_callbacks
):
    fp = cast["fp-kenya"]
    q = question(checklist, "a5-measures")
    services.save_answer(
        actor=fp,
        checklist=checklist,
        question=q,
        value="The national anti-corruption strategy",
        base_version=0,
    )
    with django_capture_on_commit_callbacks(execute=True):
        fill_required(checklist, fp)
        first = services.submit_checklist(actor=fp, checklist=checklist, note="first answer", confirmed=True)
    assert first.number == 1
    checklist.refresh_from_db()
    assert checklist.status == Checklist.Status.SUBMITTED
    assert Milestone.objects.get(review=checklist.review, stage=Stage.CHECKLIST_SUBMITTED).done_on is not None
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["expert-nzl@example.org", "secretariat@example.org"]
    with pytest.raises(Conflict) as locked:
        services.save_answer(
            actor=fp, checklist=checklist, question=q, value="changed after the submission", base_version=1
        )
    assert locked.value.code == "checklist_locked"
    assert (
        Answer.objects.get(checklist=checklist, question=q).value == "The national anti-corruption strategy"
    )
    with pytest.raises(PermissionDenied):
        services.reopen_checklist(actor=cast["contrib-kenya"], checklist=checklist, reason="x")
    services.reopen_checklist(actor=fp, checklist=checklist, reason="questions of the desk review")
    services.save_answer(
        actor=fp,
        checklist=checklist,
        question=q,
        value="The national anti-corruption strategy 2024",
        base_version=1,
    )
    fill_required(checklist, fp)
    second = services.submit_checklist(actor=fp, checklist=checklist, confirmed=True)
    assert second.number == 2
    rows = selectors.diff_snapshots(checklist, first.snapshot, second.snapshot, changed_only=True)
    assert [(r.article, r.old, r.new) for r in rows] == [
        (5, "The national anti-corruption strategy", "The national anti-corruption strategy 2024")
    ]
    assert "<ins>2024</ins>" in rows[0].new_html


def test_only_the_focal_point_submits(checklist, cast):
    services.save_answer(
        actor=cast["fp-kenya"],
        checklist=checklist,
        question=question(checklist, "a5-status"),
        value="fully",
        base_version=0,
    )
    with pytest.raises(PermissionDenied):
        services.submit_checklist(actor=cast["contrib-kenya"], checklist=checklist)
    assert not checklist.submissions.exists()


def test_carry_over_from_the_previous_review_marks_answers_to_confirm(checklist, cast):
    fp = cast["fp-kenya"]
    # Kenya's cycle-1 answer, submitted, with art. 23 (laundering) answered.
    old = services.start_checklist(actor=fp, review=make_review("KEN", 1))
    old_q = question(old, "a23-measures")
    services.save_answer(
        actor=fp, checklist=old, question=old_q, value="Proceeds of Crime Act 2009", base_version=0
    )
    services.save_need(
        actor=fp,
        checklist=old,
        text="Financial investigations",
        category_codes=["capacity_building"],
        chapter=None,
    )
    # Cycle 1's questions as they were then: nothing required (only art. 23 is answered).
    Question.objects.filter(cycle_id=old.review.cycle_id).update(required=False, min_length=None)
    services.submit_checklist(actor=fp, checklist=old, confirmed=True)
    services.save_answer(
        actor=fp,
        checklist=checklist,
        question=question(checklist, "a14-examples"),
        value="own text",
        base_version=0,
    )
    result = services.carry_over_answers(actor=fp, checklist=checklist)
    assert result["answers"] == 1 and result["needs"] == 1
    carried = Answer.objects.get(checklist=checklist, question__code="a14-measures")
    assert carried.carried_over and carried.value == "Proceeds of Crime Act 2009"
    # An answer already written is never overwritten.
    kept = Answer.objects.get(checklist=checklist, question__code="a14-examples").value
    assert kept is not None and kept["cases"] == "own text"
    need = checklist.needs.get()
    assert need.carried_over and list(need.categories.values_list("code", flat=True)) == ["capacity_building"]
    assert (
        next(r for r in selectors.progress(checklist).articles if r.article.number == 14).state
        == "needs_attention"
    )
    confirmed = services.confirm_answer(actor=fp, answer=carried, base_version=1)
    assert not confirmed.carried_over and confirmed.version == 2
    assert services.carry_over_answers(actor=fp, checklist=checklist)["answers"] == 0  # idempotent


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_attachments_are_checked_by_content_type_and_size(checklist, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fp = cast["fp-kenya"]
    q = question(checklist, "a5-documents")
    saved = services.upload_attachment(
        actor=fp, checklist=checklist, question=q, filename="law.pdf", content=_pdf()
    )
    assert saved.file_type == "pdf" and len(saved.sha256) == 64
    services.upload_attachment(
        actor=fp, checklist=checklist, question=q, filename="report.docx", content=_docx()
    )
    cases = [
        ("virus.exe", b"MZ\x90\x00", "attachment_wrong_type"),
        ("fake.pdf", b"<html>not a pdf</html>", "attachment_content_mismatch"),
        ("fake.pdf", _docx(), "attachment_content_mismatch"),
        ("stats.xlsx", _docx(), "attachment_content_mismatch"),
        ("big.pdf", b"%PDF-" + b"0" * DEFAULT_MAX_BYTES, "attachment_too_large"),
    ]
    for filename, content, code in cases:
        with pytest.raises(InvalidInput) as refused:
            services.upload_attachment(
                actor=fp, checklist=checklist, question=q, filename=filename, content=content
            )
        assert refused.value.code == code, filename
    assert Attachment.objects.filter(checklist=checklist).count() == 2


def test_export_and_import_round_trip(checklist, cast):
    fp = cast["fp-kenya"]
    values = {
        "a5-status": "partly",
        "a5-gaps": "A new strategy is drafted.",
        "a5-key": "yes",
        "a5-examples": {"cases": "Case 1", "table": [["year", "cases"], ["2023", "7"]]},
        "a51-measures": "Mutual assistance act, s. 3",
    }
    for code, value in values.items():
        services.save_answer(
            actor=fp, checklist=checklist, question=question(checklist, code), value=value, base_version=0
        )
    services.save_need(
        actor=fp,
        checklist=checklist,
        article=article(5),
        text="Strategy review",
        category_codes=["policymaking", "research_data"],
        priority="high",
    )
    services.add_stakeholder(
        actor=fp, checklist=checklist, name="Transparency Kenya", kind="civil_society", how="workshop"
    )
    workbook = xlsx_bytes(checklist, selectors.snapshot(checklist))

    target = services.start_checklist(actor=cast["secretariat"], review=make_review("KEN", 1))
    with pytest.raises(InvalidInput):  # a cycle-2 workbook does not fit cycle 1's questions
        services.import_checklist_xlsx(actor=fp, checklist=target, content=workbook)
    assert not target.answers.exists()

    copy = Checklist.objects.create(review=make_review("UGA", 2))
    from irm.accounts.models import Membership, Role, User

    fp_uganda = User.objects.create_user("fp-uganda")
    Membership.objects.create(user=fp_uganda, role=Role.FOCAL_POINT, state=copy.review.state)
    result = services.import_checklist_xlsx(actor=fp_uganda, checklist=copy, content=workbook)
    assert result.as_dict() | {"changes": [], "conflicts": []} == {
        "applied": True,
        "answers": 5,
        "needs": 1,
        "stakeholders": 1,
        "changes": [],
        "conflicts": [],
    }
    original, imported = selectors.snapshot(checklist), selectors.snapshot(copy)
    strip = lambda snap: {  # noqa: E731
        n: {c: a["value"] for c, a in e["answers"].items()} for n, e in snap["articles"].items()
    }
    assert strip(original) == strip(imported)
    without_ids = lambda rows: [{k: v for k, v in r.items() if k not in {"id", "version"}} for r in rows]  # noqa: E731
    assert [dict(n, carried_over=False) for n in without_ids(original["needs"])] == without_ids(
        imported["needs"]
    )
    assert without_ids(original["stakeholders"]) == without_ids(imported["stakeholders"])


def test_import_reports_every_error_with_sheet_row_and_column_and_changes_nothing(checklist, cast):
    from openpyxl import load_workbook

    fp = cast["fp-kenya"]
    content = xlsx_bytes(checklist, selectors.snapshot(checklist))
    book = load_workbook(io.BytesIO(content))
    answers = book["Answers"]
    answers["E2"] = "mostly"  # a5-status
    answers.append([5, "a99-nothing", "text", "", "x", ""])
    book["Needs"].append(
        [None, None, 5, None, "Training", "capacity_building;unknown_code", "urgent", "maybe", ""]
    )
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InvalidInput) as refused:
        services.import_checklist_xlsx(actor=fp, checklist=checklist, content=out.getvalue())
    where = {(e["sheet"], e["row"], e["column"]) for e in refused.value.details["errors"]}
    last = answers.max_row
    assert ("Answers", 2, "answer") in where and ("Answers", last, "code") in where
    assert {
        ("Needs", 2, "categories"),
        ("Needs", 2, "priority"),
        ("Needs", 2, "receiving_assistance"),
    } <= where
    assert not checklist.answers.exists() and not checklist.needs.exists()


def test_word_export_is_in_the_language_of_the_answer(checklist, cast):
    from docx import Document

    from irm.checklists.documents import docx_bytes

    fp = cast["fp-kenya"]
    checklist.language = "zh-hans"
    checklist.save()
    services.save_answer(
        actor=fp,
        checklist=checklist,
        question=question(checklist, "a5-measures"),
        value="国家反腐败战略",
        base_version=0,
    )
    document = Document(io.BytesIO(docx_bytes(checklist, selectors.snapshot(checklist))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "请说明现行措施并引用相关立法" in text and "国家反腐败战略" in text


def test_desk_review_threads_stay_in_the_circle(checklist, cast, other_expert):
    fp, expert = cast["fp-kenya"], cast["expert-nzl"]
    services.save_answer(
        actor=fp,
        checklist=checklist,
        question=question(checklist, "a5-status"),
        value="fully",
        base_version=0,
    )
    with pytest.raises(PermissionDenied):  # nothing submitted yet
        services.ask_question(actor=expert, checklist=checklist, article=article(5), body="Which law?")
    fill_required(checklist, fp)
    services.submit_checklist(actor=fp, checklist=checklist, confirmed=True)
    with pytest.raises(PermissionDenied):
        services.ask_question(actor=other_expert, checklist=checklist, article=article(5), body="?")
    thread = services.ask_question(actor=expert, checklist=checklist, article=article(5), body="Which law?")
    services.reply_to_thread(actor=fp, thread=thread, body="The 2003 Act.")
    assert [m.side for m in thread.messages.all()] == ["expert", "state"]
    assert not permissions.can_view_thread(other_expert, thread)
    assert not permissions.can_reply(cast["contrib-kenya"], thread)  # article 5 not assigned to them


def test_commands_print_progress_and_round_trip_a_workbook(checklist, cast, run_irm, tmp_path):
    import json

    fp = cast["fp-kenya"]
    services.save_answer(
        actor=fp,
        checklist=checklist,
        question=question(checklist, "a5-measures"),
        value="Act",
        base_version=0,
    )
    rows = json.loads(run_irm("checklist_status", "--state", "KEN", "--format", "json"))
    assert rows[0]["iso3"] == "KEN" and rows[0]["progress"]["articles"] == 19
    target = tmp_path / "answer.xlsx"
    run_irm("checklist_export", str(checklist.pk), "--to", str(target))
    services.save_answer(
        actor=fp, checklist=checklist, question=question(checklist, "a5-measures"), value="", base_version=1
    )
    # The answer changed after the export: a conflict, not imported unless that row is named.
    result = json.loads(
        run_irm("checklist_import", str(checklist.pk), str(target), "--as", "fp-kenya", "--format", "json")
    )
    assert result["answers"] == 0 and [c["label"] for c in result["conflicts"]] == ["a5-measures"]
    assert Answer.objects.get(checklist=checklist, question__code="a5-measures").value is None
    ref = result["conflicts"][0]["ref"]
    out = run_irm(
        "checklist_import", str(checklist.pk), str(target), "--as", "fp-kenya", "--apply-conflicts", ref
    )
    assert "1 answers" in out and f"conflict {ref.replace(':', ' row ')} (a5-measures)" in out
    assert Answer.objects.get(checklist=checklist, question__code="a5-measures").value == "Act"


def test_a_contributor_cannot_change_or_move_the_focal_points_general_need(checklist, cast):
    """Issue 14 §5: general needs (no article) belong to the focal point (S003 ¶2–3)."""
    fp, contributor = cast["fp-kenya"], cast["contrib-kenya"]
    services.assign_article(actor=fp, checklist=checklist, article=article(5), user=contributor)
    general = services.save_need(
        actor=fp,
        checklist=checklist,
        text="National anti-corruption strategy",
        category_codes=["policymaking"],
    )
    for target in (None, article(5)):  # overwrite in place, or move it onto an assigned article
        with pytest.raises(PermissionDenied):
            services.save_need(
                actor=contributor,
                checklist=checklist,
                need=general,
                base_version=1,
                article=target,
                text="Overwritten",
                category_codes=["capacity_building"],
            )
    general.refresh_from_db()
    assert (general.text, general.article_id, general.version) == (
        "National anti-corruption strategy",
        None,
        1,
    )
    with pytest.raises(PermissionDenied):
        services.delete_need(actor=contributor, need=general)
    own = services.save_need(
        actor=contributor,
        checklist=checklist,
        article=article(5),
        text="Training",
        category_codes=["capacity_building"],
    )
    services.save_need(
        actor=contributor,
        checklist=checklist,
        need=own,
        base_version=1,
        article=article(5),
        text="Training of judges",
        category_codes=["capacity_building"],
    )
    assert TANeed.objects.get(pk=own.pk).text == "Training of judges"
