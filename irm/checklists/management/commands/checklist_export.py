"""`irm checklist_export ID --to FILE [--submitted N]`: the answer as .docx, .pdf or .xlsx (by the file's extension)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from irm.checklists import selectors
from irm.checklists.documents import docx_bytes, xlsx_bytes
from irm.checklists.models import Checklist
from irm.core.documents import docx_to_pdf


class Command(BaseCommand):
    help = "Export a checklist answer (current draft or a submitted version) to Word, PDF or Excel."

    def add_arguments(self, parser):
        parser.add_argument("checklist_id", type=int)
        parser.add_argument("--to", required=True, help="output file: .docx, .pdf or .xlsx")
        parser.add_argument(
            "--submitted", dest="submitted", type=int, help="a submitted version (default: the current draft)"
        )

    def handle(self, *args, checklist_id, to, submitted=None, **options):
        version = submitted
        checklist = (
            Checklist.objects.filter(pk=checklist_id).select_related("review__state", "review__cycle").first()
        )
        if checklist is None:
            raise CommandError(f"No checklist answer #{checklist_id}.")
        if version is None:
            data = selectors.snapshot(checklist)
        else:
            submission = checklist.submissions.filter(number=version).first()
            if submission is None:
                raise CommandError(f"No version {version}.")
            data = submission.snapshot
        path = Path(to)
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            versions = selectors.answer_versions(checklist) if version is None else None
            content = xlsx_bytes(checklist, data, versions=versions)
        elif suffix in {".docx", ".pdf"}:
            content = docx_bytes(checklist, data)
            if suffix == ".pdf":
                content = docx_to_pdf(content)
        else:
            raise CommandError("Give a .docx, .pdf or .xlsx file name.")
        path.write_bytes(content)
        self.stdout.write(f"{path} ({len(content)} bytes)")
