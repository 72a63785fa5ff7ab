"""The reviewers' "Sources we follow" page: the outlets' feeds Claimtrack polls, how
each one fares, and the retry of an article whose claims could not be found."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from articles import tasks
from articles.feeds import feed_add, feed_set_active
from articles.jobs import background
from articles.models import Article, OutletFeed

from .common import get_article_for_user, require_reviewer, reviewer_required


class FeedForm(forms.Form):
    outlet = forms.CharField(max_length=200, help_text="The outlet's name, as readers know it.")
    url = forms.URLField(
        label="Feed address",
        max_length=1000,
        assume_scheme="https",
        help_text="An RSS, Atom or JSON Feed address, e.g. https://example.com/world/rss.xml",
    )

    def clean_outlet(self) -> str:
        name = " ".join(self.cleaned_data["outlet"].split())
        if not name:
            raise forms.ValidationError("Name the outlet.")
        return name

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Enter an http:// or https:// address.")
        existing = OutletFeed.objects.select_related("outlet").filter(url=url).first()
        if existing is not None:
            raise forms.ValidationError(f"This feed is already followed ({existing.outlet.name}).")
        return url


def _get_feed_for_user(request: HttpRequest, pk: int) -> OutletFeed:
    require_reviewer(request)
    return get_object_or_404(OutletFeed.objects.select_related("outlet"), pk=pk)


def _render(request: HttpRequest, form: FeedForm, *, status: int = 200) -> HttpResponse:
    feeds = (
        OutletFeed.objects.select_related("outlet")
        .annotate(
            entry_total=Count("entries"),
            imported_total=Count("entries", filter=Q(entries__article__isnull=False)),
        )
        .order_by("outlet__name", "url")
    )
    feeds = list(feeds)
    return render(
        request,
        "review/feeds.html",
        {
            "nav": "feeds",
            "feeds": feeds,
            "failing": [feed for feed in feeds if feed.active and feed.failing],
            "form": form,
            "background": background(),
            "failing_after": OutletFeed.FAILING_AFTER,
        },
        status=status,
    )


@require_GET
@reviewer_required
def feed_list(request: HttpRequest) -> HttpResponse:
    return _render(request, FeedForm())


@require_POST
@reviewer_required
def feed_create(request: HttpRequest) -> HttpResponse:
    form = FeedForm(request.POST)
    if not form.is_valid():
        return _render(request, form, status=400)
    feed = feed_add(outlet_name=form.cleaned_data["outlet"], url=form.cleaned_data["url"])
    messages.success(
        request,
        f"Following {feed.outlet.name}'s feed. New entries are imported on the next poll; "
        "“Poll now” fetches it at once.",
    )
    return redirect("review:feeds")


@require_POST
@reviewer_required
def feed_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    feed = _get_feed_for_user(request, pk)
    feed_set_active(feed=feed, active=not feed.active)
    state = "resumed" if feed.active else "paused: it is not polled until resumed"
    messages.success(request, f"{feed.outlet.name}'s feed {state}.")
    return redirect("review:feeds")


@require_POST
@reviewer_required
def feed_poll(request: HttpRequest, pk: int) -> HttpResponse:
    feed = _get_feed_for_user(request, pk)
    line = tasks.enqueue(tasks.poll_feed, feed_id=feed.pk)
    if line is None:
        messages.info(request, f"{feed.outlet.name}'s feed is queued for polling.")
    elif ": failed: " in line:
        messages.error(request, line)
    else:
        messages.success(request, line)
    return redirect("review:feeds")


@require_POST
@reviewer_required
def article_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Find an article's claims again after a failed (or stuck) job."""
    article = get_article_for_user(request, pk)
    tasks.article_process_queue(article_ids=[article.pk])
    article.refresh_from_db(fields=["processing", "processing_error"])
    if article.processing == Article.Processing.FAILED:
        messages.error(request, f"Finding the claims failed again: {article.processing_error}")
    elif article.processing == Article.Processing.DONE:
        messages.success(request, "The claims were found again.")
    else:
        messages.info(request, "Queued: the claims appear here once a worker has found them.")
    return redirect("review:article", pk=article.pk)
