"""schema.org ClaimReview: the dicts, the data feed, and what extruct reads from claim pages."""

from __future__ import annotations

import json

import extruct
import pytest
from django.test import override_settings

from claims.models import Claimant, Verdict
from claims.public.claimreview import claimreview_feed, claimreview_for
from claims.text.quotes import short_quote
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory, PublishedVerdictFactory

BASE = "https://checks.example.org"


def test_short_quote_keeps_short_quotes_whole():
    assert short_quote("  all those on board\n are dead ") == "all those on board are dead"


def test_short_quote_cuts_long_quotes_at_a_word_boundary_with_an_ellipsis():
    quote = (
        "Three crew members and two officers from the Russian Reconciliation Center in "
        "Syria were on board"
    )
    short = short_quote(quote)
    assert len(short) <= 75
    assert short.endswith("…")
    assert quote.startswith(short[:-1])
    assert quote[len(short) - 1] == " "  # cut before a space: no word is broken


def test_short_quote_cuts_a_single_huge_word_hard():
    short = short_quote("x" * 200)
    assert len(short) == 75 and short.endswith("…")


@pytest.mark.django_db
def test_claimreview_for_a_numeric_rating_has_the_whole_scale(world):
    review = claimreview_for(world.verdict, base_url=BASE)
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"{BASE}/claims/{world.claim.pk}-all-those-on-board-are-dead/"
    assert review["claimReviewed"] == "all those on board are dead"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly true",
    }
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"]["@type"] == "Person"
    assert review["itemReviewed"]["author"]["name"] == "Dmitry Peskov"
    assert review["itemReviewed"]["appearance"]["url"] == "https://news.example.org/helicopter"
    assert review["itemReviewed"]["datePublished"] == "2016-08-01"
    assert review["datePublished"] == world.verdict.published_at.date().isoformat()


@pytest.mark.django_db
@override_settings(
    CLAIMTRACK_PUBLISHER_NAME="Idlib Fact Desk", CLAIMTRACK_PUBLISHER_URL="https://desk.example/"
)
def test_claimreview_author_is_the_publishing_organization_from_settings(world):
    review = claimreview_for(world.verdict, base_url=BASE)
    assert review["author"] == {
        "@type": "Organization",
        "name": "Idlib Fact Desk",
        "url": "https://desk.example/",
    }


@pytest.mark.django_db
def test_claimreview_for_a_rating_without_number_has_only_its_name(reviewer, editor):
    verdict = PublishedVerdictFactory(
        rating=Verdict.Rating.MISATTRIBUTED, author=reviewer, approved_by=editor
    )
    rating = claimreview_for(verdict, base_url=BASE)["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Misattributed"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (Claimant.Kind.PERSON, "Person"),
        (Claimant.Kind.ORGANIZATION, "Organization"),
        (Claimant.Kind.MEDIA, "Organization"),
    ],
)
def test_claim_author_type_follows_the_claimant_kind(reviewer, editor, kind, schema_type):
    claim = ClaimFactory(claimant=ClaimantFactory(kind=kind))
    verdict = PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    assert claimreview_for(verdict, base_url=BASE)["itemReviewed"]["author"]["@type"] == (
        schema_type
    )


@pytest.mark.django_db
def test_claim_without_claimant_is_attributed_to_the_outlet(reviewer, editor):
    claim = ClaimFactory(claimant=None)
    verdict = PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    author = claimreview_for(verdict, base_url=BASE)["itemReviewed"]["author"]
    assert author == {"@type": "Organization", "name": claim.article.outlet.name}


@pytest.mark.django_db
def test_appearance_falls_back_to_our_article_page_when_the_original_url_is_unknown(
    reviewer, editor
):
    article = ArticleFactory(url="", slug="no-original-url")
    verdict = PublishedVerdictFactory(
        claim=ClaimFactory(article=article), author=reviewer, approved_by=editor
    )
    appearance = claimreview_for(verdict, base_url=BASE)["itemReviewed"]["appearance"]
    assert appearance["url"] == f"{BASE}/articles/no-original-url/"


@pytest.mark.django_db
def test_claimreview_feed_is_a_datafeed_of_reviews(world):
    feed = claimreview_feed([world.verdict], base_url=BASE)
    assert feed["@type"] == "DataFeed"
    assert feed["@context"] == "https://schema.org"
    [element] = feed["dataFeedElement"]
    assert element["@type"] == "ClaimReview"
    assert "@context" not in element
    assert element["url"].startswith(BASE)
    json.dumps(feed)  # serializable as is


@pytest.mark.django_db
def test_extruct_reads_every_claimreview_property_from_the_claim_page(client, world):
    url = world.claim.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    data = extruct.extract(
        response.content.decode(),
        base_url=f"http://testserver{url}",
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
    )
    [review] = [item for item in data["json-ld"] if item.get("@type") == "ClaimReview"]
    assert review["@context"] == "https://schema.org"
    assert review["url"] == f"http://testserver{url}"
    assert review["claimReviewed"] == "all those on board are dead"
    assert len(review["claimReviewed"]) < 75
    assert review["datePublished"] == world.verdict.published_at.date().isoformat()
    assert review["author"] == {
        "@type": "Organization",
        "name": "Claimtrack Desk",
        "url": "https://example.org/",
    }
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["ratingValue"] == 4
    assert rating["bestRating"] == 5
    assert rating["worstRating"] == 1
    assert rating["alternateName"] == "Mostly true"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["@type"] == "Person"
    assert item["author"]["name"] == "Dmitry Peskov"
    assert item["appearance"]["url"] == "https://news.example.org/helicopter"
    assert item["datePublished"] == "2016-08-01"

    [og] = data["opengraph"]
    assert og["@type"] == "article"  # extruct's uniform form of og:type
    assert og["og:url"] == f"http://testserver{url}"
    assert og["og:title"].startswith("Mostly true: all those on board are dead")
    assert "five" in og["og:description"]


@pytest.mark.django_db
def test_article_text_cannot_break_out_of_the_json_ld_script(client, reviewer, editor):
    article = ArticleFactory(
        text='He wrote </script><script>alert("x")</script> & <!-- then left.',
        slug="script-in-text",
    )
    claim = ClaimFactory(article=article, quote='</script><script>alert("x")</script> &')
    PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    html = client.get(claim.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert "<script>alert" not in html
    assert head.count("</script>") == 1
    data = extruct.extract(html, syntaxes=["json-ld"], uniform=True)
    [review] = data["json-ld"]
    assert review["claimReviewed"] == '</script><script>alert("x")</script> &'


def test_claim_reviewed_drops_the_quotation_marks_of_a_quoted_statement():
    statement = (
        '"On August 1, an Mi-8 transport helicopter has been shot down by ground fire in '
        'Idlib province," the Defense Ministry said'
    )
    short = short_quote(statement)
    assert short.startswith("On August 1, an Mi-8") and '"' not in short
    assert len(short) <= 75
    assert short_quote("“All five died”") == "All five died"
    assert short_quote('"unbalanced') == '"unbalanced'


@pytest.mark.django_db
@pytest.mark.parametrize("rating", ["unproven", "misattributed", "correctly-attributed"])
def test_extruct_reads_a_rating_without_a_number_from_the_claim_page(
    client, reviewer, editor, rating
):
    article = ArticleFactory(url="", slug=f"no-url-{rating}", published_on=None)
    claim = ClaimFactory(
        article=article,
        claimant=ClaimantFactory(name="Russian Defense Ministry", kind=Claimant.Kind.ORGANIZATION),
    )
    verdict = PublishedVerdictFactory(
        claim=claim, author=reviewer, approved_by=editor, rating=rating
    )
    html = client.get(claim.get_absolute_url()).content.decode()
    [review] = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": verdict.label}
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Russian Defense Ministry"}
    # No original url: the appearance is our copy of the article; no date: none claimed.
    assert item["appearance"]["url"] == f"http://testserver/articles/no-url-{rating}/"
    assert "datePublished" not in item
    assert review["datePublished"] == verdict.published_at.date().isoformat()
