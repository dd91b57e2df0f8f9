"""Text stored in the six UN languages, one column per language (`title_en`, `title_zh`, …)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

#: Our language codes → the suffix of the model columns.
LANGUAGE_SUFFIXES = {"en": "en", "zh-hans": "zh", "zh": "zh", "ar": "ar", "fr": "fr", "ru": "ru", "es": "es"}
SUFFIXES = ("en", "zh", "ar", "fr", "ru", "es")
#: The six official languages by their suffix, named in the active language.
LANGUAGE_NAMES = {
    "en": _("English"),
    "zh": _("Chinese"),
    "ar": _("Arabic"),
    "fr": _("French"),
    "ru": _("Russian"),
    "es": _("Spanish"),
}


def language_suffix(language: str | None = None) -> str:
    language = (language or translation.get_language() or "en").lower()
    return LANGUAGE_SUFFIXES.get(language, LANGUAGE_SUFFIXES.get(language.split("-")[0], "en"))


def localized(obj: object, field: str, language: str | None = None) -> str:
    """The field in the given (or active) language, falling back to English when it is empty."""
    value = getattr(obj, f"{field}_{language_suffix(language)}", "") or ""
    return value or getattr(obj, f"{field}_en", "") or ""
