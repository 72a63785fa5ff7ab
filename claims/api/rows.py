"""The API's lists, read as rows and written out by explicit functions.

A list page used to build a model instance for every claim, verdict, relay and
source on it and to run a DRF field for every value (about 1,100 field calls
for 20 claims). Here a page is one query (the claim list's written out in SQL,
the others ``values()``), each related table is one more query for the whole
page, and each item is a dict built by a plain function. The public addresses
come from one ``reverse()`` per kind of page and dates from one formatter, both
giving exactly the strings the serializers give.

The serializers in ``claims.api.serializers`` stay the documented shape (the
schema) and present single objects and write results; tests/api/test_rows.py
checks, item by item, that these functions give what they give.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, QuerySet, When
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from claims.models import Claim, ClaimMatch, Correction, Verdict, quote_slug
from claims.selectors import status_literal

Row = dict[str, Any]

PUBLISHED = Verdict.Status.PUBLISHED.value
CASUALTY = Claim.Kind.CASUALTY.value
RATING_LABELS = {value: str(label) for value, label in Verdict.Rating.choices}
RATING_VALUES = {str(rating): value for rating, value in Verdict.RATING_VALUES.items()}


# ------------------------------------------------------------------------------
# Values written the way the serializers write them
# ------------------------------------------------------------------------------
def datetime_writer() -> Callable[[dt.datetime | None], str | None]:
    """DRF's DateTimeField output in the current time zone: ISO 8601, UTC as "Z".

    Takes what the ORM reads and what SQL reads: SQLite gives those naive, in the
    database's time zone (the ORM's own converter makes them aware the same way).
    """
    zone, stored = timezone.get_current_timezone(), connection.timezone

    def write(value: dt.datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=stored)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    if str(zone) != "UTC" or stored is not dt.UTC:
        return write

    def write_utc(value: dt.datetime | None) -> str | None:
        # Both in UTC (the default): the same text without converting each value,
        # a third of the time a page of claims spent on its dates.
        if value is None:
            return None
        if value.tzinfo is None:
            return f"{value.isoformat()}Z"
        if value.tzinfo is stored:
            return f"{value.isoformat()[:-6]}Z"
        return write(value)

    return write_utc


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# Django's slug path converter: a stored slug outside it has no public address.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_MARK = "0mark0"


class PublicUrls:
    """The public pages' absolute addresses, as ``serializers.absolute_url`` gives them,
    from one ``reverse()`` per kind of page instead of one per row."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def _around(self, name: str, kwargs: dict[str, Any], marker: str) -> tuple[str, str]:
        """The address of a page of this kind, before and after ``marker``."""
        url = self.request.build_absolute_uri(reverse(name, kwargs=kwargs))
        head, _, tail = url.rpartition(marker)
        return head, tail

    @cached_property
    def _claim(self) -> tuple[str, str]:
        return self._around("claims:detail", {"pk": 1, "slug": _MARK}, f"1-{_MARK}")

    @cached_property
    def _article(self) -> tuple[str, str]:
        return self._around("claims:article", {"slug": _MARK}, _MARK)

    @cached_property
    def _claimant(self) -> tuple[str, str]:
        return self._around("claims:claimant", {"slug": _MARK}, _MARK)

    def claim(self, pk: int, exact: str) -> str:
        head, tail = self._claim
        return f"{head}{pk}-{_quote_slug(exact)}{tail}"

    def article(self, slug: str) -> str | None:
        return self._with_slug(self._article, slug)

    def claimant(self, slug: str) -> str | None:
        return self._with_slug(self._claimant, slug)

    @staticmethod
    def _with_slug(around: tuple[str, str], slug: str) -> str | None:
        if not _SLUG.fullmatch(slug):
            return None  # reverse() would not match: the serializers say None too
        return f"{around[0]}{slug}{around[1]}"


# The lists show the same claims again and again (the first page most): slugify once.
_quote_slug = functools.lru_cache(maxsize=4096)(quote_slug)


def kept(build: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
    """``build``'s queryset made once for each set of arguments and copied for each
    call: building a list's query (its joins and subqueries) took longer than the
    database's answer. The copy is what callers filter, page and read."""
    built = functools.cache(build)

    @functools.wraps(build)
    def fresh(**kwargs: Any) -> QuerySet:
        return built(**kwargs).all()

    return fresh


def _grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def published_verdict_of(field: str) -> Exists:
    """Whether the claim that ``field`` names has a published verdict."""
    return Exists(Verdict.objects.published().filter(claim=OuterRef(field)))


def _claimant_ref(pk: int | None, name: str, kind: str, role: str) -> Row | None:
    if pk is None:
        return None
    return {"id": pk, "name": name, "kind": kind, "role": role}


# ------------------------------------------------------------------------------
# Claims
# ------------------------------------------------------------------------------
def claims_seen(*, reviewer: bool) -> QuerySet[Claim]:
    """The claims a caller may see: the public, those with a published verdict. Each
    names the attribution it is in only when the caller may see that too (issue 13)."""
    if reviewer:
        return Claim.objects.annotate(attribution_ref_id=F("attribution_id"))
    return Claim.objects.filter(published_verdict_of("pk")).annotate(
        attribution_ref_id=Case(When(published_verdict_of("attribution"), then=F("attribution_id")))
    )


# A page of the claims a caller may see (as :func:`claims_seen`), each in one row with
# its claimant, event, the verdict it shows and (for reviewers) its assignee, in SQL
# written out: the ORM took longer to build this query on every request than the
# database took to answer it. Each row also tells which of the page's other reads
# (below) can hold something for the claim, so that a page reads only those that can.
# The event's title is a subquery, not a join: one table fewer for PostgreSQL to fit
# into the join order cut a filtered list's statement at a million claims (mostly its
# planning) by a quarter to a third. "{article}" is how the articles are joined
# (:func:`_article_join`).
CLAIM_PAGE = """
    SELECT c."id", c."article_id", c."kind", c."exact", c."start", c."end", c."prefix",
        c."suffix", c."sentence", c."statement", c."claimant_id", cl."name", cl."kind",
        cl."role", c."attribution_id", c."count_min", c."count_max", c."category",
        c."parts", c."status", c."anchor_state", a."event_id",
        (SELECT ev."title" FROM "articles_event" ev WHERE ev."id" = a."event_id"),
        v."id", v."rating", v."rationale", v."published_at", v."status", v."version",
        EXISTS (SELECT 1 FROM "claims_claimrelay" r WHERE r."claim_id" = c."id"),
        EXISTS (SELECT 1 FROM "claims_claimmatch" m WHERE m."claim_a_id" = c."id")
            OR EXISTS (SELECT 1 FROM "claims_claimmatch" m WHERE m."claim_b_id" = c."id"),
        EXISTS (SELECT 1 FROM "claims_claimflag" f WHERE f."claim_id" = c."id"),
        EXISTS (SELECT 1 FROM "claims_claim" i WHERE i."attribution_id" = c."id"){columns}
    FROM "claims_claim" c
    INNER JOIN "articles_article" a ON a."id" = {article}
    LEFT JOIN "claims_claimant" cl ON cl."id" = c."claimant_id"{joins}
    {where}
    ORDER BY {key} {order}
    LIMIT %s OFFSET %s
"""
CLAIM_COLUMNS = (
    "id", "article_id", "kind", "exact", "start", "end", "prefix", "suffix", "sentence",
    "statement", "claimant_id", "claimant__name", "claimant__kind", "claimant__role",
    "attribution_id", "count_min", "count_max", "category", "parts", "status",
    "anchor_state", "article__event_id", "article__event__title",
    "verdict_id", "verdict_rating", "verdict_rationale", "verdict_published_at",
    "verdict_status", "verdict_version",
    "has_relays", "has_matches", "has_flags", "has_contained",
)  # fmt: skip
# The public sees the claims with a published verdict, that verdict, and the
# attribution a claim is in when that one is published too (issue 13).
PUBLIC_COLUMNS = """,
        EXISTS (SELECT 1 FROM "claims_verdict" av
                WHERE av."claim_id" = c."attribution_id" AND av."status" = {published})"""
PUBLIC_JOINS = """
    INNER JOIN "claims_verdict" v ON v."claim_id" = c."id" AND v."status" = {published}"""
# Reviewers see every claim, with the verdict ``selectors.current_verdict`` picks: the
# published one, else the newest draft or submitted one.
REVIEWER_COLUMNS = ', c."origin", u."username", c."created", c."updated"'
REVIEWER_JOINS = """
    LEFT JOIN "claims_verdict" v ON v."id" = (
        SELECT cv."id" FROM "claims_verdict" cv
        WHERE cv."claim_id" = c."id" AND cv."status" IN ({published}, {draft}, {submitted})
        ORDER BY CASE WHEN cv."status" = {published} THEN 0 ELSE 1 END,
          cv."created" DESC, cv."id" DESC
        LIMIT 1
    )
    LEFT JOIN "auth_user" u ON u."id" = c."assigned_to_id\""""
# Statuses written in, not bound (``status_literal`` says why).
_STATUSES = {
    "published": status_literal(PUBLISHED),
    "draft": status_literal(Verdict.Status.DRAFT),
    "submitted": status_literal(Verdict.Status.SUBMITTED),
}
PUBLIC_COLUMNS, PUBLIC_JOINS, REVIEWER_JOINS = (
    part.format(**_STATUSES) for part in (PUBLIC_COLUMNS, PUBLIC_JOINS, REVIEWER_JOINS)
)


def claim_page(
    *,
    reviewer: bool,
    among: QuerySet[Claim] | None,
    reverse: bool,
    position: int | None,
    offset: int,
    limit: int,
) -> list[Row]:
    """Up to ``limit`` claims the caller may see, newest first (oldest first if
    ``reverse``), past ``position`` and ``offset`` as a list's cursor gives them. When
    the list is filtered, only those of ``among``: the filters' query is a subquery."""
    if reviewer:
        columns = (*CLAIM_COLUMNS, "origin", "assigned_to__username", "created", "updated")
    else:
        columns = (*CLAIM_COLUMNS, "attribution_public")
    params = []
    conditions = []
    if among is not None:
        try:
            chosen, chosen_params = among.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            return []  # a filter that can match nothing, such as a search of stop words
        conditions.append(f'c."id" IN ({chosen})')
        params.extend(chosen_params)
    # The public's page walks the published verdicts' claim ids (the same ids, the
    # verdict's index in order): ordered by the claim's, SQLite sorted every published
    # claim first, seconds at a million claims.
    key = 'c."id"' if reviewer else 'v."claim_id"'
    if position is not None:
        conditions.append(f"{key} > %s" if reverse else f"{key} < %s")
        params.append(position)
    params.extend([limit, offset])
    sql = CLAIM_PAGE.format(
        article=_article_join(filtered=among is not None),
        columns=REVIEWER_COLUMNS if reviewer else PUBLIC_COLUMNS,
        joins=REVIEWER_JOINS if reviewer else PUBLIC_JOINS,
        where=f"WHERE {' AND '.join(conditions)}" if conditions else "",
        key=key,
        order="ASC" if reverse else "DESC",
    )
    if among is None:
        sql, params = written_in(sql, params), []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _article_join(*, filtered: bool) -> str:
    """The claim's side of the join with its article.

    The unary plus keeps SQLite from reading claims through their articles' index: it
    did so for the reviewers' list, then sorted every claim (35 s at a million claims).
    On PostgreSQL it hides from the planner that each claim has one article: at 100
    claims it then expected two rows and joined and sorted every published claim before
    taking a page (a third of the statement's time). The unfiltered list's statement is
    planned once and kept (:func:`written_in`), so there the plain column is worth it;
    a filtered list is planned on every request, and the plain column made that
    planning longer at a million claims and a reviewer's plan slower at 100.
    """
    if filtered or connection.vendor != "postgresql":
        return '+c."article_id"'
    return 'c."article_id"'


def written_in(sql: str, numbers: Sequence[int]) -> str:
    """``sql`` with these whole numbers in place of its placeholders.

    The unfiltered list's statement carries only the cursor's position, the limit and
    the offset, whole numbers the paginator checked. Bound, they left PostgreSQL a
    generic plan that could not know them: guessing that a tenth of the claims are
    read, it planned the statement anew on every request at a million claims (1.5 ms
    of a 20-claim page); with only the limit written in, the generic plan of a cursor's
    page walked every claim (3 s). Written in, the statement is planned for its values,
    and a page asked for again (the first, at each size) keeps its plan. A filtered
    list keeps its values bound: the filter's values decide its plan, and a generic
    plan would not know them.
    """
    return sql % tuple(int(number) for number in numbers)


# What a page of claims shows from other tables, each read in SQL written out: the
# ORM would spend ten times longer building each of these small queries than the
# database spends answering it. "{ids}" stands for the claims that have such rows;
# the rows come in the order each list shows them.
RELAYS = """
    SELECT r."claim_id", c."id", c."name", c."kind", c."role"
    FROM "claims_claimrelay" r INNER JOIN "claims_claimant" c ON c."id" = r."claimant_id"
    WHERE r."claim_id" IN ({ids})
    ORDER BY r."position"
"""
EVIDENCE = """
    SELECT e."claim_id", e."id", e."stance", e."created", e."note", s."id", s."url",
        s."title", s."publisher", s."kind", s."accessed_on", s."archive_url"
    FROM "claims_evidence" e INNER JOIN "claims_source" s ON s."id" = e."source_id"
    WHERE e."claim_id" IN ({ids})
    ORDER BY e."created", e."id"
"""
MATCHES = """
    SELECT m."claim_a_id", m."claim_b_id",
        EXISTS (SELECT 1 FROM "claims_verdict" v
                WHERE v."claim_id" = m."claim_a_id" AND v."status" = %s),
        EXISTS (SELECT 1 FROM "claims_verdict" v
                WHERE v."claim_id" = m."claim_b_id" AND v."status" = %s)
    FROM "claims_claimmatch" m
    WHERE m."status" <> %s AND (m."claim_a_id" IN ({ids}) OR m."claim_b_id" IN ({ids}))
"""
FLAGS = """
    SELECT f."claim_id", f."kind", f."message", f."other_id", f."others"
    FROM "claims_claimflag" f
    WHERE f."claim_id" IN ({ids})
    ORDER BY f."kind", f."id"
"""
# For the public: those whose main other claim is published too.
PUBLIC_FLAGS = """
    SELECT f."claim_id", f."kind", f."message", f."other_id", f."others"
    FROM "claims_claimflag" f
    WHERE f."claim_id" IN ({ids}) AND EXISTS (
        SELECT 1 FROM "claims_verdict" v WHERE v."claim_id" = f."other_id" AND v."status" = %s
    )
    ORDER BY f."kind", f."id"
"""
CONTAINED = """
    SELECT c."attribution_id", c."id" FROM "claims_claim" c
    WHERE c."attribution_id" IN ({ids})
    ORDER BY c."start", c."id"
"""
PUBLIC_CONTAINED = """
    SELECT c."attribution_id", c."id" FROM "claims_claim" c
    WHERE c."attribution_id" IN ({ids}) AND EXISTS (
        SELECT 1 FROM "claims_verdict" v WHERE v."claim_id" = c."id" AND v."status" = %s
    )
    ORDER BY c."start", c."id"
"""
PUBLISHED_AMONG = """
    SELECT DISTINCT "claim_id" FROM "claims_verdict" WHERE "claim_id" IN ({ids}) AND "status" = %s
"""


def _select(sql: str, params: Sequence[Any], **lists: Sequence[Any]) -> list[tuple]:
    """The rows of one of the reads above, each named list given as its placeholders."""
    marks = {name: ", ".join(["%s"] * len(values)) for name, values in lists.items()}
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**marks), params)
        return cursor.fetchall()


class ClaimLinks:
    """What a page of claims shows from other tables: one query per table that holds
    something for the page, the public seeing only what is published (as
    ``views.visible_claims`` prefetches it)."""

    def __init__(self, rows: Sequence[Row], *, reviewer: bool) -> None:
        self.reviewer = reviewer
        self.evidence = self._evidence([row["id"] for row in rows])
        self.relays = self._relays([row["id"] for row in rows if row["has_relays"]])
        self.matches = self._matches([row["id"] for row in rows if row["has_matches"]])
        self.flags = self._flags([row["id"] for row in rows if row["has_flags"]])
        self.contained = self._contained([row["id"] for row in rows if row["has_contained"]])

    def attribution(self, claim: Row) -> int | None:
        """The attribution the claim is in, if the caller may see it (issue 13)."""
        if self.reviewer or claim["attribution_public"]:
            return claim["attribution_id"]
        return None

    @staticmethod
    def _evidence(ids: list[int]) -> dict[int, list[tuple]]:
        evidence = _select(EVIDENCE, ids, ids=ids) if ids else []
        return _grouped((row[0], row) for row in evidence)

    @staticmethod
    def _relays(ids: list[int]) -> dict[int, list[Row]]:
        relays = _select(RELAYS, ids, ids=ids) if ids else []
        return _grouped((claim, _claimant_ref(*ref)) for claim, *ref in relays)

    def _matches(self, ids: list[int]) -> dict[int, list[int]]:
        """The claims each one is matched with, either side of the pair, in one query;
        for the public only published ones."""
        found: dict[int, list[int]] = defaultdict(list)
        if not ids:
            return found
        params = [PUBLISHED, PUBLISHED, ClaimMatch.Status.BROKEN.value, *ids, *ids]
        page = set(ids)
        for a, b, a_public, b_public in _select(MATCHES, params, ids=ids):
            if a in page and (b_public or self.reviewer):
                found[a].append(b)
            if b in page and (a_public or self.reviewer):
                found[b].append(a)
        return found

    def _flags(self, ids: list[int]) -> dict[int, list[Row]]:
        if not ids:
            return {}
        if self.reviewer:
            flags = _select(FLAGS, ids, ids=ids)
        else:
            flags = _select(PUBLIC_FLAGS, [*ids, PUBLISHED], ids=ids)
        rows = [
            (claim, kind, message, other, flag_other_ids(json.loads(others)))
            for claim, kind, message, other, others in flags
        ]
        if not self.reviewer:
            rows = _public_flags(rows)
        return _grouped(
            (
                claim,
                {
                    "kind": kind,
                    "message": message,
                    "others": [None if pk is None else int(pk) for pk in others],
                },
            )
            for claim, kind, message, _, others in rows
        )

    def _contained(self, ids: list[int]) -> dict[int, list[int]]:
        if not ids:
            return {}
        if self.reviewer:
            inside = _select(CONTAINED, ids, ids=ids)
        else:
            inside = _select(PUBLIC_CONTAINED, [*ids, PUBLISHED], ids=ids)
        return _grouped(inside)


def flag_other_ids(others: Any) -> list[Any]:
    """What ``ClaimFlag.other_ids`` reads from the ``others`` column."""
    return [o["id"] for o in others if isinstance(o, dict) and "id" in o]


def _public_flags(rows: list[tuple]) -> list[tuple]:
    """Flags whose every named claim is published (``selectors._PublicFlags``): the query
    kept those whose main other claim is; the rest are looked up together, only if any."""
    # Only whole numbers can be claim ids: anything else in the column is never published.
    named = list({pk for *_, other, ids in rows for pk in ids if pk != other and type(pk) is int})
    published: set[Any] = set()
    if named:
        found = _select(PUBLISHED_AMONG, [*named, PUBLISHED], ids=named)
        published = {claim for (claim,) in found}
    return [row for row in rows if all(pk == row[3] or pk in published for pk in row[4])]


def claim_items(rows: Sequence[Row], *, reviewer: bool, urls: PublicUrls) -> list[Row]:
    """A page of claims as ``ClaimSerializer`` presents each of them."""
    if not rows:
        return []
    when = datetime_writer()
    links = ClaimLinks(rows, reviewer=reviewer)
    return [_claim(row, links, reviewer, urls, when) for row in rows]


def _claim(row: Row, links: ClaimLinks, reviewer: bool, urls: PublicUrls, when: Callable) -> Row:
    pk, exact = row["id"], row["exact"]
    event = row["article__event_id"]
    item = {
        "id": pk,
        "url": urls.claim(pk, exact) if row["verdict_status"] == PUBLISHED else None,
        "article": row["article_id"],
        "kind": row["kind"],
        "exact": exact,
        "start": row["start"],
        "end": row["end"],
        "prefix": row["prefix"],
        "suffix": row["suffix"],
        "sentence": row["sentence"],
        "statement": row["statement"] or exact,
        "claimant": _claimant_ref(
            row["claimant_id"], row["claimant__name"], row["claimant__kind"], row["claimant__role"]
        ),
        "via": links.relays.get(pk, []),
        "attribution": links.attribution(row),
        "contains": links.contained.get(pk, []),
        "quantity": _quantity(row) if row["kind"] == CASUALTY else None,
        "status": row["status"],
        "anchor_state": row["anchor_state"],
        "verdict": None if row["verdict_id"] is None else _verdict_brief(row, reviewer, when),
        "evidence": [_evidence(e, reviewer, when) for e in links.evidence.get(pk, ())],
        "event": None if event is None else {"id": event, "title": row["article__event__title"]},
        "matches": sorted(links.matches.get(pk, ())),
        "flags": links.flags.get(pk, []),
    }
    if reviewer:
        item["origin"] = row["origin"]
        item["assigned_to"] = row["assigned_to__username"]
        item["created"] = when(row["created"])
        item["updated"] = when(row["updated"])
    return item


def _quantity(row: Row) -> Row:
    parts = row["parts"]  # the JSON column's text, as SQL reads it
    if parts == "[]":
        parts = []  # most claims: no need to parse
    elif parts is not None:
        parts = [
            None if p is None else {str(k): v for k, v in p.items()} for p in json.loads(parts)
        ]
    return {
        "min": row["count_min"],
        "max": row["count_max"],
        "category": row["category"],
        "parts": parts,
    }


def _verdict_brief(row: Row, reviewer: bool, when: Callable) -> Row:
    rating = row["verdict_rating"]
    item = {
        "id": row["verdict_id"],
        "rating": rating,
        "label": RATING_LABELS.get(rating, rating),
        "rating_value": RATING_VALUES.get(rating),
        "rationale": row["verdict_rationale"],
        "published_at": when(row["verdict_published_at"]),
    }
    if reviewer:
        item["status"] = row["verdict_status"]
        item["version"] = row["verdict_version"]
    return item


def _evidence(row: tuple, reviewer: bool, when: Callable) -> Row:
    _, pk, stance, created, note, *source = row
    item = {"id": pk, "source": _source(*source), "stance": stance, "created": when(created)}
    if reviewer:
        item["note"] = note
    return item


def _source(
    pk: int, url: str, title: str, publisher: str, kind: str, accessed_on: Any, archive: str
) -> Row:
    return {
        "id": pk,
        "url": url,
        "title": title,
        "publisher": publisher,
        "kind": kind,
        "accessed_on": iso_date(accessed_on),
        "archive_url": archive,
    }


# ------------------------------------------------------------------------------
# Articles, claimants, sources and verdicts: one query a page (verdicts: two)
# ------------------------------------------------------------------------------
ARTICLE_COLUMNS = (
    "id", "public", "title", "slug", "outlet_id", "outlet__name", "outlet__slug", "author",
    "published_on", "url", "source_format", "created", "updated",
)  # fmt: skip


def article_items(rows: Sequence[Row], *, urls: PublicUrls) -> list[Row]:
    """A page of articles as ``ArticleSerializer`` presents each of them."""
    when = datetime_writer()
    return [
        {
            "id": row["id"],
            "url": urls.article(row["slug"]) if row["public"] else None,
            "title": row["title"],
            "slug": row["slug"],
            "outlet": None
            if row["outlet_id"] is None
            else {"id": row["outlet_id"], "name": row["outlet__name"], "slug": row["outlet__slug"]},
            "author": row["author"],
            "published_on": iso_date(row["published_on"]),
            "original_url": row["url"],
            "source_format": row["source_format"],
            "created": when(row["created"]),
            "updated": when(row["updated"]),
        }
        for row in rows
    ]


CLAIMANT_COLUMNS = (
    "id", "public", "name", "slug", "kind", "role", "affiliation_id", "affiliation__name",
    "affiliation__kind", "affiliation__role", "aliases",
)  # fmt: skip


def claimant_items(rows: Sequence[Row], *, urls: PublicUrls) -> list[Row]:
    """A page of claimants as ``ClaimantSerializer`` presents each of them."""
    return [
        {
            "id": row["id"],
            "url": urls.claimant(row["slug"]) if row["public"] else None,
            "name": row["name"],
            "slug": row["slug"],
            "kind": row["kind"],
            "role": row["role"],
            "affiliation": _claimant_ref(
                row["affiliation_id"],
                row["affiliation__name"],
                row["affiliation__kind"],
                row["affiliation__role"],
            ),
            "aliases": _texts(row["aliases"]),
        }
        for row in rows
    ]


def _texts(values: Any) -> list[str | None] | None:
    """A JSON list as ``ListField(child=CharField())`` writes it."""
    if values is None:
        return None
    return [None if value is None else str(value) for value in values]


SOURCE_COLUMNS = ("id", "url", "title", "publisher", "kind", "accessed_on", "archive_url")


def source_items(rows: Sequence[Row]) -> list[Row]:
    """A page of sources as ``SourceSerializer`` presents each of them."""
    return [
        {
            "id": row["id"],
            "url": row["url"],
            "title": row["title"],
            "publisher": row["publisher"],
            "kind": row["kind"],
            "accessed_on": iso_date(row["accessed_on"]),
            "archive_url": row["archive_url"],
        }
        for row in rows
    ]


VERDICT_COLUMNS = (
    "id", "claim_id", "claim__exact", "rating", "rationale", "published_at", "status",
)  # fmt: skip
VERDICT_REVIEWER_COLUMNS = (
    "version", "author__username", "approved_by__username", "review_note", "stale",
    "submitted_at", "created", "updated",
)  # fmt: skip


def verdict_columns(*, reviewer: bool) -> tuple[str, ...]:
    return VERDICT_COLUMNS + (VERDICT_REVIEWER_COLUMNS if reviewer else ())


def verdict_items(rows: Sequence[Row], *, reviewer: bool, urls: PublicUrls) -> list[Row]:
    """A page of verdicts as ``VerdictSerializer`` presents each of them."""
    if not rows:
        return []
    when = datetime_writer()
    corrections = _grouped(
        (verdict, {"note": note, "created": when(created)})
        for verdict, note, created in Correction.objects.filter(
            verdict_id__in=[row["id"] for row in rows]
        )
        .order_by("-created", "-id")
        .values_list("verdict_id", "note", "created")
    )
    return [_verdict(row, corrections, reviewer, urls, when) for row in rows]


def _verdict(
    row: Row, corrections: dict[int, list[Row]], reviewer: bool, urls: PublicUrls, when: Callable
) -> Row:
    pk, rating, status = row["id"], row["rating"], row["status"]
    item = {
        "id": pk,
        "url": urls.claim(row["claim_id"], row["claim__exact"]) if status == PUBLISHED else None,
        "claim": row["claim_id"],
        "rating": rating,
        "label": RATING_LABELS.get(rating, rating),
        "rating_value": RATING_VALUES.get(rating),
        "rationale": row["rationale"],
        "published_at": when(row["published_at"]),
        "corrections": corrections.get(pk, []),
    }
    if reviewer:
        item.update(
            status=status,
            version=row["version"],
            author=row["author__username"],
            approved_by=row["approved_by__username"],
            review_note=row["review_note"],
            stale=row["stale"],
            submitted_at=when(row["submitted_at"]),
            created=when(row["created"]),
            updated=when(row["updated"]),
        )
    return item
