"""Background jobs (articles.tasks, articles.jobs) without a real worker: with no
broker every job runs inline as before; with one set, jobs run eagerly in-process
here (the settings keep Celery eager), so the queued path is tested end to end."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from articles import jobs, tasks
from articles.feeds import feed_entry_import
from articles.models import Article, FeedEntry, OutletFeed
from articles.services import article_import, outlet_get_or_create
from tests.conftest import SEED_PATH
from tests.pageserver import story_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(settings):
    """As with CELERY_BROKER_URL set; Celery itself stays eager in the test settings."""
    settings.CELERY_BROKER_URL = "memory://"
    assert jobs.background()


def test_without_a_broker_an_import_finds_its_claims_inline_as_before(seed_bytes):
    assert not jobs.background()
    article = article_import(raw=seed_bytes, filename=SEED_PATH.name).article
    assert article.processing == Article.Processing.DONE
    assert article.claims.count() > 5


def test_a_deferred_import_stores_the_whole_article_queued_then_the_job_finds_its_claims(
    seed_bytes,
):
    article = article_import(raw=seed_bytes, filename=SEED_PATH.name, defer_claims=True).article
    assert article.processing == Article.Processing.QUEUED
    assert article.versions.count() == 1 and article.links.exists()
    assert not article.claims.exists()

    assert jobs.article_process(article_id=article.pk) == Article.Processing.DONE
    article.refresh_from_db()
    assert article.processing == Article.Processing.DONE and article.processing_error == ""
    inline = article_import(raw=seed_bytes, filename="again.txt", url="https://ex.org/x").article
    assert article.claims.count() == inline.claims.count()  # the same claims as inline
    assert article.event is not None  # grouped too

    assert jobs.article_process(article_id=article.pk) == Article.Processing.DONE
    assert article.claims.count() == inline.claims.count()  # run twice: no harm


def test_a_failing_job_writes_no_claims_and_keeps_its_reason(seed_bytes, monkeypatch):
    article = article_import(raw=seed_bytes, filename=SEED_PATH.name, defer_claims=True).article

    def broken(**kwargs):
        from claims.models import Claim

        Claim.objects.create(article=kwargs["article"], kind="statement", start=0, end=3)
        raise RuntimeError("extractor crashed")

    monkeypatch.setattr("claims.ingest.article_claims_refresh", broken)
    assert jobs.article_process(article_id=article.pk) == Article.Processing.FAILED

    article.refresh_from_db()
    assert article.processing == Article.Processing.FAILED
    assert article.processing_error == "RuntimeError: extractor crashed"
    assert not article.claims.exists()  # nothing half-written


def test_with_a_broker_a_feed_entry_shows_queued_until_its_job_ran(
    broker, page_server, django_capture_on_commit_callbacks
):
    url = page_server.add("/ferry.html", story_page())
    feed = OutletFeed.objects.create(
        outlet=outlet_get_or_create(name="The Harbour Times"), url=page_server.url("/rss")
    )
    entry = FeedEntry.objects.create(feed=feed, guid="1", url=url)
    item = {"guid": "1", "url": url, "title": "Ferry", "stamp": "s1", "published": "",
            "author": "", "content_html": ""}  # fmt: skip

    result = feed_entry_import(entry_id=entry.pk, item=item, defer_claims=True)
    assert result.article.processing == Article.Processing.QUEUED

    with django_capture_on_commit_callbacks(execute=True) as queued:
        tasks.import_feed_entry.apply(kwargs={"entry_id": entry.pk, "item": item}, throw=False)
    assert len(queued) == 1  # the claims job, sent once the import committed
    article = Article.objects.get(url=url)
    assert article.processing == Article.Processing.DONE and article.claims.exists()


def test_with_a_broker_poll_feeds_queues_each_new_entry(
    broker, page_server, django_capture_on_commit_callbacks
):
    a, b = page_server.add("/a.html", story_page()), page_server.add("/b.html", story_page("B"))
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        f"<item><guid>a</guid><link>{a}</link></item><item><guid>b</guid><link>{b}</link></item>"
        "</channel></rss>"
    )
    feed_url = page_server.add("/rss", rss, headers={"Content-Type": "application/rss+xml"})
    OutletFeed.objects.create(outlet=outlet_get_or_create(name="H"), url=feed_url)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True) as queued:
        call_command("poll_feeds", stdout=out)

    assert out.getvalue() == f"H ({feed_url}): new: 2 new entries queued\n"
    assert len(queued) >= 2
    assert set(Article.objects.values_list("processing", flat=True)) == {"done"}


def test_a_transient_fetch_error_is_retried_later_with_backoff(broker, page_server):
    from celery.exceptions import Retry

    url = page_server.add("/ferry.html", "", status=503)
    feed = OutletFeed.objects.create(
        outlet=outlet_get_or_create(name="H"), url=page_server.url("/rss")
    )
    entry = FeedEntry.objects.create(feed=feed, guid="1", url=url)
    item = {"guid": "1", "url": url, "title": "", "stamp": "", "published": "", "author": "",
            "content_html": ""}  # fmt: skip
    with pytest.raises(Retry) as retry:
        tasks.import_feed_entry.apply(kwargs={"entry_id": entry.pk, "item": item}, throw=True)
    assert "503" in str(retry.value.exc)
    entry.refresh_from_db()
    assert entry.article is None and "503" in entry.error


def test_a_page_that_is_not_there_is_not_retried(broker, page_server):
    url = page_server.url("/missing.html")
    feed = OutletFeed.objects.create(
        outlet=outlet_get_or_create(name="H"), url=page_server.url("/rss")
    )
    entry = FeedEntry.objects.create(feed=feed, guid="1", url=url)
    item = {"guid": "1", "url": url, "title": "", "stamp": "", "published": "", "author": "",
            "content_html": ""}  # fmt: skip
    result = tasks.import_feed_entry.apply(kwargs={"entry_id": entry.pk, "item": item}, throw=False)
    assert result.failed()
    assert [path for path, _ in page_server.requests] == ["/missing.html"]
    entry.refresh_from_db()
    assert "404" in entry.error and entry.attempts == 1


def test_extract_claims_all_with_a_broker_queues_every_article(
    broker, seed_bytes, django_capture_on_commit_callbacks
):
    article = article_import(raw=seed_bytes, filename=SEED_PATH.name).article
    article.claims.all().delete()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        call_command("extract_claims", "--all", stdout=out)
    assert "1 article(s) queued for the workers" in out.getvalue()
    assert len(queued) == 1
    article.refresh_from_db()
    assert article.processing == Article.Processing.DONE and article.claims.exists()


def test_group_events_with_a_broker_queues_the_regrouping(
    broker, seed_bytes, django_capture_on_commit_callbacks
):
    article_import(raw=seed_bytes, filename=SEED_PATH.name)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        call_command("group_events", stdout=out)
    assert out.getvalue() == "Regrouping queued for the workers.\n"
    assert len(queued) == 1


def test_import_articles_with_a_broker_queues_each_file_and_reports_each(
    broker, tmp_path, seed_bytes
):
    (tmp_path / "seed.txt").write_bytes(seed_bytes)
    (tmp_path / "empty.txt").write_bytes(b"")
    out = io.StringIO()
    with pytest.raises(SystemExit):  # one file failed
        call_command("import_articles", str(tmp_path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "2 file(s) queued for the workers."
    assert any(line.startswith(f"{tmp_path / 'empty.txt'}: error:") for line in lines)
    assert f"{tmp_path / 'seed.txt'}: imported: Russian helicopter" in out.getvalue()
    assert lines[-1] == "2 file(s): 1 imported, 0 updated, 0 unchanged, 1 failed"
    assert Article.objects.get().processing == Article.Processing.DONE


def test_the_beat_schedule_polls_every_active_feed(
    broker, page_server, settings, django_capture_on_commit_callbacks
):
    assert settings.CELERY_BEAT_SCHEDULE["poll-feeds"]["task"] == tasks.poll_all_feeds.name
    rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title></channel></rss>'
    url = page_server.add("/rss", rss, headers={"Content-Type": "application/rss+xml"})
    active = OutletFeed.objects.create(outlet=outlet_get_or_create(name="A"), url=url)
    paused = OutletFeed.objects.create(
        outlet=outlet_get_or_create(name="B"), url=page_server.url("/b"), active=False
    )
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert tasks.poll_all_feeds.apply().get() == 1
    assert len(queued) == 1
    active.refresh_from_db()
    paused.refresh_from_db()
    assert active.last_polled is not None and paused.last_polled is None
