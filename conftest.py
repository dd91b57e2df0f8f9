"""Shared test fixtures: the reference data in the test database, and a cast of users per role."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once per test session (every test sees the 192 parties)."""
    with django_db_blocker.unblock():
        from irm.reference import load_reference_data

        load_reference_data()


@pytest.fixture
def cast(db):
    """One user per role (the demo users), keyed by username: cast["fp-kenya"], cast["secretariat"]…"""
    import io

    from irm.accounts import demo
    from irm.accounts.models import User

    demo.load(stdout=io.StringIO())
    return {u.username: u for u in User.objects.filter(username__in=[row[0] for row in demo.USERS])}


@pytest.fixture
def run_irm():
    """Run an `irm` command in-process; returns its standard output."""
    import io

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    return run
