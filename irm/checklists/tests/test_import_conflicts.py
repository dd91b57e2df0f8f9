"""Checklist workbooks cannot destroy newer work (issue 14 §6): versions, conflicts, deletion markers."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from irm.checklists import selectors, services
from irm.checklists.documents import xlsx_bytes
from irm.checklists.models import Answer, Stakeholder, TANeed
from irm.checklists.tests.conftest import article, question
from irm.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def export(checklist) -> bytes:
    return xlsx_bytes(checklist, selectors.snapshot(checklist), versions=selectors.answer_versions(checklist))


def edit(content: bytes, change) -> bytes:
    book = load_workbook(io.BytesIO(content))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(sheet, column: str, value) -> int:
    """The row number whose cell in `column` (by header) holds `value`."""
    header = [c.value for c in sheet[1]]
    index = header.index(column)
    return next(r[0].row for r in sheet.iter_rows(min_row=2) if r[index].value == value)


def set_cell(book, sheet: str, key_column: str, key, column: str, value) -> int:
    ws = book[sheet]
    number = row_of(ws, key_column, key)
    ws.cell(row=number, column=[c.value for c in ws[1]].index(column) + 1, value=value)
    return number


def save(checklist, fp, code: str, value, base: int):
    return services.save_answer(
        actor=fp, checklist=checklist, question=question(checklist, code), value=value, base_version=base
    )


@pytest.fixture
def answered(checklist, cast):
    """Two answers, a general need and a stakeholder, then the workbook exported from them."""
    fp = cast["fp-kenya"]
    save(checklist, fp, "a5-measures", "Anti-corruption strategy 2020", 0)
    save(checklist, fp, "a6-measures", "Ethics commission", 0)
    services.save_need(
        actor=fp, checklist=checklist, text="Training of auditors", category_codes=["capacity_building"]
    )
    services.add_stakeholder(actor=fp, checklist=checklist, name="Transparency Kenya", kind="civil_society")
    return export(checklist)


def test_an_answer_changed_since_the_export_is_a_conflict_and_is_not_applied(checklist, cast, answered):
    fp, contributor = cast["fp-kenya"], cast["contrib-kenya"]
    services.assign_article(actor=fp, checklist=checklist, article=article(5), user=contributor)
    save(checklist, contributor, "a5-measures", "Strategy 2025 (newer, by the contributor)", 1)
    rows = {}

    def change(book):
        rows["a5"] = set_cell(book, "Answers", "code", "a5-measures", "answer", "Old offline text")
        rows["a6"] = set_cell(book, "Answers", "code", "a6-measures", "answer", "Ethics commission and code")

    workbook = edit(answered, change)
    preview = services.import_checklist_xlsx(actor=fp, checklist=checklist, content=workbook, dry_run=True)
    assert [(c.ref, c.label) for c in preview.conflicts] == [(f"Answers:{rows['a5']}", "a5-measures")]
    assert (
        "version 1, now 2" in preview.conflicts[0].reason and "Otieno Ministry" in preview.conflicts[0].reason
    )
    assert preview.conflicts[0].current.startswith("Strategy 2025")
    assert [c.label for c in preview.changes] == ["a6-measures"]
    assert Answer.objects.get(checklist=checklist, question__code="a6-measures").value == "Ethics commission"

    result = services.import_checklist_xlsx(actor=fp, checklist=checklist, content=workbook)
    assert result.as_dict()["answers"] == 1 and not result.conflicts[0].applied
    current = Answer.objects.get(checklist=checklist, question__code="a5-measures")
    assert (current.value, current.version) == ("Strategy 2025 (newer, by the contributor)", 2)
    kept = Answer.objects.get(checklist=checklist, question__code="a6-measures").value
    assert kept is not None and kept.endswith("and code")
    event = AuditEvent.objects.filter(action="checklists.imported").latest("seq")
    assert event.after is not None
    assert event.after["conflicts_skipped"] == [f"Answers:{rows['a5']}"]


def test_a_conflict_is_applied_only_when_chosen_row_by_row(checklist, cast, answered):
    fp = cast["fp-kenya"]
    save(checklist, fp, "a5-measures", "Newer 5", 1)
    save(checklist, fp, "a6-measures", "Newer 6", 1)
    rows = {}

    def change(book):
        rows["a5"] = set_cell(book, "Answers", "code", "a5-measures", "answer", "Mine 5")
        rows["a6"] = set_cell(book, "Answers", "code", "a6-measures", "answer", "Mine 6")

    result = services.import_checklist_xlsx(
        actor=fp,
        checklist=checklist,
        content=edit(answered, change),
        apply_conflicts={f"Answers:{rows['a6']}"},
    )
    values = dict(Answer.objects.filter(checklist=checklist).values_list("question__code", "value"))
    assert (values["a5-measures"], values["a6-measures"]) == ("Newer 5", "Mine 6")
    assert {c.ref: c.applied for c in result.conflicts} == {
        f"Answers:{rows['a5']}": False,
        f"Answers:{rows['a6']}": True,
    }


def test_reimporting_the_exported_workbook_changes_nothing(checklist, cast, answered):
    before = selectors.snapshot(checklist)
    result = services.import_checklist_xlsx(actor=cast["fp-kenya"], checklist=checklist, content=answered)
    assert result.changes == [] and result.conflicts == []
    assert selectors.snapshot(checklist) == before


def test_an_empty_needs_or_stakeholders_sheet_deletes_nothing(checklist, cast, answered):
    def empty(book):
        for name in ("Needs", "Stakeholders"):
            book[name].delete_rows(2, book[name].max_row)

    services.import_checklist_xlsx(actor=cast["fp-kenya"], checklist=checklist, content=edit(answered, empty))
    assert list(checklist.needs.values_list("text", flat=True)) == ["Training of auditors"]
    assert list(checklist.stakeholders.values_list("name", flat=True)) == ["Transparency Kenya"]


def test_only_a_row_marked_delete_is_deleted(checklist, cast, answered):
    fp = cast["fp-kenya"]
    services.save_need(
        actor=fp, checklist=checklist, text="Case management system", category_codes=["research_data"]
    )
    workbook = export(checklist)

    def mark(book):
        set_cell(book, "Needs", "text", "Training of auditors", "delete", "yes")
        set_cell(book, "Stakeholders", "name", "Transparency Kenya", "delete", "x")

    result = services.import_checklist_xlsx(actor=fp, checklist=checklist, content=edit(workbook, mark))
    assert list(checklist.needs.values_list("text", flat=True)) == ["Case management system"]
    assert not checklist.stakeholders.exists()
    assert sorted(c.action for c in result.changes) == ["delete", "delete"]


def test_deleting_or_changing_a_need_changed_since_the_export_is_a_conflict(checklist, cast, answered):
    fp = cast["fp-kenya"]
    need = checklist.needs.get()
    services.save_need(
        actor=fp,
        checklist=checklist,
        need=need,
        base_version=1,
        text="Training of auditors and prosecutors",
        category_codes=["capacity_building"],
    )

    def mark(book):
        set_cell(book, "Needs", "text", "Training of auditors", "delete", "yes")

    result = services.import_checklist_xlsx(actor=fp, checklist=checklist, content=edit(answered, mark))
    assert [(c.sheet, c.action, c.applied) for c in result.conflicts] == [("Needs", "delete", False)]
    assert TANeed.objects.get(pk=need.pk).text == "Training of auditors and prosecutors"

    def change(book):
        set_cell(book, "Needs", "text", "Training of auditors", "priority", "high")

    result = services.import_checklist_xlsx(actor=fp, checklist=checklist, content=edit(answered, change))
    assert [(c.sheet, c.action, c.applied) for c in result.conflicts] == [("Needs", "update", False)]
    assert TANeed.objects.get(pk=need.pk).priority == "medium"


def test_a_need_deleted_since_the_export_comes_back_only_when_chosen(checklist, cast, answered):
    fp = cast["fp-kenya"]
    services.delete_need(actor=fp, need=checklist.needs.get())
    result = services.import_checklist_xlsx(actor=fp, checklist=checklist, content=answered)
    assert [c.sheet for c in result.conflicts] == ["Needs"] and not checklist.needs.exists()
    services.import_checklist_xlsx(
        actor=fp, checklist=checklist, content=answered, apply_conflicts={result.conflicts[0].ref}
    )
    assert list(checklist.needs.values_list("text", flat=True)) == ["Training of auditors"]


def test_new_rows_are_added_once(checklist, cast, answered):
    def add(book):
        book["Needs"].append(
            [None, None, 5, None, "Asset declarations", "capacity_building", "high", "no", "", ""]
        )
        book["Stakeholders"].append([None, None, "Law Society", "civil_society", "hearing", ""])

    workbook = edit(answered, add)
    services.import_checklist_xlsx(actor=cast["fp-kenya"], checklist=checklist, content=workbook)
    services.import_checklist_xlsx(actor=cast["fp-kenya"], checklist=checklist, content=workbook)
    assert checklist.needs.filter(text="Asset declarations", article__number=5).count() == 1
    assert Stakeholder.objects.filter(checklist=checklist, name="Law Society").count() == 1


def test_a_workbook_without_versions_never_overwrites_an_answer(checklist, cast, answered):
    def old_format(book):
        ws = book["Answers"]
        ws.delete_cols([c.value for c in ws[1]].index("version") + 1)
        set_cell(book, "Answers", "code", "a5-measures", "answer", "From an old workbook")

    result = services.import_checklist_xlsx(
        actor=cast["fp-kenya"], checklist=checklist, content=edit(answered, old_format)
    )
    assert [c.label for c in result.conflicts] == ["a5-measures"]
    assert (
        Answer.objects.get(checklist=checklist, question__code="a5-measures").value
        == "Anti-corruption strategy 2020"
    )


def test_the_page_previews_then_imports_only_the_ticked_conflicts(client, checklist, cast, answered):
    fp = cast["fp-kenya"]
    save(checklist, fp, "a5-measures", "Newer", 1)
    rows = {}

    def change(book):
        rows["a5"] = set_cell(book, "Answers", "code", "a5-measures", "answer", "Offline")
        rows["a6"] = set_cell(book, "Answers", "code", "a6-measures", "answer", "Offline 6")

    workbook = io.BytesIO(edit(answered, change))
    workbook.name = "answer.xlsx"
    client.force_login(fp)
    preview = client.post(f"/checklists/{checklist.pk}/import/", {"file": workbook})
    page = preview.content.decode()
    assert preview.status_code == 200 and 'id="import-conflicts"' in page
    assert f'value="Answers:{rows["a5"]}"' in page and "Newer" in page and "Offline" in page
    assert Answer.objects.get(checklist=checklist, question__code="a6-measures").value == "Ethics commission"

    done = client.post(f"/checklists/{checklist.pk}/import/confirm/", {})
    assert done.status_code == 302
    values = dict(Answer.objects.filter(checklist=checklist).values_list("question__code", "value"))
    assert (values["a5-measures"], values["a6-measures"]) == ("Newer", "Offline 6")
    # The held upload is gone: confirming twice imports nothing more.
    again = client.post(
        f"/checklists/{checklist.pk}/import/confirm/", {"apply": f"Answers:{rows['a5']}"}, follow=True
    )
    assert "expired" in again.content.decode()
    assert Answer.objects.get(checklist=checklist, question__code="a5-measures").value == "Newer"


def test_a_contributor_cannot_import(client, checklist, cast, answered):
    client.force_login(cast["contrib-kenya"])
    workbook = io.BytesIO(answered)
    workbook.name = "answer.xlsx"
    assert client.post(f"/checklists/{checklist.pk}/import/", {"file": workbook}).status_code == 404
