"""Import of activities from a CSV/XLSX file: `irm assistance import FILE` and the import page.

The file goes through the platform's one upload check and one bounded reader
(`irm.core.uploads.validate_upload(kind="import")`, `irm.core.tabular.read_table`). Every row is
checked first; any error refuses the whole file with one line per problem naming the file, the row
and the column. A preview (`dry_run`) shows what would be created; the import itself is atomic
(`services.save_imported`). A row whose reference is already in the register is refused, so a file
imported twice changes nothing and no newer work is overwritten.

Columns (header, any order, case-insensitive): title, provider_kind (state | organization | unodc),
provider (ISO3 code of the donor State, or the organization's or programme's name), beneficiary
(ISO3), and optionally reference, needs (finding numbers separated by `;`, each optionally
`:partial`), status (planned | ongoing | delivered | cancelled), starts_on, ends_on (YYYY-MM-DD),
amount, currency (ISO 4217), funding_source, source, description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from irm.assistance import services
from irm.assistance.models import ActivityStatus, Coverage, ProviderKind
from irm.core.exceptions import DomainError, InvalidInput
from irm.core.tabular import read_table
from irm.core.uploads import validate_upload
from irm.parties import selectors as party_selectors

REQUIRED = ("title", "provider_kind", "provider", "beneficiary")
OPTIONAL = (
    "reference",
    "needs",
    "status",
    "starts_on",
    "ends_on",
    "amount",
    "currency",
    "funding_source",
    "source",
    "description",
)


@dataclass
class ImportResult:
    filename: str
    rows: list[tuple[int, services.ActivityInput]] = field(default_factory=list)
    created: int = 0
    dry_run: bool = True


class _Row:
    def __init__(self, filename: str, number: int, values: dict[str, str], errors: list[dict[str, Any]]):
        self.filename, self.number, self.values, self.errors = filename, number, values, errors

    def error(self, column: str, message: str) -> None:
        self.errors.append({"file": self.filename, "row": self.number, "column": column, "message": message})

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def day(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            self.error(column, _("not a date (YYYY-MM-DD): %(value)s") % {"value": value[:40]})
            return None


def _needs(row: _Row) -> list[tuple[int, str]]:
    needs = []
    for part in row.text("needs").replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        number, _sep, cover = part.partition(":")
        cover = cover.strip().lower() or Coverage.FULL
        if not number.strip().isdigit() or cover not in Coverage.values:
            row.error(
                "needs", _("not a need number (e.g. 12 or 12:partial): %(value)s") % {"value": part[:40]}
            )
            continue
        needs.append((int(number), cover))
    return needs


def _parse(row: _Row) -> services.ActivityInput | None:
    before = len(row.errors)
    for column in REQUIRED:
        if not row.text(column):
            row.error(column, _("required"))
    kind = row.text("provider_kind").lower()
    if kind and kind not in ProviderKind.values:
        row.error("provider_kind", _("use state, organization or unodc"))
    beneficiary = (
        party_selectors.state_by_iso3(row.text("beneficiary").upper()) if row.text("beneficiary") else None
    )
    if row.text("beneficiary") and beneficiary is None:
        row.error("beneficiary", _("no State party with this code"))
    provider_state = None
    if kind == ProviderKind.STATE and row.text("provider"):
        provider_state = party_selectors.state_by_iso3(row.text("provider").upper())
        if provider_state is None:
            row.error("provider", _("no State party with this code"))
    status = row.text("status").lower() or ActivityStatus.PLANNED
    if status not in ActivityStatus.values:
        row.error("status", _("use planned, ongoing, delivered or cancelled"))
    amount = None
    if row.text("amount"):
        try:
            amount = Decimal(row.text("amount").replace(" ", ""))
        except InvalidOperation:
            row.error("amount", _("not a number"))
    starts_on, ends_on, needs = row.day("starts_on"), row.day("ends_on"), _needs(row)
    if len(row.errors) > before or beneficiary is None:
        return None
    return services.ActivityInput(
        title=row.text("title")[:300],
        provider_kind=kind,
        beneficiary=beneficiary,
        provider_state=provider_state,
        provider_name="" if kind == ProviderKind.STATE else row.text("provider")[:200],
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
        amount=amount,
        currency=row.text("currency"),
        funding_source=row.text("funding_source")[:200],
        source=row.text("source")[:300],
        description=row.text("description"),
        reference=row.text("reference")[:60],
        needs=needs,
    )


def _check_row(row: _Row, data: services.ActivityInput, seen: set[str]) -> None:
    """The service's own checks, reported against the row instead of refusing the file at once."""
    if data.reference and data.reference in seen:
        row.error("reference", _("this reference appears twice in the file"))
    seen.add(data.reference)
    try:
        services.check_input(data)
    except DomainError as exc:
        column = {
            "assistance_dates": "ends_on",
            "assistance_currency": "currency",
            "assistance_amount": "amount",
            "assistance_reference_taken": "reference",
            "assistance_not_a_need": "needs",
            "assistance_need_of_other_state": "needs",
            "assistance_provider": "provider",
        }.get(exc.code, "")
        row.error(column, exc.message or exc.code)


def import_activities(*, actor: Any, content: bytes, filename: str, dry_run: bool = False) -> ImportResult:
    """Check the whole file; then preview it (`dry_run`) or create its activities, all or nothing."""
    checked = validate_upload(filename, content, kind="import")
    table = read_table(checked.data, checked.filename)
    missing = [c for c in REQUIRED if c not in table.header]
    if missing:
        raise InvalidInput(
            _("%(file)s: the columns %(columns)s are missing.")
            % {"file": checked.filename, "columns": ", ".join(missing)},
            code="assistance_import_columns",
            details={"file": checked.filename, "missing": missing},
        )
    errors: list[dict[str, Any]] = []
    result = ImportResult(filename=checked.filename, dry_run=dry_run)
    seen: set[str] = set()
    for number, values in table.rows:
        row = _Row(checked.filename, number, values, errors)
        data = _parse(row)
        if data is not None:
            _check_row(row, data, seen)
            result.rows.append((number, data))
    if errors:
        raise InvalidInput(
            _("%(file)s: %(count)d problems; nothing was imported.")
            % {"file": checked.filename, "count": len(errors)},
            code="assistance_import_rows",
            details={"errors": errors[:200]},
        )
    if not dry_run:
        result.created = len(
            services.save_imported(actor=actor, rows=[d for _n, d in result.rows], filename=checked.filename)
        )
    return result
