"""PostgreSQL timestamps are read by psycopg's own loader (config.postgresql) and come
out exactly as Django's loader gives them."""

import datetime

import pytest
from django.db import connection

from config import postgresql

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's driver"),
]

VALUES = """
SELECT t FROM (VALUES
  ('2026-12-07 09:16:55.925752+00'::timestamptz),
  ('2026-06-07 23:59:59.1+02'::timestamptz),
  ('2020-02-29 12:00:00-09:30'::timestamptz),
  ('0001-01-01 00:00:00+00'::timestamptz),
  ('9999-12-31 23:59:59.999999+00'::timestamptz),
  (NULL::timestamptz)
) v(t)
"""


def _timestamptz_loader():
    from psycopg.pq import Format

    return connection.connection.adapters.get_loader(1184, Format.TEXT)


def test_a_new_connection_reads_timestamps_with_psycopgs_loader():
    connection.ensure_connection()
    assert _timestamptz_loader() is postgresql._utc_loader()


def test_timestamps_are_the_ones_djangos_loader_reads():
    from django.db.backends.postgresql.psycopg_any import register_tzloader

    with connection.cursor() as cursor:
        cursor.execute(VALUES)
        ours = [value for (value,) in cursor.fetchall()]
    with connection.cursor() as cursor:
        register_tzloader(datetime.UTC, cursor.cursor)  # Django's, on this cursor
        cursor.execute(VALUES)
        djangos = [value for (value,) in cursor.fetchall()]
    assert ours == djangos
    assert [value and (value.isoformat(), value.tzinfo) for value in ours] == [
        value and (value.isoformat(), value.tzinfo) for value in djangos
    ]
    assert all(value.tzinfo is datetime.UTC for value in ours[:-1])
    assert ours[1] == datetime.datetime(2026, 6, 7, 21, 59, 59, 100000, tzinfo=datetime.UTC)


def test_a_session_in_another_time_zone_keeps_djangos_loader():
    from django.db.backends.postgresql.psycopg_any import register_tzloader

    connection.ensure_connection()
    raw = connection.connection
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'Europe/Paris'")
    register_tzloader(datetime.UTC, raw)
    djangos = _timestamptz_loader()
    postgresql.use_psycopg_timestamps(None, connection)
    assert _timestamptz_loader() is djangos
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
    postgresql.use_psycopg_timestamps(None, connection)
    assert _timestamptz_loader() is postgresql._utc_loader()
