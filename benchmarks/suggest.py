"""Precision and recall of the tag suggestions (articles, need categories, themes) on a held-out split.

The demo is loaded into a scratch SQLite database (reviews, findings in several languages, confirmed
themes). Its confirmed findings are split by review (seeded, 80% to learn from, 20% held out: no
review is in both), the model is trained on the first part exactly as `irm themes train` does, and its
suggestions for the held-out findings are compared with their confirmed labels. Baseline, in the same
run: suggesting the most frequent labels of the training part. A second run hides every number in the
texts (the demo's sentences name their article, real findings often do too, but not always).

    uv run python benchmarks/suggest.py [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = Path("/tmp/irm-bench-suggest.sqlite3")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the scratch database")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        return child()
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, __file__, "--child"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{SQLITE_PATH}",
            "IRM_TESTING": "0",
            "IRM_DATA_DIR": "/tmp/irm-bench-suggest-data",
        },
    )
    sys.stderr.write(proc.stderr)
    if proc.returncode:
        print(proc.stdout)
        return proc.returncode
    report(json.loads(proc.stdout.strip().splitlines()[-1]))
    return 0


def report(r: dict) -> None:
    print()
    print(
        f"demo: {r['findings']:,} confirmed findings of {r['reviews']} reviews; learned from {r['train']:,} "
        f"({r['train_reviews']} reviews), held out {r['test']:,} ({r['test_reviews']} reviews); "
        f"training {r['train_s']:.1f} s"
    )
    print(
        f"{'kind':<10} {'texts':<16} {'held out':>9} {'precision':>10} {'recall':>8} {'baseline P':>11} {'baseline R':>11}"
    )
    for row in r["rows"]:
        print(
            f"{row['kind']:<10} {row['variant']:<16} {row['examples']:>9,} {row['precision']:>10.3f} {row['recall']:>8.3f}"
            f" {row['baseline_precision']:>11.3f} {row['baseline_recall']:>11.3f}"
        )
    rules = "; ".join(
        f"{variant}: {kind} top {top} from {threshold:.2f}"
        for variant, kinds in r.get("rules", {}).items()
        for kind, (top, threshold) in kinds.items()
    )
    print(
        "(micro-averaged over the held-out findings; articles and themes: score ≥ 0.5, at most 3;"
        f" categories: the rule tuned on the training split — {rules or 'none'})"
    )


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def child() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import io

    from django.core.management import call_command

    from irm.demo.loader import STEPS, run_steps
    from irm.reference import load_reference_data

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_reference_data()
    wanted = [s for s in STEPS if s.name in {"users", "draws", "reviews", "findings", "public"}]
    for step, summary in run_steps(wanted, stdout=io.StringIO()):
        log(f"demo {step.name}: {summary}")
    log(f"demo loaded in {time.perf_counter() - started:.1f} s")

    from irm.themes import selectors, suggest

    examples = selectors.training_examples()
    review_of = dict(selectors.confirmed_findings().values_list("pk", "review_id"))
    reviews = sorted({review_of[e.finding_id] for e in examples})
    rng = random.Random(19)
    held_out = set(rng.sample(reviews, k=len(reviews) // 5))
    train = [e for e in examples if review_of[e.finding_id] not in held_out]
    test = [e for e in examples if review_of[e.finding_id] in held_out]
    rows = []
    rules = {}
    train_s = 0.0
    for variant in ("as written", "numbers hidden"):
        if variant == "numbers hidden":
            train = [_hide_numbers(e) for e in train]
            test = [_hide_numbers(e) for e in test]
        t = time.perf_counter()
        model = suggest.train(train)
        train_s = train_s or time.perf_counter() - t
        rules[variant] = {kind: [rule.top, rule.threshold] for kind, rule in model.rules.items()}
        predicted = model.suggest([e.tokens for e in test])
        for kind in suggest.KINDS:
            chosen = [(e, p) for e, p in zip(test, predicted, strict=True) if kind in e.labels]
            truth = [e.labels[kind] for e, _ in chosen]
            guess = [{s.code for s in p if s.kind == kind} for _, p in chosen]
            precision, recall, *_ = suggest.precision_recall(truth, guess)
            frequency = Counter(label for e in train if kind in e.labels for label in e.labels[kind])
            common = [label for label, _ in frequency.most_common(1)]
            base_p, base_r, *_ = suggest.precision_recall(truth, [set(common)] * len(truth))
            rows.append(
                {
                    "kind": kind,
                    "variant": variant,
                    "examples": len(chosen),
                    "precision": precision,
                    "recall": recall,
                    "baseline_precision": base_p,
                    "baseline_recall": base_r,
                }
            )
    print(
        json.dumps(
            {
                "findings": len(examples),
                "reviews": len(reviews),
                "train": len(train),
                "train_reviews": len(reviews) - len(held_out),
                "test": len(test),
                "test_reviews": len(held_out),
                "train_s": train_s,
                "rows": rows,
                "rules": rules,
            }
        )
    )
    return 0


def _hide_numbers(example):  # type: ignore[no-untyped-def]
    from irm.themes.suggest import Example

    return Example(
        example.finding_id, [t for t in example.tokens if not any(c.isdigit() for c in t)], example.labels
    )


if __name__ == "__main__":
    sys.exit(main())
