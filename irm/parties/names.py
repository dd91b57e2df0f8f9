"""Name resolution: any common or historical name of a State → its record.

Every import goes through `resolve_state` (or one `NameResolver` for a whole file), so that
"Vietnam", "the Kyrgyz Republic" and "Côte d’Ivoire" all find their State, and an unknown name
gets a clear error with suggestions.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from irm.core.exceptions import InvalidInput
from irm.parties.models import State, StateAlias

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_NON_WORD = re.compile(r"[^\w']+", re.UNICODE)
_SUFFIX_PARENS = re.compile(r"\s*\(([^)]*)\)\s*")


def normalise_name(name: str) -> str:
    """Case, accents, apostrophes, punctuation, spacing and a leading "the" do not matter."""
    text = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).casefold().strip()
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )  # Côte → cote; CJK is left alone
    text = text.replace("&", " and ")
    text = _NON_WORD.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.split())


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


class NameResolver:
    """All names of all States in memory: build once per import, resolve many times."""

    def __init__(self, states: Iterable[State] | None = None) -> None:
        self.states = {s.pk: s for s in (states if states is not None else State.objects.all())}
        self.index: dict[str, State] = {}
        for state in self.states.values():
            for name in self._names(state):
                self.index.setdefault(normalise_name(name), state)
        for alias in StateAlias.objects.all():
            if alias.state_id in self.states:
                self.index.setdefault(alias.key, self.states[alias.state_id])

    @staticmethod
    def _names(state: State) -> list[str]:
        names = [
            state.iso3,
            state.name_en,
            state.name_zh,
            state.name_ar,
            state.name_fr,
            state.name_ru,
            state.name_es,
        ]
        # "Bolivia (Plurinational State of)" is also "Bolivia" and "Plurinational State of Bolivia".
        match = _SUFFIX_PARENS.search(state.name_en)
        if match:
            base = _SUFFIX_PARENS.sub(" ", state.name_en).strip()
            names += [base, f"{match.group(1)} {base}"]
        return [n for n in names if n]

    def resolve(self, name: str) -> State:
        key = normalise_name(name or "")
        if key and key in self.index:
            return self.index[key]
        raise UnknownStateName(name, self.suggest(name))

    def suggest(self, name: str, limit: int = 3) -> list[State]:
        key = normalise_name(name or "")
        if not key:
            return []
        found: list[State] = []
        # Prefixes first ("Thai" → Thailand), then close spellings ("Tailand").
        for candidate, state in sorted(self.index.items()):
            if len(key) >= 3 and candidate.startswith(key) and state not in found:
                found.append(state)
        for candidate in difflib.get_close_matches(key, list(self.index), n=limit * 3, cutoff=0.6):
            state = self.index[candidate]
            if state not in found:
                found.append(state)
        return found[:limit]


def resolve_state(name: str) -> State:
    """Resolve one name (builds the index; use NameResolver for many names)."""
    return NameResolver().resolve(name)
