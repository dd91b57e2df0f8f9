"""The personal calendar feed: my deadlines (reviews) and my sessions (meetings) in one iCalendar.

It lives in `web` because it combines two apps that do not import each other (`meetings` imports no
domain app above `accounts`; `reviews` sits below `meetings`). The secret address is the reviews
app's `CalendarFeed` token: `reviews.services.issue_calendar_feed` makes and renews it, the old
address `/reviews/calendar/<token>.ics` leads here.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from irm.core.ical import ics_response, new_calendar
from irm.core.middleware import public_page
from irm.meetings import permissions as meeting_permissions
from irm.meetings.calendar import session_events
from irm.reviews import selectors as review_selectors
from irm.reviews.calendar import deadline_events


@public_page
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar of a user's deadlines and sessions; the secret token stands in for a login."""
    user = review_selectors.calendar_feed_owner(token)
    if user is None:
        raise Http404
    # A calendar app sends no language: the feed speaks the user's chosen one.
    with translation.override(user.preferred_language or translation.get_language()):
        events = [
            *deadline_events(review_selectors.deadlines_for(user), site_url=settings.SITE_URL),
            *session_events(
                meeting_permissions.sessions_of(user).order_by("starts_on"), site_url=settings.SITE_URL
            ),
        ]
        calendar = new_calendar(_("irm — %(user)s") % {"user": user.get_username()}, events)
    return ics_response(calendar, filename="irm.ics")
