"""Demo users, one per role (printed by `irm serve --demo`)."""

from __future__ import annotations

from django.db import transaction

from irm.accounts.models import Membership, Role, User
from irm.core.audit import record_event
from irm.demo import DEMO_LOGINS, Writer
from irm.parties.models import State

#: username, password, role, ISO3 or organization, full name, description
USERS = [
    ("secretariat", "secretariat-demo", Role.SECRETARIAT, "", "Sam Secretariat", "secretariat (UNODC)"),
    ("fp-kenya", "focal-demo", Role.FOCAL_POINT, "KEN", "Wanjiru Focal", "focal point of Kenya"),
    (
        "contrib-kenya",
        "contrib-demo",
        Role.CONTRIBUTOR,
        "KEN",
        "Otieno Ministry",
        "national contributor, Kenya",
    ),
    (
        "contrib-kenya-2",
        "contrib-demo",
        Role.CONTRIBUTOR,
        "KEN",
        "Achieng Agency",
        "national contributor, Kenya",
    ),
    ("fp-france", "focal-demo", Role.FOCAL_POINT, "FRA", "Claire Focal", "focal point of France"),
    ("expert-nzl", "expert-demo", Role.EXPERT, "NZL", "Aroha Expert", "governmental expert of New Zealand"),
    ("delegate", "delegate-demo", Role.DELEGATE, "BRA", "Bruno Delegate", "delegate of Brazil"),
    ("observer", "observer-demo", Role.OBSERVER, "Transparency NGO", "Olga Observer", "observer (NGO)"),
]


@transaction.atomic
def load(*, stdout: Writer) -> None:
    states = {s.iso3: s for s in State.objects.filter(iso3__in=[u[3] for u in USERS])}
    made = 0
    for username, password, role, where, full_name, description in USERS:
        first, last = full_name.split(" ", 1)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "first_name": first, "last_name": last},
        )
        if created:
            user.set_password(password)
            user.is_staff = role == Role.SECRETARIAT
            user.save()
            made += 1
        Membership.objects.get_or_create(
            user=user,
            role=role,
            state=states.get(where),
            defaults={"organization": "" if where in states else where},
        )
        if (username, password, description) not in DEMO_LOGINS:
            DEMO_LOGINS.append((username, password, description))
    if made:
        record_event(
            actor=None, action="demo.users_created", object_type="accounts.user", after={"created": made}
        )
        stdout.write(f"  demo users: {made} created\n")
