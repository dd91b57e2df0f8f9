"""Words of a text in any of the six UN languages, the same way for indexing, querying and highlighting.

The databases only ever see the tokens made here (PostgreSQL indexes them with its `simple`
configuration, SQLite with FTS5's `unicode61`): neither has a Chinese configuration, and doing the
language work in Python is what gives both databases the same results.

A text becomes tokens in four steps:
1. Unicode compatibility normalisation (NFKC: full-width letters, ligatures, ¼…) of the whole text.
2. Words: runs of letters and digits (with their combining marks, so that vowelled Arabic or an
   accented Latin word stays one word). Runs of Chinese characters are cut into words by jieba
   (documents: its "search" mode, which also gives the shorter words inside a long one, so that
   腐败 is found inside 反腐败).
3. Each word is case-folded; Arabic is normalised (short vowels and tatweel removed, alef forms,
   alef maqsura and teh marbuta unified, Arabic-Indic digits made ASCII) and, when the text's
   language has a Snowball stemmer (English, French, Spanish, Russian, Arabic), stemmed.
4. Accents are folded (é → e, ё → е) after stemming, because the stemmers know their accents.

A document keeps both the folded word and its stem. A query word matches any of its variants:
the folded word and its stem in each stemming language (the query's language is not known), so
"corruption", "Corruption" and "corrupt" find each other, and "élections" finds "elections".
"""

from __future__ import annotations

import html
import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

#: The languages whose words are stemmed (Snowball algorithm names).
STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
#: Longest token kept (PostgreSQL refuses words over 2,047 bytes; nothing useful is that long).
MAX_TOKEN = 60
#: Bounds of a query: characters read and words kept.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12

_MARKS = "\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
_WORD = re.compile(rf"[^\W_](?:[^\W_]|[{_MARKS}])*")
_ALNUM = re.compile(r"[^\W_]+")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_HAN_RUN = re.compile(rf"([{_HAN}]+)")
_HAS_HAN = re.compile(rf"[{_HAN}]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_VOWELS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640]"
)
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)


def language_of(code: str) -> str:
    """Our language codes (zh-hans, en-gb…) → the two letters the stemmers and jieba are chosen by."""
    return (code or "").lower().split("-")[0].split("_")[0]


# --- Chinese ----------------------------------------------------------------------------------------

_jieba_lock = threading.Lock()
_jieba_ready = False


def _jieba():  # type: ignore[no-untyped-def]
    """jieba, initialised once (its dictionary ships with the package: nothing is downloaded)."""
    global _jieba_ready
    with warnings.catch_warnings():  # jieba 0.42's regular expressions warn when first compiled
        warnings.simplefilter("ignore", SyntaxWarning)
        import jieba

    if not _jieba_ready:
        with _jieba_lock:
            if not _jieba_ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba_ready = True
    return jieba


def _han_words(run: str, *, search_mode: bool) -> list[str]:
    jieba = _jieba()
    words = jieba.cut_for_search(run) if search_mode else jieba.cut(run)
    return [w for w in words if w.strip()]


# --- one word ---------------------------------------------------------------------------------------

_local = threading.local()


def _stemmer(language: str):  # type: ignore[no-untyped-def]
    """A Snowball stemmer per thread (the stemmer objects keep state between calls)."""
    cache = getattr(_local, "stemmers", None)
    if cache is None:
        cache = _local.stemmers = {}
    if language not in cache:
        import snowballstemmer

        cache[language] = snowballstemmer.stemmer(STEMMERS[language])
    return cache[language]


def _strip_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _prepare(word: str) -> str:
    word = unicodedata.normalize("NFKC", word).casefold()
    if _ARABIC.search(word):
        word = _ARABIC_VOWELS.sub("", word).translate(_ARABIC_LETTERS)
    return word


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Case, accents and Arabic letter forms folded; no stemming."""
    return _strip_marks(_prepare(word))


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The folded stem of a word in a language (the folded word where there is no stemmer)."""
    prepared = _prepare(word)
    if language in STEMMERS and not _HAS_HAN.search(prepared):
        prepared = _stemmer(language).stemWord(prepared)
    return _strip_marks(prepared)


def _clean(token: str) -> list[str]:
    """Only letters and digits reach the databases (one token may become two, never punctuation)."""
    return [part for part in _ALNUM.findall(token) if len(part) <= MAX_TOKEN]


# --- texts ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


def words(text: str, *, search_mode: bool = True) -> Iterator[Word]:
    """The words of a text with their offsets in it (each word is normalised later, on its own,
    so that offsets stay those of the text as written)."""
    for match in _WORD.finditer(text):
        word = match.group()
        if not _HAS_HAN.search(word):
            yield Word(word, match.start(), match.end())
            continue
        offset = match.start()
        for part in _HAN_RUN.split(word):
            if not part:
                continue
            if _HAS_HAN.search(part):
                position = 0
                for han in _han_words(part, search_mode=False):
                    at = part.find(han, position)
                    yield Word(han, offset + at, offset + at + len(han))
                    position = at + len(han)
                    if search_mode and len(han) > 2:
                        for sub in _han_words(han, search_mode=True):
                            if sub != han:
                                inner = han.find(sub)
                                yield Word(sub, offset + at + inner, offset + at + inner + len(sub))
            else:
                yield Word(part, offset, offset + len(part))
            offset += len(part)


def tokens(text: str, language: str) -> list[str]:
    """Index tokens of a text written in `language`: each word folded, and its stem when different."""
    lang = language_of(language)
    out: list[str] = []
    for word in words(text, search_mode=True):
        folded = _clean(fold(word.text))
        out.extend(folded)
        stemmed = _clean(stem(word.text, lang))
        if stemmed != folded:
            out.extend(stemmed)
    return out


def index_text(texts: list[tuple[str, str]]) -> str:
    """The token string stored for a document made of (text, language) parts."""
    return " ".join(token for text, language in texts for token in tokens(text, language))


# --- queries ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One word of a query: it matches a document holding any of its variants (or a word starting
    with `variants[0]` when `prefix`)."""

    raw: str
    variants: tuple[str, ...]
    prefix: bool = False


def query_terms(q: str) -> list[Term]:
    """The words of a query (every one must match); `word*` matches words starting with `word`."""
    terms: list[Term] = []
    for chunk in (q or "")[:MAX_QUERY_CHARS].split():
        prefix = chunk.endswith("*")
        found = list(words(chunk, search_mode=False))
        for i, word in enumerate(found):
            if prefix and i == len(found) - 1:
                variants = _clean(fold(word.text))[:1]
                if variants:
                    terms.append(Term(word.text, tuple(variants), prefix=True))
                continue
            first = _clean(fold(word.text))[:1]
            if not first:
                continue
            stems = {part for lang in STEMMERS for part in _clean(stem(word.text, lang))[:1]}
            terms.append(Term(word.text, tuple(first + sorted(stems - set(first)))))
    unique: dict[tuple[tuple[str, ...], bool], Term] = {}
    for term in terms:
        unique.setdefault((term.variants, term.prefix), term)
    return list(unique.values())[:MAX_QUERY_TERMS]


def _matching(word: Word, language: str, terms: list[Term]) -> frozenset[int]:
    """Indexes of the terms the word matches."""
    return _word_matches(word.text, language, tuple(terms))


@lru_cache(maxsize=50_000)
def _word_matches(text: str, language: str, terms: tuple[Term, ...]) -> frozenset[int]:
    """(Kept: a page of results repeats the same words many times.)"""
    folded = fold(text)
    forms = {folded, stem(text, language)}
    return frozenset(
        i
        for i, term in enumerate(terms)
        if (folded.startswith(term.variants[0]) if term.prefix else not forms.isdisjoint(term.variants))
    )


def matched_terms(text: str, language: str, terms: list[Term]) -> int:
    """How many of the query's terms the text contains (to choose which language version to show)."""
    found: set[int] = set()
    for word in words(text, search_mode=True):
        found |= _matching(word, language_of(language), terms)
    return len(found)


def highlight(text: str, language: str, terms: list[Term]) -> SafeString:
    """The text, HTML-escaped, with the words that match the query in <mark>."""
    normal = text
    if not terms:
        return mark_safe(html.escape(normal))  # noqa: S308 - escaped just above
    lang = language_of(language)
    spans: list[tuple[int, int]] = []
    for word in words(normal, search_mode=True):
        if _matching(word, lang, terms):
            spans.append((word.start, word.end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out, position = [], 0
    for start, end in merged:
        out.append(html.escape(normal[position:start]))
        out.append(f"<mark>{html.escape(normal[start:end])}</mark>")
        position = end
    out.append(html.escape(normal[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped
