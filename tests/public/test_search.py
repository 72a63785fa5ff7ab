"""The public search: full text, filters, sorting, pagination and bad input."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from claims.models import Claim, Claimant, ClaimRelay
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    OutletFactory,
    PublishedVerdictFactory,
)

pytestmark = pytest.mark.django_db


def results(client, **params) -> list[Claim]:
    response = client.get("/claims/", params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


@pytest.fixture
def catalogue(world, reviewer, editor):
    """Beside the world's claim: a false attribution from another outlet in 2020."""
    outlet = OutletFactory(name="Daily Planet", slug="daily-planet")
    article = ArticleFactory(
        outlet=outlet, slug="planet-story", published_on=datetime.date(2020, 5, 1)
    )
    ministry = ClaimantFactory(
        name="Defense Ministry", slug="defense-ministry", kind=Claimant.Kind.ORGANIZATION
    )
    attribution = ClaimFactory(
        article=article,
        quote="the Defense Ministry said",
        kind=Claim.Kind.ATTRIBUTION,
        claimant=ministry,
        sentence="A Russian Mi-8 helicopter has been shot down, the Defense Ministry said.",
    )
    PublishedVerdictFactory(
        claim=attribution, author=reviewer, approved_by=editor, rating="misattributed"
    )
    return {"attribution": attribution, "ministry": ministry}


def test_search_without_query_lists_every_published_claim_newest_first(client, catalogue, world):
    assert results(client) == [catalogue["attribution"], world.claim]


def test_search_matches_quote_sentence_and_claimant(client, catalogue, world):
    assert results(client, q="board") == [world.claim]
    assert results(client, q="Kremlin spokesman") == [world.claim]  # only in the sentence
    assert results(client, q="Peskov") == [world.claim]  # claimant name and sentence
    assert results(client, q="ministry") == [catalogue["attribution"]]
    assert results(client, q="nothing-like-this") == []


def test_search_filters(client, catalogue, world):
    attribution = catalogue["attribution"]
    assert results(client, rating="misattributed") == [attribution]
    assert results(client, rating="mostly-true") == [world.claim]
    assert results(client, kind="casualty") == [world.claim]
    assert results(client, claimant="defense-ministry") == [attribution]
    assert results(client, outlet="daily-planet") == [attribution]
    assert results(client, outlet="wire-service") == [world.claim]
    assert results(client, date_from="2020-01-01", date_to="2020-12-31") == [attribution]
    assert results(client, date_to="2019-01-01") == [world.claim]
    assert results(client, q="helicopter", outlet="wire-service") == []


def test_claimant_filter_includes_claims_they_relayed(client, world):
    assert results(client, claimant="ap") == [world.claim]


def test_search_sorts_by_date_either_way(client, catalogue, world):
    assert results(client, sort="oldest") == [world.claim, catalogue["attribution"]]
    assert results(client, sort="newest") == [catalogue["attribution"], world.claim]


def test_search_sorts_by_relevance_when_asked(client, catalogue, world):
    found = results(client, q="Defense Ministry", sort="relevance")
    assert found == [catalogue["attribution"]]


def test_filter_choices_offer_only_public_claimants_and_outlets(client, catalogue):
    form = client.get("/claims/").context["form"]
    claimants = dict(form.fields["claimant"].choices)
    assert set(claimants) == {"", "dmitry-peskov", "ap", "defense-ministry"}
    assert set(dict(form.fields["outlet"].choices)) == {"", "wire-service", "daily-planet"}


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "not-a-date"},
        {"rating": "pants-on-fire"},
        {"kind": "<script>"},
        {"claimant": "candidate-claimant-hidden"},
        {"date_from": "2021-01-01", "date_to": "2020-01-01"},
        {"q": "x" * 500},
        {"page": "abc"},
        {"page": "999"},
    ],
)
def test_bad_search_input_rerenders_with_errors_never_500(client, world, params):
    response = client.get("/claims/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html.split("</head>")[1]
    if "page" not in params:
        assert response.context["form"].errors


def test_search_is_paginated_and_keeps_the_filters(client, reviewer, editor):
    article = ArticleFactory(
        slug="long", text=" ".join(f"Claim {i:02d} about the crash." for i in range(25))
    )
    for i in range(25):
        claim = ClaimFactory(article=article, quote=f"Claim {i:02d} about the crash")
        PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    first = client.get("/claims/", {"q": "crash", "kind": "casualty"})
    assert first.context["page"].paginator.count == 25
    assert len(first.context["page"].object_list) == 20
    assert 'href="?q=crash&amp;kind=casualty&amp;page=2"' in first.content.decode()
    second = client.get("/claims/", {"q": "crash", "kind": "casualty", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_search_results_pages_are_not_indexed(client, world):
    assert 'content="noindex, follow"' in client.get("/claims/?q=board").content.decode()
    assert "noindex" not in client.get("/claims/").content.decode()


def test_search_escapes_the_query(client, world):
    html = client.get("/claims/", {"q": '"><img src=x onerror=alert(1)>'}).content.decode()
    assert "<img src=x" not in html


def test_relay_claimant_is_offered_in_the_filter_only_if_public(client, world):
    hidden = ClaimantFactory(name="Hidden Relay", slug="hidden-relay")
    ClaimRelay.objects.create(claim=world.draft_claim, claimant=hidden, position=0)
    assert "Hidden Relay" not in client.get("/claims/").content.decode()


# Same results on SQLite and PostgreSQL ---------------------------------------------------
@pytest.fixture
def corpus(reviewer, editor):
    """Published claims whose words, claimants and aliases overlap in tricky ways."""
    text = (
        "Kremlin spokesman Dmitry Peskov confirmed that all those on board are dead. "
        "The crew tried to divert the helicopter aboard which five officers flew. "
        "Министерство обороны сообщило о гибели экипажа. "
        "Officials said the toll could rise."
    )
    article = ArticleFactory(slug="corpus", text=text)
    peskov = ClaimantFactory(
        name="Dmitry Peskov", kind=Claimant.Kind.PERSON, aliases=["Kremlin spokesman"]
    )
    ministry = ClaimantFactory(name="Министерство обороны", slug="minoborony")
    made = {}
    for name, quote, claimant in [
        ("dead", "all those on board are dead", peskov),
        ("aboard", "the helicopter aboard which five officers flew", None),
        ("russian", "сообщило о гибели экипажа", ministry),
        ("toll", "the toll could rise", None),
    ]:
        claim = ClaimFactory(article=article, quote=quote, claimant=claimant, sentence=quote)
        PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
        made[name] = claim
    return made


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("dead", {"dead"}),
        ("DEAD", {"dead"}),
        ("board", {"dead"}),  # a whole word: not the "board" inside "aboard"
        ("aboard", {"aboard"}),
        ("Peskov dead", {"dead"}),  # the claimant's name and a word of the quote
        ("peskov officers", set()),  # every word must match the same claim
        ("spokesman", {"dead"}),  # an alias of the claimant
        ("гибели", {"russian"}),  # non-ASCII words
        ("ГИБЕЛИ", {"russian"}),  # ...in any case
        ("обороны", {"russian"}),  # a non-ASCII claimant name
        ("the toll", {"toll"}),  # stop words are left out...
        ("the", set()),  # ...so a query of stop words only finds nothing
        ("zebra", set()),
    ],
)
def test_plain_words_find_the_same_claims_on_sqlite_and_postgresql(client, corpus, q, expected):
    assert {c.pk for c in results(client, q=q)} == {corpus[name].pk for name in expected}


def test_a_query_of_common_words_only_says_why_nothing_matched(client, corpus):
    html = client.get("/claims/", {"q": "on the"}).content.decode()
    assert "made only of very common words" in html


def test_invalid_filters_say_so_instead_of_listing_zero_fact_checks(client, world):
    html = client.get("/claims/", {"rating": "bogus", "date_from": "notadate"}).content.decode()
    assert "All fact-checks (0)" not in html
    assert "No results: check the search form" in html
    assert "Enter a valid date." in html


def test_filter_choices_follow_what_is_published(client, world, reviewer, editor):
    assert "defense-ministry" not in dict(
        client.get("/claims/").context["form"].fields["claimant"].choices
    )
    ministry = ClaimantFactory(name="Defense Ministry", slug="defense-ministry")
    claim = ClaimFactory(
        article=world.article, quote="the Defense Ministry said", claimant=ministry
    )
    PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    choices = client.get("/claims/").context["form"].fields["claimant"].choices
    assert "defense-ministry" in dict(choices)
    assert results(client, claimant="defense-ministry") == [claim]


# ------------------------------------------------------------------------------
# More matches than a search lists
# ------------------------------------------------------------------------------
@pytest.fixture
def crowded(reviewer, editor, monkeypatch):
    """Nine published claims about a crash, checked an hour apart (the first is the
    oldest); a search lists at most five, two to a page."""
    from claims.public import views

    monkeypatch.setattr(views, "MAX_RESULTS", 5)
    monkeypatch.setattr(views, "SEARCH_PAGE_SIZE", 2)
    text = " ".join(f"Report {i} says the crash killed {i + 10}." for i in range(9))
    article = ArticleFactory(slug="crash-reports", text=text)
    start = timezone.now() - datetime.timedelta(days=1)
    claims = []
    for i in range(9):
        claim = ClaimFactory(article=article, quote=f"the crash killed {i + 10}")
        PublishedVerdictFactory(
            claim=claim,
            author=reviewer,
            approved_by=editor,
            published_at=start + datetime.timedelta(hours=i),
        )
        claims.append(claim)
    return claims


def response_heading(html: str) -> str:
    """The text of the results heading."""
    return " ".join(
        html.split('id="results-title"', 1)[1].split(">", 1)[1].split("</h2>")[0].split()
    )


def listed(client, **params) -> list[Claim]:
    """Every result of a search, page after page."""
    found, number = [], 1
    while True:
        response = client.get("/claims/", {**params, "page": number})
        page = response.context["page"]
        found += list(page.object_list)
        if not page.has_next():
            return found
        number += 1


def test_a_search_with_more_matches_than_it_lists_shows_the_newest_and_says_so(client, crowded):
    response = client.get("/claims/", {"q": "crash"})
    html = response.content.decode()
    assert "More than 5 results for “crash”" in html
    assert "The newest 5 are listed, most relevant first." in html
    assert "Add a word or a filter to narrow the search." in html
    assert response.context["page"].paginator.num_pages == 3
    assert listed(client, q="crash") == crowded[:3:-1]  # the five newest


def test_the_oldest_are_listed_when_sorted_so(client, crowded):
    html = client.get("/claims/", {"q": "crash", "sort": "oldest"}).content.decode()
    assert "The oldest 5 are listed." in html
    assert listed(client, q="crash", sort="oldest") == crowded[:5]


def test_all_fact_checks_past_the_limit_point_to_search_and_filters(client, crowded):
    html = client.get("/claims/").content.decode()
    heading = response_heading(html)
    assert heading == "All fact-checks"
    assert "The newest 5 are listed." in html
    assert "Search, or filter by rating, claimant, outlet or date, to find the others." in html
    assert listed(client) == crowded[:3:-1]


def test_a_search_within_the_limit_counts_every_result(client, crowded):
    response = client.get("/claims/", {"q": "crash killed 12"})
    html = response.content.decode()
    assert "1 result for “crash killed 12”" in html
    assert "are listed" not in html
    assert listed(client, q="crash killed 12") == [crowded[2]]


def test_a_page_past_the_last_shows_the_last(client, crowded):
    response = client.get("/claims/", {"q": "crash", "page": 99})
    assert response.context["page"].number == 3
    assert list(response.context["page"].object_list) == [crowded[4]]
