"""The event pages in a real headless Chromium: the chart draws, without any script."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.models import Claim
from tests.browser import ARTIFACTS, requires_chromium
from tests.events.conftest import import_story
from tests.factories import PublishedVerdictFactory, UserFactory

pytestmark = [pytest.mark.browser, requires_chromium]

PASSWORD = "secret-pass-123"


@pytest.fixture
def roles(transactional_db):
    """The Reviewer and Editor groups, made again by their data migration (a
    transactional test's flush deletes what data migrations made)."""
    migration = importlib.import_module("claims.migrations.0002_roles")
    state = MigrationExecutor(connection).loader.project_state(("claims", "0002_roles"))
    migration.create_roles(state.apps, None)


def test_reviewer_and_public_event_pages_draw_the_chart(live_server, browser_page, roles):
    articles = import_story()
    UserFactory(username="alice", role="Reviewer")
    seed = next(a for a in articles.values() if a.outlet and a.outlet.name == "RT")
    seed.refresh_from_db()
    event = seed.event
    for exact in ("Three crew and two officers", "Four people on board were killed"):
        claim = Claim.objects.get(article__event=event, exact=exact)
        claim.status = Claim.Status.CONFIRMED
        claim.save()
        PublishedVerdictFactory(claim=claim)

    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/?next=/review/events/{event.pk}/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/review/events/{event.pk}/")
    chart = page.locator("svg.figures-chart__svg").first
    assert chart.is_visible()
    assert chart.bounding_box()["width"] > 300
    # One marker per figure, one legend row per source.
    assert page.locator("#figures-killed-title").text_content().startswith("Killed")
    assert page.locator("svg.figures-chart__svg .figures-chart__mark").count() >= 8
    page.screenshot(path=str(ARTIFACTS / "event-review.png"), full_page=True)

    # The claim page: what does not add up, and who else reported it.
    wire = Claim.objects.get(article__event=event, exact="killing all five crew members on board")
    page.goto(f"{live_server.url}/review/claims/{wire.pk}/")
    # One flag per kind: the other reports summed up, each claim they name linked.
    assert page.locator("#flags > ul > li").count() == 2
    assert page.locator("#flags .flag-others a").count() == 5
    assert page.locator("#also .claim-item").count() >= 3
    page.screenshot(path=str(ARTIFACTS / "event-claim-review.png"), full_page=True)

    page.context.clear_cookies()
    page.goto(live_server.url + event.get_absolute_url())
    assert page.locator("h1").text_content() == event.title
    assert page.locator("svg.figures-chart__svg .figures-chart__mark").count() == 2
    page.screenshot(path=str(ARTIFACTS / "event-public.png"), full_page=True)

    # On a phone the chart keeps a readable size (its frame scrolls sideways).
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + event.get_absolute_url())
    svg = page.locator("svg.figures-chart__svg").first
    assert svg.bounding_box()["width"] >= 500
    tick = page.locator("svg.figures-chart__svg text").first.bounding_box()
    assert tick["height"] >= 11  # pixels: the axis labels stay legible
    frame = page.locator(".figures-chart__frame").first
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth")
    page.screenshot(path=str(ARTIFACTS / "event-public-phone.png"), full_page=True)
