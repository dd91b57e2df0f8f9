"""The one reader of uploaded tables (bounded, precise errors) and the one formula-safe writer."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from irm.core.exceptions import InvalidInput
from irm.core.tabular import (
    Limits,
    SheetOut,
    read_table,
    read_workbook,
    safe_cell,
    write_csv,
    write_table,
    write_xlsx,
)


def xlsx(rows, *, title="data", more: dict | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, extra in (more or {}).items():
        other = book.create_sheet(name)
        for row in extra:
            other.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused(content: bytes, filename: str, **limits) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        read_table(content, filename, limits=Limits(**limits) if limits else None)
    return caught.value


# --- reading ----------------------------------------------------------------------------------------


def test_csv_in_utf8_with_or_without_bom_and_utf16_reads_the_same():
    text = "State,Text\nKEN,Été 2024 — 中文\n"
    for content in (text.encode(), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        table = read_table(content, "f.csv")
        assert table.header == ["state", "text"]
        assert table.rows == [(2, {"state": "KEN", "text": "Été 2024 — 中文"})]


def test_semicolon_separated_csv_is_read():
    table = read_table(b"state;text\nKEN;a, b\n", "f.csv")
    assert table.rows == [(2, {"state": "KEN", "text": "a, b"})]


def test_csv_not_in_utf8_is_refused_naming_file_and_row():
    error = refused("a,b\nx,y\nz,\xe9t\xe9\n".encode("latin-1"), "old.csv")
    assert error.code == "bad_encoding"
    assert error.details == {"file": "old.csv", "sheet": "", "row": 3, "column": ""}
    assert "old.csv, row 3" in error.message and "UTF-8" in error.message


def test_rows_keep_the_numbers_a_spreadsheet_shows_and_empty_rows_are_skipped():
    table = read_table(xlsx([["A", "B"], [None, None], ["x", 2.0], [None, "y"]]), "f.xlsx")
    assert table.rows == [(3, {"a": "x", "b": "2"}), (4, {"a": "", "b": "y"})]


def test_a_file_over_the_byte_limit_is_refused_before_parsing_saying_which_limit():
    error = refused(b"a,b\n" + b"x,y\n" * 1000, "big.csv", max_bytes=1000)
    assert error.code == "file_too_large" and error.details["limit"] == 1000
    assert "big.csv" in error.message and "limit" in error.message


def test_too_many_rows_names_the_limit_and_the_row():
    error = refused(b"a\n" + b"x\n" * 20, "rows.csv", max_rows=10)
    assert error.code == "too_many_rows" and error.details["limit"] == 9 and error.details["row"] == 11
    assert "more than 9 rows" in error.message


def test_too_many_cells_is_refused():
    error = refused(b"a,b,c\n" + b"1,2,3\n" * 10, "cells.csv", max_cells=20)
    assert error.code == "too_many_cells" and "20 cells" in error.message


def test_an_over_long_cell_names_file_row_and_column():
    error = refused(b"state,text\nKEN," + b"x" * 101 + b"\n", "long.csv", max_cell_chars=100)
    assert error.code == "cell_too_long"
    assert error.details == {"file": "long.csv", "sheet": "", "row": 2, "column": "text", "limit": 100}
    assert "long.csv, row 2, column text" in error.message


def test_a_nul_character_is_refused_naming_the_cell():
    error = refused(b"state,text\nKEN,a\x00b\n", "nul.csv")
    assert error.code == "nul_character" and error.details["row"] == 2


def test_a_binary_file_named_csv_is_refused():
    error = refused(b"%PDF-1.7 binary \xff\xfe\x00", "fake.csv")
    assert (
        error.code in {"bad_encoding", "attachment_content_mismatch"} and error.details["file"] == "fake.csv"
    )


def test_html_named_csv_is_refused():
    assert (
        refused(b"<html><script>alert(1)</script></html>", "page.csv").code == "attachment_content_mismatch"
    )


def zip_bomb(*, entries: int = 3, size: int = 10_000_000) -> bytes:
    """A valid-looking workbook whose parts expand far beyond the file's own size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(entries):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", b"\x00" * size)
    return out.getvalue()


def test_an_xlsx_that_expands_too_far_is_refused_before_parsing(monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    bomb = zip_bomb()
    assert len(bomb) < 200_000
    error = refused(bomb, "bomb.xlsx", max_expanded_bytes=20_000_000)
    assert error.code == "expanded_too_large" and error.details["limit"] == 20_000_000
    assert "expands to 29 MB" in error.message and "limit is 19 MB" in error.message


def test_an_xlsx_with_too_many_parts_is_refused_before_parsing():
    error = refused(zip_bomb(entries=30, size=10), "parts.xlsx", max_parts=20)
    assert error.code == "too_many_parts" and "20" in error.message


def test_an_xml_bomb_inside_a_workbook_is_not_expanded():
    content = xlsx([["a"], ["x"]])
    out = io.BytesIO()
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = laughs + data.replace(b"<v>x</v>", b"<v>&lol2;</v>")
            dst.writestr(item, data)
    with pytest.raises(InvalidInput) as caught:
        read_table(out.getvalue(), "lol.xlsx")
    assert caught.value.code == "bad_workbook" and caught.value.details["file"] == "lol.xlsx"


def test_a_docx_named_xlsx_is_refused():
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    assert refused(out.getvalue(), "fake.xlsx").code == "attachment_content_mismatch"


def test_formulas_are_read_as_their_computed_values():
    content = xlsx([["a", "b"], [2, "=A2*3"]])
    # openpyxl stores no computed value: simulate a spreadsheet program that saved one.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>A2*3</f><v></v>", b"<f>A2*3</f><v>6</v>")
                data = data.replace(b"<f>A2*3</f><v />", b"<f>A2*3</f><v>6</v>")
                assert b"<v>6</v>" in data
            dst.writestr(item, data)
    table = read_table(out.getvalue(), "f.xlsx")
    assert table.rows == [(2, {"a": "2", "b": "6"})]


def test_a_formula_without_a_computed_value_is_refused_naming_the_cell():
    error = refused(xlsx([["a", "b"], [2, "=A2*3"]]), "f.xlsx")
    assert error.code == "formula_without_value"
    assert error.details == {"file": "f.xlsx", "sheet": "data", "row": 2, "column": "B"}


def test_read_workbook_returns_the_sheets_asked_for():
    content = xlsx([["a"], ["1"]], title="Answers", more={"Needs": [["b"], ["2"]], "Other": [["c"]]})
    tables = read_workbook(content, "w.xlsx", sheets=["Answers", "Needs", "Missing"])
    assert set(tables) == {"Answers", "Needs"}
    assert tables["Needs"].rows == [(2, {"b": "2"})]


def test_errors_in_a_later_sheet_name_the_sheet():
    content = xlsx([["a"], ["1"]], title="Answers", more={"Needs": [["b"], ["x" * 50]]})
    with pytest.raises(InvalidInput) as caught:
        read_workbook(content, "w.xlsx", limits=Limits(max_cell_chars=10))
    assert caught.value.details["sheet"] == "Needs" and "sheet Needs, row 2, column b" in caught.value.message


def test_unknown_extension_is_refused():
    assert refused(b"a,b", "f.txt").code == "unsupported_format"


# --- writing ----------------------------------------------------------------------------------------

DANGEROUS = ['=HYPERLINK("http://evil","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-5, -1.5, Decimal("-3.20"), 0, True, None, "-5", "+1.5e3", "plain", "a=b"])
def test_numbers_and_harmless_text_are_left_alone(value):
    assert safe_cell(value) == value


def test_csv_writer_neutralises_every_cell_and_keeps_numbers():
    text = write_csv(["h", "=bad header"], [['=HYPERLINK("x")', -5], ["ok", "-1"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["h", "'=bad header"], ['\'=HYPERLINK("x")', "-5"], ["ok", "-1"]]


def test_xlsx_writer_writes_no_formula_and_keeps_numbers_numeric():
    content = write_xlsx([SheetOut("s", ["a", "b"], [['=HYPERLINK("http://evil")', -5], ["@x", 2.5]])])
    sheet = load_workbook(io.BytesIO(content))["s"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil")' and sheet["A3"].value == "'@x"
    assert sheet["B2"].value == -5 and sheet["B2"].data_type == "n" and sheet["B3"].value == 2.5


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_what_the_writer_neutralised_reads_back_as_it_was(fmt):
    content = write_table(["text"], [[t] for t in DANGEROUS[:4]], fmt)
    table = read_table(content, f"back.{fmt}")
    assert [values["text"] for _, values in table.rows] == DANGEROUS[:4]
