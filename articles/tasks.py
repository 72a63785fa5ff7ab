"""Background jobs: imports (files, URLs, feed entries), finding claims, regrouping
events and polling feeds, as Celery tasks.

:func:`enqueue` is how everything starts a job. With ``CELERY_BROKER_URL`` set
the job goes to the broker once the caller's transaction commits (a worker
never looks for a row that is not there yet) and ``make worker`` runs it;
without it the job runs right here, inline, as without Celery.

Every job is idempotent: imports find their article by url or content hash,
finding claims keeps what reviewers decided, regrouping leaves confirmed
events alone; so a job run twice (a retry, a worker that died) does no harm.
Fetches that fail for a passing reason (a timeout, a 503) are retried with
exponential backoff.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import time
from typing import Any

from celery import Task, shared_task
from django.db import IntegrityError, OperationalError, transaction

from . import feeds, jobs
from .fetching import FetchError
from .models import Article, OutletFeed
from .services import ArticleImportError, article_import, article_import_url

logger = logging.getLogger(__name__)

RETRY_BACKOFF_SECONDS = 30  # then 60, 120, 240… up to RETRY_BACKOFF_MAX
RETRY_BACKOFF_MAX = 30 * 60
MAX_RETRIES = 5


def enqueue(task: Task, **kwargs: Any) -> Any:
    """Run ``task`` inline (no broker) and return its result, or queue it after the
    current transaction commits (returns None; the job runs on a worker)."""
    if not jobs.background():
        return task(**kwargs)
    transaction.on_commit(lambda: task.apply_async(kwargs=kwargs))
    return None


def _transient(exc: Exception) -> bool:
    return getattr(exc, "transient", False) or getattr(exc.__cause__, "transient", False)


def _retry_later(task: Task, exc: Exception) -> None:
    """Retry a job whose fetch failed for a passing reason; give up on the others."""
    if task.request.called_directly or not _transient(exc):
        raise exc
    countdown = min(RETRY_BACKOFF_MAX, RETRY_BACKOFF_SECONDS * 2**task.request.retries)
    raise task.retry(exc=exc, countdown=countdown, max_retries=MAX_RETRIES)


# ------------------------------------------------------------------------------
# Finding claims
# ------------------------------------------------------------------------------
@shared_task(name="articles.tasks.process_article")
def process_article(*, article_id: int) -> str:
    """Propose an article's claims and group it into events (articles.jobs)."""
    return jobs.article_process(article_id=article_id)


def article_process_queue(*, article_ids: list[int]) -> None:
    """Find the claims of these articles again: queued for workers, or inline now."""
    if jobs.background():
        jobs.article_process_queued(article_ids=article_ids)
    for article_id in article_ids:
        enqueue(process_article, article_id=article_id)


def process_after_import(article: Article) -> None:
    """Queue the claims job of an article imported with ``defer_claims`` (a no-op for
    one imported whole, or unchanged)."""
    if article.processing == Article.Processing.QUEUED:
        enqueue(process_article, article_id=article.pk)


# ------------------------------------------------------------------------------
# Imports
# ------------------------------------------------------------------------------
@shared_task(name="articles.tasks.import_file")
def import_file(
    *, content_b64: str, filename: str, source_format: str = "", outlet_name: str = "",
    url: str = "",
) -> dict:  # fmt: skip
    """One file of a bulk import (``import_articles``), whole, claims included."""
    for attempt in range(1, jobs.CONFLICT_ATTEMPTS + 1):
        try:
            result = article_import(
                raw=base64.b64decode(content_b64),
                filename=filename,
                source_format=source_format,
                outlet_name=outlet_name,
                url=url,
            )
            break
        except ArticleImportError as exc:
            return {"status": "error", "error": str(exc)}
        except (IntegrityError, OperationalError):
            # Another worker created the same claimant, outlet or event at this moment.
            if attempt == jobs.CONFLICT_ATTEMPTS:
                raise
            time.sleep(0.05 * attempt)
    return {"status": result.status, "title": result.article.title, "id": result.article.pk}


@shared_task(name="articles.tasks.import_url", bind=True)
def import_url(
    self: Task, *, url: str, outlet_name: str = "", source_format: str = "",
    by_id: int | None = None,
) -> dict:  # fmt: skip
    """Fetch and import one page; the article shows up at once, its claims follow."""
    from django.contrib.auth import get_user_model

    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    deferred = jobs.background()
    try:
        result = article_import_url(
            url=url, outlet_name=outlet_name, source_format=source_format, by=by,
            defer_claims=deferred,
        )  # fmt: skip
    except (ArticleImportError, FetchError) as exc:
        if self.request.retries >= MAX_RETRIES or not _transient(exc):
            return {"status": "error", "error": str(exc)}
        _retry_later(self, exc)
    process_after_import(result.article)
    return {"status": result.status, "title": result.article.title, "id": result.article.pk}


@shared_task(name="articles.tasks.import_feed_entry", bind=True)
def import_feed_entry(self: Task, *, entry_id: int, item: dict) -> dict:
    deferred = jobs.background()
    try:
        result = feeds.feed_entry_import(entry_id=entry_id, item=item, defer_claims=deferred)
    except (ArticleImportError, FetchError) as exc:
        _retry_later(self, exc)
    process_after_import(result.article)
    return {"status": result.status, "title": result.article.title, "id": result.article.pk}


# ------------------------------------------------------------------------------
# Feeds
# ------------------------------------------------------------------------------
def poll_feed_now(*, feed: OutletFeed) -> str:
    """Poll one feed and import (or queue) its new entries; the one line to print."""
    result = feeds.feed_poll(feed=feed)
    name = f"{feed.outlet.name} ({feed.url})"
    if result.status == "failed":
        return f"{name}: failed: {result.reason}"
    if result.status == "unchanged":
        return f"{name}: unchanged"
    what = ", ".join(
        f"{count} {label}"
        for count, label in (
            (result.new, "new"), (result.changed, "changed"), (result.retried, "retried"),
        )
        if count
    )  # fmt: skip
    if jobs.background():
        for job in result.to_import:
            enqueue(import_feed_entry, **job)
        return f"{name}: new: {what} entries queued"
    outcomes: dict[str, int] = {}
    errors: list[str] = []
    for job in result.to_import:
        try:
            outcome = import_feed_entry(**job)["status"]
        except (ArticleImportError, FetchError) as exc:
            outcome = "failed"
            errors.append(str(exc))
        except Exception as exc:  # one odd entry must not stop the others
            logger.exception("importing feed entry %s failed", job["entry_id"])
            outcome = "failed"
            errors.append(f"unexpected {type(exc).__name__}")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    done = ", ".join(f"{count} {status}" for status, count in sorted(outcomes.items()))
    line = f"{name}: new: {what} ({done})"
    if errors:
        line += f"; first failure: {errors[0]}"
    return line


@shared_task(name="articles.tasks.poll_feed")
def poll_feed(*, feed_id: int) -> str:
    feed = OutletFeed.objects.select_related("outlet").filter(pk=feed_id).first()
    if feed is None:
        return f"feed {feed_id}: gone"
    return poll_feed_now(feed=feed)


@shared_task(name="articles.tasks.poll_all_feeds")
def poll_all_feeds() -> int:
    """Celery beat's schedule: queue a poll of every active feed."""
    ids = list(OutletFeed.objects.filter(active=True).values_list("pk", flat=True))
    for feed_id in ids:
        enqueue(poll_feed, feed_id=feed_id)
    return len(ids)


# ------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------
@shared_task(name="articles.tasks.regroup_events")
def regroup_events(*, include_confirmed: bool = False, since: str | None = None) -> dict:
    from claims.events.services import articles_group

    result = articles_group(
        include_confirmed=include_confirmed,
        since=dt.date.fromisoformat(since) if since else None,
    )
    return {"articles": result.articles, "moved": result.moved, "events": result.events}
