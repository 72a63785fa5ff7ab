"""The reviewers' event pages: which articles tell one story, and moving,
confirming or splitting them."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    F,
    OuterRef,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article, Event
from claims import services
from claims.events import selectors as event_selectors
from claims.events import services as event_services
from claims.models import (
    Claim,
    ClaimFlag,
)
from claims.selectors import current_verdict

from .common import EVENTS_PAGE_SIZE, MOVE_TARGETS, get_event_for_user, reviewer_required
from .forms import (
    ArticleMoveForm,
    EventForm,
)


# ------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------
@require_GET
@reviewer_required
def event_list(request: HttpRequest) -> HttpResponse:
    flags = (
        ClaimFlag.objects.filter(claim__article__event=OuterRef("pk"))
        .order_by()
        .values("claim__article__event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    event_rows = Event.objects.annotate(
        article_count=Count("articles", distinct=True),
        flag_count=Coalesce(Subquery(flags), 0),
    ).order_by(F("date").desc(nulls_last=True), "-created", "-pk")
    page = Paginator(event_rows, EVENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "review/events.html", {"nav": "events", "page": page})


def _move_targets(event: Event) -> list[Event]:
    """Events an article of ``event`` may move to: the nearest in time first."""
    others = Event.objects.exclude(pk=event.pk).only("pk", "title", "date")
    if event.date is not None:
        window = datetime.timedelta(days=14)
        near = others.filter(date__range=(event.date - window, event.date + window))
        return list(near.order_by("-date", "-pk")[:MOVE_TARGETS])
    return list(others.order_by("-created", "-pk")[:MOVE_TARGETS])


def _render_event_page(
    request: HttpRequest, event: Event, *, form: EventForm | None = None, status: int = 200
) -> HttpResponse:
    view = event_selectors.event_view(event, public=False)
    by_article: dict[int, list[Claim]] = {}
    for claim in view.claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    flag_counts: dict[int, int] = {}
    for flag in view.flags:
        flag_counts[flag.claim_id] = flag_counts.get(flag.claim_id, 0) + 1
    rows = [
        {
            "article": article,
            "claims": [
                (claim, current_verdict(claim), flag_counts.get(claim.pk, 0))
                for claim in by_article.get(article.pk, [])
                if claim.kind == Claim.Kind.CASUALTY or flag_counts.get(claim.pk)
            ],
            "other_claims": sum(
                1
                for claim in by_article.get(article.pk, [])
                if claim.kind != Claim.Kind.CASUALTY and not flag_counts.get(claim.pk)
            ),
        }
        for article in view.articles
    ]
    return render(
        request,
        "review/event.html",
        {
            "nav": "events",
            "event": event,
            "rows": rows,
            "matches": view.matches,
            "flags": view.flags,
            "flagged": view.flagged(),
            "clusters": view.clusters(),
            "charts": event_selectors.event_charts(view),
            "form": form
            or EventForm(
                initial={
                    "title": event.title,
                    "date": event.date,
                    "place": event.place,
                    "summary": event.summary,
                }
            ),
            "targets": _move_targets(event),
            "public": view.has_published,
        },
        status=status,
    )


@require_GET
@reviewer_required
def event_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_event_page(request, get_event_for_user(request, pk))


@require_POST
@reviewer_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request, pk)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            event_services.event_update(event=event, by=request.user, **form.cleaned_data)
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Event saved.")
            return redirect("review:event", pk=event.pk)
    return _render_event_page(request, event, form=form, status=400)


def _event_article(request: HttpRequest, pk: int, article_pk: int) -> tuple[Event, Article]:
    event = get_event_for_user(request, pk)
    article = get_object_or_404(Article.objects.select_related("event"), pk=article_pk, event=event)
    return event, article


@require_POST
@reviewer_required
def event_article_confirm(request: HttpRequest, pk: int, article_pk: int) -> HttpResponse:
    event, article = _event_article(request, pk, article_pk)
    try:
        event_services.article_event_confirm(article=article, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{article.title}” is confirmed in this event.")
    return redirect(reverse("review:event", args=[event.pk]) + f"#article-{article.pk}")


@require_POST
@reviewer_required
def event_article_move(request: HttpRequest, pk: int, article_pk: int) -> HttpResponse:
    event, article = _event_article(request, pk, article_pk)
    form = ArticleMoveForm(request.POST)
    target = None
    if form.is_valid():
        target = Event.objects.filter(pk=form.cleaned_data["event"]).first()
    if target is None:
        messages.error(request, "Choose the event to move the article to.")
        return redirect(reverse("review:event", args=[event.pk]) + f"#article-{article.pk}")
    try:
        event_services.article_event_move(article=article, event=target, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("review:event", args=[event.pk]) + f"#article-{article.pk}")
    messages.success(request, f"“{article.title}” moved to “{target.title}”.")
    return redirect(reverse("review:event", args=[target.pk]) + f"#article-{article.pk}")


@require_POST
@reviewer_required
def event_article_split(request: HttpRequest, pk: int, article_pk: int) -> HttpResponse:
    event, article = _event_article(request, pk, article_pk)
    try:
        new = event_services.article_event_split(article=article, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("review:event", args=[event.pk]) + f"#article-{article.pk}")
    messages.success(request, f"“{article.title}” now has an event of its own.")
    return redirect("review:event", pk=new.pk)
