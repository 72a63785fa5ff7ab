import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Claim, Verdict
from tests.factories import ClaimFactory, PublishedVerdictFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def test_empty_or_reversed_span_is_refused_by_the_database(article):
    claim = ClaimFactory(article=article)
    claim.end = claim.start
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_clean_refuses_a_span_past_the_end_of_the_text(article):
    claim = ClaimFactory.build(article=article, start=0, end=len(article.text) + 1)
    with pytest.raises(ValidationError) as info:
        claim.full_clean()
    assert "end" in info.value.message_dict


def test_clean_refuses_a_quote_that_does_not_match_the_text(article):
    claim = ClaimFactory.build(article=article, exact="Four crew and two officers")
    with pytest.raises(ValidationError) as info:
        claim.full_clean()
    assert "exact" in info.value.message_dict


def test_clean_accepts_a_matching_span(article):
    ClaimFactory.build(article=article).full_clean(exclude=["article"])


def test_count_range_must_be_ordered(article):
    claim = ClaimFactory(article=article)
    claim.count_min, claim.count_max = 10, 5
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_at_most_one_published_verdict_per_claim(article):
    claim = ClaimFactory(article=article)
    PublishedVerdictFactory(claim=claim)
    VerdictFactory(claim=claim)  # a draft beside it is fine
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedVerdictFactory(claim=claim)


def test_rating_must_be_on_the_scale(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        VerdictFactory(claim=ClaimFactory(article=article), rating="pants-on-fire")


@pytest.mark.parametrize(
    ("rating", "value"),
    [("true", 5), ("mostly-true", 4), ("mixed", 3), ("mostly-false", 2), ("false", 1),
     ("unproven", None), ("misattributed", None), ("correctly-attributed", None)],
)  # fmt: skip
def test_rating_values_follow_the_scale(rating, value):
    assert Verdict(rating=rating).rating_value == value


def test_history_is_kept_for_claims_and_verdicts(article):
    claim = ClaimFactory(article=article)
    claim.kind = Claim.Kind.STATEMENT
    claim.save()
    assert claim.history.count() == 2
    verdict = VerdictFactory(claim=claim)
    verdict.rationale = "changed"
    verdict.save()
    assert verdict.history.first().rationale == "changed"


def test_published_querysets(article):
    published = PublishedVerdictFactory(claim=ClaimFactory(article=article))
    VerdictFactory(claim=ClaimFactory(article=article, quote="Dmitry Peskov"))
    assert list(Verdict.objects.published()) == [published]
    assert list(Claim.objects.published()) == [published.claim]
