"""Atom feed of published verdicts."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from claims.models import Verdict
from claims.page_versions import SITE
from claims.text.markdown import render_markdown
from claims.text.quotes import short_quote

from .caching import public_response, site_fingerprint
from .selectors import FEED_LIMIT, feed_verdicts


class VerdictFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self) -> str:
        return f"{settings.CLAIMTRACK_PUBLISHER_NAME}: latest fact-checks"

    def subtitle(self) -> str:
        return "Claims from news articles, checked against their sources."

    def link(self) -> str:
        return reverse("claims:home")

    def feed_url(self) -> str:
        return reverse("claims:feed")

    def author_name(self) -> str:
        return settings.CLAIMTRACK_PUBLISHER_NAME

    def items(self) -> list[Verdict]:
        # Query: the newest published verdicts with their claims and articles.
        return list(feed_verdicts()[:FEED_LIMIT])

    def item_title(self, item: Verdict) -> str:
        return f"{item.label}: {short_quote(item.claim.claim_text, 120)}"

    def item_description(self, item: Verdict) -> str:
        claim = item.claim
        claimant = f" — {claim.claimant.name}" if claim.claimant else ""
        # The rationale is Markdown; feed readers get the same cleaned HTML as the page.
        return format_html(
            "<p><strong>{}.</strong> {}{}</p>{}",
            item.label,
            claim.claim_text,
            claimant,
            render_markdown(item.rationale),
        )

    def item_link(self, item: Verdict) -> str:
        return item.claim.get_absolute_url()

    def item_guid(self, item: Verdict) -> str:
        # Atom ids must be absolute IRIs that never change: a tag: URI (RFC 4151) named
        # after the publisher, whatever host the feed is read through.
        authority = urlsplit(settings.CLAIMTRACK_PUBLISHER_URL).hostname or "claimtrack.invalid"
        day = (item.published_at or item.created).date().isoformat()
        return f"tag:{authority},{day}:claims/{item.claim_id}/verdicts/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Verdict) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Verdict) -> datetime.datetime:
        return item.updated

    def item_categories(self, item: Verdict) -> list[str]:
        return [item.label, item.claim.get_kind_display()]


_feed = VerdictFeed()


@require_safe
def verdict_feed(request: HttpRequest) -> HttpResponse:
    return public_response(
        request,
        name="feed:verdicts",
        scopes=[SITE],
        check=site_fingerprint,
        build=lambda: _feed(request),
    )
