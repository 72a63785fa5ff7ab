"""The public pages: home, claim, claimant, search, corrections, about, sitemaps,
robots.txt and events. Only published verdicts and the confirmed claims that carry
them are shown (every read starts from :mod:`claims.public.selectors`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.sitemaps.views import index as sitemap_index_view
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import (
    Exists,
    OuterRef,
    QuerySet,
)
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.models import Article, Event, Outlet
from claims.events.selectors import event_charts, event_view
from claims.models import Claim, Claimant, Correction, Verdict, quote_slug
from claims.page_versions import SITE, claim_scope
from claims.search import only_stop_words, search_claims

from .caching import (
    CACHE_TIMEOUT,
    Fingerprint,
    fingerprint_query,
    fingerprint_row,
    public_response,
    site_fingerprint,
    site_state,
    will_render,
)
from .claimreview import claimreview_for
from .claimreview_feed import BadCursor, claimreview_page, next_link, parse_feed_cursor
from .presentation import published_rationale
from .selectors import (
    LIST_DEFER,
    RATING_ORDER,
    ClaimPage,
    any_row,
    claim_ids_of,
    claim_page,
    claim_page_with,
    count,
    counted_verdicts,
    latest,
    public_claimants,
    public_claims,
    rating_counts,
)
from .sitemaps import SITEMAPS

SEARCH_PAGE_SIZE = 20


LIST_PAGE_SIZE = 30


HOME_LATEST = 8


OTHER_CLAIMS_LIMIT = 20


def base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


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

    return public_response(request, name="home", scopes=[SITE], check=site_fingerprint, build=build)


# The claim page's fingerprint is read on every visit, cached or not, so it is one
# hand-written query: building the same thing with the ORM's correlated subqueries
# cost ten times the query itself. Table names come from the models. Sources are
# followed through the evidence history, so a changed stance or a removed source
# counts as a change; the claimant's name, role and kind are part of it too. The
# article's claims and their verdicts are read in one pass (f).
_CLAIM_FINGERPRINT_SQL = """
SELECT c.exact, a.updated, f.claims_updated, f.verdicts_updated, f.verdicts,
  (SELECT MAX(h.history_date) FROM {evidence_history} h WHERE h.claim_id = c.id),
  (SELECT COUNT(*) FROM {evidence} e WHERE e.claim_id = c.id),
  (SELECT MAX(k.created) FROM {correction} k JOIN {verdict} v3 ON v3.id = k.verdict_id
     WHERE v3.claim_id = c.id),
  (SELECT COUNT(*) FROM {correction} k JOIN {verdict} v3 ON v3.id = k.verdict_id
     WHERE v3.claim_id = c.id),
  p.name, p.role, p.kind
FROM {claim} c
JOIN {article} a ON a.id = c.article_id
JOIN {verdict} v ON v.claim_id = c.id AND v.status = {published}
LEFT JOIN {claimant} p ON p.id = c.claimant_id
CROSS JOIN (
  SELECT MAX(c2.updated) AS claims_updated, MAX(v2.updated) AS verdicts_updated,
    COUNT(v2.id) AS verdicts
  FROM {claim} c2 LEFT JOIN {verdict} v2 ON v2.claim_id = c2.id
  WHERE c2.article_id = (SELECT c3.article_id FROM {claim} c3 WHERE c3.id = %(claim)s)
) f
WHERE c.id = %(claim)s AND c.status = {confirmed}
"""


def _claim_fingerprint(pk: int) -> tuple[str, Fingerprint] | None:
    """(quote, fingerprint) of a public claim, or None when it is not public."""
    return fingerprint_query(_CLAIM_FINGERPRINT_SQL, {"claim": pk})


def quote_in_sentence(sentence: str, exact: str) -> tuple[str, str, str] | None:
    """(before, quote, after) when the quote is inside the sentence, for highlighting."""
    if not sentence or not exact:
        return None
    index = sentence.find(exact)
    if index < 0:
        return None
    return sentence[:index], exact, sentence[index + len(exact) :]


def _to_canonical(pk: int, slug: str | None, exact: str) -> HttpResponse | None:
    """The redirect to the claim's one address, unless `slug` already is its slug."""
    canonical = quote_slug(exact)
    if slug == canonical:
        return None
    # One address per claim: old or shortened slugs lead to the canonical one.
    return HttpResponsePermanentRedirect(
        reverse("claims:detail", kwargs={"pk": pk, "slug": canonical})
    )


@require_safe
def claim_detail(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    read: ClaimPage | None = None

    def check() -> Fingerprint | HttpResponse:
        nonlocal read
        if will_render(request):
            # Query: the page (as build reads it) with the quote and the fingerprint.
            both = claim_page_with(_CLAIM_FINGERPRINT_SQL, pk, other_claims=OTHER_CLAIMS_LIMIT)
            found = None if both is None else fingerprint_row(both[1])
            read = None if both is None else both[0]
        else:
            # Query: the quote and the fingerprint (all a cached visit or a 304 needs
            # when the cache is not shared; with a shared one, a render skips it).
            found = _claim_fingerprint(pk)
        if found is None:
            raise Http404("No published fact-check here.")
        exact, fingerprint = found
        return _to_canonical(pk, slug, exact) or fingerprint

    def build() -> HttpResponse:
        # Queries: the verdict with its claim, article, outlet, event and claimant; the
        # attribution chain ("via"), the sources with their stances and the public
        # correction log of the claim's verdicts, each only when there are some; the
        # article's other published claims. It answers what `check` would (a 404, a
        # redirect) for a render that skipped it.
        page = read or claim_page(pk, other_claims=OTHER_CLAIMS_LIMIT)
        if page is None:
            raise Http404("No published fact-check here.")
        verdict = page.verdict
        claim = verdict.claim
        redirect = _to_canonical(pk, slug, claim.exact)
        if redirect is not None:
            return redirect
        url = base_url(request)
        # Rendered once: the page shows it and its meta description quotes it.
        rationale, description = published_rationale(verdict.rationale)
        return render(
            request,
            "public/claim_detail.html",
            {
                "claim": claim,
                "verdict": verdict,
                "article": claim.article,
                "relays": page.relays,
                "evidence": page.sources,
                "corrections": page.corrections,
                "other_claims": page.other_claims,
                "rationale": rationale,
                "description": description,
                "in_sentence": quote_in_sentence(claim.sentence, claim.exact),
                "claimreview": claimreview_for(verdict, base_url=url),
                "absolute_url": url + claim.get_absolute_url(),
            },
        )

    return public_response(
        request,
        name=f"claim:{pk}",
        scopes=[claim_scope(pk)],
        check=check,
        build=build,
        build_checks=True,
    )


@require_safe
def claimant_detail(request: HttpRequest, slug: str) -> HttpResponse:
    number = page_number(request)
    claimant = None

    def check() -> Fingerprint:
        nonlocal claimant
        # Query: the claimant, if anything public is attributed to them. A claimant
        # known only from unreviewed claims stays private: 404.
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
        # Query: the site fingerprint.
        return site_fingerprint()

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
        name=f"claimant:{slug}:{number}",
        scopes=[SITE],
        check=check,
        build=build,
        cache_page=number == 1,
    )


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
    # Query: the site fingerprint (none with a shared cache: the site's version).
    key = f"search-choices:{site_state()}"
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
            "page_query": query.urlencode(),
        },
    )
    return response


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
        scopes=[SITE],
        check=site_fingerprint,
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


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: one entry per page of each section."""

    def build() -> HttpResponse:
        # Queries: the number of pages of each section: the largest id of claims and of
        # articles (their pages are ranges of ids), a count of claimants and of events.
        response = sitemap_index_view(
            request, sitemaps=SITEMAPS, sitemap_url_name="claims:sitemap-section"
        )
        response.render()
        return response

    return public_response(
        request, name="sitemap-index", scopes=[SITE], check=site_fingerprint, build=build
    )


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """/sitemap-<section>.xml?p=N: one page of the urls of a section."""

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
        scopes=[SITE],
        check=site_fingerprint,
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
        scopes=[SITE],
        check=site_fingerprint,
        build=build,
        cache_page=before is None,
    )


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """How several outlets reported one happening: their published claims and figures."""
    event = None

    def check() -> Fingerprint:
        nonlocal event
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
        return Fingerprint.of(
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

    # With a shared cache an event page is under the site's version: every change to
    # an event, its articles, claims, matches and flags bumps it.
    return public_response(request, name=f"event:{slug}", scopes=[SITE], check=check, build=build)
