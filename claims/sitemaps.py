"""sitemap.xml: an index of the public pages search engines should know about.

``/sitemap.xml`` is a sitemap index; each section (``/sitemap-claims.xml`` and
so on) lists up to ``limit`` pages per file and continues on ``?p=2``, so a
desk with tens of thousands of fact-checks still has every one of them listed.
"""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.urls import reverse

from articles.models import Article, Event

from .models import Claim, Claimant, Verdict
from .views import public_claimants, public_claims

# Search engines accept 50,000 urls per file; files of 2,000 render in about a second,
# quickly enough to be built on request.
PAGE_SIZE = 2000


class PublicSitemap(Sitemap):
    limit = PAGE_SIZE

    def get_latest_lastmod(self) -> None:
        # Django's default reads every item of the section to find the newest date;
        # the index leaves it out instead (each url still has its own lastmod).
        return None


class ClaimSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Claim]:
        # Query: published claims, only the fields their url and date need.
        return public_claims().only("pk", "exact").order_by("-published_at", "-pk")

    def lastmod(self, item: Claim) -> datetime.datetime:
        return item.verdict_updated


class ArticleSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> QuerySet[Article]:
        # Query: articles with at least one published claim, with their latest published
        # check, in one pass over the published verdicts (drafts do not count: their
        # dates are not public). Max() uses the join the filter made.
        return (
            Article.objects.filter(
                claims__status=Claim.Status.CONFIRMED,
                claims__verdicts__status=Verdict.Status.PUBLISHED,
            )
            .annotate(last_check=Max("claims__verdicts__updated"))
            .only("pk", "slug", "updated")
            .order_by("-pk")
        )

    def lastmod(self, item: Article) -> datetime.datetime:
        return max(d for d in (item.updated, item.last_check) if d is not None)


class ClaimantSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[Claimant]:
        # Query: claimants who made or relayed published claims.
        return public_claimants().only("pk", "slug").order_by("slug")


class EventSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[Event]:
        # Query: events with at least one published claim (the others have no page).
        return (
            Event.objects.filter(Exists(public_claims().filter(article__event=OuterRef("pk"))))
            .only("pk", "slug", "updated")
            .order_by("-pk")
        )

    def lastmod(self, item: Event) -> datetime.datetime:
        return item.updated


class PagesSitemap(PublicSitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self) -> list[str]:
        return ["claims:home", "claims:search", "claims:corrections", "claims:about"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": PagesSitemap,
    "claims": ClaimSitemap,
    "articles": ArticleSitemap,
    "claimants": ClaimantSitemap,
    "events": EventSitemap,
}
