"""Conditional GETs and the anonymous page cache.

Pages that are expensive or popular answer conditional GETs and are cached
for anonymous readers. Both use a *fingerprint*: the newest `updated` and
the row counts of everything the page shows, read in one query. Publishing,
correcting or withdrawing a verdict, or editing a claim or an article,
changes the fingerprint, so ETags change and cache keys change without any
explicit invalidation; stale entries simply expire."""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, quote_etag

from articles.models import Article
from claims.models import Claim, Claimant, Correction, Evidence, Verdict

# Bump when templates change in a way that must not be served from old cache entries
# (or when what is cached changes shape).
PAGE_VERSION = "4"


KEPT_HEADERS = ("Link",)


CACHE_TIMEOUT = 300


@dataclass(frozen=True)
class Fingerprint:
    """What a page shows, summarized: its newest change and its row counts."""

    last_modified: datetime.datetime | None
    parts: tuple

    @classmethod
    def of(cls, *values: Any) -> Fingerprint:
        stamps = [v for v in values if isinstance(v, datetime.datetime)]
        return cls(last_modified=max(stamps) if stamps else None, parts=tuple(values))

    def key(self) -> str:
        raw = "|".join(
            v.isoformat() if isinstance(v, datetime.datetime) else str(v) for v in self.parts
        )
        return hashlib.sha256(f"{PAGE_VERSION}|{raw}".encode()).hexdigest()[:32]


# Pages that list verdicts from anywhere read this on every visit, so it must not
# scan the verdicts: every save of a verdict, claim or article (and every delete)
# adds a row to its history table, whose history_date is indexed, and the newest
# ids catch rows inserted in bulk, which keep no history. Each part is one index
# lookup; corrections are few, and counted so a deleted one counts too.
_SITE_FINGERPRINT_SQL = """
SELECT 1,
  (SELECT MAX(history_date) FROM {verdict_history}),
  (SELECT MAX(history_date) FROM {claim_history}),
  (SELECT MAX(history_date) FROM {article_history}),
  (SELECT MAX(id) FROM {verdict}),
  (SELECT MAX(id) FROM {claim}),
  (SELECT MAX(id) FROM {article}),
  (SELECT MAX(id) FROM {correction}),
  (SELECT COUNT(*) FROM {correction})
"""


def site_fingerprint() -> Fingerprint:
    """For pages that list verdicts from anywhere (home, lists, feeds, sitemap)."""
    _one, fingerprint = fingerprint_query(_SITE_FINGERPRINT_SQL, [])
    return fingerprint


def _is_anonymous_visitor(request: HttpRequest) -> bool:
    """True for a visitor with no session and no pending messages.

    Decided from cookies alone: it costs no query, and a page rendered for such
    a visitor holds nothing personal (no user name, no CSRF token, no message).
    """
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _viewer(request: HttpRequest, *, anonymous: bool) -> str:
    """Who the page is rendered for, as far as its ETag is concerned.

    A signed-in reader's copy shows their name, carries a CSRF token for the log-out
    form (it changes at every log-in: a copy kept from an earlier session would fail
    with "CSRF verification failed") and any pending messages. All three go into
    their ETag, so a 304 never hands back a copy rendered for another session.
    """
    if anonymous:
        return "anon"
    user = f"u{request.user.pk}" if request.user.is_authenticated else "visitor"
    # get_token() creates the CSRF secret now if the visitor has none yet, so the
    # ETag names the secret the page's token is made from.
    get_token(request)
    secret = request.META.get("CSRF_COOKIE", "")
    return "|".join([user, secret, request.COOKIES.get("messages", "")])


def public_response(
    request: HttpRequest,
    *,
    name: str,
    fingerprint: Fingerprint,
    build: Callable[[], HttpResponse],
    cache_page: bool = True,
) -> HttpResponse:
    """Answer with 304, a cached copy or a fresh render, in that order of preference.

    `name` identifies the page (view and object); the host is part of the key
    because pages carry absolute urls (JSON-LD, Open Graph, feeds). With
    `cache_page` off (deep pages of a list: any number makes a new key) the
    page still answers conditional GETs but is not kept in the cache.
    """
    anonymous = _is_anonymous_visitor(request)
    viewer = _viewer(request, anonymous=anonymous)
    page_key = f"{name}|{request.scheme}://{request.get_host()}|{fingerprint.key()}"
    etag = quote_etag(hashlib.sha256(f"{page_key}|{viewer}".encode()).hexdigest()[:32])
    last_modified = (
        int(fingerprint.last_modified.timestamp()) if fingerprint.last_modified else None
    )

    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        cache_key = "public-page:" + hashlib.sha256(page_key.encode()).hexdigest()
        use_cache = anonymous and cache_page
        cached = cache.get(cache_key) if use_cache else None
        if cached is not None:
            content, content_type, headers = cached
            response = HttpResponse(content, content_type=content_type, headers=headers)
        else:
            response = build()
            if use_cache and response.status_code == 200 and not response.cookies:
                # Headers that are part of the page: a feed's link to its next page.
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                cache.set(
                    cache_key, (response.content, response["Content-Type"], headers), CACHE_TIMEOUT
                )

    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Browsers and proxies keep the page but ask again every time; the ETag makes
    # that a cheap 304. Signed-in pages stay out of shared caches.
    if anonymous:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _as_datetime(value: Any) -> Any:
    """SQLite hands back aggregated timestamps as text; make them aware datetimes.

    Other text (a claimant's name) is returned as it is.
    """
    if isinstance(value, str):
        try:
            # fromisoformat (in C) reads SQLite's "YYYY-MM-DD HH:MM:SS.ffffff" as it is.
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            try:
                value = parse_datetime(value) or value
            except ValueError:
                return value
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        # Stored in UTC (USE_TZ): SQLite returns it without an offset.
        value = timezone.make_aware(value, datetime.UTC)
    return value


@functools.cache
def _table_names() -> dict[str, str]:
    # Once per process: reading `Model.history` builds a manager each time, which
    # cost a claim page more than its fingerprint query.
    return {
        "claim": Claim._meta.db_table,
        "article": Article._meta.db_table,
        "verdict": Verdict._meta.db_table,
        "evidence": Evidence._meta.db_table,
        "correction": Correction._meta.db_table,
        "claimant": Claimant._meta.db_table,
        "claim_history": Claim.history.model._meta.db_table,
        "article_history": Article.history.model._meta.db_table,
        "verdict_history": Verdict.history.model._meta.db_table,
        "evidence_history": Evidence.history.model._meta.db_table,
    }


def fingerprint_query(sql: str, params: list) -> tuple[Any, Fingerprint] | None:
    """Run a hand-written fingerprint query: (first column, fingerprint of the rest).

    ``sql`` names tables as {claim}, {article}, {verdict}, {evidence}, {correction},
    {claimant}, and the history tables {claim_history}, {article_history},
    {verdict_history} and {evidence_history}.
    """
    sql = sql.format(**_table_names())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    first, *values = row
    return first, Fingerprint.of(*(_as_datetime(v) for v in values))
