"""The API's path: POST /api/articles -> 202 and a job -> GET /api/jobs/{id} -> candidates."""

import pytest

from articles.models import Article
from relations.models import Candidate, Event, Ingestion, TemperaturePoint
from relations.tasks import wait_for_jobs
from tests.api.conftest import _token_for
from tests.relations.ingestion.conftest import COMMITTING, NEWS

pytestmark = COMMITTING


@pytest.fixture
def submitter_headers(record, django_user_model):
    user = django_user_model.objects.create_user(username="submitter")
    return _token_for(user, "articles.add_article")


def _post(client, body, headers, query=""):
    return client.post(
        f"/api/articles{query}", body, content_type="application/json", headers=headers
    )


def test_a_posted_article_is_queued_then_followed_to_its_candidates(client, submitter_headers):
    response = _post(
        client,
        {"text": NEWS, "url": "https://news.example/base", "publisher": "Bench News"},
        submitter_headers,
    )

    assert response.status_code == 202, response.content
    job = response.json()
    assert response["Location"] == f"/api/jobs/{job['id']}"
    assert (job["state"], job["outcome"], job["article_id"]) == ("todo", "queued", None)

    wait_for_jobs([job["id"]], timeout=120)
    done = client.get(response["Location"], headers=submitter_headers).json()

    assert (done["state"], done["outcome"], done["reason"]) == ("succeeded", "new", "")
    article = Article.objects.get(pk=done["article_id"])
    assert (article.url, article.source.name) == ("https://news.example/base", "Bench News")
    candidates = Candidate.objects.filter(article=article)
    assert done["candidates"] == {
        kind: candidates.filter(kind=kind).count()
        for kind in set(candidates.values_list("kind", flat=True))
    }
    assert done["candidates"]["event"] >= 1


def test_candidates_stay_out_of_public_lists_and_the_temperature(client, submitter_headers):
    events, points = Event.objects.count(), TemperaturePoint.objects.count()
    job = _post(client, {"text": NEWS}, submitter_headers).json()
    wait_for_jobs([job["id"]], timeout=120)

    assert Candidate.objects.exists()
    assert (Event.objects.count(), TemperaturePoint.objects.count()) == (events, points)
    assert client.get("/api/events").json()["count"] == events
    assert client.get("/api/articles").json()["count"] == 0  # pending until reviewed


def test_a_dry_run_answers_the_extraction_and_writes_nothing(client, submitter_headers):
    response = _post(client, {"text": NEWS}, submitter_headers, query="?dry_run=true")

    assert response.status_code == 200, response.content
    extraction = response.json()
    assert extraction["title"] == "Russia and Tajikistan agree on base"
    assert extraction["countries"] == ["RU", "TJ"]
    assert extraction["published_on"] == "2009-03-12"
    assert extraction["events"]
    assert not Ingestion.objects.exists()
    assert not Article.objects.exists()


def test_a_dry_run_refuses_another_language_naming_the_field(client, submitter_headers):
    russian = (
        "Президент России Владимир Путин встретился в Душанбе с президентом Таджикистана "
        "Эмомали Рахмоном. Стороны обсудили вопросы безопасности на границе."
    )
    response = _post(client, {"text": russian}, submitter_headers, query="?dry_run=true")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "text"]
    assert "another language" in error["msg"]


def test_a_posted_page_without_an_article_ends_rejected_with_its_reason(client, submitter_headers):
    page = "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    job = _post(client, {"html": page}, submitter_headers).json()
    wait_for_jobs([job["id"]], timeout=120)

    done = client.get(f"/api/jobs/{job['id']}", headers=submitter_headers).json()
    assert (done["state"], done["outcome"]) == ("succeeded", "rejected")
    assert "no article" in done["reason"]


def test_the_admin_upload_form_queues_files_and_pasted_text(admin_client, record):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = admin_client.get("/admin/articles/article/")
    assert "Ingest articles" in page.content.decode()
    response = admin_client.post(
        "/admin/articles/article/ingest/",
        {
            "files": [
                SimpleUploadedFile("news.txt", NEWS.encode()),
                SimpleUploadedFile("empty.txt", b""),
            ],
            "text": NEWS.replace("12 March 2009", "13 March 2009"),
            "title": "Pasted",
        },
    )

    assert response.status_code == 302
    queued = Ingestion.objects.exclude(outcome="rejected")
    assert sorted(queued.values_list("origin", flat=True)) == ["admin", "admin upload: news.txt"]
    assert all(item.job_id for item in queued)
    rejected = Ingestion.objects.get(outcome="rejected")
    assert (rejected.origin, rejected.reason) == ("admin upload: empty.txt", "the file is empty")
    listed = admin_client.get(response["Location"])
    assert "Rejected empty.txt: the file is empty" in listed.content.decode()
