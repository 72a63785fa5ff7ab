"""The public site: only published verdicts, and the confirmed claims that carry them.

Every read starts from `public_claims()` or `public_verdicts()`, so a draft,
submitted or withdrawn verdict, a candidate or dismissed claim, and the
reviewer-only notes can never reach a template, a feed or the search.

Pages that are expensive or popular answer conditional GETs and are cached
for anonymous readers. Both use a *fingerprint*: the newest `updated` and
the row counts of everything the page shows, read in one query. Publishing,
correcting or withdrawing a verdict, or editing a claim or an article,
changes the fingerprint, so ETags change and cache keys change without any
explicit invalidation; stale entries simply expire.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.sitemaps.views import index as sitemap_index_view
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.lookups import IsNull
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, quote_etag, urlencode
from django.views.decorators.http import require_safe

from articles.models import Article, Event, Outlet

from .claimreview import claimreview_feed, claimreview_for
from .events import event_charts, event_view
from .filters import MAX_ID
from .models import Claim, Claimant, ClaimRelay, Correction, Evidence, Verdict, quote_slug
from .search import only_stop_words, search_claims

# Bump when templates change in a way that must not be served from old cache entries
# (or when what is cached changes shape).
PAGE_VERSION = "4"
KEPT_HEADERS = ("Link",)
CACHE_TIMEOUT = 300
SEARCH_PAGE_SIZE = 20
LIST_PAGE_SIZE = 30
HOME_LATEST = 8
OTHER_CLAIMS_LIMIT = 20
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


# ------------------------------------------------------------------------------
# Public reads
# ------------------------------------------------------------------------------
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


def base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


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


# ------------------------------------------------------------------------------
# Conditional GET and the anonymous page cache
# ------------------------------------------------------------------------------
class _SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery (portable across SQLite and PostgreSQL)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _fingerprint_count)"
    output_field = IntegerField()


def latest(queryset: QuerySet, field: str) -> Subquery:
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


def count(queryset: QuerySet) -> _SubqueryCount:
    return _SubqueryCount(queryset.order_by().values("pk"))


@dataclass(frozen=True)
class Fingerprint:
    """What a page shows, summarized: its newest change and its row counts."""

    last_modified: datetime.datetime | None
    parts: tuple

    @classmethod
    def of(cls, *values: Any) -> Fingerprint:
        stamps = [v for v in values if isinstance(v, datetime.datetime)]
        return cls(last_modified=max(stamps) if stamps else None, parts=tuple(values))

    def key(self) -> str:
        raw = "|".join(
            v.isoformat() if isinstance(v, datetime.datetime) else str(v) for v in self.parts
        )
        return hashlib.sha256(f"{PAGE_VERSION}|{raw}".encode()).hexdigest()[:32]


# Pages that list verdicts from anywhere read this on every visit, so it must not
# scan the verdicts: every save of a verdict, claim or article (and every delete)
# adds a row to its history table, whose history_date is indexed, and the newest
# ids catch rows inserted in bulk, which keep no history. Each part is one index
# lookup; corrections are few, and counted so a deleted one counts too.
_SITE_FINGERPRINT_SQL = """
SELECT 1,
  (SELECT MAX(history_date) FROM {verdict_history}),
  (SELECT MAX(history_date) FROM {claim_history}),
  (SELECT MAX(history_date) FROM {article_history}),
  (SELECT MAX(id) FROM {verdict}),
  (SELECT MAX(id) FROM {claim}),
  (SELECT MAX(id) FROM {article}),
  (SELECT MAX(id) FROM {correction}),
  (SELECT COUNT(*) FROM {correction})
"""


def site_fingerprint() -> Fingerprint:
    """For pages that list verdicts from anywhere (home, lists, feeds, sitemap)."""
    _one, fingerprint = fingerprint_query(_SITE_FINGERPRINT_SQL, [])
    return fingerprint


def _is_anonymous_visitor(request: HttpRequest) -> bool:
    """True for a visitor with no session and no pending messages.

    Decided from cookies alone: it costs no query, and a page rendered for such
    a visitor holds nothing personal (no user name, no CSRF token, no message).
    """
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _viewer(request: HttpRequest, *, anonymous: bool) -> str:
    """Who the page is rendered for, as far as its ETag is concerned.

    A signed-in reader's copy shows their name, carries a CSRF token for the log-out
    form (it changes at every log-in: a copy kept from an earlier session would fail
    with "CSRF verification failed") and any pending messages. All three go into
    their ETag, so a 304 never hands back a copy rendered for another session.
    """
    if anonymous:
        return "anon"
    user = f"u{request.user.pk}" if request.user.is_authenticated else "visitor"
    # get_token() creates the CSRF secret now if the visitor has none yet, so the
    # ETag names the secret the page's token is made from.
    get_token(request)
    secret = request.META.get("CSRF_COOKIE", "")
    return "|".join([user, secret, request.COOKIES.get("messages", "")])


class KnownCountPaginator(Paginator):
    """A paginator told how many rows there are, when another query already counted them."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def page_number(request: HttpRequest) -> int:
    """The ?page= of a list, as a number from 1; anything else is the first page."""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return max(number, 1)


def public_response(
    request: HttpRequest,
    *,
    name: str,
    fingerprint: Fingerprint,
    build: Callable[[], HttpResponse],
    cache_page: bool = True,
) -> HttpResponse:
    """Answer with 304, a cached copy or a fresh render, in that order of preference.

    `name` identifies the page (view and object); the host is part of the key
    because pages carry absolute urls (JSON-LD, Open Graph, feeds). With
    `cache_page` off (deep pages of a list: any number makes a new key) the
    page still answers conditional GETs but is not kept in the cache.
    """
    anonymous = _is_anonymous_visitor(request)
    viewer = _viewer(request, anonymous=anonymous)
    page_key = f"{name}|{request.scheme}://{request.get_host()}|{fingerprint.key()}"
    etag = quote_etag(hashlib.sha256(f"{page_key}|{viewer}".encode()).hexdigest()[:32])
    last_modified = (
        int(fingerprint.last_modified.timestamp()) if fingerprint.last_modified else None
    )

    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        cache_key = "public-page:" + hashlib.sha256(page_key.encode()).hexdigest()
        use_cache = anonymous and cache_page
        cached = cache.get(cache_key) if use_cache else None
        if cached is not None:
            content, content_type, headers = cached
            response = HttpResponse(content, content_type=content_type, headers=headers)
        else:
            response = build()
            if use_cache and response.status_code == 200 and not response.cookies:
                # Headers that are part of the page: a feed's link to its next page.
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                cache.set(
                    cache_key, (response.content, response["Content-Type"], headers), CACHE_TIMEOUT
                )

    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Browsers and proxies keep the page but ask again every time; the ETag makes
    # that a cheap 304. Signed-in pages stay out of shared caches.
    if anonymous:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


# ------------------------------------------------------------------------------
# Home
# ------------------------------------------------------------------------------
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    def build() -> HttpResponse:
        latest_claims = list(
            # Query: the newest published verdicts with their claims, articles and claimants.
            public_claims()
            .select_related("article__outlet", "claimant")
            .defer(*LIST_DEFER)
            .order_by("-published_at", "-pk")[:HOME_LATEST]
        )
        # Query: published verdicts counted by rating, from the (status, rating) index.
        counts = rating_counts(counted_verdicts())
        return render(
            request,
            "public/home.html",
            {
                "latest_claims": latest_claims,
                "rating_counts": counts,
                "total": sum(row["count"] for row in counts),
            },
        )

    return public_response(request, name="home", fingerprint=site_fingerprint(), build=build)


# ------------------------------------------------------------------------------
# Claim page
# ------------------------------------------------------------------------------
def _claim_page_verdict(pk: int) -> Verdict:
    """The published verdict of a public claim, with what the page shows of its claim,
    article, outlet and claimant, in one query; 404 when the claim is not public."""
    verdict = (
        public_verdicts()
        .filter(claim_id=pk)
        .select_related("claim__article__outlet", "claim__article__event", "claim__claimant")
        # The page quotes the claim's sentence, not the article; the editor's note
        # to the reviewer is never shown.
        .defer("review_note", "claim__article__text", "claim__article__source")
        .first()
    )
    if verdict is None:
        raise Http404("No published fact-check here.")
    return verdict


# The claim page's fingerprint is read on every visit, cached or not, so it is one
# hand-written query: building the same thing with the ORM's correlated subqueries
# cost ten times the query itself. Table names come from the models. Sources are
# followed through the evidence history, so a changed stance or a removed source
# counts as a change; the claimant's name, role and kind are part of it too.
_CLAIM_FINGERPRINT_SQL = """
SELECT c.exact, a.updated,
  (SELECT MAX(c2.updated) FROM {claim} c2 WHERE c2.article_id = c.article_id),
  (SELECT MAX(v2.updated) FROM {verdict} v2 JOIN {claim} c3 ON c3.id = v2.claim_id
     WHERE c3.article_id = c.article_id),
  (SELECT COUNT(*) FROM {verdict} v2 JOIN {claim} c3 ON c3.id = v2.claim_id
     WHERE c3.article_id = c.article_id),
  (SELECT MAX(h.history_date) FROM {evidence_history} h WHERE h.claim_id = c.id),
  (SELECT COUNT(*) FROM {evidence} e WHERE e.claim_id = c.id),
  (SELECT MAX(k.created) FROM {correction} k JOIN {verdict} v3 ON v3.id = k.verdict_id
     WHERE v3.claim_id = c.id),
  (SELECT COUNT(*) FROM {correction} k JOIN {verdict} v3 ON v3.id = k.verdict_id
     WHERE v3.claim_id = c.id),
  p.name, p.role, p.kind
FROM {claim} c
JOIN {article} a ON a.id = c.article_id
JOIN {verdict} v ON v.claim_id = c.id AND v.status = %s
LEFT JOIN {claimant} p ON p.id = c.claimant_id
WHERE c.id = %s AND c.status = %s
"""


def _as_datetime(value: Any) -> Any:
    """SQLite hands back aggregated timestamps as text; make them aware datetimes.

    Other text (a claimant's name) is returned as it is.
    """
    if isinstance(value, str):
        try:
            # fromisoformat (in C) reads SQLite's "YYYY-MM-DD HH:MM:SS.ffffff" as it is.
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            try:
                value = parse_datetime(value) or value
            except ValueError:
                return value
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        # Stored in UTC (USE_TZ): SQLite returns it without an offset.
        value = timezone.make_aware(value, datetime.UTC)
    return value


@functools.cache
def _table_names() -> dict[str, str]:
    # Once per process: reading `Model.history` builds a manager each time, which
    # cost a claim page more than its fingerprint query.
    return {
        "claim": Claim._meta.db_table,
        "article": Article._meta.db_table,
        "verdict": Verdict._meta.db_table,
        "evidence": Evidence._meta.db_table,
        "correction": Correction._meta.db_table,
        "claimant": Claimant._meta.db_table,
        "claim_history": Claim.history.model._meta.db_table,
        "article_history": Article.history.model._meta.db_table,
        "verdict_history": Verdict.history.model._meta.db_table,
        "evidence_history": Evidence.history.model._meta.db_table,
    }


def fingerprint_query(sql: str, params: list) -> tuple[Any, Fingerprint] | None:
    """Run a hand-written fingerprint query: (first column, fingerprint of the rest).

    ``sql`` names tables as {claim}, {article}, {verdict}, {evidence}, {correction},
    {claimant}, and the history tables {claim_history}, {article_history},
    {verdict_history} and {evidence_history}.
    """
    sql = sql.format(**_table_names())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    first, *values = row
    return first, Fingerprint.of(*(_as_datetime(v) for v in values))


def _claim_fingerprint(pk: int) -> tuple[str, Fingerprint] | None:
    """(quote, fingerprint) of a public claim, or None when it is not public."""
    return fingerprint_query(
        _CLAIM_FINGERPRINT_SQL, [Verdict.Status.PUBLISHED, pk, Claim.Status.CONFIRMED]
    )


def quote_in_sentence(sentence: str, exact: str) -> tuple[str, str, str] | None:
    """(before, quote, after) when the quote is inside the sentence, for highlighting."""
    if not sentence or not exact:
        return None
    index = sentence.find(exact)
    if index < 0:
        return None
    return sentence[:index], exact, sentence[index + len(exact) :]


@require_safe
def claim_detail(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    # Query: the quote and the fingerprint (all a cached visit or a 304 needs).
    found = _claim_fingerprint(pk)
    if found is None:
        raise Http404("No published fact-check here.")
    exact, fingerprint = found
    canonical = quote_slug(exact)
    if slug != canonical:
        # One address per claim: old or shortened slugs lead to the canonical one.
        return HttpResponsePermanentRedirect(
            reverse("claims:detail", kwargs={"pk": pk, "slug": canonical})
        )

    def build() -> HttpResponse:
        # Query: the verdict with its claim, article, outlet and claimant.
        verdict = _claim_page_verdict(pk)
        claim = verdict.claim
        article = claim.article
        # Query: the attribution chain ("via"), in order.
        relays = list(ClaimRelay.objects.filter(claim=claim).select_related("claimant"))
        # Query: the sources (never the reviewer's evidence note: it is not displayed,
        # and deferred so it is not even loaded).
        evidence = list(
            Evidence.objects.filter(claim=claim)
            .select_related("source")
            .defer("note")
            .order_by("created", "pk")
        )
        # Query: the public correction log of this claim's verdicts, newest first.
        corrections = list(
            Correction.objects.filter(
                verdict__claim=claim,
                verdict__status__in=[Verdict.Status.PUBLISHED, Verdict.Status.WITHDRAWN],
            ).only("note", "created", "verdict_id")
        )
        # Query: the article's other published claims.
        others = list(
            public_claims()
            .filter(article=article)
            .exclude(pk=claim.pk)
            .select_related("claimant")
            .order_by("start", "pk")[:OTHER_CLAIMS_LIMIT]
        )
        url = base_url(request)
        return render(
            request,
            "public/claim_detail.html",
            {
                "claim": claim,
                "verdict": verdict,
                "article": article,
                "relays": relays,
                "evidence": evidence,
                "corrections": corrections,
                "other_claims": others,
                "in_sentence": quote_in_sentence(claim.sentence, claim.exact),
                "claimreview": claimreview_for(verdict, base_url=url),
                "absolute_url": url + claim.get_absolute_url(),
            },
        )

    return public_response(request, name=f"claim:{pk}", fingerprint=fingerprint, build=build)


# ------------------------------------------------------------------------------
# Claimant page
# ------------------------------------------------------------------------------
@require_safe
def claimant_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Query: the claimant, if anything public is attributed to them. A claimant known
    # only from unreviewed claims stays private: 404.
    claimant = (
        Claimant.objects.select_related("affiliation")
        .filter(slug=slug)
        .filter(
            any_row(public_claims().filter(claimant=OuterRef("pk")))
            | any_row(public_claims().filter(relays__claimant=OuterRef("pk")))
        )
        .first()
    )
    if claimant is None:
        raise Http404("No published fact-checks about this claimant.")
    number = page_number(request)

    def build() -> HttpResponse:
        # Their published verdicts: the ids are of confirmed claims only, so these are
        # the public verdicts, read from the verdicts' indexes without joining claims.
        verdicts = Verdict.objects.published().filter(claim_id__in=claim_ids_of([claimant]))
        # Query: their verdicts counted by rating; the sum is the number of claims, so
        # the pages need no count of their own.
        counts = rating_counts(verdicts)
        total = sum(row["count"] for row in counts)
        page = KnownCountPaginator(
            verdicts.order_by("-published_at", "-claim_id"), LIST_PAGE_SIZE, count=total
        ).get_page(number)
        # Query: the claims of the page's verdicts, newest check first.
        page.object_list = list(
            public_claims()
            .filter(pk__in=page.object_list.values("claim_id"))
            .select_related("article__outlet", "claimant")
            .defer(*LIST_DEFER)
            .order_by("-published_at", "-pk")
        )
        return render(
            request,
            "public/claimant_detail.html",
            {"claimant": claimant, "page": page, "rating_counts": counts, "total": total},
        )

    return public_response(
        request,
        name=f"claimant:{claimant.pk}:{number}",
        fingerprint=site_fingerprint(),
        build=build,
        cache_page=number == 1,
    )


# ------------------------------------------------------------------------------
# Search
# ------------------------------------------------------------------------------
class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    rating = forms.ChoiceField(
        label="Rating", required=False, choices=[("", "Any rating"), *Verdict.Rating.choices]
    )
    kind = forms.ChoiceField(
        label="Kind of claim", required=False, choices=[("", "Any kind"), *Claim.Kind.choices]
    )
    claimant = forms.ChoiceField(label="Claimant", required=False)
    outlet = forms.ChoiceField(label="Outlet", required=False)
    date_from = forms.DateField(
        label="Article from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="Article to",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[("relevance", "Relevance"), ("newest", "Newest check"), ("oldest", "Oldest")],
    )

    def __init__(self, *args: Any, claimants: list, outlets: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["claimant"].choices = [("", "Anyone"), *claimants]
        self.fields["outlet"].choices = [("", "Any outlet"), *outlets]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data


FILTER_FIELDS = ("q", "rating", "kind", "claimant", "outlet", "date_from", "date_to")


def search_choices() -> tuple[list, list]:
    """The claimants and the outlets of published claims, for the search filters.

    Both are the same for every search: they are kept in the cache until anything
    is published, corrected or withdrawn. Each is read from its own small table,
    with one first-hit lookup per claimant or outlet.
    """
    # Query: the site fingerprint.
    key = f"search-choices:{site_fingerprint().key()}"
    choices = cache.get(key)
    if choices is None:
        choices = (
            # Query: claimants who made or relayed published claims.
            list(public_claimants().order_by("name").values_list("slug", "name")),
            # Query: outlets with published claims: for each, its first article with
            # a published claim, article by article on the outlet's index.
            list(
                Outlet.objects.filter(
                    any_row(
                        Article.objects.filter(
                            Exists(public_claims().filter(article=OuterRef("pk"))),
                            outlet=OuterRef("pk"),
                        )
                    )
                )
                .order_by("name")
                .values_list("slug", "name")
            ),
        )
        cache.set(key, choices, CACHE_TIMEOUT)
    return choices


# A search lists at most this many results: the newest (or, sorted so, the oldest)
# claims that match, most relevant first when sorted by relevance. Counting and
# ranking every match of a common word among a million claims took seconds; past a
# thousand results, readers narrow the search rather than page on.
MAX_RESULTS = 1000


def search_results(claims: QuerySet[Claim], *, q: str, sort: str) -> tuple[list[int], bool]:
    """The ids of the results, in order, and whether more than MAX_RESULTS matched.

    One query reads the ids (and the rank when there are words) of the first
    MAX_RESULTS + 1 matches; relevance then orders those, ties newest first.
    """
    order = ("published_at", "pk") if sort == "oldest" else ("-published_at", "-pk")
    fields = ("pk", "rank") if q else ("pk",)
    rows = list(claims.order_by(*order).values_list(*fields)[: MAX_RESULTS + 1])
    more = len(rows) > MAX_RESULTS
    rows = rows[:MAX_RESULTS]
    if q and sort == "relevance":
        # A stable sort: equal ranks keep the newest-first order of the query.
        rows.sort(key=lambda row: -row[1])
    return [row[0] for row in rows], more


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    # Queries: the filter choices (one query when they are cached, three when not).
    claimants, outlets = search_choices()
    form = SearchForm(request.GET or None, claimants=claimants, outlets=outlets)
    claims = public_claims()
    searched = filtered = invalid = False
    q = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        q = data["q"].strip()
        if data["rating"]:
            claims = claims.filter(rating=data["rating"])
        if data["kind"]:
            claims = claims.filter(kind=data["kind"])
        if data["claimant"]:
            claims = claims.filter(
                pk__in=claim_ids_of(Claimant.objects.filter(slug=data["claimant"]))
            )
        if data["outlet"]:
            claims = claims.filter(article__outlet__slug=data["outlet"])
        if data["date_from"]:
            claims = claims.filter(article__published_on__gte=data["date_from"])
        if data["date_to"]:
            claims = claims.filter(article__published_on__lte=data["date_to"])
        searched = any(data[name] for name in FILTER_FIELDS)
        filtered = any(data[name] for name in FILTER_FIELDS if name != "q")
        sort = data["sort"] or ("relevance" if q else "newest")
    else:
        sort = "newest"
        if form.is_bound:
            # Invalid filters show their errors and no results, never a 500.
            claims = claims.none()
            invalid = True
    if q:
        claims = search_claims(claims, q)
    # Query: the ids of the results (up to MAX_RESULTS), in order.
    ids, more = search_results(claims, q=q, sort=sort)
    page = Paginator(ids, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    if page.object_list:
        # Query: the page's claims with their articles, outlets and claimants.
        found = public_claims().filter(pk__in=page.object_list)
        found = found.select_related("article__outlet", "claimant").defer(*LIST_DEFER).in_bulk()
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
    query = request.GET.copy()
    query.pop("page", None)
    response = render(
        request,
        "public/search.html",
        {
            "form": form,
            "page": page,
            "q": q,
            "searched": searched,
            "filtered": filtered,
            "invalid": invalid,
            "more": more,
            "max_results": MAX_RESULTS,
            "sort": sort,
            "too_common": bool(q) and only_stop_words(q),
            "querystring": query.urlencode(),
        },
    )
    return response


# ------------------------------------------------------------------------------
# Corrections and methodology
# ------------------------------------------------------------------------------
@require_safe
def corrections(request: HttpRequest) -> HttpResponse:
    number = page_number(request)

    def build() -> HttpResponse:
        # Corrections are few and claims many: the conditions are lookups from each
        # correction, so the database starts from the corrections (newest first, on
        # their index) and never from the claims.
        shown = Verdict.objects.filter(
            pk=OuterRef("verdict_id"),
            status__in=[Verdict.Status.PUBLISHED, Verdict.Status.WITHDRAWN],
            claim__status=Claim.Status.CONFIRMED,
        )
        log = (
            Correction.objects.filter(Exists(shown))
            .select_related("verdict__claim__article")
            .defer("verdict__claim__article__text", "verdict__claim__article__source")
            .annotate(
                # A withdrawn verdict's claim page is gone: the log names it without a link.
                claim_is_public=Exists(public_claims().filter(pk=OuterRef("verdict__claim_id")))
            )
            # The verdict's rationale and reviewer note are never needed here.
            .defer("verdict__rationale", "verdict__review_note", "verdict__claim__parts")
            .order_by("-created", "-pk")
        )
        # Queries: the count, then one page of corrections.
        page = Paginator(log, LIST_PAGE_SIZE).get_page(number)
        return render(request, "public/corrections.html", {"page": page})

    return public_response(
        request,
        name=f"corrections:{number}",
        fingerprint=site_fingerprint(),
        build=build,
        cache_page=number == 1,
    )


RATING_DEFINITIONS = {
    Verdict.Rating.TRUE: "The claim is accurate and nothing significant is missing.",
    Verdict.Rating.MOSTLY_TRUE: (
        "The claim is accurate but needs clarification or additional information."
    ),
    Verdict.Rating.MIXED: "The claim is partly accurate and partly inaccurate.",
    Verdict.Rating.MOSTLY_FALSE: (
        "The claim contains an element of truth but ignores facts that would give a "
        "different impression."
    ),
    Verdict.Rating.FALSE: "The claim is not accurate.",
    Verdict.Rating.UNPROVEN: (
        "The evidence available does not prove or disprove the claim. We say why, and we "
        "come back to it when new evidence appears."
    ),
    Verdict.Rating.MISATTRIBUTED: "The words or figures were not said by the person or "
    "organization they are attributed to.",
    Verdict.Rating.CORRECTLY_ATTRIBUTED: (
        "The person or organization really said it. This is not a judgement on whether "
        "what they said is true."
    ),
}


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    labels = dict(Verdict.Rating.choices)
    scale = [
        {
            "rating": str(rating),
            "label": labels[rating],
            "value": Verdict.RATING_VALUES.get(rating),
            "definition": RATING_DEFINITIONS[rating],
        }
        for rating in RATING_ORDER
    ]
    return render(
        request,
        "public/about.html",
        {"scale": scale, "kinds": Claim.Kind.choices, "best": Verdict.BEST_RATING},
    )


# ------------------------------------------------------------------------------
# Machines: sitemap, robots.txt, the ClaimReview data feed
# ------------------------------------------------------------------------------
@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: one entry per page of each section."""
    from .sitemaps import SITEMAPS

    def build() -> HttpResponse:
        # Queries: the number of pages of each section: the largest id of claims and of
        # articles (their pages are ranges of ids), a count of claimants and of events.
        response = sitemap_index_view(
            request, sitemaps=SITEMAPS, sitemap_url_name="claims:sitemap-section"
        )
        response.render()
        return response

    return public_response(
        request, name="sitemap-index", fingerprint=site_fingerprint(), build=build
    )


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """/sitemap-<section>.xml?p=N: one page of the urls of a section."""
    from .sitemaps import SITEMAPS

    raw = request.GET.get("p", "1")
    if section not in SITEMAPS or not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise Http404("No such sitemap.")
    number = int(raw)

    def build() -> HttpResponse:
        # Queries: the section's number of pages (a largest id or a count), then its urls.
        response = sitemap_view(request, sitemaps=SITEMAPS, section=section)
        response.render()
        return response

    # Pages past the end are a 404, which is never cached: only real pages get a key.
    return public_response(
        request,
        name=f"sitemap:{section}:{number}",
        fingerprint=site_fingerprint(),
        build=build,
    )


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on every page that names no icon (the back office).
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /review/",
        "Disallow: /accounts/",
        "Disallow: /api/",
        # Search result pages are endless combinations of filters.
        "Disallow: /claims/?",
        "",
        f"Sitemap: {base_url(request)}{reverse('claims:sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# What ClaimReview and the Atom feed read of a verdict and its claim, article, outlet
# and claimant. Only these are loaded: the article's text and raw source would
# otherwise come along for every verdict, which for a feed of every published
# verdict is most of the work.
FEED_FIELDS = (
    "rating", "rationale", "status", "published_at", "created", "updated",
    "claim__exact", "claim__kind", "claim__status",
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


# The ClaimReview data feed comes in pages of the newest reviews: every published
# review in one response was 36 MB and took most of a minute at 50,000 reviews.
CLAIMREVIEW_PAGE_SIZE = 500
_CURSOR = re.compile(r"([0-9]{1,18})-([0-9]{1,19})")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
BAD_CURSOR = (
    "Not a valid position in the feed: give the value of `before` from the feed's "
    'Link: <...>; rel="next" header.'
)


class BadCursor(ValueError):
    pass


def feed_cursor(verdict: Verdict) -> str:
    """Where the next page of the feed starts: after this verdict, the last of a page.

    The verdict's publication time in microseconds since 1970 and its id, as
    "1764517559056726-4812": the feed is ordered by both, newest first.
    """
    delta = verdict.published_at - _EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}-{verdict.pk}"


def parse_feed_cursor(raw: str) -> tuple[datetime.datetime, int]:
    """(publication time, id) from a cursor; BadCursor when it is not one.

    Positions past anything stored (a time after the year 9999, an id beyond the
    largest) are taken as the largest possible: they come after every review.
    """
    match = _CURSOR.fullmatch(raw)
    if match is None:
        raise BadCursor(BAD_CURSOR)
    try:
        when = _EPOCH + datetime.timedelta(microseconds=int(match[1]))
    except OverflowError:
        when = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return when, min(int(match[2]), MAX_ID)


def claimreview_page(*, before: str | None, base_url: str) -> tuple[dict[str, Any], str | None]:
    """One page of the ClaimReview data feed, and the cursor of the next (None at the end).

    ``before`` is a cursor from a previous page (None for the newest reviews); a
    malformed one raises BadCursor. A page's reviews never change place: new reviews
    go to the first page, so a crawler following the cursors reads each once.
    """
    verdicts = feed_verdicts().filter(published_at__isnull=False)
    if before:
        when, pk = parse_feed_cursor(before)
        # The first condition bounds the index range; the second breaks ties by id.
        verdicts = verdicts.filter(published_at__lte=when).filter(
            Q(published_at__lt=when) | Q(pk__lt=pk)
        )
    # Query: one page of published verdicts with their claims, articles, outlets and
    # claimants, and one more to tell whether another page follows.
    rows = list(verdicts[: CLAIMREVIEW_PAGE_SIZE + 1])
    more = len(rows) > CLAIMREVIEW_PAGE_SIZE
    rows = rows[:CLAIMREVIEW_PAGE_SIZE]
    feed = claimreview_feed(rows, base_url=base_url)
    return feed, feed_cursor(rows[-1]) if more else None


def cached_claimreview_page(
    *, before: str | None, base_url: str
) -> tuple[dict[str, Any], str | None]:
    """`claimreview_page`, kept in the cache until anything is published or corrected."""
    if before:
        parse_feed_cursor(before)  # a malformed cursor is refused before any query
    # Query: the site fingerprint (and on a miss, the page's query).
    key = f"claimreview-page:{site_fingerprint().key()}:{base_url}:{before or ''}"
    page = cache.get(key)
    if page is None:
        page = claimreview_page(before=before, base_url=base_url)
        cache.set(key, page, CACHE_TIMEOUT)
    return page


def next_link(url: str, cursor: str | None) -> dict[str, str]:
    """The Link header pointing to the next page of a feed at ``url``, if there is one."""
    if cursor is None:
        return {}
    return {"Link": f'<{url}?{urlencode({"before": cursor})}>; rel="next"'}


@require_safe
def claimreview_json(request: HttpRequest) -> HttpResponse:
    before = request.GET.get("before") or None
    if before is not None:
        try:
            parse_feed_cursor(before)
        except BadCursor as exc:
            return JsonResponse({"detail": str(exc)}, status=400)

    def build() -> HttpResponse:
        url = base_url(request)
        feed, cursor = claimreview_page(before=before, base_url=url)
        return JsonResponse(
            feed,
            json_dumps_params={"ensure_ascii": False},
            headers=next_link(url + reverse("claims:claimreview-feed"), cursor),
        )

    return public_response(
        request,
        name=f"claimreview-feed:{before or ''}",
        fingerprint=site_fingerprint(),
        build=build,
        cache_page=before is None,
    )


# ------------------------------------------------------------------------------
# Event page
# ------------------------------------------------------------------------------
@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """How several outlets reported one happening: their published claims and figures."""
    event_articles = Article.objects.filter(event=OuterRef("pk"))
    event_claims = Claim.objects.filter(article__event=OuterRef("pk"))
    event_verdicts = Verdict.objects.filter(claim__article__event=OuterRef("pk"))
    # Query: the event, whether anything in it is published, and the fingerprint of
    # its articles, claims and verdicts.
    event = (
        Event.objects.filter(slug=slug)
        .annotate(
            has_public=Exists(public_claims().filter(article__event=OuterRef("pk"))),
            fp_articles=latest(event_articles, "updated"),
            fp_article_count=count(event_articles),
            fp_claims=latest(event_claims, "updated"),
            fp_claim_count=count(event_claims),
            fp_verdicts=latest(event_verdicts, "updated"),
            fp_verdict_count=count(event_verdicts),
        )
        .first()
    )
    if event is None or not event.has_public:
        # Until a fact-check in it is published, an event is internal work.
        raise Http404("No fact-checks published about this event.")
    fingerprint = Fingerprint.of(
        event.updated,
        event.fp_articles,
        event.fp_article_count,
        event.fp_claims,
        event.fp_claim_count,
        event.fp_verdicts,
        event.fp_verdict_count,
    )

    def build() -> HttpResponse:
        # Queries: the articles with outlets, their published claims with claimants,
        # the published verdicts, the matches and the flags between published claims.
        view = event_view(event, public=True)
        reports = [
            {
                "article": article,
                "claims": [
                    (c, c.verdicts.all()[0]) for c in view.claims if c.article_id == article.pk
                ],
            }
            for article in view.articles
        ]
        return render(
            request,
            "public/event_detail.html",
            {
                "event": event,
                "reports": reports,
                "matches": view.matches,
                "flagged": view.flagged(),
                "clusters": view.clusters(),
                "charts": event_charts(view),
                "claim_count": len(view.claims),
            },
        )

    return public_response(request, name=f"event:{event.pk}", fingerprint=fingerprint, build=build)
