"""Load the curated demo record (relations/demo/) idempotently: `manage.py load_demo`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relations.services.demo import DEMO_DIRECTORY, DemoDataError, demo_load


class Command(BaseCommand):
    help = (
        "Load the curated demo record; running it again changes nothing. With --texts, also "
        "store each article's full text from that folder and the sentence behind each citation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--texts",
            metavar="DIR",
            help="Folder holding the articles' full texts (the files articles.yaml names).",
        )
        parser.add_argument(
            "--directory",
            metavar="DIR",
            default=str(DEMO_DIRECTORY),
            help="Folder of the record's YAML files (default: relations/demo).",
        )

    def handle(self, *args, texts=None, directory=None, **options):
        directory = Path(directory)
        if not directory.is_dir():
            raise CommandError(f"--directory: {directory} is not a directory")
        if texts is not None:
            texts = Path(texts)
            if not texts.is_dir():
                raise CommandError(f"--texts: {texts} is not a directory")
        try:
            result = demo_load(directory=directory, texts=texts)
        except DemoDataError as error:
            raise CommandError(f"{error} (nothing was loaded)") from error
        if options["verbosity"] >= 1:
            for line in result.lines():
                self.stdout.write(line)
            if texts is not None:
                self.stdout.write(f"article texts read: {result.texts_stored}")
            if not result.temperature_recompute_scheduled:
                self.stdout.write("temperature not recomputed: relations.services.rollup is absent")
