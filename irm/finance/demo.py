"""Demo finances: the S000 ¶26 / S004 ¶10 data set, and a donor user (Norway) who sees its own contributions."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from irm.accounts.models import Membership, Role, User
from irm.core.audit import record_event
from irm.demo import DEMO_LOGINS
from irm.finance.fixtures import load_dataset
from irm.parties.models import State

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
