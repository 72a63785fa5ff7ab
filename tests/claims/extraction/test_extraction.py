"""Rule-based claim extraction: casualties, attributions, hedges and statements."""

import pytest

from claims.extraction import (
    EXTRACTOR_VERSION,
    Candidate,
    extract,
    normalise_claimant,
    sentence_bounds,
)

SEED_TITLE = "Russian helicopter on Aleppo aid mission shot down, all 5 aboard dead"

# The seed article's canonical body: everything after the date line, markdown
# emphasis removed, the two "READ MORE" link lines removed, quotation marks kept.
SEED_BODY = "\n\n".join(
    [
        (
            "A Russian Mi-8 helicopter has been shot down by ground fire in Syria following "
            "delivery of humanitarian supplies to Aleppo, the Defense Ministry said. Three crew "
            "and two officers from Russia's Reconciliation Center died, according to a Kremlin "
            "statement."
        ),
        (
            '"On August 1, an Mi-8 transport helicopter has been shot down by ground fire in '
            "Idlib province after a delivery of humanitarian aid to the city of Aleppo. Three "
            "crew members and two officers from the Russian Reconciliation Center in Syria were "
            'on board," the Defense Ministry said in a statement.'
        ),
        (
            "The helicopter was returning to the Russian air base at Khmeimim, the statement "
            "added. The ministry has not yet revealed identities of those on board."
        ),
        (
            "The Russian Reconciliation Center in Syria has operated at Khmeimim air base since "
            "February. It contributes to peace talks between Syrian government and moderate "
            "opposition factions not aligned with IS, Al-Nusra Front or other terrorist groups."
        ),
        (
            "The center also oversees ceasefire agreements between belligerent parties and "
            "delivery of humanitarian supplies to various parts of Syria."
        ),
        (
            "Kremlin spokesman Dmitry Peskov confirmed in a statement later in the day that all "
            "those on board are dead."
        ),
        (
            '"Those on board the helicopter were killed, as we learned from the Defense '
            "Ministry's report. They died heroically as [the crew] tried to divert the helicopter "
            'to minimize casualties on the ground," Peskov said, adding the Mi-8 had been on a '
            "humanitarian mission."
        ),
        (
            '"The Kremlin conveys its deep condolences to the families of those killed in '
            'action," he added.'
        ),
        (
            "Shortly after the crash, a number of on-the-spot videos have emerged online, "
            "allegedly showing helicopter debris, including a tail rotor and parts of the "
            "fuselage. At the moment, RT cannot verify authenticity of those videos."
        ),
        (
            "Last week the Syrian government and Russia launched an effort to evacuate civilians "
            "wishing to leave Aleppo, establishing safe corridors and providing food, medical "
            "assistance and transport for those who chose to use them. Scores of people, mostly "
            "women and children, rushed to abandon the battered city, which has been contested by "
            "several armed forces."
        ),
        (
            "The Syrian opposition decried the move, claiming it was an attempt to depopulate the "
            "city, a part of which remains one of its strongholds."
        ),
        (
            "The Syrian Army has lost several aircraft over the last two months, indicating that "
            "militants may have received new anti-aircraft weapons lately, freelance journalist "
            "Alaa Ibrahim told RT."
        ),
        (
            "\"I've heard some local sources where the [Russian] helicopter was downed speaking of "
            "the possibility of MANPADs – shoulder-mounted surface-to-air missiles – being used "
            'in that context," he said.'
        ),
        (
            "Portable surface-to-air missiles would be a game changer in the hands of the rebel "
            "forces, as they counter the Syrian Army's air superiority. Providing such weapons "
            "would be a risky move for a foreign nation, considering the previous record of "
            "unintended weapons transfers."
        ),
        (
            "It is the third Russian helicopter lost in action in Syria this year. In July, an "
            "Mi-25 attack chopper was shot down near Palmyra, killing two Russian pilots. The "
            "aircraft had been engaging the advancing Islamic State (IS, formerly ISIS/ISIL) "
            "militants at the Syrian Army's request when it was taken down, according to the "
            "Russian Defense Ministry."
        ),
        (
            "In April, an Mi-28N attack helicopter crashed while performing a flight near the "
            "city of Homs, with the Defense Ministry stressing it was not shot down. The crash "
            "left both pilots dead, with technical failure cited by Moscow as the likely cause of "
            "the accident."
        ),
        (
            "Last October, another Mi-8 helicopter was badly damaged and then destroyed by IS "
            "fighters after an emergency landing in the middle of search and rescue operation to "
            "extract a surviving co-pilot of a Su-24M bomber jet shot which was down by a Turkish "
            "Air Force F-16."
        ),
    ]
)


def of_kind(text: str, kind: str) -> list[Candidate]:
    return [c for c in extract(text) if c.kind == kind]


def only(text: str, kind: str) -> Candidate:
    found = of_kind(text, kind)
    assert len(found) == 1, [c.exact for c in found]
    return found[0]


def find(candidates: list[Candidate], kind: str, exact: str) -> Candidate:
    """The candidate of ``kind`` whose span contains ``exact``."""
    matches = [c for c in candidates if c.kind == kind and exact in c.exact]
    assert matches, f"no {kind} containing {exact!r} in {[c.exact for c in candidates]}"
    return min(matches, key=lambda c: len(c.exact))


@pytest.fixture(scope="module")
def seed() -> list[Candidate]:
    return extract(SEED_BODY)


# --------------------------------------------------------------------------
# Casualties: numbers
# --------------------------------------------------------------------------


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
# Attributions
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exact", "claimant"),
    [
        (
            "Five people died, the Defense Ministry said.",
            "the Defense Ministry said",
            "Defense Ministry",
        ),
        (
            '"We will respond," said Ivan Petrov.',
            '"We will respond," said Ivan Petrov',
            "Ivan Petrov",
        ),
        ("Alaa Ibrahim told RT the rebels had missiles.", "Alaa Ibrahim told RT", "Alaa Ibrahim"),
        ("Five died, according to the Kremlin.", "according to the Kremlin", "Kremlin"),
        (
            "The crew died, according to a Kremlin statement.",
            "according to a Kremlin statement",
            "Kremlin",
        ),
        ("Police confirmed the figure.", "Police confirmed", "police"),
        ("Russia says its forces took the village.", "Russia says", "Russia"),
        ("Officials have said the toll could rise.", "Officials have said", "officials"),
        (
            "Dmitry Peskov, the Kremlin spokesman, said talks went well.",
            "Dmitry Peskov, the Kremlin spokesman, said",
            "Dmitry Peskov",
        ),
        (
            "The regional governor, Oleg Sinegubov, said two died.",
            "The regional governor, Oleg Sinegubov, said",
            "Oleg Sinegubov",
        ),
        (
            "The ministry, in a statement, said two died.",
            "The ministry, in a statement, said",
            "ministry",
        ),
        (
            "With the ministry stressing it was not shot down, talks began.",
            "the ministry stressing",
            "ministry",
        ),
    ],
)
def test_reporting_verbs_in_every_order(text, exact, claimant):
    claim = only(text, "attribution")
    assert claim.exact == exact
    assert claim.claimant.name == claimant


def test_added_and_statement_added_resolve_to_the_ministry():
    text = (
        "The Defense Ministry said in a statement that a helicopter was lost. "
        "It was returning to base, the statement added. The ministry added that a search began."
    )
    claims = of_kind(text, "attribution")
    assert [c.exact for c in claims] == [
        "The Defense Ministry said",
        "the statement added",
        "The ministry added",
    ]
    assert {c.claimant.name for c in claims} == {"Defense Ministry"}


def test_quotation_with_speaker_after():
    text = '"Three crew members were on board," the Defense Ministry said in a statement.'
    claim = only(text, "attribution")
    assert claim.exact == '"Three crew members were on board," the Defense Ministry said'
    assert claim.claimant.name == "Defense Ministry"


def test_quotation_with_speaker_before():
    text = 'Peskov told reporters: "The investigation has begun."'
    claim = only(text, "attribution")
    assert claim.exact == text
    assert claim.claimant.name == "Peskov"


def test_quotation_around_the_speaker():
    text = '"The pilots are alive," he said, "and they are in hospital."'
    claim = only("Governor Ivan Petrov spoke on Monday. " + text, "attribution")
    assert claim.exact == text
    assert claim.claimant.name == "Ivan Petrov"


def test_quotation_closed_by_a_full_stop_is_not_the_next_speakers():
    text = '"No comment." Interior Minister John Smith told Reuters the toll had risen.'
    claim = only(text, "attribution")
    assert claim.exact == "Interior Minister John Smith told Reuters"


def test_he_said_resolves_to_last_named_speaker():
    text = (
        "Kremlin spokesman Dmitry Peskov said the crew died. The Defense Ministry said "
        'the helicopter was hit. "They died heroically," he added.'
    )
    claim = find(extract(text), "attribution", "he added")
    assert claim.claimant.name == "Dmitry Peskov"


def test_she_said_after_a_named_speaker():
    text = "Police spokeswoman Karen Ellis said three people died. No arrests were made, she said."
    claims = of_kind(text, "attribution")
    assert [c.claimant.name for c in claims] == ["Karen Ellis", "Karen Ellis"]


def test_the_ministry_and_the_spokesman_resolve_to_earlier_claimants():
    text = (
        "Russia's Defense Ministry said 12 drones were downed. Ministry spokesman Igor Vasiliev "
        "said debris fell on houses. The ministry said no one was hurt. The spokesman added "
        "that an inquiry had begun."
    )
    claims = of_kind(text, "attribution")
    assert [c.claimant.name for c in claims] == [
        "Defense Ministry",
        "Igor Vasiliev",
        "Defense Ministry",
        "Igor Vasiliev",
    ]


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ('"We will rebuild," she said.', '"We will rebuild," she said'),
        ('"We will rebuild", she added.', '"We will rebuild", she added'),
        ('"We will rebuild." she said.', '"We will rebuild." she said'),
        ('"We will rebuild," said Lopez.', '"We will rebuild," said Lopez'),
        (
            '"We will rebuild," she said. "It will take years."',
            '"We will rebuild," she said. "It will take years."',
        ),
        (
            '"We will rebuild," she said on Monday. "It will take years." A bridge was closed.',
            '"We will rebuild," she said on Monday. "It will take years."',
        ),
        (
            '"We will rebuild," she said, adding: "It will take years."',
            '"We will rebuild," she said, adding: "It will take years."',
        ),
        (
            'Lopez said on Tuesday: "We will rebuild.\n\n"It will take years."',
            'Lopez said on Tuesday: "We will rebuild.\n\n"It will take years."',
        ),
        (
            '"We will rebuild," Lopez said. "It will take years.\n\n"But nobody will be left '
            'behind."',
            '"We will rebuild," Lopez said. "It will take years.\n\n"But nobody will be left '
            'behind."',
        ),
        (
            '"The river rose in minutes.\n\n"Nobody had time to leave," she said.',
            '"The river rose in minutes.\n\n"Nobody had time to leave," she said',
        ),
        (
            'Lopez said the town would recover. "It will take years."',
            'Lopez said the town would recover. "It will take years."',
        ),
    ],
)
def test_quotations_go_to_the_last_named_speaker_in_every_common_shape(text, exact):
    article = "Mayor Ana Lopez visited the flooded streets on Monday.\n\n" + text
    claims = of_kind(article, "attribution")
    assert [c.exact for c in claims] == [exact]
    assert claims[0].claimant.name == "Ana Lopez"


def test_a_quoted_phrase_opening_the_next_sentence_is_not_the_speakers():
    text = 'Police said three people died. "Horrific scenes" were reported across the city.'
    assert only(text, "attribution").exact == "Police said"


def test_a_quotation_with_its_own_tag_is_not_the_previous_speakers():
    text = (
        'Mayor Ana Lopez said the town would recover. "It will take years," Fire Chief Dan '
        'Reyes said.\n\n"We will rebuild," Lopez said.\n\n"Nobody is missing."'
    )
    claims = of_kind(text, "attribution")
    assert [(c.exact, c.claimant.name) for c in claims] == [
        ("Mayor Ana Lopez said", "Ana Lopez"),
        ('"It will take years," Fire Chief Dan Reyes said', "Dan Reyes"),
        ('"We will rebuild," Lopez said', "Ana Lopez"),
    ]


def test_she_said_after_a_person_named_with_a_relative_clause():
    text = (
        "Rosa Delgado, whose son drowned last week, lit the first candle. "
        '"He loved that river," she said.'
    )
    assert only(text, "attribution").claimant.name == "Rosa Delgado"


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "A Kestrel Airways plane made an emergency landing, the Health Ministry said. "
            '"Our crew followed every procedure," the airline said.',
            "Kestrel Airways",
        ),
        (
            "An Air Andes Boeing 737 crashed on Monday, police said. The company said it would "
            "cooperate with investigators.",
            "Air Andes",
        ),
        (
            "The mine is run by Falea Resources, a Canadian-listed firm. Rescuers are digging, "
            "the governor said. The company said two miners were in a critical condition.",
            "Falea Resources",
        ),
        (
            "The Health Ministry said 11 people were treated. The Ministry of Transport has "
            "opened an inquiry. The ministry said the plane was grounded.",
            "Transport Ministry",
        ),
        (
            "The state weather agency Aemet issued a red alert, the regional government said. "
            "The agency said more rain was expected.",
            "Aemet",
        ),
        (
            "Four of the injured are in a serious condition, according to West Midlands "
            "Ambulance Service. A spokesperson for the ambulance service said crews were there.",
            "West Midlands Ambulance Service",
        ),
        (
            "The UN said 11,300 people had died, more than the figure given by the Libyan "
            "Red Crescent. A spokesperson for the aid group said 5,300 bodies had been found.",
            "Libyan Red Crescent",
        ),
    ],
)
def test_the_airline_and_the_company_are_the_last_so_named(text, claimant):
    assert of_kind(text, "attribution")[-1].claimant.name == claimant


def test_a_title_naming_an_organization_is_no_organization_named_in_passing():
    text = (
        "A gunman opened fire at a mall, the police department said. Police Chief Maria Lopez "
        "told a news conference that officers arrived within minutes."
    )
    claim = find(extract(text), "attribution", "Maria Lopez")
    assert (claim.claimant.name, claim.claimant.role) == ("Maria Lopez", "Police Chief")
    assert claim.claimant.affiliation == "police department"


def test_the_company_is_not_any_organization():
    text = "Police said the bus overturned. The company said its driver was experienced."
    names = [c.claimant.name for c in of_kind(text, "attribution")]
    assert names == ["police", "company"]


@pytest.mark.parametrize(
    ("text", "exact", "claimant"),
    [
        (
            "The strike killed more than 100 people, a local resident and media said.",
            "a local resident and media said",
            "local resident",
        ),
        ("Police and witnesses said the plane flew low.", "Police and witnesses said", "police"),
        (
            "A fisherman and his son, who saw the crash, told Kompas TV they heard a bang.",
            "A fisherman and his son, who saw the crash, told Kompas TV",
            "fisherman",
        ),
    ],
)
def test_two_sources_named_together_are_credited_to_the_first(text, exact, claimant):
    claim = only(text, "attribution")
    assert (claim.exact, claim.claimant.name) == (exact, claimant)


def test_a_count_before_and_is_not_a_second_source():
    text = "The strike killed two officials and witnesses said it was deliberate."
    assert [c.claimant.name for c in of_kind(text, "attribution")] == ["witnesses"]


def test_relay_according_to_a_news_agency():
    text = '"The crew acted heroically," Dmitry Peskov said, according to The Associated Press.'
    claim = only(text, "attribution")
    assert claim.claimant.name == "Dmitry Peskov"
    assert [v.name for v in claim.via] == ["The Associated Press"]
    assert claim.via[0].kind == "media"
    assert claim.exact == text[:-1]


@pytest.mark.parametrize(
    ("text", "claimant", "via"),
    [
        ("TASS quoted Dmitry Peskov as saying the crew died.", "Dmitry Peskov", ["TASS"]),
        (
            "Dmitry Peskov was quoted by Interfax as saying talks failed.",
            "Dmitry Peskov",
            ["Interfax"],
        ),
        (
            "Al Jazeera, citing local residents, reported that homes burned.",
            "local residents",
            ["Al Jazeera"],
        ),
        (
            '"We cannot confirm it," Anatoly Zorin told journalists, TASS reported.',
            "Anatoly Zorin",
            ["TASS"],
        ),
        (
            "According to Reuters, Dmitry Peskov said the talks failed.",
            "Dmitry Peskov",
            ["Reuters"],
        ),
    ],
)
def test_relayed_statements_keep_the_chain(text, claimant, via):
    claim = only(text, "attribution")
    assert claim.claimant.name == claimant
    assert [v.name for v in claim.via] == via


def test_telling_an_outlet_is_not_a_relay():
    claim = only(
        "Freelance journalist Alaa Ibrahim told RT the rebels had missiles.", "attribution"
    )
    assert claim.claimant.name == "Alaa Ibrahim"
    assert claim.via == []


def test_claimants_merge_through_aliases():
    text = (
        "Russia's Defense Ministry said a jet was lost. The Russian Defence Ministry later "
        "said the pilot survived. The MoD said an inquiry began. The ministry said no more."
    )
    claims = of_kind(text, "attribution")
    refs = {c.claimant for c in claims}
    assert len(refs) == 1
    ref = refs.pop()
    assert (ref.name, ref.kind, ref.affiliation) == ("Defense Ministry", "organization", "Russia")
    assert {
        "Russia's Defense Ministry",
        "The Russian Defence Ministry",
        "The MoD",
        "The ministry",
    } <= set(ref.aliases)


def test_surname_merges_with_full_name():
    text = 'Kremlin spokesman Dmitry Peskov said talks failed. "No comment," Peskov said.'
    claims = of_kind(text, "attribution")
    assert {c.claimant for c in claims} == {claims[0].claimant}
    assert claims[0].claimant.name == "Dmitry Peskov"


@pytest.mark.parametrize(
    "surface",
    [
        "Russia's Defense Ministry",
        "the Russian Defence Ministry",
        "Defense Ministry",
        "MoD",
        "Ministry of Defence",
    ],
)
def test_normalise_claimant_merges_defense_ministry_spellings(surface):
    ref = normalise_claimant(surface)
    assert (ref.name, ref.kind) == ("Defense Ministry", "organization")


def test_normalise_claimant_splits_role_and_affiliation():
    ref = normalise_claimant("Kremlin spokesman Dmitry Peskov")
    assert (ref.name, ref.kind, ref.role, ref.affiliation) == (
        "Dmitry Peskov",
        "person",
        "Kremlin spokesman",
        "Kremlin",
    )
    assert normalise_claimant("Dmitry Peskov, the Kremlin spokesman") == ref.__class__(
        name="Dmitry Peskov",
        kind="person",
        role="Kremlin spokesman",
        affiliation="Kremlin",
        aliases=("Dmitry Peskov, the Kremlin spokesman",),
    )


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("RT", "RT"),
        ("AP", "The Associated Press"),
        ("the Associated Press", "The Associated Press"),
        ("Reuters", "Reuters"),
        ("AFP", "AFP"),
        ("TASS", "TASS"),
        ("the BBC", "BBC"),
        ("the Interfax news agency", "Interfax"),
        ("Syrian state news agency SANA", "SANA"),
    ],
)
def test_media_outlets_are_media(surface, name):
    ref = normalise_claimant(surface)
    assert (ref.name, ref.kind) == (name, "media")


def test_unnamed_spokesman_speaks_for_the_organization():
    assert normalise_claimant("a spokesman for the Interior Ministry").name == "Interior Ministry"
    assert normalise_claimant("a police officer").name == "police"


# --------------------------------------------------------------------------
# Unverified
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason", "exact"),
    [
        (
            "RT cannot verify authenticity of those videos.",
            "cannot verify",
            "RT cannot verify authenticity of those videos",
        ),
        (
            "Reuters could not independently verify the footage.",
            "could not independently verify",
            "Reuters could not independently verify the footage",
        ),
        (
            "RT hasn't independently confirmed those details.",
            "hasn't independently confirmed",
            "RT hasn't independently confirmed those details",
        ),
        (
            "AFP could not corroborate the claim.",
            "could not corroborate",
            "AFP could not corroborate the claim",
        ),
        (
            "The ministry did not confirm the toll.",
            "did not confirm",
            "The ministry did not confirm the toll",
        ),
        (
            "The reports need to be verified.",
            "need to be verified",
            "The reports need to be verified",
        ),
        (
            "The claims could not be independently verified.",
            "could not be independently verified",
            "The claims could not be independently verified",
        ),
        (
            "Videos allegedly showing debris emerged.",
            "allegedly",
            "allegedly showing debris emerged",
        ),
        ("The gunman reportedly fled.", "reportedly", "reportedly fled"),
        ("Footage purportedly shows the strike.", "purportedly", "purportedly shows the strike"),
        ("Unverified footage showed smoke.", "unverified", "Unverified footage showed smoke"),
        ("It is not clear how many died.", "it is not clear", "It is not clear how many died"),
        (
            "The cause of the crash was unknown.",
            "was unknown",
            "The cause of the crash was unknown",
        ),
        (
            "The ministry has not yet revealed identities of those on board.",
            "has not yet revealed",
            "The ministry has not yet revealed identities of those on board",
        ),
    ],
)
def test_hedges_are_unverified_with_reason(text, reason, exact):
    claim = only(text, "unverified")
    assert claim.reason == reason
    assert claim.exact == exact


def test_plain_confirmation_is_not_a_hedge():
    assert of_kind("The ministry confirmed the toll.", "unverified") == []


# --------------------------------------------------------------------------
# Statements
# --------------------------------------------------------------------------


def test_ordinal_with_a_comparison_set_is_a_statement():
    text = "It is the third Russian helicopter lost in action in Syria this year."
    assert only(text, "statement").exact == text[:-1]


def test_an_ordinal_after_in_is_a_time_not_a_record():
    assert of_kind("Five people died in the first week of the year.", "statement") == []


def test_ordinal_without_a_comparison_set_is_not_a_statement():
    assert of_kind("It was the third time he had called.", "statement") == []


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


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------


def test_sentence_bounds_skip_abbreviations():
    text = "Lt. Gen. Igor Petrov of the U.S. Army said 5 died. Rescue work continued."
    start = text.index("5 died")
    s, e = sentence_bounds(text, start, start + 6)
    assert text[s:e] == "Lt. Gen. Igor Petrov of the U.S. Army said 5 died."


def test_sentence_bounds_stop_at_paragraphs_and_cover_spans():
    text = "First line without a stop\n\nSecond paragraph. Third sentence."
    start = text.index("Second")
    assert sentence_bounds(text, start, start + 6) == (start, text.index(" Third"))
    assert sentence_bounds(text, 0, len(text)) == (0, len(text))


def test_sentence_bounds_reject_bad_spans():
    with pytest.raises(ValueError):
        sentence_bounds("Short.", 3, 99)


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


@pytest.mark.parametrize(
    ("text", "exact", "claimant"),
    [
        (
            "The coach operator, Midland Travel, said it was co-operating.",
            "The coach operator, Midland Travel, said",
            "Midland Travel",
        ),
        (
            "The Omdurman Emergency Room, one of hundreds of neighbourhood groups, said 40 died.",
            "The Omdurman Emergency Room, one of hundreds of neighbourhood groups, said",
            "Omdurman Emergency Room",
        ),
        (
            "A farmer who saw the crash told local radio the plane was on fire.",
            "A farmer who saw the crash told local radio",
            "farmer",
        ),
        (
            "The four survivors – three men and a woman – told aid workers the boat sank.",
            "four survivors – three men and a woman – told",
            "survivors",
        ),
        (
            "Iran Human Rights (IHR) said five were killed.",
            "Iran Human Rights (IHR) said",
            "Iran Human Rights",
        ),
        ("Reuters is reporting that the dam burst.", "Reuters is reporting", "Reuters"),
        ("A Reuters witness said the market was hit.", "A Reuters witness said", "witness"),
        (
            "A worker at a nearby textile factory told Reuters the sky turned black.",
            "A worker at a nearby textile factory told Reuters",
            "worker",
        ),
        (
            "A senior district official said the toll could rise.",
            "A senior district official said",
            "district official",
        ),
        (
            "Al Jazeera’s Hani Mahmoud said rescuers were digging.",
            "Al Jazeera’s Hani Mahmoud said",
            "Hani Mahmoud",
        ),
        (
            "Gaza’s Government Media Office said 74 died.",
            "Gaza’s Government Media Office said",
            "Government Media Office",
        ),
        (
            "The Health Ministry in Gaza says 37 died.",
            "The Health Ministry in Gaza says",
            "Health Ministry",
        ),
        ("The UN refugee agency has said 41 drowned.", "The UN refugee agency has said", "UNHCR"),
        (
            "The UN human rights chief said he was horrified.",
            "The UN human rights chief said",
            "United Nations",
        ),
        (
            "Italy’s coastguard said the search was over.",
            "Italy’s coastguard said",
            "Italian coastguard",
        ),
        (
            "Police in the canton of Valais said two died.",
            "Police in the canton of Valais said",
            "Valais police",
        ),
    ],
)
def test_speakers_as_outlets_name_them(text, exact, claimant):
    claim = only(text, "attribution")
    assert claim.exact == exact
    assert claim.claimant.name == claimant


def test_told_never_inverts_its_speaker():
    claim = only(
        "Dr. Amina Wekesa, the ministry's director of public health, told The Standard that "
        "the number was higher.",
        "attribution",
    )
    assert claim.claimant.name == "Amina Wekesa"
    assert "director" in claim.claimant.role


def test_what_was_said_is_not_the_speaker():
    claim = only(
        "Al Jazeera’s Hani Mahmoud, reporting from Deir el-Balah, said rescuers were digging.",
        "attribution",
    )
    assert claim.claimant.name == "Hani Mahmoud"


def test_nobody_claiming_is_not_an_attribution():
    assert of_kind("No group has claimed responsibility for the attack.", "attribution") == []


def test_a_statement_posted_online_is_not_a_speaker():
    claims = of_kind(
        "UNHCR said in a statement posted on Twitter that 180 were missing.", "attribution"
    )
    assert [c.claimant.name for c in claims] == ["UNHCR"]


def test_a_relay_closing_the_sentence_is_the_chain():
    claim = only(
        "Russia's defence ministry said its forces had struck a building, killing up to 60 "
        "fighters, the TASS news agency reported.",
        "attribution",
    )
    assert claim.claimant.name == "Defense Ministry"
    assert [v.name for v in claim.via] == ["TASS"]


def test_later_mentions_resolve_to_the_full_name():
    claims = of_kind(
        'Lt. Col. Dana Reeves of the Highway Patrol gave an account. "He walked in," Reeves '
        "said. Her son, Mr. Harold Beck, told the Courier she was healthy. "
        '"She was fine," Mr. Beck said.',
        "attribution",
    )
    assert [c.claimant.name for c in claims] == ["Dana Reeves", "Harold Beck", "Harold Beck"]


def test_an_unnamed_witness_is_he_later():
    claims = of_kind(
        "A resident who helped collect bodies told AFP the jets came at dawn. "
        '"We could not count the dead," he said.',
        "attribution",
    )
    assert [c.claimant.name for c in claims] == ["resident", "resident"]


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        (
            "The cause of the fire is under investigation.",
            "The cause of the fire is under investigation",
        ),
        ("It gave no evidence for the claim.", "It gave no evidence for the claim"),
        ("He did not give a toll.", "He did not give a toll"),
    ],
)
def test_more_hedges(text, exact):
    assert only(text, "unverified").exact == exact


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        (
            "The protests, the largest since the government took office in 2022, went on.",
            "the largest since the government took office in 2022",
        ),
        (
            "Many left in what officials described as the largest evacuation in Greek history.",
            "the largest evacuation in Greek history",
        ),
        (
            "It was one of the country's worst industrial accidents in recent years.",
            "one of the country's worst industrial accidents in recent years",
        ),
        (
            "Twelve people were killed in the deadliest bombing in the province since 2019.",
            "the deadliest bombing in the province since 2019",
        ),
    ],
)
def test_records_stated_in_passing(text, exact):
    assert only(text, "statement").exact == exact


# ------------------------------------------------------------------------------
# Found on passages written after the rules were settled (unseen outlets' styles)
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "The Health Ministry said 12 people were killed. According to figures released "
            "by the ministry, 161 people have been killed since March.",
            "Health Ministry",
        ),
        ("According to preliminary figures released by INGD, 40 people died.", "INGD"),
        (
            "Ten people were killed, according to data published by the World Health Organization.",
            "World Health Organization",
        ),
    ],
)
def test_figures_released_by_someone_are_theirs(text, claimant):
    claim = of_kind(text, "attribution")[-1]
    assert claim.exact.lower().startswith("according to")
    assert claim.claimant.name == claimant


@pytest.mark.parametrize(
    ("text", "claimant", "kind"),
    [
        ("The Prime Minister's Office said families would be paid.", "Prime Minister's Office",
         "organization"),
        ("Three people died, according to the Dallas County Medical Examiner's Office.",
         "Dallas County Medical Examiner's Office", "organization"),
        ("Gaza's Government Media Office said 20 people were killed.", "Government Media Office",
         "organization"),
        ("The crash killed two, according to the Bild newspaper.", "Bild", "media"),
        ("Russia's RBC newspaper said five died.", "RBC", "media"),
        ("Phivolcs, the state seismology agency, says the quake struck at night.", "Phivolcs",
         "organization"),
        ("The national football federation, Fenafuth, said the match was stopped.", "Fenafuth",
         "organization"),
        ("The UN refugee agency, UNHCR, said 300 people fled.", "UNHCR", "organization"),
    ],
)  # fmt: skip
def test_organizations_keep_their_own_names(text, claimant, kind):
    claim = only(text, "attribution")
    assert (claim.claimant.name, claim.claimant.kind) == (claimant, kind)


def test_a_doctor_named_in_passing_is_who_she_means():
    text = (
        'Dr. Maria Santos runs the clinic. "We are overwhelmed," she said. '
        '"We have no beds," Santos said.'
    )
    assert [c.claimant.name for c in of_kind(text, "attribution")] == [
        "Maria Santos",
        "Maria Santos",
    ]


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


@pytest.mark.parametrize(
    "text",
    [
        "Their names have not yet been formally released.",
        "We haven't been able to confirm that figure independently.",
        "The cause of the explosion is being investigated.",
    ],
)
def test_hedges_of_names_figures_and_causes(text):
    only(text, "unverified")


def test_a_suspect_under_investigation_is_no_hedge():
    assert of_kind("Police said the suspect is being investigated for murder.", "unverified") == []


def test_an_abbreviation_the_text_spells_out_is_that_organization():
    text = (
        "The Nigeria Centre for Disease Control and Prevention (NCDC) reported 96 new cases. "
        "The NCDC said the outbreak was slowing. The agency said 12 people died."
    )
    names = [c.claimant.name for c in of_kind(text, "attribution")]
    assert names == ["Nigeria Center for Disease Control and Prevention"] * 3
    # Known abbreviations keep their own names; unknown ones not spelled out stay as written.
    assert only("The WHO said 12 people died.", "attribution").claimant.name == (
        "World Health Organization"
    )
    assert only("The KRG said 12 people died.", "attribution").claimant.name == "KRG"


@pytest.mark.parametrize(
    ("text", "claimant", "role"),
    [
        ("Mandi Superintendent of Police Anjali Rana said the bus fell 200 metres.",
         "Anjali Rana", "Mandi Superintendent of Police"),
        ("Health Minister of Kenya Susan Nakhumicha said 12 people died.",
         "Susan Nakhumicha", "Health Minister of Kenya"),
        ("Minister of Foreign Affairs Sergei Lavrov said the talks were over.",
         "Sergei Lavrov", "Minister of Foreign Affairs"),
    ],
)  # fmt: skip
def test_titles_with_a_portfolio_before_the_name(text, claimant, role):
    claim = only(text, "attribution")
    assert (claim.claimant.name, claim.claimant.kind) == (claimant, "person")
    assert claim.claimant.role == role


def test_a_department_after_a_title_is_no_person():
    claim = only("The Director of Defence Media Operations said 12 fighters died.", "attribution")
    assert claim.claimant.kind != "person"


def test_she_after_a_title_with_its_portfolio_and_a_correspondent_named_in_apposition():
    text = (
        "The bus left Mandi at 8 am, Mandi Superintendent of Police Anjali Rana said. "
        "Eleven passengers died, she said.\n\n"
        "Our Mindanao correspondent, Carla Reyes, has reached the hospital. "
        "She says corridors are full."
    )
    assert [c.claimant.name for c in of_kind(text, "attribution")] == [
        "Anjali Rana",
        "Anjali Rana",
        "Carla Reyes",
    ]


def test_a_prefecture_speaks():
    text = "Three climbers died, the Isère prefecture said. The prefecture said one was missing."
    assert [c.claimant.name for c in of_kind(text, "attribution")] == ["Isère prefecture"] * 2


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
