"""The API under four eyes after publication: writes to a published fact-check answer
202 with the pending change, which an editor other than its author approves through
/api/v1/changes/; the public sees nothing of it until then."""

from __future__ import annotations

import pytest

from claims.models import Correction, Evidence, PendingChange

from .conftest import SECRETS, results

pytestmark = pytest.mark.django_db


def test_reviewer_new_source_on_a_published_claim_is_202_and_not_public(
    anon, as_reviewer, as_editor, world
):
    response = as_reviewer.post(
        f"/api/v1/claims/{world.published.pk}/evidence/",
        {"url": "https://phish.example.net/login", "stance": "supports", "title": "Phish"},
        format="json",
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["kind"] == "evidence_add" and body["status"] == "pending"
    assert body["claim"] == world.published.pk and body["proposed_by"] == "alice"
    public = anon.get(f"/api/v1/claims/{world.published.pk}/").json()
    assert [e["source"]["url"] for e in public["evidence"]] != []
    assert all("phish" not in e["source"]["url"] for e in public["evidence"])
    assert not any("phish" in s["url"] for s in results(anon.get("/api/v1/sources/")))

    approved = as_editor.post(f"/api/v1/changes/{body['id']}/approve/", {}, format="json")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved" and approved.json()["decided_by"] == "charlie"
    public = anon.get(f"/api/v1/claims/{world.published.pk}/").json()
    assert any("phish" in e["source"]["url"] for e in public["evidence"])
    assert Correction.objects.get().note.startswith("Source added: “Phish”")


def test_claimant_change_of_a_published_claim_is_202(as_reviewer, anon, world):
    response = as_reviewer.patch(
        f"/api/v1/claims/{world.published.pk}/",
        {"claimant": world.hidden_claimant.pk, "quantity": {"min": 4}},
        format="json",
    )
    assert response.status_code == 202, response.content
    assert response.json()["proposed"] == {"claimant": world.hidden_claimant.pk, "count_min": 4}
    world.published.refresh_from_db()
    assert world.published.claimant == world.claimant
    assert (
        SECRETS["hidden_claimant"]
        not in anon.get(f"/api/v1/claims/{world.published.pk}/").content.decode()
    )


def test_the_author_of_a_change_cannot_approve_it(as_editor, editor, world):
    response = as_editor.patch(
        f"/api/v1/claims/{world.published.pk}/", {"quantity": {"min": 4}}, format="json"
    )
    assert response.status_code == 202
    change = response.json()["id"]
    refused = as_editor.post(f"/api/v1/changes/{change}/approve/", {}, format="json")
    assert refused.status_code == 403
    assert "another editor must approve it" in refused.json()["detail"]
    assert PendingChange.objects.get(pk=change).status == "pending"


def test_reviewers_list_changes_and_the_public_cannot(anon, as_reviewer, as_other_editor, world):
    as_reviewer.patch(
        f"/api/v1/claims/{world.published.pk}/", {"quantity": {"min": 4}}, format="json"
    )
    assert anon.get("/api/v1/changes/").status_code == 401
    listed = results(as_reviewer.get("/api/v1/changes/"))
    assert [c["kind"] for c in listed] == ["claim"]
    # A reviewer cannot approve; an editor rejects with a reason.
    change = listed[0]["id"]
    assert as_reviewer.post(f"/api/v1/changes/{change}/approve/", {}).status_code == 403
    rejected = as_other_editor.post(
        f"/api/v1/changes/{change}/reject/", {"note": "Still five."}, format="json"
    )
    assert rejected.status_code == 200
    assert rejected.json()["decision_note"] == "Still five."
    assert results(as_reviewer.get("/api/v1/changes/")) == []


def test_removing_the_last_source_of_a_published_claim_is_refused(as_reviewer, world):
    evidence = world.published.evidence.get()
    response = as_reviewer.delete(f"/api/v1/claims/{world.published.pk}/evidence/{evidence.pk}/")
    assert response.status_code == 400
    assert "last source of a published verdict" in response.json()["detail"]
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_removing_a_source_of_a_draft_claim_is_204(as_reviewer, anon, world):
    evidence = world.draft_claim.evidence.get()
    url = f"/api/v1/claims/{world.draft_claim.pk}/evidence/{evidence.pk}/"
    assert anon.delete(url).status_code == 401
    assert as_reviewer.delete(url).status_code == 204
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert as_reviewer.delete(url).status_code == 404


def test_removing_one_of_two_sources_of_a_published_claim_is_202(as_reviewer, world):
    from tests.factories import EvidenceFactory

    extra = EvidenceFactory(claim=world.published)
    response = as_reviewer.delete(f"/api/v1/claims/{world.published.pk}/evidence/{extra.pk}/")
    assert response.status_code == 202
    assert response.json()["kind"] == "evidence_remove"
    assert Evidence.objects.filter(pk=extra.pk).exists()


def test_submitting_without_a_source_is_refused(as_reviewer, world):
    verdict = world.submitted
    verdict.status = "draft"
    verdict.save()
    response = as_reviewer.post(
        f"/api/v1/verdicts/{verdict.pk}/submit/", {"version": verdict.version}, format="json"
    )
    assert response.status_code == 400
    assert "Attach at least one source" in response.json()["detail"]
