"""The iCalendar events of a person's deadlines (one all-day event per open stage of each review).

Built with the `icalendar` library through `irm.core.ical`; the personal feed (`irm/web/calendar.py`)
gathers them with the sessions of `irm.meetings.calendar`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from icalendar import Event

from irm.core.ical import event, uid
from irm.reviews.models import Milestone, Review, Stage


def deadline_events(deadlines: Iterable[tuple[Review, Milestone]], *, site_url: str) -> list[Event]:
    """One all-day event per deadline, on its due day. The UID names the milestone (not its date): a
    deadline that moves stays one event in the subscriber's calendar."""
    events = []
    for review, milestone in deadlines:
        if milestone.due_on is None:
            continue
        stage = Stage(milestone.stage).label
        state = review.state.name
        events.append(
            event(
                uid_=uid("milestone", milestone.pk),
                summary=_("%(stage)s — %(state)s (cycle %(cycle)s)")
                % {"stage": stage, "state": state, "cycle": review.cycle.number},
                start=milestone.due_on,
                description=_("Due: %(stage)s. Review of %(state)s.") % {"stage": stage, "state": state},
                url=f"{site_url}/reviews/{review.cycle.number}/{review.state.iso3}/workflow/",
            )
        )
    return events
