"""When the reviews of a phase would be completed: a Monte Carlo over the stage durations.

Each run gives every review of the phase a duration per stage, from the draw to the agreed executive
summary, drawn with equal probability from the durations the proposal gives (by default those
measured in the last cycle), and adds them up. The reviews start in turn, `reviews_per_year` a year;
the reviews of a year start on 1 July (after the Group's June session, where lots are drawn). A run's
*completion year* is the year its last review is completed; its *threshold year* the year the
completed share first reaches the threshold.

Common random numbers: run r's durations depend only on the seed, the number of runs and reviews and
the stage durations given — not on the pace — and review j of the phase starts in year j // pace.
So, with the same seed, a faster pace starts every review no later and completes it no later: more
reviews per year never makes a completion year later (the property test holds it).

Randomness: numpy's PCG64 bit generator (a fixed, documented stream) seeded from the proposal's seed;
its raw 64-bit outputs are mapped to indices by multiply-shift, so nothing depends on how a numpy
version implements `integers`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from irm.analytics.simulation.config import SIMULATED_STAGES
from irm.analytics.simulation.draw import seed_number
from irm.analytics.simulation.inputs import Inputs

START_MONTH = 7


@dataclass
class Timing:
    completion_years: list[int]  # one per run
    threshold_years: list[int | None]  # one per run (None: the threshold is never reached)
    years: list[dict[str, Any]]  # per calendar year: started, completed (median over runs), cumulative


def nearest_rank(values: list[int], q: float) -> int | None:
    """The smallest value such that at least q % of the values are at most it (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def durations(inputs: Inputs) -> np.ndarray:
    """Days from the draw to the agreed summary: an array (runs by reviews)."""
    generator = np.random.PCG64(seed_number(inputs.seed, "timing"))
    total = np.zeros((inputs.runs, inputs.reviews), dtype=np.int64)
    for stage in SIMULATED_STAGES:
        samples = np.asarray(sorted(inputs.stage_samples[stage.value]), dtype=np.int64)
        raw = generator.random_raw(inputs.runs * inputs.reviews).reshape(inputs.runs, inputs.reviews)
        if len(samples) == 0:
            continue
        index = ((raw >> np.uint64(32)) * np.uint64(len(samples))) >> np.uint64(32)
        total += samples[index.astype(np.int64)]
    return total


def simulate_timing(inputs: Inputs) -> Timing:
    n = inputs.reviews
    if n == 0:
        return Timing([], [], [])
    starts = np.array(
        [
            date(inputs.start_year + j // inputs.reviews_per_year, START_MONTH, 1).toordinal()
            for j in range(n)
        ],
        dtype=np.int64,
    )
    done = starts[np.newaxis, :] + durations(inputs)
    last_day = int(done.max())
    last_year = date.fromordinal(last_day).year
    year_ends = np.array(
        [date(y, 12, 31).toordinal() for y in range(inputs.start_year, last_year + 1)], dtype=np.int64
    )
    # completed[r, y]: reviews of run r completed by the end of year start_year + y
    completed = np.stack([(done <= end).sum(axis=1) for end in year_ends], axis=1)
    first_year = inputs.start_year
    completion_years = [first_year + int(np.argmax(row >= n)) for row in completed]
    target = math.ceil(float(inputs.completion_threshold) * n - 1e-9)
    threshold_years = [
        first_year + int(np.argmax(row >= target)) if row[-1] >= target else None for row in completed
    ]
    starts_per_year = inputs.year_sizes()
    years = []
    previous = 0
    for index, year in enumerate(range(first_year, last_year + 1)):
        cumulative = int(np.median(completed[:, index]))
        years.append(
            {
                "year": year,
                "reviews_started": starts_per_year[index] if index < len(starts_per_year) else 0,
                "completed_median": cumulative - previous,
                "completed_cumulative_median": cumulative,
                "completed_share_median": round(cumulative / n, 4),
            }
        )
        previous = cumulative
    return Timing(completion_years, threshold_years, years)


def summary(timing: Timing) -> dict[str, Any]:
    reached = [y for y in timing.threshold_years if y is not None]
    distribution: dict[str, int] = {}
    for year in sorted(timing.completion_years):
        distribution[str(year)] = distribution.get(str(year), 0) + 1
    return {
        "completion_year_median": nearest_rank(timing.completion_years, 50),
        "completion_year_p90": nearest_rank(timing.completion_years, 90),
        # Every run reaches the threshold once all its reviews are done; None only without reviews.
        "threshold_year": nearest_rank(reached, 50) if len(reached) == len(timing.threshold_years) else None,
        "threshold_year_p90": nearest_rank(reached, 90)
        if len(reached) == len(timing.threshold_years)
        else None,
        "completion_year_distribution": distribution,
    }
