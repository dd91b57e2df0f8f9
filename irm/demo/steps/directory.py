"""directory.yaml → irm.directory services: illustrative entries of the demo States, some with contacts
kept for the mechanism's people (the file says the rows are invented, not the States' notifications)."""

from __future__ import annotations

from irm.core.exceptions import DomainError
from irm.demo.loader import Context, DemoDataError, Node
from irm.directory import services
from irm.directory.models import DATA_FIELDS, Provision


def load(context: Context, data: Node) -> str:
    as_of = data.day("as_of")
    rows = []
    for number, row in enumerate(data.rows("entries"), start=1):
        provision = row.text("provision")
        if provision not in Provision.values:
            raise row.error("provision", f"one of {', '.join(Provision.values)}")
        raw = {name: row.get(name) for name in DATA_FIELDS}
        try:
            cleaned = services.clean_data(raw)
        except DomainError as exc:
            raise DemoDataError(f"{row.file}: {row.path}: {exc.message}") from exc
        rows.append(
            services.ImportRow(
                row=number,
                state=context.state(row.text("state")),
                provision=provision,
                data=cleaned,
                as_of=as_of,
            )
        )
    try:
        counts = services.import_entries(
            actor=context.user("secretariat"), rows=rows, filename="directory.yaml"
        )
    except DomainError as exc:
        raise DemoDataError(f"directory.yaml: {exc.message}") from exc
    restricted = sum(1 for r in rows if not r.data["contacts_public"])
    states = len({r.state.pk for r in rows})
    return f"{counts['created']} directory entries of {states} States ({restricted} with restricted contacts)"
