"""A written statement is bounded like every input (issue 14): its title, its text, its language."""

from __future__ import annotations

import pytest

from irm.core.exceptions import InvalidInput
from irm.core.models import AuditEvent
from irm.meetings import services
from irm.meetings.models import Statement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"text": "x" * 100_001}, "too_long"),
        ({"title": "T" * 256}, "too_long"),
        ({"language": "de"}, "unknown_language"),
    ],
)
def test_a_statement_out_of_bounds_is_refused_and_nothing_is_saved(changes, code, party, make_delegate):
    kenya, user = party("KEN"), make_delegate("KEN")
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.submit_statement(
            actor=user,
            delegation=kenya,
            **({"title": "Kenya", "text": "Full text"} | changes),
        )
    assert refused.value.code == code
    assert not Statement.objects.exists() and AuditEvent.objects.count() == events
