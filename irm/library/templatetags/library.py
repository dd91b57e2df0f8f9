"""`{% library_documents state article %}`: the State's library documents on an article, for the
checklist page and the reviewers' view (only what the signed-in user may see)."""

from __future__ import annotations

from typing import Any

from django import template

from irm.library import selectors

register = template.Library()


@register.inclusion_tag("library/_for_article.html", takes_context=True)
def library_documents(context: template.Context, state: Any, article: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    number = getattr(article, "number", article)
    documents = selectors.for_article(user, state, int(number)) if state is not None and number else []
    return {"documents": documents, "state": state, "number": number}
