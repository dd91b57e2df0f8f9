"""The evidence note as a background document job (irm.documents).

The page checks the user (the secretariat) and the parameters, then asks `request_evidence_note`; the
worker runs the proposals against the platform's data of the day the note was asked for and writes the
note. The content version is the proposals' settings and that day: asking again the same day for the
same proposals answers the note already made.

Imported by the AppConfig at every start (of each command, of `irm serve`): the builders' modules are
imported when a job is built or asked for, not here (issue 18 §3: they pulled numpy into every start).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from irm.analytics import permissions
from irm.analytics.models import Proposal
from irm.core.exceptions import InvalidInput
from irm.core.i18n import LANGUAGE_NAMES
from irm.core.limits import format_param, language_param
from irm.documents import services as documents
from irm.documents.models import DocumentJob
from irm.documents.registry import Build, Kind, register

KIND = "analytics.evidence_note"
FORMAT_NAMES = {"docx": "Word", "pdf": "PDF"}


def allowed(user: Any, params: dict[str, Any]) -> bool:
    return permissions.can_manage_proposals(user)


def _proposals(ids: list[int]) -> list[Proposal]:
    found = {p.pk: p for p in Proposal.objects.filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        raise InvalidInput(_("A proposal of this note was deleted meanwhile."))
    return [found[i] for i in ids]


def results_of(proposals: list[Proposal], *, as_of: date | None = None) -> list[dict[str, Any]]:
    from irm.analytics import selectors, simulation

    defaults = selectors.simulation_defaults(as_of=as_of)
    return [
        simulation.simulate(simulation.resolve(simulation.from_stored(p.config), defaults)) for p in proposals
    ]


def build(job: Build) -> bytes:
    from irm.analytics import notes

    proposals = _proposals(list(job.params["proposals"]))
    on = date.fromisoformat(job.params["on"])
    job.progress(10)
    results = results_of(proposals, as_of=on)
    job.progress(50)
    docx = notes.evidence_note(results, [p.name for p in proposals], job.params["language"], on=on)
    if job.params["format"] != "pdf":
        return docx
    job.progress(80)
    from irm.core.documents import docx_to_pdf

    return docx_to_pdf(docx)


def request_evidence_note(
    *, actor: Any, proposals: list[Proposal], language: str | None, fmt: str | None
) -> DocumentJob:
    """The job of the note comparing `proposals` (the caller checked that the user is the secretariat)."""
    language = language_param(language)
    fmt = format_param(fmt, allowed=("docx", "pdf"), default="docx")
    on = timezone.localdate()
    params = {
        "proposals": [p.pk for p in proposals],
        "language": language,
        "format": fmt,
        "on": on.isoformat(),
    }
    settings = [[p.pk, p.name, p.version, p.config] for p in proposals]
    version = hashlib.sha256(json.dumps([settings, on.isoformat()], sort_keys=True).encode()).hexdigest()
    title = _("Evidence note: %(names)s (%(language)s, %(format)s)") % {
        "names": ", ".join(p.name for p in proposals),
        "language": LANGUAGE_NAMES[language],
        "format": FORMAT_NAMES[fmt],
    }
    return documents.request_document(
        actor=actor,
        kind=KIND,
        params=params,
        version=version,
        title=title,
        filename=f"evidence-note-{on.isoformat()}-{language}.{fmt}",
    )


def register_kinds() -> None:
    register(Kind(name=KIND, build=build, allowed=allowed))
