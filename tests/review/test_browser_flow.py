"""The reviewer flow in a real headless Chromium against a live server.

A reviewer confirms a casualty candidate in the seed article, adds a claim by
selecting text, attaches a source, saves a draft and submits it; an editor
approves and publishes; the anonymous public claim page shows the verdict.
"""

import re

import pytest
from django.conf import settings
from django.test import Client

from articles.models import Article
from articles.services import article_import
from claims.models import Claim, Evidence, Verdict
from claims.services import sentence_around
from tests.browser import ARTIFACTS, requires_chromium
from tests.conftest import SEED_PATH
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tests.review.conftest import new_browser_page

pytestmark = [pytest.mark.browser, requires_chromium]

PASSWORD = "secret-pass-123"
MANUAL_QUOTE = "It is the third Russian helicopter lost in action in Syria this year"

# Selects `quote` inside the article text the way a mouse drag would leave it.
SELECT_TEXT = """
(quote) => {
  const container = document.querySelector("[data-article-text]");
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const index = node.data.indexOf(quote);
    if (index < 0) continue;
    const range = document.createRange();
    range.setStart(node, index);
    range.setEnd(node, index + quote.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    container.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
    return true;
  }
  return false;
}
"""


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/?next=/review/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/review/")


def log_out(page) -> None:
    # Wait for the navigation itself: the page already counts as loaded before it starts.
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Log out")).click()


def casualty_candidate(article: Article) -> Claim:
    """The extractor's candidate on "Three crew and two officers", or one like it."""
    quote = "Three crew and two officers"
    existing = (
        Claim.objects.filter(article=article, kind=Claim.Kind.CASUALTY, exact__contains=quote)
        .order_by("start")
        .first()
    )
    if existing is not None:
        existing.status = Claim.Status.CANDIDATE
        existing.save()
        return existing
    start = article.text.index(quote)
    return ClaimFactory(
        article=article,
        quote=quote,
        status=Claim.Status.CANDIDATE,
        origin=Claim.Origin.EXTRACTED,
        sentence=sentence_around(article.text, start, start + len(quote)),
    )


def test_reviewer_and_editor_take_a_claim_from_candidate_to_public_verdict(
    live_server,
    review_browser,
    roles,
):
    from playwright.sync_api import expect

    page, base = review_browser, live_server.url
    UserFactory(username="alice", role="Reviewer")
    UserFactory(username="charlie", role="Editor")
    article = article_import(
        raw=SEED_PATH.read_bytes(), filename=SEED_PATH.name, outlet_name="RT"
    ).article
    candidate = casualty_candidate(article)
    # The passage added by hand must be free: drop whatever extraction proposed there.
    manual_start = article.text.index(MANUAL_QUOTE)
    Claim.objects.filter(
        article=article, start__lt=manual_start + len(MANUAL_QUOTE), end__gt=manual_start
    ).delete()

    # The reviewer opens the seed article from the queue.
    log_in(page, base, "alice")
    page.locator(f'a[href^="/review/articles/{article.pk}/"]').first.click()
    page.wait_for_url(re.compile(rf"/review/articles/{article.pk}/"))
    item = page.locator(f"#item-{candidate.pk}")
    expect(item.locator(".tag--candidate")).to_be_visible()
    expect(page.locator(f'mark.claim--candidate[data-claims~="{candidate.pk}"]')).to_be_visible()

    # Confirms the candidate.
    item.get_by_role("button", name="Confirm").click()
    expect(page.locator(f"#item-{candidate.pk} .tag--confirmed")).to_be_visible()
    candidate.refresh_from_db()
    assert candidate.status == Claim.Status.CONFIRMED

    # Adds a claim by selecting its text and choosing a kind in the toolbar.
    assert page.evaluate(SELECT_TEXT, MANUAL_QUOTE)
    toolbar = page.locator("#selection-toolbar")
    expect(toolbar).to_be_visible()
    expect(page.locator("#manual-claim-form textarea[name=exact]")).to_have_value(MANUAL_QUOTE)
    toolbar.locator("button[data-kind=statement]").click()
    expect(page.locator(".claim-item", has_text=MANUAL_QUOTE)).to_be_visible()
    manual = Claim.objects.get(article=article, origin=Claim.Origin.MANUAL)
    assert manual.exact == MANUAL_QUOTE and manual.kind == Claim.Kind.STATEMENT
    assert manual.start == article.text.index(MANUAL_QUOTE)
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "review-page.png"), full_page=True)

    # Opens the confirmed claim: highlighted and scrolled into view.
    page.locator(f"#item-{candidate.pk} a[data-action=open]").click()
    page.wait_for_url(re.compile(rf"/review/claims/{candidate.pk}/"))
    expect(page.locator("mark.is-focus").first).to_be_in_viewport()

    # Attaches a source.
    form = page.locator("#evidence-form")
    form.locator("input[name=url]").fill("https://tass.com/defense/892090")
    form.locator("input[name=title]").fill("Five killed as Mi-8 downed in Idlib")
    form.locator("input[name=publisher]").fill("TASS")
    form.locator("select[name=stance]").select_option("supports")
    form.get_by_role("button", name="Attach source").click()
    expect(page.locator(".evidence__item", has_text="Five killed as Mi-8")).to_be_visible()

    # Writes the verdict with a live Markdown preview, saves a draft, submits.
    verdict_form = page.locator("#verdict-form")
    verdict_form.locator("label.rating-option--true").click()
    verdict_form.locator("textarea[name=rationale]").fill(
        "The Defense Ministry and the Kremlin both say **five** died."
    )
    expect(page.locator("#rationale-preview strong")).to_have_text("five")
    verdict_form.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Draft saved (version 1)")
    page.locator("#verdict-form").get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".messages")).to_contain_text("Submitted for approval")
    page.screenshot(path=str(ARTIFACTS / "claim-page.png"), full_page=True)
    verdict = Verdict.objects.get(claim=candidate)
    assert verdict.status == Verdict.Status.SUBMITTED
    assert Evidence.objects.get(claim=candidate).source.publisher == "TASS"
    log_out(page)

    # An editor approves and publishes it: one source for a casualty figure, so the
    # card asks why before publishing ("Publish anyway").
    log_in(page, base, "charlie")
    page.get_by_role("link", name="Approvals").click()
    row = page.locator(f"#verdict-{verdict.pk}")
    expect(row.locator(".source-count")).to_contain_text("1 source, 1 independent")
    row.locator("textarea[name=publish_anyway_reason]").fill("TASS relays the ministry's count.")
    row.get_by_role("button", name="Publish anyway").click()
    expect(page.locator(".message--warning")).to_contain_text("your reason is kept")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    log_out(page)

    # The public claim page shows the verdict to anyone.
    page.goto(base + candidate.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Three crew and two officers")
    expect(page.locator("main")).to_contain_text("True")
    expect(page.locator("main")).not_to_contain_text("Draft")
    page.wait_for_load_state("networkidle")


def test_keyboard_shortcuts_and_selection_offsets_with_emoji(
    live_server,
    review_browser,
    roles,
):
    """j/c/d drive the claim list; offsets stay right after characters outside the BMP."""
    from playwright.sync_api import expect

    page, base = review_browser, live_server.url
    reviewer = UserFactory(username="alice", role="Reviewer")
    article = ArticleFactory(
        text="🚁 Crash 🇷🇺 report.\n\nThree crew and two officers died, the 🇷🇺 ministry said. "
        "Peskov confirmed it."
    )
    first = ClaimFactory(article=article, status=Claim.Status.CANDIDATE)
    second = ClaimFactory(
        article=article, quote="Peskov confirmed it", kind="attribution", status="candidate"
    )
    # Log in through a session cookie: the form itself is covered by the test above.
    client = Client()
    client.force_login(reviewer)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}]
    )
    page.goto(f"{base}/review/articles/{article.pk}/")

    page.keyboard.press("j")
    expect(page.locator(f"#item-{first.pk}")).to_have_class(re.compile("is-current"))
    with page.expect_navigation():
        page.keyboard.press("c")
    # Back on the page with the next claim selected, ready for the next key.
    expect(page.locator(f"#item-{second.pk}")).to_have_class(re.compile("is-current"))
    first.refresh_from_db()
    assert first.status == Claim.Status.CONFIRMED
    with page.expect_navigation():
        page.keyboard.press("d")
    expect(page.locator(".dismissed summary")).to_contain_text("1 dismissed")
    second.refresh_from_db()
    assert second.status == Claim.Status.DISMISSED

    # Typing in a form never triggers shortcuts: no form is posted, the page stays.
    page.locator("#add-claim summary").click()  # "Add a claim" opens at the panel's top
    exact = page.locator("#manual-claim-form textarea[name=exact]")
    exact.press_sequentially("cd")
    page.wait_for_load_state("networkidle")
    expect(exact).to_have_value("cd")
    assert not Claim.objects.filter(article=article, status=Claim.Status.CANDIDATE).exists()
    assert Claim.objects.filter(article=article, status=Claim.Status.DISMISSED).count() == 1

    assert page.evaluate(SELECT_TEXT, "ministry said")
    with page.expect_navigation():
        page.locator("#selection-toolbar button[data-kind=attribution]").click()
    expect(page.locator(".claim-item", has_text="ministry said")).to_be_visible()
    claim = Claim.objects.get(article=article, created_by=reviewer)
    assert claim.exact == "ministry said"
    assert (claim.start, claim.end) == (
        article.text.index("ministry said"),
        article.text.index("ministry said") + len("ministry said"),
    )
    page.wait_for_load_state("networkidle")


def session_cookie(user, base: str) -> dict:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base}


def test_second_reviewer_on_the_same_draft_is_shown_the_conflict(
    live_server,
    review_browser,
    roles,
):
    from playwright.sync_api import expect

    page, base = review_browser, live_server.url
    alice = UserFactory(username="alice", role="Reviewer")
    bob = UserFactory(username="bob", role="Reviewer")
    claim = ClaimFactory(article=ArticleFactory(), status=Claim.Status.CONFIRMED)
    claim_url = f"{base}/review/claims/{claim.pk}/"
    page.context.add_cookies([session_cookie(alice, base)])
    other = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    try:
        other.add_cookies([session_cookie(bob, base)])
        bob_page = new_browser_page(other)

        # Alice starts a draft; then both have it open at version 1.
        page.goto(claim_url)
        page.locator("#verdict-form label.rating-option--true").click()
        page.locator("#verdict-form textarea[name=rationale]").fill("Five died, the ministry said.")
        page.locator("#verdict-form").get_by_role("button", name="Save draft").click()
        expect(page.locator(".messages")).to_contain_text("Draft saved (version 1)")
        bob_page.goto(claim_url)

        # Alice saves version 2; Bob, still on version 1, saves his own text.
        page.locator("#verdict-form textarea[name=rationale]").fill(
            "Five died, the Defense Ministry said."
        )
        page.locator("#verdict-form").get_by_role("button", name="Save draft").click()
        expect(page.locator(".messages")).to_contain_text("Draft saved (version 2)")
        bob_page.locator("#verdict-form textarea[name=rationale]").fill("Bob's own reading.")
        bob_page.locator("#verdict-form").get_by_role("button", name="Save draft").click()

        conflict = bob_page.locator(".conflict")
        expect(conflict).to_be_in_viewport()
        expect(conflict).to_contain_text("alice saved version 2 while you were editing")
        expect(conflict.locator("ins")).to_contain_text("Defense Ministry")
        expect(bob_page.locator("#verdict-form textarea[name=rationale]")).to_have_value(
            "Bob's own reading."
        )
        bob_page.screenshot(path=str(ARTIFACTS / "conflict-phone.png"))
        verdict = Verdict.objects.get(claim=claim)
        assert (verdict.rationale, verdict.version) == ("Five died, the Defense Ministry said.", 2)
        bob_page.wait_for_load_state("networkidle")
    finally:
        other.close()


def test_the_review_works_without_javascript(live_server, review_browser, roles):
    from playwright.sync_api import expect

    base = live_server.url
    alice = UserFactory(username="alice", role="Reviewer")
    article = ArticleFactory()
    candidate = ClaimFactory(article=article, status=Claim.Status.CANDIDATE)
    context = review_browser.context.browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    try:
        context.add_cookies([session_cookie(alice, base)])
        page = new_browser_page(context)
        page.goto(f"{base}/review/articles/{article.pk}/")
        # Shortcut and selection hints need JavaScript: they stay hidden.
        expect(page.locator(".hint__keys")).to_be_hidden()

        page.locator(f"#item-{candidate.pk}").get_by_role("button", name="Confirm").click()
        expect(page.locator(f"#item-{candidate.pk} .tag--confirmed")).to_be_visible()

        # A claim by its exact words: an ambiguous quote is an error shown on screen.
        page.locator("#add-claim summary").click()
        form = page.locator("#manual-claim-form")
        form.locator("select[name=kind]").select_option("attribution")
        form.locator("textarea[name=exact]").fill("Kremlin")
        form.get_by_role("button", name="Add claim").click()
        expect(page.locator("#add-claim .errorlist")).to_be_in_viewport()
        expect(page.locator("#add-claim .errorlist")).to_contain_text("more than once")
        assert Claim.objects.filter(article=article).count() == 1
        page.locator("#manual-claim-form textarea[name=exact]").fill("Kremlin spokesman")
        page.locator("#manual-claim-form").get_by_role("button", name="Add claim").click()
        expect(page.locator(".claim-item", has_text="Kremlin spokesman")).to_be_visible()

        # Source, preview, draft and submit through plain form posts.
        page.goto(f"{base}/review/claims/{candidate.pk}/")
        evidence = page.locator("#evidence-form")
        evidence.locator("input[name=url]").fill("javascript:alert(1)")
        evidence.get_by_role("button", name="Attach source").click()
        expect(page.locator("#evidence-form .errorlist")).to_be_in_viewport()
        evidence = page.locator("#evidence-form")
        evidence.locator("input[name=url]").fill("https://tass.com/defense/892090")
        evidence.locator("input[name=title]").fill("Five killed as Mi-8 downed")
        evidence.get_by_role("button", name="Attach source").click()
        expect(page.locator(".evidence__item a")).to_have_attribute(
            "href", "https://tass.com/defense/892090"
        )
        verdict_form = page.locator("#verdict-form")
        verdict_form.locator("label.rating-option--true").click()
        verdict_form.locator("textarea[name=rationale]").fill("**Five** <script>x</script>")
        verdict_form.get_by_role("button", name="Preview").click()
        expect(page.locator("#rationale-preview strong")).to_have_text("Five")
        expect(page.locator("#rationale-preview")).to_contain_text("<script>x</script>")
        page.locator("#verdict-form").get_by_role("button", name="Save draft").click()
        expect(page.locator(".messages")).to_contain_text("Draft saved (version 1)")
        # The toast is fixed to the viewport without JavaScript too.
        expect(page.locator(".toasts .message")).to_be_in_viewport()
        page.locator("#verdict-form").get_by_role("button", name="Submit for approval").click()
        expect(page.locator(".messages")).to_contain_text("Submitted for approval")
        page.screenshot(path=str(ARTIFACTS / "claim-page-no-js-phone.png"), full_page=True)
        verdict = Verdict.objects.get(claim=candidate)
        assert verdict.status == Verdict.Status.SUBMITTED
        assert verdict.rationale == "**Five** <script>x</script>"
    finally:
        context.close()


def test_an_oversized_paste_is_refused_in_the_page_and_stays_in_the_box(
    live_server, review_browser, roles, settings
):
    from playwright.sync_api import expect

    settings.CLAIMTRACK_MAX_IMPORT_BYTES = 2_000
    page, base = review_browser, live_server.url
    page.context.add_cookies([session_cookie(UserFactory(username="alice", role="Reviewer"), base)])
    page.goto(f"{base}/review/articles/new/")
    text = "A title\n\n" + "Five died, the ministry said. " * 100  # 3 kB
    page.locator("textarea[name=text]").fill(text)
    page.get_by_role("button", name="Import and find claims").click()
    error = page.locator("#import-size-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("(2,000 bytes)")
    expect(page.locator("textarea[name=text]")).to_have_value(text)
    assert page.url == f"{base}/review/articles/new/"
    assert not Article.objects.exists()
