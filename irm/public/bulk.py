"""The bulk download: the whole published set as CSV, XLSX and JSON files, regenerated on publication.

Files live in `$IRM_DATA_DIR/public/` with a manifest naming the reviews they hold. A file is served
only while every review it holds is still published (`is_current`): after a withdrawal the download
answers "being regenerated" until the task has written new files, never the old ones.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from irm.public import exports

FORMATS = ("csv", "xlsx", "json")
NAME = "irm-published-findings"


def directory() -> Path:
    return Path(settings.DATA_DIR) / "public"


def path_of(fmt: str) -> Path:
    return directory() / f"{NAME}.{fmt}"


@dataclass(frozen=True)
class Manifest:
    generated_at: datetime
    count: int
    reviews: frozenset[int]
    signature: str
    sizes: dict[str, int]


def manifest_stamp() -> int:
    """When the manifest was last written (0 when there is none): part of the key the findings page is
    cached by, since the page offers the bulk files the worker writes after a change."""
    try:
        return (directory() / "manifest.json").stat().st_mtime_ns
    except OSError:
        return 0


def manifest() -> Manifest | None:
    path = directory() / "manifest.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Manifest(
        generated_at=datetime.fromisoformat(data["generated_at"]),
        count=int(data["count"]),
        reviews=frozenset(int(r) for r in data["reviews"]),
        signature=str(data["signature"]),
        sizes={k: int(v) for k, v in data.get("sizes", {}).items()},
    )


def current_signature(published: set[int]) -> str:
    from irm.public.indexing import review_signatures

    signatures = review_signatures(published)
    return hashlib.sha256(json.dumps(sorted(signatures.items())).encode()).hexdigest()


def is_current(found: Manifest | None, published: set[int]) -> bool:
    """May these files be served: nothing in them has been withdrawn since they were written."""
    return found is not None and found.reviews <= published


def _write(path: Path, content: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(content)
    partial.replace(path)  # a reader sees the old file or the new one, never half of one


def build() -> dict[str, Any]:
    """Write the files if the published set changed since the last ones (idempotent)."""
    from irm.public.indexing import published_review_ids

    published = published_review_ids()
    signature = current_signature(published)
    found = manifest()
    if found is not None and found.signature == signature and all(path_of(f).exists() for f in FORMATS):
        return {"count": found.count, "regenerated": False}
    directory().mkdir(parents=True, exist_ok=True)
    rows = list(exports.published_rows(published))
    sizes = {}
    for fmt in FORMATS:
        content = exports.render(rows, fmt, query={"bulk": True})
        _write(path_of(fmt), content)
        sizes[fmt] = len(content)
    meta = {
        "generated_at": timezone.now().isoformat(),
        "count": len(rows),
        "reviews": sorted(published),
        "signature": signature,
        "sizes": sizes,
    }
    _write(directory() / "manifest.json", json.dumps(meta).encode())
    return {"count": len(rows), "regenerated": True}


def request_rebuild() -> None:
    """Regenerate the files after the current transaction commits (a task)."""
    from irm.public.tasks import build_bulk_download

    transaction.on_commit(build_bulk_download.enqueue)
