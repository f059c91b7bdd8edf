"""Ingestion as jobs: the command with --wait, idempotency, retries and failures for good."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from relations.models import Candidate, Ingestion
from relations.services import ingestion as ingestion_service
from relations.tasks import job_states
from tests import factories
from tests.relations.ingestion.conftest import COMMITTING, NEWS

pytestmark = COMMITTING


def _ingest(*paths: Path) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("ingest", *map(str, paths), "--wait", stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_a_new_text_becomes_a_pending_article_with_candidates(record, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(NEWS)

    stdout, _ = _ingest(path)

    assert "1 new, 0 attached, 0 duplicate, 0 rejected, 0 failed" in stdout
    ingestion = Ingestion.objects.get(origin=str(path))
    article = ingestion.article
    assert (article.title, article.review_status) == (
        "Russia and Tajikistan agree on base",
        "pending",
    )
    assert article.text.startswith("Russia and Tajikistan agree on base")
    assert article.content_hash
    candidates = Candidate.objects.filter(article=article)
    assert candidates.filter(kind="event").exists()
    assert candidates.filter(kind="observation").exists()
    assert sum(ingestion.candidate_counts.values()) == candidates.count()
    for candidate in candidates:
        assert candidate.quote == article.text[candidate.span_start : candidate.span_end].strip()
        assert candidate.status == "pending"


def test_the_same_text_twice_changes_nothing(record, tmp_path):
    (tmp_path / "news.txt").write_text(NEWS)
    _ingest(tmp_path)
    articles, candidates = Article.objects.count(), Candidate.objects.count()
    copy = tmp_path / "copy" / "same-news.md"
    copy.parent.mkdir()
    copy.write_text(NEWS)

    stdout, _ = _ingest(copy)

    assert "0 new, 0 attached, 1 duplicate" in stdout
    assert (Article.objects.count(), Candidate.objects.count()) == (articles, candidates)


def test_a_text_whose_title_matches_attaches_to_that_article(record, tmp_path):
    curated = factories.ArticleFactory(title="Russia and Tajikistan agree on base", text="")
    (tmp_path / "news.txt").write_text(NEWS)
    articles = Article.objects.count()

    stdout, _ = _ingest(tmp_path)

    assert "0 new, 1 attached" in stdout
    assert Article.objects.count() == articles
    curated.refresh_from_db()
    assert curated.text.startswith("Russia and Tajikistan agree on base")
    assert curated.review_status == "approved"  # a curated article keeps its review
    assert Candidate.objects.filter(article=curated).exists()


def test_a_seed_article_attaches_to_its_curated_copy(record, seeds_dir):
    seed = seeds_dir / "000_f6fe8dd8c377af94.txt"
    curated = factories.ArticleFactory(
        title="Tajikistan: Putin and Rahmonov Make Progress", text="", review_status="approved"
    )
    articles = Article.objects.count()

    stdout, _ = _ingest(seed)

    assert "1 attached" in stdout
    assert Article.objects.count() == articles
    assert Candidate.objects.filter(article=curated, kind="event").exists()


def test_an_undated_text_is_saved_with_its_date_unknown(record, tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text(NEWS.replace("DUSHANBE, 12 March 2009 (Bench News) -- ", ""))

    _ingest(path)

    article = Ingestion.objects.get(origin=str(path)).article
    assert (article.published_on, article.published_on_precision) == (None, "unknown")
    assert "no publication date" in article.date_note


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("menu.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article"),
        (
            "russian.txt",
            "Президент России Владимир Путин встретился в Душанбе с президентом Таджикистана "
            "Эмомали Рахмоном. Стороны обсудили вопросы безопасности на таджикско-афганской "
            "границе и сотрудничество в области энергетики.",
            "another language",
        ),
    ],
)
def test_a_page_without_an_article_or_another_language_is_rejected(
    record, tmp_path, name, content, reason
):
    good, bad = tmp_path / "good.txt", tmp_path / name
    good.write_text(NEWS)
    bad.write_text(content)

    with pytest.raises(CommandError, match="1 of 2 files rejected or failed"):
        _ingest(good, bad)

    rejected = Ingestion.objects.get(origin=str(bad))
    assert rejected.outcome == "rejected"
    assert reason in rejected.reason
    assert Ingestion.objects.get(origin=str(good)).outcome == "new"  # the other went on


def test_a_failed_attempt_leaves_nothing_behind_and_is_retried(record, tmp_path, monkeypatch):
    propose = ingestion_service.candidates_propose
    titled = []

    def failing_once(**arguments):
        titled.append(Article.objects.filter(title=arguments["article"].title).count())
        if len(titled) == 1:
            raise ConnectionResetError("worker lost its connection")
        return propose(**arguments)

    monkeypatch.setattr(ingestion_service, "candidates_propose", failing_once)
    path = tmp_path / "news.txt"
    path.write_text(NEWS)

    stdout, _ = _ingest(path)

    assert titled == [1, 1]  # the second attempt saw no article left by the first
    assert "1 new" in stdout
    ingestion = Ingestion.objects.get(origin=str(path))
    assert (ingestion.outcome, ingestion.attempts, ingestion.reason) == ("new", 2, "")
    assert Article.objects.filter(title=ingestion.article.title).count() == 1
    assert job_states([ingestion.job_id]) == {ingestion.job_id: "succeeded"}


def test_a_job_that_keeps_failing_is_marked_failed_with_its_reason(
    record, tmp_path, monkeypatch, admin_client
):
    def always_failing(**arguments):
        raise RuntimeError("the extraction exploded")

    monkeypatch.setattr(ingestion_service, "candidates_propose", always_failing)
    path = tmp_path / "news.txt"
    path.write_text(NEWS)
    articles = Article.objects.count()

    with pytest.raises(CommandError, match="1 of 1 files rejected or failed"):
        stdout, stderr = StringIO(), StringIO()
        call_command("ingest", str(path), "--wait", stdout=stdout, stderr=stderr)
    assert f"failed: {path}: RuntimeError: the extraction exploded" in stderr.getvalue()

    ingestion = Ingestion.objects.get(origin=str(path))
    assert (ingestion.outcome, ingestion.attempts) == ("failed", 3)
    assert ingestion.reason == "RuntimeError: the extraction exploded"
    assert job_states([ingestion.job_id]) == {ingestion.job_id: "failed"}
    assert Article.objects.count() == articles
    assert not Candidate.objects.exists()
    jobs = admin_client.get("/admin/procrastinate/procrastinatejob/", {"status": "failed"})
    assert jobs.status_code == 200
    assert f">{ingestion.job_id}<" in jobs.content.decode()
    listed = admin_client.get("/admin/relations/ingestion/", {"outcome__exact": "failed"})
    assert "RuntimeError: the extraction exploded" in listed.content.decode()


def test_without_wait_the_command_only_queues(record, tmp_path):
    (tmp_path / "news.txt").write_text(NEWS)
    stdout = StringIO()
    call_command("ingest", str(tmp_path), stdout=stdout, stderr=StringIO())
    ingestion = Ingestion.objects.get()
    assert f"Queued 1 files for ingestion (jobs {ingestion.job_id})" in stdout.getvalue()
    assert job_states([ingestion.job_id]) == {ingestion.job_id: "todo"}
    assert ingestion.outcome == "queued"
