"""Who gives each figure, and each claim as one sentence a reader understands alone."""

import pytest

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


# --------------------------------------------------------------------------
# Who gives a figure: the rules, one phrasing each
# --------------------------------------------------------------------------


def _figure(text, exact):
    candidates = extract(text)
    return candidates, find(candidates, "casualty", exact)


@pytest.mark.parametrize(
    ("text", "exact", "claimant"),
    [
        # the same clause
        (
            "A quarry wall collapsed, killing at least nine workers, the state civil "
            "protection office said.",
            "killing at least nine workers",
            "state civil protection office",
        ),
        # reported speech
        (
            "Governor Ana Ruiz said 61 people had been taken to hospitals.",
            "61 people had been taken to hospitals",
            "Ana Ruiz",
        ),
        # "according to" anywhere in the sentence
        (
            "According to the regional health department, 41 people were taken to hospital.",
            "41 people were taken to hospital",
            "regional health department",
        ),
        # the speaker's own span takes in the figure
        (
            "A regional official put the death toll at 52, while residents said 20 died.",
            "the death toll at 52",
            "regional official",
        ),
        # a passive agent
        (
            "Since the cyclone, 213 deaths have been confirmed by the National Disaster "
            "Office, with a further 96 people reported missing.",
            "a further 96 people",
            "National Disaster Office",
        ),
        # a relay quoting a document names its author
        (
            "KCNA said 13 people had died in floods, quoting a statement from the "
            "country's emergency committee.",
            "13 people had died",
            "emergency committee",
        ),
        # a progressive reporting verb
        (
            "The agency is now confirming three people dead.",
            "three people dead",
            "agency",
        ),
    ],
)
def test_figure_takes_the_claimant_that_governs_it(text, exact, claimant):
    _, figure = _figure(text, exact)
    assert figure.claimant is not None
    assert figure.claimant.name == claimant
    assert not figure.by_outlet


def test_figure_in_a_quotation_across_sentences_is_the_speakers():
    text = (
        '"The first wave hit the harbour at dawn. Three fishermen were found dead on '
        'the beach," district chief Arief Santoso said by telephone.'
    )
    _, figure = _figure(text, "Three fishermen were found dead")
    assert figure.claimant.name == "Arief Santoso"
    assert figure.statement.startswith("District chief Arief Santoso said: “Three fishermen")


def test_reported_speech_inside_a_quotation_is_relayed_by_the_speaker():
    text = (
        "Our reporter Hani Mahmoud said rescuers were digging. “Entire families were "
        "inside. Civil defence teams say dozens of people could still be under the "
        "debris,” he said."
    )
    _, figure = _figure(text, "dozens of people could still be under the debris")
    assert figure.claimant.name.lower() == "civil defence teams"
    assert [v.name for v in figure.via] == ["Hani Mahmoud"]


def test_relay_chain_comes_with_the_figure():
    text = (
        "Gunmen killed 23 villagers at a market, the state broadcaster RTN reported, "
        "citing local officials."
    )
    _, figure = _figure(text, "killed 23 villagers")
    assert figure.claimant.name == "local officials"
    assert [v.name for v in figure.via] == ["RTN"]


def test_figure_in_the_speakers_description_is_the_outlets():
    text = '"They shot at us," said Brian Otieno, a 23-year-old student who was wounded in the leg.'
    _, figure = _figure(text, "a 23-year-old student who was wounded")
    assert figure.claimant is None
    assert figure.by_outlet


def test_transcript_turn_gives_its_speaker_and_the_anchor_is_the_outlet():
    text = (
        "LISA CHO, ANCHOR: A shooting at a mall has left two people dead.\n\n"
        "CAPTAIN ROSA MENDEZ, SAN ANTONIO POLICE: When officers arrived they located "
        "five victims. Two of those victims were pronounced dead at the scene."
    )
    candidates = extract(text)
    assert find(candidates, "casualty", "two people dead").by_outlet
    figure = find(candidates, "casualty", "Two of those victims")
    assert figure.claimant.name == "Rosa Mendez"
    assert "Rosa Mendez" in figure.statement


def test_a_release_heading_names_who_gives_its_figures():
    text = (
        "STATEMENT BY THE GENERAL STAFF OF THE ARMED FORCES\n\n"
        "The attack was repelled. Four servicemen of the border guard were killed."
    )
    _, figure = _figure(text, "Four servicemen")
    assert figure.claimant.name == "General Staff"
    assert figure.statement.endswith("according to the General Staff.")


def test_headline_source_may_be_lowercase_after_its_first_word():
    (figure,) = extract("Ambush on convoy leaves 12 soldiers dead – Malian army")
    assert figure.claimant.name.lower() == "malian army"


# --------------------------------------------------------------------------
# Statements
# --------------------------------------------------------------------------


def test_statement_spells_out_a_short_reference_to_an_organization():
    text = (
        "Flooding killed 48 people, the National Disaster Management Authority said. "
        "The authority said 112 people had been injured."
    )
    _, figure = _figure(text, "112 people had been injured")
    assert figure.statement == (
        "The National Disaster Management Authority said 112 people had been injured."
    )


def test_statement_names_the_speaker_a_pronoun_opens_with():
    text = (
        "Russia's defence ministry said its forces had killed up to 60 fighters. "
        "It gave no evidence, and Reuters could not independently verify the claim."
    )
    hedge = find(extract(text), "unverified", "Reuters could not independently verify the claim")
    assert hedge.statement.startswith("The Defense Ministry gave no evidence")


def test_a_record_keeps_its_it():
    text = "Fourteen people died, police said. It was the deadliest crash in the region since 2011."
    record = find(extract(text), "statement", "It was the deadliest crash in the region since 2011")
    assert record.statement.startswith("It was the deadliest crash")


def test_long_sentence_is_trimmed_to_the_clause_and_keeps_its_speaker():
    text = (
        "The storm flattened hundreds of homes along the coast and cut power to most of "
        "the province, where roads remain closed by fallen trees and landslides and where "
        "aid convoys have not yet reached the worst-hit villages in the mountains; at least "
        "nine people were killed, police said, and many more are feared trapped in the "
        "rubble of collapsed buildings in the district capital."
    )
    _, figure = _figure(text, "at least nine people were killed")
    assert figure.claimant.name == "police"
    assert len(figure.statement) < len(text)
    assert figure.statement.startswith("At least nine people were killed, police said")


def test_attribution_lists_every_figure_in_what_was_said():
    text = (
        '"Two soldiers were killed and five others wounded when their vehicle struck a '
        'bomb," the army said.'
    )
    candidates = extract(text)
    attribution = find(candidates, "attribution", "the army said")
    inside = [candidates[i].exact for i in attribution.contains]
    assert inside == ["Two soldiers were killed", "five others wounded"]
    for index in attribution.contains:
        assert candidates[candidates[index].attribution] is attribution


def test_quoted_as_saying_relays_the_figure_through_the_broadcaster():
    text = "State television quoted the governor as saying that 11 people had died."
    _, figure = _figure(text, "11 people had died")
    assert figure.claimant.name == "governor"
    assert [v.name for v in figure.via] == ["state television"]
    assert figure.statement == text


def test_a_speaker_of_a_cause_does_not_give_the_figure_before_it():
    text = (
        "The crash left both pilots dead, with technical failure cited by Moscow as the "
        "likely cause of the accident."
    )
    _, figure = _figure(text, "both pilots dead")
    assert figure.claimant is None
    assert figure.by_outlet
