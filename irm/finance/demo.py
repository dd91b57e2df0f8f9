"""Demo finances: the S000 ¶26 / S004 ¶10 data set, and a donor user (Norway) who sees its own contributions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from irm.accounts.models import Membership, Role, User
from irm.core.audit import record_event
from irm.demo import DEMO_LOGINS
from irm.finance import services
from irm.finance.fixtures import S000_AS_OF, load_dataset
from irm.finance.models import CYCLE_YEAR_START_MONTH, Activity, Expenditure, Funding
from irm.parties.models import State
from irm.reviews.models import Milestone, Stage

DONOR_USER = ("donor-norway", "donor-demo", "donor representative of Norway")


def load(*, stdout: Any) -> None:
    counts = load_dataset()
    if counts.get("skipped"):
        stdout.write("  demo finances: skipped (cycles not loaded)\n")
        return
    if counts["contributions"] or counts["expenditure"]:
        stdout.write(
            f"  demo finances: {counts['contributions']} contributions, {counts['requirements']} estimates, "
            f"{counts['expenditure']} expenditure lines, {counts['reports']} reports\n"
        )
    _donor_user()
    visits = _visit_costs()
    if visits:
        stdout.write(f"  demo finances: costs of {visits} country visits recorded against their reviews\n")


#: Illustrative costs of a country visit (experts' and staff travel), by the dialogue's kind.
VISIT_COST = {"on_site": Decimal("46500.00"), "hybrid": Decimal("31000.00"), "online": Decimal("12500.00")}


def _visit_costs(limit: int = 12) -> int:
    """Cost of recent cycle-2 country visits, linked to their reviews (after the S000 date, so the
    published figures stay as they are). Idempotent: nothing if any review already has costs."""
    if Expenditure.objects.filter(review__isnull=False).exists():
        return 0
    held = (
        Milestone.objects.filter(
            review__cycle__number=2, stage=Stage.DIRECT_DIALOGUE_HELD, done_on__gt=S000_AS_OF
        )
        .select_related("review__cycle", "review__direct_dialogue")
        .order_by("done_on", "review_id")[:limit]
    )
    made = 0
    for milestone in held:
        review = milestone.review
        dialogue = getattr(review, "direct_dialogue", None)
        amount = VISIT_COST.get(dialogue.kind if dialogue else "", VISIT_COST["on_site"])
        spent_on = milestone.done_on
        if spent_on is None:
            continue
        cycle = review.cycle
        year = spent_on.year - cycle.start_year + (1 if spent_on.month >= CYCLE_YEAR_START_MONTH else 0)
        services.record_expenditure(
            actor=None,
            spent_on=spent_on,
            cycle=cycle,
            year=max(year, 1),
            activity=Activity.EXPERT_TRAVEL,
            funding=Funding.EXTRABUDGETARY,
            amount_usd=amount,
            review=review,
            description=f"Country visit: {review.state.iso3}",
        )
        made += 1
    return made


@transaction.atomic
def _donor_user() -> None:
    norway = State.objects.filter(iso3="NOR").first()
    if norway is None:
        return
    username, password, description = DONOR_USER
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@example.org", "first_name": "Nora", "last_name": "Donor"},
    )
    if created:
        user.set_password(password)
        user.save()
    _, joined = Membership.objects.get_or_create(user=user, role=Role.DONOR, state=norway)
    if created or joined:
        record_event(actor=None, action="demo.donor_user_created", obj=user, after={"donor": "NOR"})
    if DONOR_USER not in DEMO_LOGINS:
        DEMO_LOGINS.append(DONOR_USER)
