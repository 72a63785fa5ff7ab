"""The two-source rule and four eyes after publication, in a real headless Chromium
on a desktop and a phone-sized screen: a verdict without a source is refused at
submit, "Publish anyway" is asked before a one-source casualty verdict is published
and its reason shows in the history, and a reviewer's change to the published
fact-check waits for an editor."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from claims.models import Claim, PendingChange, Verdict
from tests.browser import ARTIFACTS, requires_chromium
from tests.factories import ClaimantFactory, ClaimFactory, UserFactory

pytestmark = [pytest.mark.browser, requires_chromium]

WIDTHS = {"desktop": 1366, "phone": 390}
REASON = "The ministry is the only body counting; we will update when others report."


def sign_in(page, base: str, user) -> None:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base}])


@pytest.mark.parametrize("screen", sorted(WIDTHS))
def test_two_source_rule_and_held_changes_in_the_browser(
    live_server, review_browser, roles, screen
):
    from playwright.sync_api import expect

    page, base = review_browser, live_server.url
    page.set_viewport_size({"width": WIDTHS[screen], "height": 900})
    alice = UserFactory(username="alice", role="Reviewer")
    charlie = UserFactory(username="charlie", role="Editor")
    dana = UserFactory(username="dana", role="Editor")
    claim = ClaimFactory(claimant=ClaimantFactory(name="Defense Ministry"))
    ClaimantFactory(name="Kremlin press office")
    claim_url = f"{base}/review/claims/{claim.pk}/"

    # 1. A verdict without a source is refused at submit; the text stays in the form.
    sign_in(page, base, alice)
    page.goto(claim_url)
    form = page.locator("#verdict-form")
    form.locator("label.rating-option--true").click()
    form.locator("textarea[name=rationale]").fill("The ministry's statement lists five dead.")
    form.get_by_role("button", name="Submit for approval").click()
    errors = page.locator("#verdict-form .form-errors")
    expect(errors).to_contain_text("Attach at least one source before submitting")
    expect(errors).to_be_in_viewport()
    expect(form.locator("textarea[name=rationale]")).to_have_value(
        "The ministry's statement lists five dead."
    )
    assert not Verdict.objects.exists()
    page.screenshot(path=str(ARTIFACTS / f"submit-refused-{screen}.png"), full_page=True)

    # 2. With a source attached, it is submitted.
    evidence = page.locator("#evidence-form")
    evidence.locator("input[name=url]").fill("https://mod.example.org/statement")
    evidence.locator("input[name=title]").fill("Ministry statement")
    evidence.locator("input[name=publisher]").fill("Ministry of Defence")
    evidence.locator("select[name=stance]").select_option("supports")
    evidence.get_by_role("button", name="Attach source").click()
    expect(page.locator(".evidence__item", has_text="Ministry statement")).to_be_visible()
    page.locator("#verdict-form label.rating-option--true").click()
    page.locator("#verdict-form textarea[name=rationale]").fill("The ministry lists five dead.")
    page.locator("#verdict-form").get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".messages")).to_contain_text("Submitted for approval")
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.status == Verdict.Status.SUBMITTED

    # 3. The editor is asked before publishing a one-source casualty figure.
    sign_in(page, base, charlie)
    page.goto(f"{base}/review/approvals/")
    card = page.locator(f"#verdict-{verdict.pk}")
    expect(card.locator(".source-count")).to_contain_text("1 source, 1 independent")
    expect(card.get_by_role("button", name="Approve and publish")).to_have_count(0)
    publish = card.get_by_role("button", name="Publish anyway")
    expect(publish).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"publish-anyway-{screen}.png"), full_page=True)
    # The reason is required: without it the browser does not send the form.
    publish.click()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    card.locator("textarea[name=publish_anyway_reason]").fill(REASON)
    publish.click()
    expect(page.locator(".messages")).to_contain_text("Published")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.publish_reason == REASON

    # The reason is in the verdict's history, for the other editors.
    sign_in(page, base, dana)
    page.goto(claim_url)
    expect(page.locator("#history")).to_contain_text(REASON)
    expect(page.locator(".verdict-published")).to_contain_text(REASON)

    # 4. A reviewer's claimant change to the published claim waits for an editor.
    sign_in(page, base, alice)
    page.goto(claim_url)
    details = page.locator("#claim-edit-form")
    details.locator("input[name=claimant]").fill("Kremlin press office")
    details.get_by_role("button", name="Save claim").click()
    pending = page.locator("#pending")
    expect(pending).to_contain_text("Pending editor approval")
    expect(pending.locator("ins")).to_contain_text("Kremlin press office")
    page.screenshot(path=str(ARTIFACTS / f"claim-pending-{screen}.png"), full_page=True)
    claim.refresh_from_db()
    assert claim.claimant.name == "Defense Ministry"
    page.goto(base + claim.get_absolute_url())
    expect(page.locator("main")).not_to_contain_text("Kremlin press office")

    # Another editor approves it on the approvals page, with a public note.
    sign_in(page, base, dana)
    page.goto(f"{base}/review/approvals/")
    change = PendingChange.objects.get()
    card = page.locator(f"#change-{change.pk}")
    expect(card.locator("del")).to_contain_text("Defense Ministry")
    page.screenshot(path=str(ARTIFACTS / f"approvals-change-{screen}.png"), full_page=True)
    card.get_by_label("Public correction note").fill(
        "The figure is the Kremlin's, not the ministry's."
    )
    card.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messages")).to_contain_text("Approved and published")
    page.goto(base + Claim.objects.get(pk=claim.pk).get_absolute_url())
    expect(page.locator("main")).to_contain_text("Kremlin press office")
    expect(page.locator("main")).to_contain_text("The figure is the Kremlin")
    page.wait_for_load_state("networkidle")
    assert re.search("Kremlin", page.content())
