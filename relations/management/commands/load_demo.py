"""Load the curated demo record (relations/demo/) idempotently: `manage.py load_demo`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relations.services.demo import DEMO_DIRECTORY, demo_load
from relations.services.demo.reading import DemoDataError


class Command(BaseCommand):
    help = (
        "Load the curated demo record; running it again changes nothing, and running it over "
        "an older copy lists what changed. With --texts, also store each article's full text "
        "from that folder and the sentence behind each citation."
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
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Delete the agreements, observations and events of the files' relationships "
            "that no file lists any more (without it they are only listed).",
        )

    def handle(self, *args, texts=None, directory=None, prune=False, **options):
        directory = Path(directory)
        if not directory.is_dir():
            raise CommandError(f"--directory: {directory} is not a directory")
        if texts is not None:
            texts = Path(texts)
            if not texts.is_dir():
                raise CommandError(f"--texts: {texts} is not a directory")
        try:
            result = demo_load(directory=directory, texts=texts, prune=prune)
        except DemoDataError as error:
            raise CommandError(f"{error} (nothing was loaded)") from error
        verbosity = options["verbosity"]
        if verbosity < 1:
            return
        for line in result.lines():
            self.stdout.write(line)
        if texts is not None:
            self.stdout.write(f"article texts read: {result.texts_stored}")
        # A first load creates everything: listing each entry would only repeat the counts.
        if result.changes and (verbosity >= 2 or not result.first_load):
            self.stdout.write("changed:")
            for line in result.changes:
                self.stdout.write(f"  {line}")
        if result.stale:
            self.stdout.write("in the database but in no file (delete them with --prune):")
            for line in result.stale:
                self.stdout.write(f"  {line}")
