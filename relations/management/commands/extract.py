"""Preview what ingestion would extract from one file, writing nothing."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.extraction import extract_article
from articles.extraction.document import DEFAULT_MAX_BYTES, BadInput, NoArticle, decode_article
from relations.selectors.vocabulary import extraction_vocabulary

LANGUAGES = ("en",)


class Command(BaseCommand):
    help = (
        "Print what extraction finds in one article file (text, Markdown or HTML); writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .txt, .md or .html file")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options):
        path = Path(options["path"])
        result = extract_file(path)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        data = result.as_json()
        self.stdout.write(
            f"{data['title']} ({data['published_on'] or 'date unknown'}, {data['date_precision']})"
        )
        self.stdout.write(
            f"countries: {', '.join(data['countries'])}; temperature: {data['temperature']}"
        )
        for kind in ("actors", "figures", "agreements", "events"):
            self.stdout.write(f"{kind}: {len(data[kind])}")


def extract_file(path: Path):
    """Extraction of one file, or a CommandError naming the file and the reason."""
    max_bytes = getattr(settings, "INGEST_MAX_BYTES", DEFAULT_MAX_BYTES)
    try:
        if not path.is_file():
            raise BadInput("no such file")
        if path.stat().st_size > max_bytes:
            raise BadInput(f"too big: {path.stat().st_size} bytes, the limit is {max_bytes}")
        text, is_html = decode_article(path.read_bytes(), max_bytes=max_bytes)
        vocabulary = extraction_vocabulary()
        if is_html or path.suffix.lower() in (".html", ".htm"):
            result = extract_article(vocabulary=vocabulary, html=text)
        else:
            result = extract_article(text, vocabulary=vocabulary)
    except (BadInput, NoArticle, OSError) as error:
        raise CommandError(f"{path}: {error}") from None
    if result.language and result.language not in LANGUAGES:
        raise CommandError(f"{path}: the text is in another language ({result.language})")
    return result
