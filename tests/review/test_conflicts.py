"""Two people on one claim: lost updates are refused and the page says what changed."""

import pytest
from django.urls import reverse

from claims.models import Claim, Verdict
from tests.factories import ClaimantFactory, EvidenceFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def verdict_url(claim) -> str:
    return reverse("review:verdict-save", args=[claim.pk])


def edit_url(claim) -> str:
    return reverse("review:claim-edit", args=[claim.pk])


def loaded_form(client, claim) -> dict:
    """The claim details form as the page renders it, hidden fields included."""
    form = client.get(reverse("review:claim", args=[claim.pk])).context["edit_form"]
    return {name: form[name].value() or "" for name in form.fields}


# ------------------------------------------------------------------------------
# Verdicts
# ------------------------------------------------------------------------------
def test_conflict_lists_what_the_colleague_changed_since_my_version(
    client, reviewer, other_reviewer, candidate
):
    draft = VerdictFactory(
        claim=candidate, author=reviewer, rating="true", rationale="Five died, the ministry said."
    )
    client.force_login(other_reviewer)
    client.post(
        verdict_url(candidate),
        {"rating": "mostly-true", "rationale": "Five died, the Defense Ministry said.",
         "verdict": draft.pk, "version": 1, "action": "save"},
    )  # fmt: skip
    client.force_login(reviewer)
    response = client.post(
        verdict_url(candidate),
        {"rating": "false", "rationale": "Mine.", "verdict": draft.pk, "version": 1,
         "action": "save"},
    )  # fmt: skip
    assert response.status_code == 409
    changes = response.context["conflict_changes"]
    assert changes["version"] == 1
    assert changes["rating"] == ("True", "Mostly true")
    assert ("del", "ministry") in changes["rationale"]
    assert ("ins", "Defense Ministry") in changes["rationale"]
    html = response.content.decode()
    assert "What changed since your version 1" in html
    assert "<del>True</del> → <ins>Mostly true</ins>" in html
    draft.refresh_from_db()
    assert (draft.rating, draft.version) == ("mostly-true", 2)


def test_conflict_diff_escapes_the_rationale(client, reviewer, other_reviewer, candidate):
    draft = VerdictFactory(claim=candidate, author=reviewer, rationale="plain")
    client.force_login(other_reviewer)
    client.post(
        verdict_url(candidate),
        {"rating": "true", "rationale": '"><img src=x onerror=alert(1)>', "verdict": draft.pk,
         "version": 1, "action": "save"},
    )  # fmt: skip
    client.force_login(reviewer)
    response = client.post(
        verdict_url(candidate),
        {"rating": "true", "rationale": "x", "verdict": draft.pk, "version": 1, "action": "save"},
    )
    html = response.content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_saving_an_existing_verdict_without_its_version_is_refused(
    as_reviewer, reviewer, candidate
):
    draft = VerdictFactory(claim=candidate, author=reviewer, rationale="theirs", version=3)
    response = as_reviewer.post(
        verdict_url(candidate),
        {"rating": "false", "rationale": "blind overwrite", "verdict": draft.pk, "action": "save"},
    )
    assert response.status_code == 400
    assert "missing the verdict&#x27;s version" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.rationale, draft.version) == ("theirs", 3)


def test_rationale_is_stored_with_unix_line_endings(as_reviewer, candidate):
    EvidenceFactory(claim=candidate)
    as_reviewer.post(
        verdict_url(candidate),
        {"rating": "true", "rationale": "One.\r\n\r\nTwo.", "action": "save"},
    )
    verdict = Verdict.objects.get()
    assert verdict.rationale == "One.\n\nTwo."
    # Submitting the unchanged text (as a browser sends it) submits, without a second save.
    as_reviewer.post(
        verdict_url(candidate),
        {"rating": "true", "rationale": "One.\r\n\r\nTwo.", "verdict": verdict.pk,
         "version": 1, "action": "submit"},
    )  # fmt: skip
    verdict.refresh_from_db()
    assert (verdict.status, verdict.version) == (Verdict.Status.SUBMITTED, 2)


# ------------------------------------------------------------------------------
# Claim details
# ------------------------------------------------------------------------------
def test_claim_details_saved_over_a_colleagues_edit_are_refused(
    client, reviewer, other_reviewer, candidate
):
    ClaimantFactory(name="Dmitry Peskov")
    client.force_login(reviewer)
    mine = loaded_form(client, candidate)
    # bob sets the claimant meanwhile.
    client.force_login(other_reviewer)
    theirs = loaded_form(client, candidate)
    theirs["claimant"] = "Dmitry Peskov"
    assert client.post(edit_url(candidate), theirs).status_code == 302
    # alice saves new numbers from her older form: it would erase bob's claimant.
    client.force_login(reviewer)
    mine.update(count_min=4, count_max=4)
    response = client.post(edit_url(candidate), mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this claim" in html
    assert "<strong>bob</strong>" in html
    assert response.context["claim_conflict"]["changes"] == [("Claimant", "—", "Dmitry Peskov")]
    candidate.refresh_from_db()
    assert candidate.claimant.name == "Dmitry Peskov" and candidate.count_min == 5
    # Her values stay in the form; saving again is now a deliberate choice.
    again = {name: response.context["edit_form"][name].value() or "" for name in mine}
    assert again["count_min"] == "4"
    assert client.post(edit_url(candidate), again).status_code == 302
    candidate.refresh_from_db()
    assert candidate.count_min == 4 and candidate.claimant is None


def test_the_same_change_by_two_reviewers_is_no_conflict(
    client, reviewer, other_reviewer, candidate
):
    client.force_login(reviewer)
    mine = loaded_form(client, candidate)
    client.force_login(other_reviewer)
    theirs = loaded_form(client, candidate)
    theirs["category"] = "aboard"
    client.post(edit_url(candidate), theirs)
    client.force_login(reviewer)
    mine["category"] = "aboard"
    assert client.post(edit_url(candidate), mine).status_code == 302


def test_confirming_or_assigning_meanwhile_is_no_conflict(
    client, reviewer, other_reviewer, candidate
):
    client.force_login(reviewer)
    mine = loaded_form(client, candidate)
    client.force_login(other_reviewer)
    client.post(reverse("review:claim-confirm", args=[candidate.pk]))
    client.post(reverse("review:claim-assign", args=[candidate.pk]), {"assignee": reviewer.pk})
    client.force_login(reviewer)
    mine["count_max"] = 6
    assert client.post(edit_url(candidate), mine).status_code == 302
    candidate.refresh_from_db()
    assert candidate.count_max == 6 and candidate.assigned_to == reviewer


def test_a_tampered_loaded_field_never_breaks_the_page(as_reviewer, candidate):
    data = loaded_form(as_reviewer, candidate)
    for bogus in ["not json", "[1, 2]", '{"kind": 5}']:
        data["loaded"] = bogus
        assert as_reviewer.post(edit_url(candidate), data).status_code == 302


@pytest.mark.parametrize("field", ["count_min", "count_max"])
def test_counts_beyond_what_the_database_holds_are_form_errors(as_reviewer, candidate, field):
    data = loaded_form(as_reviewer, candidate)
    data.update({"count_min": 1, "count_max": 10**12} if field == "count_max" else {})
    data.update({"count_min": 10**12, "count_max": ""} if field == "count_min" else {})
    response = as_reviewer.post(edit_url(candidate), data)
    assert response.status_code == 400
    assert "less than or equal to 2147483647" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.count_max == 5 and candidate.status == Claim.Status.CANDIDATE


def test_a_version_beyond_the_database_range_is_a_form_error(as_reviewer, reviewer, candidate):
    draft = VerdictFactory(claim=candidate, author=reviewer)
    response = as_reviewer.post(
        verdict_url(candidate),
        {"rating": "false", "rationale": "x", "verdict": draft.pk, "version": 10**12,
         "action": "save"},
    )  # fmt: skip
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.rating == "true"
