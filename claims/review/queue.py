"""The review queue: claims by status tab, filtered, grouped and paged."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from itertools import groupby
from types import MappingProxyType
from typing import Any

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.models import Article
from claims.models import Claim, Claimant
from claims.notifications import keep_unread_count
from claims.queue_state import STATUS_FILTERS, queue_counts
from claims.search import search_claims
from claims.selectors import queue_rows

from .common import QUEUE_PAGE_SIZE, assignees, reviewer_required
from .forms import (
    QueueFilterForm,
)


# ------------------------------------------------------------------------------
# Queue
# ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=256)
def _parsed_filters(query: tuple[tuple[str, tuple[str, ...]], ...]) -> Mapping[str, Any]:
    # Reviewers reload the same few filter combinations all day; validating them
    # with a fresh form (a deep copy of its fields) cost as much as a query.
    data = QueryDict(mutable=True)
    for name, values in query:
        data.setlist(name, list(values))
    return MappingProxyType(QueueFilterForm(data).filters())


def queue_filters(query: QueryDict) -> Mapping[str, Any]:
    """The queue's valid filters in ``query`` (read-only: shared between requests).

    The form reads nothing but its own fields, so they alone make the cache key.
    """
    fields = QueueFilterForm.base_fields
    return _parsed_filters(
        tuple((name, tuple(values)) for name in fields if (values := query.getlist(name)))
    )


def _queue_claims(user_id: int, filters: Mapping[str, Any]) -> QuerySet[Claim]:
    """Claims matching every filter except the status one (the counts need that)."""
    claims = Claim.objects.all()
    if filters.get("kind"):
        claims = claims.filter(kind=filters["kind"])
    if filters.get("article"):
        claims = claims.filter(article_id=filters["article"])
    if filters.get("claimant"):
        claims = claims.filter(claimant__slug=filters["claimant"])
    if filters.get("mine"):
        claims = claims.filter(assigned_to_id=user_id)
    if filters.get("flagged"):
        claims = claims.filter(flagged=True)
    if filters.get("q"):
        claims = search_claims(claims, filters["q"])
    return claims


def _queue_ids(claims: QuerySet[Claim], status: str) -> QuerySet:
    """The tab's claim ids in queue order: newest article first, claims in text order.

    Ids alone: sorting every matching claim with its article, claimant and flag
    count made deep pages slow on large queues.
    """
    ordered = claims.filter(STATUS_FILTERS[status]).order_by(
        F("article__published_on").desc(nulls_last=True),
        "-article__created",
        "article_id",
        "start",
        "id",
    )
    return ordered.values_list("pk", flat=True)


@functools.lru_cache(maxsize=256)
def _queue_ids_statement(
    user_id: int | None, filters: tuple[tuple[str, Any], ...]
) -> tuple[str, tuple]:
    # The statement depends on the filters alone (and the user, for "assigned to
    # me"), and reviewers open the same few all day: compiling it with the ORM on
    # every page cost more than running it. Not with a search, which looks up
    # claimants as the statement is built.
    given = dict(filters)
    return _queue_ids(
        _queue_claims(user_id, given), given.get("status") or ""
    ).query.sql_with_params()


class QueueIds:
    """A tab's claim ids in queue order, read one page at a time: the paginator's
    list when the statement is compiled once (see ``_queue_ids_statement``).

    A slice is the same statement with the same ``LIMIT``/``OFFSET`` the ORM's
    slicing writes, so the database plans and runs just what it did before; an
    empty slice reads nothing, as the ORM's does.
    """

    def __init__(self, sql: str, params: tuple) -> None:
        self.sql, self.params = sql, params

    def __getitem__(self, page: slice) -> list[int]:
        start, stop = page.start or 0, page.stop
        if stop <= start:
            return []
        sql = f"{self.sql} LIMIT {stop - start:d}" + (f" OFFSET {start:d}" if start else "")
        with connection.cursor() as cursor:
            cursor.execute(sql, self.params)
            return [pk for (pk,) in cursor.fetchall()]


def _page_ids(
    claims: QuerySet[Claim], filters: Mapping[str, Any], status: str, user_id: int
) -> QueueIds | QuerySet:
    """What the paginator slices: the tab's ids for these filters (``claims``)."""
    if filters.get("q"):
        return _queue_ids(claims, status)
    mine = user_id if filters.get("mine") else None
    return QueueIds(*_queue_ids_statement(mine, tuple(sorted(filters.items()))))


@require_GET
@reviewer_required
def queue(request: HttpRequest) -> HttpResponse:
    filters = queue_filters(request.GET)
    status = filters.get("status") or ""
    base = _queue_claims(request.user.pk, filters)
    counts = queue_counts(
        base,
        key=(sorted(filters.items()), request.user.pk if filters.get("mine") else None),
        reader_id=request.user.pk,
    )
    keep_unread_count(request, counts.unread_notifications)
    ids = _page_ids(base, filters, status, request.user.pk)
    paginator = Paginator(ids, QUEUE_PAGE_SIZE)
    paginator.count = counts.tabs[status]  # the tab's count: no second COUNT over the queue
    page = paginator.get_page(request.GET.get("page"))
    rows, articles = queue_rows(list(page.object_list))
    # The page is sorted by article: show each article once, its claims under it.
    groups = [
        (articles[article_id], list(group))
        for article_id, group in groupby(rows, key=lambda row: row[0].article_id)
    ]
    tabs = [(key, label, counts.tabs[key]) for key, label in QueueFilterForm.STATUS_CHOICES]
    article = (
        Article.objects.filter(pk=filters["article"]).only("pk", "title").first()
        if filters.get("article")
        else None
    )
    claimant = (
        Claimant.objects.filter(slug=filters["claimant"]).only("pk", "name", "slug").first()
        if filters.get("claimant")
        else None
    )
    return render(
        request,
        "review/queue.html",
        {
            "nav": "queue",
            "filters": filters,
            "status": status,
            "tabs": tabs,
            "flagged_count": counts.tabs["flagged"],
            "page": page,
            "rows": rows,
            "groups": groups,
            "reviewers": assignees(request.user),
            "filter_article": article,
            "filter_claimant": claimant,
            "kinds": Claim.Kind.choices,
        },
    )
