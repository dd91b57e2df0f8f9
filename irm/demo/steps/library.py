"""library.yaml → irm.library services: documents of the demo States in several languages, published
by the secretariat or left for it to publish."""

from __future__ import annotations

from datetime import date

from irm.core.exceptions import DomainError
from irm.demo.loader import DATA_DIR, Context, DemoDataError, Node
from irm.library import services

FILES = DATA_DIR / "library"


def _content(row: Node, name: str) -> bytes:
    path = (FILES / name).resolve()
    if path.parent != FILES.resolve() or not path.is_file():
        raise row.error("files", f"no file {name!r} in {FILES.name}/")
    return path.read_bytes()


def load(context: Context, data: Node) -> str:
    secretariat = context.user("secretariat")
    made = published = 0
    for row in data.rows("documents"):
        files = row.rows("files")
        if not files:
            raise row.error("files", "at least one file")
        first, *others = files
        when = row.get("date")
        try:
            document = services.submit_document(
                actor=context.user(row.text("by")),
                state=context.state(row.text("state")),
                type=row.text("type"),
                title=row.text("title", max_length=500),
                description=row.text("description", blank=True),
                articles=[int(a) for a in row.get("articles") or []],
                date=when if isinstance(when, date) else None,
                source=row.text("source", blank=True, max_length=500),
                language=first.text("language"),
                translation=first.get("translation") or "original",
                filename=first.text("file"),
                content=_content(row, first.text("file")),
            )
            for other in others:
                services.add_file(
                    actor=secretariat,
                    document=document,
                    language=other.text("language"),
                    translation=other.get("translation") or "human",
                    filename=other.text("file"),
                    content=_content(row, other.text("file")),
                )
            if row.get("published"):
                services.publish_document(actor=secretariat, document=document)
                published += 1
        except DomainError as exc:
            raise DemoDataError(f"{row.file}: {row.path}: {exc.message}") from exc
        made += 1
    return f"{made} library documents ({published} published)"
