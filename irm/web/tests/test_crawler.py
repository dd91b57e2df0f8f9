"""The crawler: log in as each demo role (and as the public), follow every same-site link, and check
that no page breaks and that no page shows a State's confidential material to someone outside the
circle of that State's review (irm.reviews.permissions.can_view_confidential).

Unique marker strings are planted in confidential objects of Kenya's and France's cycle-2 reviews
(a finding of an unpublished review; a checklist answer and a desk-review message where the
checklists app has them). A marker may appear only on pages seen by users in that review's circle.

The crawl takes at most two URLs per route, every route a role can reach (the seeds, i.e. the pages of
the two reviews, first), and no logout, language switch, downloads or POST-only actions. It is the walk
of `site_walk.py`, shared with the human-words check: each page fetched once for both. On PostgreSQL
it stops at PAGES_PER_ROLE pages per role.
"""

from __future__ import annotations

import pytest

from irm.web.tests.site_walk import MAX_PAGES_PER_ROLE, recorded_walk

pytestmark = pytest.mark.django_db


def test_crawler_finds_no_error_and_no_confidential_leak(demo):
    walk = recorded_walk()
    problems: list[str] = []
    seen_by: dict[str, set[str]] = {marker: set() for markers in walk.planted.values() for marker in markers}
    pages = 0
    for role in walk.roles:
        assert role.logged_in, role.role
        pages += len(role.pages)
        problems += [f"{role.role}: {page.url} → {page.status}" for page in role.pages if page.status >= 500]
        for iso3, markers in walk.planted.items():
            for page in role.pages:
                for marker in markers:
                    if marker in page.body:
                        seen_by[marker].add(role.role)
                        if not role.may_see[iso3]:
                            problems.append(f"{role.role} sees {marker} of {iso3} at {page.url}")
    assert not problems, "\n".join(problems)
    assert pages > 8 * len(walk.roles)
    if walk.full:  # every role walked until no new route was left, not stopped by the guard
        walked = {role.role: len(role.pages) for role in walk.roles}
        assert max(walked.values()) < MAX_PAGES_PER_ROLE, walked
        assert min(walked.values()) >= 100, walked  # each role reaches 120–200 pages of the demo
    # The crawl did reach the confidential pages: the secretariat saw every marker.
    unseen = [marker for marker, users in seen_by.items() if "secretariat" not in users]
    assert not unseen, f"the crawler never reached the pages showing {unseen}"
