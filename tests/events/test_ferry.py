"""A blind story: four reports of a ferry capsizing, with their expectations written
before the product ran on them (tests/data/events/ferry_expected.txt).

One flag per claim and kind, summing up the other side; the minister quoted for her
ministry is the same claim, not a conflict; the toll that rose the next day is an
update, shown as such on the claim page.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from claims.models import Claim, ClaimFlag, ClaimMatch

pytestmark = pytest.mark.django_db

FERRY = Path(__file__).resolve().parent.parent / "data" / "events" / "ferry"
QUOTE = "Rescue teams are working through the night"
STORM = "We have never seen a storm like this"


@pytest.fixture
def ferry() -> dict[str, Article]:
    """Short name ("f1") -> article, after importing the folder."""
    call_command("import_articles", str(FERRY), stdout=StringIO())
    by_url = {a.url: a for a in Article.objects.all()}
    articles = {}
    for path in sorted(FERRY.glob("*.md")):
        url = next(line for line in path.read_text().splitlines() if line.startswith("url:"))
        articles[path.name[:2]] = by_url[url.removeprefix("url:").strip()]
    return articles


def figures(article: Article, count: int) -> list[Claim]:
    """The article's casualty claims that count exactly ``count`` killed."""
    return list(
        article.claims.filter(
            kind=Claim.Kind.CASUALTY, category="killed", count_min=count, count_max=count
        )
    )


def quote(article: Article, words: str) -> Claim:
    return article.claims.get(kind=Claim.Kind.ATTRIBUTION, exact__contains=words)


def matched(a: Claim, b: Claim) -> bool:
    x, y = sorted([a.pk, b.pk])
    return ClaimMatch.objects.filter(claim_a=x, claim_b=y).exists()


def test_the_four_reports_are_one_event(ferry):
    assert len({a.event_id for a in ferry.values()}) == 1
    assert None not in {a.event_id for a in ferry.values()}


def test_the_tolls_and_the_ministry_s_words_are_matched(ferry):
    twelve_wire = ferry["f1"].claims.get(exact="Twelve people were killed")
    (twelve_radio,) = figures(ferry["f2"], 12)
    fifteen = figures(ferry["f3"], 15)
    seventeen = ferry["f4"].claims.get(exact="rose to 17")
    assert matched(twelve_wire, twelve_radio)
    assert fifteen and all(matched(f, twelve_wire) for f in fifteen)
    assert matched(seventeen, twelve_radio)
    # The Transport Ministry and its minister: the same claim.
    assert matched(quote(ferry["f1"], QUOTE), quote(ferry["f2"], QUOTE))


def test_exactly_the_hospital_s_fifteen_and_the_storm_quote_are_flagged(ferry):
    name = {a.pk: n for n, a in ferry.items()}
    flags = list(ClaimFlag.objects.select_related("claim"))
    named = Claim.objects.in_bulk({pk for f in flags for pk in f.other_ids})
    found = {
        (f.kind, frozenset({name[f.claim.article_id], name[named[pk].article_id]}))
        for f in flags
        for pk in f.other_ids
    }
    assert found == {
        ("cross_article", frozenset({"f3", "f1"})),
        ("cross_article", frozenset({"f3", "f2"})),
        ("attribution_conflict", frozenset({"f1", "f3"})),
        # The Gazette itself sets the hospital's 15 against the officials' 12.
        ("claimants_differ", frozenset({"f3"})),
    }
    # One flag per claim and kind.
    assert len({(f.claim_id, f.kind) for f in flags}) == len(flags)
    # Each of the hospital's 15s: one flag naming the 12s of both other articles.
    fifteen = figures(ferry["f3"], 15)
    assert fifteen
    for claim in fifteen:
        (flag,) = ClaimFlag.objects.filter(claim=claim, kind="cross_article")
        assert {named[pk].article_id for pk in flag.other_ids} == {
            ferry["f1"].pk,
            ferry["f2"].pk,
        }
        assert "2 other articles say 12" in flag.message
        assert "Northbound Wire" in flag.message and "Dravian Radio One" in flag.message
    # Each 12 of the wire and the radio: one flag, naming the Gazette only.
    for claim in figures(ferry["f1"], 12) + figures(ferry["f2"], 12):
        (flag,) = ClaimFlag.objects.filter(claim=claim)
        assert {named[pk].article_id for pk in flag.other_ids} == {ferry["f3"].pk}
    storm = ClaimFlag.objects.get(claim=quote(ferry["f1"], STORM))
    assert "Reis" in storm.message and "Jonas Pell" in storm.message
    # Neither the minister's words nor anything of the next day's report is flagged.
    assert not ClaimFlag.objects.filter(claim__article=ferry["f4"]).exists()
    assert not ClaimFlag.objects.filter(claim=quote(ferry["f2"], QUOTE)).exists()


def test_the_claim_page_shows_the_later_update_and_the_conflicting_figure(ferry, client, reviewer):
    (twelve_radio,) = figures(ferry["f2"], 12)
    client.force_login(reviewer)
    response = client.get(reverse("review:claim", args=[twelve_radio.pk]))
    assert response.status_code == 200
    rows = response.context["also"]
    later = [r for r in rows if r["other"].article_id == ferry["f4"].pk]
    assert later and all(r["figure"]["relation"] == "update" for r in later)
    fifteen = [r for r in rows if r["other"].count_min == 15]
    assert fifteen and all(r["figure"]["relation"] == "differs" and r["conflicts"] for r in fifteen)
    # In the order they were published: the next day's report comes last.
    days = [r["other"].article.published_on for r in response.context["also"]]
    assert days == sorted(days)
    assert "Later update" in response.content.decode()
