"""Numbers: figures, qualifiers and ranges, and the numbers that count nobody."""

import pytest

from tests.claims.extraction.helpers import of_kind, only


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Five people were killed in the blast.", 5),
        ("The blast killed 1,200 people.", 1200),
        ("Twenty-six people were killed.", 26),
        ("Twenty six people were killed.", 26),
        ("A dozen people were killed.", 12),
        ("One hundred and five people were killed.", 105),
        ("Two dozen soldiers were killed.", 24),
        ("The quake killed 3 million people.", 3_000_000),
    ],
)
def test_digits_and_number_words_give_exact_counts(text, count):
    claim = only(text, "casualty")
    assert (claim.count_min, claim.count_max) == (count, count)
    assert claim.category == "killed"


@pytest.mark.parametrize(
    ("text", "exact", "bounds"),
    [
        ("At least 26 people were killed.", "At least 26 people were killed", (26, None)),
        ("Up to 40 passengers are missing.", "Up to 40 passengers are missing", (None, 40)),
        ("More than 20 people died.", "More than 20 people died", (21, None)),
        ("Fewer than 10 people were hurt.", "Fewer than 10 people were hurt", (None, 9)),
        ("Dozens of civilians were injured.", "Dozens of civilians were injured", (24, 99)),
        ("Hundreds of people were evacuated.", "Hundreds of people were evacuated", (200, 999)),
        ("About 50 people were hurt.", "About 50 people were hurt", (45, 55)),
        ("Nearly 200 were injured.", "Nearly 200 were injured", (180, 200)),
        ("Between 10 and 15 people were missing.", "Between 10 and 15 people", (10, 15)),
        ("Several people were killed.", "Several people were killed", (3, 9)),
        (
            "An unknown number of workers were trapped.",
            "An unknown number of workers",
            (None, None),
        ),
    ],
)
def test_qualifiers_and_vague_numbers_give_ranges(text, exact, bounds):
    claim = only(text, "casualty")
    assert exact in claim.exact
    assert (claim.count_min, claim.count_max) == bounds


@pytest.mark.parametrize(
    ("text", "exact", "count", "category"),
    [
        (
            "All five people on board were killed.",
            "All five people on board were killed",
            5,
            "killed",
        ),
        ("The crash left both pilots dead.", "both pilots dead", 2, "killed"),
        ("Both men were killed instantly.", "Both men were killed", 2, "killed"),
        (
            "An Mi-25 was shot down, killing two Russian pilots.",
            "killing two Russian pilots",
            2,
            "killed",
        ),
        ("Gunmen killed all 13 soldiers aboard.", "killed all 13 soldiers aboard", 13, "killed"),
    ],
)
def test_all_n_and_both(text, exact, count, category):
    claim = only(text, "casualty")
    assert claim.exact == exact
    assert (claim.count_min, claim.count_max, claim.category) == (count, count, category)


def test_all_without_a_number_has_no_count():
    claim = only("Officials said all those on board are dead.", "casualty")
    assert claim.exact == "all those on board are dead"
    assert (claim.count_min, claim.count_max, claim.category) == (None, None, "killed")


@pytest.mark.parametrize(
    "text",
    [
        "A Russian Mi-8 helicopter was shot down near Aleppo.",
        "An Mi-28N crashed; a Su-24M and an F-16 were also lost.",
        "In 2016, the government launched an offensive.",
        "A 42-year-old man was arrested on Monday.",
        "The driver, 45, was questioned by police.",
        "On August 1, the convoy reached Aleppo.",
        "It is the third Russian helicopter lost in Syria this year.",
        "At 10:30 a.m. the sirens sounded for two minutes.",
        "The damage was put at $5 million.",
        "The village lies 20 kilometers from the front.",
        "Flight 417 left Jakarta at 9 p.m.",
        "The Syrian Army has lost several aircraft over the last two months.",
    ],
)
def test_names_years_ages_dates_ordinals_times_money_are_not_casualties(text):
    assert of_kind(text, "casualty") == []


def test_age_is_not_the_count():
    claim = only("A 42-year-old man was killed when the wall collapsed.", "casualty")
    assert (claim.count_min, claim.count_max, claim.subject) == (1, 1, "man")


def test_a_model_number_does_not_cut_the_predicate():
    claim = only("All 62 people aboard a Boeing 737-800 were killed.", "casualty")
    assert (claim.count_min, claim.category) == (62, "killed")


# --------------------------------------------------------------------------
# Real-world phrasing from outlets other than wires
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Officials estimate that one in three deaths went unrecorded.",
        "All the injured are receiving the necessary help.",
        "A 32-year-old man has been arrested.",
        "It was one of hundreds of neighbourhood groups.",
        "The assailants arrived on about 30 motorcycles.",
        "More than 45,000 customers were without power.",
    ],
)
def test_ratios_arrests_and_things_are_not_casualties(text):
    assert of_kind(text, "casualty") == []
