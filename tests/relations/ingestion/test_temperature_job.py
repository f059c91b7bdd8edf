"""A temperature recompute that fails after its commit is queued as a job with retries."""

import datetime

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from relations.models import TemperaturePoint
from relations.services import rollup
from relations.tasks import recompute_temperature
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_failed_recompute_after_commit_becomes_a_job_that_does_it(
    django_capture_on_commit_callbacks, monkeypatch
):
    relationship = factories.RelationshipFactory(
        period_start=datetime.date(2004, 1, 1), period_end=datetime.date(2004, 12, 31)
    )
    real = rollup.temperature_recompute

    def database_away(*, relationship):
        raise ConnectionError("the database restarted")

    monkeypatch.setattr(rollup, "temperature_recompute", database_away)
    with django_capture_on_commit_callbacks(execute=True):
        rollup.temperature_recompute_on_commit([relationship.pk])

    job = ProcrastinateJob.objects.get(task_name="relations.tasks.recompute_temperature")
    assert (job.status, job.queue_name, job.args) == (
        "todo",
        "temperature",
        {"relationship_ids": [relationship.pk]},
    )
    assert not TemperaturePoint.objects.exists()

    monkeypatch.setattr(rollup, "temperature_recompute", real)
    recompute_temperature(**job.args)  # what the worker runs

    assert TemperaturePoint.objects.filter(relationship=relationship, direction="").count() == 12
