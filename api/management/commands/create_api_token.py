"""Issue an API token for a user, for services and scripts; print it once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.tokens import api_token_create


class Command(BaseCommand):
    help = (
        "Issue an API token for USERNAME and print it once (only its hash is kept). "
        "Revoke it with `manage.py revoke_api_token PREFIX`."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args, username: str, name: str, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
        try:
            token, key = api_token_create(user=user, name=name)
        except ValidationError as error:
            raise CommandError(f"Cannot issue the token: {'; '.join(error.messages)}") from None
        self.stderr.write(
            f"Token {token.prefix} ({name!r}) for {username!r}: shown this once, "
            f"revoke it with `manage.py revoke_api_token {token.prefix}`."
        )
        self.stdout.write(key)
