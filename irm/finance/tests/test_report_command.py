"""`irm finance report`: the JSON shape, the Word documents in English and Chinese."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.core.management.base import CommandError
from docx.oxml.ns import qn

from irm.finance.documents import fmt_usd

KEYS = {
    "as_of",
    "expenditure_by_cycle",
    "contributions_total",
    "requirements_total",
    "funding_gap",
    "earmarked_share",
    "currency",
}
DECIMAL = re.compile(r"^-?\d+\.\d{2}$")


def _docx_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
    return re.sub(r"<[^>]+>", "", xml)


def test_json_report_as_at_30_september_2022(dataset, run_irm):
    report = json.loads(run_irm("finance", "report", "--as-of", "2022-09-30", "--format", "json"))
    assert set(report) >= KEYS
    assert report["currency"] == "USD" and report["as_of"] == "2022-09-30"
    assert report["expenditure_by_cycle"] == {"1": "9800000.00", "2": "4300000.00"}
    assert report["contributions_total"] == "18443200.00"
    assert report["funding_gap"] == "716500.00"
    for key in ("contributions_total", "requirements_total", "funding_gap", "expenditure_total"):
        assert DECIMAL.match(report[key]), key
    assert re.match(r"^\d\.\d{4}$", report["earmarked_share"])
    assert report["change"]["expenditure_total"] == "308600.00"  # since CAC/COSP/IRG/2022/5


def test_since_compares_with_the_figures_at_that_date(dataset, run_irm):
    report = json.loads(run_irm("finance", "report", "--as-of", "2017-11-06", "--since", "2017-07-31"))
    assert report["previous"] == {"as_of": "2017-07-31", "symbol": None, "issued": False}
    assert report["change"]["contributions_and_pledges_total"] == "776000.00"
    assert report["change"]["funding_gap"] == "-776000.00"


def test_word_reports_in_english_and_chinese(dataset, run_irm, tmp_path):
    en, zh = tmp_path / "en.docx", tmp_path / "zh.docx"
    run_irm(
        "finance", "report", "--as-of", "2022-09-30", "--format", "docx", "--language", "en", "-o", str(en)
    )
    run_irm(
        "finance", "report", "--as-of", "2022-09-30", "--format", "docx", "--language", "zh", "-o", str(zh)
    )
    english, chinese = _docx_text(en), _docx_text(zh)
    assert "9.8 million USD in support of the first cycle" in english
    assert "the overall funding gap therefore stands at 716,500 USD" in english
    assert "increased by 308,600 USD" in english
    assert "为支持第一周期总共支出了 980 万美元" in chinese
    assert "为支持第二周期总共支出了 430 万美元" in chinese
    assert "预算外捐助共计 18,443,200 美元" in chinese
    assert "总体资金缺口为 716,500 美元" in chinese
    assert "挪威" in chinese  # donors by their Chinese names


def test_bad_dates_are_refused(db, run_irm):
    with pytest.raises(CommandError):
        run_irm("finance", "report", "--as-of", "30/09/2022")
    with pytest.raises(CommandError):
        run_irm("finance", "report", "--as-of", "2022-09-30", "--since", "2022-10-01")


def test_an_empty_database_gives_a_zero_report(db, run_irm):
    report = json.loads(run_irm("finance", "report", "--as-of", "2022-09-30"))
    assert (
        report["funding_gap"] == "0.00" and report["expenditure_by_cycle"] == {} and report["change"] is None
    )


@pytest.mark.parametrize(
    ("amount", "language", "text"),
    [
        ("9800000", "en", "9.8 million USD"),
        ("9800000", "zh", "980 万美元"),
        ("716500", "en", "716,500 USD"),
        ("12.5", "zh", "12.50 美元"),
    ],
)
def test_amounts_in_words(amount, language, text):
    assert fmt_usd(amount, language) == text


def test_pdf_of_the_word_report(dataset, run_irm, tmp_path):
    from irm.core.documents import docx_to_pdf, pdf_available

    if not pdf_available():
        pytest.skip("LibreOffice is not installed")
    path = tmp_path / "zh.docx"
    run_irm(
        "finance", "report", "--as-of", "2022-09-30", "--format", "docx", "--language", "zh", "-o", str(path)
    )
    assert docx_to_pdf(path.read_bytes())[:4] == b"%PDF"


def test_docx_is_a_valid_zip(dataset, client, people):
    client.force_login(people["delegate"])
    response = client.get("/finance/report.docx?as_of=2022-09-30&lang=en")
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None


def test_the_word_report_is_a4_with_the_un_masthead_and_page_numbers(dataset, client, people):
    from docx import Document

    from irm.documents.tests.test_word import assert_un_format, style_name

    client.force_login(people["delegate"])
    response = client.get("/finance/report.docx?as_of=2022-09-30&lang=en")
    text = assert_un_format(response.content, symbol="", distribution="Distr.: General")
    assert "Financial report of the Implementation Review Mechanism" in text and "30 September 2022" in text
    doc = Document(io.BytesIO(response.content))
    captions = [p.text for p in doc.paragraphs if style_name(p) == "Caption"]
    assert captions[0] == "Table 1\nExpenditure by cycle (extrabudgetary)"
    header_properties = [t.rows[0]._tr.trPr for t in doc.tables[1:]]
    assert all(p is not None and p.find(qn("w:tblHeader")) is not None for p in header_properties)


def test_the_report_comes_from_the_worker_and_a_second_request_is_instant(dataset, client, people, settings):
    from irm.documents.models import DocumentJob

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client.force_login(people["delegate"])
    response = client.get("/finance/report.docx?as_of=2022-09-30&lang=zh")
    job = DocumentJob.objects.get(kind="finance.report")
    assert response.status_code == 302 and response["Location"] == f"/documents/{job.pk}/"
    from irm.documents.services import run_document_job

    assert run_document_job(job_id=str(job.pk)) == "done"
    again = client.get("/finance/report.docx?as_of=2022-09-30&lang=zh")
    assert again.status_code == 200 and again.content.startswith(b"PK")
    assert DocumentJob.objects.count() == 1
