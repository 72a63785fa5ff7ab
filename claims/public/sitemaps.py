"""sitemap.xml: an index of the public pages search engines should know about.

``/sitemap.xml`` is a sitemap index; each section (``/sitemap-claims.xml`` and
so on) continues on ``?p=2``, so a desk with a million claims still has every
published one listed.

Claims and articles are paged by ranges of ids counted from the first one:
page *n* lists the public ones among the ``limit`` ids from ``first + (n - 1) ×
limit``. Knowing how many pages there are then takes the smallest and largest
id, two lookups at the ends of the primary key, where counting the public
claims or articles joined every verdict to its claim (seconds at a million);
each page reads its range on the primary key. A range with nothing published
is an empty page, which search engines accept. Claimants and events are few
and paged as usual.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse

from articles.models import Article, Event
from claims.models import Claim, Claimant

from .selectors import any_row, public_claimants, public_claims, public_verdicts

# Search engines accept 50,000 urls per file; ranges of 2,000 ids render in well under
# a second, quickly enough to be built on request.
PAGE_SIZE = 2000


class IdRangePage:
    def __init__(self, object_list: list, number: int) -> None:
        self.object_list = object_list
        self.number = number


class IdRangePaginator:
    """Pages of ``queryset`` by ranges of ids, as far as the largest id of ``model``."""

    def __init__(
        self, queryset: QuerySet, per_page: int, *, model: Any, keep: Callable[[Any], bool]
    ) -> None:
        self.queryset = queryset
        self.per_page = per_page
        self.model = model
        self.keep = keep

    @cached_property
    def _ids(self) -> tuple[int, int]:
        """The id before the first and the largest id, read from the ends of the key.

        The first row in key order with the last id as a subquery: SQLite reads a
        lone MIN or MAX from the index, but scans the table for the pair.
        """
        rows = self.model.objects.using(self.queryset.db)
        last = Subquery(rows.order_by("-pk").values("pk")[:1])
        # Query: the first and last id.
        ends = rows.order_by("pk").annotate(last=last).values_list("pk", "last").first()
        if ends is None:
            return (0, 0)
        return (ends[0] - 1, ends[1])

    @cached_property
    def num_pages(self) -> int:
        before, last = self._ids
        return max(1, math.ceil((last - before) / self.per_page))

    def page(self, number: Any) -> IdRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("That page number is not an integer") from exc
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        low = self._ids[0] + (number - 1) * self.per_page
        # Query: the public items of this range of ids.
        items = self.queryset.filter(pk__gt=low, pk__lte=low + self.per_page).order_by("pk")
        return IdRangePage([item for item in items if self.keep(item)], number)


class PublicSitemap(Sitemap):
    limit = PAGE_SIZE

    def get_latest_lastmod(self) -> None:
        # Django's default reads every item of the section to find the newest date;
        # the index leaves it out instead (each url still has its own lastmod).
        return None


class IdRangeSitemap(PublicSitemap):
    model: Any = None

    @property
    def paginator(self) -> IdRangePaginator:
        return IdRangePaginator(self.items(), self.limit, model=self.model, keep=self.keep)

    def keep(self, item: Any) -> bool:
        """Whether an item the query found is listed (all of them, unless overridden)."""
        return True


class ClaimSitemap(IdRangeSitemap):
    model = Claim
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Claim]:
        # Query: published claims, only the fields their url and date need.
        return public_claims().only("pk", "exact")

    def lastmod(self, item: Claim) -> datetime.datetime:
        return item.verdict_updated


class ArticleSitemap(IdRangeSitemap):
    model = Article
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> QuerySet[Article]:
        # Query: articles with the date of their latest published check (drafts do not
        # count: their dates are not public), each read from the article's own claims;
        # those without one have no public page and are left out.
        checks = public_verdicts().filter(claim__article=OuterRef("pk"))
        return Article.objects.annotate(
            last_check=Subquery(checks.order_by("-updated").values("updated")[:1])
        ).only("pk", "slug", "updated")

    def keep(self, item: Article) -> bool:
        return item.last_check is not None

    def lastmod(self, item: Article) -> datetime.datetime:
        return max(item.updated, item.last_check)


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
            Event.objects.filter(any_row(public_claims().filter(article__event=OuterRef("pk"))))
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
