"""The review queue: claims by status tab, filtered, grouped and paged."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.models import Article
from claims.models import Claim, Claimant
from claims.queue_state import STATUS_FILTERS, queue_counts
from claims.search import search_claims
from claims.selectors import queue_rows
from claims.templatetags.review_tags import keep_unread_count

from .common import QUEUE_PAGE_SIZE, assignees, reviewer_required
from .forms import (
    QueueFilterForm,
)


# ------------------------------------------------------------------------------
# Queue
# ------------------------------------------------------------------------------
def _queue_claims(user: Any, filters: dict) -> QuerySet[Claim]:
    """Claims matching every filter except the status one (the counts need that)."""
    claims = Claim.objects.all()
    if filters.get("kind"):
        claims = claims.filter(kind=filters["kind"])
    if filters.get("article"):
        claims = claims.filter(article_id=filters["article"])
    if filters.get("claimant"):
        claims = claims.filter(claimant__slug=filters["claimant"])
    if filters.get("mine"):
        claims = claims.filter(assigned_to=user)
    if filters.get("flagged"):
        claims = claims.filter(flagged=True)
    if filters.get("q"):
        claims = search_claims(claims, filters["q"])
    return claims


@require_GET
@reviewer_required
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    filters = form.filters()
    status = filters.get("status") or ""
    base = _queue_claims(request.user, filters)
    counts = queue_counts(
        base,
        key=(sorted(filters.items()), request.user.pk if filters.get("mine") else None),
        reader_id=request.user.pk,
    )
    keep_unread_count(request, counts.unread_notifications)
    # Page through ids alone: sorting every matching claim with its article,
    # claimant and flag count made deep pages slow on large queues.
    ordered = base.filter(STATUS_FILTERS[status]).order_by(
        F("article__published_on").desc(nulls_last=True),
        "-article__created",
        "article_id",
        "start",
        "id",
    )
    paginator = Paginator(ordered.values_list("pk", flat=True), QUEUE_PAGE_SIZE)
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
            "form": form,
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
