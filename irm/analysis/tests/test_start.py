"""Issue 18 §3: a fresh `irm analysis ta-needs` costs Django's start and a few queries, not the import of
libraries it does not use. numpy came into every start through the document jobs the AppConfigs
register (`irm.findings.jobs` imported the findings services, and with them the search engine's
numpy arrays): 0.2 s of each process, a sixth of the cold budget."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

#: Libraries the JSON of the needs analysis does not need (charts, Word, spreadsheets, arrays, Chinese words).
HEAVY = ("numpy", "pandas", "matplotlib", "docx", "docxtpl", "openpyxl", "jieba")

SCRIPT = f"""
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "irm.settings"
import django
django.setup()
from django.core.management import load_command_class
load_command_class("irm.analysis", "analysis")
import irm.analysis.selectors, irm.analysis.services, irm.analysis.sql  # what `ta-needs --format json` runs
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})))
"""


def test_django_start_and_the_needs_command_import_no_heavy_library(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "IRM_TESTING": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "IRM_DATA_DIR": str(tmp_path),
    }
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
