"""sitemap.xml: the public pages search engines should know about."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from articles.models import Article

from .models import Claim, Claimant
from .views import public_claimants, public_claims


class ClaimSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self) -> QuerySet[Claim]:
        # Query: published claims, only the fields their url and date need.
        return public_claims().only("pk", "exact").order_by("-published_at", "-pk")

    def lastmod(self, item: Claim) -> datetime.datetime:
        return item.verdict_updated


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self) -> QuerySet[Article]:
        # Query: articles with at least one published claim, newest check first.
        return (
            Article.objects.filter(claims__in=public_claims().values("pk"))
            .annotate(last_check=Max("claims__verdicts__updated"))
            .only("pk", "slug", "updated")
            .order_by("-last_check", "-pk")
        )

    def lastmod(self, item: Article) -> datetime.datetime:
        return max(d for d in (item.updated, item.last_check) if d is not None)


class ClaimantSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self) -> QuerySet[Claimant]:
        # Query: claimants who made or relayed published claims.
        return public_claimants().only("pk", "slug").order_by("slug")


class PagesSitemap(Sitemap):
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
}
