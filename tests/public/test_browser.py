"""The article and claim pages in a real browser (Debian's Chromium): screenshots saved
under test-artifacts/, the badge-to-claim-to-article round trip, and a phone-width layout."""

from __future__ import annotations

import pytest

from articles.services import article_import
from claims.models import Claim, Claimant, ClaimRelay
from tests.browser import ARTIFACTS, requires_chromium
from tests.conftest import SEED_PATH
from tests.factories import (
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    PublishedVerdictFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, requires_chromium]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def seed_checked(transactional_db):
    """The seed article with three published fact-checks and one candidate claim.

    Users carry no group: a live-server test must not depend on rows that a
    transactional flush removes.
    """
    author, approver = UserFactory(username="writer"), UserFactory(username="approver")
    article = article_import(
        raw=SEED_PATH.read_bytes(), filename=SEED_PATH.name, outlet_name="RT"
    ).article
    Claim.objects.filter(article=article).delete()  # whatever extraction found: start clean
    Claimant.objects.all().delete()
    peskov = ClaimantFactory(
        name="Dmitry Peskov",
        slug="dmitry-peskov",
        kind=Claimant.Kind.PERSON,
        role="Kremlin spokesman",
    )
    ministry = ClaimantFactory(name="Russian Defense Ministry", slug="russian-defense-ministry")
    published = []
    for quote, claimant, kind, rating, rationale in [
        (
            "Three crew and two officers from Russia's Reconciliation Center died",
            ministry,
            Claim.Kind.CASUALTY,
            "true",
            "The ministry's statement and the Kremlin both name **five** dead: three crew "
            "and two officers.",
        ),
        (
            "all those on board are dead",
            peskov,
            Claim.Kind.CASUALTY,
            "mostly-true",
            "Peskov's statement matches the ministry's count, but gives no number.",
        ),
        (
            "It is the third Russian helicopter lost in action in Syria this year",
            None,
            Claim.Kind.STATEMENT,
            "mixed",
            "Two earlier losses are documented, but one of them was **not** lost in action: "
            "the ministry blamed a technical failure.",
        ),
    ]:
        text = article.text
        start = text.index(quote)
        claim = ClaimFactory(
            article=article,
            quote=quote,
            claimant=claimant,
            kind=kind,
            sentence=text[
                text.rfind(".", 0, start) + 1 : text.find(".", start + len(quote)) + 1
            ].strip(),
        )
        EvidenceFactory(claim=claim, source=SourceFactory(publisher="Russian MoD"))
        EvidenceFactory(claim=claim, source=SourceFactory(kind="news"), stance="context")
        PublishedVerdictFactory(
            claim=claim, author=author, approved_by=approver, rating=rating, rationale=rationale
        )
        published.append(claim)
    ClaimRelay.objects.create(
        claim=published[1], claimant=ClaimantFactory(name="RT", kind="media"), position=0
    )
    candidate = ClaimFactory(
        article=article,
        quote="RT cannot verify authenticity of those videos",
        kind=Claim.Kind.UNVERIFIED,
        status=Claim.Status.CANDIDATE,
    )
    return {"article": article, "published": published, "candidate": candidate}


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_article_page_badges_lead_to_claim_pages_and_back(
    live_server,
    browser_page,
    seed_checked,
):
    page = browser_page
    article, published = seed_checked["article"], seed_checked["published"]
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator("h1").inner_text() == article.title
    assert page.locator("mark.claim-mark").count() == 3
    assert page.locator(f"#claim-{seed_checked['candidate'].pk}").count() == 0
    page.screenshot(path=str(ARTIFACTS / "public-article.png"), full_page=True)

    badge = page.locator(f"mark#claim-{published[1].pk} + a.claim-badge")
    badge.focus()
    outline = badge.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"  # keyboard focus is visible
    badge.click()
    page.wait_for_url(f"**{published[1].get_absolute_url()}")
    assert "all those on board are dead" in page.locator("h1").inner_text()
    assert page.locator(".verdict .badge").inner_text() == "Mostly true"
    page.screenshot(path=str(ARTIFACTS / "public-claim.png"), full_page=True)

    page.get_by_role("link", name="See it in the annotated article").click()
    page.wait_for_url(f"**#claim-{published[1].pk}")
    assert page.evaluate("location.hash") == f"#claim-{published[1].pk}"


def test_pages_fit_a_phone_screen(live_server, browser_page, seed_checked):
    page = browser_page
    page.set_viewport_size(PHONE)
    article, claim = seed_checked["article"], seed_checked["published"][0]
    for name, path in [
        ("home", "/"),
        ("article", article.get_absolute_url()),
        ("claim", claim.get_absolute_url()),
        ("search", "/claims/?q=helicopter"),
    ]:
        page.goto(live_server.url + path)
        assert no_horizontal_scroll(page), f"{name} scrolls sideways at 375px"
        page.screenshot(path=str(ARTIFACTS / f"public-{name}-375.png"), full_page=True)


def test_home_search_claimant_and_methodology_screenshots(live_server, browser_page, seed_checked):
    page = browser_page
    page.goto(live_server.url + "/")
    assert page.locator("svg[role=img] title").count() == 1
    assert page.locator(".claim-item").count() == 3
    page.screenshot(path=str(ARTIFACTS / "public-home.png"), full_page=True)
    for name, path in [
        ("search", "/claims/?q=helicopter"),
        ("claimant", "/claimants/dmitry-peskov/"),
        ("about", "/about/"),
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.screenshot(path=str(ARTIFACTS / f"public-{name}.png"), full_page=True)
