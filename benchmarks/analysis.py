"""Benchmark of the technical-assistance needs analysis (`irm analysis ta-needs`).

1,000,000 needs over 192 States and two cycles are generated into scratch databases (a SQLite
file, and a PostgreSQL database created and dropped here); on each, in the same run:

- after the bulk load, the need-count cache is brought up to date as a bulk writer does it (the
  findings app's `findings_written` signal, or the worker's verification after a write that told no
  one): "recount after load";
- cold: `irm analysis ta-needs` in a fresh process (`python -m irm …`, the JSON on standard output),
  whole-process wall and CPU time, minimum and median of 3 (the interpreter, Django's start, the
  counts and the JSON: what a user waits for);
- warm: the same JSON in one process, median of 5;
- empty cache: the JSON when no review has counts yet (what the first reader pays if nothing kept the
  cache current), and without the cache at all (the ORM aggregates);
- a straightforward pandas implementation of the same counts (loading the tables included), on the
  same data; its result is checked to be equal to the command's JSON.

    uv run python benchmarks/analysis.py [--needs 1000000] [--no-postgres] [--no-sqlite]
                                         [--pg-url postgres://postgres@127.0.0.1:5432] [--keep] [--reuse]

`--keep` leaves the scratch databases; `--reuse` uses kept ones instead of generating them again.
Each database runs in a child process (Django settings are read once per process). The project's
modules are compiled to bytecode first (`compileall`), as an installed environment has them
(`uv sync --compile-bytecode`, or any Python that may write its caches); so is the environment's
`site-packages` (see README, "Production deployment").
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import sysconfig
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2023, 9, 15)
SINCE = date(2021, 9, 15)
SQLITE_PATH = Path(os.environ.get("BENCH_SQLITE_PATH", "/tmp/irm-bench-analysis.sqlite3"))
PG_DB = os.environ.get("BENCH_PG_DB", "irm_bench_analysis")
COMMAND = ["analysis", "ta-needs", "--cycle", "2", "--as-of", AS_OF.isoformat(), "--since", SINCE.isoformat()]


# --- parent ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--needs", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases (for profiling)")
    parser.add_argument("--reuse", action="store_true", help="use the kept scratch databases as they are")
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--child", choices=["sqlite", "postgres"])
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.url, args.needs, args.reuse)

    # Bytecode for the project and the environment, as an installed environment has it. uv does not
    # compile on install unless asked (`uv sync --compile-bytecode`), and with PYTHONDONTWRITEBYTECODE
    # set no process writes its caches: each fresh process then compiled Django, pydantic, ninja... from
    # source, 1.4 s of CPU of the 2.5 s measured cold on 2026-12-03 (issue 18 §3).
    started = time.perf_counter()
    for tree in (ROOT / "irm", Path(sysconfig.get_paths()["purelib"])):
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", "-j", "0", str(tree)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    log(
        f"bytecode of the project and the environment checked or written in {time.perf_counter() - started:.1f} s"
    )
    load_before = os.getloadavg()
    results = []
    backends = [] if args.no_sqlite else [("sqlite", f"sqlite:///{SQLITE_PATH}")]
    if not args.no_postgres:
        backends.append(("postgres", f"{args.pg_url.rstrip('/')}/{PG_DB}"))
    for backend, url in backends:
        if args.reuse:
            pass
        elif backend == "postgres":
            _pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{PG_DB}"')
            _pg_admin(args.pg_url, f'CREATE DATABASE "{PG_DB}"')
        else:
            SQLITE_PATH.unlink(missing_ok=True)
        try:
            command = [sys.executable, __file__, "--child", backend, "--url", url, "--needs", str(args.needs)]
            proc = subprocess.run(
                [*command, *(["--reuse"] if args.reuse else [])],
                cwd=ROOT,
                capture_output=True,
                text=True,
                env=_env(url),
            )
            sys.stderr.write(proc.stderr)
            if proc.returncode:
                print(proc.stdout)
                return proc.returncode
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        finally:
            if args.keep or args.reuse:
                pass
            elif backend == "postgres":
                _pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{PG_DB}"')
            else:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)

    print()
    print(
        f"needs: {args.needs:,} over 192 States and two cycles (as of {AS_OF}, since {SINCE});"
        f" load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after (2 cores)"
    )
    print(
        f"{'database':<10} {'cold: fresh process s':>22} {'(CPU s)':>8} {'warm s':>8} {'pandas s':>9}"
        f" {'pandas/cold':>11} {'pandas/warm':>11} {'same':>5}"
    )
    for r in results:
        print(
            f"{r['backend']:<10} {r['cold_median_s']:>15.2f} (min {r['cold_min_s']:.2f})"
            f" {r['cold_cpu_s']:>6.2f} {r['sql_median_s']:>8.3f} {r['pandas_s']:>9.2f}"
            f" {r['pandas_s'] / r['cold_median_s']:>10.1f}x {r['pandas_s'] / r['sql_median_s']:>10.0f}x"
            f" {r['same']!s:>5}"
        )
        print(
            f"           load {r['load_s']:.0f} s; recount after load {r['recount_s']:.2f} s;"
            f" empty cache (first reader counts) {r['empty_cache_s']:.2f} s; without the cache"
            f" {r['sql_direct_s']:.2f} s; primary-category mode (warm) {r['sql_primary_s']:.3f} s;"
            f" pandas load {r['pandas_load_s']:.2f} s + count {r['pandas_count_s']:.2f} s;"
            f" needs counted {r['needs_total']:,}"
        )
    return 0


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "IRM_TESTING": "0", "IRM_DATA_DIR": "/tmp/irm-bench-data"}


def _pg_admin(base_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{base_url.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(sql)


# --- child: one database -----------------------------------------------------------------------


def child(backend: str, url: str, needs: int, reuse: bool) -> int:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from irm.analysis import services
    from irm.analysis.models import NeedCount, NeedCountStamp
    from irm.reference import load_reference_data
    from irm.reviews.models import Review

    started = time.perf_counter()
    if not reuse:
        call_command("migrate", verbosity=0)
        load_reference_data()
        generate(needs, backend)
    load_s = time.perf_counter() - started
    log(f"{backend}: schema, reference data and {needs:,} needs in {load_s:.1f} s")

    from irm.analysis.selectors import NeedsFilter, ta_needs

    def run_sql(mode: str = "all", use_cache: bool = True) -> dict:
        f = NeedsFilter(cycle=2, as_of=AS_OF, since=SINCE, categories=mode)
        return json.loads(json.dumps(ta_needs(f, use_cache=use_cache)))

    def forget() -> None:
        NeedCountStamp.objects.all().delete()
        NeedCount.objects.all().delete()

    t = time.perf_counter()
    direct = run_sql(use_cache=False)
    direct_s = time.perf_counter() - t
    forget()
    t = time.perf_counter()
    doc = run_sql()  # the first reader counts the reviews it needs
    empty_cache_s = time.perf_counter() - t
    assert doc == direct, "cached and direct counts differ"
    forget()
    t = time.perf_counter()
    services.refresh_need_counts(review_ids=list(Review.objects.values_list("pk", flat=True)))
    recount_s = time.perf_counter() - t
    log(f"{backend}: recount of every review after the load {recount_s:.2f} s")

    cold = [fresh_process(url) for _ in range(3)]
    for output, _, _ in cold:
        assert json.loads(output) == direct, "the command's JSON differs from the direct counts"
    timings = []
    for _ in range(6):
        t = time.perf_counter()
        run_sql()
        timings.append(time.perf_counter() - t)
    t = time.perf_counter()
    run_sql("primary")
    primary_s = time.perf_counter() - t

    t = time.perf_counter()
    frames = pandas_load()
    pandas_load_s = time.perf_counter() - t
    t = time.perf_counter()
    expected = pandas_counts(frames)
    pandas_count_s = time.perf_counter() - t
    pandas_s = pandas_load_s + pandas_count_s
    same = compare(json.loads(cold[0][0]), expected)
    print(
        json.dumps(
            {
                "backend": backend,
                "load_s": load_s,
                "recount_s": recount_s,
                "cold_min_s": min(w for _, w, _ in cold),
                "cold_median_s": statistics.median(w for _, w, _ in cold),
                "cold_cpu_s": statistics.median(c for _, _, c in cold),
                "empty_cache_s": empty_cache_s,
                "sql_median_s": statistics.median(timings[1:]),
                "sql_primary_s": primary_s,
                "sql_direct_s": direct_s,
                "pandas_load_s": pandas_load_s,
                "pandas_count_s": pandas_count_s,
                "pandas_s": pandas_s,
                "same": same,
                "needs_total": doc["needs_total"],
            }
        )
    )
    return 0


def fresh_process(url: str) -> tuple[str, float, float]:
    """`irm analysis ta-needs …` in a new interpreter: (its JSON, wall seconds, CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "irm", *COMMAND], cwd=ROOT, capture_output=True, text=True, env=_env(url)
    )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise RuntimeError(proc.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    log(f"  fresh process: {wall:.2f} s wall, {cpu:.2f} s CPU")
    return proc.stdout, wall, cpu


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate(total: int, backend: str) -> None:
    """Reviews and milestones by the ORM (small), needs and their links by bulk SQL / COPY."""
    import numpy as np
    from django.db import connection, transaction
    from django.utils import timezone

    from irm.cycles.models import Cycle, TACategory
    from irm.findings.models import Finding
    from irm.parties.models import State
    from irm.reviews.models import Milestone, Review, Stage

    rng = np.random.default_rng(7)
    states = list(State.objects.order_by("iso3"))[:192]
    cycles = {c.number: c for c in Cycle.objects.all()}
    reviews = []
    for cycle in cycles.values():
        for state in states:
            reviews.append(Review(cycle=cycle, state=state, stage=Stage.SUMMARY_AGREED))
    Review.objects.bulk_create(reviews)
    reviews = list(Review.objects.order_by("id").select_related("cycle"))
    milestones = []
    for review in reviews:
        if rng.random() < 0.12:
            done = None  # not completed yet
        elif review.cycle.number == 1:
            done = date(2011, 1, 1) + (date(2023, 9, 1) - date(2011, 1, 1)) * float(rng.random())
        else:
            done = date(2017, 1, 1) + (date(2025, 6, 1) - date(2017, 1, 1)) * float(rng.random())
        milestones.append(Milestone(review=review, stage=Stage.SUMMARY_AGREED, done_on=done))
    Milestone.objects.bulk_create(milestones)

    # Needs: which review, linked to 1-3 articles of the cycle (85%), a chapter in general (10%) or nothing.
    review_ids = np.array([r.id for r in reviews])
    review_cycle = np.array([r.cycle.number for r in reviews])
    weights = rng.gamma(0.8, 1.0, len(reviews))
    weights /= weights.sum()
    owner = rng.choice(len(reviews), size=total, p=weights)
    need_review = review_ids[owner]
    need_cycle = review_cycle[owner]
    articles = {
        n: np.array(list(c.articles.order_by("number").values_list("id", "chapter_id")))
        for n, c in cycles.items()
    }
    categories = {
        n: np.array(list(TACategory.objects.filter(cycle=c).order_by("order").values_list("id", flat=True)))
        for n, c in cycles.items()
    }
    chapters_of = {n: np.unique(articles[n][:, 1]) for n in cycles}

    kind = rng.random(total)
    n_articles = np.where(kind < 0.85, rng.choice([1, 2, 3], size=total, p=[0.6, 0.3, 0.1]), 0)
    ids = np.arange(1, total + 1)
    chapter = np.zeros(total, dtype=np.int64)
    link_finding, link_article = [], []
    primary = np.zeros(total, dtype=np.int64)
    cat_finding, cat_category = [], []
    for number in cycles:
        mask = need_cycle == number
        idx = np.flatnonzero(mask)
        arts = articles[number]
        picks = rng.integers(0, len(arts), size=(idx.size, 3))
        picks.sort(axis=1)
        counts = n_articles[idx]
        for k in range(3):
            has = counts > k
            chosen = picks[has, k]
            link_finding.append(ids[idx[has]])
            link_article.append(arts[chosen, 0])
            if k == 0:
                chapter[idx[has]] = arts[chosen, 1]
        general = (kind[idx] >= 0.85) & (kind[idx] < 0.95)
        chapter[idx[general]] = rng.choice(chapters_of[number], size=int(general.sum()))
        cats = categories[number]
        n_cats = rng.choice([0, 1, 2], size=idx.size, p=[0.05, 0.7, 0.25])
        cpicks = np.stack([rng.permutation(len(cats))[:2] for _ in range(64)])[rng.integers(0, 64, idx.size)]
        for k in range(2):
            has = n_cats > k
            cat_finding.append(ids[idx[has]])
            cat_category.append(cats[cpicks[has, k]])
        marked = (rng.random(idx.size) < 0.3) & (n_cats > 0)
        primary[idx[marked]] = cats[cpicks[marked, 0]]  # the first picked, not always first by order
    link_finding_a = np.concatenate(link_finding)
    link_article_a = np.concatenate(link_article)
    # Remove a duplicate article of the same need (the pick may repeat).
    pairs = np.unique(np.stack([link_finding_a, link_article_a], axis=1), axis=0)
    cat_pairs = np.unique(
        np.stack([np.concatenate(cat_finding), np.concatenate(cat_category)], axis=1), axis=0
    )

    # Constant values for the other NOT NULL columns of Finding (whatever the findings app adds).
    now = timezone.now()
    set_columns = {"id", "review_id", "type", "chapter_id", "primary_category_id", "text", "language"}
    with connection.cursor() as cursor:
        present = {
            c.name for c in connection.introspection.get_table_description(cursor, Finding._meta.db_table)
        }
    extra = []
    for f in Finding._meta.concrete_fields:
        if f.column in set_columns or f.column not in present:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        else:
            value = ""
        extra.append((f.column, f.get_db_prep_save(value, connection)))
    columns = ["id", "review_id", "type", "chapter_id", "primary_category_id", "text", "language"] + [
        c for c, _ in extra
    ]
    text = "Training of officials on asset declarations"
    finding_table = Finding._meta.db_table
    fa = Finding.articles.through
    fc = Finding.categories.through

    def finding_rows():
        constants = [v for _, v in extra]
        for i, r, c, p in zip(
            ids.tolist(), need_review.tolist(), chapter.tolist(), primary.tolist(), strict=True
        ):
            yield (i, r, "ta_need", c or None, p or None, text, "en", *constants)

    t = time.perf_counter()
    if backend == "postgres":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {finding_table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in finding_rows():
                    copy.write_row(row)
            for model, a, b, data in (
                (fa, "finding_id", "article_id", pairs),
                (fc, "finding_id", "tacategory_id", cat_pairs),
            ):
                buffer = io.StringIO()
                np.savetxt(buffer, data, fmt="%d", delimiter="\t")
                with raw.copy(f"COPY {model._meta.db_table} ({a}, {b}) FROM STDIN") as copy:
                    copy.write(buffer.getvalue())
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{finding_table}', 'id'), {total})")
            cursor.execute("ANALYZE")
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {finding_table} ({', '.join(columns)}) VALUES ({placeholders})",
                list(finding_rows()),
            )
            cursor.executemany(
                f"INSERT INTO {fa._meta.db_table} (finding_id, article_id) VALUES (%s, %s)", pairs.tolist()
            )
            cursor.executemany(
                f"INSERT INTO {fc._meta.db_table} (finding_id, tacategory_id) VALUES (%s, %s)",
                cat_pairs.tolist(),
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(
        f"{backend}: inserted {total:,} needs, {len(pairs):,} article links, {len(cat_pairs):,} category links"
        f" in {time.perf_counter() - t:.1f} s"
    )


# --- the pandas implementation -----------------------------------------------------------------


def pandas_load() -> dict:
    """Straightforward: read the tables the counts need into data frames."""
    import warnings

    import pandas as pd
    from django.db import connection

    from irm.findings.models import Finding

    connection.ensure_connection()
    raw = connection.connection
    fa = Finding.articles.through._meta.db_table
    fc = Finding.categories.through._meta.db_table
    queries = {
        "reviews": "SELECT r.id AS review_id, r.state_id, c.number AS cycle, s.regional_group AS region, m.done_on"
        " FROM reviews_review r JOIN cycles_cycle c ON c.id = r.cycle_id JOIN parties_state s ON s.id = r.state_id"
        " JOIN reviews_milestone m ON m.review_id = r.id AND m.stage = 'summary_agreed'",
        "states": "SELECT id, regional_group AS region FROM parties_state",
        "findings": f"SELECT id, review_id, type, chapter_id, primary_category_id FROM {Finding._meta.db_table}",
        "fa": f"SELECT finding_id, article_id FROM {fa}",
        "fc": f"SELECT finding_id, tacategory_id FROM {fc}",
        "articles": "SELECT id AS article_id, number AS article, chapter_id FROM convention_article",
        "chapters": "SELECT id AS chapter_id, number AS chapter FROM convention_chapter",
        "categories": 'SELECT t.id AS tacategory_id, t.code AS category, t."order", c.number AS cycle'
        " FROM cycles_tacategory t JOIN cycles_cycle c ON c.id = t.cycle_id",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas prefers SQLAlchemy for psycopg connections
        return {name: pd.read_sql_query(sql, raw) for name, sql in queries.items()}


def pandas_counts(d: dict) -> dict:
    import pandas as pd

    reviews = d["reviews"]
    reviews["done_on"] = pd.to_datetime(reviews["done_on"])
    done = reviews[(reviews.cycle == 2) & reviews.done_on.notna() & (reviews.done_on <= pd.Timestamp(AS_OF))]
    needs = d["findings"]
    needs = needs[(needs.type == "ta_need") & needs.review_id.isin(done.review_id)]
    needs = needs.merge(done[["review_id", "state_id", "region", "done_on"]], on="review_id")
    out: dict = {"needs_total": len(needs), "states_with_needs": needs.state_id.nunique()}

    links = d["fa"].merge(needs[["id", "state_id", "chapter_id"]], left_on="finding_id", right_on="id")
    links = links.merge(d["articles"], on="article_id", suffixes=("", "_article"))
    has_links = needs.id.isin(d["fa"].finding_id)
    general = needs[~has_links & needs.chapter_id.notna()][["id", "state_id", "chapter_id"]].rename(
        columns={"id": "finding_id"}
    )
    general["chapter_id"] = general.chapter_id.astype("int64")
    general = general.merge(d["chapters"], on="chapter_id")
    # R-A1 (docs/RULES.md, S003 ¶35-36): a general need of chapter V counts under article 51, once.
    general_v = general[general.chapter == 5]
    art_rows = pd.concat(
        [
            links[["finding_id", "state_id", "article"]],
            general_v[["finding_id", "state_id"]].assign(article=51),
        ]
    )
    art = art_rows.groupby("article").agg(needs=("finding_id", "size"), states=("state_id", "nunique"))
    out["by_article"] = {int(k): (int(v.needs), int(v.states)) for k, v in art.iterrows()}
    out["includes_general_needs"] = {51: len(general_v)} if len(general_v) else {}
    # The note's groups: a need counts once per group; chapter V's general needs in the group of 51.
    group_of = {a: i for i, g in enumerate(NOTE_GROUPS) for a in g[1]}
    grouped = art_rows.assign(group=art_rows.article.map(group_of)).dropna(subset=["group"])
    grouped = grouped.astype({"group": "int64"}).drop_duplicates(["finding_id", "group"])
    grp = grouped.groupby("group").agg(needs=("finding_id", "size"), states=("state_id", "nunique"))
    out["groups"] = {
        i: (int(grp.needs.get(i, 0)), int(grp.states.get(i, 0))) for i in range(len(NOTE_GROUPS))
    }
    unlinked = needs[~has_links & needs.chapter_id.isna()]
    out["separate"] = (
        {
            int(k): (int(v.needs), int(v.states))
            for k, v in _gen_table(general[general.chapter != 5]).iterrows()
        },
        (len(unlinked), int(unlinked.state_id.nunique())),
    )
    per_chapter = links[["finding_id", "state_id", "chapter_id_article"]].drop_duplicates(
        ["finding_id", "chapter_id_article"]
    )
    per_chapter = per_chapter.rename(columns={"chapter_id_article": "chapter_id"})
    chapters = pd.concat([per_chapter.merge(d["chapters"], on="chapter_id"), general])
    ch = chapters.groupby("chapter").agg(needs=("finding_id", "size"), states=("state_id", "nunique"))
    out["by_chapter"] = {int(k): (int(v.needs), int(v.states)) for k, v in ch.iterrows()}
    out["general_needs"] = {int(k): (int(v.needs), int(v.states)) for k, v in _gen_table(general).iterrows()}
    cats = (
        d["fc"]
        .merge(needs[["id", "state_id"]], left_on="finding_id", right_on="id")
        .merge(d["categories"], on="tacategory_id")
    )
    cat = cats.groupby("category").agg(needs=("finding_id", "size"), states=("state_id", "nunique"))
    out["by_category"] = {k: (int(v.needs), int(v.states)) for k, v in cat.iterrows()}
    per_review = needs.groupby("review_id").size()
    done = done.assign(needs=done.review_id.map(per_review).fillna(0).astype(int))
    reg = done.groupby("region").agg(
        summaries=("review_id", "size"),
        with_needs=("needs", lambda s: int((s > 0).sum())),
        needs=("needs", "sum"),
    )
    out["by_region"] = {k: (int(v.summaries), int(v.with_needs), int(v.needs)) for k, v in reg.iterrows()}
    new = done[done.done_on > pd.Timestamp(SINCE)]
    out["since"] = (len(new), int((new.needs > 0).sum()), int(new.needs.sum()))
    out["states_with_executive_summary"] = len(done)
    return out


def _gen_table(general):
    return general.groupby("chapter").agg(needs=("finding_id", "size"), states=("state_id", "nunique"))


#: The note's groups of articles (irm/analysis/groups.py NOTE_GROUPS), written out so the baseline
#: does not reuse the code it checks: (chapter, articles).
NOTE_GROUPS = (
    (2, (5, 6)),
    (2, (7, 8, 11)),
    (2, (9,)),
    (2, (10, 13)),
    (2, (12,)),
    (5, (51, 56, 59)),
    (5, (14, 52, 58)),
    (5, (53, 54, 55)),
    (5, (57,)),
)


def compare(doc: dict, expected: dict) -> bool:
    got = {
        "needs_total": doc["needs_total"],
        "states_with_needs": doc["states_with_needs"],
        "states_with_executive_summary": doc["states_with_executive_summary"],
        "by_article": {r["article"]: (r["needs"], r["states"]) for r in doc["by_article"]},
        "by_chapter": {r["chapter"]: (r["needs"], r["states"]) for r in doc["by_chapter"]},
        "general_needs": {r["chapter"]: (r["needs"], r["states"]) for r in doc["general_needs"]},
        "by_category": {r["category"]: (r["needs"], r["states"]) for r in doc["by_category"] if r["needs"]},
        "by_region": {
            r["region"]: (r["states_with_executive_summary"], r["states_with_needs"], r["needs"])
            for r in doc["by_region"]
            if r["states_with_executive_summary"]
        },
        "includes_general_needs": {
            r["article"]: r["includes_general_needs"]
            for r in doc["by_article"]
            if r.get("includes_general_needs")
        },
        "groups": {
            i: (g["needs"], g["states"])
            for i, g in enumerate(doc["groups"])
            if (g["chapter"], tuple(g["articles"])) == NOTE_GROUPS[i]
        },
        "separate": (
            {r["chapter"]: (r["needs"], r["states"]) for r in doc["separate"]["general_needs"]},
            (
                doc["separate"]["needs_without_chapter_or_article"]["needs"],
                doc["separate"]["needs_without_chapter_or_article"]["states"],
            ),
        ),
        "since": (
            doc["since"]["new_executive_summaries"],
            doc["since"]["new_states_with_needs"],
            doc["since"]["new_needs"],
        ),
    }
    same = True
    for key, value in expected.items():
        if got[key] != value:
            log(f"MISMATCH {key}: SQL {got[key]} pandas {value}")
            same = False
    return same


if __name__ == "__main__":
    sys.exit(main())
