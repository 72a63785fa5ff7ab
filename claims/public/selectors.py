"""Public reads: every query of the public site starts here, so a draft,
submitted or withdrawn verdict, a candidate or dismissed claim, and the
reviewer-only notes can never reach a template, a feed or the search."""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connection
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

from articles.models import Article, ArticleLink, Event, Outlet
from claims.models import (
    Claim,
    Claimant,
    ClaimRelay,
    Correction,
    Evidence,
    Source,
    Verdict,
)
from claims.selectors import status_literal

from .paths import article_path, claim_path, claim_paths, claimant_path, event_path

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
    def claimant(self) -> ClaimantName | None:
        if self.claimant_name is None:
            return None
        return ClaimantName(self.claimant_name, self.claimant_kind or "")


# ------------------------------------------------------------------------------
# The claim page, read as rows
# ------------------------------------------------------------------------------
# Each query below is written out: the ORM took ten times longer to build them than
# the database to answer them (the verdict's join of six tables most). Table names
# and statuses come from the models (sql_names); values are always parameters, named:
# Django's SQLite backend turns positional %s into ? with a regular expression over
# the whole statement, which cost a long statement more than the database's answer.

KIND_LABELS = dict(Claim.Kind.choices)
CATEGORY_LABELS = dict(Claim.Category.choices)
RATING_LABELS = dict(Verdict.Rating.choices)
STANCE_LABELS = dict(Evidence.Stance.choices)
SOURCE_KIND_LABELS = dict(Source.Kind.choices)


def _aware(
    value: datetime.datetime | str | None, stored: datetime.tzinfo
) -> datetime.datetime | None:
    """A datetime column as the ORM gives it: aware. SQLite's driver gives it naive
    (or as text, from an expression), in the database's time zone, ``stored``
    (``connection.timezone``: read once per list, it is a lookup per thread)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=stored)
    return value


def _date(value: datetime.date | str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


@dataclass(slots=True)
class PageClaimant:
    """A claimant named on a claim page: who made the claim, or relayed it."""

    name: str
    slug: str
    kind: str
    role: str

    @property
    def url(self) -> str:
        return claimant_path(self.slug)


@dataclass(slots=True)
class PageOutlet:
    name: str


@dataclass(slots=True)
class PageEvent:
    slug: str
    title: str

    @property
    def url(self) -> str:
        return event_path(self.slug)


@dataclass(slots=True)
class PageArticle:
    """The article a claim page quotes (never its text or raw source)."""

    pk: int
    slug: str
    title: str
    url: str
    published_on: datetime.date | None
    outlet_id: int | None
    outlet: PageOutlet | None
    event: PageEvent | None

    def get_absolute_url(self) -> str:
        return article_path(self.slug)


@dataclass(slots=True)
class PageClaim:
    """The claim of a claim page, with the attributes ClaimReview reads of a claim."""

    pk: int
    kind: str
    exact: str
    statement: str
    sentence: str
    prefix: str
    suffix: str
    anchor_state: str
    count_min: int | None
    count_max: int | None
    category: str
    parts: list
    claimant: PageClaimant | None
    article: PageArticle

    @property
    def claim_text(self) -> str:
        return self.statement or self.exact

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)

    def get_absolute_url(self) -> str:
        return claim_path(self.pk, self.exact)


@dataclass(slots=True)
class PageVerdict:
    """The published verdict of a claim page, with the attributes ClaimReview reads."""

    BEST_RATING = Verdict.BEST_RATING
    WORST_RATING = Verdict.WORST_RATING

    claim: PageClaim
    rating: str
    rationale: str
    published_at: datetime.datetime | None
    updated: datetime.datetime
    stale: bool

    @property
    def label(self) -> str:
        return RATING_LABELS.get(self.rating, self.rating)

    @property
    def rating_value(self) -> int | None:
        return Verdict.RATING_VALUES.get(self.rating)


class PageSource(NamedTuple):
    """A source of a claim page, with its stance (never the reviewer's evidence note)."""

    stance: str
    title: str
    url: str
    publisher: str
    kind: str
    accessed_on: datetime.date | None
    archive_url: str

    @property
    def stance_label(self) -> str:
        return STANCE_LABELS.get(self.stance, self.stance)

    @property
    def kind_label(self) -> str:
        return SOURCE_KIND_LABELS.get(self.kind, self.kind)


class PageCorrection(NamedTuple):
    note: str
    created: datetime.datetime


# A JSON array of values, and the JSON array of a group's rows, in each database.
_JSON_FUNCTIONS = {
    "postgresql": {"json_array": "json_build_array", "json_agg": "json_agg"},
    "sqlite": {"json_array": "json_array", "json_agg": "json_group_array"},
}


@functools.cache
def sql_names() -> dict[str, str]:
    """What the public site's hand-written SQL names: tables as {claim}, {article},
    {verdict}, {evidence}, {correction}, {claimant}, {relay}, {source}, {outlet},
    {event}, {link} and the history tables {claim_history}, {article_history},
    {verdict_history}, {evidence_history}; statuses as {published}, {withdrawn}
    (verdicts) and {confirmed} (claims); the database's JSON functions as
    {json_array} (an array of values) and {json_agg} (the array of a group's rows).

    Statuses are written into the statements rather than bound as parameters
    (``status_literal`` says why). Read once per process: ``Model.history`` builds
    a manager each time.
    """
    return {
        "article": Article._meta.db_table,
        "claim": Claim._meta.db_table,
        "claimant": Claimant._meta.db_table,
        "correction": Correction._meta.db_table,
        "event": Event._meta.db_table,
        "evidence": Evidence._meta.db_table,
        "link": ArticleLink._meta.db_table,
        "outlet": Outlet._meta.db_table,
        "relay": ClaimRelay._meta.db_table,
        "source": Source._meta.db_table,
        "verdict": Verdict._meta.db_table,
        "claim_history": Claim.history.model._meta.db_table,
        "article_history": Article.history.model._meta.db_table,
        "verdict_history": Verdict.history.model._meta.db_table,
        "evidence_history": Evidence.history.model._meta.db_table,
        "published": status_literal(Verdict.Status.PUBLISHED),
        "withdrawn": status_literal(Verdict.Status.WITHDRAWN),
        "confirmed": status_literal(Claim.Status.CONFIRMED),
        **_JSON_FUNCTIONS[connection.vendor],
    }


@functools.cache
def statement(sql: str) -> str:
    """``sql`` with the names of :func:`sql_names` filled in (once per statement)."""
    return sql.format(**sql_names())


# The published verdict of a confirmed claim, with what the page shows of the claim,
# its article, outlet, event and claimant, and the page's lists as JSON arrays of
# rows: the attribution chain ("via"), the sources with their stances (never the
# reviewer's evidence note), the public correction log of the claim's verdicts and
# the article's first other published claims. One statement: on PostgreSQL each
# statement more was a round trip that cost more than the rows it read. Each row
# carries what it is ordered by, and is put in order in Python (an aggregate's
# input order is not guaranteed). The editor's note to the reviewer is never read,
# nor the article's text and raw source.
_CLAIM_PAGE_SQL = """
SELECT v.rating, v.rationale, v.published_at, v.updated, v.stale,
  c.kind, c.exact, c.statement, c.sentence, c.prefix, c.suffix, c.anchor_state,
  c.count_min, c.count_max, c.category, c.parts,
  a.id, a.slug, a.title, a.url, a.published_on, a.outlet_id, o.name, e.slug, e.title,
  p.id, p.name, p.slug, p.kind, p.role,
  (SELECT {json_agg}({json_array}(r.position, p2.name, p2.slug, p2.kind, p2.role))
    FROM {relay} r JOIN {claimant} p2 ON p2.id = r.claimant_id
    WHERE r.claim_id = c.id),
  (SELECT {json_agg}({json_array}(x.created, x.id, x.stance, s.title, s.url, s.publisher,
      s.kind, s.accessed_on, s.archive_url))
    FROM {evidence} x JOIN {source} s ON s.id = x.source_id
    WHERE x.claim_id = c.id),
  (SELECT {json_agg}({json_array}(k.created, k.id, k.note))
    FROM {correction} k JOIN {verdict} w ON w.id = k.verdict_id
    WHERE w.claim_id = c.id AND w.status IN ({published}, {withdrawn})),
  (SELECT {json_agg}({json_array}(t.start, t.id, t.exact, t.statement, t.rating,
      t.published_at, t.name, t.kind))
    FROM (
      SELECT c2."start", c2.id, c2.exact, c2.statement, v2.rating, v2.published_at,
        p3.name, p3.kind
      FROM {claim} c2
      JOIN {verdict} v2 ON v2.claim_id = c2.id AND v2.status = {published}
      LEFT JOIN {claimant} p3 ON p3.id = c2.claimant_id
      WHERE c2.article_id = c.article_id AND c2.status = {confirmed} AND c2.id <> c.id
      ORDER BY c2."start", c2.id
      LIMIT %(limit)s
    ) t)
FROM {verdict} v
JOIN {claim} c ON c.id = v.claim_id
JOIN {article} a ON a.id = c.article_id
LEFT JOIN {outlet} o ON o.id = a.outlet_id
LEFT JOIN {event} e ON e.id = a.event_id
LEFT JOIN {claimant} p ON p.id = c.claimant_id
WHERE v.claim_id = %(claim)s AND v.status = {published} AND c.status = {confirmed}
"""


# The columns of _CLAIM_PAGE_SQL: the verdict's row and the page's four lists.
_CLAIM_PAGE_COLUMNS = 34


@dataclass(slots=True)
class ClaimPage:
    """What a claim page shows besides its template's own text."""

    verdict: PageVerdict
    relays: list[PageClaimant]
    sources: list[PageSource]
    corrections: list[PageCorrection]
    other_claims: list[ClaimItem]


def claim_page(pk: int, *, other_claims: int) -> ClaimPage | None:
    """The published verdict of a public claim with its claim, article, outlet, event
    and claimant, the claim's relays, sources and corrections and the first
    `other_claims` other published claims of its article, in one statement. None
    when the claim is not public."""
    row = _claim_page_row(_CLAIM_PAGE_SQL, pk, other_claims)
    return None if row is None else _claim_page(pk, row)


def claim_page_with(sql: str, pk: int, *, other_claims: int) -> tuple[ClaimPage, tuple] | None:
    """:func:`claim_page` and the row of ``sql`` (at most one row about the same claim,
    its parameter ``%(claim)s``) in one statement, so a render that needs both makes
    one round trip. None when either finds no row."""
    # Both statements are the module's own text: no value is formatted into them.
    combined = f"SELECT * FROM ({_CLAIM_PAGE_SQL}) page CROSS JOIN ({sql}) beside"  # noqa: S608
    row = _claim_page_row(combined, pk, other_claims)
    if row is None:
        return None
    return _claim_page(pk, row[:_CLAIM_PAGE_COLUMNS]), row[_CLAIM_PAGE_COLUMNS:]


def _claim_page_row(sql: str, pk: int, other_claims: int) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(statement(sql), {"claim": pk, "limit": other_claims})
        return cursor.fetchone()


def _claim_page(pk: int, row: tuple) -> ClaimPage:
    stored = connection.timezone
    *verdict_row, relays, sources, corrections, others = row
    # Each list in the order its own statement used to read it in.
    relays = [PageClaimant(*relay) for _position, *relay in sorted(_rows(relays), key=_first)]
    sources = [
        PageSource(stance, title, url, publisher, kind, _date(accessed_on), archive_url)
        for _created, _id, stance, title, url, publisher, kind, accessed_on, archive_url in (
            sorted(_rows(sources), key=lambda source: (_aware(source[0], stored), source[1]))
        )
    ]
    corrections = [
        PageCorrection(note, created)
        for created, _id, note in sorted(
            ((_aware(created, stored), id_, note) for created, id_, note in _rows(corrections)),
            key=lambda correction: correction[:2],
            reverse=True,
        )
    ]
    others = [
        ClaimItem(other, exact, statement_, rating, _aware(published_at, stored), name, kind)
        for _start, other, exact, statement_, rating, published_at, name, kind in sorted(
            _rows(others), key=lambda claim: claim[:2]
        )
    ]
    return ClaimPage(_page_verdict(pk, verdict_row, stored), relays, sources, corrections, others)


def _first(row: list) -> Any:
    return row[0]


def _rows(value: list | str | None) -> list:
    """A JSON array of rows as the driver gives it: decoded (PostgreSQL), as text
    (SQLite), or NULL for no rows (PostgreSQL's aggregate of nothing)."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value


def _page_verdict(pk: int, row: list, stored: datetime.tzinfo) -> PageVerdict:
    (
        rating, rationale, published_at, updated, stale,
        kind, exact, statement_, sentence, prefix, suffix, anchor_state,
        count_min, count_max, category, parts,
        article_id, article_slug, title, url, published_on, outlet_id, outlet_name,
        event_slug, event_title,
        claimant_id, claimant_name, claimant_slug, claimant_kind, claimant_role,
    ) = row  # fmt: skip
    article = PageArticle(
        pk=article_id,
        slug=article_slug,
        title=title,
        url=url,
        published_on=_date(published_on),
        outlet_id=outlet_id,
        outlet=PageOutlet(outlet_name) if outlet_id is not None else None,
        event=PageEvent(event_slug, event_title) if event_slug is not None else None,
    )
    claimant = None
    if claimant_id is not None:
        claimant = PageClaimant(claimant_name, claimant_slug, claimant_kind, claimant_role)
    claim = PageClaim(
        pk=pk,
        kind=kind,
        exact=exact,
        statement=statement_,
        sentence=sentence,
        prefix=prefix,
        suffix=suffix,
        anchor_state=anchor_state,
        count_min=count_min,
        count_max=count_max,
        category=category,
        parts=json.loads(parts) if isinstance(parts, str) else parts,
        claimant=claimant,
        article=article,
    )
    return PageVerdict(
        claim=claim,
        rating=rating,
        rationale=rationale,
        published_at=_aware(published_at, stored),
        updated=_aware(updated, stored),
        stale=bool(stale),
    )


# ------------------------------------------------------------------------------
# The article page, read as rows
# ------------------------------------------------------------------------------
@dataclass(slots=True)
class ArticleWithText:
    """The article an article page annotates: its text, never its raw source."""

    pk: int
    slug: str
    title: str
    url: str
    author: str
    published_on: datetime.date | None
    text: str
    outlet: PageOutlet | None

    def get_absolute_url(self) -> str:
        return article_path(self.slug)

    @property
    def has_headline(self) -> bool:
        """Imported articles carry their headline as the first paragraph of the text."""
        return self.text.startswith(f"{self.title}\n\n")


class HighlightedClaim(NamedTuple):
    """A published claim of an article page: where it is in the text, its rating and
    its claimant, and the path of its fact-check."""

    pk: int
    start: int
    end: int
    exact: str
    statement: str
    kind: str
    anchor_state: str
    rating: str
    claimant_name: str | None
    url: str

    @property
    def claim_text(self) -> str:
        return self.statement or self.exact


class RelatedLink(NamedTuple):
    text: str
    url: str


# The article and its outlet, its published claims and the related stories it linked
# to (not the inline links) as JSON arrays of rows: one statement, as the claim page's
# (each statement more was a round trip on PostgreSQL). Each row carries what it is
# ordered by, and is put in order in Python (an aggregate's input order is not
# guaranteed). The text is read as it is, never its raw source.
_ARTICLE_PAGE_SQL = """
SELECT a.id, a.slug, a.title, a.url, a.author, a.published_on, a.text, a.outlet_id, o.name,
  (SELECT {json_agg}({json_array}(c.id, c."start", c."end", c.exact, c.statement, c.kind,
      c.anchor_state, v.rating, p.name))
    FROM {claim} c
    JOIN {verdict} v ON v.claim_id = c.id AND v.status = {published}
    LEFT JOIN {claimant} p ON p.id = c.claimant_id
    WHERE c.article_id = a.id AND c.status = {confirmed}),
  (SELECT {json_agg}({json_array}(l.position, l.id, l.text, l.url))
    FROM {link} l
    WHERE l.article_id = a.id AND NOT l."inline")
FROM {article} a LEFT JOIN {outlet} o ON o.id = a.outlet_id
WHERE a.slug = %(slug)s
"""

# The columns of _ARTICLE_PAGE_SQL.
_ARTICLE_PAGE_COLUMNS = 11


@dataclass(slots=True)
class ArticlePage:
    """What an article page shows: the article, its published claims, its related links."""

    article: ArticleWithText
    claims: list[HighlightedClaim]
    related_links: list[RelatedLink]


def article_page(slug: str) -> ArticlePage | None:
    """The article with its outlet, its published claims in the order of the text
    (with their ratings, claimants and paths) and the related stories it linked to,
    in one statement. None when there is no such article or nothing on it is
    published (it is then internal work)."""
    with connection.cursor() as cursor:
        cursor.execute(statement(_ARTICLE_PAGE_SQL), {"slug": slug})
        row = cursor.fetchone()
    return None if row is None else _article_page(row)


def article_page_with(sql: str, slug: str) -> tuple[ArticlePage, tuple] | None:
    """:func:`article_page` and the row of ``sql`` (at most one row about the same
    article, its parameter ``%(slug)s``) in one statement, so a render that needs both
    makes one round trip. None when either finds nothing."""
    # Both statements are the module's own text: no value is formatted into them.
    combined = f"SELECT * FROM ({_ARTICLE_PAGE_SQL}) page CROSS JOIN ({sql}) beside"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement(combined), {"slug": slug})
        row = cursor.fetchone()
    if row is None:
        return None
    page = _article_page(row[:_ARTICLE_PAGE_COLUMNS])
    return None if page is None else (page, row[_ARTICLE_PAGE_COLUMNS:])


def _article_page(row: tuple) -> ArticlePage | None:
    pk, slug, title, url, author, published_on, text, outlet_id, outlet_name, claims, links = row
    # In the order of the text, as their own statement used to read them.
    claims = sorted(_rows(claims), key=_text_order)
    if not claims:
        return None
    outlet = PageOutlet(outlet_name) if outlet_id is not None else None
    path = claim_paths()
    return ArticlePage(
        ArticleWithText(pk, slug, title, url, author, _date(published_on), text, outlet),
        [HighlightedClaim(*claim, path(claim[0], claim[3])) for claim in claims],
        [RelatedLink(words, href) for _position, _id, words, href in sorted(_rows(links))],
    )


def _text_order(claim: list) -> tuple:
    """(start, end, id) of a claim row."""
    return claim[1], claim[2], claim[0]
