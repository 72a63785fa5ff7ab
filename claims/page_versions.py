"""Versions of the public pages, kept in the shared cache and bumped on every write.

With a cache that every app server shares (Redis, ``CLAIMTRACK_SHARED_PAGE_CACHE``),
a public page is kept under the *versions* of what it shows: ``claim:<id>`` for a
claim page, ``article:<slug>`` for an article page, ``site`` for the pages that list
verdicts from anywhere, and ``everything`` for all of them. A cached visit or a
conditional GET reads those versions with one ``get_many`` and touches no database.

Writes bump the versions instead: saving or deleting a claim, verdict, evidence,
correction, article, link, claimant, source, outlet or event marks what it shows
on (signals, connected by :func:`connect_signals`), bulk writes that send no
signals call :func:`bump_claims`, :func:`bump_articles`, :func:`bump_site` or
:func:`bump_everything` themselves, and the marks become new versions when the
transaction commits, so no reader keeps a page rendered from uncommitted rows.

A change to a claim or an article reaches the whole article: every claim page lists
the article's other checks, so all of its claims get new versions, and ``site``
always does. A version is new and unique on every bump (its time, for
Last-Modified, and random bits), so a page stored under the version read before a
bump can never be served after it.

With a cache of one process (local memory, the default) every mark is skipped and
the pages keep reading a database fingerprint (claims.public.caching): another
process's writes could never bump this process's cache.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, signals

from articles.models import Article, ArticleLink, Event, Outlet

from .models import (
    Claim,
    Claimant,
    ClaimFlag,
    ClaimMatch,
    ClaimRelay,
    Correction,
    Evidence,
    Source,
    Verdict,
)

SITE = "site"
EVERYTHING = "everything"
KEY_PREFIX = "page-version:"

# A version lives a day: then the next visit starts a new one (a page renders once a
# day at least), and Redis does not keep a key for every claim ever bumped.
VERSION_TIMEOUT = 24 * 60 * 60

# Past this many claim pages, one write (an outlet renamed, a prolific claimant
# edited) bumps ``everything`` instead of every page one by one.
FANOUT_LIMIT = 2000


def shared() -> bool:
    """Whether public pages are kept under versions (a cache every server shares)."""
    return settings.CLAIMTRACK_SHARED_PAGE_CACHE


def claim_scope(pk: int) -> str:
    return f"claim:{pk}"


def article_scope(slug: str) -> str:
    return f"article:{slug}"


def version_key(scope: str) -> str:
    return KEY_PREFIX + scope


def new_version() -> str:
    """A version never given before: the time (for Last-Modified) and random bits."""
    return f"{time.time():.6f}:{secrets.token_hex(4)}"


def version_time(version: str) -> float:
    return float(version.partition(":")[0])


def current(scopes: Sequence[str], *, also: Sequence[str] = ()) -> tuple[tuple, dict[str, Any]]:
    """The versions of ``scopes`` and the cache entries ``also``, in one ``get_many``.

    A version missing from the cache (never bumped, or evicted) is started now: the
    pages stored under an older one stay unreachable.
    """
    keys = [version_key(scope) for scope in scopes]
    found = cache.get_many([*keys, *also])
    versions = tuple(found.get(key) or _start(key) for key in keys)
    return versions, {key: found[key] for key in also if key in found}


def _start(key: str) -> str:
    version = new_version()
    if cache.add(key, version, timeout=VERSION_TIMEOUT):
        return version
    # Another server started (or bumped) it first: theirs is the one pages are under.
    return cache.get(key) or version


# ------------------------------------------------------------------------------
# Marking what changed, bumping on commit
# ------------------------------------------------------------------------------
@dataclass
class _Marks:
    """What the writes of the current transaction(s) in this thread touched."""

    claims: set = field(default_factory=set)
    articles: set = field(default_factory=set)
    verdicts: set = field(default_factory=set)
    sources: set = field(default_factory=set)
    claimants: set = field(default_factory=set)
    outlets: set = field(default_factory=set)
    events: set = field(default_factory=set)
    everything: bool = False


_local = threading.local()


def _mark(kind: str, ids: Iterable[Any]) -> None:
    if not shared():
        return
    marks = getattr(_local, "marks", None)
    if marks is None:
        marks = _local.marks = _Marks()
    getattr(marks, kind).update(i for i in ids if i is not None)
    # One callback per mark: a transaction that rolls back drops its callbacks, never
    # the marks, which the next commit in this thread then bumps (a harmless extra).
    transaction.on_commit(flush)


def bump_claims(ids: Iterable[int]) -> None:
    """The pages showing these claims change (their articles' pages and the lists)."""
    _mark("claims", ids)


def bump_articles(ids: Iterable[int]) -> None:
    """The pages of these articles and of all their claims change, and the lists."""
    _mark("articles", ids)


def bump_site() -> None:
    """The pages that list verdicts from anywhere change (home, lists, feeds, events).

    Every bump includes them: this one marks nothing more."""
    _mark("articles", ())


def bump_everything() -> None:
    """Every public page changes (a restored backup, a rename shown on every page)."""
    if shared():
        _mark("articles", ())
        _local.marks.everything = True


def flush() -> None:
    """Turn this thread's marks into new versions (run on commit)."""
    marks = getattr(_local, "marks", None)
    if marks is None:
        return
    _local.marks = None
    versions = {version_key(scope): new_version() for scope in _scopes(marks)}
    cache.set_many(versions, timeout=VERSION_TIMEOUT)


def discard() -> None:
    """Forget the marks not bumped yet (tests start clean)."""
    _local.marks = None


def _capped(values: Iterable[Any]) -> set:
    """Distinct values, at most FANOUT_LIMIT + 1 of them (enough to know it is too many)."""
    found = set()
    for value in values:
        found.add(value)
        if len(found) > FANOUT_LIMIT:
            break
    return found


def _scopes(marks: _Marks) -> set[str]:
    """The versions to bump: every page showing what the marks name, and ``site``."""
    scopes = {SITE}
    if marks.everything:
        return scopes | {EVERYTHING}
    claims = set(marks.claims)
    if marks.verdicts:
        claims |= set(
            Verdict.objects.filter(pk__in=marks.verdicts).values_list("claim_id", flat=True)
        )
    if marks.sources:
        claims |= _capped(
            Evidence.objects.filter(source_id__in=marks.sources).values_list("claim_id", flat=True)
        )
    if marks.claimants:
        by_claimant = Q(claimant_id__in=marks.claimants) | Q(
            relays__claimant_id__in=marks.claimants
        )
        claims |= _capped(Claim.objects.filter(by_claimant).values_list("pk", flat=True))
    articles = set(marks.articles)
    if marks.outlets:
        articles |= _capped(
            Article.objects.filter(outlet_id__in=marks.outlets).values_list("pk", flat=True)
        )
    if marks.events:
        articles |= _capped(
            Article.objects.filter(event_id__in=marks.events).values_list("pk", flat=True)
        )
    if len(claims) > FANOUT_LIMIT or len(articles) > FANOUT_LIMIT:
        return scopes | {EVERYTHING}
    if claims:
        articles |= set(Claim.objects.filter(pk__in=claims).values_list("article_id", flat=True))
    if not articles:
        return scopes | {claim_scope(pk) for pk in claims}
    family = _capped(Claim.objects.filter(article_id__in=articles).values_list("pk", flat=True))
    if len(family | claims) > FANOUT_LIMIT:
        return scopes | {EVERYTHING}
    # Every slug the articles ever had: a page kept under an old slug must go too.
    slugs = set(Article.objects.filter(pk__in=articles).values_list("slug", flat=True))
    slugs |= set(Article.history.filter(id__in=articles).values_list("slug", flat=True))
    return (
        scopes
        | {claim_scope(pk) for pk in family | claims}
        | {article_scope(slug) for slug in slugs}
    )


# ------------------------------------------------------------------------------
# Signals: every save and delete through the ORM, whoever makes it
# ------------------------------------------------------------------------------
def _on_claim(sender: type, instance: Claim, **kwargs: Any) -> None:
    bump_claims([instance.pk])
    bump_articles([instance.article_id])


def _by_field(kind: str, attname: str, *, skip_created: bool = False) -> Any:
    """A receiver marking ``kind`` with the instance's ``attname``."""

    def receiver(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
        if not (skip_created and created):
            _mark(kind, [getattr(instance, attname)])

    return receiver


def _on_event_deleted(sender: type, instance: Event, **kwargs: Any) -> None:
    # Before the delete: afterwards its articles no longer name it.
    if shared():
        bump_articles(Article.objects.filter(event_id=instance.pk).values_list("pk", flat=True))


def _on_site(sender: type, **kwargs: Any) -> None:
    bump_site()


def _on_relays_changed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        if isinstance(instance, Claim):
            bump_claims([instance.pk])
        else:
            _mark("claimants", [instance.pk])


_RECEIVERS: list[tuple[Any, Any, type]] = [
    # (signal, receiver, sender)
    (signals.post_save, _on_claim, Claim),
    (signals.post_delete, _on_claim, Claim),
    (signals.post_save, _by_field("claims", "claim_id"), Verdict),
    (signals.post_delete, _by_field("claims", "claim_id"), Verdict),
    (signals.post_save, _by_field("claims", "claim_id"), Evidence),
    (signals.post_delete, _by_field("claims", "claim_id"), Evidence),
    (signals.post_save, _by_field("verdicts", "verdict_id"), Correction),
    (signals.post_delete, _by_field("verdicts", "verdict_id"), Correction),
    (signals.post_save, _by_field("articles", "pk"), Article),
    (signals.post_delete, _by_field("articles", "pk"), Article),
    (signals.post_save, _by_field("articles", "article_id"), ArticleLink),
    # Nothing shows a claimant, source or outlet before something refers to it.
    (signals.post_save, _by_field("claimants", "pk", skip_created=True), Claimant),
    (signals.post_save, _by_field("sources", "pk", skip_created=True), Source),
    (signals.post_save, _by_field("outlets", "pk", skip_created=True), Outlet),
    (signals.post_save, _by_field("events", "pk", skip_created=True), Event),
    (signals.pre_delete, _on_event_deleted, Event),
    (signals.post_save, _by_field("claims", "claim_id"), ClaimRelay),
    # Matches and flags show on the public event pages, which are under ``site``.
    (signals.post_save, _on_site, ClaimMatch),
    (signals.post_save, _on_site, ClaimFlag),
    (signals.m2m_changed, _on_relays_changed, Claim.via.through),
]


def connect_signals() -> None:
    for signal, receiver, sender in _RECEIVERS:
        signal.connect(receiver, sender=sender, dispatch_uid=f"page_versions:{id(receiver)}")
