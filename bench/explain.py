"""EXPLAIN every query the benchmarked pages make, and flag sequential scans of claims.

Usage (against a PostgreSQL benchmark database, e.g. after ``make bench``):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack_bench_1m \\
        .venv/bin/python bench/explain.py

Exits 1 if any query plans a sequential scan of the claims table.
"""

import sys

from inprocess import production_settings, targets

production_settings()


def main() -> int:
    info = targets()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        sys.exit("EXPLAIN plans are only checked on PostgreSQL.")
    reviewer = Client()
    reviewer.force_login(get_user_model().objects.get(username="generated-reviewer"))
    pages = {
        "claim": (Client(), info["claim"]),
        "article": (Client(), info["article"]),
        "queue": (reviewer, info["queue"]),
        "api_20": (Client(), info["api_20"]),
        "api_100": (Client(), info["api_100"]),
        "api_last": (Client(), info["api_last"]),
        "search": (Client(), "/claims/?q=officers"),
        "home": (Client(), "/"),
    }
    bad = 0
    for name, (client, path) in pages.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        print(f"== {name} {path} -> {status}, {len(queries)} queries")
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            seq = [
                line.strip()
                for line in plan.splitlines()
                if "Seq Scan on claims_claim " in line + " "
            ]
            marker = "SEQ SCAN OF CLAIMS" if seq else "ok"
            print(f"  [{marker}] {query['time']}s {sql[:110]}")
            if seq:
                bad += 1
                print("    " + plan.replace("\n", "\n    "))
    print(f"\n{bad} query plan(s) with a sequential scan of claims")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
