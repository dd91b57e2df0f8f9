"""A data set that reproduces the published figures of S000 ¶26 and S004 ¶10 (tests and demo).

What the documents say, and what this data set gives:

- S004 ¶10 (CoSP 7, November 2017): "taking into account the pledges received by UNODC after
  31 July 2017, the funding gap for the first two years of the second cycle has been reduced to
  1,676,000 USD". Here: as at 2017-11-06 the unfunded part of cycle 2 years 1–2 is 1,676,000 USD;
  as at 2017-07-31 it was 2,452,000 USD (pledges of 776,000 USD arrived in between).
- S004 ¶13: three new regular-budget posts would cut the extrabudgetary need of cycle 2 by about
  560,000 USD a year; the revised estimate of 2019 applies that cut to years 3–5.
- S000 ¶26 (IRG, November 2022): as at 30 September 2022, 9.8 million USD spent on cycle 1 and 4.3
  million on cycle 2; extrabudgetary expenditure up by 308,600 USD since 28 February 2022 (the
  previous report, CAC/COSP/IRG/2022/5); 18,443,200 USD of extrabudgetary contributions, which
  cover cycle 1 and the first four years of cycle 2; an overall gap of 716,500 USD.

The totals come from the documents; how they split between donors, currencies, activities and
dates is invented (plausible, not historical). Donor names are real States parties; the one
organization is fictitious.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from irm.core.audit import record_event
from irm.cycles.models import Cycle
from irm.finance import services
from irm.finance.models import (
    Activity,
    Contribution,
    Donor,
    ExchangeRate,
    Expenditure,
    FinanceReport,
    Funding,
    Payment,
    Requirement,
)
from irm.parties.models import State

D = Decimal

#: The published figures this data set reproduces (tests assert them).
S000_AS_OF = date(2022, 9, 30)
S000_PREVIOUS = date(2022, 2, 28)
S000_EXPENDITURE = {"1": D("9800000.00"), "2": D("4300000.00")}
S000_EXPENDITURE_CHANGE = D("308600.00")
S000_CONTRIBUTIONS = D("18443200.00")
S000_GAP = D("716500.00")
S004_AS_OF = date(2017, 11, 6)  # opening of CoSP 7
S004_CUTOFF = date(2017, 7, 31)
S004_GAP_FIRST_TWO_YEARS = D("1676000.00")
S004_POSTS_PER_YEAR = D("560000.00")

ORGANIZATION = "Partnership Fund for Integrity (fictitious)"

#: Share of each activity in the extrabudgetary estimates and spending.
WEIGHTS = [
    (Activity.EXPERT_TRAVEL, D("0.30")),
    (Activity.STAFF_TRAVEL, D("0.12")),
    (Activity.TRANSLATION, D("0.20")),
    (Activity.INTERPRETATION, D("0.05")),
    (Activity.JOINT_MEETINGS, D("0.05")),
    (Activity.STAFF_POSTS, D("0.23")),
    (Activity.TRAINING, D("0.05")),
]

#: (cycle, estimated on, {year: extrabudgetary total}, note)
REQUIREMENTS = [
    (
        1,
        date(2010, 7, 1),
        {1: D(2100000), 2: D(2150000), 3: D(2050000), 4: D(1900000), 5: D(1700000)},
        "Estimate for the first cycle",
    ),
    (
        2,
        date(2016, 6, 1),
        {1: D(2000000), 2: D(2100000), 3: D(2260000), 4: D(2210000), 5: D(2200000)},
        "Estimate for the second cycle",
    ),
    (
        2,
        date(2019, 6, 3),
        {1: D(1800000), 2: D(1850000), 3: D(1700000), 4: D(1650000), 5: D(1640000)},
        "Revised cost projection: cost-cutting; three regular-budget posts (-560,000 a year from year 3)",
    ),
    (
        2,
        date(2020, 1, 15),
        {6: D(250000), 7: D(200000), 8: D(169700)},
        "Extension of the second cycle to June 2024 (decision 8/1)",
    ),
]

#: (cycle, estimated on, {year: regular-budget staff posts})
REGULAR_REQUIREMENTS = [
    (1, date(2010, 7, 1), {y: D(300000) for y in range(1, 6)}),
    (2, date(2016, 6, 1), {1: D(300000), 2: D(300000), 3: D(300000), 4: D(300000), 5: D(300000)}),
    (2, date(2018, 1, 2), {3: D(860000), 4: D(860000), 5: D(860000)}),
]

#: Exchange rates recorded (currency, date, USD per unit).
RATES = [
    ("NOK", date(2010, 9, 1), D("0.165000")),
    ("EUR", date(2010, 11, 20), D("1.350000")),
    ("GBP", date(2011, 3, 10), D("1.600000")),
    ("EUR", date(2011, 6, 1), D("1.440000")),
    ("SEK", date(2012, 2, 15), D("0.148000")),
    ("EUR", date(2012, 5, 20), D("1.270000")),
    ("CHF", date(2012, 10, 1), D("1.070000")),
    ("AUD", date(2013, 4, 15), D("1.030000")),
    ("GBP", date(2016, 9, 1), D("1.310000")),
    ("EUR", date(2017, 9, 15), D("1.190000")),
    ("EUR", date(2018, 1, 22), D("1.220000")),
    ("EUR", date(2018, 3, 1), D("1.230000")),
    ("NOK", date(2018, 11, 15), D("0.120000")),
    ("GBP", date(2019, 4, 1), D("1.300000")),
    ("SEK", date(2020, 2, 1), D("0.103000")),
    ("AUD", date(2020, 10, 1), D("0.720000")),
    ("EUR", date(2022, 6, 20), D("1.052000")),
]

#: reference, donor (ISO3 or the organization), pledged on, amount, currency, paid on (None: not yet),
#: earmark (dict of record_contribution keyword arguments), kind
CONTRIBUTIONS: list[tuple[str, str, date, Decimal, str, date | None, dict[str, Any], str]] = [
    ("IRM-2010-001", "USA", date(2010, 6, 15), D(1500000), "USD", date(2010, 7, 1), {}, "cash"),
    ("IRM-2010-002", "NOR", date(2010, 9, 1), D(6000000), "NOK", date(2010, 9, 1), {}, "cash"),
    ("IRM-2010-003", "FRA", date(2010, 11, 20), D(800000), "EUR", date(2010, 12, 10), {}, "cash"),
    ("IRM-2011-001", "GBR", date(2011, 3, 10), D(700000), "GBP", date(2011, 3, 10), {}, "cash"),
    ("IRM-2011-002", "DEU", date(2011, 6, 1), D(600000), "EUR", date(2011, 6, 1), {}, "cash"),
    ("IRM-2012-001", "SWE", date(2012, 2, 15), D(5000000), "SEK", date(2012, 2, 15), {}, "cash"),
    ("IRM-2012-002", "NLD", date(2012, 5, 20), D(500000), "EUR", date(2012, 5, 20), {}, "cash"),
    ("IRM-2012-003", "CHE", date(2012, 10, 1), D(600000), "CHF", date(2012, 10, 1), {}, "cash"),
    ("IRM-2013-001", "AUS", date(2013, 4, 15), D(700000), "AUD", date(2013, 4, 15), {}, "cash"),
    ("IRM-2013-002", "CHN", date(2013, 9, 1), D(400000), "USD", date(2013, 9, 1), {}, "cash"),
    (
        "IRM-2014-001",
        "NOR",
        date(2014, 3, 10),
        D(2000000),
        "NOK",
        date(2014, 3, 10),
        {
            "earmark_activity": Activity.TRAINING,
            "earmark_cycle": 1,
            "spend_by": date(2015, 6, 30),
            "earmark_purpose": "Training of focal points and governmental experts, first cycle",
        },
        "cash",
    ),
    ("IRM-2014-002", "USA", date(2014, 6, 1), D(1200000), "USD", date(2014, 6, 1), {}, "cash"),
    ("IRM-2015-001", "JPN", date(2015, 2, 1), D(500000), "USD", date(2015, 2, 1), {}, "cash"),
    ("IRM-2016-001", "KOR", date(2016, 5, 10), D(200000), "USD", date(2016, 5, 10), {}, "cash"),
    (
        "IRM-2016-002",
        "GBR",
        date(2016, 9, 1),
        D(300000),
        "GBP",
        date(2016, 9, 1),
        {"earmark_cycle": 2, "earmark_purpose": "Second review cycle"},
        "cash",
    ),
    (
        "IRM-2017-001",
        ORGANIZATION,
        date(2017, 3, 1),
        D(233000),
        "USD",
        date(2017, 12, 4),
        {
            "earmark_activity": Activity.TRANSLATION,
            "earmark_cycle": 2,
            "spend_by": date(2018, 6, 30),
            "earmark_purpose": "Translation of checklist answers, second cycle",
        },
        "cash",
    ),
    # Pledged after 31 July 2017 (S004 ¶10)
    ("IRM-2017-002", "DEU", date(2017, 9, 15), D(400000), "EUR", date(2018, 1, 22), {}, "cash"),
    (
        "IRM-2017-003",
        "USA",
        date(2017, 10, 20),
        D(300000),
        "USD",
        date(2018, 2, 1),
        {"earmark_cycle": 2, "earmark_purpose": "Second review cycle"},
        "cash",
    ),
    (
        "IRM-2018-001",
        "FRA",
        date(2018, 3, 1),
        D(250000),
        "EUR",
        date(2018, 3, 1),
        {
            "earmark_activity": Activity.INTERPRETATION,
            "earmark_cycle": 2,
            "spend_by": date(2020, 6, 30),
            "earmark_purpose": "Interpretation for country visits, second cycle",
        },
        "cash",
    ),
    ("IRM-2018-002", "USA", date(2018, 6, 1), D(1000000), "USD", date(2018, 6, 1), {}, "cash"),
    ("IRM-2018-003", "NOR", date(2018, 11, 15), D(4000000), "NOK", date(2018, 11, 15), {}, "cash"),
    ("IRM-2019-001", "GBR", date(2019, 4, 1), D(400000), "GBP", date(2019, 4, 1), {}, "cash"),
    ("IRM-2019-002", "CHN", date(2019, 9, 1), D(500000), "USD", date(2019, 9, 1), {}, "cash"),
    ("IRM-2019-003", "AUT", date(2019, 11, 20), D(40000), "USD", None, {}, "in_kind"),
    ("IRM-2020-001", "SWE", date(2020, 2, 1), D(3000000), "SEK", date(2020, 2, 1), {}, "cash"),
    ("IRM-2020-002", "AUS", date(2020, 10, 1), D(500000), "AUD", date(2020, 10, 1), {}, "cash"),
    ("IRM-2021-001", "JPN", date(2021, 3, 1), D(600000), "USD", date(2021, 3, 1), {}, "cash"),
    (
        "IRM-2021-002",
        "USA",
        date(2021, 6, 15),
        D(900000),
        "USD",
        date(2021, 6, 15),
        {"earmark_cycle": 2, "earmark_purpose": "Second review cycle"},
        "cash",
    ),
    ("IRM-2021-003", "QAT", date(2021, 11, 1), D(500000), "USD", date(2021, 11, 1), {}, "cash"),
    ("IRM-2021-004", "CHE", date(2021, 12, 1), D(187500), "USD", date(2021, 12, 1), {}, "cash"),
    ("IRM-2022-001", "KOR", date(2022, 1, 20), D(300000), "USD", date(2022, 1, 20), {}, "cash"),
    # Since the previous report (28 February 2022): fewer new contributions (S000 ¶26)
    ("IRM-2022-002", "FRA", date(2022, 6, 20), D(100000), "EUR", date(2022, 7, 15), {}, "cash"),
    ("IRM-2022-003", "KOR", date(2022, 9, 1), D(38000), "USD", date(2022, 9, 1), {}, "cash"),
    # After 30 September 2022: not in the S000 figures
    ("IRM-2022-004", "QAT", date(2022, 11, 15), D(250000), "USD", None, {}, "cash"),
]

IN_KIND_DESCRIPTIONS = {"IRM-2019-003": "Conference rooms and services for joint meetings in Vienna"}

#: Extrabudgetary spending: (cycle, year, spent on, total split over the activities by WEIGHTS)
EXPENDITURE = [
    (1, 1, date(2010, 12, 15), D(1700000)),
    (1, 2, date(2011, 12, 15), D(2100000)),
    (1, 3, date(2012, 12, 15), D(2200000)),
    (1, 4, date(2013, 12, 15), D(2000000)),
    (1, 5, date(2014, 12, 15), D(1800000)),
    (2, 1, date(2016, 12, 15), D(900000)),
    (2, 2, date(2017, 12, 15), D(1000000)),
    (2, 3, date(2018, 12, 15), D(800000)),
    (2, 4, date(2019, 12, 15), D(700000)),
    (2, 5, date(2020, 12, 15), D(250000)),  # COVID-19: few visits (S000 ¶26)
    (2, 6, date(2021, 12, 15), D(341400)),
    (2, 6, date(2022, 4, 15), D(180000)),  # since the previous report
    (2, 7, date(2022, 8, 15), D(128600)),  # since the previous report
    (2, 7, date(2022, 11, 15), D(95000)),  # after 30 September 2022
]

#: Regular-budget staff posts: (cycle, year, spent on, amount)
REGULAR_EXPENDITURE = [
    *[(1, y, date(2009 + y, 12, 20), D(300000)) for y in range(1, 6)],
    (2, 1, date(2016, 12, 20), D(300000)),
    (2, 2, date(2017, 12, 20), D(300000)),
    (2, 3, date(2018, 12, 20), D(860000)),
    (2, 4, date(2019, 12, 20), D(860000)),
    (2, 5, date(2020, 12, 20), D(860000)),
]

#: Reports issued to the States (frozen figures, for "change since the previous report").
REPORTS = [
    (S004_CUTOFF, "CAC/COSP/2017/13"),
    (S000_PREVIOUS, "CAC/COSP/IRG/2022/5"),
]

TAG = "[S000/S004 data set]"


def split(total: Decimal) -> list[tuple[str, Decimal]]:
    """The total over the activities by WEIGHTS, in whole dollars; the last takes the rounding."""
    parts: list[tuple[str, Decimal]] = [
        (activity, (total * weight).quantize(D(1))) for activity, weight in WEIGHTS[:-1]
    ]
    parts.append((WEIGHTS[-1][0], total - sum((p for _, p in parts), D(0))))
    return parts


@transaction.atomic
def load_dataset(*, actor: Any = None, with_reports: bool = True) -> dict[str, int]:
    """Load the data set in bulk, with one audit event. Idempotent: a second run adds nothing.

    Bulk rather than one service call per row: the tests load it often (the service functions
    themselves are tested one by one). The USD values are computed as the services compute them.
    """
    cycles = {c.number: c for c in Cycle.objects.filter(number__in=[1, 2])}
    if len(cycles) < 2:
        return {"skipped": 1}
    counts = {"rates": 0, "contributions": 0, "requirements": 0, "expenditure": 0, "reports": 0}
    have_rates = set(ExchangeRate.objects.values_list("currency", "on"))
    new_rates = [
        ExchangeRate(currency=cur, on=on, usd_per_unit=rate, source="UN operational rate (illustrative)")
        for cur, on, rate in RATES
        if (cur, on) not in have_rates
    ]
    ExchangeRate.objects.bulk_create(new_rates)
    counts["rates"] = len(new_rates)

    have_estimates = set(
        Requirement.objects.filter(state__isnull=True, region="").values_list(
            "cycle__number", "year", "activity", "funding", "estimated_on"
        )
    )
    estimates = [
        (c, on, year, activity, Funding.EXTRABUDGETARY, amount, note)
        for c, on, years, note in REQUIREMENTS
        for year, total in years.items()
        for activity, amount in split(total)
    ] + [
        (c, on, year, Activity.STAFF_POSTS, Funding.REGULAR, amount, "Regular-budget posts")
        for c, on, years in REGULAR_REQUIREMENTS
        for year, amount in years.items()
    ]
    new_requirements = [
        Requirement(
            cycle=cycles[c],
            year=year,
            activity=activity,
            funding=funding,
            amount_usd=amount,
            estimated_on=on,
            note=note,
        )
        for c, on, year, activity, funding, amount, note in estimates
        if (c, year, activity, funding, on) not in have_estimates
    ]
    Requirement.objects.bulk_create(new_requirements)
    counts["requirements"] = len(new_requirements)

    states = {s.iso3: s for s in State.objects.filter(iso3__in={row[1] for row in CONTRIBUTIONS})}
    existing = set(Contribution.objects.values_list("reference", flat=True))
    donors = {d.code: d for d in Donor.objects.select_related("state")}
    payments = []
    for reference, who, pledged_on, amount, currency, paid_on, earmark, kind in CONTRIBUTIONS:
        if reference in existing or (len(who) == 3 and who not in states):
            continue  # already there, or the State is not loaded (a trimmed reference list)
        if who not in donors:
            state = states.get(who)
            donors[who] = Donor.objects.create(state=state, organization="" if state else who)
        arguments = dict(earmark)
        if "earmark_cycle" in arguments:
            arguments["earmark_cycle"] = cycles[arguments["earmark_cycle"]]
        rate, rate_on = services.rate_for(currency, pledged_on)
        contribution = Contribution.objects.create(
            donor=donors[who],
            reference=reference,
            pledged_on=pledged_on,
            amount=amount,
            currency=currency,
            kind=kind,
            usd_per_unit=rate,
            rate_on=rate_on,
            amount_usd=services.to_usd(amount, rate),
            description=IN_KIND_DESCRIPTIONS.get(reference, ""),
            **arguments,
        )
        if paid_on is not None:
            rate, rate_on = services.rate_for(currency, paid_on)
            payments.append(
                Payment(
                    contribution=contribution,
                    received_on=paid_on,
                    amount=amount,
                    usd_per_unit=rate,
                    rate_on=rate_on,
                    amount_usd=services.to_usd(amount, rate),
                )
            )
        counts["contributions"] += 1
    Payment.objects.bulk_create(payments)

    done = set(Expenditure.objects.filter(description__startswith=TAG).values_list("description", flat=True))
    rows = [
        (c, y, on, activity, amount, Funding.EXTRABUDGETARY)
        for c, y, on, total in EXPENDITURE
        for activity, amount in split(total)
    ] + [
        (c, y, on, Activity.STAFF_POSTS, amount, Funding.REGULAR) for c, y, on, amount in REGULAR_EXPENDITURE
    ]
    new_expenditure = [
        Expenditure(
            spent_on=on,
            cycle=cycles[c],
            year=y,
            activity=activity,
            funding=funding,
            amount_usd=amount,
            description=f"{TAG} {funding} {activity} {on.isoformat()}",
        )
        for c, y, on, activity, amount, funding in rows
        if f"{TAG} {funding} {activity} {on.isoformat()}" not in done
    ]
    Expenditure.objects.bulk_create(new_expenditure)
    counts["expenditure"] = len(new_expenditure)
    if any(counts.values()):
        record_event(
            actor=actor, action="finance.dataset_loaded", object_type="finance.dataset", after=counts
        )
    if with_reports:
        for as_of, symbol in REPORTS:
            if not FinanceReport.objects.filter(as_of=as_of).exists():
                services.issue_report(actor=actor, as_of=as_of, symbol=symbol)
                counts["reports"] += 1
    return counts
