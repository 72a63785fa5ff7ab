"""extract() on the seed article; offsets and the shape of a candidate."""

import pytest

from claims.extraction import EXTRACTOR_VERSION, Candidate, extract
from tests.claims.extraction.helpers import SEED_BODY, SEED_TITLE, find, only


@pytest.fixture(scope="module")
def seed() -> list[Candidate]:
    return extract(SEED_BODY)


# --------------------------------------------------------------------------
# The seed article
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exact", "count", "category", "parts"),
    [
        ("Three crew and two officers", 5, "killed", [3, 2]),
        ("killing two Russian pilots", 2, "killed", []),
        ("both pilots dead", 2, "killed", []),
        ("Three crew members and two officers", 5, "aboard", [3, 2]),
    ],
)
def test_seed_casualties(seed, exact, count, category, parts):
    claim = find(seed, "casualty", exact)
    assert claim.exact == exact
    assert (claim.count_min, claim.count_max, claim.category) == (count, count, category)
    assert [p["count"] for p in claim.parts] == parts


def test_seed_title_holds_all_five_aboard_dead():
    claim = only(SEED_TITLE, "casualty")
    assert claim.exact == "all 5 aboard dead"
    assert (claim.count_min, claim.count_max, claim.category) == (5, 5, "killed")
    assert SEED_TITLE[claim.start : claim.end] == claim.exact


def test_seed_attributions(seed):
    def claimant(exact: str) -> str:
        return find(seed, "attribution", exact).claimant.name

    ministry = [
        c for c in seed if c.kind == "attribution" and c.claimant.name == "Defense Ministry"
    ]
    assert len(ministry) >= 4
    assert claimant("the Defense Ministry said") == "Defense Ministry"
    assert claimant("the statement added") == "Defense Ministry"
    assert claimant("according to the Russian Defense Ministry") == "Defense Ministry"
    assert claimant("according to a Kremlin statement") == "Kremlin"
    assert claimant("Kremlin spokesman Dmitry Peskov confirmed") == "Dmitry Peskov"
    assert claimant("Peskov said") == "Dmitry Peskov"
    assert claimant("he added") == "Dmitry Peskov"
    assert claimant("he said") == "Alaa Ibrahim"


def test_seed_peskov_and_ibrahim_claimants(seed):
    peskov = find(seed, "attribution", "Peskov said").claimant
    assert (peskov.kind, peskov.role, peskov.affiliation) == (
        "person",
        "Kremlin spokesman",
        "Kremlin",
    )
    ibrahim = find(seed, "attribution", "Alaa Ibrahim told RT")
    assert ibrahim.exact == "freelance journalist Alaa Ibrahim told RT"
    assert ibrahim.claimant.name == "Alaa Ibrahim"
    assert ibrahim.claimant.role == "freelance journalist"
    assert ibrahim.via == []


def test_seed_quotes_carry_their_speaker(seed):
    quoted = find(seed, "attribution", 'on board," the Defense Ministry said')
    assert quoted.exact.startswith('"On August 1')
    assert find(seed, "attribution", "he added").exact.startswith('"The Kremlin conveys')


@pytest.mark.parametrize(
    ("exact", "reason"),
    [
        ("RT cannot verify authenticity of those videos", "cannot verify"),
        ("allegedly showing helicopter debris", "allegedly"),
        ("has not yet revealed identities", "has not yet revealed"),
    ],
)
def test_seed_unverified(seed, exact, reason):
    assert find(seed, "unverified", exact).reason == reason


def test_seed_statement(seed):
    claim = find(seed, "statement", "third Russian helicopter")
    assert claim.exact == "It is the third Russian helicopter lost in action in Syria this year"


def test_seed_has_nothing_from_read_more_links(seed):
    assert "READ MORE" not in SEED_BODY
    assert not any("Palmyra –" in c.exact or "Homs, both" in c.exact for c in seed)


def test_seed_aircraft_dates_and_ordinals_are_not_casualties(seed):
    counts = {(c.count_min, c.count_max) for c in seed if c.kind == "casualty"}
    for number in (1, 8, 24, 25, 28, 16, 2016):
        assert (number, number) not in counts


# --------------------------------------------------------------------------
# Offsets and candidate shape
# --------------------------------------------------------------------------


def test_candidates_are_anchored_to_the_text(seed):
    assert seed == sorted(seed, key=lambda c: (c.start, c.end, c.kind))
    for c in seed:
        assert SEED_BODY[c.start : c.end] == c.exact
        assert c.prefix == SEED_BODY[max(0, c.start - 32) : c.start]
        assert c.suffix == SEED_BODY[c.end : c.end + 32]
        assert c.exact in c.sentence
        assert c.extractor_version == EXTRACTOR_VERSION
        assert c.kind in ("casualty", "attribution", "unverified", "statement")


def test_offsets_are_code_points():
    text = "Été 🔥 à Kraków 🚒: three firefighters were injured, the mayor said."
    claim = only(text, "casualty")
    assert text[claim.start : claim.end] == claim.exact == "three firefighters were injured"


def test_overlapping_claims_in_one_sentence():
    text = "Reuters could not verify that 12 people were killed, officials said."
    kinds = sorted(c.kind for c in extract(text))
    assert kinds == ["attribution", "casualty", "unverified"]


def test_empty_text_has_no_claims():
    assert extract("") == []
    assert extract("   \n\n ") == []
