"""In Chromium: a reviewer rewrites the claim as checked, an editor publishes it, and
the public page and the Atom feed show that statement, the quote kept as the anchor."""

import json
import re

import pytest

from articles.services import article_import
from claims.models import Claim, Verdict
from tests.browser import ARTIFACTS, requires_chromium
from tests.conftest import SEED_PATH
from tests.factories import UserFactory
from tests.review.test_browser_flow import log_in, log_out

pytestmark = [pytest.mark.browser, requires_chromium]

STATEMENT = (
    "Three crew and two officers from Russia's Reconciliation Center died, "
    "according to a Kremlin statement."
)


def test_a_reviewers_statement_is_what_the_public_page_and_the_feed_show(
    live_server, review_browser, roles
):
    from playwright.sync_api import expect

    page, base = review_browser, live_server.url
    UserFactory(username="alice", role="Reviewer")
    UserFactory(username="charlie", role="Editor")
    article = article_import(
        raw=SEED_PATH.read_bytes(), filename=SEED_PATH.name, outlet_name="RT"
    ).article
    claim = Claim.objects.get(
        article=article, kind=Claim.Kind.CASUALTY, exact="Three crew and two officers"
    )
    assert claim.claimant.name == "Kremlin"

    # The reviewer rewrites the statement on the claim page and saves it.
    log_in(page, base, "alice")
    page.goto(f"{base}/review/claims/{claim.pk}/")
    form = page.locator("#claim-edit-form")
    form.locator("textarea[name=statement]").fill(STATEMENT)
    form.get_by_role("button", name="Save claim").click()
    expect(page.locator(".messages")).to_contain_text("Claim saved")
    expect(page.locator(".claim-head__statement")).to_contain_text(STATEMENT)
    claim.refresh_from_db()
    assert claim.statement == STATEMENT and claim.status == Claim.Status.CONFIRMED

    # Attaches a source, writes a verdict and submits it.
    evidence = page.locator("#evidence-form")
    evidence.locator("input[name=url]").fill("https://tass.com/defense/892090")
    evidence.locator("input[name=title]").fill("Five killed as Mi-8 downed in Idlib")
    evidence.locator("input[name=publisher]").fill("TASS")
    evidence.locator("select[name=stance]").select_option("supports")
    evidence.get_by_role("button", name="Attach source").click()
    expect(page.locator(".evidence__item", has_text="Five killed as Mi-8")).to_be_visible()
    verdict_form = page.locator("#verdict-form")
    verdict_form.locator("label.rating-option--true").click()
    verdict_form.locator("textarea[name=rationale]").fill("The Kremlin and the ministry agree.")
    verdict_form.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Draft saved")
    page.locator("#verdict-form").get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".messages")).to_contain_text("Submitted for approval")
    log_out(page)

    # The editor publishes it.
    log_in(page, base, "charlie")
    page.get_by_role("link", name="Approvals").click()
    verdict = Verdict.objects.get(claim=claim)
    # One source for a casualty figure: the two-source rule asks why it goes out anyway.
    card = page.locator(f"#verdict-{verdict.pk}")
    card.locator("textarea[name=publish_anyway_reason]").fill("The Kremlin's own statement.")
    card.get_by_role("button", name="Publish anyway").click()
    expect(page.locator(".messages")).to_contain_text("Published")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    log_out(page)

    # The public page: the statement is the heading, the quote highlighted in context.
    page.goto(base + claim.get_absolute_url())
    expect(page.locator("h1#claim-title")).to_have_text(STATEMENT)
    expect(page.locator(".context mark")).to_have_text("Three crew and two officers")
    expect(page.locator(".factcheck__who")).to_contain_text("Kremlin")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "statement-claim-page.png"), full_page=True)
    reviewed = page.locator('script[type="application/ld+json"]').first.text_content()
    assert json.loads(reviewed)["claimReviewed"] == STATEMENT

    # The Atom feed's entry is titled with the statement.
    feed = page.request.get(f"{base}/feeds/verdicts/").text()
    assert re.search(r"<title>True: Three crew and two officers from Russia.s Reconciliation", feed)
