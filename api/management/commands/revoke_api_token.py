"""Revoke an API token by its prefix, the 8 characters after `blt_`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken
from api.tokens import api_token_revoke, key_prefix


class Command(BaseCommand):
    help = "Revoke the API token with this prefix (the 8 characters after `blt_`), from now on."

    def add_arguments(self, parser):
        parser.add_argument("prefix", help="The token's prefix, or the whole token.")

    def handle(self, *args, prefix: str, **options):
        prefix = key_prefix(prefix) or prefix
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"No token with prefix {prefix!r}.")
        token = api_token_revoke(token=token)
        self.stdout.write(
            f"Token {token.prefix} ({token.name!r}) of {token.user.get_username()!r} "
            f"revoked at {token.revoked_at.isoformat()}."
        )
