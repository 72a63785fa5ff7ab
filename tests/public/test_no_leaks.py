"""Nothing unpublished reaches the public: drafts, submitted and withdrawn verdicts,
candidate and dismissed claims, reviewer notes and evidence notes."""

from __future__ import annotations

import datetime
import re

import pytest

from claims.models import Claim, Verdict
from tests.factories import PublishedVerdictFactory

from .conftest import SECRETS

pytestmark = pytest.mark.django_db

UNPUBLISHED = ["draft_claim", "submitted_claim", "withdrawn_claim", "candidate_claim",
               "dismissed_claim"]  # fmt: skip


def public_urls(world) -> list[str]:
    return [
        "/",
        "/claims/",
        "/claims/?q=board",
        "/claims/?q=helicopter",
        "/claims/?q=ground+fire",
        "/claims/?q=verify",
        "/claims/?rating=false",
        "/claims/?sort=oldest",
        world.article.get_absolute_url(),
        world.claim.get_absolute_url(),
        world.claimant.get_absolute_url(),
        "/claimants/ap/",
        "/corrections/",
        "/about/",
        "/feeds/verdicts/",
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/sitemap-claims.xml",
        "/sitemap-articles.xml",
        "/sitemap-claimants.xml",
        "/sitemap-events.xml",
        "/robots.txt",
        "/claimreview.json",
    ]


def fetch_all(client, world) -> dict[str, str]:
    pages = {}
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


@pytest.mark.parametrize("secret", sorted(SECRETS))
def test_reviewer_only_and_unpublished_text_is_on_no_public_page(client, world, secret):
    for url, html in fetch_all(client, world).items():
        assert SECRETS[secret] not in html, f"{secret} leaked on {url}"


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_signed_in_staff_read_the_public_site_as_the_public_does(
    client, world, reviewer, editor, role
):
    client.force_login(reviewer if role == "reviewer" else editor)
    for url, html in fetch_all(client, world).items():
        for secret, text in SECRETS.items():
            assert text not in html, f"{secret} shown to a {role} on {url}"
        for name in UNPUBLISHED:
            claim = getattr(world, name)
            assert f"/claims/{claim.pk}-" not in html, f"{name} linked for a {role} on {url}"
            assert f'id="claim-{claim.pk}"' not in html
    for name in UNPUBLISHED:
        claim = getattr(world, name)
        assert client.get(f"/claims/{claim.pk}-{claim.slug}/").status_code == 404


@pytest.mark.parametrize("name", UNPUBLISHED)
def test_unpublished_claim_has_no_public_page(client, world, name):
    claim = getattr(world, name)
    assert client.get(f"/claims/{claim.pk}-{claim.slug}/").status_code == 404
    assert client.get(f"/claims/{claim.pk}/").status_code == 404


@pytest.mark.parametrize("name", UNPUBLISHED)
def test_unpublished_claim_is_in_no_page_feed_sitemap_or_search(client, world, name):
    claim = getattr(world, name)
    for url, html in fetch_all(client, world).items():
        assert f"/claims/{claim.pk}-" not in html, f"{name} linked from {url}"
        assert f'id="claim-{claim.pk}"' not in html, f"{name} highlighted on {url}"
    # Its own words find nothing.
    response = client.get("/claims/", {"q": claim.exact})
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize("name", UNPUBLISHED)
def test_unpublished_claim_quote_is_not_listed_in_search(client, world, name):
    claim = getattr(world, name)
    html = client.get("/claims/").content.decode()
    assert claim.exact not in html


def test_article_page_highlights_only_the_published_claim(client, world):
    html = client.get(world.article.get_absolute_url()).content.decode()
    assert html.count("<mark") == 1
    assert f'id="claim-{world.claim.pk}"' in html


def test_claimant_known_only_from_a_candidate_claim_has_no_page(client, world):
    assert client.get("/claimants/candidate-claimant-hidden/").status_code == 404
    html = client.get("/claims/").content.decode()
    assert SECRETS["candidate_claimant"] not in html


def test_article_without_published_claims_has_no_page(client, world):
    assert client.get(world.unchecked_article.get_absolute_url()).status_code == 404
    assert world.unchecked_article.slug not in client.get("/sitemap-articles.xml").content.decode()


def test_withdrawn_verdict_leaves_its_note_on_the_corrections_page(client, world):
    html = client.get("/corrections/").content.decode()
    assert "Withdrawn: the source was misread." in html
    assert world.withdrawn_claim.exact in html
    # ...but no link to the page that is gone, and none of its rationale.
    assert f"/claims/{world.withdrawn_claim.pk}-" not in html
    assert SECRETS["withdrawn_rationale"] not in html


def test_a_published_verdict_on_a_dismissed_claim_stays_private(client, world):
    Claim.objects.filter(pk=world.claim.pk).update(status=Claim.Status.DISMISSED)
    assert client.get(world.claim.get_absolute_url()).status_code == 404
    assert f"/claims/{world.claim.pk}-" not in client.get("/claimreview.json").content.decode()


def test_republished_claim_shows_only_its_new_verdict_and_keeps_the_withdrawal_log(
    client, world, reviewer, editor
):
    PublishedVerdictFactory(
        claim=world.withdrawn_claim,
        author=reviewer,
        approved_by=editor,
        rationale="Checked again against the ministry's list.",
    )
    html = client.get(world.withdrawn_claim.get_absolute_url()).content.decode()
    assert "Checked again against the ministry" in html
    assert "Withdrawn: the source was misread." in html
    assert SECRETS["withdrawn_rationale"] not in html


def chart_summary(html: str) -> str:
    """The text summary of the page's SVG chart (its <desc>)."""
    return re.search(r"<desc [^>]*>(.*?)</desc>", html, re.S).group(1)


def test_rating_counts_and_charts_count_only_published_verdicts(client, world):
    # Unpublished in the world: a draft (True), a submitted (False), a withdrawn (False)
    # and a new draft on the published claim (False). Only "Mostly true" is public.
    home = client.get("/").content.decode()
    assert "1 published fact-check." in home
    assert chart_summary(home) == (
        "True: 0; Mostly true: 1; Mixed: 0; Mostly false: 0; False: 0; Unproven: 0; "
        "Misattributed: 0; Correctly attributed: 0"
    )
    assert "?rating=false" not in home and "?rating=true" not in home
    claimant = client.get(world.claimant.get_absolute_url()).content.decode()
    assert "False: 0" in chart_summary(claimant) and "Mostly true: 1" in chart_summary(claimant)


def test_a_draft_on_a_published_claim_changes_nothing_public(client, world):
    html = client.get(world.claim.get_absolute_url()).content.decode()
    assert "badge--mostly-true" in html and "badge--false" not in html
    assert client.get("/claims/", {"rating": "false"}).context["page"].paginator.count == 0
    feed = client.get("/claimreview.json").json()
    assert [r["reviewRating"]["alternateName"] for r in feed["dataFeedElement"]] == ["Mostly true"]


def test_sitemap_dates_ignore_work_on_unpublished_verdicts(client, world):
    # A reviewer works on a draft of the same article (dated far ahead to tell it apart).
    future = world.verdict.updated + datetime.timedelta(days=400)
    Verdict.objects.filter(claim=world.draft_claim).update(updated=future)
    Verdict.objects.filter(claim=world.claim).exclude(pk=world.verdict.pk).update(updated=future)
    xml = client.get("/sitemap-articles.xml").content.decode()
    assert future.date().isoformat() not in xml
    assert world.verdict.updated.date().isoformat() in xml
