"""Conditional GET and the anonymous page cache: repeat visits are cheap, and a
publish, correction or withdrawal shows at once without any explicit invalidation."""

from __future__ import annotations

import pytest
from django.utils.http import http_date

from claims.services import verdict_correct, verdict_publish, verdict_withdraw
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def page_urls(world) -> list[str]:
    return [world.claim.get_absolute_url(), world.article.get_absolute_url()]


@pytest.mark.parametrize("page", [0, 1], ids=["claim", "article"])
def test_repeat_visit_with_the_etag_gets_304(client, world, page):
    url = page_urls(world)[page]
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"')
    second = client.get(url, headers={"if-none-match": first["ETag"]})
    assert second.status_code == 304
    assert second.content == b""
    assert second["ETag"] == first["ETag"]


@pytest.mark.parametrize("page", [0, 1], ids=["claim", "article"])
def test_repeat_visit_with_last_modified_gets_304(client, world, page):
    url = page_urls(world)[page]
    first = client.get(url)
    assert "Last-Modified" in first
    second = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert second.status_code == 304
    older = http_date(world.verdict.updated.timestamp() - 3600)
    assert client.get(url, headers={"if-modified-since": older}).status_code == 200


def test_304_costs_one_query(client, world, django_assert_num_queries):
    url = world.claim.get_absolute_url()
    etag = client.get(url)["ETag"]
    # 1. the published verdict, its claim and article, and the page's fingerprint.
    with django_assert_num_queries(1):
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_anonymous_repeat_is_served_from_the_cache(client, world, django_assert_num_queries):
    url = world.article.get_absolute_url()
    fresh = client.get(url)
    # 1. the article with its fingerprint; the rest comes from the cache.
    with django_assert_num_queries(1):
        cached = client.get(url)
    assert cached.status_code == 200
    assert cached.content == fresh.content
    assert "public" in cached["Cache-Control"]
    assert "Cookie" in cached["Vary"]


def test_signed_in_readers_are_never_served_or_stored_in_the_cache(client, world, reviewer):
    url = world.claim.get_absolute_url()
    anonymous = client.get(url)
    client.force_login(reviewer)
    signed_in = client.get(url)
    assert "Log out alice" in signed_in.content.decode()
    assert "private" in signed_in["Cache-Control"]
    assert signed_in["ETag"] != anonymous["ETag"]
    client.logout()
    again = client.get(url)
    assert "alice" not in again.content.decode()
    assert again["ETag"] == anonymous["ETag"]


def test_publishing_a_verdict_changes_the_article_page_at_once(
    client, world, reviewer, other_editor
):
    url = world.article.get_absolute_url()
    before = client.get(url)
    verdict = world.submitted_claim.verdicts.get()
    EvidenceFactory(claim=world.submitted_claim)
    verdict_publish(verdict=verdict, by=other_editor, version=verdict.version)
    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert f'id="claim-{world.submitted_claim.pk}"' in after.content.decode()
    # ...and on the claim page of its neighbour, which lists the article's other checks.
    neighbour = client.get(world.claim.get_absolute_url()).content.decode()
    assert world.submitted_claim.get_absolute_url() in neighbour


def test_a_correction_changes_the_claim_page_at_once(client, world, editor):
    url = world.claim.get_absolute_url()
    before = client.get(url)
    verdict_correct(
        verdict=world.verdict,
        by=editor,
        rating="true",
        rationale="Both the ministry and the Kremlin list five dead.",
        note="Upgraded after the Kremlin statement was found.",
        version=world.verdict.version,
    )
    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    html = after.content.decode()
    assert "Upgraded after the Kremlin statement was found." in html
    assert "Both the ministry and the Kremlin" in html
    assert "Corrected 1 time" in html or "corrected 1 time" in html


def test_a_withdrawal_takes_the_claim_page_down_at_once(client, world, editor):
    url = world.claim.get_absolute_url()
    etag = client.get(url)["ETag"]
    client.get(world.article.get_absolute_url())
    verdict_withdraw(
        verdict=world.verdict, by=editor, note="Source retracted.", version=world.verdict.version
    )
    assert client.get(url, headers={"if-none-match": etag}).status_code == 404
    article = client.get(world.article.get_absolute_url())
    # The article has no published claim left: it is private again.
    assert article.status_code == 404
    assert "Withdrawn: Source retracted." in client.get("/corrections/").content.decode()


def test_home_and_feeds_change_when_a_verdict_is_published(client, world, other_editor):
    urls = ["/", "/feeds/verdicts/", "/sitemap.xml", "/claimreview.json", "/corrections/"]
    etags = {url: client.get(url)["ETag"] for url in urls}
    verdict = world.submitted_claim.verdicts.get()
    EvidenceFactory(claim=world.submitted_claim)
    verdict_publish(verdict=verdict, by=other_editor, version=verdict.version)
    for url in urls:
        response = client.get(url, headers={"if-none-match": etags[url]})
        assert response.status_code == 200, url
        assert world.submitted_claim.get_absolute_url() in response.content.decode() or (
            url == "/corrections/"
        )


def test_cached_pages_keep_absolute_urls_per_host(client, world):
    url = world.claim.get_absolute_url()
    one = client.get(url, HTTP_HOST="one.example.org").content.decode()
    two = client.get(url, HTTP_HOST="two.example.org").content.decode()
    assert "http://one.example.org/claims/" in one
    assert "http://two.example.org/claims/" in two
    assert "one.example.org" not in two
