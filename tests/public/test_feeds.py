"""Machine-readable outputs: Atom feed, sitemap.xml, robots.txt and the ClaimReview feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

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
    assert entry.find(f"{ATOM}title").text == "Mostly true: “all those on board are dead”"
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
    from claims import sitemaps

    monkeypatch.setattr(sitemaps.PublicSitemap, "limit", 1)
    other = ClaimFactory(article=world.article, quote="the Defense Ministry said")
    PublishedVerdictFactory(claim=other)
    sections = sitemap_locations(client, "/sitemap.xml", "sitemapindex")
    assert "http://testserver/sitemap-claims.xml?p=2" in sections
    first = sitemap_locations(client, "/sitemap-claims.xml", "urlset")
    second = sitemap_locations(client, "/sitemap-claims.xml?p=2", "urlset")
    assert {*first, *second} == {
        f"http://testserver{world.claim.get_absolute_url()}",
        f"http://testserver{other.get_absolute_url()}",
    }


@pytest.mark.parametrize(
    "url", ["/sitemap-claims.xml?p=3", "/sitemap-claims.xml?p=abc", "/sitemap-claims.xml?p=0",
            "/sitemap-nothing.xml"],
)  # fmt: skip
def test_sitemap_pages_that_do_not_exist_are_404(client, world, url):
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
        "True: “Three crew members and two officers were on board, the ministry said”"
    )
    assert "“&quot;" not in entry.find(f"{ATOM}summary").text


def test_empty_claimreview_feed_reads_the_same_twice(client, db):
    first, second = client.get("/claimreview.json").json(), client.get("/claimreview.json").json()
    assert first == second
    assert first["dataFeedElement"] == []
    assert "dateModified" not in first
