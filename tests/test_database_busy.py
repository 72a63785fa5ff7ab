"""A writer that cannot get the database's lock is told to retry (503), never a 500.

Another thread holds the write lock, as a long import would, while a reviewer
attaches a source through the review page and through the API.
"""

from __future__ import annotations

import importlib
import threading
from contextlib import contextmanager

import pytest
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Evidence, Source
from config.busy import is_database_busy
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SOURCE = {"url": "https://tass.example/1", "title": "TASS", "publisher": "TASS",
          "kind": "news", "stance": "supports", "note": "checked"}  # fmt: skip


@contextmanager
def write_lock_held_elsewhere():
    """Another thread (another connection) writes and keeps its transaction open."""
    locked, release, failed = threading.Event(), threading.Event(), []

    def hold() -> None:
        try:
            with transaction.atomic():
                Source.objects.create(url="https://lock.example/held", title="held")
                if connection.vendor == "postgresql":
                    # A row lock is per row: take the table, as a long import's writes do.
                    with connection.cursor() as cursor:
                        cursor.execute("LOCK TABLE claims_evidence IN EXCLUSIVE MODE")
                        cursor.execute("LOCK TABLE claims_source IN EXCLUSIVE MODE")
                locked.set()
                release.wait(30)
        except Exception as exc:  # pragma: no cover - reported below
            failed.append(exc)
            locked.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(30)
    assert not failed, failed
    if connection.vendor == "postgresql":
        # PostgreSQL waits for a lock forever unless DATABASE_LOCK_TIMEOUT says otherwise.
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
    try:
        yield
    finally:
        release.set()
        thread.join(30)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = 0")


@pytest.fixture
def roles(transactional_db):
    """The roles, made again by their data migration (a transactional test's flush
    deletes them)."""
    migration = importlib.import_module("claims.migrations.0002_roles")
    state = MigrationExecutor(connection).loader.project_state(("claims", "0002_roles"))
    migration.create_roles(state.apps, None)


@pytest.fixture
def claim_and_reviewer(roles):
    reviewer = UserFactory(username="alice", role="Reviewer")
    return ClaimFactory(), reviewer


def test_attaching_a_source_on_the_review_page_while_locked_is_a_503(claim_and_reviewer):
    claim, reviewer = claim_and_reviewer
    client = Client(raise_request_exception=False)
    client.force_login(reviewer)
    with write_lock_held_elsewhere():
        response = client.post(reverse("review:evidence-add", args=[claim.pk]), SOURCE)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Error 503" in html and "The database is busy" in html and "Nothing was saved" in html
    assert "Traceback" not in html
    assert not Evidence.objects.exists()
    # Once the lock is gone the same request goes through.
    response = client.post(reverse("review:evidence-add", args=[claim.pk]), SOURCE)
    assert response.status_code == 302
    assert Evidence.objects.count() == 1


def test_attaching_a_source_through_the_api_while_locked_is_a_json_503(claim_and_reviewer):
    claim, reviewer = claim_and_reviewer
    client = APIClient(raise_request_exception=False)
    token, _ = Token.objects.get_or_create(user=reviewer)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = f"/api/v1/claims/{claim.pk}/evidence/"
    with write_lock_held_elsewhere():
        response = client.post(url, SOURCE, format="json")
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "database_busy"
    assert "try again" in response.json()["detail"]
    assert not Evidence.objects.exists()
    assert client.post(url, SOURCE, format="json").status_code == 201


def test_reads_keep_working_while_a_writer_holds_the_lock(claim_and_reviewer):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the tests' in-memory SQLite locks readers out; a WAL file does not")
    claim, reviewer = claim_and_reviewer
    client = Client(raise_request_exception=False)
    client.force_login(reviewer)
    with write_lock_held_elsewhere():
        assert client.get(reverse("review:claim", args=[claim.pk])).status_code == 200


def test_only_lock_errors_count_as_busy():
    from django.db import DatabaseError, OperationalError

    assert is_database_busy(OperationalError("database is locked"))
    assert is_database_busy(OperationalError("database table is locked"))
    assert not is_database_busy(OperationalError("no such table: claims_claim"))
    assert not is_database_busy(DatabaseError("database is locked"))
    assert not is_database_busy(ValueError("database is locked"))
