"""Languages a State accepts requests in (art. 46(14)): stored as ISO 639-1 codes, read from a code or
a name in English or in the language itself ("French", "français", "fr"), shown by name in the
interface language (never as a code)."""

from __future__ import annotations

import unicodedata

from django.conf.locale import LANG_INFO
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, info in LANG_INFO.items():
        if "-" in code or "name" not in info:  # regional variants and aliases ("zh-hans", "zh-cn")
            continue
        names[_key(code)] = code
        names[_key(info["name"])] = code
        names[_key(info["name_local"])] = code
    names.update({"zh": "zh", "chinese": "zh", "中文": "zh", "汉语": "zh"})
    return names


_BY_NAME = _names()


def code_of(text: str) -> str | None:
    """The ISO 639-1 code of a language given by code or name, or None if unknown."""
    return _BY_NAME.get(_key(text))


def parse(cell: str) -> tuple[list[str], list[str]]:
    """Semicolon-separated languages → (codes in the order given, without repeats; the unknown names)."""
    codes: list[str] = []
    unknown: list[str] = []
    for part in (p.strip() for p in cell.split(";")):
        if not part:
            continue
        code = code_of(part)
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def label(code: str) -> str:
    """The language's name in the interface language."""
    if code == "zh":
        return _("Chinese")
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def english_name(code: str) -> str:
    """The language's English name, for data files (the import reads it back)."""
    return "Chinese" if code == "zh" else str(LANG_INFO.get(code, {}).get("name", code))


def choices() -> list[tuple[str, str]]:
    """The languages to filter by: the six of the UN first, then any other in the entries."""
    return [(code, label(code)) for code in ("ar", "zh", "en", "fr", "ru", "es")]
