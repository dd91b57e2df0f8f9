"""Reading and writing the CSV and XLSX files of the imports and exports (one sheet, one header row)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from irm.core.exceptions import InvalidInput

FORMATS = ("csv", "xlsx")


def format_of(filename: str) -> str:
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InvalidInput(
            f"{filename}: use a .csv or .xlsx file.", code="unsupported_format", details={"file": filename}
        )
    return suffix


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Table:
    filename: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, values by column)


def read_table(content: bytes, filename: str) -> Table:
    """All rows of the file; row numbers are those a spreadsheet shows (the header is row 1)."""
    fmt = format_of(filename)
    raw_rows: Iterable[Iterable[Any]]
    if fmt == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"{filename}: the file is not UTF-8 text ({exc}).",
                code="bad_encoding",
                details={"file": filename},
            ) from exc
        raw_rows = csv.reader(io.StringIO(text, newline=""))
    else:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
            raise InvalidInput(
                f"{filename}: not a readable .xlsx workbook ({exc}).",
                code="bad_workbook",
                details={"file": filename},
            ) from exc
        raw_rows = workbook.worksheets[0].iter_rows(values_only=True)
    iterator: Iterator[Iterable[Any]] = iter(raw_rows)
    header = [(_cell(h)).strip().lower() for h in next(iterator, [])]
    while header and not header[-1]:
        header.pop()
    rows = []
    width = len(header)
    for number, raw in enumerate(iterator, start=2):
        values = [v.strip() for v in raw] if fmt == "csv" else [_cell(v) for v in raw]  # type: ignore[union-attr]
        if len(values) < width:
            values += [""] * (width - len(values))
        if not any(values):
            continue
        rows.append((number, dict(zip(header, values, strict=False))))
    return Table(filename=filename, header=header, rows=rows)


def write_table(header: list[str], rows: Iterable[list[Any]], fmt: str) -> bytes:
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
