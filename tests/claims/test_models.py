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


NAMED_CONSTRAINTS = {
    "claims_claim": {"claims_claim_span_nonempty", "claims_claim_count_range_ordered"},
    "claims_verdict": {
        "claims_verdict_one_published_per_claim",
        "claims_verdict_rating_on_scale",
        "claims_verdict_status_valid",
    },
    "articles_article": {"articles_article_unique_url"},
    "claims_evidence": {"claims_evidence_unique_source_per_claim"},
}


@pytest.mark.parametrize("table", NAMED_CONSTRAINTS)
def test_named_constraints_exist_in_the_database(table):
    from django.db import connection

    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, table))
    assert NAMED_CONSTRAINTS[table] <= names


def test_a_negative_start_is_refused_by_the_database(article):
    claim = ClaimFactory(article=article)
    Claim.objects.filter(pk=claim.pk).update(start=0)  # fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(start=-1)


def test_an_orphaned_claim_keeps_its_old_quote(article):
    """An orphan's quote is no longer in the text: clean() does not insist it is."""
    claim = ClaimFactory.build(
        article=article, exact="Four crew died", anchor_state=Claim.AnchorState.ORPHANED
    )
    claim.full_clean(exclude=["article"])


def test_parts_must_be_counts(article):
    claim = ClaimFactory.build(article=article, parts=[{"count": "three", "who": "crew"}])
    with pytest.raises(ValidationError) as info:
        claim.full_clean(exclude=["article"])
    assert "parts" in info.value.message_dict


def test_article_url_is_unique_when_present():
    from articles.models import Article
    from tests.factories import ArticleFactory

    ArticleFactory(url="")
    ArticleFactory(url="")  # many articles without a url are fine
    ArticleFactory(url="https://news.example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://news.example.org/a")
    assert Article.objects.filter(url="").count() == 2


def test_a_withdrawn_verdict_leaves_room_for_a_new_published_one(article):
    claim = ClaimFactory(article=article)
    PublishedVerdictFactory(claim=claim, status=Verdict.Status.WITHDRAWN)
    PublishedVerdictFactory(claim=claim)
    assert claim.verdicts.published().count() == 1


def test_status_must_be_known(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        VerdictFactory(claim=ClaimFactory(article=article), status="approved-ish")


def test_history_is_kept_for_articles_and_evidence(article):
    from tests.factories import EvidenceFactory

    article.title = "Changed title"
    article.save()
    assert [h.title for h in article.history.order_by("history_date")][-1] == "Changed title"
    evidence = EvidenceFactory(claim=ClaimFactory(article=article))
    evidence.stance = "contradicts"
    evidence.save()
    assert evidence.history.count() == 2
    assert evidence.history.first().stance == "contradicts"
