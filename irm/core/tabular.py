"""The one reader of uploaded CSV/XLSX files and the one writer of CSV/XLSX exports.

Reading (`read_table`, `read_workbook`) — every import uses it, so the bounds hold everywhere:

- the file is refused BEFORE parsing when it is over a limit (`Limits`: bytes; for an XLSX, which
  is a zip, the expanded size and the number of parts, read from the zip's directory), and while
  reading when it has too many rows or cells or a cell is too long; the message says which limit;
- the type is checked by content through `irm.core.uploads` (a CSV must be text, an XLSX a workbook);
- CSV: UTF-8 with or without BOM, or UTF-16 with BOM; comma or semicolon separated;
- XLSX: formulas are read as the values the spreadsheet computed; a formula without a computed
  value (a file never opened in a spreadsheet program) is refused, naming the cell;
- every error is an `InvalidInput` whose message and `details` name the file, sheet, row and column;
- the `'` the writer puts before a formula-like text is taken off again, so exports re-import as they were.

Writing (`safe_cell`, `write_csv`, `write_xlsx`, `write_table`) — every export goes through it, so no
cell can carry a formula (OWASP "CSV injection"): a text beginning with `=`, `+`, `-`, `@`, a tab or a
carriage return gets a leading `'`; numbers, dates and booleans stay what they are.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from irm.core import uploads
from irm.core.exceptions import InvalidInput

FORMATS = ("csv", "xlsx")
MB = 1024 * 1024

#: Characters that make a spreadsheet read a cell as a formula (OWASP: CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_FORMULA_ELEMENT = re.compile(rb"<(\w+:)?f[\s>/]")


@dataclass(frozen=True)
class Limits:
    """Bounds on one uploaded table. Settings `IRM_IMPORT_LIMITS = {"max_rows": …}` override these."""

    max_bytes: int = 20 * MB
    max_rows: int = 250_000  # per sheet, header included: the largest row number accepted
    max_cells: int = 5_000_000  # per file
    max_cell_chars: int = 32_767  # a spreadsheet cell's own limit
    max_expanded_bytes: int = 250 * MB  # XLSX: what the zip expands to
    max_parts: int = 1_000  # XLSX: entries in the zip


def default_limits() -> Limits:
    overrides: dict[str, int] = getattr(settings, "IRM_IMPORT_LIMITS", {}) or {}
    return replace(Limits(max_bytes=uploads.max_bytes("import")), **overrides)


@dataclass
class Table:
    """One sheet: its lower-cased header and its non-empty rows with the row numbers a spreadsheet shows."""

    filename: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number, values by column)
    sheet: str = ""


def _error(
    message: str, code: str, *, file: str, sheet: str = "", row: int = 0, column: str = "", **extra: Any
) -> InvalidInput:
    return InvalidInput(
        message, code=code, details={"file": file, "sheet": sheet, "row": row, "column": column, **extra}
    )


def _where(file: str, sheet: str, row: int, column: str = "") -> str:
    parts = [file] + ([_("sheet %(sheet)s") % {"sheet": sheet}] if sheet else [])
    parts.append(_("row %(row)d") % {"row": row})
    if column:
        parts.append(_("column %(column)s") % {"column": column})
    return ", ".join(parts)


def format_of(filename: str) -> str:
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise _error(
            _("%(file)s: use a .csv or .xlsx file.") % {"file": filename}, "unsupported_format", file=filename
        )
    return suffix


# --- reading ------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as text: dates as ISO dates, whole numbers without '.0', the export's `'` taken off."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.date().isoformat()
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_TRIGGERS:
        text = text[1:]
    return text


class _Counter:
    """Counts cells across a file and checks each row against the limits."""

    def __init__(self, filename: str, limits: Limits) -> None:
        self.filename, self.limits, self.cells = filename, limits, 0

    def check(self, sheet: str, number: int, values: Sequence[str], header: Sequence[str]) -> None:
        if number > self.limits.max_rows:
            raise _error(
                _("%(file)s: more than %(limit)d rows; split the file.")
                % {"file": self.filename, "limit": self.limits.max_rows - 1},
                "too_many_rows",
                file=self.filename,
                sheet=sheet,
                row=number,
                limit=self.limits.max_rows - 1,
            )
        self.cells += len(values)
        if self.cells > self.limits.max_cells:
            raise _error(
                _("%(file)s: more than %(limit)d cells; split the file.")
                % {"file": self.filename, "limit": self.limits.max_cells},
                "too_many_cells",
                file=self.filename,
                sheet=sheet,
                row=number,
                limit=self.limits.max_cells,
            )
        for index, value in enumerate(values):
            column = header[index] if index < len(header) and header[index] else _column_letter(index)
            if len(value) > self.limits.max_cell_chars:
                raise _error(
                    _("%(where)s: the text is longer than %(limit)d characters.")
                    % {
                        "where": _where(self.filename, sheet, number, column),
                        "limit": self.limits.max_cell_chars,
                    },
                    "cell_too_long",
                    file=self.filename,
                    sheet=sheet,
                    row=number,
                    column=column,
                    limit=self.limits.max_cell_chars,
                )
            if "\x00" in value:
                raise _error(
                    _("%(where)s: the text contains a NUL character.")
                    % {"where": _where(self.filename, sheet, number, column)},
                    "nul_character",
                    file=self.filename,
                    sheet=sheet,
                    row=number,
                    column=column,
                )


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _table(
    filename: str, sheet: str, raw_rows: Iterator[Sequence[str]], counter: _Counter, width_hint: int = 0
) -> Table:
    first = next(raw_rows, None)
    header = [c.strip().lower() for c in (first or [])]
    counter.check(sheet, 1, header, header)
    while header and not header[-1]:
        header.pop()
    table = Table(filename=filename, header=header, sheet=sheet)
    width = len(header)
    for number, values in enumerate(raw_rows, start=2):
        counter.check(sheet, number, values, header)
        row = list(values[:width]) + [""] * (width - len(values))
        if any(values):
            table.rows.append((number, dict(zip(header, row, strict=True))))
    return table


def _decode(content: bytes, filename: str) -> str:
    try:
        if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = content.decode("utf-16")
        else:
            text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise _error(
            _(
                "%(file)s, row %(row)d: the file is not UTF-8 text. Save it as “CSV UTF-8” "
                "(or UTF-16) and try again."
            )
            % {"file": filename, "row": line},
            "bad_encoding",
            file=filename,
            row=line,
        ) from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _error(
            _("%(file)s, row %(row)d: the text contains a NUL character.") % {"file": filename, "row": line},
            "nul_character",
            file=filename,
            row=line,
        )
    return text


def _csv_rows(text: str, filename: str) -> Iterator[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _error(
                _("%(file)s, row %(row)d: not readable as CSV (%(reason)s).")
                % {"file": filename, "row": reader.line_num, "reason": exc},
                "bad_csv",
                file=filename,
                row=reader.line_num,
            ) from exc
        yield [_text(v) for v in raw]


def _check_zip(content: bytes, filename: str, limits: Limits) -> None:
    """An XLSX is a zip: refuse what would expand too far BEFORE anything decompresses it."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _error(
            _("%(file)s: not a readable .xlsx workbook.") % {"file": filename}, "bad_workbook", file=filename
        ) from exc
    if len(infos) > limits.max_parts:
        raise _error(
            _("%(file)s: the workbook has %(parts)d parts; the limit is %(limit)d.")
            % {"file": filename, "parts": len(infos), "limit": limits.max_parts},
            "too_many_parts",
            file=filename,
            limit=limits.max_parts,
        )
    # zipfile never yields more than an entry's declared size, so the declared sizes are the bound.
    expanded = sum(i.file_size for i in infos)
    if expanded > limits.max_expanded_bytes:
        raise _error(
            _("%(file)s: the workbook expands to %(size).0f MB when opened; the limit is %(limit).0f MB.")
            % {"file": filename, "size": expanded / MB, "limit": limits.max_expanded_bytes / MB},
            "expanded_too_large",
            file=filename,
            limit=limits.max_expanded_bytes,
        )


def _check_file(content: bytes, filename: str, fmt: str, limits: Limits) -> None:
    if len(content) > limits.max_bytes:
        raise _error(
            _("%(file)s: the file is %(size).1f MB; the limit is %(limit).0f MB.")
            % {"file": filename, "size": len(content) / MB, "limit": limits.max_bytes / MB},
            "file_too_large",
            file=filename,
            limit=limits.max_bytes,
        )
    if fmt == "xlsx":
        _check_zip(content, filename, limits)
    else:
        _decode(content, filename)  # a precise message (which row) before the type check's general one
    try:
        uploads.check_upload(filename, content, allowed=(fmt,), limit=limits.max_bytes)
    except InvalidInput as exc:
        raise _error(exc.message, exc.code, file=filename) from exc


def _has_formulas(archive: zipfile.ZipFile, path: str) -> bool:
    tail = b""
    with archive.open(path.lstrip("/")) as source:
        while chunk := source.read(1 << 20):
            if _FORMULA_ELEMENT.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _xlsx_rows(content: bytes, filename: str, name: str, workbook: Any) -> Iterator[list[str]]:
    """The sheet's rows as text; a sheet openpyxl cannot parse is refused, naming it."""
    try:
        yield from _xlsx_cells(content, filename, name, workbook)
    except InvalidInput:
        raise
    except Exception as exc:  # parse errors, and defusedxml refusing entity declarations (XML bombs)
        raise _error(
            _("%(file)s, sheet %(sheet)s: not a readable worksheet.") % {"file": filename, "sheet": name},
            "bad_workbook",
            file=filename,
            sheet=name,
        ) from exc


def _xlsx_cells(content: bytes, filename: str, name: str, workbook: Any) -> Iterator[list[str]]:
    """The sheet's rows as text; a formula cell without a computed value is refused."""
    sheet = workbook[name]
    sheet.reset_dimensions()  # the declared size may lie: read what is there
    values = sheet.iter_rows(min_row=1, values_only=True)
    formulas: Iterator[Sequence[Any]] | None = None
    if _has_formulas(workbook._archive, sheet._worksheet_path):
        from openpyxl import load_workbook

        with_formulas = load_workbook(io.BytesIO(content), read_only=True, data_only=False)[name]
        with_formulas.reset_dimensions()
        formulas = with_formulas.iter_rows(min_row=1, values_only=True)
    for number, raw in enumerate(values, start=1):
        if formulas is not None:
            for index, (value, formula) in enumerate(zip(raw, next(formulas, ()), strict=False)):
                if value is None and formula is not None:
                    raise _error(
                        _(
                            "%(where)s: a formula without a computed value. Open and save the file "
                            "in a spreadsheet program, or type the value."
                        )
                        % {"where": _where(filename, name, number, _column_letter(index))},
                        "formula_without_value",
                        file=filename,
                        sheet=name,
                        row=number,
                        column=_column_letter(index),
                    )
        yield [_text(v) for v in raw]


def _open_workbook(content: bytes, filename: str) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise _error(
            _("%(file)s: not a readable .xlsx workbook.") % {"file": filename}, "bad_workbook", file=filename
        ) from exc


def read_workbook(
    content: bytes, filename: str, *, sheets: Sequence[str] | None = None, limits: Limits | None = None
) -> dict[str, Table]:
    """The named sheets of an upload (all of them if None; a CSV is one sheet named "").

    Sheets asked for but absent are left out of the answer: the caller says what is missing.
    """
    limits = limits or default_limits()
    fmt = format_of(filename)
    _check_file(content, filename, fmt, limits)
    counter = _Counter(filename, limits)
    if fmt == "csv":
        return {"": _table(filename, "", _csv_rows(_decode(content, filename), filename), counter)}
    workbook = _open_workbook(content, filename)
    try:
        names = [n for n in workbook.sheetnames if sheets is None or n in sheets]
        return {n: _table(filename, n, _xlsx_rows(content, filename, n, workbook), counter) for n in names}
    finally:
        workbook.close()


def read_table(content: bytes, filename: str, *, limits: Limits | None = None) -> Table:
    """The first sheet of an uploaded CSV or XLSX file, bounded; row numbers as a spreadsheet shows them."""
    limits = limits or default_limits()
    fmt = format_of(filename)
    if fmt == "csv":
        return read_workbook(content, filename, limits=limits)[""]
    _check_file(content, filename, fmt, limits)
    workbook = _open_workbook(content, filename)
    try:
        if not workbook.sheetnames:
            return Table(filename=filename, header=[])
        first = workbook.sheetnames[0]
        return _table(
            filename, first, _xlsx_rows(content, filename, first, workbook), _Counter(filename, limits)
        )
    finally:
        workbook.close()


# --- writing ------------------------------------------------------------------------------------------


def safe_cell(value: Any) -> Any:
    """A value made safe for a spreadsheet: formula-like text gets a leading `'`; numbers stay numbers.

    A text that is just a number ("-5", "+1.5e3") is not a formula and is left alone.
    """
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime | time):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) and not _NUMBER.match(text):
        return "'" + text
    return text


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


def write_csv(
    header: Sequence[str] | None,
    rows: Iterable[Iterable[Any]],
    *,
    bom: bool = False,
    lineterminator: str = "\n",
) -> str:
    """A CSV text with every cell made safe (`bom`: start with a BOM so Excel reads UTF-8)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=lineterminator)
    if header is not None:
        writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    return ("\ufeff" if bom else "") + out.getvalue()


@dataclass
class SheetOut:
    """One sheet to write: its title, header (None for none) and rows."""

    title: str
    header: Sequence[str] | None
    rows: Iterable[Iterable[Any]]
    freeze_header: bool = False


def write_xlsx(sheets: Sequence[SheetOut]) -> bytes:
    """An XLSX workbook (streamed, write-only) with every cell made safe."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        if spec.freeze_header and spec.header is not None:
            sheet.freeze_panes = "A2"
        if spec.header is not None:
            sheet.append(safe_row(spec.header))
        for row in spec.rows:
            sheet.append(safe_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_table(
    header: Sequence[str], rows: Iterable[Iterable[Any]], fmt: str, *, title: str = "data", bom: bool = False
) -> bytes:
    """One table as CSV (UTF-8) or XLSX bytes, every cell made safe."""
    if fmt == "csv":
        return write_csv(header, rows, bom=bom).encode("utf-8")
    if fmt == "xlsx":
        return write_xlsx([SheetOut(title, header, rows)])
    raise _error(_("Unknown format %(format)s.") % {"format": fmt[:20]}, "unsupported_format", file="")
