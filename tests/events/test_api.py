"""Events, matches and flags in the REST API and in the exports."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from claims.models import ClaimFlag, ClaimMatch
from tests.api.conftest import token_client
from tests.events.factories import ClaimFlagFactory, ClaimMatchFactory, EventFactory, named
from tests.factories import ArticleFactory, ClaimFactory, PublishedVerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio():
    """Three reports of one event: the first two published, the third not. The first
    figure disagrees with both others (one flag naming both), the second with the first."""
    event = EventFactory(title="Mi-8 shot down over Idlib")
    claims = [ClaimFactory(article=ArticleFactory(event=event)) for _ in range(3)]
    for claim in claims[:2]:
        PublishedVerdictFactory(claim=claim)
    for other in claims[1:]:
        ClaimMatchFactory(claim_a=claims[0], claim_b=other)
    ClaimFlagFactory(
        claim=claims[0],
        other=claims[1],
        others=named(claims[1], claims[2]),
        message=f"conflicts with {claims[1].pk} and {claims[2].pk}",
    )
    ClaimFlagFactory(claim=claims[1], other=claims[0], message=f"conflicts with {claims[0].pk}")
    ClaimMatchFactory(
        claim_a=claims[1], claim_b=claims[2], status=ClaimMatch.Status.BROKEN
    )  # a reviewer said: not the same
    return event, claims


def get(client, claim) -> dict:
    response = client.get(f"/api/v1/claims/{claim.pk}/")
    assert response.status_code == 200
    return response.json()


def test_reviewers_see_the_event_every_match_and_one_flag_naming_every_other_claim(trio, reviewer):
    event, claims = trio
    row = get(token_client(reviewer), claims[0])
    assert row["event"] == {"id": event.pk, "title": "Mi-8 shot down over Idlib"}
    assert row["matches"] == [claims[1].pk, claims[2].pk]
    assert row["flags"] == [
        {
            "kind": "cross_article",
            "message": f"conflicts with {claims[1].pk} and {claims[2].pk}",
            "others": [claims[1].pk, claims[2].pk],
        }
    ]
    # A broken match is no match.
    assert get(token_client(reviewer), claims[2])["matches"] == [claims[0].pk]


def test_anonymous_callers_see_only_what_links_published_claims(trio):
    event, claims = trio
    row = get(APIClient(), claims[0])
    assert row["event"] == {"id": event.pk, "title": "Mi-8 shot down over Idlib"}
    assert row["matches"] == [claims[1].pk]
    # Its flag names an unpublished claim too: the public does not see it.
    assert row["flags"] == []
    assert get(APIClient(), claims[1])["flags"] == [
        {
            "kind": "cross_article",
            "message": f"conflicts with {claims[0].pk}",
            "others": [claims[0].pk],
        }
    ]
    listed = APIClient().get("/api/v1/claims/").json()["results"]
    assert {r["id"]: r["matches"] for r in listed} == {
        claims[0].pk: [claims[1].pk],
        claims[1].pk: [claims[0].pk],
    }
    assert {r["id"]: len(r["flags"]) for r in listed} == {claims[0].pk: 0, claims[1].pk: 1}


def test_once_every_claim_it_names_is_published_the_public_sees_the_flag(
    trio, django_assert_num_queries
):
    _, claims = trio
    PublishedVerdictFactory(claim=claims[2])
    client = APIClient()
    # 1. claims (+ the verdict shown)  2. evidence  3. matches (either side of the pair)
    # 4. flags whose main other claim is published  5. whether the other claims those
    # flags name are. No claim here has relays or claims inside it: those are not read.
    with django_assert_num_queries(5):
        listed = client.get("/api/v1/claims/").json()["results"]
    flags = {r["id"]: r["flags"] for r in listed}
    assert flags[claims[0].pk][0]["others"] == [claims[1].pk, claims[2].pk]
    assert len(flags[claims[1].pk]) == 1


def test_a_flag_whose_other_claim_is_gone_stays_with_reviewers(trio, reviewer):
    _, claims = trio
    ClaimFlag.objects.filter(claim=claims[1]).update(other=None)
    assert len(get(APIClient(), claims[1])["flags"]) == 0
    assert len(get(token_client(reviewer), claims[1])["flags"]) == 1


def test_a_claim_outside_any_event_has_none(reviewer):
    claim = ClaimFactory()
    row = get(token_client(reviewer), claim)
    assert (row["event"], row["matches"], row["flags"]) == (None, [], [])


def test_export_claims_json_carries_event_matches_and_flags(trio):
    event, claims = trio
    out = StringIO()
    call_command("export_claims", "--format", "json", stdout=out)
    rows = {row["id"]: row for row in json.loads(out.getvalue())}
    assert rows[claims[0].pk]["event"] == {"id": event.pk, "title": event.title}
    assert rows[claims[0].pk]["matches"] == [claims[1].pk, claims[2].pk]
    assert rows[claims[0].pk]["flags"] == [
        {
            "kind": "cross_article",
            "message": f"conflicts with {claims[1].pk} and {claims[2].pk}",
            "others": [claims[1].pk, claims[2].pk],
        }
    ]
    assert rows[claims[2].pk]["flags"] == []


def test_the_csv_export_has_them_as_columns(trio, reviewer):
    event, claims = trio
    response = token_client(reviewer).get("/api/v1/export/claims.csv")
    text = b"".join(response.streaming_content).decode()
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(text))}
    first = rows[claims[0].pk]
    assert first["event_id"] == str(event.pk) and first["event_title"] == event.title
    assert first["matches"] == f"{claims[1].pk} {claims[2].pk}"
    assert first["flags"].startswith("cross_article: conflicts with")
