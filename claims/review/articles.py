"""The reviewers' article pages: the list, importing a new article, and the
article review page where claims are confirmed, dismissed or added."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    F,
    Prefetch,
    Q,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from articles.feeds import feeds_failing
from articles.jobs import background
from articles.models import Article
from articles.services import (
    ArticleImportError,
    article_import_text_or_url,
    article_set_date,
)
from articles.tasks import process_after_import
from claims import services
from claims.models import (
    Claim,
    Verdict,
)
from claims.selectors import current_verdict

from .common import ARTICLES_PAGE_SIZE, get_article_for_user, highlighted, reviewer_required
from .forms import (
    ArticleDateForm,
    ArticleImportForm,
    ManualClaimForm,
    article_too_large,
)


# ------------------------------------------------------------------------------
# Articles
# ------------------------------------------------------------------------------
@require_GET
@reviewer_required
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.select_related("outlet").order_by(
        F("published_on").desc(nulls_last=True), "-created", "-id"
    )
    page = Paginator(articles, ARTICLES_PAGE_SIZE).get_page(request.GET.get("page"))
    # Claim counts for this page only: counting for every article before
    # paginating gets slow with thousands of articles.
    counts = {
        row["article_id"]: row
        for row in Claim.objects.filter(article_id__in=[a.pk for a in page.object_list])
        .values("article_id")
        .annotate(
            candidates=Count("pk", filter=Q(status=Claim.Status.CANDIDATE)),
            confirmed=Count("pk", filter=Q(status=Claim.Status.CONFIRMED)),
        )
        .order_by()
    }
    for article in page.object_list:
        row = counts.get(article.pk, {})
        article.candidates = row.get("candidates", 0)
        article.confirmed = row.get("confirmed", 0)
    context = {"nav": "articles", "page": page, "feeds_failing": feeds_failing()}
    return render(request, "review/articles.html", context)


@csrf_exempt  # checked by _article_import once the body is known to be readable
@reviewer_required
def article_new(request: HttpRequest) -> HttpResponse:
    """Paste or upload an article.

    A paste larger than Django reads into memory (DATA_UPLOAD_MAX_MEMORY_SIZE) cannot
    be parsed, not even for its CSRF token: the page says the article is too large
    (nothing is written) instead of Django's bare "Bad Request".
    """
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 - reads and parses the body
        except RequestDataTooBig:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
            return render(
                request,
                "review/article_new.html",
                {"nav": "new", "form": ArticleImportForm(), "too_large": article_too_large(size)},
                status=413,
            )
    return _article_import(request)


@csrf_protect
def _article_import(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ArticleImportForm(request.POST, request.FILES) if posted else ArticleImportForm()
    if posted and form.is_valid():
        data = form.cleaned_data
        raw, filename = form.raw()
        try:
            result = article_import_text_or_url(
                raw=raw,
                url=data["url"],
                filename=filename,
                by=request.user,
                source_format=data["source_format"],
                outlet_name=data["outlet"],
                published_on=data["published_on"],
                defer_claims=background(),
            )
        except ArticleImportError as exc:
            form.add_error(None, f"The article could not be imported: {exc}.")
        else:
            article = result.article
            for warning in result.warnings:
                messages.warning(request, f"{warning[:1].upper()}{warning[1:]}.")
            if article.published_on is None and not result.parsed.warnings:
                messages.warning(
                    request,
                    "No publication date found: the article is undated; set it on this page.",
                )
            process_after_import(article)  # with a broker, its claims are found by a worker
            if result.status == "unchanged":
                messages.info(request, "This article is already here, unchanged.")
            elif result.status == "updated":
                messages.success(
                    request, "The article's text was updated; its claims were re-anchored."
                )
            else:
                messages.success(request, f"Imported “{article.title}”.")
            for warning in result.warnings:
                messages.warning(request, f"{warning[:1].upper()}{warning[1:]}.")
            return redirect("review:article", pk=article.pk)
    status = 400 if form.errors else 200
    return render(request, "review/article_new.html", {"nav": "new", "form": form}, status=status)


def _article_claims(article: Article) -> list[Claim]:
    return list(
        article.claims.select_related("claimant", "assigned_to")
        .prefetch_related(Prefetch("verdicts", queryset=Verdict.objects.order_by("-created")))
        .order_by("start", "end", "id")
    )


def _render_article_page(
    request: HttpRequest,
    article: Article,
    *,
    manual_form: ManualClaimForm | None = None,
    date_form: ArticleDateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    claims = _article_claims(article)
    items = [(claim, current_verdict(claim)) for claim in claims]
    return render(
        request,
        "review/article.html",
        {
            "article": article,
            "text": highlighted(article.text, claims),
            "items": [item for item in items if item[0].status != Claim.Status.DISMISSED],
            "dismissed": [item for item in items if item[0].status == Claim.Status.DISMISSED],
            "counts": {
                key: sum(1 for c in claims if c.status == key) for key in Claim.Status.values
            },
            "manual_form": manual_form or ManualClaimForm(),
            "date_form": date_form
            or ArticleDateForm(initial={"published_on": article.published_on}),
            "kinds": Claim.Kind.choices,
        },
        status=status,
    )


@require_GET
@reviewer_required
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_article_page(request, get_article_for_user(request, pk))


@require_POST
@reviewer_required
def article_date(request: HttpRequest, pk: int) -> HttpResponse:
    """Set or correct the publication date; the article's event is regrouped."""
    article = get_article_for_user(request, pk)
    form = ArticleDateForm(request.POST)
    if form.is_valid():
        try:
            article_set_date(
                article=article, by=request.user, published_on=form.cleaned_data["published_on"]
            )
        except services.ServiceError as exc:
            form.add_error("published_on", str(exc))
        else:
            day = article.published_on
            messages.success(
                request,
                f"Publication date set to {day.day} {day:%B %Y}."
                if day
                else "The article is undated.",
            )
            return redirect("review:article", pk=article.pk)
    return _render_article_page(request, article, date_form=form, status=400)


@require_POST
@reviewer_required
def claim_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request, pk)
    form = ManualClaimForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_create_manual(
                article=article,
                by=request.user,
                kind=data["kind"],
                exact=data["exact"] or "",
                start=data["start"],
                end=data["end"],
            )
        except services.ServiceError as exc:
            form.add_error("exact", str(exc))
        else:
            messages.success(request, f"Added a {claim.get_kind_display().lower()} claim.")
            return redirect(reverse("review:article", args=[article.pk]) + f"#item-{claim.pk}")
    return _render_article_page(request, article, manual_form=form, status=400)
