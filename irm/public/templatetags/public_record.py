"""`{% published_follow_up review %}`: the published follow-up of a review (issue 20 §2), for the public
review page of the reviews app, which sits below this app and so shows it through a template tag."""

from __future__ import annotations

from typing import Any

from django import template

from irm.public import followup

register = template.Library()


@register.inclusion_tag("public/_review_follow_up.html")
def published_follow_up(review: Any) -> dict[str, Any]:
    blocks = followup.of_reviews([review]) if review is not None else []
    return {"block": blocks[0] if blocks else None}
