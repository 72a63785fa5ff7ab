"""Conditional GET and the anonymous page cache: repeat visits are cheap, and a
publish, correction or withdrawal shows at once without any explicit invalidation."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import http_date

from claims.services import (
    change_approve,
    evidence_add,
    verdict_correct,
    verdict_publish,
    verdict_withdraw,
)
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


def test_a_correction_changes_the_claim_page_at_once(client, world, editor, other_editor):
    url = world.claim.get_absolute_url()
    before = client.get(url)
    change = verdict_correct(
        verdict=world.verdict,
        by=editor,
        rating="true",
        rationale="Both the ministry and the Kremlin list five dead.",
        note="Upgraded after the Kremlin statement was found.",
        version=world.verdict.version,
    )
    # Proposed, not approved: the published page stands, down to its ETag.
    held = client.get(url, headers={"if-none-match": before["ETag"]})
    assert held.status_code == 304
    change_approve(change=change, by=other_editor)
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
    urls = ["/", "/feeds/verdicts/", "/sitemap-claims.xml", "/claimreview.json", "/corrections/"]
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


# Every change that must show at once on every page that shows it --------------------------
def publish_submitted(world, other_editor) -> None:
    verdict = world.submitted_claim.verdicts.get()
    EvidenceFactory(claim=world.submitted_claim)
    verdict_publish(verdict=verdict, by=other_editor, version=verdict.version)


def correct(world, editor, other_editor) -> None:
    """A correction proposed by one editor and approved by another."""
    change = verdict_correct(
        verdict=world.verdict,
        by=editor,
        rating="false",
        rationale="CORRECTED-RATIONALE",
        note="Downgraded after the ministry retracted its figure.",
        version=world.verdict.version,
    )
    change_approve(change=change, by=other_editor)


def withdraw(world, editor) -> None:
    verdict_withdraw(
        verdict=world.verdict, by=editor, note="Source retracted.", version=world.verdict.version
    )


CHANGES = {
    # change: (do it, {page: what the page shows afterwards})
    "publish": (
        lambda w, editor, other: publish_submitted(w, other),
        {
            "/": lambda w: w.submitted_claim.get_absolute_url(),
            "article": lambda w: f'id="claim-{w.submitted_claim.pk}"',
            "claim": lambda w: w.submitted_claim.get_absolute_url(),
            "/feeds/verdicts/": lambda w: w.submitted_claim.get_absolute_url(),
            "/sitemap-claims.xml": lambda w: w.submitted_claim.get_absolute_url(),
            "/claimreview.json": lambda w: w.submitted_claim.get_absolute_url(),
        },
    ),
    "correct": (
        lambda w, editor, other: correct(w, editor, other),
        {
            "/": lambda w: "badge--false",
            "article": lambda w: "badge--false",
            "claim": lambda w: "CORRECTED-RATIONALE",
            "claimant": lambda w: "badge--false",
            "/corrections/": lambda w: "Downgraded after the ministry retracted",
            "/feeds/verdicts/": lambda w: "CORRECTED-RATIONALE",
            "/claimreview.json": lambda w: '"alternateName": "False"',
        },
    ),
    "withdraw": (
        lambda w, editor, other: withdraw(w, editor),
        {
            "/": lambda w: "No fact-checks have been published yet",
            "/corrections/": lambda w: "Withdrawn: Source retracted.",
            "/feeds/verdicts/": lambda w: "</feed>",  # still a feed, now empty
        },
    ),
}


def resolve(world, page: str) -> str:
    return {
        "article": world.article.get_absolute_url(),
        "claim": world.claim.get_absolute_url(),
        "claimant": world.claimant.get_absolute_url(),
    }.get(page, page)


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_change_reaches_every_cached_page_at_once(client, world, editor, other_editor, change):
    act, pages = CHANGES[change]
    # Anonymous visits fill the page cache...
    before = {page: client.get(resolve(world, page)) for page in pages}
    assert all(r.status_code == 200 for r in before.values())
    act(world, editor, other_editor)
    for page, expected in pages.items():
        # ...and a plain visit afterwards (no ETag) already shows the change.
        response = client.get(resolve(world, page))
        assert response.status_code == 200, page
        html = response.content.decode()
        assert expected(world) in html, page
        assert response["ETag"] != before[page]["ETag"], page


def test_a_withdrawal_takes_down_every_page_that_only_it_kept_public(client, world, editor):
    urls = [
        world.claim.get_absolute_url(),
        world.article.get_absolute_url(),
        world.claimant.get_absolute_url(),
    ]
    for url in urls:
        assert client.get(url).status_code == 200
    withdraw(world, editor)
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in ("/claims/", "/sitemap-claims.xml", "/claimreview.json"):
        assert world.claim.get_absolute_url() not in client.get(url).content.decode(), url


def test_a_new_stance_for_a_source_shows_on_the_claim_page(client, world, reviewer, editor):
    url = world.claim.get_absolute_url()
    before = client.get(url)
    assert "stance--contradicts" not in before.content.decode()
    source = world.claim.evidence.first().source
    # The same source attached again with another stance: no row is added, and on a
    # published claim the new stance waits for an editor.
    change = evidence_add(claim=world.claim, by=reviewer, url=source.url, stance="contradicts")
    assert client.get(url, headers={"if-none-match": before["ETag"]}).status_code == 304
    change_approve(change=change, by=editor)
    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert "stance--contradicts" in after.content.decode()


def test_a_removed_source_disappears_from_the_claim_page(client, world):
    url = world.claim.get_absolute_url()
    before = client.get(url).content.decode()
    evidence = world.claim.evidence.get(source__title="Agency report")
    assert "Agency report" in before
    evidence.delete()
    assert "Agency report" not in client.get(url).content.decode()


def test_a_renamed_claimant_shows_on_the_claim_page(client, world):
    url = world.claim.get_absolute_url()
    etag = client.get(url)["ETag"]
    # An admin's edit: no service touches the claim.
    type(world.claimant).objects.filter(pk=world.claimant.pk).update(role="Press secretary")
    after = client.get(url, headers={"if-none-match": etag})
    assert after.status_code == 200
    assert "Dmitry Peskov</a>, Press secretary" in after.content.decode()


# Signed-in readers ---------------------------------------------------------------------
def test_a_reader_who_signs_in_never_gets_the_anonymous_copy(client, world, reviewer):
    url = world.claim.get_absolute_url()
    anonymous_etag = client.get(url)["ETag"]
    client.force_login(reviewer)
    response = client.get(url, headers={"if-none-match": anonymous_etag})
    assert response.status_code == 200
    assert "Log out alice" in response.content.decode()


def test_a_new_session_never_revalidates_a_page_with_the_old_csrf_token(client, world, reviewer):
    url = world.claim.get_absolute_url()
    client.force_login(reviewer)
    first = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first.content.decode())
    assert token is not None  # the log-out form
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    # Logging in again rotates the CSRF secret; the browser still holds the old page.
    client.cookies["csrftoken"] = "x" * 32
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    new_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', again.content.decode())
    assert new_token.group(1) != token.group(1)


def test_a_pending_message_is_shown_not_hidden_behind_a_304(client, world, reviewer):
    url = world.claim.get_absolute_url()
    client.force_login(reviewer)
    etag = client.get(url)["ETag"]
    storage = CookieStorage(type("R", (), {"COOKIES": {}})())
    response = HttpResponse()
    storage._store([Message(20, "Verdict published.")], response)
    client.cookies["messages"] = response.cookies["messages"].value
    shown = client.get(url, headers={"if-none-match": etag})
    assert shown.status_code == 200
    assert "Verdict published." in shown.content.decode()


# Lists ---------------------------------------------------------------------------------
@pytest.mark.parametrize("page", ["abc", "-3", "0", "1", "99999999999999999999"])
def test_odd_page_numbers_of_lists_are_the_first_page_and_never_an_error(client, world, page):
    for url in (world.claimant.get_absolute_url(), "/corrections/", "/claims/"):
        response = client.get(url, {"page": page})
        assert response.status_code == 200, url
        if page != "99999999999999999999":
            assert response.context["page"].number == 1, url


def test_only_the_first_page_of_a_list_is_kept_in_the_cache(client, world):
    for number in range(2, 40):
        client.get("/corrections/", {"page": number})
    client.get("/corrections/", {"page": "abc"})
    keys = [key for key in cache._cache if "public-page" in key]  # local-memory cache
    assert len(keys) == 1


def test_without_a_shared_cache_pages_keep_reading_their_fingerprint(
    client, world, settings, django_assert_num_queries
):
    # Local memory is one cache per process: a bump in one would never reach another's
    # copies, so every visit reads the database fingerprint, and a write no signal
    # reports (a bulk UPDATE) still shows at once.
    assert not settings.CLAIMTRACK_SHARED_PAGE_CACHE
    url = world.claim.get_absolute_url()
    client.get(url)
    # 1. the fingerprint; the page itself comes from the cache.
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
    type(world.claimant).objects.filter(pk=world.claimant.pk).update(role="Press secretary")
    assert "Dmitry Peskov</a>, Press secretary" in client.get(url).content.decode()
