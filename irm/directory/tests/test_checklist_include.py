"""The checklist page of an article shows the State's directory entries for that article (issue 21 §7),
with restricted contacts only for those allowed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from irm.checklists import services as checklist_services
from irm.cycles.models import Cycle
from irm.directory.tests.factories import make_entry
from irm.parties.models import State
from irm.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_the_article_page_shows_the_states_entries_for_that_article(client, cast):
    states = {s.iso3: s for s in State.objects.filter(iso3__in=["KEN", "NZL", "ZAF"])}
    review = Review.objects.create(
        cycle=Cycle.objects.get(number=2),
        state=states["KEN"],
        year=1,
        reviewer_1=states["NZL"],
        reviewer_2=states["ZAF"],
    )
    checklist = checklist_services.start_checklist(actor=cast["fp-kenya"], review=review)
    make_entry(cast["secretariat"], provision="6.3", authority="Ethics and Anti-Corruption Commission")
    make_entry(cast["secretariat"], provision="55.5", authority="Assets Recovery Agency")
    client.force_login(cast["fp-kenya"])
    page = client.get(f"/checklists/{checklist.pk}/articles/6/").content.decode()
    assert "Ethics and Anti-Corruption Commission" in page and "mla@example.go.ke" in page
    assert "Assets Recovery Agency" not in page, "only the entries of this article"


def test_the_include_leaves_restricted_contacts_out_for_those_not_allowed(cast):
    make_entry(cast["secretariat"], provision="6.3", authority="Ethics and Anti-Corruption Commission")
    request = RequestFactory().get("/")
    template = Template("{% load directory %}{% directory_entries state 6 %}")
    for user, sees in ((AnonymousUser(), False), (cast["observer"], False), (cast["expert-nzl"], True)):
        request.user = user
        html = template.render(Context({"request": request, "state": State.objects.get(iso3="KEN")}))
        assert "Ethics and Anti-Corruption Commission" in html
        assert ("mla@example.go.ke" in html) is sees
