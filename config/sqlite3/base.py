"""Django's SQLite backend, keeping the query planner's statistics fresh.

SQLite plans from the statistics ``ANALYZE`` leaves in ``sqlite_stat1``, and nothing
runs it on a production file: without them the public API list sorted every published
claim on each request at a million claims. ``PRAGMA optimize`` on closing a connection
analyses only the tables that connection's queries used and that were never analysed
or have grown tenfold since, which is nothing most of the time. ``analysis_limit``
bounds one table's analysis to a sample, so the rare run takes milliseconds at any size,
and a closing connection never waits for another writer's lock: it leaves the analysis
to the next one.
"""

from django.db.backends.sqlite3 import base

ANALYSIS_LIMIT = 1000


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        return connection

    def _close(self):
        if self.connection is not None and not self.connection.in_transaction:
            try:
                self.connection.execute("PRAGMA busy_timeout = 0")
                self.connection.execute("PRAGMA optimize")
            except base.Database.Error:
                pass  # another writer holds the lock: a later connection analyses
        super()._close()
