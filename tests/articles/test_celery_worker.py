"""Background jobs on a real Celery worker and Redis (marker ``celery``).

Run by .ci/run in a pytest run of their own, with CELERY_BROKER_URL set and a
worker started beside it on the same test database (CLAIMTRACK_TEST_DATABASE_NAME)
and allowed to fetch from 127.0.0.1. Skipped without a broker, so the default
test run needs none.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable

import pytest
from django.core.management import call_command

from articles.models import Article, OutletFeed
from articles.services import article_import, outlet_get_or_create
from tests.conftest import SEED_PATH
from tests.pageserver import story_page

pytestmark = [
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL"),
        reason="needs CELERY_BROKER_URL and a running worker (see .ci/run)",
    ),
]


def wait_for(check: Callable[[], bool], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not finish in time")
        time.sleep(0.25)


def story(i: int) -> str:
    return (
        f"---\nFire at warehouse {i} kills {i + 2}\n---\n0{1 + i % 9}/03/2024\n\n"
        f"At least {i + 2} people were killed in a fire at warehouse {i}, the fire "
        "service said. Three others were injured, according to police.\n"
    )


def test_import_articles_queues_a_folder_and_reports_what_the_worker_did(tmp_path):
    for i in range(6):
        (tmp_path / f"story-{i}.txt").write_text(story(i))
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01binary")
    out = io.StringIO()

    with pytest.raises(SystemExit):  # the broken file fails, the others are imported
        call_command("import_articles", str(tmp_path), "--outlet", "Wire", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "7 file(s) queued for the workers."
    assert sum(": imported: Fire at warehouse" in line for line in lines) == 6
    assert any(line.startswith(f"{tmp_path / 'broken.txt'}: error:") for line in lines)
    assert lines[-1] == "7 file(s): 6 imported, 0 updated, 0 unchanged, 1 failed"
    assert Article.objects.count() == 6
    assert all(a.claims.exists() for a in Article.objects.all())


def test_poll_feeds_queues_new_entries_and_the_worker_imports_them_with_claims(page_server):
    a = page_server.add("/a.html", story_page())
    b = page_server.add("/b.html", story_page("Warehouse fire in Piraeus, 3 injured"))
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>'
        f"<item><guid>a</guid><link>{a}</link></item><item><guid>b</guid><link>{b}</link></item>"
        "</channel></rss>"
    )
    feed_url = page_server.add("/rss", rss, headers={"Content-Type": "application/rss+xml"})
    OutletFeed.objects.create(outlet=outlet_get_or_create(name="Harbour"), url=feed_url)
    out = io.StringIO()

    call_command("poll_feeds", stdout=out)

    assert out.getvalue() == f"Harbour ({feed_url}): new: 2 new entries queued\n"
    wait_for(lambda: Article.objects.filter(processing=Article.Processing.DONE).count() == 2)
    assert set(Article.objects.values_list("url", flat=True)) == {a, b}
    assert all(article.claims.exists() for article in Article.objects.all())

    out = io.StringIO()
    call_command("poll_feeds", stdout=out)  # nothing new: no job, no second import
    assert out.getvalue().endswith(": unchanged\n")
    assert Article.objects.count() == 2


def test_extract_claims_all_queues_every_article_for_the_worker():
    article = article_import(raw=SEED_PATH.read_bytes(), filename=SEED_PATH.name).article
    proposed = article.claims.count()
    article.claims.all().delete()
    out = io.StringIO()

    call_command("extract_claims", "--all", stdout=out)

    assert "1 article(s) queued for the workers" in out.getvalue()
    wait_for(lambda: Article.objects.get(pk=article.pk).processing == Article.Processing.DONE)
    assert article.claims.count() == proposed
