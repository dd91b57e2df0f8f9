from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from irm.core.audit import verify_chain


class Command(BaseCommand):
    help = "Audit trail: `irm audit verify` recomputes the hash chain and names the first broken link."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute the chain of hashes")

    def handle(self, *args, action: str, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(f"audit chain broken at event #{report.broken_seq}: {report.problem}")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} events verified"))
