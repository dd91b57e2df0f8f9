"""meetings.yaml → irm.meetings services: the earlier sessions of the Conference, CoSP 10 and the second
resumed IRG 13, with their agendas, organization of work, documents, participants, credentials, bureau,
lists of speakers and draft resolutions. The rules here decide who is drawn to speak, whose credentials
are late; the data file holds every name, date and title.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from irm.core.exceptions import DomainError
from irm.demo.loader import Context, DemoDataError, Node
from irm.meetings import services
from irm.meetings.models import AgendaItem, Delegation, ParticipationKind, Rank, Session
from irm.parties.models import RegionalGroup, State
from irm.parties.names import NameResolver, UnknownStateName


def load(context: Context, data: Node) -> str:
    try:
        sessions = [
            _past_cosp(context, data),
            _cosp10(context, data),
            _irg13(context, data),
            _coming(context, data),
        ]
    except DomainError as exc:  # a demo that contradicts the rules is a bug in its data: say so loudly
        raise DemoDataError(f"meetings.yaml: {exc.message}") from exc
    return "; ".join(sessions)


# --- shared pieces -----------------------------------------------------------------------------


def _hours(data: Node, part: str) -> tuple[time, time]:
    start, end = data.node("parts")[part]
    return time.fromisoformat(start), time.fromisoformat(end)


def _session(context: Context, actor: Any, spec: Node, **extra: Any) -> Session:
    tz = ZoneInfo(spec.text("timezone"))
    starts_on = spec.day("starts_on")
    host = spec.get("host")
    return services.create_session(
        actor=actor,
        body=spec.text("body"),
        number=spec.number("number"),
        resumed_part=spec.get("resumed_part", 0),
        city=spec.text("city"),
        venue=spec.get("venue", ""),
        host_state=context.state(host) if host else None,
        starts_on=starts_on,
        ends_on=spec.day("ends_on"),
        opens_at=datetime.combine(starts_on, time.fromisoformat(spec.text("opens_at")), tzinfo=tz),
        timezone_name=spec.text("timezone"),
        hybrid=bool(spec.get("hybrid", False)),
        interpreted_meetings_limit=spec.get("interpreted_meetings_limit"),
        draft_resolution_deadline=spec.get("draft_resolution_deadline"),
        title_en=spec.text("title_en"),
        title_zh=spec.text("title_zh", blank=True),
        source=spec.text("source"),
        **extra,
    )


def _agenda(actor: Any, session: Session, rows: list[Node]) -> dict[str, AgendaItem]:
    for row in rows:
        services.add_agenda_item(
            actor=actor,
            session=session,
            number=row.number("number"),
            letter=row.text("letter", blank=True),
            title_en=row.text("title_en"),
            title_zh=row.text("title_zh", blank=True),
            annotation_en=row.get("annotation_en", ""),
        )
    return {item.label: item for item in session.agenda_items.all()}


def _item(items: dict[str, AgendaItem], row: Node, key: str, label: Any = None) -> AgendaItem:
    label = str(row[key] if label is None else label)
    if label not in items:
        raise row.error(key, f"no agenda item {label!r} in this session")
    return items[label]


def _work(actor: Any, session: Session, items: dict[str, AgendaItem], rows: list[Node], data: Node) -> None:
    for row in rows:
        starts_at, ends_at = _hours(data, row.text("part"))
        services.add_work_slot(
            actor=actor,
            session=session,
            date=row.day("date"),
            part=row.text("part"),
            starts_at=starts_at,
            ends_at=ends_at,
            items=[_item(items, row, "items", label) for label in row["items"]],
            note=row.get("note", ""),
        )


def _observers(actor: Any, session: Session, spec: Node, kinds: dict[str, str]) -> None:
    """UN bodies, organizations, non-signatory States: registered (notified on the day given)."""
    for key, kind in kinds.items():
        if spec.get(key):
            services.register_delegations(
                actor=actor,
                session=session,
                kind=kind,
                names=list(spec[key]),
                notified_on=spec.day("notified_on") if kind in {"un_body", "igo"} else None,
            )


def _credentials(actor: Any, session: Session, seed: int, rules: Node) -> None:
    """Rule 18: most credentials arrive before the deadline, some late, a few never; most are examined."""
    rng = random.Random(seed)
    due = session.credentials_due_at
    issuers = list(rules["issuers"])
    records = []
    for delegation in Delegation.objects.filter(session=session, kind=ParticipationKind.PARTY).select_related(
        "state"
    ):
        roll = rng.random()
        if roll < rules["missing"]:
            continue
        at = (
            due - timedelta(hours=rng.randint(1, rules.number("early_hours")))
            if roll < rules["late_above"]
            else due + timedelta(hours=rng.randint(1, rules.number("late_hours")))
        )
        issuer = "reio_authority" if delegation.iso3 == "EUU" else rng.choice(issuers)
        is_original = rng.random() > rules["copies"]
        examined = rng.random() < rules["examined"]
        records.append(
            services.CredentialRecord(
                delegation=delegation,
                issuer=issuer,
                submitted_at=at,
                is_original=is_original,
                accepted=rng.random() > rules["refused"] if examined else None,
                examined_at=max(at, due),  # the bureau examines them once they are due
            )
        )
    services.record_credentials(actor=actor, session=session, records=records)


def _party_delegations(session: Session) -> dict[str, Delegation]:
    rows = Delegation.objects.filter(session=session, kind=ParticipationKind.PARTY).select_related("state")
    return {d.iso3: d for d in rows}


# --- the earlier sessions of the Conference ----------------------------------------------------


def _past_cosp(context: Context, data: Node) -> str:
    actor = context.user("secretariat")
    spec = data.node("past_cosp")
    ordinals_en, ordinals_zh = data["ordinals_en"], data["ordinals_zh"]
    tz = ZoneInfo(spec.text("timezone"))
    rows = spec.rows("sessions")
    for row in rows:
        number, start = row.number("number"), row.day("starts_on")
        host = context.state(row.text("host")) if row.get("host") else None
        session = services.create_session(
            actor=actor,
            body="cosp",
            number=number,
            city=row.text("city"),
            host_state=host,
            starts_on=start,
            ends_on=row.day("ends_on"),
            opens_at=datetime.combine(start, time.fromisoformat(spec.text("opens_at")), tzinfo=tz),
            timezone_name=spec.text("timezone"),
            title_en=spec.text("title_en").format(ordinal=ordinals_en[number]),
            title_zh=spec.text("title_zh").format(ordinal_zh=ordinals_zh[number]),
            source=spec.text("source"),
        )
        if host is not None:
            services.elect_officer(
                actor=actor,
                session=session,
                office="president",
                state=host,
                elected_on=start,
                note=spec.text("president_note"),
            )
    return f"{len(rows)} earlier sessions of the Conference"


# --- the coming session ------------------------------------------------------------------------


def _coming(context: Context, data: Node) -> str:
    """A session whose days count from the day the demo is loaded, with agenda, meetings, parties."""
    actor = context.user("secretariat")
    spec = data.node("coming")
    start = context.today + timedelta(days=spec.number("starts_in_days"))
    days = spec.number("days")
    dated = Node(
        spec.file,
        f"{spec.path}.session",
        {**spec.node("session").value, "starts_on": start, "ends_on": start + timedelta(days=days - 1)},
    )
    session = _session(context, actor, dated)
    items = _agenda(actor, session, spec.rows("agenda"))
    for row in spec.rows("work"):
        starts_at, ends_at = _hours(data, row.text("part"))
        services.add_work_slot(
            actor=actor,
            session=session,
            date=start + timedelta(days=row.number("day")),
            part=row.text("part"),
            starts_at=starts_at,
            ends_at=ends_at,
            items=[_item(items, row, "items", label) for label in row["items"]],
        )
    for iso3 in spec["parties"]:
        services.register_delegation(
            actor=actor, session=session, kind=ParticipationKind.PARTY, state=context.state(iso3)
        )
    return f"{session.title} from {start:%Y-%m-%d} (coming)"


# --- CoSP 10 -----------------------------------------------------------------------------------


def _cosp10(context: Context, data: Node) -> str:
    actor = context.user("secretariat")
    spec = data.node("cosp10")
    session = _session(context, actor, spec.node("session"))
    items = _agenda(actor, session, spec.rows("agenda"))
    _work(actor, session, items, spec.rows("work"), data)
    consultations = spec.node("consultations")
    starts_at, ends_at = _hours(data, consultations.text("part"))
    for day in consultations["days"]:
        services.add_work_slot(
            actor=actor,
            session=session,
            date=day,
            part=consultations.text("part"),
            starts_at=starts_at,
            ends_at=ends_at,
            room=consultations.text("room"),
            interpreted=False,
            note=consultations.text("note"),
        )
    output = spec.node("output")
    for row in spec.rows("documents"):
        document = services.register_document(
            actor=actor,
            session=session,
            symbol=row.text("symbol"),
            title_en=row.text("title_en"),
            title_zh=row.text("title_zh", blank=True),
            kind=row.text("kind"),
            agenda_item=_item(items, row, "item"),
            issued_on=spec.day("documents_issued_on"),
            access="public",
        )
        if row["symbol"] == output["document"]:
            services.link_document_output(
                actor=actor,
                document=document,
                kind=output.text("kind"),
                identifier=output.text("identifier"),
                url=output.text("url"),
                label=output.text("label"),
            )
    services.register_delegations(
        actor=actor, session=session, kind=ParticipationKind.PARTY, states=list(context.states.values())
    )
    _cosp10_observers(context, actor, session, spec.node("observers"))
    _credentials(actor, session, spec.number("credentials_seed"), data.node("credentials"))
    services.generate_credentials_report(actor=actor, session=session)
    _cosp10_speakers(context, actor, session, items, spec.node("speakers"), data)
    _cosp10_resolutions(context, actor, session, spec.node("resolutions"))
    return "CoSP 10 (Atlanta) with agenda, organization of work, documents and speakers"


def _cosp10_observers(context: Context, actor: Any, session: Session, spec: Node) -> None:
    _observers(
        actor, session, spec, {"un_bodies": "un_body", "igos": "igo", "non_signatories": "non_signatory"}
    )
    for name in spec["ngos_ecosoc"]:
        ngo = services.register_delegation(
            actor=actor, session=session, kind=ParticipationKind.NGO_ECOSOC, name=name
        )
        services.grant_observer_status(actor=actor, delegation=ngo, on=spec.day("ngos_ecosoc_admitted_on"))
    services.register_delegations(
        actor=actor, session=session, kind=ParticipationKind.NGO_OTHER, names=list(spec["ngos_other"])
    )
    services.circulate_ngo_list(actor=actor, session=session, on=spec.day("ngo_list_circulated_on"))
    objection = spec.node("objection")
    services.object_to_observer(
        actor=actor,
        delegation=Delegation.objects.get(session=session, name=objection.text("ngo")),
        objecting_state=context.state(objection.text("by")),
        reason=objection.text("reason"),
        at=objection.moment("at", ZoneInfo(session.timezone)),
    )
    services.settle_ngo_admissions(actor=actor, session=session, on=spec.day("ngos_settled_on"))


def _draw_speakers(
    spec: Node, data: Node, delegations: dict[str, Delegation], tz: ZoneInfo, rng: random.Random
) -> list[tuple[datetime, str, str, str]]:
    """Who asks for the floor, when and at what rank: (received at, ISO3, rank, on behalf of group)."""
    demo_states = {row.text("state") for row in spec.rows("delegates")}
    codes = sorted(code for code in delegations if code not in demo_states)
    chosen = rng.sample(codes, min(spec.number("count"), len(codes)))
    chairs: dict[str, str] = {}
    for group in [g for g in RegionalGroup.values if g != RegionalGroup.NONE]:
        member = next(
            (
                c
                for c in chosen
                if getattr(delegations[c].state, "regional_group", "") == group and c not in chairs
            ),
            None,
        )
        if member:
            chairs[member] = group
    start, until = spec.moment("requests_from", tz), spec.moment("requests_until", tz)
    span = int((until - start).total_seconds())
    weights = data.node("rank_weights").value
    requests = []
    for code in chosen:
        rank = (
            spec.text("group_chair_rank")
            if code in chairs
            else rng.choices(list(weights), list(weights.values()))[0]
        )
        requests.append((start + timedelta(seconds=rng.randint(0, span)), code, rank, chairs.get(code, "")))
    requests += [(r.moment("at", tz), r.text("state"), r.text("rank"), "") for r in spec.rows("delegates")]
    return sorted(requests)


def _cosp10_speakers(
    context: Context, actor: Any, session: Session, items: dict[str, AgendaItem], spec: Node, data: Node
) -> None:
    tz = ZoneInfo(session.timezone)
    lst = services.open_speakers_list(
        actor=actor,
        session=session,
        agenda_item=_item(items, spec, "item"),
        opens_at=spec.moment("opens_at", tz),
        closes_at=spec.moment("closes_at", tz),
        item_closes_at=spec.moment("item_closes_at", tz),
        video_deadline=spec.moment("video_deadline", tz),
        offered_item=_item(items, spec, "offered_item"),
        # The list as it stood during the session: the scheduler must not close a past item of the demo.
        auto_close=False,
    )
    rng = random.Random(spec.number("seed"))
    delegations = _party_delegations(session)
    functions = data["functions"]
    entries = {}
    for at, code, rank, group in _draw_speakers(spec, data, delegations, tz, rng):
        entries[code] = services.request_to_speak(
            actor=actor,
            speakers_list=lst,
            delegation=delegations[code],
            received_at=at,
            rank=rank,
            speaker_name=spec.text("speaker_name").format(
                function=functions[rank], state=delegations[code].name_en
            ),
            speaker_function=functions[rank],
            on_behalf_of_group=group,
        )
    demo_states = {row.text("state") for row in spec.rows("delegates")}
    replaced = spec.node("replaced")
    ministers = [c for c, e in entries.items() if e.rank == Rank.MINISTER and c not in demo_states]
    for code in ministers[: replaced.number("count")]:
        services.change_speaker(
            actor=actor,
            entry=entries[code],
            rank=replaced.text("rank"),
            speaker_name=replaced.text("speaker_name").format(state=delegations[code].name_en),
            speaker_function=replaced.text("function"),
            notified_at=replaced.moment("notified_at", tz),
        )
    videos = spec.node("videos")
    for code in rng.sample(sorted(entries), videos.number("count")):
        services.submit_video_statement(
            actor=actor,
            entry=entries[code],
            url=videos.text("url").format(code=code.lower()),
            at=videos.moment("at", tz),
        )
    _swaps(context, actor, entries, spec, _item(items, spec, "item"))


def _swaps(context: Context, actor: Any, entries: dict[str, Any], spec: Node, item: AgendaItem) -> None:
    recorded = spec.node("recorded_swap")
    ambassadors = [e for e in entries.values() if e.rank == Rank.AMBASSADOR][: recorded.number("among_first")]
    if len(ambassadors) >= 2:
        services.record_swap(
            actor=actor,
            first=ambassadors[-1],
            second=ambassadors[0],
            first_confirmation=recorded.text("confirmation"),
            second_confirmation=recorded.text("confirmation"),
        )
    swap = spec.node("swap")
    proposed = services.propose_swap(
        actor=context.user(swap.text("proposed_by")),
        first=entries[swap.text("first")],
        second=entries[swap.text("second")],
        confirmation=swap.text("confirmation"),
    )
    services.confirm_swap(
        actor=context.user(swap.text("confirmed_by")), swap=proposed, confirmation=swap.text("confirmed")
    )
    statement = spec.node("statement")
    services.submit_statement(
        actor=context.user(statement.text("by")),
        delegation=entries[statement.text("state")].delegation,
        title=statement.text("title"),
        text=statement.text("text"),
        agenda_item=item,
    )


def _cosp10_resolutions(context: Context, actor: Any, session: Session, spec: Node) -> None:
    delegations = _party_delegations(session)
    tz = ZoneInfo(session.timezone)
    flows = {
        "submitted": [],
        "consultations": ["consultations"],
        "approved": ["consultations", "approved"],
        "adopted": ["consultations", "approved", "adopted"],
    }
    deadline = session.draft_resolution_deadline
    for row in spec.rows("drafts"):
        at = row.moment("submitted", tz)
        status = row.text("status")
        if status not in flows:
            raise row.error("status", f"one of {', '.join(flows)}")
        draft = services.submit_draft_resolution(
            actor=actor,
            delegation=delegations[row.text("by")],
            title=row.text("title"),
            at=at,
            sponsors=[context.state(c) for c in row["sponsors"]],
            late_reason=spec.text("late_reason") if deadline and at.date() > deadline else "",
        )
        for step in flows[status]:
            services.set_draft_resolution_status(
                actor=actor,
                draft=draft,
                status=step,
                resolution_number=spec.text("adopted_number") if step == "adopted" else "",
            )


# --- IRG 13, second resumed session -------------------------------------------------------------


def _irg13(context: Context, data: Node) -> str:
    actor = context.user("secretariat")
    spec = data.node("irg13")
    session = _session(context, actor, spec.node("session"))
    tz = ZoneInfo(session.timezone)
    items = _agenda(actor, session, spec.rows("agenda"))
    services.adopt_agenda(actor=actor, session=session, at=spec.moment("agenda_adopted_at", tz))
    _work(actor, session, items, spec.rows("work"), data)
    for row in spec.rows("officers"):
        services.elect_officer(
            actor=actor,
            session=session,
            office=row.text("office"),
            state=context.state(row.text("state")),
            person_name=row.text("person"),
            note=row.text("note"),
        )
    companions = [
        services.create_session(
            actor=actor,
            body=row.text("body"),
            number=row.number("number"),
            city=session.city,
            starts_on=session.starts_on,
            ends_on=session.ends_on,
            opens_at=session.opens_at,
            hybrid=session.hybrid,
            title_en=row.text("title_en"),
            title_zh=row.text("title_zh"),
            source=spec.text("companions_source"),
        )
        for row in spec.rows("companions")
    ]
    joint = spec.node("joint_meeting")
    services.add_joint_meeting(
        actor=actor,
        sessions=[session, *companions],
        held_from=joint.day("held_from"),
        held_to=joint.day("held_to"),
        title_en=joint.text("title_en"),
        title_zh=joint.text("title_zh"),
        items_note=joint.text("items_note"),
    )
    for row in spec.rows("documents"):
        services.register_document(
            actor=actor,
            session=session,
            symbol=row.text("symbol"),
            title_en=row.text("title_en"),
            kind=row.text("kind"),
            agenda_item=_item(items, row, "item"),
            access=row.text("access"),
        )
    attended = _irg13_parties(context, spec)
    services.register_delegations(actor=actor, session=session, kind=ParticipationKind.PARTY, states=attended)
    observers = spec.node("observers")
    _observers(actor, session, observers, {"un_bodies": "un_body", "igos": "igo"})
    for name in observers["non_signatories"]:
        delegation = services.register_delegation(
            actor=actor, session=session, kind=ParticipationKind.NON_SIGNATORY, name=name
        )
        services.grant_observer_status(
            actor=actor, delegation=delegation, on=observers.day("non_signatories_admitted_on")
        )
    _credentials(actor, session, spec.number("credentials_seed"), data.node("credentials"))
    _irg13_speakers(actor, session, items, spec.node("speakers"), data)
    return f"IRG 13 second resumed session (Vienna) with {len(attended)} parties"


def _irg13_parties(context: Context, spec: Node) -> list[State]:
    """The States parties the report names (in Chinese), resolved to the reference list."""
    resolver = NameResolver()
    attended = []
    for name in spec.text("parties_names_zh").split("、"):
        try:
            attended.append(resolver.resolve(name.strip()))
        except UnknownStateName:
            context.stdout.write(f"  meetings: IRG 13 participant not matched: {name}\n")
    if spec.get("with_eu") and "EUU" in context.states:
        attended.append(context.states["EUU"])
    return attended


def _irg13_speakers(
    actor: Any, session: Session, items: dict[str, AgendaItem], spec: Node, data: Node
) -> None:
    """Every third speaker an official, the others ambassadors; all of them spoke on the first morning."""
    tz = ZoneInfo(session.timezone)
    lst = services.open_speakers_list(
        actor=actor,
        session=session,
        agenda_item=_item(items, spec, "item"),
        opens_at=spec.moment("opens_at", tz),
        closes_at=spec.moment("closes_at", tz),
        speaking_minutes=spec.number("speaking_minutes"),
        speaking_words=spec.number("speaking_words"),
    )
    rng = random.Random(spec.number("seed"))
    delegations = list(
        Delegation.objects.filter(session=session, kind=ParticipationKind.PARTY).select_related("state")
    )
    chosen = sorted(rng.sample(delegations, min(spec.number("count"), len(delegations))), key=lambda d: d.pk)
    functions = data["functions"]
    opens_at = spec.moment("opens_at", tz)
    for i, delegation in enumerate(chosen):
        rank = Rank.AMBASSADOR if i % 3 else Rank.OFFICIAL
        services.request_to_speak(
            actor=actor,
            speakers_list=lst,
            delegation=delegation,
            rank=rank,
            received_at=opens_at + timedelta(minutes=rng.randint(1, spec.number("within_minutes"))),
            speaker_name=spec.text("speaker_name").format(state=delegation.name_en),
            speaker_function=functions[rank],
        )
    called_at = spec.moment("called_at", tz)
    for _ in range(lst.entries.count() + 1):
        services.call_next_speaker(actor=actor, speakers_list=lst, at=called_at)
