"""Public reads: every query of the public site starts here, so a draft,
submitted or withdrawn verdict, a candidate or dismissed claim, and the
reviewer-only notes can never reach a template, a feed or the search."""

from __future__ import annotations

import datetime
from typing import Any, NamedTuple

from django.db.models import (
    Count,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.lookups import IsNull

from claims.models import Claim, Claimant, ClaimRelay, Verdict, quote_slug

FEED_LIMIT = 50


# The order ratings are listed and charted in: the numeric scale, then the others.
RATING_ORDER = [
    Verdict.Rating.TRUE,
    Verdict.Rating.MOSTLY_TRUE,
    Verdict.Rating.MIXED,
    Verdict.Rating.MOSTLY_FALSE,
    Verdict.Rating.FALSE,
    Verdict.Rating.UNPROVEN,
    Verdict.Rating.MISATTRIBUTED,
    Verdict.Rating.CORRECTLY_ATTRIBUTED,
]


# Lists show a claim's quote with its article's title and outlet. The article's text,
# and above all its raw source (a whole HTML page when imported from the web), are
# never shown there and stay in the database.
LIST_DEFER = ("article__text", "article__source")


def public_verdicts() -> QuerySet[Verdict]:
    """Published verdicts on confirmed claims: the only verdicts the public sees."""
    return Verdict.objects.published().filter(claim__status=Claim.Status.CONFIRMED)


def public_claims() -> QuerySet[Claim]:
    """Confirmed claims with a published verdict, annotated with that verdict's fields.

    The join is filtered to the published verdict (at most one per claim, by
    constraint), so each claim appears once and drafts never join in.
    """
    return (
        Claim.objects.filter(status=Claim.Status.CONFIRMED)
        .annotate(
            published=FilteredRelation(
                "verdicts", condition=Q(verdicts__status=Verdict.Status.PUBLISHED)
            )
        )
        .filter(published__isnull=False)
        .annotate(
            rating=F("published__rating"),
            published_at=F("published__published_at"),
            verdict_updated=F("published__updated"),
        )
    )


def counted_verdicts() -> QuerySet[Verdict]:
    """The verdicts of `public_verdicts()`, for counting them: the same rows, no join.

    A published verdict is always on a confirmed claim: `verdict_publish` confirms a
    candidate claim and refuses a dismissed one, while `claim_dismiss` and the admin's
    claim form refuse to take a claim with a published verdict out of "confirmed"
    (tests/public/test_publication_rule.py). So numbers can be read from the verdicts
    alone, from an index, instead of joining a million claims; the rows a page shows
    still come through `public_claims()` and `public_verdicts()`.
    """
    return Verdict.objects.published()


def any_row(queryset: QuerySet) -> Q:
    """True when ``queryset`` has a row: an EXISTS that stops at the first one it finds.

    PostgreSQL turns a plain EXISTS into a semi-join and may then read every matching
    row before it joins (all 70,000 claims of a claimant, hashed, for each claimant);
    a scalar subquery with LIMIT 1 is planned to return its first row fast, on an index.
    """
    return Q(IsNull(Subquery(queryset.order_by().values("pk")[:1]), False))


def claim_ids_of(claimants: QuerySet[Claimant] | list[Claimant]) -> QuerySet:
    """The ids of the confirmed claims these claimants made or relayed, as a subquery."""
    # A union of two index scans: "made by X or relayed by X" in one condition can use
    # neither the claimant index nor the relay index, and reads every claim instead.
    return (
        Claim.objects.filter(claimant__in=claimants, status=Claim.Status.CONFIRMED)
        .order_by()
        .values("pk")
        .union(
            ClaimRelay.objects.filter(claimant__in=claimants, claim__status=Claim.Status.CONFIRMED)
            .order_by()
            .values("claim_id")
        )
    )


def public_claimants() -> QuerySet[Claimant]:
    """Claimants who made or relayed a published claim: the ones with a public page."""
    # One first-hit lookup per claimant and way of being named, each on an index.
    return Claimant.objects.filter(
        any_row(public_claims().filter(claimant=OuterRef("pk")))
        | any_row(
            ClaimRelay.objects.filter(
                claimant=OuterRef("pk"), claim__in=public_claims().values("pk")
            )
        )
    )


def rating_counts(verdicts: QuerySet[Verdict]) -> list[dict[str, Any]]:
    """Every rating of the scale with its count (zeros included), in scale order."""
    # One query: verdicts grouped by rating.
    found = {
        row["rating"]: row["n"]
        for row in verdicts.order_by().values("rating").annotate(n=Count("*"))
    }
    labels = dict(Verdict.Rating.choices)
    return [
        {"rating": str(rating), "label": labels[rating], "count": found.get(rating, 0)}
        for rating in RATING_ORDER
    ]


class _SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery (portable across SQLite and PostgreSQL)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _fingerprint_count)"
    output_field = IntegerField()


def latest(queryset: QuerySet, field: str) -> Subquery:
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


def count(queryset: QuerySet) -> _SubqueryCount:
    return _SubqueryCount(queryset.order_by().values("pk"))


# What ClaimReview and the Atom feed read of a verdict and its claim, article, outlet
# and claimant. Only these are loaded: the article's text and raw source would
# otherwise come along for every verdict, which for a feed of every published
# verdict is most of the work.
FEED_FIELDS = (
    "rating", "rationale", "status", "published_at", "created", "updated",
    "claim__exact", "claim__statement", "claim__kind", "claim__status",
    "claim__article__slug", "claim__article__url", "claim__article__title",
    "claim__article__published_on", "claim__article__outlet__name",
    "claim__claimant__name", "claim__claimant__kind", "claim__claimant__role",
)  # fmt: skip


def feed_verdicts() -> QuerySet[Verdict]:
    """Published verdicts with everything ClaimReview needs, newest first."""
    return (
        public_verdicts()
        .select_related("claim__article__outlet", "claim__claimant")
        .only(*FEED_FIELDS)
        .order_by("-published_at", "-pk")
    )


class ClaimantName(NamedTuple):
    name: str
    kind: str


class ClaimItem(NamedTuple):
    """A claim in a public list, read as a row rather than built as a model instance:
    what the list item prints (its quote, rating, claimant and check date)."""

    pk: int
    exact: str
    statement: str
    rating: str
    published_at: datetime.datetime
    claimant_name: str | None
    claimant_kind: str | None

    @property
    def claim_text(self) -> str:
        return self.statement or self.exact

    @property
    def slug(self) -> str:
        return quote_slug(self.exact)

    @property
    def claimant(self) -> ClaimantName | None:
        if self.claimant_name is None:
            return None
        return ClaimantName(self.claimant_name, self.claimant_kind or "")


CLAIM_ITEM_FIELDS = (
    "pk", "exact", "statement", "rating", "published_at", "claimant__name", "claimant__kind",
)  # fmt: skip


def claim_items(claims: QuerySet[Claim], limit: int) -> list[ClaimItem]:
    """The first `limit` of `claims` (from `public_claims()`, ordered) as list rows."""
    return [ClaimItem(*row) for row in claims.values_list(*CLAIM_ITEM_FIELDS)[:limit]]
