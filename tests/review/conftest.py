import importlib

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

from articles.services import article_import
from claims.models import Claim
from tests.browser import browser_page  # noqa: F401 - the fixture review_browser wraps
from tests.conftest import SEED_PATH
from tests.factories import ClaimFactory


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


@pytest.fixture
def review_browser(browser_page):  # noqa: F811 - the imported fixture
    """``browser_page`` that closes the test's database connections afterwards.

    Django keeps connections per context, and under Playwright's sync API
    (greenlets) the test body ends up with a connection of its own; left open,
    it keeps PostgreSQL from dropping the test database at the end of the run.
    """
    yield browser_page
    connections.close_all()


@pytest.fixture
def roles(transactional_db):
    """The Reviewer and Editor groups, made again by their own data migration.

    A transactional test's flush deletes the rows data migrations made; live
    server tests run that way, so they need the roles restored.
    """
    migration = importlib.import_module("claims.migrations.0002_roles")
    state = MigrationExecutor(connection).loader.project_state(("claims", "0002_roles"))
    migration.create_roles(state.apps, None)
