"""Finding an article's claims as a job of its own, with a state reviewers see.

An import with background jobs (articles.tasks) stores the article at once,
``queued``; :func:`article_process` then proposes its claims and groups it with
other reports (claims.ingest), ``processing`` while it runs, ``done`` once its
claims are in, or ``failed`` with the reason, which a reviewer retries
(:func:`article_process_retry`). Re-running it is harmless: proposing claims is
idempotent.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction

from .models import Article

logger = logging.getLogger(__name__)

# Attempts at one article when another job wrote the same claimant or event at once.
CONFLICT_ATTEMPTS = 3


def background() -> bool:
    """Do jobs go to a broker (``CELERY_BROKER_URL``), or run inline as without Celery?"""
    return bool(settings.CELERY_BROKER_URL)


def article_process(*, article_id: int) -> str:
    """Propose the claims of a stored article; returns its new processing state.

    The claims and the ``done`` mark are written in one transaction: a job that
    fails (or a worker that dies) leaves no half of them behind. A failure is
    recorded on the article (``failed`` and the reason) for reviewers, not raised.
    """
    from claims.ingest import article_claims_refresh

    updated = Article.objects.filter(pk=article_id).update(
        processing=Article.Processing.PROCESSING, processing_error=""
    )
    if not updated:
        return "missing"  # deleted while it waited: nothing to do
    try:
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    article = Article.objects.get(pk=article_id)
                    article_claims_refresh(article=article, previous_text=None)
                    Article.objects.filter(pk=article_id).update(processing=Article.Processing.DONE)
                break
            except (IntegrityError, OperationalError):
                # Two workers created the same claimant or event (a unique name) or
                # deadlocked on it at the same moment: once more, it is found.
                if attempt == CONFLICT_ATTEMPTS:
                    raise
                time.sleep(0.05 * attempt)
    except Exception as exc:  # whatever it was, reviewers see it and can retry
        logger.exception("finding the claims of article %s failed", article_id)
        reason = f"{type(exc).__name__}: {exc}"[:2000]
        Article.objects.filter(pk=article_id).update(
            processing=Article.Processing.FAILED, processing_error=reason
        )
        return Article.Processing.FAILED
    return Article.Processing.DONE


def article_process_queued(*, article_ids: list[int]) -> None:
    """Mark articles as waiting for a worker (before their jobs are sent)."""
    Article.objects.filter(pk__in=article_ids).update(
        processing=Article.Processing.QUEUED, processing_error=""
    )
