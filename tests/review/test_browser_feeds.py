"""A reviewer follows an outlet's feed and polls it, in Chromium; the entries arrive
in Articles with their claims."""

import pytest

from articles.models import Article, OutletFeed
from tests.browser import ARTIFACTS, requires_chromium
from tests.factories import UserFactory
from tests.pageserver import story_page
from tests.review.test_browser_flow import log_in

pytestmark = [pytest.mark.browser, requires_chromium]


def test_reviewer_follows_a_feed_and_polls_it(live_server, review_browser, roles, page_server):
    from playwright.sync_api import expect

    page, base = review_browser, live_server.url
    UserFactory(username="alice", role="Reviewer")
    story = page_server.add("/ferry.html", story_page())
    feed_url = page_server.add(
        "/world.rss",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>'
        f"<item><guid>ferry</guid><link>{story}</link><title>Ferry</title></item>"
        "</channel></rss>",
        headers={"Content-Type": "application/rss+xml"},
    )

    log_in(page, base, "alice")
    page.goto(f"{base}/review/")
    page.get_by_role("link", name="Sources we follow").click()
    page.fill("#id_outlet", "The Harbour Times")
    page.fill("#id_url", "not an address")
    page.get_by_role("button", name="Follow").click()
    expect(page.locator(".form-errors").first).to_contain_text("The feed was not added")
    assert not OutletFeed.objects.exists()

    page.fill("#id_url", feed_url)
    page.get_by_role("button", name="Follow").click()
    expect(page.locator("body")).to_contain_text("Following The Harbour Times")
    page.get_by_role("button", name="Poll now").click()
    expect(page.locator("body")).to_contain_text("new: 1 new (1 imported)")
    expect(page.locator("#feed-1, tr[id^=feed-]").first).to_contain_text("1 imported")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "feeds.png"), full_page=True)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    page.get_by_role("link", name="Ferry capsizes off Lesbos, 12 missing").click()
    expect(page.locator("#claim-list")).to_be_visible()
    article = Article.objects.get()
    assert article.url == story and article.claims.exists()
