"""A published verdict is always on a confirmed claim.

The public pages count verdicts by rating from the verdicts alone, without
joining a million claims to check that each is confirmed (`counted_verdicts`).
That is right only while no write path can leave a published verdict on a
candidate or dismissed claim: these tests try every one.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, Verdict
from claims.public.selectors import counted_verdicts, public_verdicts, rating_counts
from tests.factories import ClaimFactory, EvidenceFactory, PublishedVerdictFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def submitted(claim: Claim, author) -> Verdict:
    # Two independent sources: the two-source rule has its own tests.
    EvidenceFactory(claim=claim)
    EvidenceFactory(claim=claim)
    return VerdictFactory(claim=claim, author=author, status=Verdict.Status.SUBMITTED)


def test_publishing_a_verdict_on_a_candidate_claim_confirms_the_claim(reviewer, editor):
    claim = ClaimFactory(status=Claim.Status.CANDIDATE)
    verdict = submitted(claim, reviewer)
    services.verdict_publish(verdict=verdict, by=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CONFIRMED
    assert counted_verdicts().count() == public_verdicts().count() == 1


def test_a_verdict_on_a_dismissed_claim_cannot_be_published(reviewer, editor):
    claim = ClaimFactory(status=Claim.Status.DISMISSED)
    verdict = submitted(claim, reviewer)
    with pytest.raises(services.ServiceError):
        services.verdict_publish(verdict=verdict, by=editor)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    assert counted_verdicts().count() == public_verdicts().count() == 0


def test_a_claim_with_a_published_verdict_cannot_be_dismissed(reviewer):
    verdict = PublishedVerdictFactory()
    with pytest.raises(services.ServiceError):
        services.claim_dismiss(claim=verdict.claim, by=reviewer)
    verdict.claim.refresh_from_db()
    assert verdict.claim.status == Claim.Status.CONFIRMED


@pytest.mark.parametrize("status", [Claim.Status.CANDIDATE, Claim.Status.DISMISSED])
def test_the_admin_keeps_a_claim_with_a_published_verdict_confirmed(client, superuser, status):
    from tests.test_admin import claim_form

    verdict = PublishedVerdictFactory()
    client.force_login(superuser)
    response = client.post(
        reverse("admin:claims_claim_change", args=[verdict.claim.pk]),
        claim_form(verdict.claim, status=status),
    )
    assert response.status_code == 200
    assert "withdraw the verdict first" in response.content.decode()
    verdict.claim.refresh_from_db()
    assert verdict.claim.status == Claim.Status.CONFIRMED
    assert counted_verdicts().count() == public_verdicts().count() == 1


def test_the_admin_still_moves_a_claim_without_a_published_verdict(client, superuser, reviewer):
    from tests.test_admin import claim_form

    claim = ClaimFactory()
    VerdictFactory(claim=claim, author=reviewer)  # a draft does not hold the claim
    client.force_login(superuser)
    response = client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        claim_form(claim, status=Claim.Status.DISMISSED),
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISMISSED


def test_a_withdrawn_verdict_frees_the_claim(reviewer, editor):
    verdict = PublishedVerdictFactory(author=reviewer)
    services.verdict_withdraw(verdict=verdict, by=editor, note="Source misread.", version=None)
    services.claim_dismiss(claim=verdict.claim, by=reviewer)
    assert counted_verdicts().count() == public_verdicts().count() == 0


def test_counts_by_rating_from_verdicts_alone_equal_the_joined_counts(world):
    # The world holds a published verdict, and drafts, a submitted and a withdrawn
    # verdict, and candidate and dismissed claims.
    assert rating_counts(counted_verdicts()) == rating_counts(public_verdicts())
    assert sum(row["count"] for row in rating_counts(counted_verdicts())) == 1
