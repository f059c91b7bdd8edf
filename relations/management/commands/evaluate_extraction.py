"""Score extraction against the curated record on the seed texts, writing nothing."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article
from relations.selectors.extraction_evaluation import KINDS, Evaluation, evaluate_articles
from relations.selectors.vocabulary import extraction_vocabulary
from relations.services.demo import DEMO_DIRECTORY, demo_load
from relations.services.demo.reading import DemoDataError


class _RollBack(Exception):
    """Raised to undo the curated record loaded for the evaluation."""


class Command(BaseCommand):
    help = (
        "Run extraction on the seed texts in DIR and compare it with the curated record: "
        "precision and recall for dates, actors, figures, agreements and events, and the sign "
        "of each article's temperature. The record is loaded inside this command's own "
        "transaction and rolled back, so the database is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="folder of the seed article texts")

    def handle(self, *args, directory, **options):
        self.verbosity = options["verbosity"]
        texts = Path(directory)
        if not texts.is_dir():
            raise CommandError(f"{texts}: no such directory of article texts")
        evaluation: Evaluation | None = None
        try:
            with transaction.atomic():
                demo_load(directory=DEMO_DIRECTORY, texts=texts)
                articles = list(
                    Article.objects.filter(slug__in=_curated_slugs())
                    .exclude(text="")
                    .order_by("published_on", "pk")
                )
                if not articles:
                    raise CommandError(f"{texts}: none of the curated articles' texts is there")
                evaluation = evaluate_articles(articles, extraction_vocabulary())
                raise _RollBack
        except _RollBack:
            pass
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self._report(evaluation)

    def _report(self, evaluation: Evaluation) -> None:
        write = self.stdout.write
        write(f"{'kind':<12}{'precision':>10}{'recall':>8}   right/predicted  found/expected")
        for kind in KINDS:
            score = evaluation.scores[kind]
            write(
                f"{kind:<12}{score.precision:>10.2f}{score.recall:>8.2f}"
                f"   {score.right:>5}/{score.predicted:<10} {score.found:>4}/{score.expected}"
            )
        write(f"temperature sign right: {evaluation.signs_right}/{len(evaluation.articles)}")
        for report in evaluation.articles:
            write("")
            write(f"{report.title}")
            write(
                f"  date: {report.extracted_date} (expected {report.expected_date})"
                f"{'' if report.date_right else '  WRONG'}"
            )
            write(
                f"  temperature sign: {report.extracted_sign:+d} (expected {report.expected_sign:+d})"
            )
            if self.verbosity >= 2:
                for miss in report.misses:
                    write(f"  {miss}")


def _curated_slugs() -> list[str]:
    """The curated articles (articles.yaml), whatever else the database holds."""
    with open(DEMO_DIRECTORY / "articles.yaml", encoding="utf-8") as file:
        return list((yaml.safe_load(file) or {}).keys())
