"""Import of the directory from a spreadsheet (issue 21 §4): exactly the issue's columns, names in any
language, row errors naming file/row/column, all or nothing, never overwriting newer information."""

from __future__ import annotations

import io
from datetime import date

import pytest

from irm.core.exceptions import PermissionDenied
from irm.core.models import AuditEvent
from irm.core.tabular import write_table
from irm.directory import imports
from irm.directory.models import Entry
from irm.directory.tests.factories import make_entry

pytestmark = pytest.mark.django_db

HEADER = list(imports.COLUMNS)


def _row(**values: str) -> list[str]:
    base = {
        "state": "Kenya",
        "article": "46.13",
        "authority": "Office of the Attorney General",
        "address": "Nairobi",
        "phone": "+254 20 000",
        "email": "mla@example.go.ke",
        "website": "",
        "languages": "English; Kiswahili",
        "accepts_electronic_requests": "yes",
        "interpol_in_urgent_cases": "unknown",
        "public": "no",
        "notes": "",
        "as_of": "2024-05-01",
    }
    base.update(values)
    return [base[c] for c in HEADER]


def _csv(*rows: list[str], header: list[str] = HEADER) -> bytes:
    return write_table(header, rows, "csv")


def test_an_import_resolves_names_in_any_language_and_lands_every_row(cast):
    content = _csv(
        _row(),
        _row(state="République française", article="46(14)", authority="", languages="français; English"),
        _row(state="NZL", article="6.3", authority="Serious Fraud Office", public="yes"),
    )
    checked = imports.import_file(actor=cast["secretariat"], content=content, filename="directory.csv")
    assert checked.ok, checked.errors
    assert checked.outcomes["created"] == 3
    kenya = Entry.objects.get(state__iso3="KEN")
    assert kenya.languages == ["en", "sw"] and kenya.accepts_electronic_requests == "yes"
    assert not kenya.contacts_public and kenya.as_of == date(2024, 5, 1)
    assert Entry.objects.get(state__iso3="FRA").provision == "46.14"
    assert Entry.objects.get(state__iso3="NZL").contacts_public
    event = AuditEvent.objects.get(action="directory.entries_imported")
    assert event.after is not None
    assert event.after["created"] == 3 and event.after["file"] == "directory.csv"


def test_a_bad_row_names_file_row_and_column_and_nothing_lands(cast):
    content = _csv(
        _row(),
        _row(state="Republic of Kenia", authority="B"),
        _row(authority="C", accepts_electronic_requests="maybe"),
        _row(authority="D", as_of="1 May"),
        _row(authority="E", article="99.1"),
    )
    checked = imports.import_file(actor=cast["secretariat"], content=content, filename="directory.csv")
    where = {(e.row, e.column) for e in checked.errors}
    assert where == {(3, "state"), (4, "accepts_electronic_requests"), (5, "as_of"), (6, "article")}
    assert all(e.file == "directory.csv" for e in checked.errors)
    assert "directory.csv, row 4, column accepts_electronic_requests" in str(checked.errors[1])
    assert not Entry.objects.exists(), "one bad row: nothing is imported"


def test_the_columns_must_be_the_issues(cast):
    content = _csv(_row()[:-1], header=HEADER[:-1])
    checked = imports.import_file(actor=cast["secretariat"], content=content, filename="d.csv")
    assert not checked.ok and "as_of" in checked.errors[0].message
    assert not Entry.objects.exists()


def test_an_import_never_overwrites_newer_information(cast):
    entry = make_entry(
        cast["secretariat"], as_of=date(2025, 1, 1), authority="Office of the Attorney General"
    )
    content = _csv(_row(email="older@example.go.ke", as_of="2024-05-01"))
    checked = imports.import_file(actor=cast["secretariat"], content=content, filename="d.csv")
    assert checked.ok and checked.outcomes["skipped_newer"] == 1
    assert (
        checked.preview[0]["outcome"] == "skipped_newer"
        and checked.preview[0]["current_as_of"] == "2025-01-01"
    )
    entry.refresh_from_db()
    assert entry.email == "mla@example.go.ke" and entry.version == 1


def test_a_dry_run_previews_without_writing(cast):
    checked = imports.import_file(
        actor=cast["secretariat"], content=_csv(_row()), filename="d.csv", dry_run=True
    )
    assert checked.outcomes["created"] == 1 and checked.preview[0]["state_name"] == "Kenya"
    assert not Entry.objects.exists()


def test_only_the_secretariat_imports(cast):
    with pytest.raises(PermissionDenied):
        imports.import_file(actor=cast["fp-kenya"], content=_csv(_row()), filename="d.csv")
    assert not Entry.objects.exists()


def test_the_command_previews_then_imports(tmp_path, cast):
    import json

    from django.core.management import CommandError, call_command

    path = tmp_path / "directory.csv"
    path.write_bytes(_csv(_row(), _row(state="NZL", article="6.3", authority="Serious Fraud Office")))
    out = io.StringIO()
    call_command("directory", "import", str(path), "--dry-run", "--format", "json", stdout=out)
    preview = json.loads(out.getvalue())
    assert preview["created"] == 2 and not preview["applied"] and not Entry.objects.exists()
    out = io.StringIO()
    call_command("directory", "import", str(path), stdout=out)
    assert "imported: 2 new" in out.getvalue() and Entry.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(_row(state="Atlantis")))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("directory", "import", str(bad), stdout=out)
    assert "bad.csv, row 2, column state" in out.getvalue()
