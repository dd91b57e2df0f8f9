"""`irm lots …` from the command line: simulate (checked by the contract script), draw, redraw,
check, import and verify."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from irm.lots.models import Draw
from irm.reviews.models import Review

pytestmark = pytest.mark.django_db

CHECK = Path(__file__).with_name("check_lots_simulation.py")


def contract_check(tmp_path: Path, output: str, cap: int = 3) -> subprocess.CompletedProcess:
    path = tmp_path / "draw.json"
    path.write_text(output, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(CHECK), str(path), "--cap", str(cap)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("cycle", [1, 2])
def test_simulate_prints_the_promised_json_and_it_passes_the_contract_check(run_irm, tmp_path, cycle):
    output = run_irm("lots", "simulate", "--cycle", str(cycle), "--seed", "7", "--format", "json")
    data = json.loads(output)
    assert list(data) == ["cycle", "seed", "algorithm", "reviews"]
    assert data["cycle"] == cycle and data["seed"] == 7 and data["algorithm"] == "irm-lots/1"
    assert set(data["reviews"][0]) == {"state", "year", "reviewers"}
    checked = contract_check(tmp_path, output)
    assert checked.returncode == 0, checked.stdout
    assert "0 problems in 193 reviews" in checked.stdout
    assert not Review.objects.exists(), "simulate saves nothing"


def test_simulate_is_reproducible_from_its_seed(run_irm):
    first = run_irm("lots", "simulate", "--cycle", "2", "--seed", "99", "--format", "json")
    assert run_irm("lots", "simulate", "--cycle", "2", "--seed", "99", "--format", "json") == first


def test_the_contract_check_catches_a_broken_draw(run_irm, tmp_path):
    data = json.loads(run_irm("lots", "simulate", "--cycle", "2", "--seed", "1", "--format", "json"))
    data["reviews"][0]["reviewers"] = [data["reviews"][0]["state"], data["reviews"][0]["reviewers"][1]]
    assert contract_check(tmp_path, json.dumps(data)).returncode == 1


def test_draw_then_verify_then_a_hand_edit_makes_verify_fail(run_irm):
    output = run_irm("lots", "draw", "--cycle", "2", "--year", "1", "--seed", "5", "--format", "json")
    data = json.loads(output)
    assert data["kind"] == "reviewers" and data["seed"] == 5 and data["reviews"]
    assert "0 problems" in run_irm("lots", "verify", "--cycle", "2")
    review = Review.objects.filter(cycle__number=2, year=1)[0]
    Review.objects.filter(pk=review.pk).update(reviewer_1=review.reviewer_2, reviewer_2=review.reviewer_1)
    with pytest.raises(CommandError) as failed:
        run_irm("lots", "verify", "--cycle", "2")
    assert failed.value.returncode == 1


def test_verify_in_json(run_irm):
    run_irm("lots", "draw", "--cycle", "1", "--year", "2", "--seed", "5")
    report = json.loads(run_irm("lots", "verify", "--cycle", "1", "--format", "json"))
    assert report["ok"] and report["draws"] == 2 and report["rerun"] == 2 and report["problems"] == []


def test_redraw_from_the_command_line_and_the_third_needs_exceptional(run_irm):
    run_irm("lots", "volunteer", "--cycle", "2", "--state", "KEN", "--year", "1")
    run_irm("lots", "draw", "--cycle", "2", "--year", "1", "--seed", "3")

    def second_reviewer() -> str:
        return Review.objects.values_list("reviewer_2__iso3", flat=True).get(
            cycle__number=2, state__iso3="KEN"
        )

    for _ in range(2):
        run_irm("lots", "redraw", "--cycle", "2", "--state", "KEN", "--replace", second_reviewer())
    second = second_reviewer()
    with pytest.raises(CommandError, match="secretariat decision"):
        run_irm("lots", "redraw", "--cycle", "2", "--state", "KEN", "--replace", second)
    out = run_irm(
        "lots", "redraw", "--cycle", "2", "--state", "KEN", "--replace", second,
        "--exceptional", "--reason", "conflict of interest", "--format", "json",
    )  # fmt: skip
    assert json.loads(out)["reviews"][0]["state"] == "KEN"
    assert Draw.objects.filter(kind=Draw.Kind.REDRAW, exceptional=True).count() == 1
    assert "0 problems" in run_irm("lots", "verify", "--cycle", "2")


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "pairings.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


GOOD = """cycle,state_under_review,reviewer_1,reviewer_2
1,Kenya,Uganda,France
1,Viet Nam,Thailand,
1,European Union,Czechia,Niue
"""

BAD = """cycle,state_under_review,reviewer_1,reviewer_2
1,KEN,FRA,DEU
1,FRA,KEN,ITA
1,Tailand,LAO,MMR
1,UGA,UGA,KEN
"""


def test_check_of_a_clean_file(run_irm, tmp_path):
    assert run_irm("lots", "check", write(tmp_path, GOOD)).splitlines()[-1] == "0 violations, 0 unknown names"


def test_check_prints_each_violation_and_unknown_name_then_the_counts_and_fails(tmp_path):
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("lots", "check", write(tmp_path, BAD), stdout=out)
    assert failed.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert lines[-1] == "3 violations, 1 unknown names"
    text = out.getvalue()
    assert "row 2: violation same_region (KEN, FRA, DEU)" in text
    assert "no_reciprocal (FRA, KEN)" in text
    assert "not_itself (UGA)" in text
    assert "row 4: unknown name 'Tailand' in state_under_review — did you mean Thailand (THA)" in text


def test_import_is_atomic_and_idempotent(run_irm, tmp_path):
    with pytest.raises(CommandError):
        run_irm("lots", "import", write(tmp_path, BAD))
    assert not Review.objects.exists()
    out = run_irm("lots", "import", write(tmp_path, GOOD))
    assert "3 created" in out
    kenya = Review.objects.values_list("reviewer_1__iso3", "reviewer_2__iso3").get(
        cycle__number=1, state__iso3="KEN"
    )
    assert kenya == ("UGA", "FRA")
    assert Review.objects.get(cycle__number=1, state__iso3="VNM").reviewer_2 is None
    assert "0 created, 0 updated, 3 unchanged" in run_irm("lots", "import", write(tmp_path, GOOD))
    assert Draw.objects.filter(kind=Draw.Kind.IMPORT).count() == 1
    assert "0 problems" in run_irm("lots", "verify", "--cycle", "1")


def test_simulate_explains_an_impossible_configuration(run_irm):
    with pytest.raises(CommandError):
        run_irm("lots", "simulate", "--cycle", "2", "--seed", "1", "--cap", "1")
