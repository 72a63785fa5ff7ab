"""The claim list's statement keeps the shape that makes its cost independent of the data.

A page reads the claims it shows in index order and stops after them; sorting every
visible claim first, or planning the statement on every request, cost nothing with a
few claims and seconds or milliseconds at a million, so these tests pin the plan (with
the planner's statistics scaled up) and the parameters instead of timing the page.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import pytest
from django.db import connection

from claims.models import Claim
from tests.api.conftest import token_client
from tests.factories import ClaimFactory, PublishedVerdictFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(reviewer):
    """Published and draft claims, so the public and reviewers see different lists."""
    for _ in range(4):
        PublishedVerdictFactory(claim=ClaimFactory())
        VerdictFactory(claim=ClaimFactory(), author=reviewer)


def cursor(position: int, *, back: bool = False) -> str:
    token = urlencode({"p": str(position), **({"r": "1"} if back else {})})
    return base64.b64encode(token.encode()).decode()


def page_statement(client, params: dict) -> tuple[str, tuple]:
    """The claim list's first statement, and the values it binds, for this request."""
    seen = []

    def record(execute, sql, values, many, context):
        seen.append((sql, tuple(values or ())))
        return execute(sql, values, many, context)

    with connection.execute_wrapper(record):
        assert client.get("/api/v1/claims/", params).status_code == 200
    return next((sql, values) for sql, values in seen if '"claims_claimrelay"' in sql)


def pages() -> dict[str, dict]:
    middle = Claim.objects.published().order_by("id").values_list("id", flat=True)[2]
    return {
        "first": {"page_size": 2},
        "next": {"cursor": cursor(middle)},
        "previous": {"cursor": cursor(middle, back=True)},
    }


@pytest.mark.parametrize("as_reviewer", [False, True], ids=["anonymous", "reviewer"])
@pytest.mark.parametrize("page", ["first", "next", "previous"])
def test_unfiltered_claim_list_binds_no_values(claims, reviewer, as_reviewer, page):
    """Its whole numbers are written in, so PostgreSQL plans it for them (a generic plan
    guessed the limit and replanned the list on every request at a million claims)."""
    client = token_client(reviewer if as_reviewer else None)
    sql, values = page_statement(client, pages()[page])
    assert values == ()
    assert "LIMIT " in sql


def test_filtered_claim_list_binds_its_values(claims):
    _, values = page_statement(token_client(), {"kind": "casualty", "page_size": 2})
    assert "casualty" in values
    assert 3 in values  # the limit: one more than the page, to know whether there is a next


def at_scale(cursor, factor: int = 100_000) -> None:
    """The planner's statistics as if every table held ``factor`` times its rows: every
    count grows, a unique key still names one row (SQLite plans by these numbers)."""
    cursor.execute("ANALYZE")
    cursor.execute("SELECT tbl, idx, stat FROM sqlite_stat1")
    for table, index, stat in cursor.fetchall():
        scaled = " ".join(n if n == "1" else str(int(n) * factor) for n in stat.split(" "))
        cursor.execute(
            "UPDATE sqlite_stat1 SET stat = %s WHERE tbl = %s AND idx IS %s", [scaled, table, index]
        )
    cursor.execute("ANALYZE sqlite_schema")  # read the statistics again


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize("as_reviewer", [False, True], ids=["anonymous", "reviewer"])
@pytest.mark.parametrize("page", ["first", "next", "previous"])
def test_claim_list_reads_claims_in_index_order(claims, reviewer, as_reviewer, page):
    client = token_client(reviewer if as_reviewer else None)
    sql, values = page_statement(client, pages()[page])
    with connection.cursor() as cursor:
        at_scale(cursor)
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", values)
        steps = cursor.fetchall()
    # The statement's own steps (a subquery may sort the few verdicts of one claim).
    plan = [detail for _, parent, _, detail in steps if parent == 0]
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
    # Claims read first, in the order of the page: the reviewers' by id, the public's by
    # their published verdicts' claim ids.
    assert plan[0].startswith(("SCAN c", "SEARCH c") if as_reviewer else ("SCAN v", "SEARCH v"))
