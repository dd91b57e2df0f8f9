"""The list of speakers as a document: CSV, Word (python-docx) and PDF (LibreOffice), in six languages.

The headings are fixed texts of the printed list, kept here in the six languages so that a list
can be printed in any of them whatever the interface language; State names come from the
State records (falling back to English where a translation is missing).
"""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from irm.core.documents import docx_to_pdf
from irm.core.tabular import write_csv
from irm.meetings.models import Rank, SpeakerMode, SpeakersList
from irm.meetings.selectors import CREDENTIAL_COUNTS, speakers_rows

EXPORT_LANGUAGES = ["en", "zh", "fr", "es", "ru", "ar"]

HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "List of speakers",
        "position": "No.",
        "delegation": "Delegation",
        "speaker": "Speaker",
        "level": "Level",
        "minutes": "Minutes",
        "mode": "Mode",
        "video": "Pre-recorded video",
        "in_person": "In person",
        "as_of": "As at",
        "item": "Agenda item",
        "group": "on behalf of the group",
    },
    "zh": {
        "title": "发言者名单",
        "position": "序号",
        "delegation": "代表团",
        "speaker": "发言者",
        "level": "级别",
        "minutes": "分钟",
        "mode": "方式",
        "video": "预录视频",
        "in_person": "线下",
        "as_of": "截至",
        "item": "议程项目",
        "group": "代表区域组",
    },
    "fr": {
        "title": "Liste des orateurs",
        "position": "No",
        "delegation": "Délégation",
        "speaker": "Orateur",
        "level": "Niveau",
        "minutes": "Minutes",
        "mode": "Modalité",
        "video": "Vidéo préenregistrée",
        "in_person": "En présentiel",
        "as_of": "État au",
        "item": "Point de l'ordre du jour",
        "group": "au nom du groupe",
    },
    "es": {
        "title": "Lista de oradores",
        "position": "N.º",
        "delegation": "Delegación",
        "speaker": "Orador",
        "level": "Nivel",
        "minutes": "Minutos",
        "mode": "Modalidad",
        "video": "Vídeo pregrabado",
        "in_person": "Presencial",
        "as_of": "Situación al",
        "item": "Tema del programa",
        "group": "en nombre del grupo",
    },
    "ru": {
        "title": "Список ораторов",
        "position": "№",
        "delegation": "Делегация",
        "speaker": "Оратор",
        "level": "Уровень",
        "minutes": "Минуты",
        "mode": "Формат",
        "video": "Видеозапись",
        "in_person": "Очно",
        "as_of": "По состоянию на",
        "item": "Пункт повестки дня",
        "group": "от имени группы",
    },
    "ar": {
        "title": "قائمة المتكلمين",
        "position": "الرقم",
        "delegation": "الوفد",
        "speaker": "المتكلم",
        "level": "المستوى",
        "minutes": "الدقائق",
        "mode": "الطريقة",
        "video": "فيديو مسجل مسبقا",
        "in_person": "حضوريا",
        "as_of": "في",
        "item": "بند جدول الأعمال",
        "group": "باسم المجموعة",
    },
}

RANKS: dict[str, dict[str, str]] = {
    "en": {r.value: str(r.label) for r in Rank},
    "zh": {
        "head_of_state": "国家元首",
        "head_of_government": "政府首脑",
        "minister": "部长",
        "deputy_minister": "副部长",
        "ambassador": "大使或代表团团长",
        "official": "其他官员",
    },
    "fr": {
        "head_of_state": "Chef d'État",
        "head_of_government": "Chef de gouvernement",
        "minister": "Ministre",
        "deputy_minister": "Vice-ministre",
        "ambassador": "Ambassadeur ou chef de délégation",
        "official": "Autre fonctionnaire",
    },
    "es": {
        "head_of_state": "Jefe de Estado",
        "head_of_government": "Jefe de Gobierno",
        "minister": "Ministro",
        "deputy_minister": "Viceministro",
        "ambassador": "Embajador o jefe de delegación",
        "official": "Otro funcionario",
    },
    "ru": {
        "head_of_state": "Глава государства",
        "head_of_government": "Глава правительства",
        "minister": "Министр",
        "deputy_minister": "Заместитель министра",
        "ambassador": "Посол или глава делегации",
        "official": "Другое должностное лицо",
    },
    "ar": {
        "head_of_state": "رئيس دولة",
        "head_of_government": "رئيس حكومة",
        "minister": "وزير",
        "deputy_minister": "نائب وزير",
        "ambassador": "سفير أو رئيس وفد",
        "official": "مسؤول آخر",
    },
}


def _language(language: str) -> str:
    language = (language or "en").lower()
    language = "zh" if language.startswith("zh") else language
    return language if language in HEADINGS else "en"


def rows_for_export(lst: SpeakersList, language: str) -> tuple[dict[str, str], list[list[str]]]:
    language = _language(language)
    h = HEADINGS[language]
    table = []
    for row in speakers_rows(lst, language=language, include_done=True):
        entry = row.entry
        delegation = row.delegation + (f" ({h['group']})" if entry.on_behalf_of_group else "")
        table.append(
            [
                str(row.position),
                delegation,
                entry.speaker_name,
                RANKS[language].get(entry.rank, entry.rank),
                str(row.minutes),
                h["video"] if entry.mode == SpeakerMode.VIDEO else h["in_person"],
            ]
        )
    return h, table


def _columns(h: dict[str, str]) -> list[str]:
    return [h["position"], h["delegation"], h["speaker"], h["level"], h["minutes"], h["mode"]]


def _heading_lines(lst: SpeakersList, language: str) -> tuple[str, str]:
    h = HEADINGS[_language(language)]
    item = lst.agenda_item
    title_field = "title_zh" if _language(language) == "zh" else "title_en"
    session_title = getattr(lst.session, title_field, "") or lst.session.title_en
    item_title = getattr(item, title_field, "") or item.title_en
    now = timezone.localtime(timezone.now(), ZoneInfo(lst.session.timezone)).strftime("%Y-%m-%d %H:%M")
    return f"{h['title']} — {session_title}", f"{h['item']} {item.label}: {item_title} · {h['as_of']} {now}"


def speakers_csv(lst: SpeakersList, language: str = "en") -> bytes:
    h, table = rows_for_export(lst, language)
    # BOM: Excel opens UTF-8 (Chinese, Arabic) correctly
    return write_csv(_columns(h), table, bom=True, lineterminator="\r\n").encode("utf-8")


def speakers_docx(lst: SpeakersList, language: str = "en") -> bytes:
    from docx import Document as WordDocument
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    h, table = rows_for_export(lst, language)
    title, subtitle = _heading_lines(lst, language)
    doc = WordDocument()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    doc.add_heading(title, level=1)
    doc.add_paragraph(subtitle)
    grid = doc.add_table(rows=1, cols=6)
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, _columns(h), strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in table:
        for cell, text in zip(grid.add_row().cells, values, strict=True):
            cell.text = text
    if _language(language) == "ar":
        for paragraph in doc.paragraphs:
            paragraph.paragraph_format.alignment = 2  # right
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def speakers_pdf(lst: SpeakersList, language: str = "en") -> bytes:
    return docx_to_pdf(speakers_docx(lst, language))


def credentials_report_docx(data: dict, session_title: str) -> bytes:
    from docx import Document as WordDocument

    doc = WordDocument()
    doc.add_heading(f"Report of the Bureau on credentials — {session_title}", level=1)
    counts = data["counts"]
    doc.add_paragraph(
        f"Credentials were due by {data['due_at']} (rule 18). Of {counts['parties']} parties registered, "
        f"{counts['formal']} submitted formal credentials in due form, {counts['copies']} submitted copies or "
        f"other information accepted by the Bureau, {counts['provisional']} await the Bureau's decision, "
        f"{counts['not_in_order']} were found not in due form, {counts['challenged']} were challenged and "
        f"{counts['none']} have not submitted credentials. Pending a decision, representatives participate "
        f"provisionally (rule 20)."
    )
    with translation.override("en"):  # the report is written in English, whatever the page's language
        sections = [(key, str(label)) for key, label in CREDENTIAL_COUNTS if key != "parties"]
    for key, heading in sections:
        if data.get(key):
            doc.add_heading(heading, level=2)
            doc.add_paragraph(", ".join(data[key]) + ".")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
