"""Every public page type runs a fixed number of queries, whether it shows 1 claim or 30."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleLink
from claims.models import Claimant, ClaimRelay, Correction
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    PublishedVerdictFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[1, 30], ids=["1-claim", "30-claims"])
def checked(request, reviewer, editor):
    """An article with N published claims, each with a claimant, a relay, two sources
    and a correction; plus N more articles with one published claim each."""
    n = request.param
    text = " ".join(f"Report {i:02d} says {i + 10} people died." for i in range(n))
    article = ArticleFactory(slug="many-claims", text=text)
    speaker = ClaimantFactory(name="Defense Ministry", slug="defense-ministry")
    relay = ClaimantFactory(name="Wire", slug="wire", kind=Claimant.Kind.MEDIA)
    claims = []
    for i in range(n):
        claim = ClaimFactory(
            article=article, quote=f"Report {i:02d} says {i + 10} people died", claimant=speaker
        )
        ClaimRelay.objects.create(claim=claim, claimant=relay, position=0)
        EvidenceFactory.create_batch(2, claim=claim)
        verdict = PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
        Correction.objects.create(verdict=verdict, note=f"Fixed typo {i}.", created_by=editor)
        claims.append(claim)
        other = ClaimFactory(claimant=speaker)
        PublishedVerdictFactory(claim=other, author=reviewer, approved_by=editor)
    return {"n": n, "article": article, "claim": claims[0], "claimant": speaker}


def get(client, url: str, **params):
    cache.clear()  # measure the full render, not a cache hit
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response


def test_home_queries(client, checked, django_assert_num_queries):
    # 1. site fingerprint  2. latest published claims  3. counts by rating
    with django_assert_num_queries(3):
        get(client, "/")


def test_article_page_queries(client, checked, django_assert_num_queries):
    # 1. id + fingerprint  2. article + outlet, with its published claims + claimants
    # and its related links (none)
    with django_assert_num_queries(2):
        response = get(client, checked["article"].get_absolute_url())
    assert response.content.decode().count("<mark") == checked["n"]
    # A cached visit and a 304: only 1.
    with django_assert_num_queries(1):
        assert client.get(checked["article"].get_absolute_url()).status_code == 200
    with django_assert_num_queries(1):
        assert (
            client.get(
                checked["article"].get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"]
            ).status_code
            == 304
        )


def test_article_page_reads_related_links_when_it_has_some(client, django_assert_num_queries):
    claim = ClaimFactory()
    PublishedVerdictFactory(claim=claim)
    ArticleLink.objects.create(article=claim.article, text="More", url="https://x.org/", position=0)
    ArticleLink.objects.create(
        article=claim.article, text="Earlier", url="https://x.org/0", position=0
    )
    ArticleLink.objects.create(
        article=claim.article, text="Inline", url="https://x.org/in", position=5, inline=True
    )
    # 1. id + fingerprint  2. article + outlet, with its published claims + claimants
    # and its related links
    with django_assert_num_queries(2):
        response = get(client, claim.article.get_absolute_url())
    page = response.content.decode()
    assert 'href="https://x.org/"' in page and "https://x.org/in" not in page
    # In the order they stood in the article (then as they were saved).
    assert page.index('href="https://x.org/"') < page.index('href="https://x.org/0"')


def test_claim_page_queries(client, checked, django_assert_num_queries):
    # 1. quote + fingerprint  2. verdict + claim + article + outlet + event + claimant,
    # with the relays, the sources, the corrections and the article's other claims
    with django_assert_num_queries(2):
        get(client, checked["claim"].get_absolute_url())


def test_claim_page_without_relays_sources_or_corrections_reads_the_same(
    client, django_assert_num_queries
):
    claim = ClaimFactory()
    PublishedVerdictFactory(claim=claim)
    # 1. quote + fingerprint  2. the page, its empty lists included
    with django_assert_num_queries(2):
        response = get(client, claim.get_absolute_url())
    assert "No sources listed." in response.content.decode()


def test_cached_claim_page_and_304_need_one_query(client, checked, django_assert_num_queries):
    url = checked["claim"].get_absolute_url()
    etag = get(client, url)["ETag"]
    # 1. quote + fingerprint: the page itself comes from the cache
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_claimant_page_queries(client, checked, django_assert_num_queries):
    # 1. claimant + has-anything-public  2. site fingerprint  3. counts by rating (their
    # sum is the number of claims)  4. one page of claims
    with django_assert_num_queries(4):
        response = get(client, checked["claimant"].get_absolute_url())
    assert response.context["page"].paginator.count == 2 * checked["n"]


@pytest.mark.parametrize("params", [{}, {"q": "people died"}, {"rating": "true", "sort": "oldest"}])
def test_search_queries(client, checked, django_assert_num_queries, params):
    # 1. site fingerprint  2. claimants for the filter  3. outlets for the filter
    # 4. the ids of the results, up to 1,000  5. one page of them
    # (with words: + the claimants whose name matches them, + how many claims the text
    # index may hold for them)
    extra = 2 if params.get("q") else 0
    with django_assert_num_queries(5 + extra):
        get(client, "/claims/", **params)
    # The filter choices are kept until something is published: 1. site fingerprint
    # 2. the ids of the results  3. one page
    with django_assert_num_queries(3 + extra):
        client.get("/claims/", params)


def test_corrections_queries(client, checked, django_assert_num_queries):
    # 1. site fingerprint  2. count  3. one page of corrections with claims and articles
    with django_assert_num_queries(3):
        get(client, "/corrections/")


def test_feed_queries(client, checked, django_assert_num_queries):
    # 1. site fingerprint  2. newest published verdicts with claims, articles, claimants
    with django_assert_num_queries(2):
        get(client, "/feeds/verdicts/")


def test_claimreview_feed_queries(client, checked, django_assert_num_queries):
    # 1. site fingerprint  2. one page of the newest published verdicts with claim,
    # article, outlet, claimant (and one more, to tell whether another page follows)
    with django_assert_num_queries(2):
        response = get(client, "/claimreview.json")
    assert len(response.json()["dataFeedElement"]) == 2 * checked["n"]


def test_sitemap_queries(client, checked, django_assert_num_queries):
    # The index: 1. site fingerprint; then a count for each of
    # 2. claims  3. articles  4. claimants  5. events
    with django_assert_num_queries(5):
        get(client, "/sitemap.xml")
    # A section: 1. site fingerprint  2. count  3. one page of urls
    with django_assert_num_queries(3):
        response = get(client, "/sitemap-claims.xml")
    assert response.content.decode().count("<url>") == 2 * checked["n"]


def test_methodology_and_robots_need_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        get(client, "/about/")
        get(client, "/robots.txt")


def test_pages_never_load_an_articles_text_or_raw_source_they_do_not_show(client, checked):
    # An imported web page keeps its whole HTML as the article's source: lists of
    # twenty claims from such articles would load megabytes for nothing.
    urls = [
        "/",
        "/claims/",
        "/claims/?q=people",
        "/corrections/",
        checked["claimant"].get_absolute_url(),
        checked["claim"].get_absolute_url(),
        "/feeds/verdicts/",
        "/claimreview.json",
    ]
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        assert len(queries.captured_queries) >= 2, url
        for query in queries.captured_queries:
            assert '"articles_article"."source"' not in query["sql"], url
            assert '"articles_article"."text"' not in query["sql"], url


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgresql_does_not_compile_page_queries_to_machine_code():
    # JIT compilation of a page's short queries cost more than running them.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@pytest.fixture
def no_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def test_a_claim_page_sure_to_render_reads_it_with_its_fingerprint(
    client, checked, no_cache, django_assert_num_queries
):
    url = checked["claim"].get_absolute_url()
    # 1. the page with the quote and the fingerprint: no copy is kept to look for
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200
    # A conditional visit may end in a 304: only the quote and the fingerprint.
    with django_assert_num_queries(1):
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    with django_assert_num_queries(1):
        redirect = client.get(f"/claims/{checked['claim'].pk}-old-slug/")
    assert redirect.status_code == 301 and redirect["Location"] == url


def test_an_article_page_sure_to_render_reads_it_with_its_fingerprint(
    client, checked, no_cache, django_assert_num_queries
):
    url = checked["article"].get_absolute_url()
    # 1. the page with the fingerprint: no copy is kept to look for
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.content.decode().count("<mark") == checked["n"]
    # A conditional visit may end in a 304: only the fingerprint.
    with django_assert_num_queries(1):
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_an_article_with_nothing_published_is_not_found_in_one_statement_either(
    client, no_cache, django_assert_num_queries
):
    claim = ClaimFactory()
    with django_assert_num_queries(1):
        assert client.get(claim.article.get_absolute_url()).status_code == 404
    PublishedVerdictFactory(claim=claim)
    assert client.get(claim.article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("page", ["claim", "article"])
def test_a_page_read_in_one_statement_is_the_same_page(client, checked, settings, page):
    url = checked[page].get_absolute_url()
    cache.clear()
    kept = client.get(url)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    alone = client.get(url)
    assert alone.content == kept.content
    assert {name: alone[name] for name in ("ETag", "Last-Modified", "Cache-Control", "Vary")} == {
        name: kept[name] for name in ("ETag", "Last-Modified", "Cache-Control", "Vary")
    }
