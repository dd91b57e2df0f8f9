"""One registry of audit event names (irm/core/events.py): every name recorded in the code is registered,
and every registered name is emitted by some test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from irm.core.events import EVENTS, label_of

from .audit_event_collector import EMITTED, is_xdist_worker, message, never_emitted, whole_suite

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"^[a-z]+\.[a-z0-9_]+$")


def _values(node: ast.expr) -> list[ast.expr]:
    """The possible values of `action=`: both branches of `a if c else b`."""
    if isinstance(node, ast.IfExp):
        return _values(node.body) + _values(node.orelse)
    return [node]


def _constants(tree: ast.Module) -> dict[str, ast.Constant]:
    """A module's `NAME = "literal"` assignments."""
    return {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _actions() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(literal names, f-string patterns) passed as `action=` anywhere in irm (argparse's aside)."""
    literals: list[tuple[str, str]] = []
    patterns: list[tuple[str, str]] = []
    for path in sorted((ROOT / "irm").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg != "action":
                    continue
                for value in _values(keyword.value):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    if isinstance(value, ast.Name) and value.id in constants:
                        value = constants[value.id]  # action=LOADED, LOADED = "demo.step_loaded"
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        if "." in value.value:  # argparse's "store_true" has none
                            literals.append((value.value, where))
                    elif isinstance(value, ast.JoinedStr):
                        parts = [
                            re.escape(str(p.value)) if isinstance(p, ast.Constant) else "[a-z0-9_]+"
                            for p in value.values
                        ]
                        patterns.append(("^" + "".join(parts) + "$", where))
    return literals, patterns


def test_every_recorded_event_name_is_registered():
    literals, patterns = _actions()
    assert len(literals) > 130
    missing = sorted({f"{name} ({where})" for name, where in literals if name not in EVENTS})
    assert not missing, f"register these audit events in irm/core/events.py: {missing}"
    for pattern, where in patterns:
        assert any(re.match(pattern, name) for name in EVENTS), f"{where}: no registered name fits {pattern}"


def test_every_registered_name_is_recorded_somewhere_in_the_code():
    literals, patterns = _actions()
    recorded = {name for name, _ in literals}
    stale = [
        name
        for name in EVENTS
        if name not in recorded and not any(re.match(pattern, name) for pattern, _ in patterns)
    ]
    assert not stale, f"no code records these registered events (remove them): {stale}"


def test_registered_names_are_well_formed_and_labelled():
    for name, event in EVENTS.items():
        assert NAME.match(name) and event.name == name
        assert label_of(name) == str(event.label) and "_" not in str(event.label)
    assert label_of("an.unregistered_name") == "an.unregistered_name"


@pytest.mark.django_db
def test_every_registered_event_is_emitted_by_some_test(request):
    """Runs last (tests/audit_event_collector.py orders it), and only in a whole-suite run. Under
    pytest-xdist each worker ran only its share: the controller checks what they all heard instead."""
    if is_xdist_worker(request.config):
        pytest.skip("under pytest-xdist the controller checks it once every worker has finished")
    if not whole_suite(request.session):
        pytest.skip("checked at the end of a run of the whole suite")
    from irm.core.models import AuditEvent

    never = never_emitted(EMITTED | set(AuditEvent.objects.values_list("action", flat=True).distinct()))
    assert not never, message(never)
