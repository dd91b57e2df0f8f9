"""One owner per table: only the app that defines a model writes its rows.

import-linter (the layers contract in pyproject.toml) sees imports, not writes, so this test reads the
code with `ast` and fails when a module outside the owning app calls a write on another app's model:

- a manager or queryset call rooted at a model class (`Review.objects.create(...)`,
  `Milestone.objects.filter(...).update(...)`, `Review(...).save()`), the model resolved through the
  module's imports (`from irm.reviews.models import Review`, `from irm.reviews import models as rm`);
- a write on a variable bound to such an expression in the same function (`review = Review.objects.get(...)`
  then `review.save()`; `for m in Milestone.objects.filter(...): m.delete()`);
- a write through a reverse accessor (`review.milestones.create(...)`) is charged to the app whose model
  declares that `related_name`.

Migrations and tests are exempt. Anything else that must write another app's rows calls that app's
services instead (see docs/ARCHITECTURE.md, "Owners").
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "irm"

WRITES = frozenset(
    {
        "create",
        "bulk_create",
        "update",
        "bulk_update",
        "delete",
        "save",
        "get_or_create",
        "update_or_create",
        "create_user",
        "create_superuser",
    }
)

#: Modules allowed to write other apps' tables (none: the demo's steps call the owners' services).
ALLOWED: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    call: str
    owner: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call} writes a table of `{self.owner}`"


@dataclass
class Schema:
    """Model class names and reverse accessors (`related_name`) per app."""

    models: dict[str, set[str]]
    related: dict[str, set[str]]

    def app_of(self, app: str, name: str) -> str | None:
        return app if name in self.models.get(app, set()) else None


def _app_of_module(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "irm" else None


def _model_files(app_dir: Path) -> list[Path]:
    files = [app_dir / "models.py"] if (app_dir / "models.py").exists() else []
    if (app_dir / "models").is_dir():
        files += sorted((app_dir / "models").glob("*.py"))
    return files


def read_schema(package: Path = PACKAGE) -> Schema:
    models: dict[str, set[str]] = {}
    related: dict[str, set[str]] = {}
    for app_dir in sorted(p for p in package.iterdir() if p.is_dir()):
        for path in _model_files(app_dir):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if not isinstance(node, ast.ClassDef):
                    continue
                models.setdefault(app_dir.name, set()).add(node.name)
                for call in ast.walk(node):
                    if isinstance(call, ast.Call):
                        for kw in call.keywords:
                            if kw.arg == "related_name" and isinstance(kw.value, ast.Constant):
                                related.setdefault(str(kw.value.value), set()).add(app_dir.name)
    return Schema(models, related)


def _imports(tree: ast.Module, schema: Schema) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Local names bound to irm models ({name: (app, Model)}) and to irm models modules ({alias: app})."""
    names: dict[str, tuple[str, str]] = {}
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            app = _app_of_module(node.module + ".x")
            if app is None:
                continue
            if ".models" in node.module:
                for alias in node.names:
                    if schema.app_of(app, alias.name):
                        names[alias.asname or alias.name] = (app, alias.name)
            else:
                for alias in node.names:
                    if alias.name == "models":
                        modules[alias.asname or alias.name] = app
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name.startswith("irm.") and alias.name.endswith(".models"):
                    modules[alias.asname] = alias.name.split(".")[1]
    return names, modules


def _chain(node: ast.expr) -> tuple[ast.expr, list[str]]:
    """Walk `a.b(...).c[...]` down to its root, returning the root and the attribute names on the way."""
    attrs: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return node, list(reversed(attrs))


class _Checker:
    def __init__(self, path: str, app: str | None, tree: ast.Module, schema: Schema) -> None:
        self.path, self.app, self.tree, self.schema = path, app, tree, schema
        self.names, self.modules = _imports(tree, schema)

    def _root_app(self, node: ast.expr, variables: dict[str, set[str]]) -> tuple[set[str], list[str]]:
        """The apps whose rows an expression stands for, and the attributes after its root."""
        root, attrs = _chain(node)
        if isinstance(root, ast.Name):
            if root.id in self.names:
                return {self.names[root.id][0]}, attrs
            if root.id in self.modules and attrs and self.schema.app_of(self.modules[root.id], attrs[0]):
                return {self.modules[root.id]}, attrs[1:]
            if root.id in variables:
                return variables[root.id], attrs
        return set(), attrs

    def _owners(self, node: ast.expr, variables: dict[str, set[str]]) -> set[str]:
        apps, attrs = self._root_app(node, variables)
        for attr in attrs:  # a reverse accessor moves the write to the app that declares it
            if apps and attr in self.schema.related:
                apps = self.schema.related[attr]
        return apps

    def _bind(self, target: ast.expr, apps: set[str], variables: dict[str, set[str]]) -> None:
        if isinstance(target, ast.Name):
            variables[target.id] = apps
        elif isinstance(target, ast.Tuple) and target.elts:  # `obj, created = M.objects.get_or_create()`
            self._bind(target.elts[0], apps, variables)

    def _variables(self, scope: ast.AST) -> dict[str, set[str]]:
        variables: dict[str, set[str]] = {}
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):  # `def f(review: Review)`
            for arg in [*scope.args.posonlyargs, *scope.args.args, *scope.args.kwonlyargs]:
                annotation = arg.annotation
                if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
                    annotation = ast.parse(annotation.value, mode="eval").body
                if annotation is not None:
                    root, _ = _chain(annotation)
                    if isinstance(root, ast.Name) and root.id in self.names:
                        variables[arg.arg] = {self.names[root.id][0]}
        for node in ast.walk(scope):
            value, targets = None, []
            if isinstance(node, ast.Assign):
                value, targets = node.value, node.targets
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                value, targets = node.value, [node.target]
            elif isinstance(node, ast.For | ast.comprehension):
                value, targets = node.iter, [node.target]
            if value is None:
                continue
            apps = self._owners(value, variables)
            for target in targets:
                if apps:
                    self._bind(target, apps, variables)
        return variables

    def violations(self) -> list[Violation]:
        found: list[Violation] = []
        scopes = [n for n in ast.walk(self.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for scope in [self.tree, *scopes]:
            variables = self._variables(scope) if scope is not self.tree else {}
            for node in ast.walk(scope):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                if node.func.attr not in WRITES:
                    continue
                for owner in sorted(self._owners(node.func.value, variables)):
                    if owner != self.app:
                        found.append(Violation(self.path, node.lineno, ast.unparse(node.func), owner))
        return sorted(set(found), key=lambda v: (v.line, v.call))


def check_source(source: str, *, module: str, schema: Schema) -> list[Violation]:
    """The ownership violations in one module's source (`module` is its dotted name)."""
    path = module.replace(".", "/") + ".py"
    return _Checker(path, _app_of_module(module), ast.parse(source), schema).violations()


def _modules(package: Path = PACKAGE) -> list[Path]:
    return sorted(
        p
        for p in package.rglob("*.py")
        if "migrations" not in p.parts and "tests" not in p.parts and p.name != "conftest.py"
    )


def scan(package: Path = PACKAGE) -> list[Violation]:
    schema = read_schema(package)
    found: list[Violation] = []
    for path in _modules(package):
        relative = path.relative_to(package.parent)
        if relative.as_posix() in ALLOWED:
            continue
        module = ".".join(relative.with_suffix("").parts)
        found += check_source(path.read_text(encoding="utf-8"), module=module, schema=schema)
    return found


def test_only_the_owning_app_writes_its_tables():
    violations = scan()
    assert not violations, "writes outside the owning app:\n" + "\n".join(map(str, violations))


def test_the_allow_list_names_only_existing_files():
    # An entry for a file that is gone would silently allow its successor.
    assert all((ROOT / name).exists() for name in ALLOWED), sorted(
        n for n in ALLOWED if not (ROOT / n).exists()
    )


@pytest.fixture(scope="module")
def schema() -> Schema:
    return read_schema()


@pytest.mark.parametrize(
    "source",
    [
        "from irm.reviews.models import Review\ndef f():\n    Review.objects.create(state=None)\n",
        "from irm.reviews.models import Review as R\ndef f():\n    R.objects.filter(pk=1).update(stage='x')\n",
        "from irm.reviews import models as rm\ndef f():\n    rm.Milestone.objects.select_for_update().delete()\n",
        "import irm.reviews.models as rm\nrm.DirectDialogue.objects.bulk_create([])\n",
        "from irm.reviews.models import Review\ndef f():\n    Review(state=None).save()\n",
        "from irm.reviews.models import Review\ndef f():\n    review = Review.objects.get(pk=1)\n    review.save()\n",
        "from irm.reviews.models import Milestone\ndef f():\n    for m in Milestone.objects.all():\n        m.delete()\n",
        "from irm.reviews.models import Review\ndef f():\n    r, _ = Review.objects.get_or_create(pk=1)\n    r.save()\n",
        "from irm.findings.models import Finding\ndef f(pk):\n    finding = Finding.objects.get(pk=pk)\n"
        "    finding.review.milestones.create(stage='x')\n",
        "from irm.reviews.models import Review\ndef f(*, review: Review):\n    review.save()\n",
    ],
    ids=[
        "create",
        "alias-update",
        "module-delete",
        "import-as",
        "instance",
        "var-save",
        "loop",
        "tuple",
        "accessor",
        "parameter",
    ],
)
def test_a_planted_write_on_another_apps_table_is_caught(source, schema):
    violations = check_source(source, module="irm.lots.services", schema=schema)
    assert {v.owner for v in violations} == {"reviews"}, violations
    assert violations[-1].line == source.count("\n"), violations  # the write on the last line is caught


@pytest.mark.parametrize(
    "source",
    [
        "from irm.reviews.models import Review\ndef f():\n    Review.objects.create(state=None)\n",
        "from irm.lots.models import Draw\nfrom irm.reviews.models import Review\ndef f(review: Review):\n"
        "    draw = Draw.objects.get(pk=1)\n    draw.save()\n",
        "from irm.reviews.models import Review\ndef f():\n    list(Review.objects.filter(pk=1))\n",
    ],
    ids=["own-table", "own-instance", "read"],
)
def test_reads_and_own_writes_pass(source, schema):
    module = "irm.reviews.services" if "Draw" not in source else "irm.lots.services"
    assert check_source(source, module=module, schema=schema) == []


def test_the_whole_scan_catches_a_planted_file(tmp_path):
    package = tmp_path / "irm"
    for app, body in {
        "reviews": "class Review:\n    pass\n",
        "lots": "class Draw:\n    pass\n",
    }.items():
        (package / app).mkdir(parents=True)
        (package / app / "models.py").write_text(body)
    (package / "lots" / "services.py").write_text(
        "from irm.reviews.models import Review\ndef draw():\n    Review.objects.create(state=None)\n"
    )
    (package / "reviews" / "tests").mkdir()
    (package / "reviews" / "tests" / "test_x.py").write_text(
        "from irm.lots.models import Draw\nDraw.objects.create()\n"  # tests are exempt
    )
    assert [str(v) for v in scan(package)] == [
        "irm/lots/services.py:3: Review.objects.create writes a table of `reviews`"
    ]
