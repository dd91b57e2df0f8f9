"""An iCalendar (RFC 5545) feed of a person's deadlines, written by hand: a few VEVENTs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from irm.reviews.models import Milestone, Review, Stage


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def ical(deadlines: Iterable[tuple[Review, Milestone]], *, site_url: str, name: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//irm//UNCAC Implementation Review Mechanism//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for review, milestone in deadlines:
        if milestone.due_on is None:
            raise RuntimeError("expected milestone.due_on is not None")
        url = f"{site_url}/reviews/{review.cycle.number}/{review.state.iso3}/workflow/"
        stage = Stage(milestone.stage)
        lines += [
            "BEGIN:VEVENT",
            f"UID:irm-milestone-{milestone.pk}-{milestone.due_on:%Y%m%d}@irm",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{milestone.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{milestone.due_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(f'{stage.label} — {review.state.name_en} (cycle {review.cycle.number})')}",
            f"DESCRIPTION:{_escape(f'Due: {stage.label}. Review of {review.state.name_en}.')}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
