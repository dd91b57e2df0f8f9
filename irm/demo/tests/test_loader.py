"""The loader: data files read safely with errors that name the place, one step per file, no table
written outside its owner's services."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from irm.demo.loader import DATA_DIR, MAX_FILE_BYTES, STEPS, DemoDataError, read_data


def test_every_step_has_its_data_file_and_its_function():
    for step in STEPS:
        assert (DATA_DIR / f"{step.data}.yaml").exists(), step
        assert callable(step.resolve()), step
    assert len({step.name for step in STEPS}) == len(STEPS)


def test_every_data_file_parses_and_is_used():
    used = {step.data for step in STEPS} | {"targets"}
    assert {path.stem for path in DATA_DIR.glob("*.yaml")} == used
    for name in used:
        assert read_data(name).value


def test_a_missing_field_is_named_with_its_file_and_row(tmp_path):
    (tmp_path / "people.yaml").write_text("users:\n  - {username: a}\n  - {password: b}\n")
    rows = read_data("people", directory=tmp_path).rows("users")
    with pytest.raises(DemoDataError, match=r"people.yaml: users\[1\].username: missing"):
        rows[1].text("username")


def test_a_key_that_yaml_reads_as_a_boolean_is_refused(tmp_path):
    (tmp_path / "rates.yaml").write_text("rates:\n  - {currency: EUR, on: 2020-01-01}\n")
    with pytest.raises(DemoDataError, match=r"rates.yaml: rates\[0\]: a key reads as True"):
        read_data("rates", directory=tmp_path)


def test_a_file_too_large_or_not_yaml_or_not_a_mapping_is_refused(tmp_path):
    (tmp_path / "big.yaml").write_text("x: " + "a" * (MAX_FILE_BYTES + 1))
    (tmp_path / "bad.yaml").write_text("x: [unclosed\n")
    (tmp_path / "list.yaml").write_text("- 1\n- 2\n")
    (tmp_path / "code.yaml").write_text("x: !!python/object/apply:os.system ['true']\n")
    for name, message in [
        ("big", "more than"),
        ("bad", "not valid YAML"),
        ("list", "a mapping at its top"),
        ("code", "not valid YAML"),
        ("absent", "no such demo data file"),
    ]:
        with pytest.raises(DemoDataError, match=message):
            read_data(name, directory=tmp_path)


def test_the_prepared_password_hashes_match_the_passwords():
    from concurrent.futures import ThreadPoolExecutor

    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    rows = read_data("users").rows("users")
    with ThreadPoolExecutor(4) as pool:  # the key stretching releases the GIL
        verified = list(
            pool.map(lambda r: PBKDF2PasswordHasher().verify(r["password"], r["password_hash"]), rows)
        )
    assert verified == [True] * len(rows)


def test_steps_write_no_table_themselves():
    """Code keeps rules, not rows, and writes only through the owning apps' services."""
    writes = {
        "create",
        "bulk_create",
        "update",
        "bulk_update",
        "delete",
        "save",
        "get_or_create",
        "update_or_create",
    }
    steps = Path(__file__).resolve().parent.parent / "steps"
    for path in steps.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in writes
            ):
                chain = ast.unparse(node.func)
                assert ".objects" not in chain and not chain.startswith(("self.", "cls.")), (path.name, chain)


def test_the_data_files_live_inside_the_package_so_a_wheel_carries_them():
    import irm

    assert DATA_DIR.is_relative_to(Path(irm.__file__).resolve().parent)
