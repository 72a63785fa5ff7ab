"""The reviewer workflow as a new user meets it, in headless Chromium at desktop and
phone widths: messages on screen after every action, the place in the text kept after
adding a claim, c/d on a claim focused with Tab, and a notification (and an e-mail)
when an editor sends a verdict back."""

import re

import pytest
from django.core import mail

from claims import services
from claims.models import Claim, Notification, Verdict
from tests.browser import ARTIFACTS, requires_chromium
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, UserFactory
from tests.review.test_browser_flow import SELECT_TEXT, session_cookie

pytestmark = [pytest.mark.browser, requires_chromium]

VIEWPORTS = {
    "desktop": {"width": 1366, "height": 768},
    "phone": {"width": 390, "height": 844},
}

# A long article, so the text scrolls and a reload that lost the place would show it.
PARAGRAPH = (
    "Officials in the province said the convoy had crossed the river at dawn and that "
    "the road beyond the bridge was closed for most of the morning while engineers "
    "checked it for damage. Residents described a long queue of lorries at the checkpoint."
)
TARGET = "It is the third Russian helicopter lost in action in Syria this year"


def long_text() -> str:
    paragraphs = [PARAGRAPH] * 14
    paragraphs[9] = f"{TARGET}, the ministry said."
    paragraphs[2] = "Three crew and two officers died, according to a Kremlin statement."
    paragraphs[4] = "Kremlin spokesman Dmitry Peskov confirmed that all those on board are dead."
    return "\n\n".join(paragraphs)


def open_as(page, user, base: str, path: str, viewport: str) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    page.context.clear_cookies()
    page.context.add_cookies([session_cookie(user, base)])
    page.goto(base + path)


def toast_in_view(page, text: str) -> None:
    from playwright.sync_api import expect

    message = page.locator(".toasts .message", has_text=text)
    expect(message).to_be_visible()
    expect(message).to_be_in_viewport()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_review_action_shows_its_message_in_the_viewport(
    live_server, review_browser, roles, viewport
):
    from playwright.sync_api import expect

    page, base = review_browser, live_server.url
    alice = UserFactory(username="alice", role="Reviewer")
    article = ArticleFactory(text=long_text())
    start = article.text.index("Kremlin spokesman Dmitry Peskov confirmed")
    candidate = ClaimFactory(
        article=article,
        quote="Kremlin spokesman Dmitry Peskov confirmed",
        kind="attribution",
        status=Claim.Status.CANDIDATE,
        sentence=article.text[start : start + 80],
    )

    open_as(page, alice, base, f"/review/articles/{article.pk}/", viewport)
    page.locator(f"#item-{candidate.pk}").get_by_role("button", name="Confirm").click()
    toast_in_view(page, "Confirmed")

    page.goto(f"{base}/review/claims/{candidate.pk}/")
    page.locator("#claim-edit-form").get_by_role("button", name="Save claim").click()
    toast_in_view(page, "Claim saved")

    form = page.locator("#evidence-form")
    form.locator("input[name=url]").fill("https://tass.com/defense/892090")
    form.locator("input[name=title]").fill("Five killed as Mi-8 downed in Idlib")
    form.get_by_role("button", name="Attach source").click()
    toast_in_view(page, "Source added")

    verdict_form = page.locator("#verdict-form")
    verdict_form.locator("label.rating-option--true").click()
    verdict_form.locator("textarea[name=rationale]").fill("The Kremlin said so on **the day**.")
    # Preview refreshes in place: no page POST, the address stays the claim page's.
    address = page.url
    page.evaluate("document.getElementById('rationale-preview').textContent = ''")
    verdict_form.get_by_role("button", name="Preview").click()
    expect(page.locator("#rationale-preview strong")).to_have_text("the day")
    assert page.url == address
    verdict_form.get_by_role("button", name="Save draft").click()
    toast_in_view(page, "Draft saved")
    page.locator("#verdict-form").get_by_role("button", name="Submit for approval").click()
    toast_in_view(page, "Submitted for approval")
    page.screenshot(path=str(ARTIFACTS / f"toast-after-submit-{viewport}.png"))
    assert Verdict.objects.get(claim=candidate).status == Verdict.Status.SUBMITTED


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_adding_a_claim_by_selection_keeps_the_place_in_the_text(
    live_server, review_browser, roles, viewport
):
    from playwright.sync_api import expect

    page, base = review_browser, live_server.url
    alice = UserFactory(username="alice", role="Reviewer")
    article = ArticleFactory(text=long_text())
    ClaimFactory(article=article, status=Claim.Status.CANDIDATE)

    open_as(page, alice, base, f"/review/articles/{article.pk}/", viewport)
    # Scroll the passage to the middle of the screen, as a reader would have it.
    page.evaluate(
        """(quote) => {
          const text = document.querySelector("[data-article-text]");
          const p = Array.from(text.querySelectorAll("p"))
            .find((el) => el.textContent.includes(quote));
          p.scrollIntoView({ block: "center" });
        }""",
        TARGET,
    )
    before = page.evaluate("window.scrollY")
    assert before > 300, "the passage must be well down the page for this test to mean anything"
    assert page.evaluate(SELECT_TEXT, TARGET)
    with page.expect_navigation():
        page.locator("#selection-toolbar button[data-kind=statement]").click()

    claim = Claim.objects.get(article=article, exact=TARGET)
    item = page.locator(f"#item-{claim.pk}")
    expect(item).to_be_focused()
    page.wait_for_load_state("load")
    page.wait_for_function(f"Math.abs(window.scrollY - {before}) < 40")
    mark = page.locator(f'mark[data-claims~="{claim.pk}"]').first
    expect(mark).to_be_in_viewport()
    expect(mark).to_have_class(re.compile("is-active"))
    toast_in_view(page, "Added a statement claim")
    page.screenshot(path=str(ARTIFACTS / f"place-kept-after-add-{viewport}.png"))


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_c_and_d_act_on_the_claim_focused_with_tab(live_server, review_browser, roles, viewport):
    from playwright.sync_api import expect

    page, base = review_browser, live_server.url
    alice = UserFactory(username="alice", role="Reviewer")
    article = ArticleFactory()
    first = ClaimFactory(article=article, status=Claim.Status.CANDIDATE)
    second = ClaimFactory(
        article=article, quote="Kremlin statement", kind="attribution", status="candidate"
    )
    third = ClaimFactory(
        article=article, quote="Peskov confirmed", kind="attribution", status="candidate"
    )

    open_as(page, alice, base, f"/review/articles/{article.pk}/", viewport)
    page.locator(f"#item-{first.pk}").focus()
    # One Tab stop per claim: Tab goes from one claim to the next, past its buttons.
    page.keyboard.press("Tab")
    expect(page.locator(f"#item-{second.pk}")).to_be_focused()
    # Arrow keys reach the claim's own buttons; Escape comes back to the claim.
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.closest('[data-claim-item]').id") == (
        f"item-{second.pk}"
    )
    page.keyboard.press("Escape")
    expect(page.locator(f"#item-{second.pk}")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("c")
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == Claim.Status.CONFIRMED
    assert first.status == Claim.Status.CANDIDATE
    toast_in_view(page, "Confirmed")

    page.locator(f"#item-{first.pk}").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(f"#item-{third.pk}")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("d")
    third.refresh_from_db()
    assert third.status == Claim.Status.DISMISSED
    toast_in_view(page, "Dismissed")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_reviewer_is_notified_when_an_editor_sends_their_verdict_back(
    live_server, review_browser, roles, viewport
):
    from playwright.sync_api import expect

    page, base = review_browser, live_server.url
    alice = UserFactory(username="alice", role="Reviewer")
    charlie = UserFactory(username="charlie", role="Editor")
    claim = ClaimFactory(article=ArticleFactory())
    EvidenceFactory(claim=claim)
    verdict = services.verdict_save_and_submit(
        claim=claim, by=alice, rating="true", rationale="Five, per the ministry."
    )
    mail.outbox.clear()  # the editors' "waiting for approval" mail

    open_as(page, charlie, base, f"/review/claims/{claim.pk}/", viewport)
    approve = page.locator(".approve")
    approve.locator("textarea[name=note]").fill("Name the ministry's statement as a source.")
    approve.get_by_role("button", name="Send back").click()
    toast_in_view(page, "Sent back to alice")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT

    # The console (here: in-memory) e-mail backend received the mail.
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "Name the ministry's statement as a source." in mail.outbox[0].body

    open_as(page, alice, base, "/review/", viewport)
    bell = page.locator("[data-bell]")
    expect(bell.locator(".bell__count")).to_have_text("1")
    bell.click()
    page.wait_for_url(re.compile(r"/review/notifications/$"))
    item = page.locator(".notification--unread")
    expect(item).to_contain_text("Verdict sent back")
    expect(item).to_contain_text("Name the ministry's statement as a source.")
    page.screenshot(path=str(ARTIFACTS / f"notifications-{viewport}.png"), full_page=True)
    with page.expect_navigation():
        item.get_by_role("button", name=re.compile("Open the claim")).click()
    page.wait_for_url(re.compile(rf"/review/claims/{claim.pk}/"))
    expect(page.locator("[data-bell] .bell__count")).to_have_count(0)
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
