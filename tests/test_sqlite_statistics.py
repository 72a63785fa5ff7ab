"""A production SQLite file gets planner statistics without anyone running ANALYZE."""

import sqlite3
import time

import pytest

from config.sqlite3.base import DatabaseWrapper


def open_database(path) -> DatabaseWrapper:
    return DatabaseWrapper(
        {
            "NAME": str(path),
            "ENGINE": "config.sqlite3",
            "OPTIONS": {"timeout": 5},
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
        }
    )


@pytest.fixture(autouse=True)
def own_files(django_db_blocker):
    """These tests open their own database files, not the test database."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def filled(tmp_path):
    """A file with an indexed table of 20,000 rows that was never analysed."""
    path = tmp_path / "claims.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE claim (id INTEGER PRIMARY KEY, status TEXT, text TEXT)")
    raw.execute("CREATE INDEX claim_status ON claim (status)")
    raw.executemany(
        "INSERT INTO claim (status, text) VALUES (?, ?)",
        ((("draft", "published")[i % 2], f"claim {i}") for i in range(20_000)),
    )
    raw.commit()
    raw.close()
    return path


def statistics(path) -> list[tuple[str, str]]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute("SELECT tbl, idx FROM sqlite_stat1").fetchall()
    except sqlite3.OperationalError:  # no such table: never analysed
        return []
    finally:
        raw.close()


def test_a_closing_connection_analyses_the_tables_its_queries_used(filled):
    assert statistics(filled) == []
    database = open_database(filled)
    with database.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claim WHERE status = %s", ["published"])
        assert cursor.fetchone() == (10_000,)
    database.close()
    assert ("claim", "claim_status") in statistics(filled)


def test_a_connection_that_read_nothing_analyses_nothing(filled):
    database = open_database(filled)
    database.ensure_connection()
    database.close()
    assert statistics(filled) == []


def test_closing_never_waits_for_another_writers_lock(filled):
    database = open_database(filled)
    with database.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claim WHERE status = %s", ["draft"])
    writer = sqlite3.connect(filled)
    writer.execute("BEGIN IMMEDIATE")
    started = time.perf_counter()
    database.close()  # the 5 s lock timeout does not apply: the analysis is left for later
    assert time.perf_counter() - started < 1
    writer.rollback()
    writer.close()
    assert statistics(filled) == []
    assert database.connection is None
