import pytest

from claims.models import Verdict
from tests.api.conftest import SECRETS, ids, results
from tests.factories import EvidenceFactory, VerdictFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/verdicts/"


def url(verdict, step: str = "") -> str:
    return f"/api/v1/verdicts/{verdict.pk}/" + (f"{step}/" if step else "")


# ------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------
def test_anonymous_sees_only_published_verdicts_without_reviewer_fields(anon, world):
    (row,) = results(anon.get(LIST))
    assert row["id"] == world.verdict.pk
    assert row["url"] == f"http://testserver{world.published.get_absolute_url()}"
    assert row["claim"] == world.published.pk
    assert row["corrections"] == []
    assert not {"status", "version", "author", "approved_by", "review_note", "stale"} & set(row)


def test_anonymous_cannot_fetch_draft_or_submitted_verdicts(anon, world):
    assert anon.get(url(world.draft)).status_code == 404
    assert anon.get(url(world.submitted)).status_code == 404
    assert anon.get(LIST, {"status": "draft"}).json()["results"] == []


@pytest.mark.parametrize("client_name", ["as_reviewer", "as_other_reviewer", "as_editor"])
def test_reviewers_see_every_verdict_with_its_version(request, client_name, world):
    client = request.getfixturevalue(client_name)
    assert ids(client.get(LIST)) == {world.verdict.pk, world.draft.pk, world.submitted.pk}
    row = client.get(url(world.draft)).json()
    assert row["status"] == "draft" and row["version"] == world.draft.version
    assert row["review_note"] == SECRETS["review_note"]
    assert row["author"] == "alice" and row["approved_by"] is None and row["url"] is None


def test_reviewers_filter_verdicts_by_status_and_claim(as_reviewer, world):
    assert ids(as_reviewer.get(LIST, {"status": "submitted"})) == {world.submitted.pk}
    assert ids(as_reviewer.get(LIST, {"claim": world.draft_claim.pk})) == {world.draft.pk}


# ------------------------------------------------------------------------------
# The workflow
# ------------------------------------------------------------------------------
def test_reviewer_starts_a_verdict(as_reviewer, reviewer, world):
    world.draft.delete()
    response = as_reviewer.post(
        LIST,
        {"claim": world.draft_claim.pk, "rating": "misattributed", "rationale": "Not Peskov."},
        format="json",
    )
    assert response.status_code == 201, response.content
    verdict = Verdict.objects.get(pk=response.json()["id"])
    assert (verdict.author, verdict.status, verdict.rating) == (reviewer, "draft", "misattributed")
    assert response.json()["version"] == 1


def test_starting_a_second_verdict_is_a_409_with_the_current_one(as_reviewer, world):
    response = as_reviewer.post(
        LIST, {"claim": world.draft_claim.pk, "rating": "false"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["current"]["id"] == world.draft.pk
    assert body["current"]["version"] == world.draft.version
    assert Verdict.objects.filter(claim=world.draft_claim).count() == 1


def test_saving_a_draft_bumps_the_version(as_other_reviewer, world):
    response = as_other_reviewer.post(
        url(world.draft, "draft"),
        {"rating": "mostly-true", "rationale": "Edited.", "version": world.draft.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    world.draft.refresh_from_db()
    assert world.draft.rating == "mostly-true" and world.draft.version == 2
    assert response.json()["version"] == 2


def test_stale_draft_save_is_a_409_with_the_current_state(as_reviewer, as_other_reviewer, world):
    start = world.draft.version
    first = as_other_reviewer.post(
        url(world.draft, "draft"),
        {"rating": "mixed", "rationale": "Bob's edit", "version": start},
        format="json",
    )
    assert first.status_code == 200
    stale = as_reviewer.post(
        url(world.draft, "draft"),
        {"rating": "false", "rationale": "Alice's edit", "version": start},
        format="json",
    )
    assert stale.status_code == 409
    body = stale.json()
    assert "Someone else changed this verdict" in body["detail"]
    assert body["current"]["rationale"] == "Bob's edit"
    assert body["current"]["version"] == start + 1
    world.draft.refresh_from_db()
    assert world.draft.rationale == "Bob's edit"


def test_submit_then_editor_publishes(as_reviewer, as_editor, editor, world):
    EvidenceFactory(claim=world.draft_claim)
    response = as_reviewer.post(url(world.draft, "submit"), {"version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    response = as_editor.post(url(world.draft, "publish"), {"version": 2}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["verdict"]["status"] == "published" and body["verdict"]["version"] == 3
    assert body["warnings"] == []
    world.draft.refresh_from_db()
    assert world.draft.status == "published" and world.draft.approved_by == editor


def test_publishing_a_casualty_with_one_source_asks_for_a_reason_first(as_editor, world):
    EvidenceFactory(claim=world.submitted_claim)
    world.submitted_claim.kind = "casualty"
    world.submitted_claim.save()
    response = as_editor.post(url(world.submitted, "publish"), {"version": 1}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "publish_anyway_required"
    assert "Only 1 independent source" in body["detail"]
    world.submitted.refresh_from_db()
    assert world.submitted.status == "submitted"
    response = as_editor.post(
        url(world.submitted, "publish"),
        {"version": 1, "publish_anyway_reason": "Sole official count."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert "your reason is kept" in response.json()["warnings"][0]
    world.submitted.refresh_from_db()
    assert world.submitted.publish_reason == "Sole official count."


def test_stale_submit_is_a_409(as_reviewer, world):
    response = as_reviewer.post(url(world.draft, "submit"), {"version": 7}, format="json")
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "draft"
    world.draft.refresh_from_db()
    assert world.draft.status == "draft"


def test_reviewer_cannot_publish(as_reviewer, world):
    response = as_reviewer.post(url(world.submitted, "publish"), {"version": 1}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only editors can do this."
    world.submitted.refresh_from_db()
    assert world.submitted.status == "submitted"


def test_editor_cannot_publish_their_own_verdict(as_editor, as_other_editor, editor, world):
    own = VerdictFactory(claim=world.candidate, author=editor, status="submitted")
    EvidenceFactory(claim=world.candidate)
    EvidenceFactory(claim=world.candidate)
    response = as_editor.post(url(own, "publish"), {"version": 1}, format="json")
    assert response.status_code == 403
    assert "cannot approve your own verdict" in response.json()["detail"]
    assert (
        as_other_editor.post(url(own, "publish"), {"version": 1}, format="json").status_code == 200
    )


def test_a_dismissed_claim_gets_no_new_verdict(as_reviewer, world):
    world.draft.delete()
    world.draft_claim.status = "dismissed"
    world.draft_claim.save()
    response = as_reviewer.post(
        LIST, {"claim": world.draft_claim.pk, "rating": "false", "rationale": "No."}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "was dismissed" in response.json()["detail"]
    assert "Restore it" in response.json()["detail"]
    assert not Verdict.objects.filter(claim=world.draft_claim).exists()


def test_a_draft_on_a_dismissed_claim_cannot_be_saved_or_submitted(as_reviewer, world):
    world.draft_claim.status = "dismissed"
    world.draft_claim.save()
    payload = {"version": 1, "rating": "false", "rationale": "Changed my mind."}
    response = as_reviewer.post(url(world.draft, "draft"), payload, format="json")
    assert response.status_code == 400 and "was dismissed" in response.json()["detail"]
    response = as_reviewer.post(url(world.draft, "submit"), {"version": 1}, format="json")
    assert response.status_code == 400 and "was dismissed" in response.json()["detail"]
    world.draft.refresh_from_db()
    assert (world.draft.status, world.draft.version, world.draft.rationale) == (
        "draft",
        1,
        SECRETS["draft_rationale"],
    )


def test_publishing_the_verdict_of_a_dismissed_claim_is_refused_not_a_restore(
    as_reviewer, as_editor, world
):
    EvidenceFactory(claim=world.submitted_claim)
    claim_url = f"/api/v1/claims/{world.submitted_claim.pk}/"
    assert as_reviewer.post(claim_url + "dismiss/").status_code == 200
    response = as_editor.post(url(world.submitted, "publish"), {"version": 1}, format="json")
    assert response.status_code == 400, response.content
    assert "restore the claim before its verdict can be published" in response.json()["detail"]
    world.submitted.refresh_from_db()
    world.submitted_claim.refresh_from_db()
    assert world.submitted.status == "submitted"
    assert world.submitted_claim.status == "dismissed"
    # Restored by a reviewer, it can be published.
    assert as_reviewer.post(claim_url + "confirm/").status_code == 200
    response = as_editor.post(url(world.submitted, "publish"), {"version": 1}, format="json")
    assert response.status_code == 200, response.content


def test_publishing_without_evidence_is_refused(as_editor, world):
    response = as_editor.post(url(world.submitted, "publish"), {"version": 1}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Attach at least one source before publishing."


def test_editor_sends_back_with_a_note(as_editor, world):
    response = as_editor.post(
        url(world.submitted, "send-back"),
        {"version": 1, "note": "Cite the ministry."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft"
    assert response.json()["review_note"] == "Cite the ministry."
    world.submitted.refresh_from_db()
    assert world.submitted.status == "draft" and world.submitted.version == 2


def test_send_back_needs_a_note_and_an_editor(as_editor, as_reviewer, world):
    response = as_editor.post(
        url(world.submitted, "send-back"), {"version": 1, "note": "  "}, format="json"
    )
    assert response.status_code == 400
    assert "note" in response.json()["errors"]
    response = as_reviewer.post(
        url(world.submitted, "send-back"), {"version": 1, "note": "x"}, format="json"
    )
    assert response.status_code == 403


def test_anonymous_cannot_touch_the_workflow_and_learns_nothing(anon, world):
    for verdict in (world.draft, world.submitted):
        for step in ("draft", "submit", "publish", "send-back"):
            response = anon.post(url(verdict, step), {"version": 1}, format="json")
            assert response.status_code == 401
            assert SECRETS["draft_rationale"] not in response.content.decode()
    world.submitted.refresh_from_db()
    assert world.submitted.status == "submitted"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "version"),
        ({"version": "one"}, "version"),
        ({"version": 0}, "version"),
        ({"version": 10**30}, "version"),
        ({"version": True}, "version"),
        ({"version": None}, "version"),
        ({"version": 1.5}, "version"),
    ],
)
def test_verdict_writes_need_a_valid_version(as_reviewer, world, payload, field):
    response = as_reviewer.post(url(world.draft, "submit"), payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"claim": 10**9, "rating": "true"}, "claim"),
        ({"claim": "x", "rating": "true"}, "claim"),
        ({"rating": "true"}, "claim"),
        ({"claim": 1, "rating": "pants-on-fire"}, "rating"),
        ({"claim": 1, "rating": "true", "rationale": 5 * ["list"]}, "rationale"),
    ],
)
def test_invalid_new_verdicts_are_400(as_reviewer, world, payload, field):
    response = as_reviewer.post(LIST, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


def test_a_misspelt_rating_does_not_start_a_verdict_with_the_default(as_reviewer, world):
    payload = {"claim": world.candidate.pk, "rating": "true", "ratting": "false"}
    response = as_reviewer.post(LIST, payload, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "ratting: Unknown field; the fields are: claim, rating, rationale."
    )
    assert not Verdict.objects.filter(claim=world.candidate).exists()


def test_a_misspelt_version_is_refused(as_reviewer, world):
    response = as_reviewer.post(url(world.draft, "submit"), {"vesion": 1}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"vesion", "version"}
    world.draft.refresh_from_db()
    assert world.draft.status == Verdict.Status.DRAFT


def test_a_form_post_is_told_to_send_json(as_reviewer, world):
    response = as_reviewer.post(url(world.draft, "submit"), {"version": world.draft.version})
    assert response.status_code == 415
    assert response.json()["detail"].endswith(" Send application/json.")
    world.draft.refresh_from_db()
    assert world.draft.status == Verdict.Status.DRAFT
