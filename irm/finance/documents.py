"""The financial report in words (English and Chinese, after S000 ¶26) and as a Word document in the UN format."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from irm.cycles.models import Cycle
from irm.documents.word import Distribution, Masthead, UnDocument, in_language
from irm.finance.models import Activity

LANGUAGES = ("en", "zh")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ZH_ORDINALS = "一二三四五六七八九十"
ZH_ACTIVITIES = {
    Activity.EXPERT_TRAVEL: "政府专家国别访问差旅",
    Activity.STAFF_TRAVEL: "秘书处工作人员差旅",
    Activity.TRANSLATION: "自评清单答复和报告的翻译",
    Activity.INTERPRETATION: "口译",
    Activity.JOINT_MEETINGS: "联席会议",
    Activity.STAFF_POSTS: "工作人员员额",
    Activity.TRAINING: "联络人和专家培训",
}


def fmt_date(value: str | date, language: str) -> str:
    d = date.fromisoformat(value) if isinstance(value, str) else value
    if language == "zh":
        return f"{d.year} 年 {d.month} 月 {d.day} 日"
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def fmt_usd(value: str | Decimal, language: str) -> str:
    """Round millions as the secretariat says them ("9.8 million", "980 万"); other sums in full."""
    amount = Decimal(value)
    if abs(amount) >= 1_000_000 and amount % 100_000 == 0:
        if language == "zh":
            return f"{amount / 10_000:,.0f} 万美元"
        return f"{(amount / 1_000_000).normalize():f} million USD"
    text = f"{amount:,.2f}".removesuffix(".00")
    return f"{text} 美元" if language == "zh" else f"{text} USD"


def _cycle_name(number: str, language: str) -> str:
    n = int(number)
    if language == "zh":
        return f"第{ZH_ORDINALS[n - 1] if n <= 10 else n}周期"
    cycle = Cycle.objects.filter(number=n).first()
    return cycle.name_en.lower().replace("review cycle", "cycle") if cycle else f"cycle {n}"


def narrative(report: dict[str, Any], language: str = "en") -> list[str]:
    """The report's paragraphs, in the words of S000 ¶26."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    zh = language == "zh"
    as_of = fmt_date(report["as_of"], language)
    spent = report["expenditure_by_cycle"]
    paragraphs = []
    if zh:
        parts = "，".join(
            f"为支持{_cycle_name(c, 'zh')}总共支出了 {fmt_usd(v, 'zh')}" for c, v in spent.items()
        )
        paragraphs.append(f"截至 {as_of}，已{parts}。" if parts else f"截至 {as_of}，尚无支出记录。")
    else:
        parts = " and ".join(
            f"{fmt_usd(v, 'en')} in support of the {_cycle_name(c, 'en')}" for c, v in spent.items()
        )
        paragraphs.append(
            f"As at {as_of}, a total of {parts} had been spent."
            if parts
            else f"As at {as_of}, no expenditure."
        )
    change = report.get("change")
    previous = report.get("previous")
    if change and previous:
        since = fmt_date(previous["as_of"], language)
        symbol = previous.get("symbol")
        delta = Decimal(change["expenditure_total"])
        if zh:
            ref = f"与最新财务报告（{symbol}）相比，" if symbol else ""
            paragraphs.append(
                f"{ref}自 {since}以来，支持审议机制运作的预算外支出总额增加了 {fmt_usd(delta, 'zh')}；"
                f"新的自愿捐款和认捐为 {fmt_usd(change['contributions_and_pledges_total'], 'zh')}。"
            )
        else:
            ref = f" (compared with the latest financial report, {symbol})" if symbol else ""
            paragraphs.append(
                f"Since {since}{ref}, total extrabudgetary expenditure in support of the Mechanism "
                f"increased by {fmt_usd(delta, 'en')}; new voluntary contributions and pledges amounted to "
                f"{fmt_usd(change['contributions_and_pledges_total'], 'en')}."
            )
    contributions = fmt_usd(report["contributions_total"], language)
    requirements = fmt_usd(report["requirements_total"], language)
    gap = Decimal(report["funding_gap"])
    outstanding = Decimal(report["pledges_outstanding"])
    if zh:
        text = f"截至 {as_of}，向审议机制提供的预算外捐助共计 {contributions}"
        if outstanding:
            text += f"，另有已认捐未缴款项 {fmt_usd(outstanding, 'zh')}"
        text += f"。所需预算外资源估计数总额为 {requirements}，"
        text += (
            f"因此总体资金缺口为 {fmt_usd(gap, 'zh')}。" if gap > 0 else f"资金盈余为 {fmt_usd(-gap, 'zh')}。"
        )
    else:
        text = f"As at {as_of}, extrabudgetary contributions to the Mechanism amounted to {contributions}"
        if outstanding:
            text += f", with a further {fmt_usd(outstanding, 'en')} pledged and not yet received"
        text += f". The estimated extrabudgetary requirements total {requirements}; "
        text += (
            f"the overall funding gap therefore stands at {fmt_usd(gap, 'en')}."
            if gap > 0
            else f"contributions exceed them by {fmt_usd(-gap, 'en')}."
        )
    paragraphs.append(text)
    share = Decimal(report["earmarked_share"]) * 100
    unusable = Decimal(report["earmarked_unusable_total"])
    if zh:
        text = f"指定用途捐款占捐款总额的 {share:.1f}%"
        if unusable:
            text += f"；由于用途条件或使用期限，其中 {fmt_usd(unusable, 'zh')}无法用于剩余需求"
        paragraphs.append(text + "。")
    else:
        text = f"Earmarked contributions represent {share:.1f} per cent of the total"
        if unusable:
            text += (
                f"; {fmt_usd(unusable, 'en')} of them cannot be used for the remaining needs because of "
                "their conditions or spend-by dates"
            )
        paragraphs.append(text + ".")
    return paragraphs


def labels() -> dict[str, str]:
    """The report's fixed texts in the active language (call inside `in_language(language)`)."""
    return {
        "title": _("Financial report of the Implementation Review Mechanism"),
        "as_of": _("As at %(date)s"),
        "body": _("Implementation Review Group"),
        "spent": _("Expenditure by cycle (extrabudgetary)"),
        "gap": _("Funding gap by cycle and year"),
        "donors": _("Contributions by donor"),
        "cycle": _("Cycle"),
        "year": _("Year"),
        "amount": _("Amount (USD)"),
        "donor": _("Donor"),
        "received": _("Received (USD)"),
        "outstanding": _("Pledged, not received (USD)"),
        "earmarked": _("Earmarked (USD)"),
        "gap_col": _("Unfunded (USD)"),
    }


def report_docx(report: dict[str, Any], language: str = "en") -> bytes:
    """The report as a Word document in the UN format, in English or Chinese."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    with in_language(language):
        h = labels()
        as_of = date.fromisoformat(report["as_of"]) if isinstance(report["as_of"], str) else report["as_of"]
        document = UnDocument(
            language=language,
            title=h["title"],
            subtitle=h["as_of"] % {"date": fmt_date(as_of, language)},
            masthead=Masthead(
                symbol=report.get("symbol") or "",
                distribution=Distribution.GENERAL,
                date=as_of,
                body=h["body"],
            ),
            template="finance_report",
        )
        for paragraph in narrative(report, language):
            document.numbered(paragraph)
        document.table(
            [h["cycle"], h["amount"]],
            [[c, f"{Decimal(v):,.2f}"] for c, v in report["expenditure_by_cycle"].items()],
            caption=h["spent"],
        )
        document.table(
            [h["cycle"], h["year"], h["gap_col"]],
            [
                [str(r["cycle"]), str(r["year"]), f"{Decimal(r['gap']):,.2f}"]
                for r in report["funding_gap_by_year"]
            ],
            caption=h["gap"],
        )
        document.table(
            [h["donor"], h["received"], h["outstanding"], h["earmarked"]],
            [
                [
                    r["name_zh" if language == "zh" else "name"],
                    f"{Decimal(r['received']):,.2f}",
                    f"{Decimal(r['outstanding']):,.2f}",
                    f"{Decimal(r['earmarked']):,.2f}",
                ]
                for r in report["contributions_by_donor"]
            ],
            caption=h["donors"],
        )
        return document.save()
