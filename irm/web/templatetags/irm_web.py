"""Small template helpers for the pages: current navigation item, optional links, labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe

from irm.reviews.models import Stage
from irm.web.selectors import COMPLETED, IN_PROGRESS, NOT_STARTED, STATUS_CHOICES, status_of_stage

register = template.Library()

_STATUS_LABELS = dict(STATUS_CHOICES)
_STATUS_CLASSES = {
    NOT_STARTED: "text-bg-light border",
    IN_PROGRESS: "text-bg-warning",
    COMPLETED: "text-bg-success",
}


def _current_url_name(context: dict) -> str:
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None:
        return ""
    return f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or "")


@register.simple_tag(takes_context=True)
def nav_current(context: dict, *url_names: str, item: str = "nav-link") -> SafeString:
    """`aria-current="page"` and the active class when the page is one of `url_names`; `item` is the
    link's class (`dropdown-item` inside a menu of the bar)."""
    if _current_url_name(context) in url_names:
        return mark_safe(f' aria-current="page" class="{item} active"')  # noqa: S308 — our own constants
    return mark_safe(f' class="{item}"')  # noqa: S308


@register.simple_tag(takes_context=True)
def nav_section(context: dict, *url_names: str) -> str:
    """The class ` active` when the page is one of `url_names`: marks the menu of the bar holding it."""
    return " active" if _current_url_name(context) in url_names else ""


@register.simple_tag
def optional_url(*candidates_and_args: Any) -> str:
    """The first of the URL names (the strings containing ":") that reverses with the other arguments.

    Pages of other apps (published summaries, reports) may not exist yet: their link is left out.
    Usage: {% optional_url "reviews:summary" review.pk as summary_url %}
    """
    names = [c for c in candidates_and_args if isinstance(c, str) and (":" in c)]
    args = [a for a in candidates_and_args if a not in names]
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


@register.filter
def review_status(stage: str | None) -> str:
    return status_of_stage(stage)


@register.filter
def status_label(status: str) -> str:
    return str(_STATUS_LABELS.get(status, status))


@register.filter
def status_class(status: str) -> str:
    return _STATUS_CLASSES.get(status, "text-bg-secondary")


@register.filter
def stage_label(stage: str | None) -> str:
    if not stage:
        return ""
    try:
        return str(Stage(stage).label)
    except ValueError:
        return stage


@register.filter
def stage_progress(stage: str | None) -> int:
    """How far along its stages a review is, in percent."""
    if not stage:
        return 0
    try:
        return round(100 * (Stage(stage).index + 1) / len(Stage))
    except ValueError:
        return 0


@register.filter
def bootstrap_widget(field: Any) -> SafeString:
    """A form field's widget with Bootstrap's class, and its help and error texts linked for screen readers."""
    widget = field.field.widget
    attrs: dict[str, str] = {}
    existing = widget.attrs.get("class", "")
    if "form-" not in existing:
        kind = getattr(widget, "input_type", "")
        base = "form-select" if widget.__class__.__name__.endswith("Select") else "form-control"
        if kind in ("checkbox", "radio"):
            base = "form-check-input"
        attrs["class"] = f"{existing} {base}".strip()
    described = [widget.attrs.get("aria-describedby", "")]
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        attrs["class"] = f"{attrs.get('class', existing)} is-invalid".strip()
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_error")
    if any(described):
        attrs["aria-describedby"] = " ".join(d for d in described if d)
    return field.as_widget(attrs=attrs)
