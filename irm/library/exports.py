"""The library list as rows for the CSV and XLSX downloads (through irm.core.tabular: formula-safe)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from irm.core import tabular
from irm.core.i18n import localized
from irm.library.models import LibraryDocument

MAX_ROWS = 20_000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def header() -> list[str]:
    return [
        "id",
        "url",
        "state",
        _("State"),
        _("Type"),
        _("Title"),
        _("Articles"),
        _("Languages"),
        _("Date"),
        _("Source"),
        _("Status"),
        _("Description"),
    ]


def rows(documents: Iterable[LibraryDocument]) -> Iterator[list[Any]]:
    base = settings.SITE_URL.rstrip("/")
    for d in documents:
        yield [
            d.pk,
            base + reverse("library:document", args=[d.pk]),
            d.state.iso3,
            localized(d.state, "name"),
            d.get_type_display(),  # type: ignore[attr-defined]
            d.title,
            ", ".join(str(a.number) for a in sorted(d.articles.all(), key=lambda a: a.number)),
            "; ".join(f.language_name for f in d.files.all()),
            d.date.isoformat() if d.date else "",
            d.source,
            d.get_status_display(),  # type: ignore[attr-defined]
            d.description,
        ]


def render(documents: Iterable[LibraryDocument], fmt: str) -> bytes:
    if fmt == "xlsx":
        return tabular.write_xlsx(
            [tabular.SheetOut(title=_("Library"), header=header(), rows=rows(documents), freeze_header=True)]
        )
    return tabular.write_csv(header(), rows(documents), bom=True).encode("utf-8")
