"""The content security policy in a real Chromium: the reviewers' pages (queue,
article review with its selection toolbar, claim review with the live preview),
event pages with their chart, the public pages, the admin and the API docs all
work under it with no violation at all."""

import re

import pytest

from claims.models import Claim
from tests.browser import ARTIFACTS, browser_page, requires_chromium  # noqa: F401
from tests.events.conftest import import_story
from tests.factories import PublishedVerdictFactory, UserFactory
from tests.review.conftest import roles  # noqa: F401 - the fixture
from tests.review.test_browser_flow import SELECT_TEXT

pytestmark = [pytest.mark.browser, requires_chromium]

PASSWORD = "secret-pass-123"

# Registered before any of the page's own scripts run, on every page loaded.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.cspViolation(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


def log_in(
    page, base: str, username: str, password: str = PASSWORD, path: str = "/accounts/login/"
):
    page.goto(f"{base}{path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("form [type=submit]").last.click()


def test_every_page_works_under_the_policy_with_no_violation(
    live_server,
    browser_page,  # noqa: F811
    roles,  # noqa: F811
):
    from playwright.sync_api import expect

    page, base = browser_page, live_server.url
    page.set_default_timeout(30_000)
    expect.set_options(timeout=20_000)
    violations: list[str] = []
    page.expose_function("cspViolation", lambda text: violations.append(text))
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )

    articles = import_story()
    seed = next(a for a in articles.values() if a.outlet and a.outlet.name == "RT")
    seed.refresh_from_db()
    event = seed.event
    published = Claim.objects.get(article__event=event, exact="Three crew and two officers")
    published.status = Claim.Status.CONFIRMED
    published.save()
    PublishedVerdictFactory(claim=published)
    open_claim = Claim.objects.filter(article=seed).exclude(pk=published.pk).first()
    UserFactory(username="alice", role="Reviewer")
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", "root@example.org", "root-pass-123")

    # Reviewer: queue, article review with the selection toolbar, claim review with preview.
    log_in(page, base, "alice")
    expect(page.locator("main")).to_be_visible()
    page.goto(f"{base}/review/")
    page.goto(f"{base}/review/articles/")
    page.goto(f"{base}/review/articles/{seed.pk}/")
    assert page.evaluate(SELECT_TEXT, "Three crew and two officers")
    expect(page.locator("#selection-toolbar")).to_be_visible()
    page.goto(f"{base}/review/claims/{open_claim.pk}/")
    page.locator("#verdict-form textarea[name=rationale]").fill("Both sources say **five**.")
    expect(page.locator("#rationale-preview strong")).to_have_text("five")
    page.goto(f"{base}/review/events/")
    page.goto(f"{base}/review/events/{event.pk}/")
    expect(page.locator("svg.figures-chart__svg").first).to_be_visible()
    page.goto(f"{base}/review/approvals/")
    page.goto(f"{base}/review/articles/new/")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Log out")).click()

    # The public site.
    for path in ("/", "/claims/", "/claims/?q=helicopter", published.get_absolute_url(),
                 seed.get_absolute_url(), "/corrections/", "/about/"):  # fmt: skip
        page.goto(base + path)
        expect(page.locator("main")).to_be_visible()
    if event.slug:
        page.goto(f"{base}/events/{event.slug}/")

    # The admin: log-in, the index, a changelist with filters, a change form, history.
    log_in(page, base, "root", "root-pass-123", path="/admin/login/?next=/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto(f"{base}/admin/claims/claim/?status__exact=confirmed")
    page.goto(f"{base}/admin/claims/claim/{published.pk}/change/")
    expect(page.locator("#claim_form")).to_be_visible()
    page.goto(f"{base}/admin/articles/article/{seed.pk}/change/")
    page.goto(f"{base}/admin/claims/claim/{published.pk}/history/")
    page.goto(f"{base}/admin/axes/accessattempt/")

    # The API documentation (Swagger UI builds the page in the browser).
    page.goto(f"{base}/api/docs/")
    page.wait_for_selector(".opblock-summary-path")
    page.screenshot(path=str(ARTIFACTS / "api-docs-csp.png"))

    assert violations == [], "\n".join(violations)


def test_every_response_carries_the_security_headers(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "img-src 'self' data:",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    for path in ("/accounts/login/", "/api/v1/claims/", "/review/", "/admin/login/", "/nope/"):
        assert "object-src 'none'" in client.get(path)["Content-Security-Policy"], path
