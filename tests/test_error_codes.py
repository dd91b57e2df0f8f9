"""Every error code the code base raises is registered in irm/core/errors.py, with its exception's status.

The scan reads the source (ast): `SomeError("…", code="x")` calls and `code = "x"` attributes of
DomainError subclasses, and the `{"error": …, "code": "x"}` bodies written by hand (middleware).
"""

from __future__ import annotations

import ast
import functools
import importlib
from dataclasses import dataclass
from pathlib import Path

from irm.core.errors import CODES
from irm.core.exceptions import DomainError

ROOT = Path(__file__).resolve().parent.parent / "irm"


@dataclass(frozen=True)
class Use:
    code: str
    exception: str  # the class name, "" for a hand-written body
    where: str


def _sources() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def _exception_classes(sources: list[tuple[Path, ast.Module]]) -> dict[str, type[DomainError]]:
    """Every DomainError subclass defined in irm, by name."""
    classes: dict[str, type[DomainError]] = {}
    for path, tree in sources:
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.bases:
                value = getattr(importlib.import_module(module), node.name, None)
                if isinstance(value, type) and issubclass(value, DomainError):
                    classes[node.name] = value
    return classes


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _passed_on(node: ast.expr | None) -> bool:
    """`code=exc.code`: an error's code passed on (registered where it was raised first)."""
    return isinstance(node, ast.Attribute) and node.attr == "code"


Helpers = dict[tuple[Path, str], tuple[int, str]]


def _forwarders(sources: list[tuple[Path, ast.Module]], classes: dict[str, type]) -> Helpers:
    """Helpers that build an exception from their own `code` parameter:
    (module, name) → (the parameter's position, the exception class)."""
    helpers: Helpers = {}
    for path, tree in sources:
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            params = [a.arg for a in func.args.posonlyargs + func.args.args]
            for node in ast.walk(func):
                if isinstance(node, ast.Call) and _name(node.func) in classes:
                    for keyword in node.keywords:
                        value = keyword.value
                        if keyword.arg == "code" and isinstance(value, ast.Name) and value.id in params:
                            helpers[path, func.name] = (params.index(value.id), _name(node.func))
    return helpers


def _helper(
    helpers: Helpers, public: dict[str, tuple[int, str]], path: Path, name: str
) -> tuple[int, str] | None:
    """The helper a call names: the module's own, or a public one defined elsewhere."""
    if (path, name) in helpers:
        return helpers[path, name]
    if name.startswith("_"):
        return None
    return public.get(name)


def _code_argument(node: ast.Call, position: int) -> ast.expr | None:
    for keyword in node.keywords:
        if keyword.arg == "code":
            return keyword.value
    return node.args[position] if position < len(node.args) else None


@functools.cache
def _uses() -> tuple[list[Use], dict[str, type[DomainError]]]:
    """Parsed and walked once per session: both scans below read the same result."""
    sources = _sources()
    classes = _exception_classes(sources)
    helpers = _forwarders(sources, classes)
    public: dict[str, tuple[int, str]] = {}
    for (_, name), value in helpers.items():
        public.setdefault(name, value)  # the first one defined, as the former linear search found
    uses: list[Use] = [Use(cls.code, name, "class attribute") for name, cls in classes.items()]
    for path, tree in sources:
        relative = str(path.relative_to(ROOT.parent))
        for node in ast.walk(tree):
            where = f"{relative}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and _name(node.func) in classes:
                argument = _code_argument(node, len(node.args) + 1)  # by keyword only
                if argument is not None:
                    code = _literal(argument)
                    forwarded = isinstance(argument, ast.Name)  # checked where the helper is called
                    assert code is not None or forwarded or _passed_on(argument), (
                        f"{where}: pass the code as a literal"
                    )
                    if code is not None:
                        uses.append(Use(code, _name(node.func), where))
            elif isinstance(node, ast.Call) and (helper := _helper(helpers, public, path, _name(node.func))):
                position, exception = helper
                argument = _code_argument(node, position)
                code = _literal(argument)
                assert code is not None or _passed_on(argument), f"{where}: pass the code as a literal"
                if code is not None:
                    uses.append(Use(code, exception, where))
            elif isinstance(node, ast.Dict):
                keys = [_literal(k) for k in node.keys if k is not None]
                if "error" in keys and "code" in keys:
                    code = _literal(node.values[keys.index("code")])
                    if code is not None:
                        uses.append(Use(code, "", where))
    return uses, classes


def test_every_raised_code_is_registered():
    uses, _ = _uses()
    assert len(uses) > 140
    missing = sorted({f"{u.code} ({u.where})" for u in uses if u.code not in CODES})
    assert not missing, f"register these codes in irm/core/errors.py: {missing}"


def test_every_code_is_raised_with_the_status_it_is_registered_with():
    uses, classes = _uses()
    wrong = sorted(
        f"{u.code}: {u.exception} answers {classes[u.exception].status}, the registry says "
        f"{CODES[u.code].status} ({u.where})"
        for u in uses
        if u.exception and u.code in CODES and classes[u.exception].status != CODES[u.code].status
    )
    assert not wrong, wrong


def test_every_registered_code_is_used_somewhere():
    text = "\n".join(
        path.read_text(encoding="utf-8")
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and path.name != "errors.py"
    )
    unused = [code for code in CODES if f'"{code}"' not in text]
    assert not unused, f"no code raises these registered codes: {unused}"


def test_every_code_has_a_message_and_an_error_status():
    for entry in CODES.values():
        assert str(entry.message).strip() and 400 <= entry.status < 600, entry
