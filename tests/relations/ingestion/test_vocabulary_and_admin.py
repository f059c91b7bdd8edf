"""The vocabulary a worker keeps, and the admin list of ingestions."""

import pytest
from django.db import transaction

from relations.models import Ingestion
from relations.services.ingestion import current_vocabulary
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_vocabulary_is_kept_until_its_tables_change(django_assert_num_queries):
    actor = factories.ActorFactory(name="Emomali Rahmon")
    first = current_vocabulary()
    with django_assert_num_queries(1):  # only the vocabulary version
        assert current_vocabulary() is first

    factories.ActorAliasFactory(actor=actor, name="Rakhmonov")
    renewed = current_vocabulary()

    assert renewed is not first
    assert "Rakhmonov" in {alias.alias for alias in renewed.aliases}
    assert "Rakhmonov" not in {alias.alias for alias in first.aliases}


def test_a_deleted_event_renews_the_vocabulary():
    event = factories.EventFactory()
    first = current_vocabulary()
    event.delete()
    assert current_vocabulary().events != first.events


def test_a_new_party_renews_the_vocabulary():
    agreement = factories.AgreementFactory()
    current_vocabulary()
    agreement.parties.add(factories.ActorFactory(country=factories.CountryFactory(code="KZ")))
    (known,) = [item for item in current_vocabulary().agreements if item.id == agreement.pk]
    assert "KZ" in known.parties


def test_what_ingestion_writes_leaves_the_vocabulary_alone():
    first = current_vocabulary()
    article = factories.ArticleFactory()
    Ingestion.objects.create(origin="news.txt", content="text", article=article)
    assert current_vocabulary() is first


def test_a_version_rolled_back_is_never_read_again():
    """The version comes from a sequence: a rolled-back change cannot leave behind a
    vocabulary that a later, different change would find under the same number."""
    current_vocabulary()
    try:
        with transaction.atomic():
            factories.ActorFactory(name="Ghost Minister")
            assert "Ghost Minister" in {alias.alias for alias in current_vocabulary().aliases}
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    factories.ActorFactory(name="Real Minister")
    names = {alias.alias for alias in current_vocabulary().aliases}
    assert "Real Minister" in names
    assert "Ghost Minister" not in names


def test_the_admin_list_of_ingestions_costs_the_same_for_many(
    admin_client, django_assert_max_num_queries
):
    for number in range(30):
        article = factories.ArticleFactory()
        Ingestion.objects.create(
            origin=f"file-{number}.txt",
            content="text",
            outcome="new",
            article=article,
            job_id=1000 + number,
            candidate_counts={"event": 2},
        )
    Ingestion.objects.create(origin="bad.txt", outcome="rejected", reason="the file is empty")

    with django_assert_max_num_queries(10):
        page = admin_client.get("/admin/relations/ingestion/")

    assert page.status_code == 200
    assert "the file is empty" in page.content.decode()
    assert "2 event" in page.content.decode()


def test_deleting_an_ingested_article_keeps_the_record_of_its_ingestion():
    article = factories.ArticleFactory()
    ingestion = Ingestion.objects.create(origin="news.txt", outcome="new", article=article)
    article.delete()
    ingestion.refresh_from_db()
    assert (ingestion.outcome, ingestion.article) == ("new", None)
