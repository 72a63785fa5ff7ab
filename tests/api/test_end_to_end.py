"""The issue's "done when": a script does a whole fact-check through the API with tokens."""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.conftest import SEED_PATH

pytestmark = pytest.mark.django_db


def client_for(username: str) -> APIClient:
    out = StringIO()
    call_command("create_api_token", username, stdout=out)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def test_reviewer_checks_a_claim_and_an_editor_publishes_it(reviewer, editor):
    alice, charlie, public = client_for("alice"), client_for("charlie"), APIClient()

    # 1. Import the seed wire story.
    with SEED_PATH.open("rb") as seed:
        imported = ok(alice.post("/api/v1/articles/import/", {"file": seed, "outlet": "RT"}), 201)
    article_id = imported["article"]["id"]

    # 2. The claims the extractor proposed in it.
    candidates, url = [], f"/api/v1/claims/?article={article_id}&status=candidate"
    while url:  # more than one page of them: follow `next`
        page = ok(alice.get(url))
        candidates, url = candidates + page["results"], page["next"]
    assert len(candidates) >= 10 and all(c["status"] == "candidate" for c in candidates)
    assert {c["kind"] for c in candidates} >= {"casualty", "attribution", "unverified"}
    claim = next(c for c in candidates if c["exact"] == "Three crew and two officers")
    assert claim["quantity"]["min"] == claim["quantity"]["max"] == 5

    # 3. Confirm it, 4. attach evidence, 5. draft and submit a verdict.
    assert ok(alice.post(f"/api/v1/claims/{claim['id']}/confirm/"))["status"] == "confirmed"
    ok(
        alice.post(
            f"/api/v1/claims/{claim['id']}/evidence/",
            {"url": "https://mil.example.ru/aug-1", "stance": "supports", "kind": "official"},
            format="json",
        ),
        201,
    )
    verdict = ok(
        alice.post(
            "/api/v1/verdicts/",
            {"claim": claim["id"], "rating": "true", "rationale": "The ministry confirmed it."},
            format="json",
        ),
        201,
    )
    # Saving the draft again names the version it started from.
    verdict = ok(
        alice.post(
            f"/api/v1/verdicts/{verdict['id']}/draft/",
            {
                "rating": "true",
                "rationale": "The ministry confirmed it.",
                "version": verdict["version"],
            },
            format="json",
        )
    )
    verdict = ok(
        alice.post(
            f"/api/v1/verdicts/{verdict['id']}/submit/",
            {"version": verdict["version"]},
            format="json",
        )
    )
    assert verdict["status"] == "submitted"
    # A stale version is a 409 that carries the verdict as it is now.
    stale = alice.post(f"/api/v1/verdicts/{verdict['id']}/submit/", {"version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == verdict["version"]

    # Nothing is public yet.
    assert ok(public.get("/api/v1/claims/"))["results"] == []

    # 6. The editor publishes it: one source for a casualty figure asks why first.
    asked = charlie.post(
        f"/api/v1/verdicts/{verdict['id']}/publish/", {"version": verdict["version"]}, format="json"
    )
    assert asked.status_code == 400
    assert asked.json()["code"] == "publish_anyway_required"
    published = ok(
        charlie.post(
            f"/api/v1/verdicts/{verdict['id']}/publish/",
            {"version": verdict["version"], "publish_anyway_reason": "The ministry's own count."},
            format="json",
        )
    )
    assert published["verdict"]["status"] == "published"

    # 7. Anonymous readers see exactly that claim, with its verdict.
    (row,) = ok(public.get("/api/v1/claims/"))["results"]
    assert row["id"] == claim["id"] and row["exact"] == claim["exact"]
    assert row["verdict"]["rating"] == "true" and row["verdict"]["label"] == "True"
    assert row["verdict"]["rationale"] == "The ministry confirmed it."
    assert row["verdict"]["published_at"]
    assert row["url"].startswith("http://testserver/claims/")
    assert [e["source"]["url"] for e in row["evidence"]] == ["https://mil.example.ru/aug-1"]
    assert "note" not in row["evidence"][0] and "version" not in row["verdict"]
    feed = ok(public.get("/api/v1/claimreview/"))
    assert [r["url"] for r in feed["dataFeedElement"]] == [row["url"]]
