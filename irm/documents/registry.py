"""The kinds of document the platform generates in the background, registered by the apps that own them.

`irm.documents` imports no domain app: each app registers its kinds in its AppConfig.ready()
(`register(Kind(...))`), saying how to build the file in the worker and who may read it. The job page
and the API ask `allowed` before they show a job, so a job's address alone gives nothing away.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def content_type_of(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return CONTENT_TYPES.get(extension) or mimetypes.guess_type(filename)[0] or "application/octet-stream"


@dataclass
class Build:
    """What the worker hands a kind's builder: the job's parameters, who asked, and a progress reporter."""

    params: dict[str, Any]
    user: Any
    progress: Callable[[int], None] = field(default=lambda percent: None)


@dataclass(frozen=True)
class Kind:
    name: str
    #: Runs in the worker: the file's bytes (its name and type were fixed when it was asked for).
    build: Callable[[Build], bytes]
    #: Whether `user` may read a job with these parameters (the same check as the page that offers it).
    allowed: Callable[[Any, dict[str, Any]], bool]


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.name] = kind


def get(name: str) -> Kind | None:
    return _KINDS.get(name)


def names() -> list[str]:
    return sorted(_KINDS)
