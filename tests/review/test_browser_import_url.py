"""A reviewer imports a web page by its address on the new-article page, in Chromium."""

import re

import pytest

from articles.models import Article
from tests.browser import ARTIFACTS, requires_chromium
from tests.factories import UserFactory
from tests.pageserver import story_page
from tests.review.test_browser_flow import log_in

pytestmark = [pytest.mark.browser, requires_chromium]


def test_reviewer_imports_a_page_by_its_address(live_server, review_browser, roles, page_server):
    from playwright.sync_api import expect

    page, base = review_browser, live_server.url
    UserFactory(username="alice", role="Reviewer")
    url = page_server.add("/2024/03/05/ferry.html", story_page())

    log_in(page, base, "alice")
    page.goto(f"{base}/review/articles/new/")
    # Refused addresses re-render the form with one clear line; nothing is written.
    page.fill("#id_url", "http://169.254.169.254/latest/meta-data/")
    page.get_by_role("button", name="Import and find claims").click()
    expect(page.locator(".form-errors").first).to_contain_text("the cloud metadata service")
    assert not Article.objects.exists()

    page.fill("#id_url", url)
    page.get_by_role("button", name="Import and find claims").click()
    page.wait_for_url(re.compile(r"/review/articles/\d+/"))
    expect(page.locator("h1").first).to_contain_text("Ferry capsizes off Lesbos, 12 missing")
    expect(page.locator("[data-article-text]")).to_contain_text("Twelve people are missing.")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "import-by-url.png"), full_page=True)
    article = Article.objects.get()
    assert article.url == url
