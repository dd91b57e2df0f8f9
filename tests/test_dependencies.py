"""Every third-party package the code imports is declared in pyproject.toml (issue 15 §6).

The running code (irm/ outside tests) may import only the project's dependencies; tests may also import
the dev group. An undeclared import works on a machine where the package happens to be installed and
breaks on a clean install.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def _imports(paths: list[Path]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in {"irm", "tests"}}  # the project and its test helpers


def _undeclared(modules: set[str], declared: set[str]) -> list[str]:
    distributions = packages_distributions()
    missing = []
    for module in sorted(modules):
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} (from {', '.join(sorted(names))})")
    return missing


def test_every_imported_package_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = _names(project["project"]["dependencies"])
    dev = runtime | _names(project["dependency-groups"]["dev"])
    code = [p for p in (ROOT / "irm").rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    tests = list((ROOT / "irm").rglob("tests/*.py")) + list((ROOT / "tests").glob("*.py"))
    assert _undeclared(_imports(code), runtime) == []
    assert _undeclared(_imports(tests) | {"pytest"}, dev) == []
