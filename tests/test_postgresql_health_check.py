"""A kept PostgreSQL connection is checked before each request's first query without
a round trip while it is quiet (config.backends.postgresql), and one the server
ended is still replaced before that query fails."""

import time

import pytest
from django.db import connection, connections

from claims.models import Claim

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
]


@pytest.fixture
def kept(monkeypatch):
    """The connection as a server keeps it between requests (the tests' settings
    close it after each), with every round trip of Django's own check counted."""
    wrapper = connections["default"]
    wrapper.ensure_connection()
    monkeypatch.setattr(wrapper, "health_check_enabled", True)
    monkeypatch.setattr(wrapper, "close_at", None)
    checks = []
    usable = wrapper.is_usable

    def counted() -> bool:
        checks.append(1)
        return usable()

    monkeypatch.setattr(wrapper, "is_usable", counted)
    return checks


def next_request() -> None:
    # What Django does when a request starts (close_old_connections).
    connection.close_if_unusable_or_obsolete()


def test_a_quiet_connection_is_used_without_a_round_trip(kept):
    raw = connection.connection
    next_request()

    assert Claim.objects.count() == 0

    assert kept == []
    assert connection.connection is raw


def test_a_connection_the_server_ended_is_replaced_before_the_first_query(kept):
    raw = connection.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    import psycopg

    settings = connection.get_connection_params()
    settings.pop("cursor_factory", None)
    settings.pop("prepare_threshold", None)
    with psycopg.connect(**settings, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    _wait_until_readable(raw)
    next_request()

    assert Claim.objects.count() == 0

    assert kept == [1]
    assert connection.connection is not raw


def test_a_transaction_left_open_gets_djangos_check(kept):
    raw = connection.connection
    raw.execute("BEGIN")
    try:
        connection.health_check_done = False

        connection.close_if_health_check_failed()

        assert kept == [1]
    finally:
        raw.execute("ROLLBACK")


def test_a_closed_connection_is_not_quiet():
    connection.ensure_connection()
    connection.connection.close()
    try:
        assert not connection.quiet()
    finally:
        connection.close()


def _wait_until_readable(raw, seconds: float = 5.0) -> None:
    import select

    poller = select.poll()
    poller.register(raw.fileno(), select.POLLIN | select.POLLHUP)
    deadline = time.monotonic() + seconds
    while not poller.poll(50):
        assert time.monotonic() < deadline, "the server did not end the connection"
