"""Claimants: how speakers are named, and merged through an article."""

import pytest

from claims.extraction import extract
from claims.extraction.claimants import normalise_claimant
from tests.claims.extraction.helpers import find, of_kind, only


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
# Real-world phrasing from outlets other than wires
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Found on passages written after the rules were settled (unseen outlets' styles)
# --------------------------------------------------------------------------


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
