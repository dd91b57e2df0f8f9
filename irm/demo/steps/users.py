"""users.yaml → irm.accounts services: the demo's people, one per role."""

from __future__ import annotations

from irm.accounts.services import NewMembership, NewUser, create_users
from irm.demo.loader import Context, Node


def people(context: Context, data: Node) -> list[NewUser]:
    made = []
    for row in data.rows("users"):
        where = row.text("where", blank=True)
        state = context.state(where) if len(where) == 3 and where.isupper() else None
        first, _, last = row.text("name").partition(" ")
        username = row.text("username", max_length=150)
        made.append(
            NewUser(
                username=username,
                password=row.text("password"),
                password_hash=row.text("password_hash", blank=True) if "password_hash" in row else "",
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                is_staff=row["role"] == "secretariat",
                memberships=[NewMembership(role=row.text("role"), state=state, organization=where)],
                totp_secret=row.text("totp_secret", blank=True) if "totp_secret" in row else "",
            )
        )
    return made


def logins(data: Node) -> list[tuple[str, str, str]]:
    """(username, password, who) for the start-up banner."""
    return [(r.text("username"), r.text("password"), r.text("who")) for r in data.rows("users")]


def load(context: Context, data: Node) -> str:
    created = create_users(actor=None, people=people(context, data))
    return f"{len(created)} users, one per role"
