"""Queue files of news text for ingestion; with --wait, see them through and summarise."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from relations.models import Ingestion
from relations.services.ingestion import (
    FILE_FORMATS,
    Rejected,
    ingestion_queue,
    ingestion_reject,
    read_file,
)
from relations.tasks import wait_for_jobs

# Below this many files a progress bar is only noise.
PROGRESS_FROM = 10
OUTCOME_ORDER = ("new", "attached", "duplicate", "rejected", "failed", "queued")


def files_under(paths: list[str]) -> list[Path]:
    """The files named, and the .txt/.md/.html files inside the folders named, in order."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(
                sorted(
                    item
                    for item in path.rglob("*")
                    if item.is_file()
                    and item.suffix.lower() in FILE_FORMATS
                    and not item.name.startswith(".")
                )
            )
        else:
            found.append(path)
    return found


class Command(BaseCommand):
    help = (
        "Ingest news articles: plain text (.txt), Markdown (.md) or saved web pages "
        "(.html/.htm), as files or folders. Each accepted file becomes one job on the task "
        "queue. --wait sees the jobs through (running them here when no worker is up) and "
        "prints what became of each file. Exits non-zero when any file was rejected or failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument(
            "--wait",
            action="store_true",
            help="Wait for the jobs and print a summary; without a running worker "
            "(`make run` starts one), run them in this process.",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=3600,
            help="With --wait: give up after this many seconds (default 3600).",
        )

    def handle(self, *args, paths, wait=False, timeout=3600, **options):
        verbosity = options["verbosity"]
        queued: list[Ingestion] = []
        rejected: list[Ingestion] = []
        for path in files_under(paths):
            try:
                submission = read_file(path)
            except Rejected as rejection:
                rejected.append(ingestion_reject(origin=str(path), reason=str(rejection)))
                continue
            queued.append(ingestion_queue(submission=submission))
        for ingestion in rejected:
            self.stderr.write(f"rejected: {ingestion.origin}: {ingestion.reason}")
        if not wait:
            if verbosity >= 1:
                self.stdout.write(
                    f"Queued {len(queued)} files for ingestion (jobs "
                    f"{', '.join(str(item.job_id) for item in queued) or 'none'}); "
                    f"{len(rejected)} rejected."
                )
            if rejected:
                raise CommandError(f"{len(rejected)} of {len(queued) + len(rejected)} rejected")
            return
        self._wait(queued, timeout, verbosity)
        done = list(Ingestion.objects.filter(pk__in=[item.pk for item in queued]))
        self._summarise(done + rejected, verbosity)

    def _wait(self, queued: list[Ingestion], timeout: float, verbosity: int) -> None:
        with tqdm(
            total=len(queued),
            desc="Ingesting",
            unit="file",
            disable=verbosity < 1 or len(queued) < PROGRESS_FROM,
            file=self.stderr._out,
        ) as progress:
            try:
                wait_for_jobs(
                    [item.job_id for item in queued], timeout=timeout, on_progress=progress.update
                )
            except TimeoutError as error:
                raise CommandError(f"--wait: {error}") from None

    def _summarise(self, ingestions: list[Ingestion], verbosity: int) -> None:
        counts = Counter(item.outcome for item in ingestions)
        refused = [item for item in ingestions if item.outcome in ("rejected", "failed")]
        for item in refused:
            if item.outcome == "failed" or item.content:  # the pre-queue ones were told already
                self.stderr.write(f"{item.outcome}: {item.origin}: {item.reason}")
        if verbosity >= 1:
            if verbosity >= 2:
                for item in ingestions:
                    if item.article_id:
                        self.stdout.write(
                            f"{item.outcome}: {item.origin} -> article {item.article_id} "
                            f"{item.candidate_counts}"
                        )
            summary = ", ".join(f"{counts.get(name, 0)} {name}" for name in OUTCOME_ORDER[:5])
            self.stdout.write(f"Ingested {len(ingestions)} files: {summary}.")
        if refused:
            raise CommandError(f"{len(refused)} of {len(ingestions)} files rejected or failed")
