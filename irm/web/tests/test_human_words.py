"""No code where a person reads (issue 17 §3): the site is crawled as every role, in every language, and
no page's visible text may hold a choice code of any model (`not_started`, `ASIA_PACIFIC`, `GRULAC`).

A code is a choice value of a model field that contains an underscore or is an upper-case word of four
letters or more; plain words such as `draft` are not codes (a label may say them). The crawl starts from
every route of the URL resolver that takes no parameter and fills the routes that take some from the
demo, through the links the pages give; at most two URLs per route, every route a role reaches, the
pages' languages in turn. It is the walk of `site_walk.py`, shared with the crawler: each page fetched once for
both checks. SQLite only: on PostgreSQL the suite runs without it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection

from irm.web.tests.site_walk import recorded_walk

pytestmark = pytest.mark.django_db

#: Pages that must show stored values verbatim: the data dictionary documents the codes a download
#: holds; the secretariat's audit trail shows each event's recorded before/after data as it was written
#: (its event names are shown by name).
CODES_ALLOWED_ON = {"public:dictionary", "audit:events"}
CODE = re.compile(r"^(?=.*_)[A-Za-z][A-Za-z0-9_]+$|^[A-Z]{4,}$")


def choice_codes() -> set[str]:
    """Every choice value of every field of the project's models that is a code."""
    codes: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("irm."):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and CODE.match(value):
                    codes.add(value)
    return codes


class _Text(HTMLParser):
    """The text a person sees: text nodes outside scripts, styles and templates, and the titles,
    labels and placeholders of elements."""

    HIDDEN = {"script", "style", "template", "noscript"}
    SEEN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in self.SEEN_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_no_page_shows_a_choice_code_to_any_role_in_any_language(demo, cast):
    if connection.vendor != "sqlite":
        pytest.skip("the crawls run on SQLite only (CI's PostgreSQL job runs the rest)")
    codes = choice_codes()
    assert {"lots_drawn", "ASIA_PACIFIC"} <= codes  # codes of the kind the issue names are caught
    pattern = re.compile(
        r"(?<![\w/.=-])(" + "|".join(sorted(map(re.escape, codes), key=len, reverse=True)) + r")(?![\w-])"
    )
    walk = recorded_walk()
    assert walk.full and {role.role for role in walk.roles} == {"public", *cast}
    problems: list[str] = []
    pages = 0
    for role in walk.roles:
        assert role.logged_in, role.role
        pages += len(role.pages)
        for page in role.pages:
            if page.body and page.route.rstrip("?") not in CODES_ALLOWED_ON:  # "?": a URL with a query
                found = sorted(set(pattern.findall(visible_text(page.body))))
                if found:
                    problems.append(f"{role.role}: {page.url} [{page.language}]: {', '.join(found)}")
    assert pages > 20 * (len(cast) + 1)
    assert not problems, f"{len(problems)} pages show codes:\n" + "\n".join(problems)
