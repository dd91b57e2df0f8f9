"""Import of the directory from a spreadsheet (issue 21 §4), through the one bounded reader.

Columns (exactly these; order free): `state` (any name, in any of the six languages, or the ISO3 code),
`article` (`46.13`, `6.3`, `44.6.a`, …), `authority`, `address`, `phone`, `email`, `website`,
`languages` (semicolon-separated names or codes), `accepts_electronic_requests` and
`interpol_in_urgent_cases` (yes/no/unknown), `public` (yes/no: whether the contact fields are public),
`notes`, `as_of` (a date). `check_file` reads and checks every row and says what importing would do
(the preview); `irm.directory.services.import_entries` applies the rows all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from irm.core.exceptions import DomainError
from irm.core.tabular import read_table
from irm.core.uploads import validate_upload
from irm.directory import languages, services
from irm.directory.models import Answer, Provision
from irm.parties.names import NameResolver, UnknownStateName

COLUMNS = (
    "state",
    "article",
    "authority",
    "address",
    "phone",
    "email",
    "website",
    "languages",
    "accepts_electronic_requests",
    "interpol_in_urgent_cases",
    "public",
    "notes",
    "as_of",
)
#: Not among the issue's columns, but the export writes it: accepted so an export re-imports.
OPTIONAL = ("procedural_requirements",)
YES_NO = {"yes": True, "no": False, "y": True, "n": False, "true": True, "false": False}
PREVIEW_LIMIT = 200
OUTCOMES = {
    "created": _lazy("New entry"),
    "updated": _lazy("Updates the entry"),
    "unchanged": _lazy("No change"),
    "skipped_newer": _lazy("Not imported: the directory is newer"),
}


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("%(file)s, row %(row)d, column %(column)s: %(message)s") % {
            "file": self.file,
            "row": self.row,
            "column": self.column or "-",
            "message": self.message,
        }

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class CheckedFile:
    filename: str
    rows: list[services.ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    outcomes: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0, "skipped_newer": 0}
    )
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "rows": len(self.rows),
            **self.outcomes,
            "errors": [e.as_dict() for e in self.errors],
            "changes": self.preview,
        }


def _answer(value: str) -> str | None:
    value = value.strip().lower() or Answer.UNKNOWN
    return value if value in Answer.values else None


def _check_row(
    number: int, values: dict[str, str], checked: CheckedFile, resolver: NameResolver
) -> services.ImportRow | None:
    errors: list[RowError] = []

    def error(column: str, message: str) -> None:
        errors.append(RowError(checked.filename, number, column, message))

    state = None
    try:
        state = resolver.resolve(values["state"]) if values["state"] else None
        if state is None:
            error("state", _("The State is missing."))
    except UnknownStateName as exc:
        error("state", exc.message or str(exc))
    provision = values["article"].strip().lower().replace("(", ".").replace(")", "").replace(" ", "")
    if provision not in Provision.values:
        error(
            "article",
            _("Unknown article %(value)s; use one of %(known)s.")
            % {
                "value": values["article"][:20],
                "known": ", ".join(Provision.values),
            },
        )
    codes, unknown = languages.parse(values["languages"])
    if unknown:
        error("languages", _("Unknown language: %(names)s.") % {"names": ", ".join(unknown)[:200]})
    answers = {}
    for column in ("accepts_electronic_requests", "interpol_in_urgent_cases"):
        answers[column] = _answer(values[column])
        if answers[column] is None:
            error(column, _("Write yes, no or unknown."))
    public = YES_NO.get(values["public"].strip().lower() or "no")
    if public is None:
        error("public", _("Write yes or no."))
    as_of = None
    try:
        as_of = date.fromisoformat(values["as_of"].strip())
    except ValueError:
        error("as_of", _("Write the date as YYYY-MM-DD."))
    data = {
        **{c: values[c] for c in ("authority", "address", "phone", "email", "website", "notes")},
        "languages": codes,
        **answers,
        "procedural_requirements": values["procedural_requirements"],
        "contacts_public": bool(public),
    }
    if not errors:
        try:
            data = services.clean_data(data)
        except DomainError as exc:
            error(str(exc.details.get("field", "")), exc.message)
    checked.errors.extend(errors)
    if errors or state is None or as_of is None:
        return None
    return services.ImportRow(row=number, state=state, provision=provision, data=data, as_of=as_of)


def check_file(content: bytes, filename: str) -> CheckedFile:
    """Read and check every row; say what importing each would do (nothing is written)."""
    upload = validate_upload(filename, content, kind="import")
    checked = CheckedFile(filename=upload.filename)
    table = read_table(content, upload.filename)
    missing = [c for c in COLUMNS if c not in table.header]
    extra = [c for c in table.header if c and c not in COLUMNS + OPTIONAL]
    if missing or extra:
        message = _("The columns must be exactly: %(columns)s.") % {"columns": ", ".join(COLUMNS)}
        if missing:
            message += " " + _("Missing: %(names)s.") % {"names": ", ".join(missing)}
        if extra:
            message += " " + _("Not expected: %(names)s.") % {"names": ", ".join(extra)[:200]}
        checked.errors.append(RowError(checked.filename, 1, "", message))
        return checked
    resolver = NameResolver()
    seen: dict[tuple[int, str, str], int] = {}
    for number, raw in table.rows:
        row = _check_row(number, {c: raw.get(c, "") for c in COLUMNS + OPTIONAL}, checked, resolver)
        if row is None:
            continue
        key = (row.state.pk, row.provision, row.data["authority"])
        if key in seen:
            checked.errors.append(
                RowError(
                    checked.filename,
                    number,
                    "authority",
                    _("Same entry as row %(row)d.") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = number
        checked.rows.append(row)
    for row in checked.rows:
        entry = services.find_entry(state=row.state, provision=row.provision, authority=row.data["authority"])
        outcome = services.compare(entry, row)
        checked.outcomes[outcome] += 1
        if len(checked.preview) < PREVIEW_LIMIT:
            checked.preview.append(
                {
                    "row": row.row,
                    "state": row.state.iso3,
                    "state_name": row.state.name,
                    "article": row.provision,
                    "authority": row.data["authority"],
                    "as_of": row.as_of.isoformat(),
                    "article_label": str(Provision(row.provision).label),
                    "outcome": outcome,
                    "outcome_label": str(OUTCOMES[outcome]),
                    "current_as_of": entry.as_of.isoformat() if entry else None,
                }
            )
    return checked


def import_file(*, actor: Any, content: bytes, filename: str, dry_run: bool = False) -> CheckedFile:
    """Check the file and, if every row is valid and not `dry_run`, import it all or nothing."""
    checked = check_file(content, filename)
    if checked.ok and not dry_run:
        services.import_entries(actor=actor, rows=checked.rows, filename=checked.filename)
    return checked
