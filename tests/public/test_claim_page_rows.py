"""The claim page's lists come from one statement: each in the order it is shown."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from claims.models import Claimant, ClaimRelay, Correction, Evidence, Verdict
from claims.public import selectors
from claims.public.selectors import claim_page
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    PublishedVerdictFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    text = " ".join(f"Report {i:02d} says {i + 10} people died." for i in range(6))
    return ArticleFactory(text=text)


def claim_in(article, i: int, **kwargs):
    return ClaimFactory(
        article=article, quote=f"Report {i:02d} says {i + 10} people died", **kwargs
    )


def test_relays_come_in_the_order_of_the_chain(article):
    claim = claim_in(article, 0)
    PublishedVerdictFactory(claim=claim)
    for position, name in [(2, "Third"), (0, "First"), (1, "Second")]:
        relay = ClaimantFactory(name=name, kind=Claimant.Kind.MEDIA)
        ClaimRelay.objects.create(claim=claim, claimant=relay, position=position)

    page = claim_page(claim.pk, other_claims=20)

    assert [relay.name for relay in page.relays] == ["First", "Second", "Third"]


def test_sources_come_oldest_first_and_in_the_order_added_when_added_together(article):
    claim = claim_in(article, 0)
    PublishedVerdictFactory(claim=claim)
    same = timezone.now().replace(microsecond=0)
    added = [EvidenceFactory(claim=claim) for _ in range(3)]
    Evidence.objects.filter(pk=added[0].pk).update(created=same + datetime.timedelta(seconds=1))
    Evidence.objects.filter(pk__in=[added[1].pk, added[2].pk]).update(created=same)

    page = claim_page(claim.pk, other_claims=20)

    titles = [source.title for source in page.sources]
    assert titles == [added[1].source.title, added[2].source.title, added[0].source.title]
    assert page.sources[0].accessed_on is None or isinstance(
        page.sources[0].accessed_on, datetime.date
    )


def test_corrections_of_published_and_withdrawn_verdicts_come_newest_first(article, editor):
    claim = claim_in(article, 0)
    withdrawn = VerdictFactory(claim=claim, status=Verdict.Status.WITHDRAWN)
    published = PublishedVerdictFactory(claim=claim)
    draft = VerdictFactory(claim=claim)
    now = timezone.now().replace(microsecond=0)
    for verdict, note, seconds in [
        (withdrawn, "oldest", 0),
        (published, "newest", 2),
        (published, "tie, added first", 1),
        (withdrawn, "tie, added last", 1),
        (draft, "never shown", 3),
    ]:
        correction = Correction.objects.create(verdict=verdict, note=note, created_by=editor)
        Correction.objects.filter(pk=correction.pk).update(
            created=now + datetime.timedelta(seconds=seconds)
        )

    page = claim_page(claim.pk, other_claims=20)

    assert [c.note for c in page.corrections] == [
        "newest",
        "tie, added last",
        "tie, added first",
        "oldest",
    ]
    assert all(timezone.is_aware(c.created) for c in page.corrections)


def test_other_claims_come_in_the_order_of_the_text_up_to_the_limit(article):
    claims = [claim_in(article, i) for i in range(6)]
    for i, claim in enumerate(claims):
        # The fourth is still a draft: not public, not listed.
        (VerdictFactory if i == 3 else PublishedVerdictFactory)(claim=claim)

    page = claim_page(claims[2].pk, other_claims=3)

    assert [other.pk for other in page.other_claims] == [claims[0].pk, claims[1].pk, claims[4].pk]
    assert all(timezone.is_aware(other.published_at) for other in page.other_claims)


def test_a_claim_without_relays_sources_corrections_or_other_claims_has_empty_lists(article):
    claim = claim_in(article, 0)
    PublishedVerdictFactory(claim=claim)

    page = claim_page(claim.pk, other_claims=20)

    assert (page.relays, page.sources, page.corrections, page.other_claims) == ([], [], [], [])


def test_a_claim_without_a_published_verdict_has_no_page(article):
    claim = claim_in(article, 0)
    VerdictFactory(claim=claim)

    assert claim_page(claim.pk, other_claims=20) is None


def test_the_page_statement_has_the_columns_a_combined_read_splits_at():
    """claim_page_with reads the page beside another statement and splits the row at
    _CLAIM_PAGE_COLUMNS: a column added to the page must move the split too."""
    with connection.cursor() as cursor:
        cursor.execute(selectors.statement(selectors._CLAIM_PAGE_SQL), {"claim": 0, "limit": 1})
        assert len(cursor.description) == selectors._CLAIM_PAGE_COLUMNS
