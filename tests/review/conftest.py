import importlib

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

from articles.services import article_import
from claims.models import Claim
from tests.browser import browser_page  # noqa: F401 - the fixture review_browser wraps
from tests.conftest import SEED_PATH
from tests.factories import ClaimFactory
from tests.pageserver import page_server  # noqa: F401 - the fixture, for import by URL


@pytest.fixture
def seed_article(db):
    """The seed wire story, imported the way reviewers import it."""
    return article_import(
        raw=SEED_PATH.read_bytes(), filename=SEED_PATH.name, outlet_name="RT"
    ).article


@pytest.fixture
def candidate(article):
    """An extracted casualty candidate on "Three crew and two officers"."""
    return ClaimFactory(
        article=article, status=Claim.Status.CANDIDATE, origin=Claim.Origin.EXTRACTED
    )


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


# How long a browser step may take before the test fails. Generous, for a busy
# two-core machine running other suites at the same time; bounded, so a real hang
# still fails within a minute. Tests wait for conditions (a message shown, a url
# reached), never for a fixed time.
BROWSER_TIMEOUT_MS = 30_000  # actions and navigations
EXPECT_TIMEOUT_MS = 20_000  # expect(...) assertions (Playwright's own default is 5 s)
PLAYWRIGHT_EXPECT_DEFAULT_MS = 5_000


@pytest.fixture
def review_browser(browser_page):  # noqa: F811 - the imported fixture
    """``browser_page`` with generous, bounded timeouts; closes the test's database
    connections afterwards.

    Django keeps connections per context, and under Playwright's sync API
    (greenlets) the test body ends up with a connection of its own; left open,
    it keeps PostgreSQL from dropping the test database at the end of the run.
    """
    from playwright.sync_api import expect

    browser_page.context.set_default_timeout(BROWSER_TIMEOUT_MS)
    browser_page.set_default_timeout(BROWSER_TIMEOUT_MS)
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    try:
        yield browser_page
    finally:
        expect.set_options(timeout=PLAYWRIGHT_EXPECT_DEFAULT_MS)
        connections.close_all()


def new_browser_page(context):
    """A page in another browser context, with the same timeouts as ``review_browser``."""
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    return page


@pytest.fixture
def roles(transactional_db):
    """The Reviewer and Editor groups, made again by their own data migration.

    A transactional test's flush deletes the rows data migrations made; live
    server tests run that way, so they need the roles restored.
    """
    migration = importlib.import_module("claims.migrations.0002_roles")
    state = MigrationExecutor(connection).loader.project_state(("claims", "0002_roles"))
    migration.create_roles(state.apps, None)
