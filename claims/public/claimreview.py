"""schema.org ClaimReview markup for published verdicts.

Used by the public claim pages (JSON-LD in <head>), the /claimreview.json
data feed and the REST API, so every machine reader sees the same values.
See https://schema.org/ClaimReview and Google's fact-check guidelines.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from claims.text.quotes import short_quote

if TYPE_CHECKING:
    from claims.models import Claim, Claimant, Verdict

SCHEMA_CONTEXT = "https://schema.org"


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _iso_date(value: datetime.date | datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date().isoformat()
    return value.isoformat()


def _thing_for(claimant: Claimant | None) -> dict[str, Any] | None:
    """A Person or an Organization for a claimant; media outlets are organizations."""
    if claimant is None:
        return None
    from claims.models import Claimant

    kind = "Person" if claimant.kind == Claimant.Kind.PERSON else "Organization"
    if claimant.kind == Claimant.Kind.UNKNOWN:
        # Unknown claimants are usually unnamed officials; "Person" would be a guess
        # either way, and schema.org readers accept Organization for groups.
        kind = "Organization"
    thing: dict[str, Any] = {"@type": kind, "name": claimant.name}
    if claimant.role and kind == "Person":
        thing["jobTitle"] = claimant.role
    return thing


def publisher() -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": settings.CLAIMTRACK_PUBLISHER_NAME,
        "url": settings.CLAIMTRACK_PUBLISHER_URL,
    }


def review_rating(verdict: Verdict) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label}
    if verdict.rating_value is not None:
        rating["ratingValue"] = verdict.rating_value
        rating["bestRating"] = verdict.BEST_RATING
        rating["worstRating"] = verdict.WORST_RATING
    return rating


def item_reviewed(claim: Claim, *, base_url: str) -> dict[str, Any]:
    article = claim.article
    item: dict[str, Any] = {"@type": "Claim"}
    author = _thing_for(claim.claimant)
    if author is None and article.outlet_id is not None:
        # A claim nobody is quoted for is the outlet's own statement.
        author = {"@type": "Organization", "name": article.outlet.name}
    if author is not None:
        item["author"] = author
    # The original article when we know it, else our public copy of it.
    appearance_url = article.url or absolute(base_url, article.get_absolute_url())
    appearance: dict[str, Any] = {"@type": "CreativeWork", "url": appearance_url}
    if article.title:
        appearance["headline"] = article.title
    if article.outlet_id is not None:
        appearance["publisher"] = {"@type": "Organization", "name": article.outlet.name}
    item["appearance"] = appearance
    date = _iso_date(article.published_on)
    if date is not None:
        item["datePublished"] = date
    return item


# A statement is one sentence; this only guards against a runaway one.
STATEMENT_MAX = 500


def claimed(claim: Claim) -> str:
    """ClaimReview's claimReviewed: the claim as checked, whole (a reader must understand
    it without the article); a claim without a statement falls back to its short quote."""
    if claim.statement:
        return short_quote(claim.statement, STATEMENT_MAX)
    return short_quote(claim.exact)


def claimreview_for(verdict: Verdict, *, base_url: str) -> dict[str, Any]:
    """One schema.org ClaimReview for a published verdict.

    `base_url` is the scheme and host ("https://claims.example.org") used to make
    absolute urls. The caller selects the verdict with `claim__article__outlet`
    and `claim__claimant` to avoid extra queries.
    """
    claim = verdict.claim
    url = absolute(base_url, claim.get_absolute_url())
    review: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claimed(claim),
        "itemReviewed": item_reviewed(claim, base_url=base_url),
        "author": publisher(),
        "reviewRating": review_rating(verdict),
    }
    date = _iso_date(verdict.published_at)
    if date is not None:
        review["datePublished"] = date
    return review


def claimreview_feed(verdicts: Iterable[Verdict], *, base_url: str) -> dict[str, Any]:
    """A schema.org DataFeed whose elements are the ClaimReviews of `verdicts`."""
    elements = []
    modified: datetime.datetime | None = None
    for verdict in verdicts:
        review = claimreview_for(verdict, base_url=base_url)
        # The feed carries one @context for all its elements.
        review.pop("@context", None)
        elements.append(review)
        if modified is None or verdict.updated > modified:
            modified = verdict.updated
    feed: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "DataFeed",
        "name": f"{settings.CLAIMTRACK_PUBLISHER_NAME} fact checks",
        "url": absolute(base_url, "/claimreview.json"),
        "publisher": publisher(),
    }
    if modified is not None:
        # The newest change to any review, so an unchanged feed reads the same twice
        # (an empty feed has none, rather than a date that changes on every read).
        feed["dateModified"] = modified.isoformat(timespec="seconds")
    feed["dataFeedElement"] = elements
    return feed
