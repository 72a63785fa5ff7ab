"""The seed story from import to the public site, as the desk would do it.

The demo article is loaded as ``make run`` loads it; a reviewer confirms the
headline's "all 5 aboard dead", attaches two sources and submits a verdict; an
editor publishes it. Then the public sees that one claim — highlighted with its
badge, with ClaimReview markup, in search, the feed and the sitemap — and none of
the other claims the extractor proposed, anywhere.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import extruct
import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from claims.models import Claim, Claimant, Verdict
from tests.conftest import SEED_TITLE

pytestmark = pytest.mark.django_db

HEADLINE_CLAIM = "all 5 aboard dead"
RATIONALE = "The ministry's statement and the Kremlin both name **five** dead."
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def published(client, reviewer, editor):
    call_command("load_demo", "--no-accounts", verbosity=0)
    article = Article.objects.get(title=SEED_TITLE)
    claim = Claim.objects.get(article=article, exact=HEADLINE_CLAIM)
    assert claim.status == Claim.Status.CANDIDATE
    assert article.claims.count() > 10  # the extractor proposed many more

    client.force_login(reviewer)
    response = client.post(reverse("review:claim-confirm", args=[claim.pk]))
    assert response.status_code == 302
    for url, publisher in [
        ("https://tass.example/helicopter", "TASS"),
        ("https://kremlin.example/statement", "Kremlin"),
    ]:
        response = client.post(
            reverse("review:evidence-add", args=[claim.pk]),
            {"url": url, "title": "Statement", "publisher": publisher, "kind": "official",
             "stance": "supports", "note": ""},
        )  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:500]
    response = client.post(
        reverse("review:verdict-save", args=[claim.pk]),
        {"rating": "true", "rationale": RATIONALE, "action": "submit"},
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.status == Verdict.Status.SUBMITTED

    client.force_login(editor)
    response = client.post(
        reverse("review:verdict-publish", args=[verdict.pk]), {"version": verdict.version}
    )
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    client.logout()
    claim.refresh_from_db()
    others = list(article.claims.exclude(pk=claim.pk))
    return article, claim, others


def test_the_article_page_highlights_the_published_claim_with_its_badge(client, published):
    article, claim, _others = published
    page = client.get(article.get_absolute_url()).content.decode()
    marks = re.findall(r'<mark[^>]*id="claim-(\d+)"', page)
    assert marks == [str(claim.pk)]
    assert claim.get_absolute_url() in page
    assert "True" in page  # the rating badge


def test_the_claim_page_carries_claimreview_that_extruct_reads_back(client, published):
    article, claim, _others = published
    response = client.get(claim.get_absolute_url())
    data = extruct.extract(
        response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"]
    )["json-ld"]
    (review,) = [item for item in data if item.get("@type") == "ClaimReview"]
    # The claim as checked is the headline that holds the quote, not the quote alone.
    assert review["claimReviewed"] == article.title
    assert HEADLINE_CLAIM in review["claimReviewed"]
    assert review["reviewRating"]["ratingValue"] == 5
    assert review["reviewRating"]["alternateName"] == "True"
    assert review["url"] == f"http://testserver{claim.get_absolute_url()}"
    assert review["itemReviewed"]["datePublished"] == "2016-08-01"
    assert "five" in html.unescape(response.content.decode())


def test_the_claim_is_in_search_the_feed_and_the_sitemap(client, published):
    _article, claim, _others = published
    url = claim.get_absolute_url()
    assert url in client.get("/claims/", {"q": "aboard dead"}).content.decode()
    assert url in client.get("/feeds/verdicts/").content.decode()
    sitemap = ET.fromstring(client.get("/sitemap-claims.xml").content)
    assert [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")] == [f"http://testserver{url}"]
    assert url in client.get("/claimreview.json").content.decode()


def test_no_other_claim_of_the_seed_is_public_anywhere(client, published):
    article, claim, others = published
    urls = ["/", "/claims/", "/corrections/", "/feeds/verdicts/", "/sitemap.xml",
            "/sitemap-claims.xml", "/sitemap-articles.xml", "/sitemap-claimants.xml",
            "/claimreview.json", "/api/v1/claims/", "/api/v1/verdicts/", "/api/v1/claimreview/",
            article.get_absolute_url(), claim.get_absolute_url()]  # fmt: skip
    urls += [f"/claims/?q={word}" for word in ("Peskov", "verify", "pilots", "officers", "videos")]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    for other in others:
        assert client.get(f"/claims/{other.pk}-x/").status_code == 404
        for url, page in pages.items():
            assert f"/claims/{other.pk}-" not in page, (other.exact, url)
            assert f'id="claim-{other.pk}"' not in page, (other.exact, url)
    api = client.get("/api/v1/claims/").json()
    assert [item["id"] for item in api["results"]] == [claim.pk]
    # The claimants the extractor named are not public unless they made a published claim.
    peskov = Claimant.objects.get(name="Dmitry Peskov")
    assert client.get(peskov.get_absolute_url()).status_code == 404
