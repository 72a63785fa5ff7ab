"""Four eyes after publication: a change to a published fact-check (its verdict,
claim details, sources) waits for an editor other than its author; until then the
public page, ClaimReview and feeds show the published version, and they change
at once when it is approved."""

from __future__ import annotations

import extruct
import pytest

from claims import services
from claims.models import Claim, Correction, Evidence, PendingChange, Verdict
from tests.factories import (
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    PublishedVerdictFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(editor):
    """A published casualty verdict on a claim with two independent sources."""
    claim = ClaimFactory(claimant=ClaimantFactory(name="Defense Ministry"))
    EvidenceFactory(claim=claim, source=SourceFactory(title="Ministry statement"))
    EvidenceFactory(claim=claim, source=SourceFactory(title="Wire report"))
    return PublishedVerdictFactory(claim=claim, approved_by=editor)


def claimreview(client, claim: Claim) -> dict:
    """The ClaimReview of the claim's public page, and the same item of the data feed."""
    page = client.get(claim.get_absolute_url())
    assert page.status_code == 200
    data = extruct.extract(page.content.decode(), syntaxes=["json-ld"], uniform=True)
    [review] = [item for item in data["json-ld"] if item.get("@type") == "ClaimReview"]
    feed = client.get("/api/v1/claimreview").json()["dataFeedElement"]
    [item] = [i for i in feed if i["url"].endswith(claim.get_absolute_url())]
    assert item["reviewRating"] == review["reviewRating"]
    return review


# ------------------------------------------------------------------------------
# Verdict corrections
# ------------------------------------------------------------------------------
def test_one_editor_correction_of_a_published_rating_waits_for_a_second_editor(
    client, published, editor, other_editor
):
    change = services.verdict_correct(
        verdict=published,
        by=editor,
        rating=Verdict.Rating.MOSTLY_FALSE,
        rationale="Rewritten: the ministry later said four.",
        note="Re-rated after the ministry's update.",
        version=published.version,
    )
    assert isinstance(change, PendingChange)
    published.refresh_from_db()
    assert published.rating == Verdict.Rating.TRUE
    assert not Correction.objects.exists()
    # The public page and its ClaimReview still show the published version.
    assert claimreview(client, published.claim)["reviewRating"]["alternateName"] == "True"
    assert "Rewritten" not in client.get(published.claim.get_absolute_url()).content.decode()

    # The author of the change never approves it, even as an editor.
    with pytest.raises(services.NotAllowed):
        services.change_approve(change=change, by=editor)
    published.refresh_from_db()
    assert published.rating == Verdict.Rating.TRUE

    services.change_approve(change=change, by=other_editor)
    published.refresh_from_db()
    change.refresh_from_db()
    assert published.rating == Verdict.Rating.MOSTLY_FALSE
    assert published.rationale == "Rewritten: the ministry later said four."
    assert change.status == PendingChange.Status.APPROVED
    assert change.decided_by == other_editor
    note = Correction.objects.get(verdict=published)
    assert note.note == "Re-rated after the ministry's update."
    # The public page changes at once (its cache follows the fingerprint).
    assert claimreview(client, published.claim)["reviewRating"]["alternateName"] == "Mostly false"
    page = client.get(published.claim.get_absolute_url()).content.decode()
    assert "Re-rated after the ministry" in page


def test_editor_cannot_approve_a_correction_of_their_own_verdict_proposed_by_them(
    published, editor
):
    # The editor who approved the verdict proposes the correction: still not theirs to approve.
    change = services.verdict_correct(
        verdict=published, by=editor, rating="false", rationale="x", note="n", version=None
    )
    with pytest.raises(services.NotAllowed, match="another editor"):
        services.change_approve(change=change, by=editor)


def test_a_second_correction_waits_until_the_first_is_decided(published, editor, other_editor):
    services.verdict_correct(
        verdict=published, by=editor, rating="false", rationale="a", note="n", version=None
    )
    with pytest.raises(services.ServiceError, match="already waiting"):
        services.verdict_correct(
            verdict=published,
            by=other_editor,
            rating="mixed",
            rationale="b",
            note="m",
            version=None,
        )


def test_correction_approved_after_the_verdict_moved_on_is_refused(published, editor, other_editor):
    first = services.verdict_correct(
        verdict=published, by=editor, rating="false", rationale="a", note="n", version=None
    )
    services.change_reject(change=first, by=editor)  # taken back by its author
    second = services.verdict_correct(
        verdict=published, by=other_editor, rating="mixed", rationale="b", note="m", version=None
    )
    # Someone edits the verdict meanwhile (the admin bumps its version).
    Verdict.objects.filter(pk=published.pk).update(version=published.version + 5)
    with pytest.raises(services.ServiceError, match="changed since"):
        services.change_approve(change=second, by=editor)
    published.refresh_from_db()
    assert published.rating == Verdict.Rating.TRUE


def test_stale_verdict_recheck_unchanged_is_recorded_by_one_editor(published, editor):
    Verdict.objects.filter(pk=published.pk).update(stale=True)
    published.refresh_from_db()
    result = services.verdict_correct(
        verdict=published,
        by=editor,
        rating=published.rating,
        rationale=published.rationale,
        note="Checked against the new wording.",
        version=published.version,
    )
    assert isinstance(result, Verdict)
    assert not result.stale
    assert Correction.objects.get(verdict=published).note == "Checked against the new wording."


def test_a_typo_in_the_public_note_is_fixed_by_one_editor_and_shown_at_once(
    client, published, editor, other_editor
):
    change = services.verdict_correct(
        verdict=published, by=editor, rating="false", rationale="x", note="Re-ratd.", version=None
    )
    services.change_approve(change=change, by=other_editor)
    url = published.claim.get_absolute_url()
    assert "Re-ratd." in client.get(url).content.decode()
    correction = Correction.objects.get()
    services.correction_note_fix(correction=correction, by=editor, note="Re-rated.")
    page = client.get(url).content.decode()
    assert "Re-rated." in page and "Re-ratd." not in page


def test_reviewer_cannot_fix_a_public_note(published, reviewer, editor):
    correction = Correction.objects.create(verdict=published, note="A note.", created_by=editor)
    with pytest.raises(services.NotAllowed):
        services.correction_note_fix(correction=correction, by=reviewer, note="Mine now.")
    correction.refresh_from_db()
    assert correction.note == "A note."


# ------------------------------------------------------------------------------
# Claim details and sources
# ------------------------------------------------------------------------------
def test_reviewer_claimant_and_figure_change_is_held_until_an_editor_approves(
    client, published, reviewer, editor
):
    claim = published.claim
    kremlin = ClaimantFactory(name="Kremlin press office")
    change = services.claim_update(
        claim=claim, by=reviewer, claimant=kremlin, count_min=4, count_max=4
    )
    assert isinstance(change, PendingChange)
    assert change.proposed == {"claimant": kremlin.pk, "count_min": 4, "count_max": 4}
    claim.refresh_from_db()
    assert claim.claimant.name == "Defense Ministry"
    assert claim.count_min == 5
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Kremlin press office" not in page

    services.change_approve(change=change, by=editor, note="The claim is the Kremlin's.")
    claim.refresh_from_db()
    assert claim.claimant == kremlin
    assert (claim.count_min, claim.count_max) == (4, 4)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Kremlin press office" in page
    assert "The claim is the Kremlin&#x27;s." in page or "The claim is the Kremlin's." in page


def test_an_edit_that_changes_nothing_holds_nothing(published, reviewer):
    claim = published.claim
    result = services.claim_update(claim=claim, by=reviewer, count_min=5)
    assert result == claim
    assert not PendingChange.objects.exists()


def test_reviewer_new_source_on_a_published_claim_is_not_public_until_approved(
    client, published, reviewer, editor
):
    claim = published.claim
    held, attached = services.evidence_attach(
        claim=claim,
        by=reviewer,
        url="https://phish.example.net/login",
        stance=Evidence.Stance.SUPPORTS,
        title="Totally real source",
    )
    assert isinstance(held, PendingChange) and attached
    assert claim.evidence.count() == 2
    assert "Totally real source" not in client.get(claim.get_absolute_url()).content.decode()
    services.change_approve(change=held, by=editor)
    assert claim.evidence.count() == 3
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Totally real source" in page
    # The default public note says what changed.
    assert "Source added: “Totally real source”" in Correction.objects.get().note


def test_the_same_source_cannot_be_proposed_twice(published, reviewer, other_reviewer):
    kwargs = {"claim": published.claim, "url": "https://x.example.org/a", "stance": "supports"}
    services.evidence_attach(by=reviewer, **kwargs)
    with pytest.raises(services.ServiceError, match="already waiting"):
        services.evidence_attach(by=other_reviewer, **kwargs)


def test_a_stance_change_is_held_but_the_reviewer_note_is_saved_at_once(
    published, reviewer, editor
):
    evidence = published.claim.evidence.first()
    held, attached = services.evidence_attach(
        claim=published.claim,
        by=reviewer,
        url=evidence.source.url,
        stance=Evidence.Stance.CONTRADICTS,
        note="Checked again.",
    )
    assert isinstance(held, PendingChange) and not attached
    evidence.refresh_from_db()
    assert evidence.stance == Evidence.Stance.SUPPORTS
    assert evidence.note == "Checked again."
    services.change_approve(change=held, by=editor)
    evidence.refresh_from_db()
    assert evidence.stance == Evidence.Stance.CONTRADICTS


def test_deleting_the_last_source_of_a_published_verdict_is_refused(published, reviewer, editor):
    first, second = published.claim.evidence.all()
    held = services.evidence_remove(evidence=first, by=reviewer)
    assert isinstance(held, PendingChange)
    # With one removal pending, the other source is the last one that stays.
    with pytest.raises(services.ServiceError, match="last source"):
        services.evidence_remove(evidence=second, by=reviewer)
    assert published.claim.evidence.count() == 2
    services.change_approve(change=held, by=editor)
    assert list(published.claim.evidence.all()) == [second]
    with pytest.raises(services.ServiceError, match="last source"):
        services.evidence_remove(evidence=second, by=editor)


def test_removing_a_source_of_an_unpublished_claim_is_immediate(reviewer):
    evidence = EvidenceFactory()
    assert services.evidence_remove(evidence=evidence, by=reviewer) is None
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_an_editor_change_also_needs_another_editor(published, editor, other_editor):
    change = services.claim_update(claim=published.claim, by=editor, count_min=4, count_max=4)
    with pytest.raises(services.NotAllowed):
        services.change_approve(change=change, by=editor)
    services.change_approve(change=change, by=other_editor)
    published.claim.refresh_from_db()
    assert published.claim.count_min == 4


def test_reviewer_cannot_approve(published, reviewer, other_reviewer):
    change = services.claim_update(claim=published.claim, by=reviewer, count_min=4)
    with pytest.raises(services.NotAllowed):
        services.change_approve(change=change, by=other_reviewer)


def test_approval_refused_when_the_field_moved_since(published, reviewer, editor, other_editor):
    first = services.claim_update(claim=published.claim, by=reviewer, count_min=4)
    second = services.claim_update(claim=published.claim, by=reviewer, count_min=3)
    services.change_approve(change=first, by=editor)
    with pytest.raises(services.ServiceError, match="changed since"):
        services.change_approve(change=second, by=other_editor)
    second.refresh_from_db()
    assert second.status == PendingChange.Status.PENDING


def test_editor_rejects_with_a_reason_and_nothing_changes(published, reviewer, editor):
    change = services.claim_update(claim=published.claim, by=reviewer, count_min=4)
    with pytest.raises(services.ServiceError, match="Say why"):
        services.change_reject(change=change, by=editor)
    services.change_reject(change=change, by=editor, note="The ministry still says five.")
    change.refresh_from_db()
    assert change.status == PendingChange.Status.REJECTED
    assert change.decision_note == "The ministry still says five."
    published.claim.refresh_from_db()
    assert published.claim.count_min == 5
    with pytest.raises(services.ServiceError, match="already rejected"):
        services.change_approve(change=change, by=editor)


def test_a_change_to_a_withdrawn_fact_check_cannot_be_approved(published, reviewer, editor):
    change = services.claim_update(claim=published.claim, by=reviewer, count_min=4)
    services.verdict_withdraw(verdict=published, by=editor, note="Pulled.", version=None)
    with pytest.raises(services.ServiceError, match="no longer has a published verdict"):
        services.change_approve(change=change, by=editor)


def test_unpublished_claims_are_edited_at_once(reviewer):
    claim = ClaimFactory()
    result = services.claim_update(claim=claim, by=reviewer, count_min=4)
    assert result == claim
    claim.refresh_from_db()
    assert claim.count_min == 4
    assert not PendingChange.objects.exists()


def test_anchor_change_held_then_applied_with_its_quote_context(published, superuser, editor):
    claim = published.claim
    text = claim.article.text
    start = text.index("the Defense Ministry said")
    change = services.claim_change_propose(
        claim=claim, by=superuser, changes={"start": start, "end": start + 25}
    )
    claim.refresh_from_db()
    assert claim.exact == "Three crew and two officers"
    services.change_approve(change=change, by=editor)
    claim.refresh_from_db()
    assert claim.exact == "the Defense Ministry said"
    assert claim.prefix == text[start - 32 : start]


def test_source_edit_of_a_cited_source_is_held(client, published, superuser, editor):
    source = published.claim.evidence.first().source
    held = services.source_change_propose(
        source=source, by=superuser, changes={"url": "https://evil.example.net/"}
    )
    assert isinstance(held, PendingChange)
    source.refresh_from_db()
    assert source.url != "https://evil.example.net/"
    assert "evil.example.net" not in client.get(published.claim.get_absolute_url()).content.decode()
    services.change_approve(change=held, by=editor, note="The source moved.")
    source.refresh_from_db()
    assert source.url == "https://evil.example.net/"
    assert Correction.objects.get(verdict=published).note == "The source moved."


def test_held_fields_are_named_once_for_new_public_fields():
    # A public field added to claims is held by naming it here (field name → value).
    assert {"claimant", "count_min", "exact", "sentence", "via"} <= set(services.HELD_CLAIM_FIELDS)


def test_other_reviewer_takes_nothing_back(published, reviewer, other_reviewer):
    change = services.claim_update(claim=published.claim, by=reviewer, count_min=4)
    with pytest.raises(services.NotAllowed):
        services.change_reject(change=change, by=other_reviewer, note="no")
    services.change_reject(change=change, by=reviewer)
    change.refresh_from_db()
    assert change.status == PendingChange.Status.REJECTED


def test_outsider_cannot_propose(published):
    outsider = UserFactory(username="mallory")
    with pytest.raises(services.NotAllowed):
        services.claim_update(claim=published.claim, by=outsider, count_min=1)
