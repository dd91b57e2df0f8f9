"""`{% load directory %}{% directory_entries state article_number %}`: a State's directory entries for
one article of the Convention, as the reader may see them — for the checklist page of an article and
the reviewers' view (issue 21 §7). Kept apart from the library's include."""

from __future__ import annotations

from typing import Any

from django import template

from irm.directory import selectors

register = template.Library()


@register.inclusion_tag("directory/_for_article.html", takes_context=True)
def directory_entries(context: dict[str, Any], state: Any, article_number: int) -> dict[str, Any]:
    user = context["request"].user
    rows = selectors.items(user, selectors.entries_of(user, state, article_number))
    return {"rows": selectors.shown(rows), "state": state, "article_number": article_number}
