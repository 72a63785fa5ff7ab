"""PostgreSQL timestamps read by psycopg's own loader, not parsed again in Python.

Django reads every ``timestamptz`` with a loader of its own: psycopg's pure-Python
parser, then ``replace(tzinfo=…)`` to put the database connection's time zone on it
(``django.db.backends.postgresql.psycopg_any.BaseTzLoader``). That costs about 3 µs a
value (0.4 µs in psycopg's C loader): an API page of 100 claims reads
some 200 of them. When the session's time zone is UTC, as Django sets it whenever
``USE_TZ`` is on and the database has no ``TIME_ZONE`` of its own, psycopg's loader
(in C when the extension is there) gives the same datetimes with ``timezone.utc``
already on them, so this module registers it on each new connection. Anything else
keeps Django's loader.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.db.backends.signals import connection_created


def connect_signals() -> None:
    connection_created.connect(use_psycopg_timestamps, dispatch_uid="config.postgresql")


def use_psycopg_timestamps(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Read this connection's ``timestamptz`` values with psycopg's loader when it
    gives what Django's would: the session in UTC and Django wanting ``timezone.utc``."""
    if connection.vendor != "postgresql" or connection.timezone is not datetime.UTC:
        return
    raw = connection.connection
    if raw.info.parameter_status("TimeZone") != "UTC":
        return
    raw.adapters.register_loader("timestamptz", _utc_loader())


@functools.cache
def _utc_loader() -> type:
    """psycopg's text ``timestamptz`` loader (its C one when installed) behind a class
    that carries the time zone Django compares each new cursor's loader against
    (``DatabaseWrapper.create_cursor``), so no cursor registers Django's again. The C
    class cannot be subclassed: each instance hands psycopg the C loader's own
    ``load``, which psycopg then calls for every value."""
    import psycopg
    from psycopg.adapt import Loader
    from psycopg.pq import Format

    base = psycopg.adapters.get_loader(psycopg.postgres.types["timestamptz"].oid, Format.TEXT)

    class UtcTimestamptzLoader(Loader):
        timezone = datetime.UTC

        def __init__(self, oid: int, context: Any = None) -> None:
            super().__init__(oid, context)
            self.load = base(oid, context).load  # type: ignore[method-assign]

        def load(self, data: Any) -> datetime.datetime:  # replaced in __init__
            raise NotImplementedError

    return UtcTimestamptzLoader
