"""Write the API's OpenAPI document as JSON: for linters and client generators, offline."""

from importlib import import_module
from pathlib import Path

import orjson
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Write the OpenAPI document of /api/ (JSON) to a file, or to stdout."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", type=Path, help="The file to write (else stdout).")

    def handle(self, *args, output: Path | None = None, **options) -> None:
        from api.site import api

        # The URL configuration mounts every app's router on the API: load it first.
        import_module(settings.ROOT_URLCONF)
        document = orjson.dumps(
            api.get_openapi_schema(path_prefix="/api/"), option=orjson.OPT_INDENT_2
        )
        if output is None:
            self.stdout.write(document.decode())
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(document)
        self.stdout.write(f"Wrote {output}")
