"""Conditional GETs and the anonymous page cache.

Pages that are expensive or popular answer conditional GETs and are cached
for anonymous readers, under the state of what they show, in one of two ways:

- With a cache every app server shares (``CLAIMTRACK_SHARED_PAGE_CACHE``, on with
  Redis), the state is the pages' *versions* (claims.page_versions), which every
  write bumps when it commits. A cached visit or a 304 reads them, and the page,
  with one ``get_many`` and no database; :class:`CachedPageMiddleware` answers such
  visits before sessions, CSRF and authentication are even looked at.
- With a cache of one process (local memory), it is a *fingerprint*: the newest
  `updated` and the row counts of everything the page shows, read in one query.
  Publishing, correcting or withdrawing a verdict, or editing a claim or an
  article, changes the fingerprint, so ETags change and cache keys change without
  any explicit invalidation; stale entries simply expire.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import MiddlewareNotUsed
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

from claims import page_versions

from .selectors import statement

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
    _one, fingerprint = fingerprint_query(_SITE_FINGERPRINT_SQL, None)
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


Check = Callable[[], "Fingerprint | HttpResponse"]

# The headers that make a request conditional (get_conditional_response's questions).
_CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def will_render(request: HttpRequest) -> bool:
    """Whether :func:`public_response` is sure to render this request after its check.

    True when the check reads a fingerprint (no shared cache), the request asks no
    conditional question and its copy is never looked up (a signed-in reader's, or
    any with a cache that keeps nothing): the check may then read the page with its
    fingerprint in one statement. Were it wrong, that read would only be wasted.
    """
    if page_versions.shared() or any(name in request.META for name in _CONDITIONAL_HEADERS):
        return False
    return not _is_anonymous_visitor(request) or isinstance(caches["default"], DummyCache)


def public_response(
    request: HttpRequest,
    *,
    name: str,
    scopes: Sequence[str],
    check: Check,
    build: Callable[[], HttpResponse],
    cache_page: bool = True,
    build_checks: bool = False,
) -> HttpResponse:
    """Answer with 304, a cached copy or a fresh render, in that order of preference.

    `name` identifies the page (view and object); the host is part of the key
    because pages carry absolute urls (JSON-LD, Open Graph, feeds). `scopes` are
    the versions the page is kept under with a shared cache (claims.page_versions);
    `check` reads the database before a render (a 404, or a redirect it returns)
    and gives the fingerprint the page is kept under with a local cache. With
    `cache_page` off (deep pages of a list: any number makes a new key) the page
    still answers conditional GETs but is not kept in the cache. With `build_checks`,
    `build` raises the same 404 and returns the same redirect as `check`, so a render
    under a shared cache (which needs no fingerprint) skips `check`'s query; such a
    redirect is answered as `check`'s would be.
    """
    anonymous = _is_anonymous_visitor(request)
    use_cache = anonymous and cache_page
    address = _address(request, name)
    if page_versions.shared():
        page = _VersionedPage(address, (page_versions.EVERYTHING, *scopes))
        entry = page.read(use_cache)
        checked = None
    else:
        checked = check()
        if isinstance(checked, HttpResponse):
            return checked
        page = _FingerprintedPage(address, checked)
        entry = None
    etag, last_modified = page.validators(_viewer(request, anonymous=anonymous))
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        if use_cache and checked is not None:
            entry = cache.get(page.cache_key)
        if use_cache and entry is not None:
            response = _from_entry(entry)
        else:
            if checked is None and not build_checks:
                checked = check()
                if isinstance(checked, HttpResponse):
                    return checked
            response = build()
            if build_checks and response.status_code != 200:
                return response
            if use_cache and response.status_code == 200 and not response.cookies:
                page.store(response)
    if anonymous and response.status_code in (200, 304):
        page.remember(request, cache_page=cache_page)
    return _finish(response, etag=etag, last_modified=last_modified, anonymous=anonymous)


def _address(request: HttpRequest, name: str) -> str:
    return f"{name}|{request.path}|{request.scheme}://{request.get_host()}"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _from_entry(entry: tuple) -> HttpResponse:
    content, content_type, headers = entry
    return HttpResponse(content, content_type=content_type, headers=headers)


def _entry(response: HttpResponse) -> tuple:
    # Headers that are part of the page: a feed's link to its next page.
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    return response.content, response["Content-Type"], headers


def _finish(
    response: HttpResponse, *, etag: str, last_modified: int | None, anonymous: bool
) -> HttpResponse:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    if anonymous and "Cache-Control" not in response and "Vary" not in response:
        # A page as its view made it (the usual case): what patching would give it,
        # worked out once rather than parsed and joined again for every response.
        for name, value in _anonymous_headers():
            response[name] = value
    else:
        _patch_caching(response, anonymous=anonymous)
    return response


def _patch_caching(response: HttpResponse, *, anonymous: bool) -> None:
    # Browsers and proxies keep the page but ask again every time; the ETag makes
    # that a cheap 304. Signed-in pages stay out of shared caches.
    if anonymous:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])


class _FingerprintedPage:
    """A page kept under its database fingerprint (a cache of one process)."""

    def __init__(self, address: str, fingerprint: Fingerprint) -> None:
        self.page_key = f"{address}|{fingerprint.key()}"
        self.cache_key = "public-page:" + _digest(self.page_key)
        stamp = fingerprint.last_modified
        self.last_modified = int(stamp.timestamp()) if stamp else None

    def validators(self, viewer: str) -> tuple[str, int | None]:
        return quote_etag(_digest(f"{self.page_key}|{viewer}")[:32]), self.last_modified

    def store(self, response: HttpResponse) -> None:
        cache.set(self.cache_key, _entry(response), CACHE_TIMEOUT)

    def remember(self, request: HttpRequest, *, cache_page: bool) -> None:
        """Nothing to remember: every visit reads the fingerprint."""


class _VersionedPage:
    """A page kept under the versions of what it shows (a cache every server shares).

    The entry is stored with the versions read *before* the render: a write that
    commits during the render bumps them, and the entry is never served again.
    """

    def __init__(self, address: str, scopes: tuple[str, ...]) -> None:
        self.address = address
        self.scopes = scopes
        self.cache_key = "public-page:" + _digest(address)
        self.versions: tuple = ()

    def read(self, with_entry: bool) -> tuple | None:
        """Read the versions (and the entry, when wanted); the entry if it is current.

        A copy this process holds already spares fetching the page again: the
        versions alone tell whether it is current, and only when it is not is the
        shared entry (maybe rendered by another server since) fetched.
        """
        held = _held_copies.get(self.cache_key) if with_entry else None
        also = [self.cache_key] if with_entry and held is None else []
        self.versions, found = page_versions.current(self.scopes, also=also)
        if held is not None:
            if held[0] == self.versions:
                return held[1]
            found = {self.cache_key: cache.get(self.cache_key)}
        entry = found.get(self.cache_key)
        if entry is None or entry[0] != self.versions:
            return None
        _hold(self.cache_key, entry)
        return entry[1]

    def validators(self, viewer: str) -> tuple[str, int]:
        state = "|".join(self.versions)
        etag = quote_etag(_digest(f"{self.address}|{state}|{viewer}")[:32])
        return etag, int(max(page_versions.version_time(v) for v in self.versions))

    def store(self, response: HttpResponse) -> None:
        entry = (self.versions, _entry(response))
        cache.set(self.cache_key, entry, CACHE_TIMEOUT)
        _hold(self.cache_key, entry)

    def remember(self, request: HttpRequest, *, cache_page: bool) -> None:
        """Let :class:`CachedPageMiddleware` answer the next visit of this address."""
        if len(_known_pages) >= KNOWN_PAGES_LIMIT:
            _known_pages.clear()
        _known_pages[_request_address(request)] = (self.address, self.scopes, cache_page)


# Pages this process has answered anonymously, by request address: what
# CachedPageMiddleware needs to find them again without the view. Bounded: any
# query string makes a new address.
KNOWN_PAGES_LIMIT = 10_000
_known_pages: dict[tuple, tuple[str, tuple[str, ...], bool]] = {}

# Copies of shared entries this process fetched or stored, by cache key, with the
# versions they were rendered under: a few hundred popular pages.
HELD_COPIES_LIMIT = 500
_held_copies: dict[str, tuple] = {}


def _hold(cache_key: str, entry: tuple) -> None:
    if len(_held_copies) >= HELD_COPIES_LIMIT:
        _held_copies.clear()
    _held_copies[cache_key] = entry


def _request_address(request: HttpRequest) -> tuple:
    """The request's address as it came: the headers get_host() reads, path and query.

    A request carrying the same ones as a request already answered has the same
    (valid) host, so it needs no validating again before the lookup.
    """
    meta = request.META
    return (
        request.scheme,
        meta.get("HTTP_HOST"),
        meta.get("HTTP_X_FORWARDED_HOST"),
        meta.get("SERVER_NAME"),
        meta.get("SERVER_PORT"),
        request.path,
        meta.get("QUERY_STRING", ""),
    )


class CachedPageMiddleware:
    """Answers an anonymous repeat visit of a public page from the shared cache.

    Placed after the security, CSP, permissions-policy, NUL-byte and static-file
    middleware (their response headers still apply) and before sessions, CSRF and
    authentication, which an anonymous visitor's cached page never needs. Only
    addresses a view of this process answered anonymously are known here (with
    their page's name and versions); every other request, and every visit the
    cache cannot answer, goes on to the view as before. Without a shared cache
    (pages read a database fingerprint) it takes itself out of the chain.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not page_versions.shared():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and _is_anonymous_visitor(request):
            known = _known_pages.get(_request_address(request))
            if known is not None:
                response = _answer_known(request, *known)
                if response is not None:
                    return response
        return self.get_response(request)


def _answer_known(
    request: HttpRequest, address: str, scopes: tuple[str, ...], cache_page: bool
) -> HttpResponse | None:
    """The 304 or the cached copy the view would answer, or None to let the view work."""
    page = _VersionedPage(address, scopes)
    entry = page.read(cache_page)
    etag, last_modified = page.validators(_viewer(request, anonymous=True))
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        if entry is None:
            return None
        response = _from_entry(entry)
    # What _finish adds for an anonymous reader, with the headers worked out once.
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    for name, value in _anonymous_headers():
        response[name] = value
    # What the middleware below this one adds to every page.
    response.headers.setdefault("Content-Length", str(len(response.content)))
    response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    return response


@functools.cache
def _anonymous_headers() -> tuple[tuple[str, str], ...]:
    """The Cache-Control and Vary headers _finish gives an anonymous reader's page
    that has neither yet."""
    response = HttpResponse()
    _patch_caching(response, anonymous=True)
    return tuple((name, response[name]) for name in ("Cache-Control", "Vary"))


def site_state() -> str:
    """The state of the pages that list verdicts from anywhere, for cache keys."""
    if page_versions.shared():
        versions, _found = page_versions.current((page_versions.EVERYTHING, page_versions.SITE))
        return "|".join(versions)
    return site_fingerprint().key()


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


def fingerprint_query(sql: str, params: Mapping[str, Any] | None) -> tuple[Any, Fingerprint] | None:
    """Run a hand-written fingerprint query: (first column, fingerprint of the rest).

    ``sql`` names tables and statuses as :func:`claims.public.selectors.sql_names`
    lists them, and its parameters by name (``%(claim)s``).
    """
    with connection.cursor() as cursor:
        cursor.execute(statement(sql), params)
        row = cursor.fetchone()
    return None if row is None else fingerprint_row(row)


def fingerprint_row(row: Sequence[Any]) -> tuple[Any, Fingerprint]:
    """(first column, fingerprint of the rest) of a fingerprint query's row."""
    first, *values = row
    return first, Fingerprint.of(*(_as_datetime(v) for v in values))
