"""Name resolution: any name of a State, in any of the six official languages → its record.

Every import goes through `resolve_state` (or one `NameResolver` for a whole file), so that
"Vietnam", "the Kyrgyz Republic", "République française", "Российская Федерация" and "中华人民共和国"
all find their State, and an unknown name gets a clear error with suggestions.

Matching ignores case, diacritics, apostrophes, punctuation and a leading (or UN-style trailing,
"Netherlands (the)") article in English, French or Spanish. Suggestions are token-based: a name
with one wrong word ("Republic of Kenia", "Federal Republic of Kenya") suggests the State that
shares its distinctive word, weighted by how rare that word is — not neighbours in the alphabet.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from irm.core.exceptions import InvalidInput
from irm.parties.models import State, StateAlias
from irm.parties.reference import LANGUAGES

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_NON_WORD = re.compile(r"[^\w']+", re.UNICODE)
_SUFFIX_PARENS = re.compile(r"\s*\(([^)]*)\)\s*")
_LEADING_ARTICLE = re.compile(r"^(?:the|le|la|les|el|los|las) |^l'")
_TRAILING_ARTICLE = re.compile(r" (?:the|le|la|les|el|los|las|l')$")
_CJK = re.compile(r"[\u3400-\u9fff]")
#: Words that many formal names share: they say nothing about which State is meant.
_GENERIC_TEXT = """
    of and the republic state states kingdom democratic people's peoples federal federation united islamic
    arab socialist plurinational bolivarian federated independent commonwealth union grand duchy principality
    cooperative sultanate
    de du des la le les et l' d' république royaume état etats états fédérale populaire démocratique unie unis
    islamique arabe socialiste principauté
    del los las y república reino estado estados federal federativa popular democrática unida unidos islámica
    árabe socialista principado
    республика королевство государство федерация федеративная народная демократическая соединенные
    объединенная исламская арабская социалистическая княжество
    جمهورية مملكة دولة الاتحاد الديمقراطية الشعبية المتحدة الإسلامية العربية الاشتراكية
"""


def normalise_name(name: str) -> str:
    """Case, accents, apostrophes, punctuation, spacing and a leading article do not matter."""
    text = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).casefold().strip()
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )  # Côte → cote, Arabic vowel marks dropped; CJK is left alone
    text = text.replace("&", " and ")
    text = " ".join(_NON_WORD.sub(" ", text).split())
    text = _LEADING_ARTICLE.sub("", text)
    text = _TRAILING_ARTICLE.sub("", text)
    return text.strip(" '")


GENERIC_WORDS = frozenset(normalise_name(word) for word in _GENERIC_TEXT.split())


def name_tokens(key: str) -> set[str]:
    """The distinctive words of a normalised name (character pairs for Chinese)."""
    words = set()
    for word in key.split():
        if _CJK.search(word):
            words |= {word[i : i + 2] for i in range(max(len(word) - 1, 1))}
        elif len(word) > 1 and word not in GENERIC_WORDS and word.strip("'") not in GENERIC_WORDS:
            words.add(word)
    return words


class UnknownStateName(InvalidInput):
    code = "unknown_state"

    def __init__(self, name: str, suggestions: list[State]) -> None:
        hint = ""
        if suggestions:
            hint = " Did you mean " + ", ".join(f"{s.name_en} ({s.iso3})" for s in suggestions) + "?"
        super().__init__(
            f"Unknown State {name!r}.{hint}",
            details={"name": name, "suggestions": [s.iso3 for s in suggestions]},
        )
        self.name = name
        self.suggestions = suggestions


def state_names(state: State) -> list[str]:
    """Every official name of a State: code, short and formal names in the six languages."""
    names = [state.iso3]
    for prefix in ("name", "formal_name"):
        names += [getattr(state, f"{prefix}_{lang}") for lang in LANGUAGES]
    # "Bolivia (Plurinational State of)" is also "Bolivia" and "Plurinational State of Bolivia".
    for name in list(names):
        match = _SUFFIX_PARENS.search(name or "")
        if match:
            base = _SUFFIX_PARENS.sub(" ", name).strip()
            names += [base, f"{match.group(1)} {base}"]
    return [n for n in names if n]


class NameResolver:
    """All names of all States in memory: build once per import, resolve many times."""

    def __init__(self, states: Iterable[State] | None = None) -> None:
        self.states = {s.pk: s for s in (states if states is not None else State.objects.all())}
        self.index: dict[str, State] = {}
        for state in self.states.values():
            for name in state_names(state):
                self.index.setdefault(normalise_name(name), state)
        for alias in StateAlias.objects.all():
            if alias.state_id in self.states:
                self.index.setdefault(alias.key, self.states[alias.state_id])
        self.tokens: dict[str, set[int]] = defaultdict(set)
        for key, state in self.index.items():
            for token in name_tokens(key):
                self.tokens[token].add(state.pk)

    def resolve(self, name: str) -> State:
        key = normalise_name(name or "")
        if key and key in self.index:
            return self.index[key]
        raise UnknownStateName(name, self.suggest(name))

    def _weight(self, token: str) -> float:
        return math.log(1 + len(self.states) / len(self.tokens[token]))

    def suggest(self, name: str, limit: int = 3) -> list[State]:
        key = normalise_name(name or "")
        if not key:
            return []
        scores: dict[int, float] = defaultdict(float)
        vocabulary = list(self.tokens)
        for token in name_tokens(key):
            if token in self.tokens:
                matches = {token: 1.0}
            else:
                matches = {
                    t: 0.8 * difflib.SequenceMatcher(None, token, t).ratio()
                    for t in difflib.get_close_matches(token, vocabulary, n=3, cutoff=0.75)
                }
                if len(token) >= 3:  # "Thai" → Thailand
                    matches |= {t: 0.7 for t in vocabulary if t.startswith(token) and t not in matches}
            for match, similarity in matches.items():
                for pk in self.tokens[match]:
                    scores[pk] = max(scores[pk], 0) + similarity * self._weight(match)
        ranked = sorted(scores, key=lambda pk: (-scores[pk], self.states[pk].name_en))
        found = [self.states[pk] for pk in ranked]
        if not found:  # no word in common: close spellings of the whole name
            for candidate in difflib.get_close_matches(key, list(self.index), n=limit * 3, cutoff=0.6):
                if self.index[candidate] not in found:
                    found.append(self.index[candidate])
        return found[:limit]


def resolve_state(name: str) -> State:
    """Resolve one name (builds the index; use NameResolver for many names)."""
    return NameResolver().resolve(name)
