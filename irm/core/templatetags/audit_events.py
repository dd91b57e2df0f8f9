"""`{{ event.action|event_label }}`: what a person reads for an audit event's name (irm/core/events.py)."""

from __future__ import annotations

from django import template

from irm.core.events import label_of

register = template.Library()


@register.filter
def event_label(name: str) -> str:
    return label_of(name)
