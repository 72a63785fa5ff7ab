"""Reads shared by the export command, the review pages and the API."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.query import ModelIterable

from articles.models import Article, Outlet

from .models import Claim, Claimant, ClaimFlag, ClaimMatch, ClaimRelay, Verdict


class _PublicFlags(ModelIterable):
    """Flags as the public may see them: every claim they name has a published verdict.

    The query keeps those whose main other claim is published; the rest of the claims
    named by flags that name several are looked up together, in one more query, and
    only when there are such flags.
    """

    def __iter__(self) -> Iterator[ClaimFlag]:
        flags = list(super().__iter__())
        named = {pk for flag in flags for pk in flag.other_ids if pk != flag.other_id}
        published = set()
        if named:
            published = set(
                Verdict.objects.published()
                .filter(claim_id__in=named)
                .values_list("claim_id", flat=True)
            )
        for flag in flags:
            if all(pk == flag.other_id or pk in published for pk in flag.other_ids):
                yield flag


def event_links(*, public: bool) -> list[Prefetch]:
    """Prefetches for a claim's matches and flags (read by :func:`match_ids`).

    The public sees only matches to claims with a published verdict, and only
    flags every other claim of which has one too (the claim itself is published,
    or the public would not see it). Three queries, whatever the number of claims
    (a fourth for the public when a flag names several claims).
    """
    matches = ClaimMatch.objects.exclude(status=ClaimMatch.Status.BROKEN).only(
        "pk", "claim_a_id", "claim_b_id", "status"
    )
    flags = ClaimFlag.objects.order_by("kind", "pk").only(
        "pk", "claim_id", "kind", "message", "other_id", "others"
    )
    as_a, as_b = matches, matches
    if public:
        published = Verdict.objects.published()
        as_a = matches.filter(Exists(published.filter(claim=OuterRef("claim_b"))))
        as_b = matches.filter(Exists(published.filter(claim=OuterRef("claim_a"))))
        flags = flags.filter(Exists(published.filter(claim=OuterRef("other"))))
        # Kept through the prefetch's own filtering: the querysets it derives copy it.
        flags._iterable_class = _PublicFlags
    return [
        Prefetch("matches_as_a", queryset=as_a),
        Prefetch("matches_as_b", queryset=as_b),
        Prefetch("flags", queryset=flags),
    ]


def match_ids(claim: Claim) -> list[int]:
    """Ids of the claims matched with this one (prefetched by :func:`event_links`)."""
    return sorted(
        [m.claim_b_id for m in claim.matches_as_a.all()]
        + [m.claim_a_id for m in claim.matches_as_b.all()]
    )


def event_ref(claim: Claim) -> dict | None:
    """The event of the claim's article as {id, title} (article and event selected)."""
    event = claim.article.event
    return {"id": event.pk, "title": event.title} if event is not None else None


def claims_for_export(*, article_id: int | None = None) -> QuerySet[Claim]:
    """Every claim with what its representation needs, in a fixed number of queries."""
    claims = Claim.objects.select_related(
        "article__event", "article__outlet", "claimant"
    ).prefetch_related(
        Prefetch("relays", queryset=ClaimRelay.objects.select_related("claimant")),
        Prefetch("verdicts", queryset=Verdict.objects.order_by("-created")),
        *event_links(public=False),
    )
    if article_id is not None:
        claims = claims.filter(article_id=article_id)
    return claims.order_by("article_id", "start", "end", "id")


def current_verdict(claim: Claim) -> Verdict | None:
    """The published verdict if any, else the newest working one (prefetched)."""
    verdicts = list(claim.verdicts.all())
    for verdict in verdicts:
        if verdict.status == Verdict.Status.PUBLISHED:
            return verdict
    for verdict in verdicts:
        if verdict.status in (Verdict.Status.DRAFT, Verdict.Status.SUBMITTED):
            return verdict
    return None


def verdict_as_dict(verdict: Verdict | None) -> dict | None:
    if verdict is None:
        return None
    return {
        "rating": verdict.rating,
        "label": verdict.label,
        "rating_value": verdict.rating_value,
        "rationale": verdict.rationale,
        "status": verdict.status,
        "published_at": verdict.published_at.isoformat() if verdict.published_at else None,
        "version": verdict.version,
    }


def given_by(claim: Claim) -> dict | None:
    """Who gives the claim, for exports: its claimant; for a figure or hedge the article
    credits to nobody, the outlet itself (``"outlet": true``), never silently no one."""
    claimant, outlet = claim.claimant, claim.article.outlet
    if claimant is not None:
        by_outlet = claimant.kind == Claimant.Kind.MEDIA and outlet is not None
        return {
            "name": claimant.name,
            "kind": claimant.kind,
            "role": claimant.role,
            "outlet": by_outlet and claimant.name.casefold() == outlet.name.casefold(),
        }
    if claim.kind in (Claim.Kind.CASUALTY, Claim.Kind.UNVERIFIED) and outlet is not None:
        return {"name": outlet.name, "kind": Claimant.Kind.MEDIA, "role": "", "outlet": True}
    return None


def claim_as_dict(claim: Claim) -> dict:
    return {
        "id": claim.pk,
        "article": claim.article_id,
        "kind": claim.kind,
        "exact": claim.exact,
        "start": claim.start,
        "end": claim.end,
        "prefix": claim.prefix,
        "suffix": claim.suffix,
        "sentence": claim.sentence,
        "statement": claim.claim_text,
        "claimant": given_by(claim),
        "attribution": claim.attribution_id,
        "via": [relay.claimant.name for relay in claim.relays.all()],
        "quantity": claim.quantity,
        "status": claim.status,
        "anchor_state": claim.anchor_state,
        "origin": claim.origin,
        "extractor_version": claim.extractor_version,
        "verdict": verdict_as_dict(current_verdict(claim)),
        "event": event_ref(claim),
        "matches": match_ids(claim),
        "flags": [
            {"kind": f.kind, "message": f.message, "others": f.other_ids} for f in claim.flags.all()
        ],
    }


# ------------------------------------------------------------------------------
# The review queue's page: rows, not model instances
# ------------------------------------------------------------------------------
_KIND_LABELS = dict(Claim.Kind.choices)
_STATUS_LABELS = dict(Claim.Status.choices)
_RATING_LABELS = dict(Verdict.Rating.choices)
_VERDICT_STATUS_LABELS = dict(Verdict.Status.choices)


class VerdictBadge(NamedTuple):
    """A claim's current verdict as its badge shows it (review/_verdict_badge.html)."""

    rating: str
    status: str
    stale: bool

    @property
    def label(self) -> str:
        return _RATING_LABELS[self.rating]

    def get_status_display(self) -> str:
        return _VERDICT_STATUS_LABELS[self.status]


class QueueArticle(NamedTuple):
    pk: int
    title: str
    published_on: dt.date | None
    outlet_name: str | None


class QueueClaim(NamedTuple):
    pk: int
    article_id: int
    kind: str
    status: str
    anchor_state: str
    exact: str
    flag_count: int
    assigned_to_id: int | None
    claimant_slug: str | None
    claimant_name: str | None

    @property
    def kind_label(self) -> str:
        return _KIND_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return _STATUS_LABELS[self.status]


# One query for a page of the queue. Written out rather than built with the ORM:
# composing and compiling the equivalent queryset (joins, a flag count and the
# current verdict as subqueries) took ten times longer than running it, on every
# page. The current verdict is the one `current_verdict` picks: the published
# one, else the newest draft or submitted one.
_QUEUE_ROWS_SQL = """
SELECT c.id, c.article_id, c.kind, c.status, c.anchor_state, c.exact,
  (SELECT COUNT(*) FROM {flag} f WHERE f.claim_id = c.id),
  c.assigned_to_id, who.slug, who.name,
  a.title, a.published_on, o.name,
  v.rating, v.status, v.stale
FROM {claim} c
JOIN {article} a ON a.id = c.article_id
LEFT JOIN {outlet} o ON o.id = a.outlet_id
LEFT JOIN {claimant} who ON who.id = c.claimant_id
LEFT JOIN {verdict} v ON v.id = (
  SELECT cv.id FROM {verdict} cv
  WHERE cv.claim_id = c.id AND cv.status IN ({published}, {draft}, {submitted})
  ORDER BY CASE WHEN cv.status = {published} THEN 0 ELSE 1 END, cv.created DESC, cv.id DESC
  LIMIT 1
)
WHERE c.id IN ({ids})
"""


def status_literal(status: str) -> str:
    """A status as an SQL string literal (statuses are lowercase words).

    Hand-written statements write statuses in rather than binding them: SQLite
    plans a statement again on every run when a parameter is compared with the
    column of a partial index's condition (a verdict's status: one published
    verdict per claim), and that planning cost three times the query.
    """
    if not re.fullmatch(r"[a-z-]+", status):
        raise ValueError(f"Not a status: {status!r}")
    return f"'{status}'"


@functools.cache
def _queue_rows_sql(n: int) -> str:
    return _QUEUE_ROWS_SQL.format(
        claim=Claim._meta.db_table,
        article=Article._meta.db_table,
        outlet=Outlet._meta.db_table,
        claimant=Claimant._meta.db_table,
        verdict=Verdict._meta.db_table,
        flag=ClaimFlag._meta.db_table,
        published=status_literal(Verdict.Status.PUBLISHED),
        draft=status_literal(Verdict.Status.DRAFT),
        submitted=status_literal(Verdict.Status.SUBMITTED),
        ids=", ".join(["%s"] * n),
    )


def _as_date(value: dt.date | str | None) -> dt.date | None:
    """A date column as a date: SQLite's driver gives raw queries its text."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def queue_rows(
    ids: list[int],
) -> tuple[list[tuple[QueueClaim, VerdictBadge | None]], dict[int, QueueArticle]]:
    """The queue page's claims in the order of ``ids``, each with its current verdict,
    and their articles by id: one query, whatever the page's size.

    The page shows a few columns of each claim: they are read as rows instead of
    building claims, articles, outlets, claimants and every verdict of each claim
    as model instances.
    """
    if not ids:
        return [], {}
    with connection.cursor() as cursor:
        cursor.execute(_queue_rows_sql(len(ids)), ids)
        found = cursor.fetchall()
    by_id: dict[int, tuple[QueueClaim, VerdictBadge | None]] = {}
    articles: dict[int, QueueArticle] = {}
    for row in found:
        claim = QueueClaim(*row[:10])
        title, published_on, outlet_name, rating, status, stale = row[10:]
        by_id[claim.pk] = (claim, VerdictBadge(rating, status, bool(stale)) if status else None)
        articles[claim.article_id] = QueueArticle(
            claim.article_id, title, _as_date(published_on), outlet_name
        )
    return [by_id[pk] for pk in ids if pk in by_id], articles
