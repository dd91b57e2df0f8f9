from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from irm.core.audit import verify_chain


def _head(value: str) -> tuple[int, str]:
    seq, _, digest = value.replace(":", " ").strip().partition(" ")
    digest = digest.strip()
    if not seq.isdigit() or len(digest) != 64:
        raise CommandError(f"--head must be 'SEQ HASH' as `irm audit verify` prints it, not {value!r}")
    return int(seq), digest


class Command(BaseCommand):
    help = (
        "Audit trail: `irm audit verify` recomputes the keyed chain, checks it still reaches the newest "
        "event of the head file (and of --head), names the first missing or altered event, and prints "
        "the head to keep elsewhere."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recompute the chain and check it against the head")
        verify.add_argument(
            "--head", help="a head printed by an earlier verify ('SEQ HASH'): the chain must still reach it"
        )

    def handle(self, *args, action: str, head: str | None = None, **options):
        report = verify_chain(expected_head=_head(head) if head else None)
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        if not report.ok:
            raise CommandError(f"audit chain broken at event #{report.broken_seq}: {report.problem}")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} events verified"))
        if report.head:
            self.stdout.write(f"head: {report.head[0]} {report.head[1]}")
