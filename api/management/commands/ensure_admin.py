"""Make sure a superuser exists: on first run create one and print its password, once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from api.accounts import superuser_ensure


class Command(BaseCommand):
    help = (
        "Create a superuser with a random password where none exists, and print the password "
        "once; where one exists, change nothing and print nothing secret."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Default: admin.")
        parser.add_argument("--email", default="", help="Optional.")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, to print the admin's address. "
            "Default: http://127.0.0.1:8000.",
        )

    def handle(self, *args, username: str, email: str, base_url: str, **options):
        try:
            result = superuser_ensure(username=username, email=email)
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise CommandError(f"Cannot create superuser {username!r}: {problems}") from None

        admin_url = base_url.rstrip("/") + reverse("admin:index")
        name = result.user.get_username()
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Created superuser {name!r}."))
            self.stdout.write(
                f"Password (shown this once, stored only as a hash): {result.password}"
            )
            self.stdout.write(f"Sign in at {admin_url}")
        else:
            self.stdout.write(
                f"A superuser exists already ({name!r}); nothing changed. Admin: {admin_url}"
            )
