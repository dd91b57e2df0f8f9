"""Help translate the catalogues: list what needs work, and merge translations written by hand.

    uv run python scripts/po_work.py export > /tmp/work.txt     # untranslated and fuzzy entries, numbered
    uv run python scripts/po_work.py export --numbered          # the same, numbered (#12); the numbers
                                                                # are kept in /tmp/po_work_map.json
    uv run python scripts/po_work.py merge FILE...              # write translations back, clear fuzzy

The translations are written by a person (or a helper) into FILE in blocks:

    @ <msgid key>            the key printed by export (msgctxt\\x04msgid, escaped as JSON), or #<number>
    zh: 第8条
    ar: ...                  plural entries: zh, ar, fr, ... with |-separated forms: "ar: a|b|c|d|e|f"
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "irm" / "locale"
MAP = Path(tempfile.gettempdir()) / "po_work_map.json"
LANGS = {"zh": "zh_Hans", "ar": "ar", "fr": "fr", "ru": "ru", "es": "es"}


def key(entry: polib.POEntry) -> str:
    return (entry.msgctxt + "\x04" if entry.msgctxt else "") + entry.msgid


def load(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / LANGS[lang] / "LC_MESSAGES" / "django.po"), wrapwidth=79)


def needs_work(entry: polib.POEntry) -> bool:
    if entry.obsolete:
        return False
    if "fuzzy" in entry.flags:
        return True
    if entry.msgid_plural:
        return not all(entry.msgstr_plural.values())
    return not entry.msgstr


def export(numbered: bool = False) -> None:
    files = {code: load(code) for code in LANGS}
    seen: dict[str, dict[str, polib.POEntry]] = {}
    for code, po in files.items():
        for entry in po:
            if needs_work(entry):
                seen.setdefault(key(entry), {})[code] = entry
    if numbered:
        Path(MAP).write_text(json.dumps(list(seen), ensure_ascii=False), encoding="utf-8")
    for number, (k, by_lang) in enumerate(seen.items()):
        entry = next(iter(by_lang.values()))
        print(f"#{number}" if numbered else "@", json.dumps(k, ensure_ascii=False))
        if entry.msgid_plural:
            print("  plural:", json.dumps(entry.msgid_plural, ensure_ascii=False))
        refs = ", ".join(f"{f}" for f, _ in entry.occurrences[:2])
        print("  at:", refs)
        for code, e in by_lang.items():
            if "fuzzy" in e.flags:
                old = e.msgstr or "|".join(e.msgstr_plural.values())
                print(f"  fuzzy {code} (was {json.dumps(e.previous_msgid, ensure_ascii=False)}): {old}")
        missing = sorted(set(LANGS) - set(by_lang))
        if missing:
            print("  done in:", missing)


def parse(paths: list[str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    current = None
    numbers = json.loads(Path(MAP).read_text(encoding="utf-8")) if Path(MAP).exists() else []
    for path in paths:
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            line = raw.rstrip("\n")
            if line.startswith("@ "):
                current = json.loads(line[2:])
                out[current] = {}
            elif line.startswith("#") and line[1:].strip().isdigit():
                current = numbers[int(line[1:])]
                out[current] = {}
            elif current is not None and len(line) > 3 and line[2] == ":" and line[:2] in LANGS:
                out[current][line[:2]] = line[3:].strip()
    return out


def merge(paths: list[str]) -> None:
    done = parse(paths)
    for code in LANGS:
        po = load(code)
        changed = 0
        for entry in po:
            text = done.get(key(entry), {}).get(code)
            if not text:
                continue
            text = json.loads(text) if text.startswith('"') else text
            if entry.msgid_plural:
                forms = text.split("|")
                n = len(entry.msgstr_plural) or 1
                forms = (forms + [forms[-1]] * n)[:n]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
            changed += 1
        po.save()
        left = sum(1 for e in po if needs_work(e))
        print(f"{code}: {changed} written, {left} left")


if __name__ == "__main__":
    if sys.argv[1] == "export":
        export(numbered="--numbered" in sys.argv)
    else:
        merge(sys.argv[2:])
