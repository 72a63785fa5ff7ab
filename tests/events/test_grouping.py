"""Grouping articles into events: fingerprints, similarity, the proposal (no database)."""

import datetime as dt

from claims.events import grouping
from claims.events.grouping import Candidate, fingerprint, place_of, propose, similarity

AUG_1 = dt.date(2016, 8, 1)

SHOT_DOWN = (
    "Russian Mi-8 helicopter downed in Idlib, five crew killed",
    "A Russian Mi-8 transport helicopter was shot down over Syria's Idlib province on Monday, "
    "killing all five crew members on board, the Defense Ministry said.\n\n"
    "The aircraft was flying back to the Khmeimim air base after an aid delivery to Aleppo.",
)
SHOT_DOWN_AGAIN = (
    "Five Russians die as helicopter is shot down near Aleppo",
    "Three crew and two officers died when their Mi-8 helicopter was brought down over "
    "rebel-held Idlib on Monday, on its way back from an aid delivery to Aleppo.\n\n"
    "Moscow said the aircraft was returning to the Khmeimim base near Latakia.",
)
NO_MODEL_NAME = (
    "Russian military helicopter shot down in Syria, five dead",
    "Five Russian servicemen were killed when their helicopter was shot down over northern "
    "Syria, the defence ministry in Moscow said on Monday.\n\n"
    "The helicopter had delivered aid to the besieged city of Aleppo and was flying back to "
    "the Hmeimim air base when it came under fire.",
)
AIRSTRIKES = (
    "Airstrikes on eastern Aleppo kill 12 civilians, activists say",
    "Airstrikes killed 12 civilians in rebel-held eastern Aleppo on Tuesday, activists said, "
    "as fighting for control of the divided city intensified.\n\n"
    "Russian and Syrian officials said the humanitarian corridors remain open.",
)
NEPAL = (
    "Helicopter crash in Nepal kills seven",
    "A helicopter carrying tourists crashed in a remote district of western Nepal on Tuesday, "
    "killing all seven people on board, officials said.",
)
SIBERIA = (
    "Mi-8 makes emergency landing in Siberia, no injuries",
    "A Mi-8 helicopter carrying oil workers made an emergency landing near Surgut in western "
    "Siberia on Wednesday after an engine failure, regional officials said.",
)


def test_model_names_numbers_and_places_are_distinctive_tokens():
    fp = fingerprint(*SHOT_DOWN)
    assert {"m:mi8", "idlib", "helicopter", "#5"} <= set(fp.weights)
    # Number words and digits are one token; "Mi-8" is never the number 8.
    assert "#8" not in fp.weights
    assert fp.top(2)[0] == "m:mi8"
    assert "idlib" in fp.names and "russian" not in fp.names  # demonyms are weak names


def test_two_reports_of_the_shoot_down_are_similar():
    assert similarity(fingerprint(*SHOT_DOWN), fingerprint(*SHOT_DOWN_AGAIN)) >= 0.45
    assert similarity(fingerprint(*SHOT_DOWN), fingerprint(*NO_MODEL_NAME)) >= 0.45


def test_another_story_from_the_same_city_and_day_is_not():
    assert similarity(fingerprint(*SHOT_DOWN), fingerprint(*AIRSTRIKES)) < 0.2


def test_another_helicopter_crash_elsewhere_is_not_even_with_the_same_model():
    # No place, person or thing in common: the similarity is 0, whatever the words.
    assert similarity(fingerprint(*SHOT_DOWN), fingerprint(*NEPAL)) == 0
    assert similarity(fingerprint(*SHOT_DOWN), fingerprint(*SIBERIA)) == 0


def test_the_proposal_picks_the_event_of_the_most_similar_article():
    candidates = [
        Candidate(event_id=1, article_id=10, published_on=AUG_1, fingerprint=fingerprint(*NEPAL)),
        Candidate(
            event_id=2, article_id=11, published_on=AUG_1, fingerprint=fingerprint(*AIRSTRIKES)
        ),
        Candidate(
            event_id=3, article_id=12, published_on=AUG_1, fingerprint=fingerprint(*SHOT_DOWN)
        ),
    ]
    proposal = propose(fingerprint(*SHOT_DOWN_AGAIN), AUG_1, candidates)
    assert proposal is not None and proposal.event_id == 3 and proposal.article_id == 12


def test_nothing_is_proposed_below_the_threshold():
    candidates = [
        Candidate(event_id=1, article_id=10, published_on=AUG_1, fingerprint=fingerprint(*NEPAL))
    ]
    assert propose(fingerprint(*SHOT_DOWN), AUG_1, candidates) is None


def test_articles_more_than_three_days_apart_are_not_grouped():
    far = AUG_1 + dt.timedelta(days=grouping.WINDOW_DAYS + 1)
    near = AUG_1 + dt.timedelta(days=grouping.WINDOW_DAYS)
    fp = fingerprint(*SHOT_DOWN)
    same = [Candidate(event_id=1, article_id=1, published_on=AUG_1, fingerprint=fp)]
    assert propose(fingerprint(*SHOT_DOWN_AGAIN), far, same) is None
    assert propose(fingerprint(*SHOT_DOWN_AGAIN), near, same) is not None


def test_an_undated_article_needs_a_closer_match():
    assert grouping.threshold(None, AUG_1) > grouping.threshold(AUG_1, AUG_1)
    fp = fingerprint(*SHOT_DOWN)
    same = [Candidate(event_id=1, article_id=1, published_on=AUG_1, fingerprint=fp)]
    # The identical text matches even without a date.
    assert propose(fingerprint(*SHOT_DOWN), None, same) is not None


def test_ties_go_to_the_older_event_so_proposals_are_stable():
    fp = fingerprint(*SHOT_DOWN)
    candidates = [
        Candidate(event_id=7, article_id=1, published_on=AUG_1, fingerprint=fp),
        Candidate(event_id=4, article_id=2, published_on=AUG_1, fingerprint=fp),
    ]
    assert propose(fp, AUG_1, candidates).event_id == 4


def test_a_headline_repeated_as_the_first_paragraph_counts_once():
    title, text = SHOT_DOWN
    assert fingerprint(title, f"{title}\n\n{text}") == fingerprint(title, text)


def test_the_place_comes_from_the_headline_or_the_first_paragraph():
    assert place_of(*SHOT_DOWN) == "Idlib"
    assert place_of(*NEPAL) == "Nepal"
    assert place_of("Blast at a market", "A bomb went off on Friday.") == ""


def test_shared_tokens_explain_a_grouping():
    shared = grouping.shared(fingerprint(*SHOT_DOWN), fingerprint(*SHOT_DOWN_AGAIN))
    assert {"mi8", "idlib", "aleppo"} <= set(shared)


MAR_14, MAR_16 = dt.date(2023, 3, 14), dt.date(2023, 3, 16)
CONVOY = (
    "At least 10 soldiers killed in ambush on army convoy near Veldan",
    "VELDAN (Meridian Press) — At least 10 soldiers were killed on Tuesday when militants "
    "ambushed an army convoy near the town of Veldan in Karsh province, army spokesman "
    "Colonel Tomas Brenner said.\n\n"
    "No group has claimed the attack, but the Southern Front militia has carried out "
    "similar attacks on the Veldan road.",
)
CONVOY_NO_DAY = (
    "Convoy ambush: ten soldiers killed near Veldan",
    "Ten soldiers have been killed in an ambush on an army convoy near Veldan, in the "
    "province of Karsh, the army says.\n\n"
    "Militants set off roadside bombs before opening fire, Col Tomas Brenner said. It is "
    "the deadliest attack since the offensive against the Southern Front began.",
)
CHECKPOINT = (
    "Four police officers killed in attack on checkpoint near Veldan",
    "VELDAN (Meridian Press) — Gunmen attacked a police checkpoint at the entrance to "
    "Veldan on Thursday night, killing four police officers in Karsh province.\n\n"
    "The attack came two days after an ambush on an army convoy on the same road killed "
    "15 soldiers. The Southern Front did not immediately comment.",
)
TOLL_RISES = (
    "Toll in convoy ambush rises to 15",
    "VELDAN (Meridian Press) — The death toll from Tuesday's ambush on an army convoy near "
    "Veldan in Karsh province rose to 15 on Wednesday, the army said.\n\n"
    "Colonel Tomas Brenner had initially said 10 soldiers were killed.",
)


def test_the_days_a_lead_names_are_read_against_the_publication_date():
    def days(text: str, on: dt.date) -> set[dt.date]:
        return set(grouping.happening_days(fingerprint("Title", text), on))

    assert days("A bomb went off on Tuesday.", MAR_16) == {MAR_14}  # 16 March is a Thursday
    assert days("A bomb went off on Thursday.", MAR_16) == {MAR_16}
    assert days("Tuesday's ambush killed ten.", MAR_16) == {MAR_14}
    assert days("ORSK, March 14 (ESNA) — A bomb went off.", MAR_16) == {MAR_14}
    assert days("A bomb went off yesterday.", MAR_16) == {dt.date(2023, 3, 15)}
    # Around midnight: "late on Tuesday" and "early Wednesday" may be the same hour.
    mar_15 = dt.date(2023, 3, 15)
    assert days("A bomb went off late on Tuesday.", MAR_16) == {MAR_14, mar_15}
    assert days("A bomb went off on Tuesday night.", MAR_16) == {MAR_14, mar_15}
    assert days("A bomb went off early Wednesday.", MAR_16) == {MAR_14, mar_15}
    assert days("A bomb went off in the market.", MAR_16) == set()
    # Only the headline and the first paragraph say when it happened.
    assert days("A bomb went off.\n\nOn Monday, another one did.", MAR_16) == set()
    assert grouping.happening_days(fingerprint("T", "On Tuesday."), None) == frozenset()


def test_another_attack_in_the_same_town_two_days_later_is_not_grouped():
    # Same town, province, militia, and it even recalls the ambush: only the day differs.
    candidates = [
        Candidate(event_id=1, article_id=1, published_on=MAR_14, fingerprint=fingerprint(*CONVOY)),
        # A report of the ambush that names no day: the event still happened on the 14th.
        Candidate(
            event_id=1, article_id=2, published_on=MAR_14, fingerprint=fingerprint(*CONVOY_NO_DAY)
        ),
    ]
    assert similarity(fingerprint(*CHECKPOINT), fingerprint(*CONVOY_NO_DAY)) >= 0.3
    assert propose(fingerprint(*CHECKPOINT), MAR_16, candidates) is None


def test_an_update_a_day_later_that_recalls_the_day_joins_its_event():
    candidates = [
        Candidate(event_id=1, article_id=1, published_on=MAR_14, fingerprint=fingerprint(*CONVOY))
    ]
    proposal = propose(fingerprint(*TOLL_RISES), dt.date(2023, 3, 15), candidates)
    assert proposal is not None and proposal.event_id == 1


def test_a_local_paper_named_after_its_town_still_tells_of_the_town():
    fp = fingerprint(
        "13 soldiers dead after convoy attack on Veldan road",
        "Thirteen soldiers were killed on the Veldan road, Dr. Anja Merz told the Courier.",
        outlet="The Veldan Courier",
    )
    assert "veldan" in fp.names
    assert "courier" not in fp.weights


def test_the_outlet_and_its_initials_are_not_names_of_the_story():
    fp = fingerprint(
        "Defence minister vows response",
        "ORSK, March 14 (ESNA) — Ten servicemen were killed near Veldan, the Estravian State "
        "News Agency reported. ESNA's correspondent saw the convoy.",
        outlet="Estravian State News Agency",
    )
    assert "esna" not in fp.weights
    assert "estravian" not in fp.weights
    assert "veldan" in fp.names


def test_the_place_after_a_possessive_or_off_a_coast():
    assert place_of("Ambush in Estravia's Karsh province kills 10", "") == "Karsh"
    assert place_of("Helicopter crashes off Skarra during rescue", "") == "Skarra"
