"""Casualty claims: counted groups and their parts, categories, running totals."""

import pytest

from tests.claims.extraction.helpers import SEED_TITLE, find, of_kind, only


def test_parts_are_summed():
    claim = only("Three crew and two officers died in the crash.", "casualty")
    assert claim.exact == "Three crew and two officers died"
    assert (claim.count_min, claim.count_max, claim.category) == (5, 5, "killed")
    assert claim.parts == [{"count": 3, "who": "crew"}, {"count": 2, "who": "officers"}]
    assert claim.subject == "crew and officers"


def test_definite_singulars_are_summed():
    claim = only("The pilot and the co-pilot were killed when the jet crashed.", "casualty")
    assert claim.exact == "The pilot and the co-pilot were killed"
    assert (claim.count_min, claim.count_max, claim.category) == (2, 2, "killed")
    assert claim.parts == [{"count": 1, "who": "pilot"}, {"count": 1, "who": "co-pilot"}]


def test_parts_sum_across_an_including_aside():
    text = "The plane carried 50 passengers, including seven children, and 12 crew members."
    claims = of_kind(text, "casualty")
    total = find(claims, "casualty", "50 passengers")
    assert (total.count_min, total.count_max, total.category) == (62, 62, "aboard")
    children = find(claims, "casualty", "seven children")
    assert (children.count_min, children.category) == (7, "aboard")


def test_a_subset_is_not_added_to_the_group():
    claims = of_kind("Three soldiers, two of them officers, were wounded.", "casualty")
    assert [(c.exact, c.count_min, c.category) for c in claims] == [
        ("Three soldiers", 3, "injured"),
        ("two of them officers", 2, "injured"),
    ]


def test_including_clause_shares_the_fate_of_the_group():
    claims = of_kind("The strike killed 19 civilians, including five children.", "casualty")
    assert [(c.count_min, c.category) for c in claims] == [(19, "killed"), (5, "killed")]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Twelve people were wounded.", "injured"),
        ("Four people were hurt.", "injured"),
        ("Eighteen people were taken to hospital.", "injured"),
        ("The ferry had 40 passengers on board.", "aboard"),
        ("The plane was carrying 132 people.", "aboard"),
        ("Seven fishermen are missing.", "missing"),
        ("Four people were unaccounted for.", "missing"),
        ("Rescuers evacuated 200 residents.", "other"),
        ("Twelve miners remain trapped.", "other"),
        ("Nine people lost their lives.", "killed"),
        ("The death toll rose to 26.", "killed"),
        ("Among the dead were three children.", "killed"),
    ],
)
def test_casualty_categories(text, category):
    assert only(text, "casualty").category == category


def test_a_number_must_count_people():
    assert of_kind("Floods destroyed 400 homes and 12 bridges.", "casualty") == []
    assert of_kind("The army deployed 200 soldiers to the area.", "casualty") == []


def test_no_one_hurt_is_a_zero_count():
    claim = only("No one was hurt, the governor said.", "casualty")
    assert (claim.exact, claim.count_min, claim.count_max) == ("No one was hurt", 0, 0)


def test_cumulative_totals_are_flagged():
    running = only("More than 1,300 people have died since the start of the war.", "casualty")
    assert running.cumulative
    assert not only("Five people died on Monday.", "casualty").cumulative


def test_only_the_running_total_in_a_sentence_is_cumulative():
    text = "Ten people were killed on Monday, bringing the total this year to 200."
    incident, total = of_kind(text, "casualty")
    assert (incident.exact, incident.count_min, incident.cumulative) == (
        "Ten people were killed",
        10,
        False,
    )
    assert (total.exact, total.count_min, total.cumulative) == (
        "bringing the total this year to 200",
        200,
        True,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Twelve people were killed in the deadliest attack since 2019, police said.",
        "The blast killed 30 people, the worst attack on the city this year.",
        "Four climbers died on Sunday in the third fatal accident on the peak this year.",
    ],
)
def test_a_record_is_not_a_running_total(text):
    assert not only(text, "casualty").cumulative


def test_a_running_total_after_the_speaker_and_its_parts():
    text = (
        "Four health workers were killed on Monday, the ministry said, bringing to 31 the "
        "number of health workers killed since the outbreak began."
    )
    incident, total = of_kind(text, "casualty")
    assert not incident.cumulative
    assert total.exact == "bringing to 31 the number of health workers killed"
    assert (total.count_min, total.category, total.subject, total.cumulative) == (
        31,
        "killed",
        "health workers",
        True,
    )
    parts = of_kind(
        "The virus has killed 1,200 people so far this year, including 40 children.", "casualty"
    )
    assert [(c.count_min, c.cumulative) for c in parts] == [(1200, True), (40, True)]
    scope_first = only("Since the war began, 500 civilians have been killed.", "casualty")
    assert scope_first.cumulative
    long_scope = only(
        "The attack brings to 40 the number of servicemen killed since the offensive "
        "against the Southern Front began in January.",
        "casualty",
    )
    assert (long_scope.count_min, long_scope.subject, long_scope.cumulative) == (
        40,
        "servicemen",
        True,
    )


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ("Two wounded soldiers died in hospital on Tuesday.", "Two wounded soldiers died"),
        ("The second blast killed two wounded soldiers.", "killed two wounded soldiers"),
        ("An injured firefighter died on Friday.", "An injured firefighter died"),
        ("Three injured passengers later died, the hospital said.", "Three injured passengers"),
    ],
)
def test_the_verb_decides_the_fate_not_a_participle(text, exact):
    claim = find(of_kind(text, "casualty"), "casualty", exact)
    assert claim.category == "killed"


def test_a_participle_still_counts_when_the_verb_names_no_fate():
    claim = only("Three wounded climbers were rescued from the ridge.", "casualty")
    assert (claim.count_min, claim.category) == (3, "injured")
    claim = only("Five injured people were taken to hospital.", "casualty")
    assert claim.category == "injured"


def test_a_group_of_two_kinds_is_one_count():
    claim = only("The jet crashed into the sea, killing all 162 passengers and crew.", "casualty")
    assert claim.exact == "killing all 162 passengers and crew"
    assert (claim.count_min, claim.count_max, claim.category) == (162, 162, "killed")
    assert claim.subject == "passengers and crew"
    assert claim.parts == []
    # a second count is a sum of parts, not one group
    sum_of_parts = only("Three crew and two officers died.", "casualty")
    assert [p["count"] for p in sum_of_parts.parts] == [3, 2]
    # and the police who speak are not among the dead
    claim = only("The bomb killed two soldiers and police said more were hurt.", "casualty")
    assert claim.subject == "soldiers"


def test_all_aboard_dead_carries_both_facts():
    claim = only(SEED_TITLE, "casualty")
    assert (claim.count_min, claim.count_max, claim.category) == (5, 5, "killed")
    assert claim.parts == [{"count": 5, "who": "people on board"}]
    crew = only("The plane crashed, killing all five crew members on board.", "casualty")
    assert crew.parts == [{"count": 5, "who": "crew members on board"}]
    # "on board" alone is one fact: no parts
    aboard = only("The ferry had 300 people aboard.", "casualty")
    assert (aboard.category, aboard.parts) == ("aboard", [])
    # an unknown number has no count to record
    unknown = only("All those on board are dead.", "casualty")
    assert (unknown.count_min, unknown.parts) == (None, [])


# --------------------------------------------------------------------------
# Real-world phrasing from outlets other than wires
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exact", "bounds", "category"),
    [
        (
            "A man in his 50s and a woman in her 70s were pronounced dead at the scene.",
            "A man in his 50s and a woman in her 70s",
            (2, 2),
            "killed",
        ),
        (
            "Two men, aged 19 and 45, and a 17-year-old girl were taken to hospital.",
            "Two men, aged 19 and 45, and a 17-year-old girl were taken to hospital",
            (3, 3),
            "injured",
        ),
        (
            "His wife and three daughters, ages 6, 9 and 12, were hospitalized.",
            "His wife and three daughters",
            (4, 4),
            "injured",
        ),
        (
            "My cousin and his two sons are among the dead.",
            "My cousin and his two sons",
            (3, 3),
            "killed",
        ),
        (
            "He lost his mother and a niece in the crush.",
            "lost his mother and a niece",
            (2, 2),
            "killed",
        ),
        ("The woman who died was 81.", "The woman who died", (1, 1), "killed"),
        (
            "A 23-year-old student who was wounded spoke to us.",
            "who was wounded",
            (1, 1),
            "injured",
        ),
        (
            "The crash sent five others to Flagstaff Medical Center.",
            "five others",
            (5, 5),
            "injured",
        ),
        ("It struck a minivan carrying a family of five.", "a family of five", (5, 5), "aboard"),
        (
            "Officials recorded 11,873 suspected cases.",
            "11,873 suspected cases",
            (11873, 11873),
            "other",
        ),
        (
            "The death toll rose from 44 to 52 overnight.",
            "The death toll rose from 44 to 52",
            (52, 52),
            "killed",
        ),
        (
            "The death toll from the quake that struck the mountains on Monday climbed to 74.",
            "climbed to 74",
            (74, 74),
            "killed",
        ),
        (
            "Scores of injured people lay on the floor.",
            "Scores of injured people",
            (40, 199),
            "injured",
        ),
        ("No one else was hurt.", "No one else was hurt", (0, 0), "injured"),
        (
            "About 2,000 residents were told to leave their homes.",
            "About 2,000 residents",
            (1800, 2200),
            "other",
        ),
    ],
)
def test_casualties_in_everyday_news_phrasing(text, exact, bounds, category):
    claim = only(text, "casualty")
    assert exact in claim.exact
    assert (claim.count_min, claim.count_max, claim.category) == (bounds[0], bounds[1], category)


def test_a_comma_and_a_speaker_do_not_make_a_sum():
    claims = of_kind("Shelling killed 12 people, a doctor said.", "casualty")
    assert [(c.exact, c.count_min) for c in claims] == [("killed 12 people", 12)]


def test_subsets_take_the_fate_of_the_group_they_count():
    claims = of_kind(
        "The missile killed at least three people, two of them children, and injured 20. "
        "More than 60 others were injured, a dozen of them critically. "
        "Nine people were injured, among them a 6-month-old baby.",
        "casualty",
    )
    found = {c.exact: (c.count_min, c.count_max, c.category) for c in claims}
    assert found["two of them children"] == (2, 2, "killed")
    assert found["a dozen of them"] == (12, 12, "injured")
    assert found["a 6-month-old baby"] == (1, 1, "injured")


def test_a_running_total_counts_what_the_sentence_counted():
    claims = of_kind(
        "The ministry confirmed 37 new cholera deaths, bringing the total since the outbreak "
        "began in January to 412.",
        "casualty",
    )
    assert [(c.count_min, c.category) for c in claims] == [(37, "killed"), (412, "killed")]


# --------------------------------------------------------------------------
# Found on passages written after the rules were settled (unseen outlets' styles)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exact", "count", "category"),
    [
        ("Troops neutralised 37 terrorists in the operation, the army said.",
         "neutralised 37 terrorists", 37, "killed"),
        ("The army said it had eliminated 120 fighters and destroyed 12 vehicles.",
         "eliminated 120 fighters", 120, "killed"),
        ("Nine people died at the scene and three others succumbed to their injuries.",
         "three others succumbed", 3, "killed"),
        ("Rescuers reached the group, but four could not be revived.",
         "four could not be revived", 4, "killed"),
        ("Seven passengers and two flight attendants were taken to hospital.",
         "Seven passengers and two flight attendants were taken to hospital", 9, "injured"),
        ("The driver, a 58-year-old man from Ostrel, and a 71-year-old woman passenger died.",
         "The driver, a 58-year-old man from Ostrel, and a 71-year-old woman passenger died",
         2, "killed"),
    ],
)  # fmt: skip
def test_more_ways_of_counting_the_dead_and_hurt(text, exact, count, category):
    claim = find(of_kind(text, "casualty"), "casualty", exact)
    assert claim.exact == exact
    assert (claim.count_min, claim.count_max, claim.category) == (count, count, category)


def test_the_company_eliminating_jobs_counts_no_casualties():
    assert of_kind("The company eliminated 300 jobs last year.", "casualty") == []


def test_a_verb_in_scare_quotes_still_counts_the_dead():
    claim = only(
        'The ministry said its forces had "eliminated" as many as 120 Ukrainian servicemen.',
        "casualty",
    )
    assert claim.exact == '"eliminated" as many as 120 Ukrainian servicemen'
    assert (claim.count_min, claim.count_max, claim.category) == (None, 120, "killed")


def test_a_list_of_described_victims_counts_each_once():
    text = (
        "The driver of the Astra, a 23-year-old man from Taunton, and his front-seat "
        "passenger, an 18-year-old woman, were pronounced dead at the scene."
    )
    claim = only(text, "casualty")
    assert claim.exact.startswith("The driver of the Astra, a 23-year-old man")
    assert (claim.count_min, claim.count_max, claim.category) == (2, 2, "killed")
    assert claim.parts == [{"count": 1, "who": "driver"}, {"count": 1, "who": "passenger"}]
