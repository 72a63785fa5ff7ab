"""Django's PostgreSQL backend, with a health check that costs no round trip while
the connection is quiet.

With ``CONN_HEALTH_CHECKS`` (on whenever connections are kept), Django sends
``SELECT 1`` before the first query of every request, so a connection the server
dropped since the last request is replaced instead of failing that request. The
round trip cost about a tenth of a millisecond of server and client time on every
page. A server that ends a connection (a restart, ``pg_terminate_backend``,
``idle_session_timeout``, a pooler going away) tells the client: a last message, then
the end of the stream. Until then nothing arrives on an idle connection. So the
check looks at the socket first, without waiting: an idle connection with nothing to
read is sound as far as ``SELECT 1`` could tell, and anything else (data waiting,
a transaction left open, a closed or broken connection) gets Django's own check.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus

# Whatever the server may have sent: data, an urgent message, an error or a hang-up.
_ANY_EVENT = select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and self.quiet()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def quiet(self) -> bool:
        """True when the connection is open, idle and nothing came from the server."""
        raw = self.connection
        if raw is None or raw.closed or raw.broken:
            return False
        if raw.info.transaction_status != TransactionStatus.IDLE:
            return False
        poller = select.poll()
        try:
            poller.register(raw.fileno(), _ANY_EVENT)
        except (OSError, ValueError):
            return False
        return not poller.poll(0)
