"""Following outlets' feeds: poll one, remember its entries, import the new ones.

:func:`feed_poll` fetches a feed with a conditional GET (its last ETag and
Last-Modified), reads it (articles.feed_parsing) and records its entries: an
entry is new when no feed listed its id or its link before, changed when the
feed gives it a new "updated" stamp, and due again when its last import
failed (up to ``FeedEntry.MAX_ATTEMPTS``). It returns the entries to import;
:func:`feed_entry_import` imports one — the feed's own content when it carries
the whole story, else the page at its link through the URL import. The caller
(articles.tasks) runs those inline or queues them. A feed that cannot be
fetched or read counts a failure; reviewers see it once it fails repeatedly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .feed_parsing import FeedItem, FeedParseError, entry_page, parse_feed
from .fetching import FetchedPage, FetchError, fetch
from .models import FeedEntry, Outlet, OutletFeed
from .services import ArticleImportError, ImportResult, article_import, article_import_url


@dataclass
class PollResult:
    feed: OutletFeed
    status: str  # "new" | "unchanged" | "failed"
    reason: str = ""
    new: int = 0  # entries no feed listed before
    changed: int = 0  # entries with a new "updated" stamp
    retried: int = 0  # entries whose last import failed
    to_import: list[dict] = field(default_factory=list)  # {"entry_id", "item"} for the jobs


# What feeds are served as (servers disagree; XML and JSON of any name are read).
FEED_CONTENT_TYPES = frozenset(
    {
        "application/rss+xml", "application/atom+xml", "application/rdf+xml",
        "application/xml", "text/xml", "application/feed+json", "application/json",
        "text/plain", "text/html", "application/x-rss+xml", "application/octet-stream",
    }
)  # fmt: skip


def fetch_feed(url: str, *, etag: str = "", last_modified: str = "") -> FetchedPage:
    """The feed document, or ``not_modified`` when it is as it was last time."""
    headers = {
        "Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
        "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return fetch(url, headers=headers, content_types=FEED_CONTENT_TYPES)


@transaction.atomic
def feed_add(*, outlet_name: str, url: str) -> OutletFeed:
    """Follow a feed; the outlet is found by name or created."""
    from .services import outlet_get_or_create

    outlet = outlet_get_or_create(name=outlet_name)
    if outlet is None:
        raise ValueError("an outlet name is required")
    return OutletFeed.objects.create(outlet=outlet, url=url.strip())


def feed_set_active(*, feed: OutletFeed, active: bool) -> OutletFeed:
    feed.active = active
    if active:
        feed.failures = 0  # resumed by a person: count its failures afresh
    feed.save(update_fields=["active", "failures"])
    return feed


def feed_poll(*, feed: OutletFeed) -> PollResult:
    """Fetch and read one feed; record its entries; say which to import."""
    try:
        response = fetch_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        parsed = (
            None
            if response.not_modified
            else parse_feed(response.content, content_type=response.content_type)
        )
    except (FetchError, FeedParseError) as exc:
        return _poll_failed(feed, str(exc))
    with transaction.atomic():
        result = PollResult(feed=feed, status="unchanged")
        if parsed is not None:
            _record_entries(feed, parsed.items, result)
        feed.last_polled = timezone.now()
        feed.last_error, feed.failures = "", 0
        if not response.not_modified:
            feed.etag, feed.last_modified = response.etag[:500], response.last_modified[:100]
        feed.save(update_fields=["last_polled", "last_error", "failures", "etag", "last_modified"])
    if result.to_import:
        result.status = "new"
    return result


def _poll_failed(feed: OutletFeed, reason: str) -> PollResult:
    OutletFeed.objects.filter(pk=feed.pk).update(
        last_polled=timezone.now(), last_error=reason[:2000], failures=feed.failures + 1
    )
    feed.refresh_from_db()
    return PollResult(feed=feed, status="failed", reason=reason)


def _record_entries(feed: OutletFeed, items: list[FeedItem], result: PollResult) -> None:
    guids = {item.guid for item in items}
    urls = {item.url for item in items if item.url}
    known = list(FeedEntry.objects.filter(Q(guid__in=guids) | Q(url__in=urls)))
    by_guid = {entry.guid: entry for entry in known}
    by_url = {entry.url: entry for entry in known if entry.url}
    seen: set[int] = set()
    for item in items:
        entry = by_guid.get(item.guid) or (by_url.get(item.url) if item.url else None)
        if entry is None:
            try:
                with transaction.atomic():
                    entry = FeedEntry.objects.create(feed=feed, guid=item.guid, url=item.url)
            except IntegrityError:
                continue  # another feed's poll recorded it a moment ago: theirs to import
            by_guid[item.guid] = entry
            if item.url:
                by_url[item.url] = entry
            result.new += 1
        elif entry.pk in seen:
            continue  # listed twice in this document
        elif entry.article_id is None:
            if entry.attempts >= FeedEntry.MAX_ATTEMPTS:
                continue
            result.retried += 1
        elif item.stamp and item.stamp != entry.stamp:
            result.changed += 1
        else:
            continue
        seen.add(entry.pk)
        result.to_import.append({"entry_id": entry.pk, "item": asdict(item)})


def feed_entry_import(*, entry_id: int, item: dict, defer_claims: bool = False) -> ImportResult:
    """Import one feed entry: its own content when it is the whole story, else its page.

    On failure the entry keeps the reason and its attempts count; the error is raised
    (a fetch error as :class:`FetchError`, so a job can retry it later).
    """
    entry = FeedEntry.objects.select_related("feed__outlet").get(pk=entry_id)
    feed_item = FeedItem(**item)
    outlet: Outlet = entry.feed.outlet
    try:
        if feed_item.content_html:
            result = article_import(
                raw=entry_page(feed_item, outlet=outlet.name),
                filename="feed-entry.html",
                source_format="html",
                outlet_name=outlet.name,
                url=feed_item.url,
                defer_claims=defer_claims,
            )
        elif feed_item.url:
            result = article_import_url(
                url=feed_item.url, outlet_name=outlet.name, defer_claims=defer_claims
            )
        else:
            raise ArticleImportError("the entry has neither a link nor its story")
    except (ArticleImportError, FetchError) as exc:
        FeedEntry.objects.filter(pk=entry_id).update(
            attempts=entry.attempts + 1, error=str(exc)[:2000], updated=timezone.now()
        )
        raise
    FeedEntry.objects.filter(pk=entry_id).update(
        article=result.article, stamp=feed_item.stamp, error="", updated=timezone.now()
    )
    return result


def feeds_failing() -> int:
    """How many followed feeds are failing (shown on the reviewers' pages)."""
    return OutletFeed.objects.filter(active=True, failures__gte=OutletFeed.FAILING_AFTER).count()
