"""`irm meetings …`: read sessions and lists of speakers; close an item at its time.

JSON shapes (docs/apps/meetings.md):
- sessions: [{"slug", "body", "number", "resumed_part", "title_en", "city", "starts_on", "ends_on", "hybrid"}]
- speakers: {"session", "agenda_item", "speakers": [{"position", "iso3", "delegation", "speaker", "rank",
  "ministerial", "minutes", "mode", "status"}]}
- rotation: {"session", "president_group", "rapporteur_group", "rapporteur_basis",
  "host_practice": {"state", "president_group", "rapporteur_group"} | null}
- close-item: {"session", "agenda_item", "offered": <int>}
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from irm.accounts.models import User
from irm.core.errors import as_command_error
from irm.core.exceptions import DomainError
from irm.meetings import exports, selectors, services
from irm.meetings.models import AgendaItem, Session, SpeakersList


class Command(BaseCommand):
    help = "Sessions: sessions | speakers | rotation | close-item"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("sessions", help="list the sessions")
        p.add_argument("--format", choices=["json", "text"], default="text")
        p = sub.add_parser("speakers", help="the ordered list of speakers of an agenda item")
        p.add_argument("session")
        p.add_argument("--item", required=True, help='agenda item label, e.g. "1 (f)"')
        p.add_argument("--format", choices=["json", "text", "csv"], default="text")
        p.add_argument("--lang", default="en", choices=exports.EXPORT_LANGUAGES)
        p = sub.add_parser("rotation", help="which group nominates the president and the rapporteur")
        p.add_argument("session")
        p.add_argument("--format", choices=["json", "text"], default="text")
        p = sub.add_parser("close-item", help="close an item at its set time; offer another item")
        p.add_argument("session")
        p.add_argument("--item", required=True)
        p.add_argument("--offer", help="label of the item offered to the remaining speakers")
        p.add_argument("--actor", default="secretariat", help="username of a secretariat member")
        p.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "do_" + options["action"].replace("-", "_"))(options)
        except DomainError as exc:
            raise as_command_error(exc) from exc

    def _print(self, options: dict, data: Any, text: str) -> None:
        self.stdout.write(
            json.dumps(data, ensure_ascii=False, indent=2) if options["format"] == "json" else text
        )

    def _session(self, slug: str) -> Session:
        session = Session.objects.filter(slug=slug).first()
        if session is None:
            raise CommandError(f"No session {slug!r}.")
        return session

    def _item(self, session: Session, label: str) -> AgendaItem:
        for item in session.agenda_items.all():
            if item.label.replace(" ", "") == label.replace(" ", ""):
                return item
        raise CommandError(f"No agenda item {label!r} in {session.slug}.")

    def do_sessions(self, options: dict) -> None:
        sessions = Session.objects.order_by("-starts_on")
        data = [
            {
                "slug": s.slug,
                "body": s.body,
                "number": s.number,
                "resumed_part": s.resumed_part,
                "title_en": s.title_en,
                "city": s.city,
                "starts_on": s.starts_on.isoformat(),
                "ends_on": s.ends_on.isoformat(),
                "hybrid": s.hybrid,
            }
            for s in sessions
        ]
        self._print(
            options,
            data,
            "\n".join(f"{d['slug']:<14} {d['starts_on']} {d['city']:<16} {d['title_en']}" for d in data),
        )

    def do_speakers(self, options: dict) -> None:
        session = self._session(options["session"])
        lst = SpeakersList.objects.filter(
            session=session, agenda_item=self._item(session, options["item"])
        ).first()
        if lst is None:
            raise CommandError("That item has no list of speakers.")
        if options["format"] == "csv":
            self.stdout.write(exports.speakers_csv(lst, options["lang"]).decode("utf-8-sig"))
            return
        rows = selectors.speakers_rows(lst)
        speakers: list[dict[str, Any]] = [
            {
                "position": r.position,
                "iso3": r.entry.delegation.iso3,
                "delegation": r.delegation,
                "speaker": r.entry.speaker_name,
                "rank": r.entry.rank,
                "ministerial": r.entry.ministerial,
                "minutes": r.minutes,
                "mode": r.entry.mode,
                "status": r.entry.status,
            }
            for r in rows
        ]
        data = {"session": session.slug, "agenda_item": lst.agenda_item.label, "speakers": speakers}
        text = "\n".join(
            f"{s['position']:>3}. {s['delegation']:<40} {s['rank']:<18} {s['minutes']} min {s['status']}"
            for s in speakers
        )
        self._print(options, data, text)

    def do_rotation(self, options: dict) -> None:
        session = self._session(options["session"])
        p = selectors.rotation_proposal(session)
        host = p["host_practice"]
        data = {
            "session": session.slug,
            "president_group": p["president_group"],
            "rapporteur_group": p["rapporteur_group"],
            "rapporteur_basis": p["rapporteur_basis"],
            "host_practice": (
                {
                    "state": host["state"].iso3,
                    "president_group": host["president_group"],
                    "rapporteur_group": host["rapporteur_group"],
                }
                if host
                else None
            ),
        }
        text = f"rotation: president {data['president_group']}, rapporteur {data['rapporteur_group']}"
        if host:
            text += f"\nhost practice: president {host['state'].iso3} ({host['president_group']}), rapporteur {host['rapporteur_group']}"
        self._print(options, data, text)

    def do_close_item(self, options: dict) -> None:
        session = self._session(options["session"])
        actor = User.objects.filter(username=options["actor"]).first()
        if actor is None:
            raise CommandError(f"No user {options['actor']!r}.")
        lst = SpeakersList.objects.filter(
            session=session, agenda_item=self._item(session, options["item"])
        ).first()
        if lst is None:
            raise CommandError("That item has no list of speakers.")
        offered = self._item(session, options["offer"]) if options.get("offer") else lst.offered_item
        count = services.close_item(actor=actor, speakers_list=lst, offered_item=offered)
        data = {"session": session.slug, "agenda_item": lst.agenda_item.label, "offered": count}
        self._print(options, data, f"closed {lst.agenda_item.label}; {count} speakers offered another item")
