"""Every interface string is translated in the five catalogues, and each .mo matches its .po."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "irm" / "locale"
LANGUAGES = ["zh_Hans", "ar", "fr", "ru", "es"]
ENTRY = re.compile(r'^(?:msgctxt "(?P<ctx>(?:[^"\\]|\\.)*)"\n)?msgid "(?P<id>(?:[^"\\]|\\.)*)"\n', re.M)


def entries(po: str) -> list[str]:
    """The catalogue's entries as text blocks (header first), without obsolete ones."""
    return [block for block in po.split("\n\n") if "msgid " in block and not block.lstrip().startswith("#~")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_string_is_left_untranslated_or_fuzzy(language):
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    problems = []
    for block in entries(po)[1:]:
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        label = msgid.group(1) if msgid else block[:60]
        if re.search(r"^#,.*\bfuzzy\b", block, re.M):
            problems.append(f"fuzzy: {label}")
        elif re.search(r'^msgstr(?:\[\d+\])? ""$(?!\n")', block, re.M):
            problems.append(f"untranslated: {label}")
    assert not problems, f"{language}: {len(problems)} strings need work, e.g. {problems[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_current(language):
    """A .po changed without compilemessages would leave the pages in English."""
    directory = LOCALE / language / "LC_MESSAGES"
    po = (directory / "django.po").read_text(encoding="utf-8")
    with (directory / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = compiled._catalog  # type: ignore[attr-defined]
    keys = {k[0] if isinstance(k, tuple) else k for k in catalog}
    ids = [m.group("id") for m in ENTRY.finditer(po) if m.group("id") and not m.group("ctx")]
    # Single-line ids without escapes are enough to notice a stale .mo.
    missing = [i for i in ids if "\\" not in i and i not in keys]
    assert not missing, f"{language}: {len(missing)} strings missing from django.mo, e.g. {missing[:5]}"
