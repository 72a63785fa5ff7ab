"""The paged ClaimReview feed (/claimreview.json and the API's): newest first,
with an opaque cursor to the next page, each page cached under the site fingerprint."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Q,
)
from django.utils.http import urlencode

from claims.models import MAX_ID, Verdict

from .caching import CACHE_TIMEOUT, site_state
from .claimreview import claimreview_feed
from .selectors import feed_verdicts

# The ClaimReview data feed comes in pages of the newest reviews: every published
# review in one response was 36 MB and took most of a minute at 50,000 reviews.
CLAIMREVIEW_PAGE_SIZE = 500


_CURSOR = re.compile(r"([0-9]{1,18})-([0-9]{1,19})")


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


BAD_CURSOR = (
    "Not a valid position in the feed: give the value of `before` from the feed's "
    'Link: <...>; rel="next" header.'
)


class BadCursor(ValueError):
    pass


def feed_cursor(verdict: Verdict) -> str:
    """Where the next page of the feed starts: after this verdict, the last of a page.

    The verdict's publication time in microseconds since 1970 and its id, as
    "1764517559056726-4812": the feed is ordered by both, newest first.
    """
    delta = verdict.published_at - _EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}-{verdict.pk}"


def parse_feed_cursor(raw: str) -> tuple[datetime.datetime, int]:
    """(publication time, id) from a cursor; BadCursor when it is not one.

    Positions past anything stored (a time after the year 9999, an id beyond the
    largest) are taken as the largest possible: they come after every review.
    """
    match = _CURSOR.fullmatch(raw)
    if match is None:
        raise BadCursor(BAD_CURSOR)
    try:
        when = _EPOCH + datetime.timedelta(microseconds=int(match[1]))
    except OverflowError:
        when = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return when, min(int(match[2]), MAX_ID)


def claimreview_page(*, before: str | None, base_url: str) -> tuple[dict[str, Any], str | None]:
    """One page of the ClaimReview data feed, and the cursor of the next (None at the end).

    ``before`` is a cursor from a previous page (None for the newest reviews); a
    malformed one raises BadCursor. A page's reviews never change place: new reviews
    go to the first page, so a crawler following the cursors reads each once.
    """
    verdicts = feed_verdicts().filter(published_at__isnull=False)
    if before:
        when, pk = parse_feed_cursor(before)
        # The first condition bounds the index range; the second breaks ties by id.
        verdicts = verdicts.filter(published_at__lte=when).filter(
            Q(published_at__lt=when) | Q(pk__lt=pk)
        )
    # Query: one page of published verdicts with their claims, articles, outlets and
    # claimants, and one more to tell whether another page follows.
    rows = list(verdicts[: CLAIMREVIEW_PAGE_SIZE + 1])
    more = len(rows) > CLAIMREVIEW_PAGE_SIZE
    rows = rows[:CLAIMREVIEW_PAGE_SIZE]
    feed = claimreview_feed(rows, base_url=base_url)
    return feed, feed_cursor(rows[-1]) if more else None


def cached_claimreview_page(
    *, before: str | None, base_url: str
) -> tuple[dict[str, Any], str | None]:
    """`claimreview_page`, kept in the cache until anything is published or corrected."""
    if before:
        parse_feed_cursor(before)  # a malformed cursor is refused before any query
    # Query: the site fingerprint, or with a shared cache none (the site's version);
    # on a miss, the page's query.
    key = f"claimreview-page:{site_state()}:{base_url}:{before or ''}"
    page = cache.get(key)
    if page is None:
        page = claimreview_page(before=before, base_url=base_url)
        cache.set(key, page, CACHE_TIMEOUT)
    return page


def next_link(url: str, cursor: str | None) -> dict[str, str]:
    """The Link header pointing to the next page of a feed at ``url``, if there is one."""
    if cursor is None:
        return {}
    return {"Link": f'<{url}?{urlencode({"before": cursor})}>; rel="next"'}
