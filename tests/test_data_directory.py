"""No secret in the repository, and a data directory that can never sit inside the package (issue 14 §9)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "irm"


def _settings(cwd: Path, data_dir: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"IRM_DATA_DIR", "IRM_SECRET_KEY"}}
    env["IRM_TESTING"] = "true"
    if data_dir is not None:
        env["IRM_DATA_DIR"] = data_dir
    code = "import irm.settings as s; print(s.DATA_DIR)"
    return subprocess.run(
        [sys.executable, "-P", "-c", code],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )


def test_no_key_or_data_directory_is_tracked_and_any_var_folder_is_ignored():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert not [p for p in tracked.splitlines() if Path(p).name in {"secret_key", "audit_key", "totp_key"}]
    assert not [p for p in tracked.splitlines() if "var" in Path(p).parts]
    for path in ["var/secret_key", "irm/var/secret_key", "deploy/site/var/irm.sqlite3", "x.sqlite3-wal"]:
        assert subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0, path


def test_the_default_data_directory_is_var_of_the_working_directory_made_absolute(tmp_path):
    result = _settings(tmp_path, None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path.resolve() / "var")


@pytest.mark.parametrize("where", ["irm", "irm/web"])
def test_a_data_directory_inside_the_package_is_refused(where):
    result = _settings(ROOT / where, None)  # the default ./var would be irm/var
    assert result.returncode != 0 and "inside the irm package" in result.stderr
    result = _settings(ROOT, str(PACKAGE / "data"))
    assert result.returncode != 0 and "set IRM_DATA_DIR" in result.stderr
