"""The crawler: log in as each demo role (and as the public), follow every same-site link, and check
that no page breaks and that no page shows a State's confidential material to someone outside the
circle of that State's review (irm.reviews.permissions.can_view_confidential).

Unique marker strings are planted in confidential objects of Kenya's and France's cycle-2 reviews
(a finding of an unpublished review; a checklist answer and a desk-review message where the
checklists app has them). A marker may appear only on pages seen by users in that review's circle.

The crawl is bounded: a few URLs per route, a page
budget and a time budget per role (the seeds, i.e. the pages of the two reviews, always first), and no logout, language switch, downloads or POST-only actions.
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from irm.accounts.models import User
from irm.reviews.models import Milestone, Review, Stage
from irm.reviews.permissions import can_view_confidential

pytestmark = pytest.mark.django_db

#: The demo users (username → password) and the public.
ROLES: list[tuple[str | None, str | None]] = [
    (None, None),
    ("secretariat", "secretariat-demo"),
    ("fp-kenya", "focal-demo"),
    ("contrib-kenya", "contrib-demo"),
    ("fp-france", "focal-demo"),
    ("expert-nzl", "expert-demo"),
    ("delegate", "delegate-demo"),
    ("observer", "observer-demo"),
]
PAGES_PER_ROLE = 70
URLS_PER_ROUTE = 2
#: After the seeds, a role stops crawling after this many seconds (pages that draw charts are slow
#: on a busy 2-core machine); the seeds, which hold the confidential pages, are always visited.
SECONDS_PER_ROLE = 8.0
SKIP = re.compile(
    r"^/(i18n/|accounts/logout|static/|media/|jsi18n)|/do/|/delete/|/submit/|/reopen/|/freeze/"
    r"|\.(pdf|docx|xlsx|csv|ics|zip|png|svg|json)$|/export|/download|/documents/|/attachments/\d+/$",
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or name == "hx-get"):
                self.links.append(value)


def links_of(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.links:
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url, _fragment = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def route_of(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return url
    return f"{match.namespace}:{match.url_name}" + ("?" if "?" in url else "")


@dataclass
class Crawl:
    visited: dict[str, int] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def crawl(client, seeds: list[str]) -> Crawl:
    """Breadth-first from the seeds (always visited), at most URLS_PER_ROUTE URLs per route."""
    result = Crawl()
    queue: deque[str] = deque(seeds)
    queued = set(seeds)
    per_route: Counter[str] = Counter()
    started = time.monotonic()
    while queue and len(result.visited) < PAGES_PER_ROLE:
        url = queue.popleft()
        if url not in seeds and time.monotonic() - started > SECONDS_PER_ROLE:
            break
        route = route_of(url)
        if url not in seeds and per_route[route] >= URLS_PER_ROUTE:
            continue
        per_route[route] += 1
        response = client.get(url)
        result.visited[url] = response.status_code
        if response.status_code >= 500:
            result.errors.append(f"{url} → {response.status_code}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode(errors="replace")
        result.bodies[url] = body
        for link in links_of(body, url):
            if link not in queued and not SKIP.search(link):
                queued.add(link)
                queue.append(link)
    return result


def _unpublish(review: Review) -> None:
    """Make sure the review's material is confidential: nothing of it published (test set-up only)."""
    Milestone.objects.filter(
        review=review, stage__in=[Stage.SUMMARY_PUBLISHED, Stage.REPORT_PUBLISHED]
    ).update(done_on=None)
    if Stage(review.stage).index >= Stage.SUMMARY_PUBLISHED.index:
        review.stage = Stage.DRAFT_REPORT_SENT
    review.report_publication_consent = False
    review.save()


def plant_markers(review: Review, tag: str) -> list[str]:
    """Put unique strings into the review's confidential objects; return the markers planted."""
    markers = []
    from irm.findings.models import Finding, FindingType

    finding_marker = f"ZZSECRET-{tag}-FINDING"
    Finding.objects.create(
        review=review, type=FindingType.CHALLENGE, text=f"{finding_marker} text", language="en"
    )
    markers.append(finding_marker)
    try:
        from irm.checklists.models import Checklist, Message, Question, QuestionKind, Thread
    except ImportError:  # the checklists app is optional here
        return markers
    checklist, _ = Checklist.objects.get_or_create(review=review)
    question = (
        Question.objects.filter(cycle=review.cycle, kind=QuestionKind.TEXT)
        .order_by("article__number")
        .first()
    )
    if question is not None:
        from irm.checklists.models import Answer

        answer_marker = f"ZZSECRET-{tag}-ANSWER"
        Answer.objects.update_or_create(
            checklist=checklist, question=question, defaults={"value": answer_marker}
        )
        markers.append(answer_marker)
        thread = Thread.objects.create(checklist=checklist, article=question.article)
        message_marker = f"ZZSECRET-{tag}-MESSAGE"
        expert = User.objects.filter(review_assignments__review=review).first() or User.objects.get(
            username="secretariat"
        )
        thread.opened_by = expert
        thread.save(update_fields=["opened_by"])
        Message.objects.create(thread=thread, author=expert, side=Message.Side.EXPERT, body=message_marker)
        markers.append(message_marker)
    return markers


@pytest.fixture
def crawl_data(demo):
    """The shared demo, with markers planted in Kenya's and France's confidential material."""
    cycle = Review.objects.order_by("-cycle__number").values_list("cycle", flat=True)[0]
    reviews = {
        iso3: Review.objects.select_related("cycle", "state").get(cycle_id=cycle, state__iso3=iso3)
        for iso3 in ("KEN", "FRA")
    }
    planted = {}
    for iso3, review in reviews.items():
        _unpublish(review)
        planted[iso3] = plant_markers(review, iso3)
    return reviews, planted


def _seeds(reviews: dict[str, Review]) -> list[str]:
    """The home page, plus direct addresses of the two reviews' pages (as if typed or guessed)."""
    from irm.web.templatetags.irm_web import optional_url

    seeds = []
    for review in reviews.values():
        for name, args in [
            ("reviews:review", (review.cycle.number, review.state.iso3)),
            ("reviews:workflow", (review.cycle.number, review.state.iso3)),
            ("findings:review", (review.pk,)),
        ]:
            if url := optional_url(name, *args):
                seeds.append(url)
        checklist = getattr(review, "checklist", None)
        if checklist is not None:
            seeds.append(optional_url("checklists:detail", checklist.pk))
            for thread in checklist.threads.all():
                seeds.append(optional_url("checklists:article", checklist.pk, thread.article.number))
    return [*dict.fromkeys(s for s in seeds if s), "/"]


def test_crawler_finds_no_error_and_no_confidential_leak(client, crawl_data):
    reviews, planted = crawl_data
    seeds = _seeds(reviews)
    problems: list[str] = []
    seen_by: dict[str, set[str]] = {marker: set() for markers in planted.values() for marker in markers}
    pages = 0
    for username, password in ROLES:
        client.logout()
        user = None
        if username:
            user = User.objects.get(username=username)
            assert client.login(username=username, password=password), username
        result = crawl(client, seeds)
        pages += len(result.visited)
        problems += [f"{username or 'public'}: {error}" for error in result.errors]
        for iso3, markers in planted.items():
            allowed = user is not None and can_view_confidential(user, reviews[iso3])
            for url, body in result.bodies.items():
                for marker in markers:
                    if marker in body:
                        seen_by[marker].add(username or "public")
                        if not allowed:
                            problems.append(f"{username or 'public'} sees {marker} of {iso3} at {url}")
    assert not problems, "\n".join(problems)
    assert pages > 8 * len(ROLES)
    # The crawl did reach the confidential pages: the secretariat saw every marker.
    unseen = [marker for marker, users in seen_by.items() if "secretariat" not in users]
    assert not unseen, f"the crawler never reached the pages showing {unseen}"
