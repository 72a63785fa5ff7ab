"""The API documentation page renders in a real browser from the project's own files."""

from urllib.parse import urlsplit

import pytest

from tests.browser import ARTIFACTS, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]


def test_swagger_ui_lists_the_operations_without_leaving_the_site(live_server, browser_page):
    page = browser_page
    # Swagger UI builds the page from the schema in the browser: slow on a busy machine.
    page.set_default_timeout(30_000)
    host = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            urlsplit(request.url).netloc not in (host, "") and elsewhere.append(request.url)
        ),
    )
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/claims/" in path for path in paths)
    assert len(paths) >= 20
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=False)
    assert elsewhere == []
