from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from irm.accounts.models import ApiToken, User
from irm.accounts.tokens import create_api_token, revoke_api_token
from irm.core.exceptions import DomainError


class Command(BaseCommand):
    help = "API tokens: `irm token create USER [--name N]`, `irm token list USER`, `irm token revoke PREFIX`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="command line")
        listing = sub.add_parser("list", help="list a user's tokens")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, **options):
        if action == "revoke":
            tokens = list(ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True))
            if len(tokens) != 1:
                raise CommandError(
                    f"{len(tokens)} active tokens start with {options['prefix']!r}; need exactly one"
                )
            revoke_api_token(actor="command line", token=tokens[0])
            self.stdout.write(f"revoked {tokens[0]}")
            return
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        if action == "create":
            try:
                token, key = create_api_token(actor="command line", user=user, name=options["name"])
            except DomainError as error:
                raise CommandError(error.message) from error
            self.stdout.write(key)
            self.stderr.write(f"expires {token.expires_at:%Y-%m-%d %H:%M %Z}")
        else:
            for token in user.api_tokens.order_by("created_at"):
                state = "revoked" if token.revoked_at else "active"
                if not token.revoked_at and token.expires_at and token.expires_at <= timezone.now():
                    state = "expired"
                self.stdout.write(
                    f"{token.prefix}…  {token.name}  {state}  expires {token.expires_at or 'never'}  "
                    f"last used {token.last_used_at or 'never'}"
                )
