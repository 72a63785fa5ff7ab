"""The importer's multi-row inserts write what bulk_create and simple_history write."""

from __future__ import annotations

import pytest
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from claims import bulk
from claims.models import Claim, ClaimMatch
from tests.factories import ArticleFactory, ClaimantFactory

pytestmark = pytest.mark.django_db

_NOT_COMPARED = {"id", "created", "updated", "history_id", "history_date", "attribution_id"}


def claims_for(article, claimant) -> list[Claim]:
    """Claims with JSON parts, a claimant, nulls and a change reason."""
    claims = [
        Claim(
            article=article, kind=Claim.Kind.CASUALTY, start=0, end=10, exact="Three crew",
            claimant=claimant, count_min=3, count_max=3, category=Claim.Category.KILLED,
            parts=[{"count": 3, "who": "crew"}], status=Claim.Status.CANDIDATE,
            origin=Claim.Origin.EXTRACTED,
        ),
        Claim(
            article=article, kind=Claim.Kind.ATTRIBUTION, start=11, end=30,
            exact="the Defense Ministry said", origin=Claim.Origin.EXTRACTED,
        ),
    ]  # fmt: skip
    claims[1]._change_reason = "imported"
    return claims


def rows(model) -> list[dict]:
    return [
        {k: v for k, v in row.items() if k not in _NOT_COMPARED}
        for row in model.objects.order_by("pk").values()
    ]


def written(write) -> dict:
    """The claims and history rows ``write`` makes, rolled back afterwards."""
    with transaction.atomic():
        article = ArticleFactory(slug="same-article")
        claimant = ClaimantFactory(name="Defense Ministry", slug="defense-ministry")
        claims = claims_for(article, claimant)
        write(claims)
        assert all(claim.pk is not None and not claim._state.adding for claim in claims)
        outcome = {
            "claims": [
                {**r, "article_id": "a", "claimant_id": r["claimant_id"] and "c"}
                for r in rows(Claim)
            ],
            "history": [
                {**r, "article_id": "a", "claimant_id": r["claimant_id"] and "c"}
                for r in rows(Claim.history.model)
            ],
        }
        transaction.set_rollback(True)
    return outcome


def test_claims_and_history_rows_are_those_of_simple_history(reviewer):
    def with_simple_history(claims):
        bulk_create_with_history(claims, Claim, default_user=reviewer)

    def with_bulk(claims):
        bulk.insert_instances(Claim, claims, history=True, default_user=reviewer)

    expected = written(with_simple_history)
    assert expected["history"][0]["history_user_id"] == reviewer.pk
    assert written(with_bulk) == expected


def test_rows_take_defaults_and_ignore_conflicts(article):
    a, b = Claim.objects.bulk_create(
        Claim(article=article, kind=Claim.Kind.STATEMENT, start=i, end=i + 1, exact="x")
        for i in range(2)
    )
    for _ in range(2):  # the second insert of the same pair is ignored
        bulk.insert_rows(
            ClaimMatch,
            ["claim_a_id", "claim_b_id", "score"],
            [(a.pk, b.pk, 91.5)],
            ignore_conflicts=True,
        )
    [match] = ClaimMatch.objects.all()
    assert (match.score, match.status, match.decided_by, match.decided_at) == (
        91.5,
        ClaimMatch.Status.PROPOSED,
        None,
        None,
    )
    assert match.created is not None and match.created == match.updated


def test_a_new_instance_is_the_instance_keywords_make(article):
    values = {"kind": Claim.Kind.CASUALTY, "start": 0, "end": 10, "exact": "Three crew"}
    by_keywords = Claim(article=article, parts=[{"count": 3}], **values)
    made = bulk.new_instance(Claim, {"article_id": article.pk, "parts": [{"count": 3}], **values})
    made.article = article
    assert made.__dict__.keys() == by_keywords.__dict__.keys()
    assert {k: v for k, v in made.__dict__.items() if k != "_state"} == {
        k: v for k, v in by_keywords.__dict__.items() if k != "_state"
    }
    assert made._state.adding and made.pk is None
    with pytest.raises(ValueError, match="no fields"):
        bulk.new_instance(Claim, {"article": article})


def test_a_new_instance_sends_the_init_signals_when_someone_listens(article):
    from django.db.models.signals import post_init

    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(listener, sender=Claim)
    try:
        made = bulk.new_instance(Claim, {"article_id": article.pk, "exact": "Three crew"})
    finally:
        post_init.disconnect(listener, sender=Claim)
    assert seen == [made]
    assert bulk.new_instance(Claim, {"article_id": article.pk}) not in seen


def test_a_new_instance_has_its_own_made_defaults(article):
    first = bulk.new_instance(Claim, {"article_id": article.pk})
    second = bulk.new_instance(Claim, {"article_id": article.pk})
    assert first.parts == [] and first.parts is not second.parts
    assert first.status == Claim.Status.CANDIDATE and first.reviewed is False


def test_an_insert_checks_related_objects_as_bulk_create_does(article):
    claimant = ClaimantFactory.build()
    claim = Claim(article=article, kind=Claim.Kind.CASUALTY, start=0, end=5, exact="Three")
    claim.claimant = claimant  # not saved yet
    with pytest.raises(ValueError, match="unsaved related object 'claimant'"):
        bulk.insert_instances(Claim, [claim])
    claim.claimant = claimant
    claimant.save()  # saved after it was assigned: the claim takes its id
    bulk.insert_instances(Claim, [claim])
    assert Claim.objects.get(pk=claim.pk).claimant_id == claimant.pk
