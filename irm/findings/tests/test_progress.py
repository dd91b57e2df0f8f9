"""The progress bar of long imports."""

from __future__ import annotations

import io

from irm.findings.management.commands._progress import ProgressBar


def test_progress_bar_draws_for_large_files_only():
    out = io.StringIO()
    bar = ProgressBar(stream=out, enabled=True)
    bar("check", 0, 500)
    assert out.getvalue() == ""
    bar("check", 50_000, 100_000)
    bar("write", 100_000, 100_000)
    bar.close()
    text = out.getvalue()
    assert "checking" in text and "50000/100000" in text and "writing" in text and "#" * 30 in text


def test_progress_bar_is_silent_when_not_a_terminal():
    out = io.StringIO()  # not a tty
    bar = ProgressBar(stream=out)
    bar("check", 5000, 10000)
    assert out.getvalue() == ""
