"""The consistency rules, each on its own short passages (no database)."""

import datetime as dt
import random
from dataclasses import replace

from bench.throughput import stories
from claims.events import consistency
from claims.events.consistency import Fact, Speaker, find_flags, match_score, propose_matches
from tests.events.passages import all_linked, by_quote, casualties, facts_of


def kinds_and_pairs(flags) -> set[tuple[int, str, int]]:
    return {(f.claim_id, f.kind, f.other_id) for f in flags}


# ------------------------------------------------------------------------------
# Who is counted
# ------------------------------------------------------------------------------
def test_subjects_are_reduced_to_the_group_they_count():
    assert consistency.subject_labels("crew members aboard") == ("crew",)
    assert consistency.subject_labels("crew and officers") == ("crew", "officer")
    assert consistency.subject_labels("people aboard") == ("people",)
    assert consistency.subject_labels("those on board") == ("people",)
    assert consistency.subject_labels("servicemen") == ("soldier",)
    assert consistency.subject_labels("police officers") == ("police",)
    assert consistency.subject_labels("children") == ("child",)


def test_pilots_are_crew_and_officers_are_not():
    assert consistency.related("pilot", "crew")
    assert not consistency.exclusive("pilot", "crew")
    assert consistency.exclusive("crew", "officer")
    assert consistency.exclusive("pilot", "officer")
    assert not consistency.exclusive("officer", "soldier")
    assert not consistency.exclusive("child", "crew")


def test_ranges_agree_with_any_count_inside_them():
    assert consistency.overlap((10, None), (13, 13))
    assert not consistency.overlap((None, 12), (13, 13))
    assert consistency.overlap((9, 11), (10, 10))
    assert consistency.overlap((None, None), (4, 4))  # unknown agrees with anything
    assert not consistency.overlap((5, 5), (4, 4))


# ------------------------------------------------------------------------------
# Parts vs total, inside one article
# ------------------------------------------------------------------------------
def test_all_five_aboard_and_three_crew_and_two_officers_agree():
    facts = facts_of(
        "A Russian helicopter was shot down, and all 5 aboard were killed. "
        "Three crew and two officers died, the ministry said."
    )
    assert len(casualties(facts)) == 2
    assert find_flags(facts, linked=set()) == []


def test_two_officers_among_all_five_crew_members_is_flagged():
    facts = facts_of(
        "The helicopter was shot down, killing all five crew members.\n\n"
        "Two officers were among the dead, the ministry said."
    )
    crew = by_quote(facts, "killing all five crew members")
    officers = by_quote(facts, "Two officers were among the dead")
    flags = find_flags(facts, linked=set())
    assert kinds_and_pairs(flags) == {
        (crew.id, "parts_total", officers.id),
        (officers.id, "parts_total", crew.id),
    }
    message = next(f.message for f in flags if f.claim_id == crew.id)
    assert message == (
        "“killing all five crew members” says all 5 were crew members, but the same article "
        "counts 2 officers among them (“Two officers were among the dead”)."
    )


def test_pilots_among_the_crew_are_not_flagged():
    facts = facts_of(
        "The helicopter crashed, killing all five crew members. Two pilots were among the dead."
    )
    assert len(casualties(facts)) == 2
    assert find_flags(facts, linked=set()) == []


def test_five_crew_members_broken_down_as_crew_and_officers_is_flagged():
    facts = facts_of(
        "All five crew members died in the crash. "
        "Three crew and two officers were killed, the ministry said."
    )
    flags = find_flags(facts, linked=set())
    assert {f.kind for f in flags} == {"parts_total"}
    assert len(flags) == 2


def test_parts_that_do_not_add_up_to_the_total_are_flagged():
    facts = facts_of(
        "All 5 aboard were killed when the helicopter came down. "
        "Three crew and three officers died."
    )
    flags = find_flags(facts, linked=set())
    total = by_quote(facts, "All 5 aboard were killed")
    assert [f.message for f in flags if f.claim_id == total.id] == [
        "“All 5 aboard were killed” says 5 people on board were killed, but the same article "
        "adds up to 6: 3 crew and 3 officers were killed (“Three crew and three officers died”)."
    ]


def test_children_among_the_dead_are_not_a_contradiction():
    facts = facts_of("Five people, including two children, were killed in the blast.")
    assert len(casualties(facts)) == 2
    assert find_flags(facts, linked=set()) == []


def test_part_of_the_injured_is_not_their_number():
    facts = facts_of(
        (
            "Atlas Wire",
            "A blast tore through the fertiliser plant on Tuesday. The governor said "
            "23 people had been injured, four of them seriously.",
        ),
        (
            "Dravik Herald",
            "A blast tore through the fertiliser plant on Tuesday. At the town hospital, "
            "17 of the injured were being treated in the evening.",
        ),
    )
    injured = by_quote(facts, "23 people had been injured")
    part = by_quote(facts, "17 of the injured")
    assert part.among and by_quote(facts, "four of them").among and not injured.among
    assert match_score(injured, part) is None
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_one_victim_of_a_list_is_not_the_toll():
    facts = facts_of(
        (
            "Ostrel Messenger",
            "A lorry hit a minibus on the Ostrel bypass on Saturday. Its driver, a man from "
            "Ostrel, and a 71-year-old woman passenger died at the scene.",
        ),
        (
            "CRT",
            "A lorry hit a minibus on the Ostrel bypass on Saturday. Two people died.",
        ),
    )
    assert by_quote(facts, "a 71-year-old woman passenger died").among
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_border_guards_and_soldiers_are_the_same_dead():
    facts = facts_of(
        (
            "Atlas Wire",
            "A drone hit the border post at Ostrel on Friday. Two soldiers were killed.",
        ),
        (
            "CORA",
            "A drone hit the Ostrel border post on Friday. Two border guards died.",
        ),
    )
    soldiers = by_quote(facts, "Two soldiers were killed")
    guards = by_quote(facts, "Two border guards died")
    assert consistency.related(consistency.label("border guards"), "soldier")
    assert match_score(soldiers, guards) is not None
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_all_of_a_group_is_the_whole_group():
    facts = facts_of("All five of the crew were killed when the helicopter came down.")
    (crew,) = casualties(facts)
    assert not crew.among
    facts = facts_of("Five members of the crew were killed when the helicopter came down.")
    (crew,) = casualties(facts)
    assert not crew.among


def test_a_running_total_is_never_compared_with_the_incident():
    facts = facts_of(
        "Five soldiers were killed on Monday when their convoy was ambushed. "
        "At least 18 soldiers have been killed since the campaign began."
    )
    total = by_quote(facts, "At least 18 soldiers have been killed")
    assert total.cumulative
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_a_figure_about_an_older_incident_is_background():
    facts = facts_of(
        "A Russian Mi-8 helicopter was shot down on Monday, killing all five crew members.\n\n"
        "In July, an Mi-25 attack helicopter was shot down near Palmyra, killing two pilots."
    )
    assert not by_quote(facts, "killing all five crew members").background
    assert by_quote(facts, "killing two pilots").background


# ------------------------------------------------------------------------------
# Across articles
# ------------------------------------------------------------------------------
def test_ten_and_thirteen_killed_in_two_articles_are_flagged_naming_both_sources():
    facts = facts_of(
        ("Daily Planet", "A car bomb exploded at the market. Ten people were killed, police said."),
        (
            "Evening Star",
            "A car bomb exploded at the market on Friday. Thirteen people were killed, "
            "rescuers said.",
        ),
    )
    ten = by_quote(facts, "Ten people were killed")
    thirteen = by_quote(facts, "Thirteen people were killed")
    assert match_score(ten, thirteen) is not None
    flags = find_flags(facts, linked=all_linked(facts))
    assert kinds_and_pairs(flags) == {
        (ten.id, "cross_article", thirteen.id),
        (thirteen.id, "cross_article", ten.id),
    }
    message = next(f.message for f in flags if f.claim_id == ten.id)
    assert message == (
        "“Ten people were killed” (Daily Planet, citing police) says 10 people were killed; "
        "Evening Star, citing rescuers, says 13 people were killed "
        "(“Thirteen people were killed”)."
    )


def test_at_least_ten_agrees_with_thirteen():
    facts = facts_of(
        "A car bomb exploded at the market. At least 10 people were killed, police said.",
        "A car bomb exploded at the market. Thirteen people were killed, rescuers said.",
    )
    assert len(all_linked(facts)) == 1
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_up_to_twelve_does_not_agree_with_thirteen():
    facts = facts_of(
        "A car bomb exploded at the market. Up to 12 people were killed, police said.",
        "A car bomb exploded at the market. Thirteen people were killed, rescuers said.",
    )
    assert len(find_flags(facts, linked=all_linked(facts))) == 2


def test_five_crew_members_and_three_crew_and_two_officers_are_flagged():
    facts = facts_of(
        "The helicopter was shot down over Idlib, killing all five crew members.",
        "Three crew and two officers died when the helicopter was shot down over Idlib.",
    )
    crew = by_quote(facts, "killing all five crew members")
    parts = by_quote(facts, "Three crew and two officers died")
    flags = find_flags(facts, linked=all_linked(facts))
    assert kinds_and_pairs(flags) == {
        (crew.id, "cross_article", parts.id),
        (parts.id, "cross_article", crew.id),
    }


def test_the_same_breakdown_in_two_articles_is_a_match_without_a_flag():
    facts = facts_of(
        "Three crew and two officers died when the helicopter was shot down over Idlib.",
        "The helicopter came down over Idlib; three crew and two officers were killed.",
    )
    assert len(all_linked(facts)) == 1
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_fewer_people_in_all_than_one_group_counts_is_flagged():
    facts = facts_of(
        "The helicopter was shot down over Idlib. Four people on board were killed.",
        "Three crew and two officers died when the helicopter was shot down over Idlib.",
    )
    assert len(find_flags(facts, linked=all_linked(facts))) == 2


AUG_3 = dt.date(2016, 8, 3)
QUAKE_DAY_1 = "An earthquake struck the region on Monday. 120 people were killed, officials said."
QUAKE_DAY_3 = "The earthquake destroyed whole villages. 247 people were killed, officials said."


def test_a_toll_that_rises_over_the_days_is_no_contradiction():
    facts = facts_of(("Wire", QUAKE_DAY_1, dt.date(2016, 8, 1)), ("Daily", QUAKE_DAY_3, AUG_3))
    assert len(all_linked(facts)) == 1
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_a_toll_that_falls_over_the_days_is_flagged_with_both_dates():
    facts = facts_of(("Daily", QUAKE_DAY_3, dt.date(2016, 8, 1)), ("Wire", QUAKE_DAY_1, AUG_3))
    flags = find_flags(facts, linked=all_linked(facts))
    assert len(flags) == 2
    assert flags[0].message == (
        "“247 people were killed” (Daily, citing officials, 1 Aug 2016) says 247 people were "
        "killed; Wire, citing officials, said on 3 Aug 2016 that 120 people were killed "
        "(“120 people were killed”)."
    )


def test_more_of_one_group_later_than_people_in_all_earlier_is_no_contradiction():
    early = "The helicopter was shot down over Idlib. Four people on board were killed."
    late = "Three crew and two officers died when the helicopter was shot down over Idlib."
    rising = facts_of(("A", early, dt.date(2016, 8, 1)), ("B", late, AUG_3))
    assert find_flags(rising, linked=all_linked(rising)) == []
    falling = facts_of(("A", late, dt.date(2016, 8, 1)), ("B", early, AUG_3))
    assert len(find_flags(falling, linked=all_linked(falling))) == 2


def test_a_different_breakdown_is_flagged_whatever_the_days():
    facts = facts_of(
        ("A", "The helicopter was shot down, killing all five crew members.", dt.date(2016, 8, 1)),
        ("B", "Three crew and two officers died when the helicopter was shot down.", AUG_3),
    )
    assert len(find_flags(facts, linked=all_linked(facts))) == 2


def test_figures_are_compared_only_between_matched_claims():
    facts = facts_of(
        "A car bomb exploded at the market. Ten people were killed, police said.",
        "A car bomb exploded at the market. Thirteen people were killed, rescuers said.",
    )
    # A reviewer broke the match: the two figures are about different things.
    assert find_flags(facts, linked=set()) == []


def test_different_groups_and_categories_are_not_matched():
    facts = facts_of(
        "The bus overturned on the highway. Two pilots were killed.",
        "The bus overturned on the highway. Five passengers were killed.",
        "The bus overturned on the highway. Five passengers were injured.",
    )
    assert propose_matches(facts) == {}


def test_older_incidents_and_running_totals_are_not_matched():
    facts = facts_of(
        "In July, an Mi-25 was shot down near Palmyra, killing two pilots.",
        "Two pilots were killed when the Mi-8 was shot down on Monday.",
        "At least 18 servicemen have been killed since the campaign began.",
        "Five servicemen were killed when the Mi-8 was shot down on Monday.",
    )
    assert propose_matches(casualties(facts)) == {}


# ------------------------------------------------------------------------------
# Attribution
# ------------------------------------------------------------------------------
QUOTE = "They died heroically as the crew tried to divert the helicopter away from homes"


def test_the_same_words_attributed_to_two_people_are_flagged():
    facts = facts_of(
        ("RT", f'"{QUOTE}," Kremlin spokesman Dmitry Peskov said.'),
        ("Levant Observer", f'"{QUOTE}," Foreign Ministry spokeswoman Maria Zakharova said.'),
    )
    peskov, zakharova = [f for f in facts if f.kind == "attribution"]
    flags = find_flags(facts, linked=set())
    assert kinds_and_pairs(flags) == {
        (peskov.id, "attribution_conflict", zakharova.id),
        (zakharova.id, "attribution_conflict", peskov.id),
    }
    assert next(f.message for f in flags if f.claim_id == zakharova.id) == (
        "Levant Observer attributes “They died heroically as the crew tried to divert the "
        "helicopter away…” to Maria Zakharova; RT attributes the same words to Dmitry Peskov."
    )


def test_the_same_words_from_one_speaker_under_two_names_are_a_match():
    facts = facts_of(
        f'"{QUOTE}," Kremlin spokesman Dmitry Peskov said.',
        f'"{QUOTE}," Peskov told reporters.',
    )
    assert find_flags(facts, linked=all_linked(facts)) == []
    assert len(propose_matches(facts)) == 1


def test_a_short_common_quote_is_no_attribution_conflict():
    a = Fact(1, 1, "attribution", "x", speaker=Speaker("Dmitry Peskov"), quote="We will respond")
    b = Fact(2, 2, "attribution", "y", speaker=Speaker("Maria Zakharova"), quote="We will respond")
    assert find_flags([a, b], linked=set()) == []


def test_a_quote_relayed_by_an_agency_is_not_misattributed():
    a = Fact(
        1, 1, "attribution", "x", quote=QUOTE,
        speaker=Speaker("Dmitry Peskov", relays=frozenset({"the associated press"})),
    )  # fmt: skip
    b = Fact(2, 2, "attribution", "y", quote=QUOTE, speaker=Speaker("The Associated Press"))
    assert find_flags([a, b], linked=set()) == []


def test_unnamed_speakers_are_never_in_conflict():
    a = Fact(1, 1, "attribution", "x", quote=QUOTE, speaker=Speaker("officials"))
    b = Fact(2, 2, "attribution", "y", quote=QUOTE, speaker=Speaker("Maria Zakharova"))
    assert find_flags([a, b], linked=set()) == []


# ------------------------------------------------------------------------------
# Statements and hedges
# ------------------------------------------------------------------------------
def test_the_same_statement_in_two_articles_is_a_match():
    facts = facts_of(
        "It is the third Russian helicopter lost in action in Syria this year.",
        "It was the third Russian helicopter lost in action in Syria this year.",
    )
    statements = [f for f in facts if f.kind == "statement"]
    assert len(statements) == 2
    assert match_score(*statements) >= consistency.TEXT_MATCH


def test_background_needs_a_date_before_the_article():
    reading = consistency.read_in_article(
        "On August 1, five crew members were killed.", 19, 43, published_on=dt.date(2016, 8, 1)
    )
    assert not reading.background
    reading = consistency.read_in_article(
        "On August 1, five crew members were killed.", 19, 43, published_on=dt.date(2016, 9, 3)
    )
    assert reading.background


# ------------------------------------------------------------------------------
# Updates, superseded figures and who an article credits
# ------------------------------------------------------------------------------
def test_a_toll_told_as_a_rise_is_no_contradiction_even_the_same_day():
    facts = facts_of(
        ("Wire", "Ten people were killed in the ambush on the convoy, the army said."),
        ("Daily", "The death toll has risen to 15, the army said."),
    )
    risen = by_quote(facts, "The death toll has risen to 15")
    assert risen.update
    # Still the same claim: the reviewer sees the newer figure among its matches.
    assert len(all_linked(facts)) == 1
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_a_toll_revised_down_is_no_contradiction_either():
    facts = facts_of(
        ("Wire", "Twelve people were killed in the blast at the market, police said."),
        ("Daily", "Police revised the toll: 9 people were killed in the blast at the market."),
    )
    assert by_quote(facts, "9 people were killed").update
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_a_figure_the_article_says_was_superseded_is_not_compared():
    facts = facts_of(
        ("Wire", "Thirteen soldiers were killed in the ambush, the hospital said."),
        ("Daily", "The army had initially said 10 soldiers were killed in the ambush."),
        (
            "Post",
            "Correction: An earlier version of this article said 10 soldiers were killed "
            "in the ambush.",
        ),
    )
    superseded = [f for f in casualties(facts) if f.exact == "10 soldiers were killed"]
    assert len(superseded) == 2 and all(f.background for f in superseded)
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_the_same_toll_from_different_sources_in_different_articles_is_flagged():
    facts = facts_of(
        ("Wire", "Ten soldiers were killed in the ambush, the army said."),
        ("Courier", "Thirteen soldiers were killed in the ambush, the hospital said."),
    )
    flags = find_flags(facts, linked=all_linked(facts))
    assert flags[0].message == (
        "“Ten soldiers were killed” (Wire, citing army) says 10 soldiers were killed; "
        "Courier, citing hospital, says 13 soldiers were killed (“Thirteen soldiers were killed”)."
    )


def test_two_tolls_an_article_credits_to_different_sources_are_not_flagged_inside_it():
    facts = facts_of(
        "Thirteen soldiers were killed in the attack, the hospital director said. "
        "The army has put the death toll at 10."
    )
    assert len(casualties(facts)) == 2
    assert find_flags(facts, linked=set()) == []


def test_a_breakdown_against_the_total_is_checked_whoever_said_them():
    facts = facts_of(
        "All five crew members died in the crash, the ministry said. "
        "Three crew and two officers were killed, the Kremlin said."
    )
    assert {f.kind for f in find_flags(facts, linked=set())} == {"parts_total"}


def test_the_injured_count_days_apart_is_not_compared():
    facts = facts_of(
        ("Wire", "Eight soldiers were wounded in the ambush, the army said.", dt.date(2016, 8, 1)),
        ("Daily", "Five soldiers were wounded in the ambush, the army said.", AUG_3),
    )
    assert len(all_linked(facts)) == 1
    assert find_flags(facts, linked=all_linked(facts)) == []
    same_day = facts_of(
        ("Wire", "Eight soldiers were wounded in the ambush, the army said."),
        ("Daily", "Five soldiers were wounded in the ambush, the army said."),
    )
    assert len(find_flags(same_day, linked=all_linked(same_day))) == 2


def test_counts_of_nobody_knows_whom_are_never_flagged_or_matched_on_different_numbers():
    facts = facts_of(
        "The coastguard named the four victims on Thursday.",
        "The trawler's crew of six was rescued on Thursday.",
    )
    assert [f.category for f in casualties(facts)] == ["other", "other"]
    assert propose_matches(facts) == {}
    assert find_flags(facts, linked={(1, 2)}) == []


def test_one_flag_per_figure_of_each_other_article():
    facts = facts_of(
        ("State Radio", "Three dead as helicopter crashes. Three people were killed, it said."),
        (
            "Wire",
            "Helicopter crash: 4 dead. Four people were killed in the helicopter crash.",
        ),
    )
    three = by_quote(facts, "Three people were killed")
    flags = [f for f in find_flags(facts, linked=all_linked(facts)) if f.claim_id == three.id]
    # "4 dead" and "Four people were killed" say the same in one article: one flag.
    assert len(flags) == 1


def test_a_running_total_told_in_words_the_extractor_may_miss_is_not_the_incident():
    text = (
        "At least 10 soldiers were killed on Tuesday, the army said. "
        "The deaths bring the total this year to 200 soldiers killed in the province."
    )
    start = text.index("200")
    reading = consistency.read_in_article(text, start, start + len("200 soldiers killed"))
    assert reading.cumulative
    ten = text.index("At least 10")
    assert not consistency.read_in_article(text, ten, ten + 32).cumulative
    brings = "The attack brings to 40 the number of servicemen killed since the offensive began."
    forty = brings.index("40")
    assert consistency.read_in_article(brings, forty, forty + 2).cumulative
    # "Total" alone is not a running total: the scope ("this year", "since ...") says so.
    total = "The total was 12 people killed in the blast."
    twelve = total.index("12")
    assert not consistency.read_in_article(total, twelve, twelve + 2).cumulative


def test_all_the_passengers_is_everyone_on_board_not_a_breakdown():
    facts = facts_of(
        ("Wire", "The plane crashed after take-off, killing all 162 passengers, the airline said."),
        ("TV", "All 155 passengers and seven crew members died when the plane crashed."),
    )
    assert find_flags(facts, linked=all_linked(facts)) == []
    # Still a count: 150 people in all cannot include 155 passengers.
    fewer = facts_of(
        ("Wire", "The plane crashed after take-off, killing all 150 passengers, the airline said."),
        ("TV", "All 155 passengers and seven crew members died when the plane crashed."),
    )
    assert len(find_flags(fewer, linked=all_linked(fewer))) == 2


def test_a_group_the_sentence_itself_names_is_no_other_breakdown():
    # The extractor may take "all five crew" alone; the sentence counts the officers too.
    facts = facts_of(
        "The helicopter crashed, killing all five crew and officers on board. "
        "Three crew and two officers were killed."
    )
    assert find_flags(facts, linked=set()) == []


# ------------------------------------------------------------------------------
# One flag per claim and kind, summing up the other side
# ------------------------------------------------------------------------------
CREW = "The helicopter was shot down over Idlib on Monday, killing all five crew members."
BREAKDOWN = "Three crew and two officers died when the helicopter was shot down over Idlib."


def test_a_figure_three_articles_contradict_gets_one_flag_naming_them_all():
    facts = facts_of(("RT", CREW), ("TASS", BREAKDOWN), ("Reuters", BREAKDOWN), ("AP", BREAKDOWN))
    crew = by_quote(facts, "killing all five crew members")
    breakdowns = [f for f in casualties(facts) if f.exact == "Three crew and two officers died"]
    flags = find_flags(facts, linked=all_linked(facts))
    (flag,) = [f for f in flags if f.claim_id == crew.id]
    assert flag.kind == "cross_article"
    assert flag.others == tuple(f.id for f in breakdowns)
    assert flag.message == (
        "“killing all five crew members” (RT) says 5 crew members were killed; 3 other "
        "articles say 3 crew and 2 officers were killed (TASS; Reuters; AP)."
    )
    # Each breakdown disagrees with RT alone: its flag names RT, quoting it.
    for other in breakdowns:
        (theirs,) = [f for f in flags if f.claim_id == other.id]
        assert theirs.others == (crew.id,)
        assert "(“killing all five crew members”)" in theirs.message
    # One flag per claim and kind, never one per pair.
    assert len({(f.claim_id, f.kind) for f in flags}) == len(flags) == 4


def test_different_figures_against_a_toll_are_summed_up_by_figure_most_given_first():
    market = "A car bomb exploded at the market on Friday."
    facts = facts_of(
        ("Daily Planet", f"{market} Twelve people were killed, police said."),
        ("Evening Star", f"{market} Ten people were killed, rescuers said."),
        ("Courier", f"{market} Thirteen people were killed, the hospital said."),
        ("Wire", f"{market} Ten people were killed, officials said."),
    )
    twelve = by_quote(facts, "Twelve people were killed")
    (flag,) = [f for f in find_flags(facts, linked=all_linked(facts)) if f.claim_id == twelve.id]
    assert flag.message == (
        "“Twelve people were killed” (Daily Planet, citing police) says 12 people were killed; "
        "3 other articles say otherwise: 10 were killed (Evening Star, citing rescuers; Wire, "
        "citing officials); 13 were killed (Courier, citing hospital)."
    )
    ten_star, thirteen, ten_wire = (f for f in casualties(facts) if f.id != twelve.id)
    assert flag.others == (ten_star.id, ten_wire.id, thirteen.id)
    assert flag.other_id == ten_star.id


def test_a_long_list_of_sources_is_cut_short_in_the_message_but_not_in_the_others():
    outlets = [f"Outlet {n}" for n in range(1, 8)]
    facts = facts_of(("RT", CREW), *((name, BREAKDOWN) for name in outlets))
    crew = by_quote(facts, "killing all five crew members")
    (flag,) = [f for f in find_flags(facts, linked=all_linked(facts)) if f.claim_id == crew.id]
    assert "7 other articles say" in flag.message
    assert "(Outlet 1; Outlet 2; Outlet 3; Outlet 4; 3 more)" in flag.message
    assert len(flag.others) == 7


def test_two_figures_of_one_other_article_are_one_flag_quoting_both():
    facts = facts_of(
        ("State Radio", "Three dead as helicopter crashes. Three people were killed, it said."),
        ("Wire", "Helicopter crash: 4 dead. Four people were killed in the helicopter crash."),
    )
    three = by_quote(facts, "Three people were killed")
    (flag,) = [f for f in find_flags(facts, linked=all_linked(facts)) if f.claim_id == three.id]
    assert len(flag.others) == 2
    assert flag.message.count("Wire") == 1


def test_one_quote_credited_to_several_people_is_one_flag_per_claim():
    facts = facts_of(
        ("RT", f'"{QUOTE}," Kremlin spokesman Dmitry Peskov said.'),
        ("Levant Observer", f'"{QUOTE}," Foreign Ministry spokeswoman Maria Zakharova said.'),
        ("TASS", f'"{QUOTE}," said Foreign Ministry spokeswoman Maria Zakharova.'),
    )
    peskov = next(f for f in facts if f.kind == "attribution" and f.source == "RT")
    flags = find_flags(facts, linked=all_linked(facts))
    (flag,) = [f for f in flags if f.claim_id == peskov.id]
    assert len(flag.others) == 2
    assert flag.message == (
        "RT attributes “They died heroically as the crew tried to divert the helicopter "
        "away…” to Dmitry Peskov; Levant Observer and TASS attribute the same words to Maria "
        "Zakharova."
    )
    # The two that agree with each other disagree with RT only.
    assert all(f.others == (peskov.id,) for f in flags if f.claim_id != peskov.id)


def test_a_figure_contradicted_by_two_others_in_its_article_is_one_flag():
    facts = facts_of(
        "Five crew killed in helicopter crash.\n\n"
        "The helicopter was shot down, killing all five crew members.\n\n"
        "Two officers were among the dead, the ministry said."
    )
    officers = by_quote(facts, "Two officers were among the dead")
    flags = [f for f in find_flags(facts, linked=set()) if f.claim_id == officers.id]
    assert len(flags) == 1 and len(flags[0].others) == 2
    assert flags[0].message == (
        "“Two officers were among the dead” counts 2 officers among them, but the same article "
        "says all 5 were crew (“Five crew killed”) and all 5 were crew members (“killing all "
        "five crew members”)."
    )


# ------------------------------------------------------------------------------
# Who speaks for whom
# ------------------------------------------------------------------------------
SAID = "We will respond to this attack with all the force at our disposal"


def attributions(*texts: tuple[str, str]) -> list[Fact]:
    return [f for f in facts_of(*texts) if f.kind == "attribution"]


def test_the_minister_speaking_for_the_ministry_is_no_attribution_conflict():
    ministry, minister = attributions(
        ("RT", f'"{SAID}," the Defence Ministry said in a statement.'),
        ("TASS", f'"{SAID}," Defence Minister Sergei Shoigu said.'),
    )
    assert find_flags([ministry, minister], linked=set()) == []
    # The same claim: matched, so the reviewer sees who each article credits.
    assert match_score(ministry, minister) is not None


def test_a_spokesman_of_the_ministry_or_the_kremlin_speaks_for_it():
    facts = attributions(
        ("RT", f'"{SAID}," the Ministry of Defence said.'),
        ("TASS", f'"{SAID}," Igor Konashenkov, a Defence Ministry spokesman, said.'),
        ("AP", f'"{SAID}," the Kremlin said.'),
    )
    ministry, spokesman, kremlin = facts
    assert consistency.same_speaker(ministry.speaker, spokesman.speaker)
    assert not consistency.same_speaker(kremlin.speaker, spokesman.speaker)
    peskov = consistency.speaker_of(
        "Dmitry Peskov", kind="person", role="Kremlin spokesman", affiliation=["Kremlin"]
    )
    assert consistency.same_speaker(peskov, kremlin.speaker)
    # Without an affiliation, the role names the organization just as well.
    assert consistency.same_speaker(
        consistency.speaker_of("Dmitry Peskov", kind="person", role="Kremlin spokesman"),
        kremlin.speaker,
    )


def test_another_ministry_or_another_person_of_the_same_organization_is_still_a_conflict():
    ministry, zakharova, peskov, ushakov = attributions(
        ("RT", f'"{SAID}," the Defence Ministry said in a statement.'),
        ("Levant Observer", f'"{SAID}," Foreign Ministry spokeswoman Maria Zakharova said.'),
        ("TASS", f'"{SAID}," Kremlin spokesman Dmitry Peskov said.'),
        ("AP", f'"{SAID}," Kremlin aide Yuri Ushakov said.'),
    )
    assert not consistency.same_speaker(ministry.speaker, zakharova.speaker)
    # Both speak for the Kremlin, but they are two people: who said it?
    assert not consistency.same_speaker(peskov.speaker, ushakov.speaker)
    flagged = {
        frozenset({f.claim_id, other})
        for f in find_flags([ministry, zakharova, peskov, ushakov], linked=set())
        for other in f.others
    }
    assert frozenset({ministry.id, zakharova.id}) in flagged
    assert frozenset({peskov.id, ushakov.id}) in flagged


def test_ministries_both_called_the_ministry_are_not_one_speaker():
    transport = consistency.speaker_of(
        "Transport Ministry",
        kind="organization",
        aliases=["the Ministry of Transport", "the ministry"],
    )
    defence = consistency.speaker_of(
        "Defense Ministry", kind="organization", aliases=["the Defence Ministry", "the ministry"]
    )
    assert not consistency.same_speaker(transport, defence)
    minister = consistency.speaker_of("Elena Sorova", kind="person", role="Minister")
    # "Minister Sorova" of an unnamed ministry may speak for either: no conflict.
    assert consistency.same_speaker(minister, defence)


def test_unnamed_groups_of_officials_are_nobody_in_particular():
    assert consistency.speaker_of("Russian officials", kind="unknown").generic
    assert consistency.speaker_of("Western diplomats").generic
    assert not consistency.speaker_of("Maria Zakharova").generic


# ------------------------------------------------------------------------------
# Figures over time (the claim page's "also reported by")
# ------------------------------------------------------------------------------
MAR_14, MAR_15 = dt.date(2023, 3, 14), dt.date(2023, 3, 15)


def test_a_matched_figure_is_placed_in_the_story_s_timeline():
    ten = consistency.Reported((10, 10), MAR_14, "Ten soldiers were killed, the army said.")
    risen = consistency.Reported((15, 15), MAR_15, "The death toll rose to 15 on Wednesday.")
    later = consistency.Reported((15, 15), MAR_15, "Fifteen soldiers were killed.")
    same = consistency.Reported((10, 10), MAR_15, "Ten soldiers died.")
    at_least = consistency.Reported((10, None), MAR_14, "At least 10 were killed.")
    thirteen = consistency.Reported((13, 13), MAR_14, "Thirteen soldiers were killed.")
    initially = consistency.Reported((10, 10), MAR_15, "The army had initially said 10.")
    assert consistency.timeline(ten, risen) == "update"
    # A higher figure published later is an update, whatever its words; a lower one is
    # only reported later.
    assert consistency.timeline(ten, later) == "update"
    assert consistency.timeline(later, consistency.Reported((10, 10), dt.date(2023, 3, 16))) == (
        "later"
    )
    assert consistency.timeline(risen, ten) == "earlier"
    assert consistency.timeline(ten, same) == "same"
    # A range agrees with a count inside it, but is not the same figure.
    assert consistency.timeline(thirteen, at_least) == "within"
    assert consistency.within(thirteen.total, at_least.total) == "13 is within “at least 10”"
    assert consistency.timeline(ten, thirteen) == "differs"
    assert consistency.timeline(risen, initially) == "superseded"
    # The same day, the update is the newer figure either way round.
    risen_today = consistency.Reported((15, 15), MAR_14, "The toll has risen to 15.")
    assert consistency.timeline(ten, risen_today) == "update"
    assert consistency.timeline(risen_today, ten) == "earlier"
    assert consistency.timeline(ten, consistency.Reported((None, None), MAR_15)) == ""


def test_bodies_recovered_since_are_part_of_the_toll_not_another_toll():
    facts = facts_of(
        ("Wire", "Twelve people were killed when the ferry capsized on Lake Varn."),
        (
            "Daily",
            "Divers recovered five more bodies from the ferry that capsized on Lake Varn, "
            "police said. More than 10 people were killed, police said.",
        ),
    )
    five = by_quote(facts, "five more bodies")
    assert five.among
    assert not by_quote(facts, "More than 10 people were killed").among
    assert all(five.id not in pair for pair in all_linked(facts))
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_at_least_14_and_16_are_consistent_not_the_same_figure():
    at_least = consistency.Reported((14, None), MAR_14, "At least 14 people were killed.")
    sixteen = consistency.Reported((16, 16), MAR_14, "Sixteen people were killed.")
    assert consistency.timeline(at_least, sixteen) == "within"
    assert consistency.timeline(sixteen, at_least) == "within"
    assert consistency.TIMELINE["within"] == "Consistent"
    assert consistency.within(at_least.total, sixteen.total) == "16 is within “at least 14”"
    assert consistency.within((10, 15), (12, 20)) == "“10–15” and “12–20” overlap"


def test_an_undated_report_is_not_ordered():
    nine = consistency.Reported((9, 9), MAR_14, "Nine people are missing.")
    seven = consistency.Reported((7, 7), None, "Seven people are still missing.")
    assert consistency.timeline(nine, seven) == "undated"
    assert consistency.TIMELINE["undated"] == "Undated: order unknown"
    # Told as an update, the words say which is newer even without a date.
    risen = consistency.Reported((12, 12), None, "The toll rose to 12.")
    assert consistency.timeline(nine, risen) == "update"


def test_a_later_higher_figure_is_never_flagged_as_a_contradiction():
    facts = facts_of(
        ("Wire", "Nine people were killed when the bus crashed near Tolk on Monday.", MAR_14),
        ("Radio", "Twelve people were killed when the bus crashed near Tolk on Monday.", MAR_15),
    )
    assert find_flags(facts, linked=all_linked(facts)) == []


def test_figures_one_article_credits_to_sources_that_disagree_are_flagged_naming_both():
    (fact,) = casualties(facts_of(("Courier", "Thirteen soldiers were killed on Tuesday.")))
    hospital = replace(fact, cited="District hospital")
    army = replace(
        fact,
        id=fact.id + 1000,
        exact="Ten soldiers were killed",
        cited="Army",
        count_min=10,
        count_max=10,
    )
    flag, other = find_flags([hospital, army], linked=[])
    assert flag.kind == other.kind == "claimants_differ"
    assert "District hospital says 13" in flag.message
    assert "Army says 10" in flag.message
    assert flag.message.startswith("Courier gives figures from sources that disagree")
    # Sources that agree: nothing.
    assert find_flags([hospital, replace(army, count_min=13, count_max=13)], linked=[]) == []


def test_matches_in_turn_are_those_each_arrival_makes_with_the_claims_before_it():
    texts = [text for _day, _outlet, _title, text in stories(random.Random(3), 9)]
    by_article: dict[int, list[Fact]] = {}
    for fact in facts_of(*texts):
        by_article.setdefault(fact.article_id, []).append(fact)
    present, *arrivals = by_article.values()
    expected, there = {}, list(present)
    for arriving in arrivals:
        there += arriving
        expected.update(propose_matches(there, only={fact.id for fact in arriving}))
    found = consistency.propose_matches_in_turn(present, arrivals)
    assert len(found) > 10
    assert list(found.items()) == list(expected.items())  # the same pairs, in the same order
