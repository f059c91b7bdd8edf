"""Jobs on the PostgreSQL task queue (procrastinate): ingestion, one article per job, and
temperature recomputes that failed after their commit.

A worker (`manage.py procrastinate worker`, started by `make run`) runs them; workers on any
number of machines share the queue through the database. The job's arguments hold only the
Ingestion row's id: the text itself stays in the database, not in the queue.

Each job ingests its article in one transaction (relations/services/ingestion.py), so a
worker killed halfway leaves nothing behind but the job, which runs again. An attempt that
raises is retried INGEST_MAX_ATTEMPTS times; its reason is written to the Ingestion row each
time, and the last failure marks the row failed. Admin lists both: the queue's jobs
(Procrastinate › jobs) and the submissions with their outcome and reason (Relations ›
ingestions).
"""

from __future__ import annotations

import asyncio
import datetime
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connections
from django.utils import timezone
from procrastinate import JobContext, RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.contrib.django.django_connector import DjangoConnector
from procrastinate.contrib.django.models import ProcrastinateJob, ProcrastinateWorker

from relations.models import Ingestion
from relations.services import ingestion as ingestion_service
from relations.services.rollup import temperature_recompute_some

logger = logging.getLogger(__name__)

QUEUE = "ingestion"


class IngestionRetry(RetryStrategy):
    """INGEST_MAX_ATTEMPTS tries in all, INGEST_RETRY_WAIT seconds apart, read when a job
    fails (so tests may change them). procrastinate counts retries, not tries."""

    def get_retry_decision(self, *, exception, job):
        retries = settings.INGEST_MAX_ATTEMPTS - 1
        if retries <= 0:
            return None
        self.max_attempts = retries
        self.wait = settings.INGEST_RETRY_WAIT
        return super().get_retry_decision(exception=exception, job=job)


@app.task(queue=QUEUE, pass_context=True, retry=IngestionRetry())
def ingest_article(context: JobContext, ingestion_id: int) -> dict:
    """Ingest one submitted text; returns what it produced (also kept on the Ingestion row)."""
    attempt = context.job.attempts + 1
    try:
        ingestion = ingestion_service.ingestion_run(ingestion_id=ingestion_id, attempt=attempt)
    except Ingestion.DoesNotExist:
        # Deleted by a curator while queued: nothing left to do, nothing to retry.
        logger.warning(
            "ingestion %s no longer exists; job %s skipped", ingestion_id, context.job.id
        )
        return {"outcome": "missing", "article": None, "candidates": {}}
    except Exception as error:
        final = attempt >= settings.INGEST_MAX_ATTEMPTS
        reason = f"{type(error).__name__}: {error}"
        logger.warning("ingestion %s attempt %s failed: %s", ingestion_id, attempt, reason)
        ingestion_service.ingestion_failed(
            ingestion_id=ingestion_id, reason=reason, attempt=attempt, final=final
        )
        raise
    return {
        "outcome": ingestion.outcome,
        "article": ingestion.article_id,
        "candidates": ingestion.candidate_counts,
    }


@app.task(
    queue="temperature",
    retry=RetryStrategy(max_attempts=5, exponential_wait=2),
)
def recompute_temperature(relationship_ids: list[int] | None = None) -> None:
    """Recompute temperatures a commit's own recompute failed to (None: every relationship)."""
    temperature_recompute_some(relationship_ids)


# Waiting for jobs: `manage.py ingest --wait` and the tests ------------------------------

# procrastinate's job states: a job in one of these is finished.
FINISHED = frozenset({"succeeded", "failed", "cancelled", "aborted"})
# A worker whose heartbeat is older than this is gone (procrastinate's default timeout).
WORKER_TIMEOUT = datetime.timedelta(seconds=30)


def job_states(job_ids: Iterable[int]) -> dict[int, str]:
    """Each job's state: todo, doing, succeeded, failed, cancelled or aborted."""
    return dict(ProcrastinateJob.objects.filter(id__in=list(job_ids)).values_list("id", "status"))


def worker_running() -> bool:
    """Whether a worker anywhere (another process, another machine) has a recent heartbeat."""
    recent = timezone.now() - WORKER_TIMEOUT
    return ProcrastinateWorker.objects.filter(last_heartbeat__gte=recent).exists()


def run_worker_until_idle() -> None:
    """Run a worker in this process until no ingestion job is ready, then return.

    procrastinate runs a sync task in the event loop's default executor. Here that is one
    thread of our own, whose database connections are closed before it ends: left to the
    garbage collector, they would outlive the run (and keep a test database from being dropped).
    """
    connector = app.connector
    if isinstance(connector, DjangoConnector):
        # Django's connector cannot serve a worker (it has no LISTEN): use psycopg's.
        connector = connector.get_worker_connector()

    async def run(worker_app) -> None:
        loop = asyncio.get_running_loop()
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingestion")
        loop.set_default_executor(executor)
        try:
            async with worker_app.open_async():
                await worker_app.run_worker_async(
                    queues=[QUEUE],
                    wait=False,
                    concurrency=1,
                    install_signal_handlers=False,
                    listen_notify=False,
                )
        finally:
            await loop.run_in_executor(executor, connections.close_all)

    with app.replace_connector(connector) as worker_app:
        asyncio.run(run(worker_app))


def wait_for_jobs(
    job_ids: Iterable[int],
    *,
    timeout: float,
    poll: float = 0.5,
    on_progress: Callable[[int], None] | None = None,
) -> dict[int, str]:
    """Wait until every job has finished; run them here while no worker is running.

    With `make run` (or any worker) up, this only watches. Without one it works through
    the queue itself, then waits out any retry's delay and works again. Returns each job's
    final state; raises TimeoutError after `timeout` seconds.
    """
    pending = set(job_ids)
    states: dict[int, str] = {}
    deadline = time.monotonic() + timeout
    while pending:
        if not worker_running():
            run_worker_until_idle()
        current = job_states(pending)
        finished = {job for job in pending if current.get(job, "succeeded") in FINISHED}
        for job in finished:
            states[job] = current.get(job, "succeeded")
        pending -= finished
        if on_progress is not None and finished:
            on_progress(len(finished))
        if pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(pending)} jobs still unfinished after {timeout:g} s")
            time.sleep(poll)
    return states
