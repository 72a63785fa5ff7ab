"""The queue's copies of verdict and flag state, and its cached counts."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimFlag, Verdict
from claims.queue_state import claims_out_of_step, claims_refresh_queue_state
from tests.factories import ClaimFactory, EvidenceFactory, VerdictFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("review:queue")


def tab_counts(response) -> dict[str, int]:
    return {key: count for key, _label, count in response.context["tabs"]}


def test_a_claim_follows_its_verdict_through_draft_submit_publish_and_withdraw(
    reviewer, editor, article
):
    claim = ClaimFactory(article=article)
    assert claim.verdict_status == ""
    verdict = services.verdict_save_draft(
        claim=claim, by=reviewer, verdict=None, version=None, rating="true", rationale="Checked."
    )
    claim.refresh_from_db()
    assert claim.verdict_status == Verdict.Status.DRAFT
    EvidenceFactory(claim=claim)
    EvidenceFactory(claim=claim)
    verdict = services.verdict_submit(verdict=verdict, by=reviewer, version=verdict.version)
    claim.refresh_from_db()
    assert claim.verdict_status == Verdict.Status.SUBMITTED
    services.verdict_publish(verdict=verdict, by=editor, version=verdict.version)
    claim.refresh_from_db()
    assert claim.verdict_status == Verdict.Status.PUBLISHED
    verdict.refresh_from_db()
    services.verdict_withdraw(verdict=verdict, by=editor, version=verdict.version, note="Wrong.")
    claim.refresh_from_db()
    assert claim.verdict_status == Verdict.Status.WITHDRAWN


def test_saving_a_claim_loaded_before_its_verdict_changed_keeps_the_new_state(reviewer, article):
    claim = ClaimFactory(article=article)
    stale_copy = Claim.objects.get(pk=claim.pk)
    VerdictFactory(claim=claim, author=reviewer)
    stale_copy.sentence = "A new sentence."
    stale_copy.save()
    claim.refresh_from_db()
    assert claim.verdict_status == Verdict.Status.DRAFT


def test_stale_verdicts_and_flags_are_copied(reviewer, article):
    claim, other = ClaimFactory(article=article), ClaimFactory(article=article)
    VerdictFactory(claim=claim, author=reviewer, stale=True)
    ClaimFlag.objects.create(claim=claim, kind="parts_total", message="3 + 2 is not 6", other=other)
    claim.refresh_from_db()
    assert claim.verdict_stale and claim.flagged
    ClaimFlag.objects.filter(claim=claim).delete()  # in bulk, as claims.events.services does
    assert claims_refresh_queue_state(claim_ids=[claim.pk, other.pk]) == 1
    claim.refresh_from_db()
    assert not claim.flagged


def test_refreshing_everything_repairs_columns_written_around_the_rules(reviewer, article):
    claims = [ClaimFactory(article=article) for _ in range(3)]
    Verdict.objects.bulk_create([Verdict(claim=c, rating="true", author=reviewer) for c in claims])
    assert claims_out_of_step(Claim.objects.all()).count() == 3
    assert claims_refresh_queue_state() == 3
    assert claims_out_of_step(Claim.objects.all()).count() == 0
    assert claims_refresh_queue_state() == 0  # nothing left to write


def test_counts_are_read_from_the_cache_until_a_verdict_changes(
    client, reviewer, article, django_assert_num_queries
):
    claim = ClaimFactory(article=article)
    client.force_login(reviewer)
    assert tab_counts(client.get(QUEUE))["draft"] == 0
    # 1 session, 2 user, 3 groups and publish permission, 4 the queue's fingerprint
    # with the bell's unread count (the tabs' counts from the cache), 5 the page's
    # ids, 6 its claims as rows with their verdicts, 7 reviewers.
    with django_assert_num_queries(7):
        client.get(QUEUE)
    VerdictFactory(claim=claim, author=reviewer)
    counts = tab_counts(client.get(QUEUE))
    assert counts["draft"] == 1 and counts[""] == 1


def test_counts_change_when_a_claim_is_dismissed(client, reviewer, article):
    claim = ClaimFactory(article=article, status=Claim.Status.CANDIDATE)
    client.force_login(reviewer)
    assert tab_counts(client.get(QUEUE))["candidate"] == 1
    services.claim_dismiss(claim=claim, by=reviewer)
    counts = tab_counts(client.get(QUEUE))
    assert counts["candidate"] == 0 and counts["dismissed"] == 1


def test_each_reviewers_assigned_to_me_counts_are_their_own(
    client, reviewer, other_reviewer, article
):
    ClaimFactory(article=article, assigned_to=reviewer)
    client.force_login(reviewer)
    assert tab_counts(client.get(QUEUE, {"mine": "1"}))[""] == 1
    client.force_login(other_reviewer)
    assert tab_counts(client.get(QUEUE, {"mine": "1"}))[""] == 0
