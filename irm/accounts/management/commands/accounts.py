from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from irm.accounts.services import unlock_login
from irm.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Accounts: `irm accounts unlock USERNAME` lifts the lock put on a login after too many wrong passwords."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        unlock = sub.add_parser("unlock", help="lift the login lock of an account")
        unlock.add_argument("username")

    def handle(self, *args, action: str, username: str, **options):
        try:
            cleared = unlock_login(actor="command line", username=username)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{username}: unlocked ({cleared} recorded failures cleared)")
