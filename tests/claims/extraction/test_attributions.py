"""Attribution claims: speakers and reporting verbs, quotations and relays."""

import pytest

from tests.claims.extraction.helpers import of_kind, only


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


# --------------------------------------------------------------------------
# Real-world phrasing from outlets other than wires
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Found on passages written after the rules were settled (unseen outlets' styles)
# --------------------------------------------------------------------------


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
