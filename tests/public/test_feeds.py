"""Machine-readable outputs: Atom feed, sitemap.xml, robots.txt and the ClaimReview feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Event
from claims.models import Correction
from tests.factories import ArticleFactory, ClaimFactory, PublishedVerdictFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_atom_feed_is_valid_xml_with_one_entry_per_published_verdict(client, world):
    response = client.get("/feeds/verdicts/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Claimtrack Desk: latest fact-checks"
    assert root.find(f"{ATOM}updated") is not None
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "http://testserver/feeds/verdicts/"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}title").text == "Mostly true: all those on board are dead"
    link = entry.find(f"{ATOM}link").get("href")
    assert link == f"http://testserver{world.claim.get_absolute_url()}"
    assert entry.find(f"{ATOM}id").text
    assert entry.find(f"{ATOM}published") is not None
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<strong>five</strong>" in summary.text  # the rationale, rendered and cleaned
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [
        "Mostly true",
        "Casualty figure",
    ]


def test_atom_feed_is_linked_from_every_page_head(client, world):
    html = client.get("/").content.decode()
    assert 'type="application/atom+xml"' in html and 'href="/feeds/verdicts/"' in html


def sitemap_locations(client, url: str, tag: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}{tag}"
    return [element.find(f"{SITEMAP}loc").text for element in root]


def test_sitemap_is_an_index_of_sections_that_list_only_public_pages(client, world):
    base = "http://testserver"
    sections = sitemap_locations(client, "/sitemap.xml", "sitemapindex")
    assert sections == [
        f"{base}/sitemap-{name}.xml"
        for name in ("pages", "claims", "articles", "claimants", "events")
    ]
    locations = set()
    for section in sections:
        locations |= set(sitemap_locations(client, section.removeprefix(base), "urlset"))
    assert locations == {
        f"{base}/",
        f"{base}/claims/",
        f"{base}/corrections/",
        f"{base}/about/",
        f"{base}{world.claim.get_absolute_url()}",
        f"{base}{world.article.get_absolute_url()}",
        f"{base}/claimants/dmitry-peskov/",
        f"{base}/claimants/ap/",
    }
    root = ET.fromstring(client.get("/sitemap-claims.xml").content)
    [claim_entry] = root.findall(f"{SITEMAP}url")
    assert claim_entry.find(f"{SITEMAP}lastmod").text == world.verdict.updated.date().isoformat()


def test_sitemap_lists_public_events_only(client, world):
    public = Event.objects.create(title="Shoot-down over Idlib", slug="idlib-shoot-down")
    private = Event.objects.create(title="Not checked yet", slug="not-yet-checked")
    type(world.article).objects.filter(pk=world.article.pk).update(event=public)
    type(world.article).objects.filter(pk=world.unchecked_article.pk).update(event=private)
    assert sitemap_locations(client, "/sitemap-events.xml", "urlset") == [
        "http://testserver/events/idlib-shoot-down/"
    ]


def test_long_sitemap_sections_continue_on_further_pages(client, world, monkeypatch):
    from claims.models import Claim
    from claims.public import sitemaps

    monkeypatch.setattr(sitemaps.PublicSitemap, "limit", 1)
    other = ClaimFactory(article=world.article, quote="the Defense Ministry said")
    PublishedVerdictFactory(claim=other)
    first = Claim.objects.order_by("pk").first().pk
    sections = sitemap_locations(client, "/sitemap.xml", "sitemapindex")
    # Claims are paged by ranges of ids from the first: one id per page here.
    claim_pages = [url for url in sections if "/sitemap-claims.xml" in url]
    assert claim_pages[0] == "http://testserver/sitemap-claims.xml"
    assert claim_pages[-1] == f"http://testserver/sitemap-claims.xml?p={other.pk - first + 1}"
    assert len(claim_pages) == other.pk - first + 1
    listed = [
        location
        for url in claim_pages
        for location in sitemap_locations(client, url.removeprefix("http://testserver"), "urlset")
    ]
    assert listed == [
        f"http://testserver{world.claim.get_absolute_url()}",
        f"http://testserver{other.get_absolute_url()}",
    ]
    # A range with nothing published in it is an empty page, not an error.
    draft_page = world.draft_claim.pk - first + 1
    assert sitemap_locations(client, f"/sitemap-claims.xml?p={draft_page}", "urlset") == []


def test_sitemap_pages_by_id_range_hold_the_public_items_of_their_range(client, world, monkeypatch):
    from claims.models import Claim
    from claims.public import sitemaps

    monkeypatch.setattr(sitemaps.PublicSitemap, "limit", 3)
    others = []
    for quote in ("the Defense Ministry said", "Three crew and two officers died"):
        claim = ClaimFactory(article=world.article, quote=quote)
        PublishedVerdictFactory(claim=claim)
        others.append(claim)
    public = [world.claim, *others]
    before = Claim.objects.order_by("pk").first().pk - 1
    top = Claim.objects.order_by("-pk").first().pk
    pages = -(-(top - before) // 3)
    sections = sitemap_locations(client, "/sitemap.xml", "sitemapindex")
    assert f"http://testserver/sitemap-claims.xml?p={pages}" in sections
    assert f"http://testserver/sitemap-claims.xml?p={pages + 1}" not in sections
    for number in range(1, pages + 1):
        expected = [
            f"http://testserver{c.get_absolute_url()}"
            for c in sorted(public, key=lambda c: c.pk)
            if before + (number - 1) * 3 < c.pk <= before + number * 3
        ]
        assert sitemap_locations(client, f"/sitemap-claims.xml?p={number}", "urlset") == expected
    assert client.get(f"/sitemap-claims.xml?p={pages + 1}").status_code == 404


def test_sitemap_pages_count_from_the_first_id_not_from_one(client):
    """A database whose ids start high (a restored dump, a PostgreSQL sequence that
    moved on) lists its claims on the first page, not after empty ones."""
    claims = []
    for pk in (7001, 7002, 9500):
        claim = ClaimFactory(pk=pk)
        PublishedVerdictFactory(claim=claim)
        claims.append(claim)
    sections = sitemap_locations(client, "/sitemap.xml", "sitemapindex")
    # Ids 7001 to 9500: two pages of 2,000 ids.
    assert [url for url in sections if "sitemap-claims" in url] == [
        "http://testserver/sitemap-claims.xml",
        "http://testserver/sitemap-claims.xml?p=2",
    ]
    assert sitemap_locations(client, "/sitemap-claims.xml", "urlset") == [
        f"http://testserver{claim.get_absolute_url()}" for claim in claims[:2]
    ]
    assert sitemap_locations(client, "/sitemap-claims.xml?p=2", "urlset") == [
        f"http://testserver{claims[2].get_absolute_url()}"
    ]


@pytest.mark.parametrize(
    "url", ["/sitemap-claims.xml?p=2", "/sitemap-articles.xml?p=2", "/sitemap-claimants.xml?p=2",
            "/sitemap-claims.xml?p=abc", "/sitemap-claims.xml?p=0", "/sitemap-nothing.xml"],
)  # fmt: skip
def test_sitemap_pages_that_do_not_exist_are_404(client, world, url):
    # One page of 2,000 ids holds every claim and article of this small world.
    assert client.get(url).status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_back_office(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ("/admin/", "/review/", "/api/", "/accounts/"):
        assert f"Disallow: {path}" in text


def test_claimreview_feed_lists_every_published_review(client, world):
    response = client.get("/claimreview.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    feed = response.json()
    assert feed["@context"] == "https://schema.org"
    assert feed["@type"] == "DataFeed"
    assert feed["dateModified"].startswith(world.verdict.updated.date().isoformat())
    [review] = feed["dataFeedElement"]
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"http://testserver{world.claim.get_absolute_url()}"
    assert review["reviewRating"]["alternateName"] == "Mostly true"


def test_feeds_answer_conditional_gets(client, world):
    for url in ("/feeds/verdicts/", "/sitemap.xml", "/sitemap-claims.xml", "/claimreview.json"):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304, url


def test_correction_notes_do_not_reach_the_feed_as_rationale(client, world, editor):
    Correction.objects.create(verdict=world.verdict, note="Typo fixed.", created_by=editor)
    root = ET.fromstring(client.get("/feeds/verdicts/").content)
    assert len(root.findall(f"{ATOM}entry")) == 1


def test_favicon_is_served_from_static(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


def test_atom_entry_ids_are_permanent_tag_uris(client, world, reviewer, editor):
    other = ClaimFactory(article=world.article, quote="the Defense Ministry said")
    PublishedVerdictFactory(claim=other, author=reviewer, approved_by=editor)
    root = ET.fromstring(client.get("/feeds/verdicts/").content)
    ids = [entry.find(f"{ATOM}id").text for entry in root.findall(f"{ATOM}entry")]
    day = world.verdict.published_at.date().isoformat()
    assert f"tag:example.org,{day}:claims/{world.claim.pk}/verdicts/{world.verdict.pk}" in ids
    assert len(set(ids)) == 2
    # The same whichever host the feed is read through.
    again = ET.fromstring(client.get("/feeds/verdicts/", HTTP_HOST="mirror.example.net").content)
    assert [entry.find(f"{ATOM}id").text for entry in again.findall(f"{ATOM}entry")] == ids


def test_feed_entry_for_a_quoted_statement_has_one_pair_of_quotation_marks(
    client, reviewer, editor
):
    statement = '"Three crew members and two officers were on board," the ministry said'
    article = ArticleFactory(slug="quoted", text=f"Intro. {statement}.")
    claim = ClaimFactory(article=article, quote=statement, kind="attribution")
    PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    entry = ET.fromstring(client.get("/feeds/verdicts/").content).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == (
        "True: Three crew members and two officers were on board, the ministry said"
    )
    assert "“&quot;" not in entry.find(f"{ATOM}summary").text


def test_empty_claimreview_feed_reads_the_same_twice(client, db):
    first, second = client.get("/claimreview.json").json(), client.get("/claimreview.json").json()
    assert first == second
    assert first["dataFeedElement"] == []
    assert "dateModified" not in first


# ------------------------------------------------------------------------------
# The ClaimReview data feed, page by page
# ------------------------------------------------------------------------------
def next_page(response) -> str | None:
    """The url of the Link header's rel="next", or None."""
    link = response.headers.get("Link")
    if link is None:
        return None
    url, rel = link.split(";")
    assert rel.strip() == 'rel="next"'
    return url.strip().removeprefix("<").removesuffix(">")


def read_feed(client, url: str) -> tuple[list[str], int]:
    """Every review url from ``url`` on, following the next links; and the pages read."""
    reviews, pages = [], 0
    while url is not None:
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, url
        reviews += [review["url"] for review in response.json()["dataFeedElement"]]
        pages += 1
        url = next_page(response)
    return reviews, pages


@pytest.fixture
def many_reviews(world, reviewer, editor, monkeypatch):
    """Seven public reviews (two published at the same moment), pages of three."""
    from claims.public import claimreview_feed as views

    monkeypatch.setattr(views, "CLAIMREVIEW_PAGE_SIZE", 3)
    claims = [world.claim]
    moment = timezone.now()
    for i in range(6):
        article = ArticleFactory(slug=f"report-{i}", text=f"Report {i}: {i + 3} people died.")
        claim = ClaimFactory(article=article, quote=f"{i + 3} people died")
        PublishedVerdictFactory(
            claim=claim,
            author=reviewer,
            approved_by=editor,
            published_at=moment if i in (2, 3) else moment - timedelta(hours=i),
        )
        claims.append(claim)
    return claims


def test_claimreview_feed_comes_in_pages_that_link_to_the_next(client, world, many_reviews):
    reviews, pages = read_feed(client, "/claimreview.json")
    assert pages == 3
    # Every public review exactly once, newest first (ties by the later id first).
    verdicts = sorted(
        (claim.verdicts.get(status="published") for claim in many_reviews),
        key=lambda v: (v.published_at, v.pk),
        reverse=True,
    )
    assert reviews == [f"http://testserver{v.claim.get_absolute_url()}" for v in verdicts]


def test_claimreview_feed_page_is_the_same_from_the_cache(client, world, many_reviews):
    first = client.get("/claimreview.json")
    again = client.get("/claimreview.json")  # from the page cache
    assert again.content == first.content
    assert next_page(again) == next_page(first) is not None


def test_claimreview_feed_pages_stay_put_when_a_review_is_published(
    client, world, many_reviews, reviewer, editor
):
    second_page = next_page(client.get("/claimreview.json"))
    before = client.get(second_page.removeprefix("http://testserver")).json()["dataFeedElement"]
    claim = ClaimFactory(article=world.article, quote="the Defense Ministry said")
    PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    after = client.get(second_page.removeprefix("http://testserver")).json()["dataFeedElement"]
    assert after == before
    newest = client.get("/claimreview.json").json()["dataFeedElement"][0]
    assert newest["url"] == f"http://testserver{claim.get_absolute_url()}"


@pytest.mark.parametrize("before", ["yesterday", "12", "12-", "-12", "1.5-3", "12-3-4"])
def test_claimreview_feed_refuses_a_malformed_cursor(client, world, before):
    response = client.get("/claimreview.json", {"before": before})
    assert response.status_code == 400
    assert "before" in response.json()["detail"]


def test_claimreview_feed_cursor_before_everything_gives_an_empty_last_page(client, world):
    response = client.get("/claimreview.json", {"before": "0-0"})
    assert response.status_code == 200
    assert response.json()["dataFeedElement"] == []
    assert "Link" not in response.headers
    # Past the end of time and ids: from the newest.
    far = client.get("/claimreview.json", {"before": "9" * 18 + "-" + "9" * 19})
    assert [r["url"] for r in far.json()["dataFeedElement"]] == [
        f"http://testserver{world.claim.get_absolute_url()}"
    ]
