from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from irm.assistance import imports, services
from irm.assistance.models import Activity
from irm.core.audit import AuditEvent
from irm.core.exceptions import InvalidInput, PermissionDenied

pytestmark = pytest.mark.django_db

HEADER = "reference,title,provider_kind,provider,beneficiary,needs,status,starts_on,ends_on,amount,currency\n"


def _csv(kenya, *rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def _good(kenya) -> list[str]:
    one, two, _ = kenya["needs"]
    return [
        f"NOR-1,Prosecutors' course,state,NOR,KEN,{one.pk},delivered,2023-01-10,2023-02-10,120000,NOK",
        f"UNDP-7,Asset declarations system,organization,UNDP,KEN,{two.pk}:partial,ongoing,2023-04-01,,,",
    ]


def test_preview_creates_nothing_and_import_creates_validated_activities(cast, kenya):
    content = _csv(kenya, *_good(kenya))
    preview = imports.import_activities(
        actor=cast["secretariat"], content=content, filename="ta.csv", dry_run=True
    )
    assert [d.title for _n, d in preview.rows] == ["Prosecutors' course", "Asset declarations system"]
    assert not Activity.objects.exists()
    result = imports.import_activities(actor=cast["secretariat"], content=content, filename="ta.csv")
    assert result.created == 2
    undp = Activity.objects.get(reference="UNDP-7")
    assert undp.provider_name == "UNDP" and undp.validated_by == cast["secretariat"]
    assert list(undp.links.values_list("coverage", flat=True)) == ["partial"]
    imported = AuditEvent.objects.get(action="assistance.activities_imported")
    assert imported.after is not None and imported.after["activities"] == 2
    # The same file again: its references exist, so nothing is overwritten and nothing added.
    with pytest.raises(InvalidInput) as caught:
        imports.import_activities(actor=cast["secretariat"], content=content, filename="ta.csv")
    assert {e["column"] for e in caught.value.details["errors"]} == {"reference"}
    assert Activity.objects.count() == 2


def test_row_errors_name_file_row_and_column_and_nothing_is_imported(cast, kenya):
    bad = f"X-1,Bad,state,NOR,KEN,{kenya['challenge'].pk},finished,2023-13-01,,abc,"
    with pytest.raises(InvalidInput) as caught:
        imports.import_activities(
            actor=cast["secretariat"], content=_csv(kenya, *_good(kenya), bad), filename="ta.csv"
        )
    errors = caught.value.details["errors"]
    assert {(e["file"], e["row"], e["column"]) for e in errors} == {
        ("ta.csv", 4, "status"),
        ("ta.csv", 4, "starts_on"),
        ("ta.csv", 4, "amount"),
    }
    assert caught.value.code == "assistance_import_rows"
    assert not Activity.objects.exists()
    need_error = f"X-2,Bad need,state,NOR,KEN,{kenya['challenge'].pk},planned,,,,"
    with pytest.raises(InvalidInput) as caught:
        imports.import_activities(
            actor=cast["secretariat"], content=_csv(kenya, need_error), filename="ta.csv"
        )
    assert [(e["row"], e["column"]) for e in caught.value.details["errors"]] == [(2, "needs")]


def test_missing_columns_and_non_tables_are_refused(cast, kenya):
    with pytest.raises(InvalidInput) as caught:
        imports.import_activities(
            actor=cast["secretariat"], content=b"title,provider\nA,B\n", filename="ta.csv"
        )
    assert caught.value.code == "assistance_import_columns"
    with pytest.raises(InvalidInput):
        imports.import_activities(
            actor=cast["secretariat"], content=b"%PDF-1.4 not a table", filename="ta.csv"
        )


def test_only_the_secretariat_imports(cast, kenya):
    with pytest.raises(PermissionDenied):
        imports.import_activities(
            actor=cast["donor-norway"], content=_csv(kenya, *_good(kenya)), filename="ta.csv"
        )
    assert not Activity.objects.exists()


def test_report_command_json_and_text(cast, kenya, make_input):
    activity = services.record_activity(
        actor=cast["secretariat"],
        data=make_input(needs=[(kenya["needs"][0].pk, "full")], status="delivered", ends_on=date(2023, 5, 1)),
    )
    services.validate_activity(actor=cast["secretariat"], activity=activity)
    out = StringIO()
    call_command(
        "assistance", "report", "--cycle", "2", "--as-of", "2024-01-01", "--format", "json", stdout=out
    )
    doc = json.loads(out.getvalue())
    assert {k: doc[k] for k in ("needs", "met", "partly_met", "unmet")} == {
        "needs": 3,
        "met": 1,
        "partly_met": 0,
        "unmet": 2,
    }
    assert doc["by_provider"][0]["provider"] == "NOR" and doc["by_category"]
    out = StringIO()
    call_command("assistance", "report", "--as-of", "2024-01-01", "--format", "text", stdout=out)
    assert "needs 3: met 1, partly met 0, unmet 2" in out.getvalue()


def test_import_command(cast, kenya, tmp_path):
    path = tmp_path / "ta.csv"
    path.write_bytes(_csv(kenya, *_good(kenya)))
    out = StringIO()
    call_command("assistance", "import", str(path), "--as", "secretariat", "--dry-run", stdout=out)
    assert "2 activities would be created" in out.getvalue() and not Activity.objects.exists()
    call_command("assistance", "import", str(path), "--as", "secretariat", stdout=out)
    assert Activity.objects.count() == 2
    path.write_bytes(_csv(kenya, "Z,No,state,NOR,XXX,,,,,,"))
    with pytest.raises(CommandError, match="beneficiary"):
        call_command("assistance", "import", str(path), "--as", "secretariat", stdout=out)
