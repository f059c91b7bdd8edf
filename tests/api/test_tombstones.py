"""Sync support in the database: the record-version counter and deletion tombstones."""

import datetime

import pghistory.models
import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from api.models import ApiToken, Deletion
from api.record_version import record_version
from api.sync import deletions_since
from articles.models import Article
from relations.models import Agreement, Event, Relationship, RelationshipTally
from tests import factories

pytestmark = pytest.mark.django_db


def _triggers(name: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s AND NOT tgisinternal",
            [name],
        )
        return {row[0] for row in cursor.fetchall()}


def _record_tables() -> set[str]:
    """Every table of the record: its models' and their many-to-many tables (not its history)."""
    tables = set()
    for app in ("relations", "articles"):
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, pghistory.models.Event):
                continue
            if model is RelationshipTally:
                # Counted from the record for one version of it, and stamped with it: a
                # trigger would make each count move the version it is stamped with.
                continue
            tables.add(model._meta.db_table)
            tables |= {
                m2m.remote_field.through._meta.db_table for m2m in model._meta.local_many_to_many
            }
    return tables


def test_every_record_table_bumps_the_version():
    # A model added later without a trigger would make caches serve stale data.
    assert _triggers("bilateral_record_version") == _record_tables()


def test_record_version_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert record_version() >= 1


def test_version_increases_on_insert_update_and_delete():
    versions = [record_version()]
    agreement = factories.AgreementFactory()
    versions.append(record_version())
    Agreement.objects.filter(pk=agreement.pk).update(title="Renamed")  # as admin bulk edits do
    versions.append(record_version())
    agreement.delete()
    versions.append(record_version())

    assert versions == sorted(set(versions))


def test_version_increases_on_many_to_many_changes():
    agreement = factories.AgreementFactory()
    actor = factories.ActorFactory()
    before = record_version()
    agreement.parties.add(actor)
    added = record_version()
    agreement.parties.clear()

    assert before < added < record_version()


def test_version_counts_statements_not_rows():
    relationship = factories.RelationshipFactory()
    before = record_version()
    Agreement.objects.bulk_create(
        Agreement(
            relationship=relationship, title=f"A{n}", slug=f"a-{n}", kind="treaty", status="signed"
        )
        for n in range(50)
    )
    assert record_version() == before + 1


def test_version_increases_on_article_changes():
    before = record_version()
    article = factories.ArticleFactory()
    assert record_version() > before
    before = record_version()
    Article.objects.filter(pk=article.pk).update(review_status="rejected")
    assert record_version() > before


def test_private_tables_leave_the_version_alone(django_user_model):
    user = django_user_model.objects.create_user(username="u")
    before = record_version()
    ApiToken.objects.create(user=user, name="t", prefix="p", key_hash="h")
    assert record_version() == before


def test_a_temperature_recompute_bumps_the_version_so_cached_answers_expire():
    relationship = factories.RelationshipFactory()
    before = record_version()
    factories.TemperaturePointFactory(relationship=relationship, low=40, high=60)
    assert record_version() > before


def test_deletion_writes_a_tombstone_with_kind_and_id():
    agreement = factories.AgreementFactory()
    agreement_id = agreement.pk
    agreement.delete()

    tombstone = Deletion.objects.get(kind="agreement")
    assert tombstone.object_id == agreement_id
    assert tombstone.deleted_at <= timezone.now()


def test_queryset_delete_and_cascades_write_tombstones():
    event = factories.EventFactory()
    citations = factories.CitationFactory.create_batch(2, event=event)

    Event.objects.filter(pk=event.pk).delete()

    kinds = sorted(Deletion.objects.values_list("kind", "object_id"))
    assert kinds == sorted(
        [("event", event.pk)] + [("citation", citation.pk) for citation in citations]
    )


def test_every_tombstoned_kind_is_the_model_name():
    agreement = factories.AgreementFactory()
    observation = factories.ObservationFactory()
    event = factories.EventFactory()
    citation = factories.CitationFactory(event=event)
    country = factories.CountryFactory(code="QQ", name="Country QQ")
    # Children first, as PROTECT demands.
    rows = [
        citation,
        agreement,
        observation,
        event,
        factories.ActorAliasFactory(),
        factories.ActorFactory(),
        observation.metric,
        event.category,
        citation.article,
        citation.article.source,
    ]
    made = [*rows, agreement.relationship, country]
    expected = {(row._meta.model_name, row.pk) for row in made}
    assert len({row._meta.model for row in made}) == 12

    for row in rows:
        row.delete()
    Relationship.objects.all().delete()
    country.delete()

    assert expected <= set(Deletion.objects.values_list("kind", "object_id"))


def test_deletion_list_is_ordered_and_filters_by_time():
    now = timezone.now()
    old = Deletion.objects.create(
        kind="event", object_id=1, deleted_at=now - datetime.timedelta(days=2)
    )
    recent_b = Deletion.objects.create(kind="event", object_id=3, deleted_at=now)
    recent_a = Deletion.objects.create(kind="agreement", object_id=2, deleted_at=now)

    assert list(deletions_since()) == [old, recent_b, recent_a]
    assert list(deletions_since(since=now)) == [recent_b, recent_a]  # inclusive
    assert list(deletions_since(since=now + datetime.timedelta(seconds=1))) == []
