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
def test_postgres_search_uses_stemming_and_the_stored_indexed_vector(claims):
    assert search_claims(Claim.objects.all(), "officer").count() == 1  # stemmed
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'claims_claim_document_idx'"
        )
        (definition,) = cursor.fetchone()
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'claims_claim' AND column_name = 'search_document'"
        )
        (generated,) = cursor.fetchone()
    assert "gin" in definition.lower() and "search_document" in definition
    assert "to_tsvector" in generated and "exact" in generated and "sentence" in generated


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_the_stored_vector_follows_every_way_a_claim_is_written(article):
    claim = ClaimFactory(article=article, sentence="Witnesses saw the gunships.")
    assert set(search_claims(Claim.objects.all(), "gunship").values_list("pk", flat=True)) == {
        claim.pk
    }
    Claim.objects.filter(pk=claim.pk).update(sentence="A convoy was hit.")
    assert not search_claims(Claim.objects.all(), "gunship").exists()
    claim.refresh_from_db()
    claim.sentence = "Five pilots died."
    claim.save()
    assert search_claims(Claim.objects.all(), "pilot").get() == claim


def test_search_works_inside_a_subquery(claims):
    # The stored vector is named after the claims table's alias, which changes there.
    inner = search_claims(Claim.objects.all(), "officers").values("pk")
    outer = Claim.objects.filter(pk__in=inner).exclude(pk=claims["peskov"].pk)
    assert list(outer) == [claims["crew"]]


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's text index")


def found(q: str) -> set[int]:
    return set(search_claims(Claim.objects.all(), q).values_list("pk", flat=True))


@sqlite_only
def test_the_sqlite_text_index_follows_every_way_a_claim_is_written(article):
    # The quote is "Three crew and two officers"; the sentence changes.
    claim = ClaimFactory(article=article, sentence="Witnesses saw the gunships.")
    assert found("gunships") == {claim.pk}
    claim.sentence = "Five pilots died."
    claim.save()
    assert found("gunships") == set()
    assert found("pilots") == {claim.pk}
    Claim.objects.filter(pk=claim.pk).update(sentence="A convoy was hit.")
    assert found("pilots") == set()
    assert found("convoy") == {claim.pk}
    [bulk] = Claim.objects.bulk_create(
        [Claim(article=article, kind="statement", start=0, end=5, exact="Sappers", sentence="")]
    )
    assert found("sappers") == {bulk.pk}
    Claim.objects.filter(pk=bulk.pk).delete()
    assert found("sappers") == set()
    # Other columns change without touching the index.
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.DISMISSED)
    assert found("convoy") == found("officers") == {claim.pk}


@sqlite_only
@pytest.mark.parametrize("wanted", [0, 10**9], ids=["read-the-index", "walk-the-claims"])
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("officers", {"crew"}),
        ("OFFIC", {"crew"}),  # the start of a word, in any case
        ("fficers", set()),  # ...never the middle
        ("Peskov board", {"peskov"}),  # a claimant's name and a word of the text
        ("Mi-8", {"mi8"}),  # a word with a hyphen is a phrase of its parts
        ("Mi-9", set()),
        ("pilot's", {"mi8"}),  # ...and one with an apostrophe
    ],
)
def test_sqlite_search_finds_the_same_whichever_way_it_reads_the_index(
    claims, article, monkeypatch, wanted, q, expected
):
    from claims import search

    claims["mi8"] = ClaimFactory(
        article=article, quote="Mi-8", sentence="The Mi-8 pilot's last call came at noon."
    )
    monkeypatch.setattr(search, "SQLITE_WANTED", wanted)
    assert found(q) == {claims[name].pk for name in expected}


def test_the_statement_is_searched_and_its_edits_reach_the_index(article):
    claim = ClaimFactory(article=article, statement="The Kremlin confirmed five deaths.")
    assert found("Kremlin confirmed") == {claim.pk}
    Claim.objects.filter(pk=claim.pk).update(statement="Moscow named the pilots.")
    assert found("Kremlin confirmed") == set()
    assert found("Moscow pilots") == {claim.pk}
