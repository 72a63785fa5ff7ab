import pytest
from django.db import connection

from claims.models import Claim
from claims.search import search_claims
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(article):
    peskov = ClaimantFactory(name="Dmitry Peskov", kind="person")
    return {
        "crew": ClaimFactory(article=article, sentence="Three crew and two officers died."),
        "peskov": ClaimFactory(
            article=article,
            quote="all those on board are dead",
            sentence="Peskov confirmed that all those on board are dead.",
            claimant=peskov,
        ),
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [("officers", {"crew"}), ("board", {"peskov"}), ("Peskov", {"peskov"}), ("zebra", set())],
)
def test_plain_words_find_the_same_claims_on_every_database(claims, q, expected):
    found = set(search_claims(Claim.objects.all(), q).values_list("pk", flat=True))
    assert found == {claims[name].pk for name in expected}


def test_every_word_must_match(claims):
    assert not search_claims(Claim.objects.all(), "officers Peskov").exists()


def test_empty_query_matches_everything(claims):
    assert search_claims(Claim.objects.all(), "  ").count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_postgres_search_uses_stemming_and_the_gin_index(claims):
    assert search_claims(Claim.objects.all(), "officer").count() == 1  # stemmed
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'claims_claim_search_idx'"
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition.lower() and "to_tsvector" in definition
