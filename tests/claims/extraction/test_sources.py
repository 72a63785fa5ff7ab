"""Who gives each figure, and each claim as one sentence a reader understands alone."""

from claims.extraction import extract
from tests.claims.extraction.helpers import SEED_BODY, SEED_TITLE, find


def test_seed_figure_is_the_kremlins_with_its_sentence_as_statement():
    candidates = extract(SEED_BODY)
    figure = find(candidates, "casualty", "Three crew and two officers")
    assert figure.claimant.name == "Kremlin"
    assert not figure.by_outlet
    assert figure.statement == (
        "Three crew and two officers from Russia's Reconciliation Center died, "
        "according to a Kremlin statement."
    )
    attribution = candidates[figure.attribution]
    assert attribution.exact == "according to a Kremlin statement"
    assert candidates.index(figure) in attribution.contains


def test_seed_peskov_attribution_states_what_he_confirmed():
    candidates = extract(SEED_BODY)
    peskov = find(candidates, "attribution", "Kremlin spokesman Dmitry Peskov confirmed")
    assert "all those on board are dead" in peskov.statement
    assert peskov.statement.startswith("Kremlin spokesman Dmitry Peskov confirmed")
    inside = [candidates[i] for i in peskov.contains]
    assert [c.exact for c in inside] == ["all those on board are dead"]
    assert inside[0].claimant.name == "Dmitry Peskov"


def test_figure_inside_a_quotation_names_the_speaker_of_the_tag():
    candidates = extract(SEED_BODY)
    figure = find(candidates, "casualty", "Three crew members and two officers")
    assert figure.claimant.name == "Defense Ministry"
    assert figure.statement == (
        "The Defense Ministry said: “Three crew members and two officers from the Russian "
        "Reconciliation Center in Syria were on board.”"
    )


def test_pronoun_speaker_is_spelled_out_in_the_statement():
    candidates = extract(SEED_BODY)
    added = find(candidates, "attribution", "he added")
    assert added.statement.endswith("Kremlin spokesman Dmitry Peskov added.")


def test_figure_nobody_gives_is_the_outlets_own():
    candidates = extract(SEED_BODY)
    figure = find(candidates, "casualty", "killing two Russian pilots")
    assert figure.claimant is None
    assert figure.by_outlet
    assert figure.attribution is None


def test_headline_claim_is_the_headline():
    (figure,) = extract(SEED_TITLE)
    assert figure.statement == SEED_TITLE
    assert figure.by_outlet


def test_headline_source_after_a_dash_gives_the_figure():
    title = "Mi-28N gunship crashes near Homs, both pilots dead – Russian Defense Ministry"
    (figure,) = extract(title)
    assert figure.claimant.name == "Defense Ministry"
    assert not figure.by_outlet
    assert figure.statement == title


def test_every_candidate_has_a_statement():
    assert all(c.statement for c in extract(SEED_BODY))
