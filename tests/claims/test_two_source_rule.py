"""The two-source rule: a casualty verdict with fewer than two independent sources is
published only when an editor says why ("Publish anyway"), and a verdict without any
source is never submitted."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim, Verdict
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_source(reviewer):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    return VerdictFactory(
        claim=claim, author=reviewer, status=Verdict.Status.SUBMITTED, rating="true"
    )


def test_one_source_casualty_verdict_asks_for_a_reason_and_publishes_nothing(one_source, editor):
    with pytest.raises(services.PublishAnywayRequired, match="Only 1 independent source") as exc:
        services.verdict_publish(verdict=one_source, by=editor)
    assert exc.value.independent == 1
    one_source.refresh_from_db()
    assert one_source.status == Verdict.Status.SUBMITTED
    assert one_source.publish_reason == ""


def test_publish_anyway_keeps_the_reason_in_the_history(one_source, editor):
    result = services.verdict_publish(
        verdict=one_source,
        by=editor,
        publish_anyway_reason="  The ministry is the only body counting;  flagged for update. ",
    )
    verdict = result.verdict
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.publish_reason == "The ministry is the only body counting; flagged for update."
    record = verdict.history.first()
    assert record.publish_reason == verdict.publish_reason
    assert record.history_change_reason.startswith("Published anyway: The ministry")
    assert result.warnings == [
        "Published with 1 independent source for a casualty figure; your reason is kept "
        "in the verdict's history."
    ]


def test_a_blank_reason_is_no_reason(one_source, editor):
    with pytest.raises(services.PublishAnywayRequired):
        services.verdict_publish(verdict=one_source, by=editor, publish_anyway_reason="   ")


def test_an_overlong_reason_is_refused(one_source, editor):
    with pytest.raises(services.ServiceError, match="under 1000"):
        services.verdict_publish(verdict=one_source, by=editor, publish_anyway_reason="x" * 1001)
    one_source.refresh_from_db()
    assert one_source.status == Verdict.Status.SUBMITTED


def test_two_sources_of_one_publisher_are_one_independent_source(one_source, editor):
    publisher = one_source.claim.evidence.get().source.publisher
    EvidenceFactory(claim=one_source.claim, source=SourceFactory(publisher=publisher))
    with pytest.raises(services.PublishAnywayRequired):
        services.verdict_publish(verdict=one_source, by=editor)


def test_two_independent_sources_publish_without_asking(one_source, editor):
    EvidenceFactory(claim=one_source.claim)
    result = services.verdict_publish(verdict=one_source, by=editor)
    assert result.verdict.status == Verdict.Status.PUBLISHED
    assert result.warnings == []
    assert result.verdict.publish_reason == ""


def test_the_rule_is_for_casualty_figures(one_source, editor):
    Claim.objects.filter(pk=one_source.claim_id).update(kind=Claim.Kind.ATTRIBUTION)
    one_source.refresh_from_db()
    assert services.verdict_publish(verdict=one_source, by=editor).verdict.status == "published"


def test_submitting_a_verdict_with_no_source_is_refused(reviewer):
    draft = VerdictFactory(author=reviewer)
    with pytest.raises(services.ServiceError, match="Attach at least one source"):
        services.verdict_submit(verdict=draft, by=reviewer, version=draft.version)
    draft.refresh_from_db()
    assert draft.status == Verdict.Status.DRAFT


def test_save_and_submit_with_no_source_saves_nothing(reviewer):
    claim = ClaimFactory()
    with pytest.raises(services.ServiceError, match="Attach at least one source"):
        services.verdict_save_and_submit(
            claim=claim, by=reviewer, rating="true", rationale="Checked."
        )
    assert not Verdict.objects.exists()
