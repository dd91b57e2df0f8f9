"""The demo tells a story (issue 17 §14): sessions past and coming, a year of the current cycle left
to draw from the live-draw page, overdue and on-time reviews; dates that must be ahead count from the
day the demo is loaded."""

from __future__ import annotations

from django.utils import timezone


def test_sessions_in_the_past_and_one_coming(demo, client, cast):
    from irm.meetings.models import Session

    today = timezone.localdate()
    assert Session.objects.filter(ends_on__lt=today).count() >= 11
    coming = Session.objects.get(slug__startswith="irg-17")
    assert coming.starts_on > today and coming.work_slots.count() == 4
    assert set(coming.delegations.values_list("state__iso3", flat=True)) == {"BRA", "MEX", "KEN"}
    client.force_login(cast["delegate"])
    home = client.get("/").content.decode()
    assert coming.title in home  # the delegate's home lists the coming session of Brazil's delegation


def test_the_last_year_of_cycle_2_is_left_for_the_secretariat_to_draw(demo, client, cast):
    from irm.lots import selectors
    from irm.reviews.models import Review

    review = Review.objects.filter(cycle__number=2).first()
    assert review is not None
    cycle = review.cycle
    last = selectors.last_year(cycle)
    assert last > cycle.years
    pending = selectors.pending_states(cycle, last)
    assert [r.state.iso3 for r in pending] == ["SMR"]
    assert all(not selectors.pending_states(cycle, year) for year in range(1, last))
    client.force_login(cast["secretariat"])
    session = client.session
    from irm.accounts.middleware import OTP_VERIFIED  # the demo's secretariat uses a second factor

    session[OTP_VERIFIED] = True
    session.save()
    page = client.get(f"/lots/cycle/2/live/?year={last}").content.decode()
    assert f'<option value="{last}" selected' in page and "San Marino" in page


def test_overdue_and_on_time_reviews_in_cycle_2(demo):
    from irm.reviews.models import Milestone, Review

    today = timezone.localdate()
    open_steps = Milestone.objects.filter(review__cycle__number=2, done_on__isnull=True).exclude(due_on=None)
    overdue = set(open_steps.filter(due_on__lt=today).values_list("review", flat=True))
    ahead = set(open_steps.filter(due_on__gte=today).values_list("review", flat=True))
    on_time = ahead - overdue
    assert len(overdue) > 50 and len(on_time) >= 4
    kenya = Review.objects.get(cycle__number=2, state__iso3="KEN")
    assert kenya.pk in on_time  # its delay gives the checklist a date after the day of loading
