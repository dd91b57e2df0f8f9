"""One walk of the demo site, shared by the checks that read every page a role can reach.

`test_crawler.py` (no page breaks, no State's confidential material outside its review's circle) and
`test_human_words.py` (no choice code where a person reads) each crawled the demo on its own, as every
role, often through the same pages. Now the first of them to run walks the site once — as the public and
as each demo user, recording every page it fetched — and both check the recorded pages: each page is
fetched once for all the checks, and each check reads at least the pages and the roles it did.

The walk, per role: the two reviews' confidential pages first (the seeds), then `/` and every route that
takes no parameter, breadth-first along same-site links, at most two URLs per route, until no new
route is left: every page a role can reach, not as many as a time budget allowed (the walk had 8 s
per role; on a busy machine that was fewer pages, and the secretariat's 190 pages were never all
reached). MAX_PAGES_PER_ROLE only guards against a runaway walk, and the crawler fails if it is met.
Each page in the next of the six languages in turn (a marker or a server error shows in any
language). Before it, unique marker strings are planted in
confidential objects of Kenya's and France's latest reviews (both unpublished first), so the crawler can
tell who saw them.

Both tests use the shared demo (conftest.py: the demo tests run together in one process, also under
pytest-xdist), so the walk recorded by the first is there for the second. On PostgreSQL the human-words
check is skipped (its crawl ran on SQLite only), so the walk there is the crawler's own: its roles, and
at most PAGES_PER_ROLE pages each, as before.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from irm.accounts.models import User
from irm.reviews.models import Milestone, Review, Stage
from irm.reviews.permissions import can_view_confidential

LANGUAGES = [code for code, _name in settings.LANGUAGES]
URLS_PER_ROUTE = 2
#: A guard against a walk that never ends (every role reaches 120–200 pages of the demo).
MAX_PAGES_PER_ROLE = 600
#: The crawler's own walk (PostgreSQL): at most this many pages per role.
PAGES_PER_ROLE = 70
#: The crawler's roles (its own walk on PostgreSQL): the public and these demo users.
CRAWLER_USERS = [
    "secretariat",
    "fp-kenya",
    "contrib-kenya",
    "fp-france",
    "expert-nzl",
    "delegate",
    "observer",
]
#: Not walked: logout, language switch, downloads, POST-only actions; and the health check, which answers
#: 503 by design while no worker runs (it is not a page; irm/web/tests/test_worker_and_health.py).
SKIP = re.compile(
    r"^/(i18n/|accounts/logout|static/|media/|jsi18n|healthz)|/do/|/delete/|/submit/|/reopen/|/freeze/"
    r"|\.(pdf|docx|xlsx|csv|ics|zip|png|svg|json)(\?|$)|/export|/download|/documents/|/attachments/\d+/$",
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


def start_urls() -> list[str]:
    """The routes of the resolver that take no parameter, as URLs."""
    urls: list[str] = []

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                with contextlib.suppress(NoReverseMatch):  # a regex route with groups
                    urls.append(reverse(name))

    walk(get_resolver().url_patterns, None)
    return [u for u in dict.fromkeys(urls) if not SKIP.search(u) and not u.startswith(("/api/", "/admin/"))]


# --- the confidential material the crawler looks for -----------------------------------------------------


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


def _seeds(reviews: dict[str, Review]) -> list[str]:
    """Direct addresses of the two reviews' pages (as if typed or guessed)."""
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
    return [*dict.fromkeys(s for s in seeds if s)]


# --- the walk ----------------------------------------------------------------------------------------------


@dataclass
class Page:
    url: str
    route: str
    language: str
    status: int
    #: The HTML of a page answered 200 with HTML; "" otherwise.
    body: str


@dataclass
class RoleWalk:
    role: str  # the username, or "public"
    logged_in: bool  # the demo password let the user in (always True for the public)
    pages: list[Page] = field(default_factory=list)
    #: Whether this role may see each planted review's confidential material (ISO3 → can_view_confidential).
    may_see: dict[str, bool] = field(default_factory=dict)


@dataclass
class Walk:
    roles: list[RoleWalk]
    #: ISO3 → the markers planted in that review's confidential objects.
    planted: dict[str, list[str]]
    #: Whether the walk is the full one (SQLite), read by the human-words check too.
    full: bool


def _walk_role(client: Client, seeds: list[str], offset: int, max_pages: int) -> list[Page]:
    pages: list[Page] = []
    starts = [*seeds, "/", *start_urls()]
    queue: deque[str] = deque(dict.fromkeys(starts))
    queued = set(queue)
    per_route: Counter[str] = Counter()
    while queue and len(pages) < max_pages:
        url = queue.popleft()
        seed = url in seeds
        route = route_of(url)
        if not seed and per_route[route] >= URLS_PER_ROUTE:
            continue
        per_route[route] += 1
        language = LANGUAGES[(len(pages) + offset) % len(LANGUAGES)]
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        html = response.status_code == 200 and "html" in response.get("Content-Type", "")
        body = response.content.decode(errors="replace") if html else ""
        pages.append(Page(url, route, language, response.status_code, body))
        for link in links_of(body, url):
            if link not in queued and not SKIP.search(link):
                queued.add(link)
                queue.append(link)
    return pages


def _walk() -> Walk:
    from irm.demo.loader import read_data

    full = connection.vendor == "sqlite"
    cycle = Review.objects.order_by("-cycle__number").values_list("cycle", flat=True)[0]
    reviews = {
        iso3: Review.objects.select_related("cycle", "state").get(cycle_id=cycle, state__iso3=iso3)
        for iso3 in ("KEN", "FRA")
    }
    planted = {}
    for iso3, review in reviews.items():
        _unpublish(review)
        planted[iso3] = plant_markers(review, iso3)
    seeds = _seeds(reviews)
    passwords = {row.text("username"): row.text("password") for row in read_data("users").rows("users")}
    usernames = sorted(passwords) if full else CRAWLER_USERS
    roles: list[RoleWalk] = []
    for offset, username in enumerate([None, *usernames]):
        client = Client()
        user = None
        if username is not None:
            user = User.objects.get(username=username)
        logged_in = username is None or client.login(username=username, password=passwords[username])
        role = RoleWalk(role=username or "public", logged_in=logged_in)
        role.may_see = {
            iso3: user is not None and can_view_confidential(user, review) for iso3, review in reviews.items()
        }
        if logged_in:
            role.pages = _walk_role(client, seeds, offset, MAX_PAGES_PER_ROLE if full else PAGES_PER_ROLE)
        roles.append(role)
    return Walk(roles=roles, planted=planted, full=full)


_RECORDED: list[Walk] = []


def recorded_walk() -> Walk:
    """The walk, made by the first test that asks (on the shared demo, inside its transaction)."""
    if not _RECORDED:
        _RECORDED.append(_walk())
    return _RECORDED[0]
