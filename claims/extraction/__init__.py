"""Propose the checkable claims in a news article's plain text.

The extractor reads an article's canonical text (paragraphs separated by a
blank line, quotation marks kept) or a title, and proposes claim candidates
for reviewers:

* ``casualty``: a number of people killed, injured, aboard, missing or
  otherwise harmed, with the number structured (see below);
* ``attribution``: who said something (the speaker and reporting verb, with
  the quotation when there is one), through whom it was relayed;
* ``unverified``: the outlet or a source says something is not verified, or
  hedges it ("allegedly", "it was not clear");
* ``statement``: a few record-style assertions with an ordinal or superlative
  and a comparison set ("the third ... this year", "the deadliest ... since").

It is rule-based on purpose: every proposal can be explained to a reviewer,
it runs in linear time with precompiled patterns, and it needs nothing but
the standard library. Each candidate is anchored to the shortest phrase that
states the claim; candidates may overlap.

Numbers (``count_min`` / ``count_max``):

* an exact figure gives min == max ("five", "1,200", "all 5", "both" = 2);
* "at least N", "N or more": min N; "more than N", "over N": min N + 1;
* "up to N", "as many as N", "at most N": max N; "fewer than N": max N - 1;
* "about N", "around N", "some N": N +/- 10 % rounded outwards;
  "nearly N", "almost N": 90 % of N up to N;
* vague words are ranges: "a few" 2-5, "several" 3-9, "dozens" 24-99,
  "scores" 40-199, "hundreds" 200-999, "thousands" 2,000-9,999;
* an unknown number ("an unknown number of", "all those on board"): both None.

Claimants are normalised ("the Russian Defence Ministry", "Russia's Defense
Ministry" and "MoD" are all "Defense Ministry") and merged within an article
through their aliases, so "Peskov" after "Kremlin spokesman Dmitry Peskov",
"the ministry" after "the Defense Ministry" and "he" after a named speaker
all point at one claimant.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import MISSING, dataclass, field, fields
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import NamedTuple

from claims.text.anchoring import CONTEXT

EXTRACTOR_VERSION = "1.2"


@dataclass(frozen=True)
class ClaimantRef:
    name: str  # canonical display name: "Defense Ministry", "Dmitry Peskov", "RT"
    kind: str  # "person" | "organization" | "media" | "unknown"
    role: str = ""  # "Kremlin spokesman", "freelance journalist"
    affiliation: str = ""  # canonical name of the affiliation: "Kremlin", "Russia"
    aliases: tuple[str, ...] = ()  # surface forms seen: "Russia's Defense Ministry", "the ministry"


@dataclass
class Candidate:
    kind: str  # "casualty" | "attribution" | "unverified" | "statement"
    start: int  # code-point offsets into the text, end exclusive
    end: int
    exact: str  # == text[start:end]
    prefix: str  # up to CONTEXT characters before / after
    suffix: str
    sentence: str  # the sentence(s) holding the span
    claimant: ClaimantRef | None = None
    via: list[ClaimantRef] = field(default_factory=list)  # relay chain, outermost last
    count_min: int | None = None
    count_max: int | None = None
    category: str = ""  # casualty: "killed" | "injured" | "aboard" | "missing" | "other"
    parts: list[dict] = field(default_factory=list)  # [{"count": 3, "who": "crew"}, ...]
    subject: str = ""  # casualty: who is counted ("pilots", "crew and officers")
    cumulative: bool = False  # casualty: a running total ("since the war began", "so far")
    reason: str = ""  # unverified: the hedge ("cannot verify", "allegedly")
    extractor_version: str = EXTRACTOR_VERSION


# --------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _in_order(text: str) -> list[str]:
    return text.split()


_MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")

# Capitalised words that open sentences or name times, never a speaker.
_CAP_STOP = (
    _words(
        "but and or however meanwhile later earlier then also separately still yet so now "
        "today yesterday tonight tomorrow on in at after before when while as since last next "
        "this that these those it he she they we i you there here some many most all both each "
        "several other another such if although though because despite during according asked "
        "speaking following amid by for from with without under over to of what who why how "
        "where which a an the not no one two three four five six seven eight nine ten "
        "nearly almost about around at least more than up dozens hundreds thousands scores "
        "overall instead indeed thus even only just neither nor either"
    )
    | _MONTHS
    | _WEEKDAYS
)

_PRONOUNS = _words("he she they it him her them")
_FIRST_PERSON = _words("i we you me us")

# Heads that name a speaking role; capitalised ones also work as titles.
_ROLE_NOUNS = _words(
    "spokesman spokeswoman spokesperson spokespeople representative representatives "
    "minister ministers governor mayor president vice-president premier chancellor "
    "secretary ambassador envoy official officials commander chief head director "
    "coordinator administrator chairman chairwoman chair leader general colonel major "
    "captain lieutenant sergeant admiral marshal journalist reporter correspondent "
    "analyst expert researcher professor doctor surgeon lawyer attorney prosecutor judge "
    "witness eyewitness resident survivor activist senator congressman congresswoman "
    "lawmaker deputy aide adviser advisor manager owner founder ceo executive monitor "
    "observer blogger photographer cameraman editor pastor priest imam teacher nurse "
    "paramedic firefighter pilot driver farmer coroner sheriff superintendent inspector "
    "detective investigator engineer scientist seismologist meteorologist forecaster "
    "medic mp source sources officer officers commissioner councillor councilor councilman "
    "councilwoman alderman constable ranger warden dean principal headteacher headmaster "
    "coach trooper chaplain bishop archbishop cleric mufti rabbi legislator diplomat "
    "negotiator mediator ombudsman auditor physician pathologist examiner epidemiologist "
    "virologist campaigner organiser organizer chairperson relative neighbor neighbour "
    "father mother son daughter brother sister husband wife uncle aunt cousin nephew niece "
    "friend student shopkeeper worker passenger climber guide fisherman villager man woman"
)
# Roles that speak for themselves, not for the organization named with them: "a Reuters
# witness" is a witness, while "a Kremlin spokesman" speaks for the Kremlin.
_PRIVATE_ROLES = _words(
    "witness eyewitness resident survivor journalist reporter correspondent photographer "
    "cameraman analyst expert researcher blogger farmer relative neighbor neighbour father "
    "mother son daughter brother sister husband wife uncle aunt cousin nephew niece friend "
    "student passenger villager climber fisherman shopkeeper worker teacher"
)
_TITLE_ABBREVIATIONS = _words(
    "mr mrs ms dr gen lt col maj capt sgt adm gov sen rep prof cpl pvt brig insp supt"
)
_COURTESY_TITLES = _words("mr mrs ms")
_NAME_TITLES = _COURTESY_TITLES | _words("dr prof")
# "the man", "the woman": a person speaking without a role
_PERSON_NOUNS = _words("man woman boy girl")

_ORG_HEADS = _words(
    "ministry ministries department office agency service services police army military "
    "forces force navy guard guards government council committee commission center centre "
    "kremlin pentagon observatory organization organisation authority authorities "
    "administration court company corporation corp inc airline airlines airways railway "
    "railways hospital university institute group coalition alliance union party movement "
    "front brigade battalion regiment command headquarters bureau board directorate "
    "agencies organizations organisations groups embassy consulate parliament assembly "
    "cabinet presidency secretariat mission fund "
    "watchdog network prosecutors opposition rebels militants staff regulator association "
    "federation league society foundation militia operator coastguard factory plant mine "
    "school prison firm carrier prefecture governorate municipality"
)
_MEDIA_HEADS = _words(
    "newspaper daily broadcaster television tv channel radio outlet outlets media website "
    "magazine agency site portal"
)
# Nouns naming what was said rather than who said it: the owner is the claimant.
_DOC_NOUNS = _words(
    "statement statements report reports transcript communique post tweet video data "
    "figures figure tally count estimate estimates statistics bulletin briefing update "
    "announcement readout note letter document release"
)
# What a news outlet is: "the Bild newspaper".
_MEDIA_KINDS = _words("newspaper daily tabloid weekly broadcaster magazine website")
# "figures released by the ministry", "data compiled by the agency"
_DOC_PARTICIPLES = _words("released published compiled issued provided collected gathered shared")
# Groups that speak without a name; kind for each.
_GENERIC_CLAIMANTS = {
    "police": "organization",
    "military": "organization",
    "army": "organization",
    "navy": "organization",
    "government": "organization",
    "opposition": "organization",
    "authorities": "organization",
    "emergency services": "organization",
    "rescue services": "organization",
    "fire service": "organization",
    "coast guard": "organization",
    "prosecutors": "organization",
    "media": "media",
    "state media": "media",
    "local media": "media",
    "state television": "media",
    "state tv": "media",
    "reports": "media",
    "media reports": "media",
    "local reports": "media",
    "officials": "unknown",
    "official": "unknown",
    "witnesses": "unknown",
    "witness": "unknown",
    "eyewitnesses": "unknown",
    "residents": "unknown",
    "resident": "unknown",
    "sources": "unknown",
    "source": "unknown",
    "rescuers": "unknown",
    "doctors": "unknown",
    "medics": "unknown",
    "paramedics": "unknown",
    "activists": "unknown",
    "analysts": "unknown",
    "experts": "unknown",
    "investigators": "unknown",
    "villagers": "unknown",
    "survivors": "unknown",
    "relatives": "unknown",
    "organizers": "unknown",
    "organisers": "unknown",
    "firefighters": "unknown",
    "rebels": "organization",
    "militants": "organization",
    "insurgents": "organization",
    "monitors": "unknown",
    "observers": "unknown",
    "diplomats": "unknown",
    "lawmakers": "unknown",
    "volunteers": "unknown",
    "hospital staff": "unknown",
    "teams": "unknown",
    "crews": "unknown",
    "coastguard": "organization",
}
# Lowercase words that may sit inside a speaker's noun phrase.
_NP_MODIFIERS = _words(
    "freelance local regional senior former deputy acting state state-run state-owned "
    "official independent top provincial district city federal national emergency "
    "emergencies rescue health fire news press defense defence interior foreign security "
    "intelligence presidential civil civilian medical unnamed anonymous military human "
    "rights monitoring war municipal county village hospital airport airline company "
    "aviation transport border coast chief general armed opposition rebel government "
    "interim caretaker army police navy air joint public private international "
    "humanitarian aid relief disaster weather geological seismological reconciliation "
    "investigative forensic prison justice judicial high supreme local-government canton "
    "province region town municipality prefecture governorate oblast"
)
_NP_LEX = (
    _ROLE_NOUNS
    | _ORG_HEADS
    | _MEDIA_HEADS
    | _DOC_NOUNS
    | _NP_MODIFIERS
    | frozenset(w for k in _GENERIC_CLAIMANTS for w in k.split())
)
_NP_PREPS = _words("of for at in from")
_NAME_PARTICLES = _words("al el bin ibn abu de van von der da di la le del du")

_MEDIA = {
    "ap": "The Associated Press",
    "associated press": "The Associated Press",
    "the associated press": "The Associated Press",
    "reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "france-presse": "AFP",
    "rt": "RT",
    "russia today": "RT",
    "tass": "TASS",
    "itar-tass": "TASS",
    "ria novosti": "RIA Novosti",
    "ria": "RIA Novosti",
    "interfax": "Interfax",
    "interfax-ukraine": "Interfax-Ukraine",
    "sputnik": "Sputnik",
    "bbc": "BBC",
    "cnn": "CNN",
    "al jazeera": "Al Jazeera",
    "al-jazeera": "Al Jazeera",
    "al arabiya": "Al Arabiya",
    "xinhua": "Xinhua",
    "sana": "SANA",
    "anadolu": "Anadolu Agency",
    "anadolu agency": "Anadolu Agency",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "nhk": "NHK",
    "bloomberg": "Bloomberg",
    "new york times": "The New York Times",
    "the new york times": "The New York Times",
    "washington post": "The Washington Post",
    "the washington post": "The Washington Post",
    "wall street journal": "The Wall Street Journal",
    "the wall street journal": "The Wall Street Journal",
    "the guardian": "The Guardian",
    "fox news": "Fox News",
    "nbc news": "NBC News",
    "abc news": "ABC News",
    "cbs news": "CBS News",
    "sky news": "Sky News",
    "press tv": "Press TV",
    "irna": "IRNA",
    "fars": "Fars",
    "tasnim": "Tasnim",
    "pti": "Press Trust of India",
    "press trust of india": "Press Trust of India",
    "ukrinform": "Ukrinform",
    "unian": "UNIAN",
    "kyiv independent": "The Kyiv Independent",
    "the kyiv independent": "The Kyiv Independent",
    "euronews": "Euronews",
    "france 24": "France 24",
    "deutsche welle": "Deutsche Welle",
    "dw": "Deutsche Welle",
    "voice of america": "Voice of America",
    "voa": "Voice of America",
    "npr": "NPR",
    "cctv": "CCTV",
    "kcna": "KCNA",
    "izvestia": "Izvestia",
    "kommersant": "Kommersant",
    "haaretz": "Haaretz",
    "global times": "Global Times",
}

_KNOWN_ORGS = {
    "kremlin": "Kremlin",
    "pentagon": "Pentagon",
    "white house": "White House",
    "state department": "State Department",
    "un": "United Nations",
    "u.n": "United Nations",
    "u.n.": "United Nations",
    "united nations": "United Nations",
    "nato": "NATO",
    "eu": "European Union",
    "european union": "European Union",
    "who": "World Health Organization",
    "world health organization": "World Health Organization",
    "icrc": "International Committee of the Red Cross",
    "red cross": "Red Cross",
    "red crescent": "Red Crescent",
    "unicef": "UNICEF",
    "unhcr": "UNHCR",
    "ocha": "OCHA",
    "mod": "Defense Ministry",
    "msf": "Doctors Without Borders",
    "doctors without borders": "Doctors Without Borders",
    "un refugee agency": "UNHCR",
    "u.n. refugee agency": "UNHCR",
    "united nations refugee agency": "UNHCR",
    "un children's agency": "UNICEF",
    "un children's fund": "UNICEF",
    "un migration agency": "International Organization for Migration",
    "iom": "International Organization for Migration",
    "international organization for migration": "International Organization for Migration",
    "un humanitarian office": "OCHA",
    "un food agency": "World Food Programme",
    "wfp": "World Food Programme",
    "world food programme": "World Food Programme",
    "un nuclear watchdog": "IAEA",
    "iaea": "IAEA",
    "un human rights office": "OHCHR",
    "is": "Islamic State",
    "isis": "Islamic State",
    "isil": "Islamic State",
    "islamic state": "Islamic State",
}

_COUNTRIES = {
    "russia": "Russia",
    "ukraine": "Ukraine",
    "syria": "Syria",
    "turkey": "Turkey",
    "türkiye": "Turkey",
    "iran": "Iran",
    "iraq": "Iraq",
    "israel": "Israel",
    "united states": "United States",
    "us": "United States",
    "u.s": "United States",
    "u.s.": "United States",
    "america": "United States",
    "britain": "Britain",
    "uk": "Britain",
    "u.k": "Britain",
    "u.k.": "Britain",
    "united kingdom": "Britain",
    "france": "France",
    "germany": "Germany",
    "china": "China",
    "japan": "Japan",
    "india": "India",
    "pakistan": "Pakistan",
    "afghanistan": "Afghanistan",
    "yemen": "Yemen",
    "saudi arabia": "Saudi Arabia",
    "lebanon": "Lebanon",
    "jordan": "Jordan",
    "egypt": "Egypt",
    "libya": "Libya",
    "sudan": "Sudan",
    "ethiopia": "Ethiopia",
    "nigeria": "Nigeria",
    "somalia": "Somalia",
    "mali": "Mali",
    "georgia": "Georgia",
    "armenia": "Armenia",
    "azerbaijan": "Azerbaijan",
    "belarus": "Belarus",
    "poland": "Poland",
    "italy": "Italy",
    "spain": "Spain",
    "greece": "Greece",
    "mexico": "Mexico",
    "brazil": "Brazil",
    "indonesia": "Indonesia",
    "philippines": "Philippines",
    "nepal": "Nepal",
    "bangladesh": "Bangladesh",
    "myanmar": "Myanmar",
    "north korea": "North Korea",
    "south korea": "South Korea",
    "canada": "Canada",
    "australia": "Australia",
    "chile": "Chile",
    "peru": "Peru",
    "colombia": "Colombia",
    "kenya": "Kenya",
    "morocco": "Morocco",
    "algeria": "Algeria",
    "tunisia": "Tunisia",
    "ecuador": "Ecuador",
    "venezuela": "Venezuela",
    "bolivia": "Bolivia",
    "argentina": "Argentina",
    "guatemala": "Guatemala",
    "honduras": "Honduras",
    "el salvador": "El Salvador",
    "nicaragua": "Nicaragua",
    "cuba": "Cuba",
    "haiti": "Haiti",
    "burkina faso": "Burkina Faso",
    "niger": "Niger",
    "chad": "Chad",
    "cameroon": "Cameroon",
    "ghana": "Ghana",
    "senegal": "Senegal",
    "congo": "Congo",
    "uganda": "Uganda",
    "tanzania": "Tanzania",
    "rwanda": "Rwanda",
    "south sudan": "South Sudan",
    "south africa": "South Africa",
    "zimbabwe": "Zimbabwe",
    "mozambique": "Mozambique",
    "malawi": "Malawi",
    "zambia": "Zambia",
    "angola": "Angola",
    "sri lanka": "Sri Lanka",
    "thailand": "Thailand",
    "vietnam": "Vietnam",
    "malaysia": "Malaysia",
    "cambodia": "Cambodia",
    "taiwan": "Taiwan",
    "kazakhstan": "Kazakhstan",
    "uzbekistan": "Uzbekistan",
    "kyrgyzstan": "Kyrgyzstan",
    "tajikistan": "Tajikistan",
    "qatar": "Qatar",
    "kuwait": "Kuwait",
    "bahrain": "Bahrain",
    "oman": "Oman",
    "palestine": "Palestine",
    "cyprus": "Cyprus",
    "serbia": "Serbia",
    "croatia": "Croatia",
    "bosnia": "Bosnia",
    "kosovo": "Kosovo",
    "albania": "Albania",
    "romania": "Romania",
    "bulgaria": "Bulgaria",
    "hungary": "Hungary",
    "austria": "Austria",
    "switzerland": "Switzerland",
    "netherlands": "Netherlands",
    "belgium": "Belgium",
    "portugal": "Portugal",
    "ireland": "Ireland",
    "norway": "Norway",
    "sweden": "Sweden",
    "finland": "Finland",
    "denmark": "Denmark",
    "new zealand": "New Zealand",
    "moldova": "Moldova",
    "lithuania": "Lithuania",
    "latvia": "Latvia",
    "estonia": "Estonia",
    "czech republic": "Czech Republic",
    "slovakia": "Slovakia",
    "eritrea": "Eritrea",
    "djibouti": "Djibouti",
    "mauritania": "Mauritania",
    "guinea": "Guinea",
    "sierra leone": "Sierra Leone",
    "liberia": "Liberia",
    "ivory coast": "Ivory Coast",
    "madagascar": "Madagascar",
    "papua new guinea": "Papua New Guinea",
    "fiji": "Fiji",
    "mongolia": "Mongolia",
    "laos": "Laos",
    "singapore": "Singapore",
}
_NATIONALITIES = {
    "russian": "Russia",
    "ukrainian": "Ukraine",
    "syrian": "Syria",
    "turkish": "Turkey",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "israeli": "Israel",
    "american": "United States",
    "british": "Britain",
    "french": "France",
    "german": "Germany",
    "chinese": "China",
    "japanese": "Japan",
    "indian": "India",
    "pakistani": "Pakistan",
    "afghan": "Afghanistan",
    "yemeni": "Yemen",
    "saudi": "Saudi Arabia",
    "lebanese": "Lebanon",
    "jordanian": "Jordan",
    "egyptian": "Egypt",
    "libyan": "Libya",
    "sudanese": "Sudan",
    "ethiopian": "Ethiopia",
    "nigerian": "Nigeria",
    "somali": "Somalia",
    "malian": "Mali",
    "georgian": "Georgia",
    "armenian": "Armenia",
    "azerbaijani": "Azerbaijan",
    "belarusian": "Belarus",
    "polish": "Poland",
    "italian": "Italy",
    "spanish": "Spain",
    "greek": "Greece",
    "mexican": "Mexico",
    "brazilian": "Brazil",
    "indonesian": "Indonesia",
    "filipino": "Philippines",
    "nepali": "Nepal",
    "nepalese": "Nepal",
    "bangladeshi": "Bangladesh",
    "canadian": "Canada",
    "australian": "Australia",
    "chilean": "Chile",
    "peruvian": "Peru",
    "colombian": "Colombia",
    "kenyan": "Kenya",
    "moroccan": "Morocco",
    "ecuadorian": "Ecuador",
    "venezuelan": "Venezuela",
    "bolivian": "Bolivia",
    "argentine": "Argentina",
    "guatemalan": "Guatemala",
    "honduran": "Honduras",
    "salvadoran": "El Salvador",
    "nicaraguan": "Nicaragua",
    "cuban": "Cuba",
    "haitian": "Haiti",
    "burkinabe": "Burkina Faso",
    "nigerien": "Niger",
    "chadian": "Chad",
    "cameroonian": "Cameroon",
    "ghanaian": "Ghana",
    "senegalese": "Senegal",
    "congolese": "Congo",
    "ugandan": "Uganda",
    "tanzanian": "Tanzania",
    "rwandan": "Rwanda",
    "south sudanese": "South Sudan",
    "south african": "South Africa",
    "zimbabwean": "Zimbabwe",
    "mozambican": "Mozambique",
    "malawian": "Malawi",
    "zambian": "Zambia",
    "angolan": "Angola",
    "sri lankan": "Sri Lanka",
    "thai": "Thailand",
    "vietnamese": "Vietnam",
    "malaysian": "Malaysia",
    "cambodian": "Cambodia",
    "taiwanese": "Taiwan",
    "kazakh": "Kazakhstan",
    "uzbek": "Uzbekistan",
    "kyrgyz": "Kyrgyzstan",
    "tajik": "Tajikistan",
    "qatari": "Qatar",
    "kuwaiti": "Kuwait",
    "bahraini": "Bahrain",
    "omani": "Oman",
    "palestinian": "Palestine",
    "cypriot": "Cyprus",
    "serbian": "Serbia",
    "croatian": "Croatia",
    "bosnian": "Bosnia",
    "kosovar": "Kosovo",
    "albanian": "Albania",
    "romanian": "Romania",
    "bulgarian": "Bulgaria",
    "hungarian": "Hungary",
    "austrian": "Austria",
    "swiss": "Switzerland",
    "dutch": "Netherlands",
    "belgian": "Belgium",
    "portuguese": "Portugal",
    "irish": "Ireland",
    "norwegian": "Norway",
    "swedish": "Sweden",
    "finnish": "Finland",
    "danish": "Denmark",
    "new zealand": "New Zealand",
    "moldovan": "Moldova",
    "lithuanian": "Lithuania",
    "latvian": "Latvia",
    "estonian": "Estonia",
    "czech": "Czech Republic",
    "slovak": "Slovakia",
    "eritrean": "Eritrea",
    "djiboutian": "Djibouti",
    "mauritanian": "Mauritania",
    "guinean": "Guinea",
    "sierra leonean": "Sierra Leone",
    "liberian": "Liberia",
    "ivorian": "Ivory Coast",
    "malagasy": "Madagascar",
    "papua new guinean": "Papua New Guinea",
    "fijian": "Fiji",
    "mongolian": "Mongolia",
    "laotian": "Laos",
    "singaporean": "Singapore",
}
# Capitals standing for their governments ("Moscow said").
_CAPITALS = _words(
    "moscow kyiv kiev washington beijing damascus ankara tehran london paris berlin "
    "jerusalem baghdad kabul riyadh cairo minsk tbilisi yerevan baku islamabad delhi "
    "tokyo seoul pyongyang"
)

_SPELLING = {
    "defence": "Defense",
    "centre": "Center",
    "organisation": "Organization",
    "programme": "Program",
}

# --------------------------------------------------------------------------
# Tokens and sentences
# --------------------------------------------------------------------------

# Words with inner hyphens, apostrophes and digit separators ("Mi-8", "Russia's",
# "1,200", "10:30", "20-30"), keeping the final stop of initialisms ("U.S.", "a.m."),
# then any other single character.
_TITLE_STOP = "|".join(
    f"(?<={t})"
    for t in _in_order("Mr Mrs Ms Dr Gen Lt Col Maj Capt Sgt Adm Gov Sen Rep Prof St Jr Sr")
)
# The lookahead for the stop comes first: most words are not followed by one, and
# the lookbehinds are then never tried.
_TOKEN_RE = re.compile(
    rf"\w+(?:[-'’.,:/]\w+)*(?:(?=\.)(?:(?<=\.[^\W\d_])|{_TITLE_STOP})\.)?|[^\w\s]"
)


class _Tok:
    """A token: its text, lowercase text, offsets and whether it is capitalised.

    Filled in by ``_Doc.tokens`` without an ``__init__`` call: an article has
    thousands of tokens and a Python-level constructor doubles their cost.
    """

    __slots__ = ("cap", "end", "low", "start", "text")

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<{self.text}@{self.start}>"


_new_tok = object.__new__
_START = attrgetter("start")
# Every character is whitespace or part of a token: the offsets follow from the
# lengths, and findall makes no match objects.
_SPACED_TOKEN_RE = re.compile(r"(\s*)(" + _TOKEN_RE.pattern + ")")


_ABBREVIATIONS = _words(
    "mr mrs ms dr gen lt col maj capt sgt adm gov sen rep prof st jr sr no vs inc corp co "
    "ltd jan feb mar apr jun jul aug sep sept oct nov dec est approx dept univ cpl pvt "
    "brig insp supt mt ft"
)
# A stop (with closing quotes or brackets) before a capital or digit, or a blank line.
# (Possessive: giving back a stop or a quote never lets the lookahead match.)
_BOUNDARY_RE = re.compile(r"[.!?…]++[\"”’'»)\]]*+(?=\s+[\"“‘'(\[«]?[A-Z0-9])|\n[ \t]*+\n")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split at ., ! or ? before a capital, and at blank lines."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        dot = m.start()
        char = text[dot]
        if char == "\n":
            cut = dot
        else:
            if char == ".":
                begin = dot
                while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "."):
                    begin -= 1
                word = text[begin:dot]
                # Abbreviations, initials (J. Smith) and initialisms (U.S.); a long
                # lowercase word, the usual end of a sentence, is none of those
                if dot - begin < 7 or not word.isalpha():
                    bare = word.rstrip(".").lower()
                    if bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()) or "." in word:
                        continue
            cut = m.end()
        # the span without the spaces around it (a stop's sentence ends at the stop)
        while start < cut and text[start].isspace():
            start += 1
        end = cut
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _covering(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> tuple:
    """Bounds of the sentences covering ``start:end`` (a gap joins the next sentence)."""
    if not spans:
        return (0, 0)
    first = max(0, bisect_right(starts, start) - 1)
    if spans[first][1] <= start and first + 1 < len(spans):
        first += 1
    last = max(first, bisect_right(starts, max(start, end - 1)) - 1)
    return (min(spans[first][0], start), max(spans[last][1], end))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the sentence(s) containing ``text[start:end]``.

    The sentences of the last few texts are kept: callers ask for one span after
    another in the same article, and splitting it each time would make that
    quadratic in the article's length.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"bad span {start}:{end} for a text of length {len(text)}")
    spans, starts = _sentence_index(text)
    return _covering(spans, starts, start, end)


@lru_cache(maxsize=8)
def _sentence_index(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    spans = _sentence_spans(text)
    return spans, [s for s, _ in spans]


_PARAGRAPH_RE = re.compile(r"\n[ \t]*\n")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class _Doc:
    """The text with its sentences; tokens are made per sentence, on demand."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Tokens' lowercase text: full Unicode lowercasing when it keeps the offsets
        full = text.lower()
        self.tok_lower = full if len(full) == len(text) else None
        # Case-insensitive patterns run on a lowercase copy with the same offsets: much
        # faster than re.IGNORECASE, which defeats the regex engine's prefix scanning.
        self.lower = full if self.tok_lower is not None else text.translate(_ASCII_LOWER)
        self.sents = _sentence_spans(text)
        self.sent_starts = [s for s, _ in self.sents]
        self._tokens: list[list[_Tok]] = []
        self._hinted: dict[str, dict[int, list[int]]] | None = None
        self._flagged: list[list[int]] = []
        self._persons: list[list[int]] = []
        self._records: set[int] = set()
        self._hedged: set[int] = set()
        self._mentions: list[int] = []

    @property
    def paras(self) -> list[tuple[int, int]]:
        """Paragraph spans (split at blank lines)."""
        spans = []
        start = 0
        for m in _PARAGRAPH_RE.finditer(self.text):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(self.text)))
        return spans

    def sentence_of(self, start: int, end: int) -> tuple[int, int]:
        return _covering(self.sents, self.sent_starts, start, end)

    def _tokenize(self) -> None:
        """Tokenise the whole text in one pass, noting the hint words on the way.

        Every sentence is tokenised: looking up each token in one dictionary is
        several times faster than running a regular expression of a few hundred
        words over the text to find the sentences worth tokenising.
        """
        text, lower, sents = self.text, self.tok_lower, self.sents
        if lower is None:
            lower = text  # lowercasing that changed the length ("İ") is done word by word
        tokens: list[list[_Tok]] = []
        flagged: list[list[int]] = []
        persons: list[list[int]] = []
        records: set[int] = set()
        hedged: set[int] = set()
        casualty: dict[int, list[int]] = {}
        attribution: dict[int, list[int]] = {}
        found = {"casualty": casualty, "attribution": attribution}
        known = _WORD_BITS
        mentions: list[int] = []
        findall = _SPACED_TOKEN_RE.findall
        by_word = lower is text
        # No token crosses a sentence boundary: each sentence is tokenised on its own.
        for index, (b, end) in enumerate(sents):
            toks: list[_Tok] = []
            marks: list[int] = []
            people: list[int] = []
            tokens.append(toks)
            flagged.append(marks)
            persons.append(people)
            add = toks.append
            for space, word in findall(text, b, end):
                a = b + len(space)
                b = a + len(word)
                tok = _new_tok(_Tok)
                tok.text = word
                tok.low = low = word.lower() if by_word else lower[a:b]
                tok.start = a
                tok.end = b
                tok.cap = word[0] != low[0]  # lowercasing changed it: a capital
                add(tok)
                try:
                    bits = known[low]
                except KeyError:
                    bits = _word_bits(low)
                if not bits:
                    continue  # a plain word: most of them
                if bits == _STARTS:
                    marks.append(len(toks) - 1)  # "the", "a", "25": the next most common
                    continue
                if bits & _HEDGE or (bits & _SAID and "not" in [t.low for t in toks[-3:-1]]):
                    hedged.add(index)  # "could not be verified", "has not said whether"
                if bits & _STARTS:
                    marks.append(len(toks) - 1)
                if bits & _RECORD:
                    records.add(index)
                if bits & _ATTRIBUTION:
                    attribution.setdefault(index, []).append(len(toks) - 1)
                elif bits & _CASUALTY:
                    casualty.setdefault(index, []).append(a)
                if bits & _MENTION:
                    mentions.append(a)  # "Governor", "Mr.", "spokesman": a name may follow
                if bits & _SINGULAR:
                    people.append(len(toks) - 1)  # "soldier", "wife's": one person
        self._tokens = tokens
        self._flagged = flagged
        self._persons = persons
        self._records = records
        self._hedged = hedged
        self._mentions = mentions
        self._hinted = found

    def tokens(self, index: int) -> list[_Tok]:
        """The tokens of sentence ``index``."""
        if self._hinted is None:
            self._tokenize()
        return self._tokens[index]

    def persons(self, index: int) -> list[int]:
        """Indices of the tokens of sentence ``index`` that name one person ("soldier")."""
        if self._hinted is None:
            self._tokenize()
        return self._persons[index]

    def flagged(self, index: int) -> list[int]:
        """Indices of the tokens of sentence ``index`` that may begin a count."""
        if self._hinted is None:
            self._tokenize()
        return self._flagged[index]

    def hedged(self) -> list[int]:
        """Indices of the sentences with a word that may start or end a hedge."""
        if self._hinted is None:
            self._tokenize()
        return sorted(self._hedged)

    def mention_starts(self) -> list[int]:
        """Offsets of the titles and roles a person's name may follow."""
        if self._hinted is None:
            self._tokenize()
        return self._mentions

    def records(self) -> list[int]:
        """Indices of the sentences with an ordinal or a superlative in them."""
        if self._hinted is None:
            self._tokenize()
        return sorted(self._records)

    def hinted(self, kind: str) -> dict[int, list[int]]:
        """Sentence index -> where the hint words for ``kind`` are in it, in text order:
        offsets for "casualty", token indices for "attribution"."""
        if self._hinted is None:
            self._tokenize()
        return self._hinted[kind]


# --------------------------------------------------------------------------
# Casualties
# --------------------------------------------------------------------------

_UNITS = {
    w: i
    for i, w in enumerate(
        _in_order(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        _in_order("twenty thirty forty fifty sixty seventy eighty ninety"),
        2,
    )
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE_ONE = {
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "several": (3, 9),
    "millions": (2_000_000, None),
}
_VAGUE_MULTI = [
    (("tens", "of", "thousands"), (20_000, 99_999)),
    (("hundreds", "of", "thousands"), (200_000, 999_999)),
    (("several", "dozen"), (36, 108)),
    (("several", "hundred"), (300, 900)),
    (("several", "thousand"), (3000, 9000)),
    (("a", "few"), (2, 5)),
    (("a", "handful", "of"), (2, 5)),
    (("a", "couple", "of"), (2, 2)),
    (("half", "a", "dozen"), (6, 6)),
]
# (words, kind); longest first where prefixes overlap.
_QUALIFIERS = [
    (("an", "unknown", "number", "of"), "unknown"),
    (("an", "undisclosed", "number", "of"), "unknown"),
    (("an", "unspecified", "number", "of"), "unknown"),
    (("an", "undetermined", "number", "of"), "unknown"),
    (("a", "number", "of"), "unknown"),
    (("no", "fewer", "than"), "min"),
    (("no", "less", "than"), "min"),
    (("no", "more", "than"), "max"),
    (("a", "minimum", "of"), "min"),
    (("a", "maximum", "of"), "max"),
    (("a", "total", "of"), "exact"),
    (("as", "many", "as"), "max"),
    (("at", "least"), "min"),
    (("at", "most"), "max"),
    (("more", "than"), "gt"),
    (("over",), "gt"),
    (("up", "to"), "max"),
    (("fewer", "than"), "lt"),
    (("less", "than"), "lt"),
    (("under",), "lt"),
    (("an", "estimated"), "approx"),
    (("about",), "approx"),
    (("around",), "approx"),
    (("approximately",), "approx"),
    (("roughly",), "approx"),
    (("some",), "approx"),
    (("estimated",), "approx"),
    (("nearly",), "nearly"),
    (("almost",), "nearly"),
    (("close", "to"), "nearly"),
    (("another",), "exact"),
    (("a", "further"), "exact"),
    (("only",), "exact"),
    (("just",), "exact"),
    (("all",), "all"),
    (("between",), "between"),
]
_QUALIFIER_FIRST = frozenset(words[0] for words, _ in _QUALIFIERS)


def _by_first_word(table: list[tuple[tuple[str, ...], object]]) -> dict[str, list]:
    """Index a phrase table by its first word, keeping the table's order."""
    index: dict[str, list] = {}
    for words, value in table:
        index.setdefault(words[0], []).append((words, value))
    return index


def _by_first_words(table: list[tuple[tuple[str, ...], object]]) -> dict[tuple, list]:
    """Index a phrase table by its first two words (one-word phrases by their word),
    keeping the table's order: a phrase is only tried where its first words are."""
    index: dict[tuple, list] = {}
    singles: set[str] = set()
    for words, value in table:
        # a one-word phrase listed before a longer one with its word would win over it
        assert words[0] not in singles, words
        if len(words) == 1:
            singles.add(words[0])
        index.setdefault(words[:2], []).append((words, value))
    return index


def _phrase_at(index: dict[tuple, list], toks: list[_Tok], k: int, hi: int):
    """(words, value) of the first phrase of ``index`` at token ``k``, or None."""
    low = toks[k].low
    if k + 1 < hi:
        for words, value in index.get((low, toks[k + 1].low), ()):
            if _match_words(toks, k, hi, words):
                return words, value
    for entry in index.get((low,), ()):
        return entry
    return None


_QUALIFIERS_BY_WORDS = _by_first_words(_QUALIFIERS)
_VAGUE_MULTI_BY_WORDS = _by_first_words(_VAGUE_MULTI)

_PEOPLE = _words(
    "people persons civilians soldiers troops servicemen servicewomen servicemembers "
    "officers policemen policewomen police crew crewmen crewmembers members pilots "
    "co-pilots copilots passengers children kids women men adults students pupils "
    "schoolchildren workers miners firefighters firemen rescuers residents villagers "
    "tourists migrants refugees fighters militants rebels insurgents jihadists gunmen "
    "attackers assailants protesters protestors demonstrators worshippers pilgrims patients "
    "doctors nurses medics paramedics journalists reporters staff employees guards sailors "
    "seamen marines airmen relatives climbers hikers mountaineers fishermen swimmers divers "
    "drivers motorists pedestrians cyclists commuters spectators fans guests teenagers "
    "teens boys girls babies infants toddlers elderly personnel peacekeepers contractors "
    "volunteers officials cadets recruits conscripts paratroopers commandos sappers skiers "
    "shoppers diners churchgoers parishioners farmers herders laborers labourers traders "
    "vendors bystanders onlookers occupants evacuees individuals newborns inmates prisoners "
    "detainees hostages victims survivors casualties fatalities deaths bodies injuries "
    "others family families americans britons trekkers backpackers campers sunbathers "
    "beachgoers holidaymakers vacationers travellers travelers visitors partygoers "
    "concertgoers clubgoers revellers revelers mourners locals inhabitants citizens "
    "nationals foreigners expatriates emigrants immigrants asylum-seekers fishers crews "
    "seafarers mariners troopers policemen gendarmes militiamen combatants servicepeople "
    "lawmakers voters pensioners retirees schoolboys schoolgirls teachers miners "
    "workers labourers loggers construction-workers guides porters navigators parents "
    "sons daughters brothers sisters wives husbands nephews nieces cousins grandchildren "
    "grandparents classmates colleagues neighbors neighbours friends suspects shooters "
    "devotees worshipers congregants deputies agents troopers motorcyclists riders youths "
    "youngsters minors juveniles homeowners tenants marchers rioters looters hunters "
    "athletes players engineers technicians builders bodyguards monks nuns priests clerics "
    "missionaries activists supporters leaders commanders politicians diplomats ministers "
    "judges lawyers convicts staffers truckers passers-by passersby spouses siblings "
    "grandsons granddaughters terrorists bandits extremists separatists smugglers "
    "attendants stewards stewardesses conductors"
)
_PEOPLE_SINGULAR = _words(
    "person civilian soldier serviceman servicewoman officer policeman policewoman member "
    "pilot co-pilot copilot passenger child kid woman man boy girl baby infant toddler "
    "teenager teen student worker miner firefighter fireman rescuer resident villager "
    "tourist migrant refugee fighter militant rebel gunman attacker assailant protester "
    "demonstrator worshipper pilgrim patient doctor nurse medic paramedic journalist "
    "reporter guard sailor marine hostage inmate prisoner driver motorist pedestrian "
    "cyclist passerby bystander farmer employee volunteer peacekeeper contractor official "
    "cadet conscript climber hiker fisherman swimmer diver commuter spectator fan guest "
    "occupant individual victim survivor crewman crewmember airman trekker backpacker "
    "camper visitor traveller traveler citizen foreigner mourner pensioner "
    "teacher schoolboy schoolgirl gendarme militiaman combatant guide porter navigator "
    "mother father son daughter brother sister wife husband nephew niece cousin uncle aunt "
    "grandmother grandfather grandson granddaughter grandchild parent suspect shooter "
    "classmate colleague neighbor neighbour friend captain deputy agent trooper youth minor "
    "relative motorcyclist rider homeowner tenant worshiper marcher engineer technician "
    "monk nun priest cleric pastor activist commander politician lawyer judge diplomat "
    "athlete player shopper vendor trader newborn veteran spouse sibling couple "
    "sister-in-law brother-in-law mother-in-law father-in-law son-in-law daughter-in-law "
    "terrorist bandit attendant steward stewardess conductor"
)
# Capitalised plurals that name people by nationality ("two Russians").
_NATIONALITY_PLURAL_RE = re.compile(r"[A-Z][a-z]+(?:ians|ans|is|ese)$")
# Nouns that qualify a people noun without changing who is counted ("crew members").
_COMPOUND_MODIFIERS = _words(
    "police crew aid rescue health security family service team staff fire army border "
    "medical emergency coal construction relief media hospital navy air church"
)

# Head nouns that carry their own category.
_HEAD_CATEGORY = {
    "deaths": "killed",
    "fatalities": "killed",
    "bodies": "killed",
    "injuries": "injured",
    "casualties": "other",
    "victims": "other",
    "survivors": "other",
    "hostages": "other",
    "cases": "other",
    "infections": "other",
}

_CATEGORY_WORDS = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "die": "killed",
    "dies": "killed",
    "perished": "killed",
    "slain": "killed",
    "murdered": "killed",
    "executed": "killed",
    "drowned": "killed",
    "deaths": "killed",
    "fatalities": "killed",
    "fatally": "killed",
    "injured": "injured",
    "wounded": "injured",
    "hurt": "injured",
    "injuries": "injured",
    "hospitalized": "injured",
    "hospitalised": "injured",
    "missing": "missing",
    "unaccounted": "missing",
    "disappeared": "missing",
    "aboard": "aboard",
    "onboard": "aboard",
    "casualties": "other",
    "victims": "other",
    "trapped": "other",
    "rescued": "other",
    "evacuated": "other",
    "displaced": "other",
    "homeless": "other",
    "survived": "other",
    "stranded": "other",
    "kidnapped": "other",
    "abducted": "other",
    "shot": "other",
    "alive": "other",
    "hostage": "other",
    "unharmed": "other",
    "unhurt": "other",
    "uninjured": "other",
    "treated": "injured",
    "stabbed": "injured",
    "hospitalizations": "injured",
    "hospitalisations": "injured",
    "electrocuted": "killed",
    "suffocated": "killed",
    "asphyxiated": "killed",
    "relocated": "other",
    "resettled": "other",
    "sickened": "other",
    "infected": "other",
    "poisoned": "other",
    "escaped": "other",
    "succumbed": "killed",  # "three others succumbed to their injuries"
}
# Multi-word category phrases: (words, category).
_CATEGORY_PHRASES = [
    (("lost", "their", "lives"), "killed"),
    (("lost", "his", "life"), "killed"),
    (("lost", "her", "life"), "killed"),
    (("shot", "dead"), "killed"),
    (("found", "dead"), "killed"),
    (("burned", "to", "death"), "killed"),
    (("burnt", "to", "death"), "killed"),
    (("stabbed", "to", "death"), "killed"),
    (("crushed", "to", "death"), "killed"),
    (("beaten", "to", "death"), "killed"),
    (("taken", "to", "hospital"), "injured"),
    (("taken", "to", "the", "hospital"), "injured"),
    (("taken", "to", "hospitals"), "injured"),
    (("in", "hospital"), "injured"),
    (("in", "critical", "condition"), "injured"),
    (("in", "serious", "condition"), "injured"),
    (("treated", "for"), "injured"),
    (("suffered", "injuries"), "injured"),
    (("sustained", "injuries"), "injured"),
    (("suffered", "burns"), "injured"),
    (("on", "board"), "aboard"),
    (("killed", "or", "wounded"), "other"),
    (("killed", "or", "injured"), "other"),
    (("dead", "or", "wounded"), "other"),
    (("dead", "or", "injured"), "other"),
    (("killed", "and", "wounded"), "other"),
    (("killed", "and", "injured"), "other"),
    (("ejected", "safely"), "other"),
    (("escaped", "unhurt"), "other"),
    (("moved", "to", "shelters"), "other"),
    (("moved", "to", "safety"), "other"),
    (("in", "shelters"), "other"),
    (("in", "temporary", "shelters"), "other"),
    (("in", "evacuation", "centers"), "other"),
    (("in", "evacuation", "centres"), "other"),
    (("spent", "the", "night", "in", "shelters"), "other"),
    (("fled", "their", "homes"), "other"),
    (("left", "homeless"), "other"),
    (("lost", "their", "homes"), "other"),
    (("pulled", "out", "alive"), "other"),
    (("pulled", "alive"), "other"),
    (("sought", "refuge"), "other"),
    (("sought", "shelter"), "other"),
    (("took", "refuge"), "other"),
    (("moved", "out", "of", "their", "homes"), "other"),
    (("forced", "from", "their", "homes"), "other"),
    (("forced", "to", "flee"), "other"),
    (("left", "their", "homes"), "other"),
    (("taken", "hostage"), "other"),
    (("held", "hostage"), "other"),
    (("shot", "and", "killed"), "killed"),
    (("shot", "and", "wounded"), "injured"),
    (("shot", "and", "injured"), "injured"),
    (("stabbed", "and", "killed"), "killed"),
    (("trampled", "to", "death"), "killed"),
    (("to", "hospital"), "injured"),
    (("to", "hospitals"), "injured"),
    (("to", "the", "hospital"), "injured"),
    (("to", "a", "hospital"), "injured"),
    (("to", "local", "hospitals"), "injured"),
    (("to", "nearby", "hospitals"), "injured"),
    (("to", "area", "hospitals"), "injured"),
    (("in", "stable", "condition"), "injured"),
    (("in", "a", "stable", "condition"), "injured"),
    (("in", "a", "serious", "condition"), "injured"),
    (("in", "a", "critical", "condition"), "injured"),
    (("in", "good", "condition"), "injured"),
    (("in", "fair", "condition"), "injured"),
    (("in", "grave", "condition"), "injured"),
    (("in", "life-threatening", "condition"), "injured"),
    (("in", "a", "life-threatening", "condition"), "injured"),
    (("in", "intensive", "care"), "injured"),
    (("on", "life", "support"), "injured"),
    (("fell", "ill"), "other"),
    (("fallen", "ill"), "other"),
    (("became", "ill"), "other"),
    (("died", "or", "gone", "missing"), "other"),
    (("died", "or", "went", "missing"), "other"),
    (("dead", "or", "missing"), "other"),
    (("killed", "or", "missing"), "other"),
    (("killed", "or", "captured"), "other"),
    (("under", "the", "rubble"), "other"),
    (("under", "the", "debris"), "other"),
    (("under", "rubble"), "other"),
    (("from", "the", "rubble"), "other"),
    (("from", "the", "ruins"), "other"),
    (("from", "the", "debris"), "other"),
    (("from", "the", "wreckage"), "other"),
    (("from", "their", "homes"), "other"),
    (("told", "to", "leave"), "other"),
    (("told", "to", "evacuate"), "other"),
    (("ordered", "to", "leave"), "other"),
    (("ordered", "to", "evacuate"), "other"),
    (("urged", "to", "leave"), "other"),
    (("spent", "the", "night"), "other"),
    (("on", "the", "boat"), "aboard"),
    (("on", "the", "vessel"), "aboard"),
    (("on", "the", "ship"), "aboard"),
    (("on", "the", "ferry"), "aboard"),
    (("on", "the", "plane"), "aboard"),
    (("on", "the", "flight"), "aboard"),
    (("on", "the", "bus"), "aboard"),
    (("on", "the", "train"), "aboard"),
    (("out", "of", "their", "homes"), "other"),
    (("shot", "down"), ""),  # aircraft, not people
    (("could", "not", "be", "revived"), "killed"),
]
_CATEGORY_PHRASE_FIRST = frozenset(words[0] for words, _ in _CATEGORY_PHRASES)
# where _category_phrase may find something
_CATEGORY_STARTS = _CATEGORY_PHRASE_FIRST | frozenset(_CATEGORY_WORDS)
_CATEGORY_PHRASES_BY_WORDS = _by_first_words(_CATEGORY_PHRASES)
# Verbs that take the counted people as their object ("killing two pilots").
_BACK_VERBS = {
    # military statements: "neutralised 37 terrorists", "eliminated 120 fighters"
    "neutralised": "killed",
    "neutralized": "killed",
    "neutralising": "killed",
    "neutralizing": "killed",
    "eliminated": "killed",
    "eliminating": "killed",
    "killing": "killed",
    "killed": "killed",
    "kill": "killed",
    "kills": "killed",
    "injuring": "injured",
    "injured": "injured",
    "injures": "injured",
    "wounding": "injured",
    "wounded": "injured",
    "wounds": "injured",
    "hurting": "injured",
    "evacuated": "other",
    "evacuating": "other",
    "rescued": "other",
    "rescuing": "other",
    "displaced": "other",
    "displacing": "other",
    "trapping": "other",
    "trapped": "other",
    "carrying": "aboard",
    "carried": "aboard",
    "carries": "aboard",
    "burying": "other",
    "buried": "other",
    "treating": "injured",
    "treated": "injured",
    "pulled": "other",
    "lost": "other",  # an army "lost 1,120 soldiers killed or wounded"; kin: see below
    "losing": "other",
    "sickened": "other",
    "sickening": "other",
    "infected": "other",
    "infecting": "other",
    "driven": "other",
    "driving": "other",
    "forced": "other",
    "forcing": "other",
    "stabbed": "injured",
    "stabbing": "injured",
}
# An active verb followed by its object belongs to that object, not to us.
_TRANSITIVE = _words("killed injured wounded hurt rescued evacuated shot murdered executed")
# Words that may stand between the count and its category ("were all later found dead").
_AUX = _words(
    "were was are is be been being have has had reportedly also later all both still now "
    "subsequently confirmed believed feared presumed thought said to remain remains "
    "remained later critically seriously badly slightly lightly fatally instantly either "
    "among the those then initially allegedly being could may might would will should must"
)
_STOP_FORWARD = _words(
    "that which who whom whose because but while when before although though where if "
    "said says told say according added tell tells ; : as after until since so"
)
_IRREGULAR_VERBS = _words(
    "fled ran took came went saw fell got made became drove flew fought held kept left met "
    "paid sent spent stood won began broke brought caught chose did gave grew hid hit hung "
    "knew led let put rode rose sat sold spoke struck swam taught threw wore wrote attacked "
    "opened"
)
_ED_ALLOWED = _words(
    "confirmed believed feared presumed reported armed unarmed injured wounded killed "
    "trapped displaced stranded evacuated rescued unidentified detained accused alleged "
    "suspected based pulled airlifted flown rushed transported admitted listed "
    "hospitalized hospitalised pronounced declared"
)
_ADJ_OK = _words(
    "young elderly other more additional unarmed local foreign civilian military senior "
    "junior teenage innocent armed suspected alleged unidentified unnamed fellow female "
    "male small adult off-duty migrant pregnant disabled retired serving active "
    "different separate new former volunteer"
)
# Words that may follow a bare count that still means people ("killing 26 in the attack").
_IMPLICIT_FOLLOW = _words(
    "and or in on at near during when after as including across of from inside outside "
    "overnight since while with by before following amid"
)
_CUMULATIVE_RE = re.compile(
    r"\b(?:since\s+(?:the\s+)?(?:start|beginning|outbreak|onset)\b"
    r"|since\s+(?:the|its|their)\s+(?:[\w'’-]+\s+){1,7}?(?:began|started|erupted)\b"
    r"|since\s+(?:\w+\s+)?(?:began|started)\b"
    r"|since\s+(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|19\d\d|20\d\d)\b"
    r"|so\s+far\b|this\s+year\b|to\s+date\b|in\s+total\b|cumulative"
    r"|over\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|months|weeks|year|decade)\b)",
)

# _CUMULATIVE_RE matches nothing in a text without one of these.
_CUMULATIVE_CUES = ("since", "far", "year", "date", "total", "cumulative")
_INT_RE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_DEC_RE = re.compile(r"\d+\.\d+")
_RANGE_TOKEN_RE = re.compile(r"(\d+)-(\d+)")
_CURRENCY = frozenset("$€£¥#")
_NOT_PEOPLE_AFTER = _words(
    "percent per % a.m p.m am pm gmt utc o'clock years year-old km kilometers kilometres "
    "miles meters metres feet kg tons tonnes dollars euros pounds rubles roubles "
    "hryvnias yuan degrees mph"
)


class _Unit(NamedTuple):
    start: int  # token index of the first word (qualifier included)
    end: int  # token index after the last word
    lo: int | None
    hi: int | None
    exact: int | None  # the part's count when exact
    head: str  # people noun phrase ("crew members"), "" when implicit
    category: str  # from the head or a modifier ("deaths", "injured people")
    aboard: bool
    singular: bool  # "a soldier", "the driver": needs a tight predicate
    joinable: bool  # may be summed with neighbours ("three crew and two officers")
    implicit_ok: bool  # a bare count may still mean people ("N of them", "N more")
    adjective: bool = False  # the category comes from a participle ("two wounded soldiers")


def _match_words(toks: list[_Tok], i: int, hi: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > hi:
        return False
    for word in words:
        if toks[i].low != word:
            return False
        i += 1
    return True


# The words a spelled-out number may begin with ("twenty-six" has a hyphen).
_SPELLED_FIRST = frozenset(_UNITS) | frozenset(_TENS) | {"a", "an"}


def _spelled_number(toks: list[_Tok], i: int, hi: int) -> tuple[int, int] | None:
    """A spelled-out cardinal at ``i`` ("twenty-six", "a hundred and five")."""
    total = 0
    current = 0
    k = i
    last = ""  # kind of the previous word, to refuse "one two"
    while k < hi:
        w = toks[k].low
        if (
            w in ("a", "an")
            and k == i
            and k + 1 < hi
            and toks[k + 1].low in ("hundred", "thousand", "dozen", "million")
        ):
            current = 1
            last = "unit"
        elif w in _UNITS and last in ("", "scale", "and", "tens"):
            if last == "tens" and _UNITS[w] >= 10:
                break
            current += _UNITS[w]
            last = "unit"
        elif w in _TENS and last in ("", "scale", "and"):
            current += _TENS[w]
            last = "tens"
        elif "-" in w and last in ("", "scale", "and"):
            left, _, right = w.partition("-")
            if left in _TENS and right in _UNITS and 0 < _UNITS[right] < 10:
                current += _TENS[left] + _UNITS[right]
                last = "unit"
            else:
                break
        elif w == "dozen" and last in ("unit", "tens"):
            current *= 12
            last = "scale"
        elif w == "hundred" and last in ("unit", "tens"):
            current *= 100
            last = "scale"
        elif w in ("thousand", "million", "billion") and last in ("unit", "tens", "scale"):
            total += current * _SCALES[w]
            current = 0
            last = "scale"
        elif (
            w == "and"
            and last == "scale"
            and k + 1 < hi
            and (toks[k + 1].low in _UNITS or toks[k + 1].low in _TENS or "-" in toks[k + 1].low)
        ):
            last = "and"
        else:
            break
        k += 1
    if k == i or last == "and":
        return None
    return total + current, k


def _number(toks: list[_Tok], i: int, hi: int) -> tuple[int, int | None, int] | None:
    """A number at ``i``: (low, high, next index); high None means open-ended."""
    if i >= hi:
        return None
    t = toks[i]
    low = t.low
    if i + 1 < hi:
        for words, (lo_v, hi_v) in _VAGUE_MULTI_BY_WORDS.get((low, toks[i + 1].low), ()):
            if _match_words(toks, i, hi, words):
                return lo_v, hi_v, i + len(words)
    if low in _VAGUE_ONE:
        lo_v, hi_v = _VAGUE_ONE[low]
        return lo_v, hi_v, i + 1
    if low == "both":
        return 2, 2, i + 1
    if low[:1].isdigit():
        value: float | None = None
        if low.isdecimal():
            value = int(low)  # most numbers: no range, separator or decimal to read
        else:
            m = _RANGE_TOKEN_RE.fullmatch(low)
            if m and int(m.group(1)) < int(m.group(2)):
                return int(m.group(1)), int(m.group(2)), i + 1
        if value is not None:
            pass
        elif _INT_RE.fullmatch(low):
            value = int(low.replace(",", ""))
        elif _DEC_RE.fullmatch(low):
            value = float(low)
        if value is None:
            return None
        j = i + 1
        if j < hi and toks[j].low in _SCALES:
            value *= _SCALES[toks[j].low]
            j += 1
        elif isinstance(value, float):
            return None
        return int(value), int(value), j
    if low in _SPELLED_FIRST or "-" in low:
        spelled = _spelled_number(toks, i, hi)
        if spelled:
            value, j = spelled
            return value, value, j
    return None


def _is_people(tok: _Tok, singular_ok: bool) -> bool:
    low = tok.low
    if low in _PEOPLE or (singular_ok and low in _PEOPLE_SINGULAR):
        return True
    return tok.cap and low != "nations" and _nationality_plural(tok.text)


@lru_cache(maxsize=4096)
def _nationality_plural(word: str) -> bool:
    """ "Russians", "Britons"? (cached: the same capitalised words come back)"""
    return bool(_NATIONALITY_PLURAL_RE.match(word))


def _is_modifier(tok: _Tok) -> bool:
    low = tok.low
    if tok.cap:
        return tok.text[:1].isalpha() and low not in _MONTHS and low not in _WEEKDAYS
    if low in _ADJ_OK or low in _COMPOUND_MODIFIERS or low in _CATEGORY_WORDS:
        return True
    if "-" in low and low[-1:].isalpha():
        return True  # "off-duty", "12-year-old"
    if not low[:1].isalpha():
        return False
    if low.endswith("ly"):
        return True
    if low.endswith("ed") or low in _AUX or low in _STOP_FORWARD or low in _IRREGULAR_VERBS:
        return False
    if low in _NP_PREPS or low in ("and", "or", "the", "a", "an", "to", "on", "with", "by"):
        return False
    # A plural-looking word is the head noun, and it is not a people noun.
    return not (low.endswith("s") and not low.endswith(("ss", "us", "ous")))


def _parse_unit(
    toks: list[_Tok], i: int, hi: int, sent_lo: int, *, part: bool = False
) -> _Unit | None:
    """One counted group at ``i``: qualifier, number, modifiers, people noun.

    ``part``: the unit continues a sum, where "her grandmother" counts one.
    """
    j = i
    qual = ""
    first = toks[i].low
    if first in _QUALIFIER_FIRST:
        found = _phrase_at(_QUALIFIERS_BY_WORDS, toks, i, hi)
        if found is not None:
            qual = found[1]
            j = i + len(found[0])
    lo: int | None
    up: int | None
    singular = False
    joinable = True
    implicit_ok = False
    if qual == "unknown":
        lo = up = None
    elif qual == "all" and j < hi and toks[j].low in ("those", "the", "of"):
        # "all those on board", "all the passengers": a whole group, count unknown
        lo = up = None
        while j < hi and toks[j].low in ("those", "the", "of"):
            j += 1
        implicit_ok = toks[j - 1].low == "those"
    else:
        if (
            not qual
            and j + 1 < hi
            and (toks[j].low in _POSSESSIVES or toks[j].low == "the")
            and _number(toks, j + 1, hi) is not None
        ):
            j += 1  # "his two sons", "the two students"
        if (
            j + 3 < hi
            and toks[j].low in ("a", "an")
            and toks[j + 1].low in _GROUP_NOUNS
            and toks[j + 2].low == "of"
        ):
            # "a family of five", "a group of 12 hikers"
            num = _number(toks, j + 3, hi)
            if num is not None and num[2] < hi and not _is_people(toks[num[2]], False):
                lo, up, k = num
                lo, up = _qualify(qual, lo, up)
                exact = lo if lo == up else None
                return _Unit(i, k, lo, up, exact, toks[j + 1].low, "", False, False, True, False)
        num = _number(toks, j, hi)
        if num is None:
            if first == "another" and qual == "exact" and _is_aux_or_category(toks, j, hi):
                # "another was seriously injured"
                return _Unit(i, j, 1, 1, 1, "", "", False, False, False, True)
            if (
                first == "another"
                and qual == "exact"
                and j < hi
                and toks[j].low in _PEOPLE_SINGULAR
            ):
                singular = True  # "another child died later in hospital"
                lo = up = 1
            elif (
                qual in ("", "exact")
                and j < hi
                and (
                    toks[j].low in ("a", "an", "the", "one")
                    or (toks[j].low in _POSSESSIVES and toks[j].low != "its")
                )
            ):
                # "a soldier was killed": a singular casualty, checked strictly later
                if toks[j].low == "the" and qual:
                    return None
                singular = True
                lo = up = 1
                j += 1
            elif qual == "all" and j < hi and _is_people(toks[j], False):
                lo = up = None
            else:
                return None
        else:
            lo, up, j = num
            if _excluded_number(toks, j - 1 if qual else i, j, hi, sent_lo):
                return None
            if (
                qual == "between"
                or (
                    j + 1 < hi
                    and toks[j].low in ("to", "or", "and")
                    and toks[j + 1].low[:1].isdigit()
                )
                or (j + 1 < hi and toks[j].low in ("to", "or") and toks[j + 1].low in _UNITS)
            ):
                if j + 1 < hi and toks[j].low in ("to", "or", "and"):
                    second = _number(toks, j + 1, hi)
                    if second and toks[j].low == "to" and i > sent_lo and toks[i - 1].low == "from":
                        lo, up, j = second  # "rose from 44 to 52": the new figure
                    elif second and second[0] > (lo or 0):
                        up = second[1]
                        j = second[2]
                qual = "" if qual == "between" else qual
            lo, up = _qualify(qual, lo, up)
            if j < hi and toks[j].low == "or" and _match_words(toks, j, hi, ("or", "more")):
                up = None
                j += 2
    exact = lo if lo is not None and lo == up else None
    # "two of the pilots", "three of them", "dozens of people"
    if j < hi and toks[j].low == "of" and not singular:
        k = j + 1
        if k < hi and toks[k].low in ("them", "whom", "those", "these"):
            implicit_ok = True
            joinable = False  # "three soldiers, two of them officers": a subset, not a sum
            j = k + 1
            if not (
                j < hi
                and (
                    toks[j].low in ("killed", "injured", "wounded", "aboard", "on")
                    or _is_people(toks[j], True)
                )
            ):
                return _Unit(i, j, lo, up, exact, "", "", False, False, joinable, True)
        elif k < hi and toks[k].low in ("the", "its", "their"):
            j = k + 1
            extra = _number(toks, j, hi)
            if extra:
                j = extra[2]
        elif k < hi and (
            _is_people(toks[k], False)
            or toks[k].cap
            or toks[k].low in _ADJ_OK
            or toks[k].low
            in ("injured", "wounded", "dead", "missing")  # "scores of injured people"
        ):
            j = k
        else:
            return None
    # modifiers, then the people noun
    mods = 0
    category = ""
    adjective = False
    head_start = -1
    bare_end = j  # where a bare number ends if no people noun follows
    while j < hi and mods < 3:
        t = toks[j]
        if _is_people(t, exact == 1 and not singular) or (singular and t.low in _PEOPLE_SINGULAR):
            head_start = j
            break
        if t.low in _CASE_NOUNS and (
            (mods and toks[j - 1].low in _CASE_MODIFIERS)
            or (j + 1 < hi and toks[j + 1].low == "of")  # "2,000 cases of heat stress"
        ):
            head_start = j
            break
        if t.low in ("others", "more") and not singular:
            # "two others", "12 more": people implied
            implicit_ok = True
            if t.low == "others":
                head_start = j
                break
            j += 1
            mods += 1
            continue
        if t.low in ("aboard", "onboard") or (
            t.low == "on" and j + 1 < hi and toks[j + 1].low == "board"
        ):
            break
        if t.low in _AUX or t.low in _IMPLICIT_FOLLOW:
            break  # "74 seriously", "five critically injured": the predicate starts
        if not _is_modifier(t) or (
            mods == 0
            and t.low in _CATEGORY_WORDS
            and t.low not in ("injured", "wounded", "dead", "missing")
        ):
            break
        if t.low in ("injured", "wounded", "dead", "missing"):
            # "five injured people" -- but "five injured" alone is a predicate
            if not (j + 1 < hi and _is_people(toks[j + 1], singular)):
                break
            category = _CATEGORY_WORDS[t.low]
            adjective = True
        j += 1
        mods += 1
    head = ""
    if head_start >= 0:
        k = head_start
        while (
            k + 1 < hi
            and (
                _is_people(toks[k + 1], exact == 1)
                or (singular and toks[k + 1].low in _PEOPLE_SINGULAR)
            )
            and k - head_start < 2
        ):
            k += 1
        words_start = head_start
        if head_start > i and toks[head_start - 1].low in _COMPOUND_MODIFIERS:
            words_start = head_start - 1
        head = " ".join(t.text if t.cap else t.low for t in toks[words_start : k + 1])
        if singular and toks[k].low == "couple":
            lo = up = exact = 2  # "a Bridgeport couple"
        if not category:
            category = _HEAD_CATEGORY.get(toks[k].low, "")
        if not singular and exact != 1 and toks[k].low in _PEOPLE:
            # "all 162 passengers and crew": one group of two kinds, counted together
            m = _coordinated_head(toks, k, hi)
            if m > k:
                head = f"{head} and " + " ".join(
                    t.text if t.cap else t.low for t in toks[k + 2 : m + 1]
                )
                k = m
        j = _age_range_end(toks, k + 1, hi)  # "a man in his 50s and a woman in her 70s"
        mods = mods - (head_start - words_start)
    elif singular:
        return None
    elif mods and not implicit_ok:
        if category or lo is None:
            return None
        j = bare_end  # "could reach 20,000 given ...": the words after were no modifiers
    elif qual == "all" and lo is None and not implicit_ok:
        return None  # "all the injured are receiving help": no count, no group named
    # "all 5 aboard", "five people on board"
    aboard = False
    if j < hi and toks[j].low in ("aboard", "onboard"):
        aboard = True
        j += 1
    elif j + 1 < hi and toks[j].low == "on" and toks[j + 1].low == "board":
        aboard = True
        j += 2
    if not head and not aboard and not implicit_ok and j < hi:
        # A bare number must be followed by its category, or stand as the object
        # of a casualty verb or a toll ("a tally of 41 released"); before a noun we
        # do not know ("several homes") it counts something else.
        nxt = toks[j]
        if (
            nxt.low[:1].isalpha()
            and not (
                nxt.low in _IMPLICIT_FOLLOW or nxt.low in _AUX or _category_phrase(toks, j, hi)
            )
            and not (
                i > sent_lo
                and toks[i - 1].low not in _BACK_VERBS
                and not (nxt.low.endswith("s") and not nxt.low.endswith("ss"))
                and _backward_category(toks, i, sent_lo)[0]
            )
        ):
            return None
    return _Unit(
        i,
        j,
        lo,
        up,
        exact,
        head,
        category,
        aboard,
        singular,
        joinable and bool(head),
        implicit_ok,
        adjective,
    )


def _coordinated_head(toks: list[_Tok], k: int, hi: int) -> int:
    """After the people noun at ``k``, the end of "and crew (members)" when it names
    more people in the same count; else ``k``. "and two officers" has a count of
    its own, and in "soldiers and police said" the police speak."""
    if k + 2 >= hi or toks[k + 1].low not in ("and", "or"):
        return k
    m = k + 2
    if not (_is_people(toks[m], False) or toks[m].low in _COMPOUND_MODIFIERS):
        return k
    while m + 1 < hi and m < k + 3 and _is_people(toks[m + 1], False):
        m += 1
    if not _is_people(toks[m], False):
        return k
    nxt = toks[m + 1].low if m + 1 < hi else ""
    if nxt in _FINITE_VERBS or nxt in _PARTICIPLES or nxt == "according":
        return k
    return m


def _qualify(qual: str, lo: int | None, up: int | None) -> tuple[int | None, int | None]:
    if lo is None:
        return lo, up
    if qual == "min":
        return lo, None
    if qual == "gt":
        return lo + 1, None
    if qual == "max":
        return None, up
    if qual == "lt":
        return None, (up or lo) - 1
    # integer arithmetic: 50 * 1.1 is 55.00000000000001 in floating point
    if qual == "approx" and lo == up:
        return (9 * lo) // 10, -(-(11 * lo) // 10)
    if qual == "nearly" and lo == up:
        return (9 * lo) // 10, lo
    return lo, up


def _is_model_number(toks: list[_Tok], i: int, sent_lo: int) -> bool:
    """ "Boeing 737", "Flight 417", "Route 66": a number naming a thing, not counting."""
    if i <= sent_lo:
        return False
    prev = toks[i - 1]
    return (
        prev.cap
        and prev.text[:1].isalpha()
        and i - 1 > sent_lo
        and prev.low not in _CAP_STOP
        and prev.low not in _MONTHS
    ) or prev.low in ("flight", "route", "no", "number", "no.", "gate", "terminal", "platform")


def _excluded_number(toks: list[_Tok], i: int, j: int, hi: int, sent_lo: int) -> bool:
    """Dates, years, ages, times, money, measures, models: numbers that are not counts."""
    t = toks[i]
    prev = toks[i - 1] if i > sent_lo else None
    nxt = toks[j] if j < hi else None
    if prev is not None:
        if prev.text in _CURRENCY or prev.low in _MONTHS or prev.low in ("aged", "age", "ages"):
            return True
        if prev.low == "in" and i - 2 >= sent_lo and _number(toks, i - 2, i - 1) is not None:
            return True  # "one in three deaths": a ratio
        if t.low[:1].isdigit() and _is_model_number(toks, i, sent_lo):
            return True
    if nxt is not None:
        if nxt.low in _MONTHS or nxt.low in _NOT_PEOPLE_AFTER or nxt.text in ("%", ":"):
            return True
        if nxt.low in ("years", "year") and j + 1 < hi and toks[j + 1].low in ("old", "of"):
            return True
    if t.low.isdigit() and len(t.low) == 4 and 1800 <= int(t.low) <= 2099:
        # a year, unless it directly counts people ("2016 people" is rare but possible)
        return nxt is None or not _is_people(nxt, False)
    return False


def _category_phrase(toks: list[_Tok], k: int, hi: int) -> tuple[str, int] | None:
    low = toks[k].low
    if low in _CATEGORY_PHRASE_FIRST and k + 1 < hi:
        for words, cat in _CATEGORY_PHRASES_BY_WORDS.get((low, toks[k + 1].low), ()):
            if _match_words(toks, k, hi, words):
                return cat, len(words)
    if low in _CATEGORY_WORDS:
        return _CATEGORY_WORDS[low], 1
    return None


def _starts_count(tok: _Tok) -> bool:
    low = tok.low
    return (
        low[:1].isdigit()
        or low in _UNITS
        or low in _TENS
        or low in _VAGUE_ONE
        or low in ("the", "a", "an", "all", "both", "his", "her", "their", "at", "dozens")
        or _is_people(tok, True)
    )


def _is_aux_or_category(toks: list[_Tok], k: int, hi: int) -> bool:
    return k < hi and (toks[k].low in _AUX or _category_phrase(toks, k, hi) is not None)


_PLACE_PREPS = _words("in from at near of on outside inside")
_PLACE_NOUNS = _words(
    "canton province region state county district city town village municipality "
    "prefecture governorate oblast department"
)
_GROUP_NOUNS = _words("family group party")
# Epidemic counts: "11,873 suspected cases", "new infections"
_CASE_NOUNS = _words("cases infections")
_CASE_MODIFIERS = _words("suspected confirmed new probable active reported recorded")
_CARE_PLACES = _words("hospital hospitals clinic infirmary medical trauma burn burns")
_AGE_RANGE_RE = re.compile(r"\d0s|\d0['’]s")


def _age_range_end(toks: list[_Tok], k: int, hi: int) -> int:
    """After "in his 50s" or "in her early 70s" at ``k``, the next index; else ``k``."""
    if k + 2 >= hi or toks[k].low != "in" or toks[k + 1].low not in _POSSESSIVES:
        return k
    m = k + 2
    if toks[m].low in ("early", "mid", "late") and m + 1 < hi:
        m += 1
    return m + 1 if _AGE_RANGE_RE.fullmatch(toks[m].low) else k


_POSSESSIVES = _words("his her their my our its")
_CLOSING = frozenset('.!?"“”()–—;:')


def _forward_category(
    toks: list[_Tok], j: int, hi: int, strict: bool, sent_lo: int
) -> tuple[str, int, bool]:
    """The category stated after a count: (category, end token, adjacent to the count).

    ``strict`` (singular counts, "a soldier") allows only auxiliaries and a
    short place phrase ("in Kochi") before the predicate.
    """
    weak = ""
    weak_end = j
    k = j
    seen = 0
    adjacent = True
    limit = 8 if strict else 14
    while k < hi and seen < limit:
        t = toks[k]
        found = _category_phrase(toks, k, hi) if t.low in _CATEGORY_STARTS else None
        if found is not None:
            cat, width = found
            if cat == "":
                break
            if t.low in _TRANSITIVE and k + width < hi and _starts_count(toks[k + width]):
                break  # "two men who had killed three people": the object's category
            if cat == "aboard":
                if not weak:
                    weak, weak_end = "aboard", k + width
                k += width
                seen += width
                continue
            return cat, k + width, adjacent
        low = t.low
        if low == "to" and k + 1 < hi and toks[k + 1].cap:
            # "sent five others to Flagstaff Medical Center"
            m = k + 1
            while m < hi and m < k + 7 and toks[m].cap:
                m += 1
            if any(toks[x].low in _CARE_PLACES for x in range(k + 1, m)):
                return "injured", m, adjacent
        if low in _AUX:
            k += 1
            seen += 1
            continue
        if low in ("who", "that") and _is_aux_or_category(toks, k + 1, hi):
            k += 1  # "a 23-year-old student who was wounded", "the woman who died"
            seen += 1
            continue
        if (
            low == ","
            and k + 2 < hi
            and toks[k + 1].low == "who"
            and _is_aux_or_category(toks, k + 2, hi)
        ):
            k += 2  # "one, who was fatally injured"
            adjacent = False
            continue
        if strict and _age_range_end(toks, k, hi) > k:
            k = _age_range_end(toks, k, hi)  # "a man in his 50s"
            adjacent = False
            continue
        if low == ",":
            if _is_aux_or_category(toks, k + 1, hi) and not strict:
                k += 1
                adjacent = False
                continue
            # a parenthetical (", including two children,", ", 42,", ", aged 6, 9 and
            # 12,", ", identified as Dale Kessler of Winslow,") before the predicate
            close = _skip_age_apposition(toks, k, hi)
            if close == k:
                close = next(
                    (
                        m
                        for m in range(k + 1, min(hi, k + 12))
                        if toks[m].low in (",", "–", "—") and _is_aux_or_category(toks, m + 1, hi)
                    ),
                    -1,
                )
            if close > k and _is_aux_or_category(toks, close + 1, hi):
                k = close + 1
                adjacent = False
                continue
            break
        if (
            low in _STOP_FORWARD
            or low in _IRREGULAR_VERBS
            or (low.endswith("ed") and low not in _ED_ALLOWED and low.isalpha())
            or low in _CLOSING
        ):
            break
        if (
            (low[:1].isdigit() and not _is_model_number(toks, k, sent_lo))
            or low in _UNITS
            or low in _TENS
            or low in _VAGUE_ONE
        ):
            break
        if strict:
            if low in _ED_ALLOWED or low in ("initially", "later", "first"):
                k += 1  # "a child who was rushed to hospital"
                seen += 1
                continue
            # "A 91-year-old woman in Kochi was seriously hurt"
            if low in _PLACE_PREPS and k + 1 < hi and toks[k + 1].cap:
                k += 2
                while k < hi and toks[k].cap:
                    k += 1
                adjacent = False
                seen += 2
                continue
            break
        adjacent = False
        k += 1
        seen += 1
    return weak, weak_end, False


# "Among the dead were ...", "Among the passengers were ...": the group's category
_AMONG_GROUPS = {
    "dead": "killed",
    "killed": "killed",
    "fatalities": "killed",
    "injured": "injured",
    "wounded": "injured",
    "hospitalized": "injured",
    "hospitalised": "injured",
    "missing": "missing",
    "victims": "other",
    "casualties": "other",
    "survivors": "other",
    "rescued": "other",
    "evacuees": "other",
    "hostages": "other",
    "passengers": "aboard",
    "crew": "aboard",
}

_TOLL_VERBS = _words(
    "rose risen rises rising climbed climbs climbing jumped jumps increased increases reached "
    "reaches hit hits stood stands soared surged fell fallen dropped revised lowered reach "
    "exceed exceeds exceeded surpass surpassed passed topped top tops"
)
_TOTAL_VERBS = _words(
    "bringing brings bring brought raising raises raised pushing pushes pushed taking takes took"
)
_TOTAL_LEADS = _words("the its their overall death cumulative official total")
_TOTAL_NOUNS = _words("total toll number tally count")
_TOTAL_CATEGORY = {"death": "killed", "deaths": "killed", "losses": "other", "casualties": "other"}

_TOLL_PATH = _words(
    "rose risen climbed jumped increased reached stood stands is was has had now hit to at of from "
    "fell dropped revised lowered "
    "the climbs rises reportedly officially already put puts putting gave give gives a an its "
    "their"
)


_QUOTE_MARKS = frozenset('"“”')


def _backward_category(toks: list[_Tok], i: int, sent_lo: int) -> tuple[str, int]:
    """A casualty verb or death toll right before a count: (category, start token)."""
    k = i - 1
    if k >= sent_lo and toks[k].low in ("reportedly", "instantly", "also", "immediately", "then"):
        k -= 1
    if k - 1 >= sent_lo and toks[k].low in _QUOTE_MARKS and toks[k - 1].low in _BACK_VERBS:
        # a verb in scare quotes: '"eliminated" as many as 120 servicemen', quotes and all
        k -= 1
        opened = k - 1 >= sent_lo and toks[k - 1].low in _QUOTE_MARKS
        return _BACK_VERBS[toks[k].low], k - 1 if opened else k
    if k >= sent_lo:
        low = toks[k].low
        if low in ("lost", "losing") and toks[i].low in _POSSESSIVES:
            return "killed", k  # "lost his mother and a niece"
        if low in _BACK_VERBS:
            return _BACK_VERBS[low], k
        # "claimed the lives of", "the evacuation of"
        if low == "of" and k - 1 >= sent_lo:
            before = toks[k - 1].low
            if before in ("lives", "deaths", "bodies", "killing", "death", "toll"):
                return "killed", k - 1
            if before in ("tally", "total", "count"):
                # "an official tally of 41": of whatever the sentence counted before
                start = k - 1
                while start - 1 >= sent_lo and toks[start - 1].low in _TOTAL_LEADS | _ARTICLES:
                    start -= 1
                return "same", start
            if before in ("evacuation", "rescue", "displacement", "relocation"):
                return "other", k - 1
        # "the victims included a patient, ...", "the dead include three children"
        if low in ("included", "include", "includes", "including") and k - 1 >= sent_lo:
            before = toks[k - 1].low
            if before in ("dead", "killed"):
                return "killed", i
            if before in ("injured", "wounded"):
                return "injured", i
            if before in ("victims", "casualties"):
                return "other", i
    # "the death toll rose to 26", "put the toll at three"
    k = i - 1
    steps = 0
    while k >= sent_lo and steps < 6:
        low = toks[k].low
        if low == "toll":
            start = k
            cat = "killed"
            if k - 1 >= sent_lo and toks[k - 1].low in ("death", "casualty"):
                start = k - 1
                cat = "killed" if toks[k - 1].low == "death" else "other"
            if start - 1 >= sent_lo and toks[start - 1].low in ("the", "a"):
                start -= 1
                if start - 1 >= sent_lo and toks[start - 1].low in ("put", "puts", "putting"):
                    start -= 1
            return cat, start
        if low not in _TOLL_PATH:
            break
        k -= 1
        steps += 1
    k = i - 1
    verb = -1
    if k - 1 >= sent_lo and toks[k].low in ("to", "at") and toks[k - 1].low in _TOLL_VERBS:
        verb = k - 1  # "The death toll from the earthquake that struck ... climbed to 74"
    elif k >= sent_lo and toks[k].low in _TOLL_VERBS and toks[k].low not in ("rose", "fell"):
        verb = k  # "the confirmed death toll in Derna has now reached 11,300"
    if verb >= 0:
        m = verb - 1
        while m >= sent_lo and m > verb - 25 and toks[m].low not in (";", ":"):
            if toks[m].low == "toll":
                casualty = m - 1 >= sent_lo and toks[m - 1].low == "casualty"
                return ("other" if casualty else "killed"), verb
            m -= 1
    if k >= sent_lo and toks[k].low == "to":
        # "bringing the total since the outbreak began to 412", "bringing the number of
        # hospitalizations this year to more than 200,000": a running total
        m = k - 1
        while m >= sent_lo + 1 and m > k - 16 and toks[m].low not in (",", ";", ":"):
            if toks[m].low in _TOTAL_NOUNS and toks[m - 1].low in _TOTAL_LEADS:
                lead = m - 1
                while lead - 1 >= sent_lo and toks[lead].low in _TOTAL_LEADS:
                    lead -= 1
                if toks[lead].low not in _TOTAL_VERBS:
                    break
                for x in range(m - 1, k):
                    word = toks[x].low
                    if word in _TOTAL_CATEGORY:
                        return _TOTAL_CATEGORY[word], lead
                    if word in _CATEGORY_WORDS and _CATEGORY_WORDS[word] != "other":
                        return _CATEGORY_WORDS[word], lead
                return ("killed" if toks[m].low == "toll" else "same"), lead
            m -= 1
    # "Among the dead were three children"
    if (
        k >= sent_lo + 3
        and toks[k].low in ("were", "are", "was", "is")
        and toks[k - 2].low == "the"
        and toks[k - 3].low == "among"
    ):
        group = toks[k - 1].low
        if group in _AMONG_GROUPS:
            return _AMONG_GROUPS[group], i
    return "", i


_ZERO_RE = re.compile(
    r"\b(?:no\s+one|no-one|nobody|none(?:\s+of\s+(?:the\s+)?\w+(?:\s+\w+)?)?)(?:\s+else)?\s+"
    r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    r"(killed|injured|hurt|wounded|harmed|missing)\b"
    r"|\bno\s+(?:other\s+)?(casualties|injuries|deaths|fatalities)\s+"
    r"(?:were|was|have\s+been|has\s+been|had\s+been)\b"
    r"|\bthere\s+were\s+no\s+(?:other\s+)?(casualties|injuries|deaths|fatalities)\b",
)
_ZERO_HINTS = (
    "no one",
    "no-one",
    "nobody",
    "none",
    "no casualties",
    "no injuries",
    "no deaths",
    "no fatalities",
    "no other",
)
_ZERO_CATEGORY = {
    "killed": "killed",
    "injured": "injured",
    "hurt": "injured",
    "wounded": "injured",
    "harmed": "injured",
    "missing": "missing",
    "casualties": "other",
    "injuries": "injured",
    "deaths": "killed",
    "fatalities": "killed",
}


class _Raw(NamedTuple):
    """A claim before its offsets become a Candidate."""

    kind: str
    start: int
    end: int
    data: dict


def _alternation(words: set[str]) -> str:
    """A regex matching any of ``words``, shaped as a trie ("kill(?:ed|ing)?"): the
    regex engine tries one branch per letter instead of every word in turn."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        optional = "" in node
        if len(branches) == 1 and not optional:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")

    return build(trie)


# A sentence without any of these words states no casualty: skip it untokenised.
_CASUALTY_HINTS = (
    set(_CATEGORY_WORDS)
    | set(_BACK_VERBS)
    | set(_HEAD_CATEGORY)
    | {w for words, _ in _CATEGORY_PHRASES for w in words}
    - set(
        _words(
            "in to the their his her or and on out a an from of under good fair life became "
            "fell went gone fallen support"
        )
    )
    | set(_words("toll lives deaths bodies evacuation rescue displacement relocation dead among"))
    | _CASE_NOUNS
    | _GROUP_NOUNS
    | _CARE_PLACES
)


# A count starts with one of these words or a digit.
_ARTICLES = _words("a an the")
_AFTER_ARTICLE = _words(
    "few handful couple number total further dozen hundred thousand minimum maximum unknown "
    "undisclosed unspecified undetermined family group party"
)
# Where a count may start: see _count_starts.
_NUMBER_WORD_SET = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_VAGUE_ONE) | {"both"}
_COUNT_WORDS = _NUMBER_WORD_SET | {"another", "all"}
_ONE_WORD_QUALIFIERS = frozenset(w[0] for w, _ in _QUALIFIERS if len(w) == 1)
_LONG_QUALIFIERS = [w for w, _ in _QUALIFIERS if len(w) > 1] + [("tens", "of"), ("half", "a")]
_LONG_QUALIFIER_FIRST = frozenset(w[0] for w in _LONG_QUALIFIERS)
_LONG_QUALIFIERS_BY_WORDS: dict[tuple[str, str], list[tuple[str, ...]]] = {}
for _qualifier in _LONG_QUALIFIERS:
    _LONG_QUALIFIERS_BY_WORDS.setdefault(_qualifier[:2], []).append(_qualifier)
_POSSESSIVE_STARTS = frozenset({"his", "her", "their", "my", "our"})


def _head_word(low: str) -> str:
    """The first word of a token ("twenty" of "twenty-six", "wife" of "wife's")."""
    if low.isalnum():
        return low
    m = _SEP_RE.search(low)
    return low[: m.start()] if m else low


def _number_ahead(toks: list[_Tok], k: int, hi: int) -> bool:
    """Does a number start at ``k`` ("50", "five", "a dozen", "half a", "tens of")?"""
    if k >= hi:
        return False
    low = toks[k].low
    if low in _NUMBER_WORD_SET or low[:1].isdigit():
        return True
    if not low.isalnum() and _head_word(low) in _NUMBER_WORD_SET:
        return True  # "twenty-six"
    if k + 1 >= hi:
        return False
    nxt = toks[k + 1].low
    return (
        (low in ("a", "an") and _head_word(nxt) in _AFTER_ARTICLE)
        or (low == "half" and nxt == "a")
        or (low == "tens" and nxt == "of")
    )


def _plain_words_then(toks: list[_Tok], k: int, hi: int, most: int, words: frozenset) -> bool:
    """Is one of ``words`` at ``k`` or after up to ``most`` other words (no punctuation)?"""
    for m in range(k, min(hi, k + most + 1)):
        low = toks[m].low
        if low in words:
            return True
        if low.isalnum():
            continue  # a plain word: look on
        if _head_word(low) in words:
            return True
        if not low[:1].isalnum():
            return False
    return False


_START_WORDS = (
    _COUNT_WORDS | _LONG_QUALIFIER_FIRST | _ONE_WORD_QUALIFIERS | _ARTICLES | _POSSESSIVE_STARTS
)


def _person_within(persons: list[int], first: int, last: int) -> bool:
    """Is one of the (sorted) token indices ``persons`` in first..last?"""
    at = bisect_left(persons, first)
    return at < len(persons) and persons[at] <= last


def _count_starts(toks: list[_Tok], flagged: list[int], persons: list[int]) -> list[int]:
    """Indices of the tokens where a count may begin: digits, number words and the
    longer qualifiers ("at least", "up to") always; common words only when what
    follows can make them one: an article before a number or a singular person
    ("a soldier", "the two pilots"), a one-word qualifier before a number ("about
    50"), a possessive before a person ("his wife and three daughters")."""
    out = []
    hi = len(toks)
    for k in flagged:
        low = toks[k].low
        if low[0].isdigit():
            out.append(k)
            continue
        word = low if low in _START_WORDS else _head_word(low)
        if (
            word in _COUNT_WORDS
            or (
                word in _LONG_QUALIFIER_FIRST
                and k + 1 < hi
                and any(
                    _match_words(toks, k, hi, words)
                    for words in _LONG_QUALIFIERS_BY_WORDS.get((word, toks[k + 1].low), ())
                )
            )
            or (word in _ONE_WORD_QUALIFIERS and _number_ahead(toks, k + 1, hi))
        ):
            out.append(k)
        elif word in _ARTICLES:
            if (
                _number_ahead(toks, k + 1, hi)
                or (k + 1 < hi and _head_word(toks[k + 1].low) in _AFTER_ARTICLE)
                or (
                    _person_within(persons, k + 1, k + 4)
                    and _plain_words_then(toks, k + 1, hi, 3, _PEOPLE_SINGULAR)
                )
            ):
                out.append(k)
        elif (
            word in _POSSESSIVE_STARTS
            and _person_within(persons, k + 1, k + 2)
            and _plain_words_then(toks, k + 1, hi, 1, _PEOPLE_SINGULAR)
        ):
            out.append(k)
    return out


def _article_may_count(toks: list[_Tok], k: int, hi: int, persons: list[int]) -> bool:
    """Can "a"/"the" at ``k`` start a count ("a dozen", "the two pilots", "a soldier")?"""
    if k + 1 >= hi:
        return False
    nxt = toks[k + 1].low
    if nxt in _AFTER_ARTICLE or nxt[:1].isdigit() or nxt in _UNITS or nxt in _TENS:
        return True
    return _person_within(persons, k + 1, k + 4) and any(
        toks[m].low in _PEOPLE_SINGULAR for m in range(k + 1, min(hi, k + 5))
    )


def _casualties(doc: _Doc) -> list[_Raw]:
    out: list[_Raw] = []
    sent_of_zero: dict[int, list[re.Match]] = {}
    if any(map(doc.lower.__contains__, _ZERO_HINTS)):
        for m in _ZERO_RE.finditer(doc.lower):
            sent_of_zero.setdefault(bisect_right(doc.sent_starts, m.start()) - 1, []).append(m)
    hinted = doc.hinted("casualty")
    running = None  # whether the text has a running total's words at all
    # where a count may begin, by sentence (one pass over the text)
    begins: dict[int, list[int]] = {}
    for index in hinted:
        found = _count_starts(doc.tokens(index), doc.flagged(index), doc.persons(index))
        if found:
            begins[index] = found
    for index in sorted(set(begins) | set(sent_of_zero)):
        s_start, s_end = doc.sents[index]
        toks = doc.tokens(index)
        t_lo, t_hi = 0, len(toks)
        found_here: list[tuple[_Raw, int]] = []  # (claim, its last token)
        consumed: set[int] = set()
        resume = t_lo
        for k in begins.get(index, ()):
            if k < resume or k in consumed:
                continue
            tok = toks[k]
            low = tok.low
            if low == "one" and k > t_lo and toks[k - 1].low in ("no", "was", "is"):
                continue  # "no one"; "Marco was one of the victims" names, not counts
            if low in _ARTICLES and not _article_may_count(toks, k, t_hi, doc.persons(index)):
                continue
            inherit = ""
            if found_here and (
                (k - 1 >= t_lo and toks[k - 1].low in ("including", "among"))
                # "..., among them a 6-month-old baby"
                or (
                    k - 2 >= t_lo
                    and toks[k - 2].low == "among"
                    and toks[k - 1].low in ("them", "whom")
                )
                # "killing 12 people, two of them children", "a dozen of them critically"
                or any(
                    toks[m].low == "of" and toks[m + 1].low in ("them", "whom")
                    for m in range(k + 1, min(k + 4, t_hi - 1))
                )
            ):
                # "killed 19 civilians, including five children": the same fate
                inherit = found_here[-1][0].data["category"]
            previous = found_here[-1][0].data["category"] if found_here else ""
            result = _casualty_at(toks, k, t_lo, t_hi, inherit, previous)
            if result is None:
                continue
            raw, used, next_k = result
            consumed.update(used)
            # a part of the figure before it ("including five children") shares its scope
            found_here.append((raw, found_here[-1][0] if inherit else None))
            out.append(raw)
            resume = max(k + 1, next_k)
        for m in sent_of_zero.get(index, ()):
            word = next(g for g in m.groups() if g).lower()
            out.append(
                _Raw(
                    "casualty",
                    m.start(),
                    m.end(),
                    {
                        "count_min": 0,
                        "count_max": 0,
                        "category": _ZERO_CATEGORY[word],
                        "subject": "people",
                        "parts": [],
                    },
                )
            )
        if found_here:
            if running is None:
                running = any(map(doc.lower.__contains__, _CUMULATIVE_CUES))
            if running:
                _mark_running_totals(doc.lower, s_start, s_end, found_here)
            else:
                for raw, _ in found_here:
                    raw.data["cumulative"] = False
    return out


# An ordinal or superlative just before "since 2019" or "this year" makes it the
# comparison set of a record ("the deadliest attack since 2019"), not a running total.
_RECORD_BEFORE_RE = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)"
    r"|deadliest|worst|biggest|largest|highest|lowest|heaviest|bloodiest|strongest|most"
    r"|longest|fastest|latest)\b(?:[ \t]+[\w'’-]+){0,6}[ \t]*$"
)
_CLAUSE_BREAK = frozenset(";:")


def _mark_running_totals(
    lower: str, s_start: int, s_end: int, found: list[tuple[_Raw, _Raw | None]]
) -> None:
    """Mark the figures of one sentence that are running totals.

    A scope ("since the war began", "so far", "this year") belongs to the figure
    whose span holds it, else to the nearest figure of its clause: in "Ten people
    were killed on Monday, bringing the total this year to 200" only the 200 is a
    running total. Parts of a running total ("..., including 40 children") are
    running totals too.
    """
    for raw, _ in found:
        raw.data["cumulative"] = False
    for m in _CUMULATIVE_RE.finditer(lower, s_start, s_end):
        at, end = m.start(), m.end()
        if _RECORD_BEFORE_RE.search(lower, max(s_start, at - 80), at):
            continue
        owner = None
        best = None
        for raw, _ in found:
            if raw.start <= at and end <= raw.end:
                owner = raw
                break
            a, b = (raw.end, at) if raw.end <= at else (end, raw.start)
            if any(ch in _CLAUSE_BREAK for ch in lower[a:b]):
                continue
            if best is None or b - a < best:
                owner, best = raw, b - a
        if owner is not None:
            owner.data["cumulative"] = True
    for raw, parent in found:
        if parent is not None and parent.data["cumulative"]:
            raw.data["cumulative"] = True


def _skip_age_apposition(toks: list[_Tok], j: int, hi: int) -> int:
    """After ", aged 19 and 45," or ", ages 6, 9 and 12," return the index of the
    closing comma; else ``j``. Also after a description of the one person just
    named, ", a 58-year-old man from Ostrel," when "and" follows it."""
    if j + 2 < hi and toks[j].low == "," and toks[j + 1].low in ("a", "an"):
        close = next(
            (m for m in range(j + 2, min(hi, j + 10)) if toks[m].low in (",", ";", ".")), -1
        )
        if (
            close > j + 2
            and toks[close].low == ","
            and close + 1 < hi
            and toks[close + 1].low == "and"
            and not any(
                toks[m].low in _AUX or toks[m].low in _CATEGORY_WORDS for m in range(j + 2, close)
            )
        ):
            return close
        return j
    if not (j + 2 < hi and toks[j].low == "," and toks[j + 1].low in ("aged", "ages", "age")):
        return j
    k = j + 2
    while k < hi and (
        toks[k].low[:1].isdigit()
        or (toks[k].low in (",", "and") and k + 1 < hi and toks[k + 1].low[:1].isdigit())
    ):
        k += 1
    return k if k > j + 2 and k < hi and toks[k].low == "," else j


def _skip_of_phrase(toks: list[_Tok], j: int, hi: int) -> int:
    """After "the driver" in "the driver of the Astra, ... and his passenger", the
    index past "of the Astra" when a list goes on after it; else ``j``."""
    if not (j + 2 < hi and toks[j].low == "of" and toks[j + 1].low in ("the", "a", "an")):
        return j
    for end in (j + 3, j + 4):
        words = toks[j + 2 : end]
        if (
            end < hi
            and toks[end].low in (",", "and")
            and all(
                t.low[:1].isalpha() and not _is_people(t, True) and t.low not in _UNITS
                for t in words
            )
        ):
            return end
    return j


def _definite_singular(toks: list[_Tok], unit: _Unit) -> bool:
    """ "The pilot": one person named with "the"."""
    return unit.singular and toks[unit.start].low == "the"


def _join_parts(toks: list[_Tok], first: _Unit, lo: int, hi: int) -> tuple[list[_Unit], int]:
    """Sums of parts: "three crew and two officers", "50 passengers, including
    seven children, and 12 crew", "a patient, a doctor and two pilots". Returns
    the units and where a skipped parenthetical starts (-1 when none)."""
    units = [first]
    by_comma = [False]  # joined by a bare comma: a list must still end in "and"
    unit = first
    # ", aged 19 and 45, and a girl": the closing comma must lead on to "and"
    j = _skip_age_apposition(
        toks, _skip_of_phrase(toks, unit.end, hi) if unit.singular else unit.end, hi
    )
    if j != unit.end and not (j + 1 < hi and toks[j + 1].low == "and"):
        return units, -1
    paren_start = -1
    while unit.joinable and j + 1 < hi:
        nxt_start = j
        comma = False
        if toks[j].low == "," and toks[j + 1].low in ("including", "among"):
            close = next((m for m in range(j + 2, min(hi, j + 10)) if toks[m].low == ","), -1)
            if close < 0 or close + 1 >= hi or toks[close + 1].low != "and":
                break
            paren_start = j + 1
            nxt_start = close + 2
        elif toks[j].low == ",":
            comma = toks[j + 1].low != "and"
            nxt_start = j + 1 if comma else j + 2
        elif toks[j].low == "and":
            nxt_start = j + 1
        else:
            break
        nxt = _parse_unit(toks, nxt_start, hi, lo, part=True) if nxt_start < hi else None
        if (
            nxt is None
            or not nxt.joinable
            or not nxt.head
            or nxt.category
            or (
                nxt.singular
                and toks[nxt.start].low not in ("a", "an", "one")
                and toks[nxt.start].low not in _POSSESSIVES
                # "the pilot and the co-pilot": a list of definite singulars
                and not (toks[nxt.start].low == "the" and _definite_singular(toks, first))
            )
        ):
            if paren_start == j + 1:
                paren_start = -1
            break
        units.append(nxt)
        by_comma.append(comma)
        j = _skip_age_apposition(toks, nxt.end, hi)
        if j != nxt.end and not (j + 1 < hi and toks[j + 1].low == "and"):
            break
        unit = nxt
    # "killed 12 people, a doctor said": a comma alone does not make a sum
    while len(units) > 1 and by_comma[-1]:
        units.pop()
        by_comma.pop()
    return units, paren_start


_FATES = frozenset(("killed", "injured", "missing"))


def _casualty_at(
    toks: list[_Tok], k: int, lo: int, hi: int, inherit: str = "", previous: str = ""
) -> tuple[_Raw, set[int], int] | None:
    """A casualty claim whose count starts at token ``k``: (claim, tokens used, resume at)."""
    unit = _parse_unit(toks, k, hi, lo)
    if unit is None:
        return None
    if inherit and unit.end < hi and toks[unit.end].low == ",":
        units, paren_start = [unit], -1  # the parenthetical ends here
    else:
        units, paren_start = _join_parts(toks, unit, lo, hi)
    first, last = units[0], units[-1]
    start_tok, end_tok = first.start, last.end
    category = next((u.category for u in units if u.category), "")
    back_cat, back_start = _backward_category(toks, start_tok, lo)
    if back_cat == "same":
        # "37 new deaths, bringing the total to 412": the total of what came before
        back_cat = previous
        if not back_cat:
            return None
    strict = first.singular and len(units) == 1
    fwd_cat, fwd_end, adjacent = _forward_category(toks, end_tok, hi, strict, lo)
    strong_fwd = fwd_cat if fwd_cat != "aboard" else ""
    implicit = not any(u.head for u in units)
    # a bare number only counts people as "N dead", "N were killed", "killing N",
    # "one, who was fatally injured"
    after = end_tok
    if after + 1 < hi and toks[after].low == "," and toks[after + 1].low == "who":
        after += 2
    if (
        implicit
        and not (back_cat or first.implicit_ok or units[-1].aboard or inherit)
        and not (strong_fwd and after < hi and _is_aux_or_category(toks, after, hi))
    ):
        return None
    if strict and not (back_cat or inherit or strong_fwd in ("killed", "injured", "missing")):
        return None
    if back_cat and back_cat != "aboard":
        category = category if category and category != "other" else back_cat
    if not category or category == "other":
        category = strong_fwd or category
    elif any(u.adjective and u.category == category for u in units):
        # "two wounded soldiers died": the verb says what happened, not the participle
        verb = back_cat if back_cat in _FATES else strong_fwd if strong_fwd in _FATES else ""
        category = verb or category
    aboard = any(u.aboard for u in units)
    category = category or inherit or back_cat or fwd_cat or ("aboard" if aboard else "")
    if not category and any(toks[x].low in ("them", "whom") for x in range(first.start, first.end)):
        # "Most of the dead were Egyptians, at least 323 of them": the group named before
        category = next(
            (
                _CATEGORY_WORDS[toks[x].low]
                for x in range(start_tok - 1, lo - 1, -1)
                if toks[x].low in _CATEGORY_WORDS
            ),
            "",
        )
    if not category:
        return None
    if back_cat and back_start < start_tok and back_cat != "aboard":
        start_tok = back_start
    if adjacent and fwd_cat:
        end_tok = fwd_end
    elif (
        fwd_cat
        and start_tok - 2 >= lo
        and toks[start_tok - 1].low == "to"
        and toks[start_tok - 2].low in _TOTAL_VERBS
        and end_tok + 1 < hi
        and toks[end_tok].low == "the"
        and toks[end_tok + 1].low in _TOTAL_NOUNS
    ):
        # "bringing to 31 the number of health workers killed": the whole total
        start_tok -= 2
        named = []
        for t in toks[end_tok + 3 : fwd_end]:
            if not (_is_people(t, False) or t.low in _COMPOUND_MODIFIERS or t.low in _ADJ_OK):
                break
            named.append(t)
        if (
            toks[end_tok + 2].low == "of"
            and named
            and _is_people(named[-1], False)
            and not any(u.head for u in units)
        ):
            units = [units[0]._replace(head=" ".join(t.text if t.cap else t.low for t in named))]
        end_tok = fwd_end
    lo_sum: int | None = 0
    hi_sum: int | None = 0
    for u in units:
        lo_sum = None if lo_sum is None or u.lo is None else lo_sum + u.lo
        hi_sum = None if hi_sum is None or u.hi is None else hi_sum + u.hi
    if len(units) > 1 and lo_sum is None and any(u.lo is not None for u in units):
        # "dozens of soldiers and an unknown number of civilians": at least the known part
        lo_sum = sum(u.lo for u in units if u.lo is not None)
    heads = [u.head for u in units if u.head]
    if len(heads) > 1:
        subject = " and ".join([", ".join(heads[:-1]), heads[-1]])
    else:
        subject = heads[0] if heads else "people"
    if aboard and category != "aboard":
        subject = f"{subject} aboard"
    parts = [{"count": u.exact, "who": u.head} for u in units] if len(units) > 1 else []
    if not parts and aboard and category != "aboard" and first.exact is not None:
        # "all 5 aboard dead" states two facts: 5 killed, and 5 on board
        parts = [{"count": first.exact, "who": f"{first.head or 'people'} on board"}]
    raw = _Raw(
        "casualty",
        toks[start_tok].start,
        toks[end_tok - 1].end,
        {
            "count_min": lo_sum,
            "count_max": hi_sum,
            "category": category,
            "subject": subject,
            "parts": parts,
        },
    )
    used = {x for u in units for x in range(u.start, u.end)}
    resume = paren_start if paren_start >= 0 else last.end
    return raw, used, resume


# --------------------------------------------------------------------------
# Claimants
# --------------------------------------------------------------------------


_AGE_RE = re.compile(r"\d+-year-old")


def _np_word(t: _Tok) -> bool:
    """May ``t`` be part of a speaker's noun phrase?"""
    low = t.low
    if t.cap:
        # "WHO" is the World Health Organization, "Who" opens a question
        return t.text[:1].isalpha() and (low not in _CAP_STOP or _initialism(t.text))
    if low in _NP_LEX:
        return True
    if low.endswith(("'s", "’s")) and low[:-2] in _NP_LEX:
        return True
    if "-" in low:
        # "al-Shabaab", "state-run", "pro-opposition", "semi-official", "57-year-old"
        first, _, rest = low.partition("-")
        return (
            first in _NAME_PARTICLES
            or rest in ("run", "owned", "based", "backed", "led", "controlled", "affiliated")
            or first in _NP_LEX
            or rest in _NP_LEX
            or bool(_AGE_RE.fullmatch(low))
        )
    return False


def _initialism(word: str) -> bool:
    return len(word) > 1 and word.isupper() and word.lower() in _KNOWN_ORGS


def _np_head(t: _Tok) -> bool:
    """Can ``t`` head a speaker's noun phrase (not a mere modifier)?"""
    low = t.low
    if t.cap:
        return t.text[:1].isalpha() and (low not in _CAP_STOP or _initialism(t.text))
    if low.startswith(_PARTICLE_PREFIXES):
        return True  # "al-Shabaab"
    base = low[:-2] if low.endswith(("'s", "’s")) else low
    return (
        base in _ROLE_NOUNS
        or base in _ORG_HEADS
        or base in _MEDIA_HEADS
        or base in _DOC_NOUNS
        or base in _GENERIC_CLAIMANTS
    )


_PARTICLE_PREFIXES = tuple(f"{p}-" for p in ("al", "el", "bin", "ibn", "abu"))


def _plain_word(t: _Tok) -> bool:
    return not t.cap and t.low.isalpha() and t.low not in _CAP_STOP and t.low not in _NP_PREPS


def _np_back(toks: list[_Tok], e: int, lo: int) -> int | None:
    """Start index of the speaker noun phrase ending at ``e``, or None."""
    if e < lo:
        return None
    if toks[e].low in _PRONOUNS or toks[e].low in _FIRST_PERSON:
        return e
    if not _np_head(toks[e]) and not toks[e].low.endswith(("'s", "’s")):
        return None
    i = e
    while i >= lo:
        t = toks[i]
        if _np_word(t):
            i -= 1
            continue
        low = t.low
        if low in ("the", "a", "an"):
            # "a spokesman for the Interior Ministry": the det sits inside the phrase
            if i - 2 >= lo and toks[i - 1].low in _NP_PREPS and _np_head(toks[i - 2]):
                i -= 2
                continue
            i -= 1
            break
        if (low in _NP_PREPS or (low == "on" and toks[i - 1].low in _ORG_HEADS)) and (
            i < e and i - 1 >= lo
        ):
            left, right = toks[i - 1], toks[i + 1]
            # "Observatory for Human Rights", "spokesman for the ministry", "mayor of Kharkiv",
            # "police in the canton of Valais"
            if (
                (left.cap and right.cap)
                or (_np_head(left) and not left.cap)
                or (left.low in _PLACE_NOUNS and right.cap)
            ):
                i -= 1
                continue
        if low == "and" and i < e and i - 1 >= lo and toks[i - 1].cap and toks[i + 1].cap:
            i -= 1  # "Search and Rescue Agency"
            continue
        if low in _NAME_PARTICLES and i < e and toks[i + 1].cap and i - 1 >= lo and toks[i - 1].cap:
            i -= 1
            continue
        if (low[:1].isdigit() or low in _UNITS) and i < e and toks[i + 1].low in _GENERIC_CLAIMANTS:
            i -= 1
            break
        if _plain_word(t):
            # up to two unlisted modifiers when a determiner or the clause start
            # closes the phrase: "the nuclear regulator", ", civil protection officials"
            m = i
            while m >= lo and m > i - 2 and _plain_word(toks[m]):
                m -= 1
            if m < lo or toks[m].low in (",", '"', "“", "”", ":", ";", "—", "–"):
                i = m
                break
            if toks[m].low in ("the", "a", "an"):
                if m - 2 >= lo and toks[m - 1].low in _NP_PREPS and _np_head(toks[m - 2]):
                    i = m - 2  # "a worker at a nearby textile factory"
                    continue
                i = m - 1
                break
            if _np_word(toks[m]) and (toks[m].cap or "-" in toks[m].low):
                i = m  # "the al-Shabaab militant group": keep reading leftwards
                continue
        break
    start = i + 1
    if start > e or not any(_np_head(toks[x]) for x in range(start, e + 1)):
        return None
    return start


def _np_fwd(toks: list[_Tok], s: int, hi: int) -> int | None:
    """End index (inclusive) of the speaker noun phrase starting at ``s``, or None."""
    if s >= hi:
        return None
    low = toks[s].low
    if low in _PRONOUNS:
        return s
    i = s
    if low in ("the", "a", "an"):
        i += 1
    if i + 1 < hi and (toks[i].low in _UNITS or toks[i].low.isdigit()) and _np_word(toks[i + 1]):
        i += 1  # "according to two health officials"
    # "the football association": unlisted modifiers right after the determiner
    m = i
    while m < hi and m < i + 2 and _plain_word(toks[m]) and not _np_word(toks[m]):
        m += 1
    if m > i and m < hi and _np_word(toks[m]) and (low in ("the", "a", "an") or _np_head(toks[m])):
        i = m
    begin = i
    while i < hi:
        t = toks[i]
        if _np_word(t):
            i += 1
            continue
        if _plain_word(t) and i > begin:
            # "emergency management officials": an unlisted word before the head
            m = i
            while m < hi and m < i + 2 and _plain_word(toks[m]) and not _np_word(toks[m]):
                m += 1
            if m < hi and _np_head(toks[m]) and not toks[m].cap:
                i = m
                continue
        if (
            t.low in _DOC_PARTICIPLES
            and i > begin
            and toks[i - 1].low in _DOC_NOUNS
            and i + 2 < hi
            and toks[i + 1].low == "by"
        ):
            i += 1  # "figures released by the ministry": the ministry speaks
            continue
        if (
            t.low == "by"
            and i > begin
            and (
                toks[i - 1].low in _DOC_NOUNS
                or (
                    toks[i - 1].low in _DOC_PARTICIPLES
                    and i - 2 >= begin
                    and toks[i - 2].low in _DOC_NOUNS
                )
            )
            and i + 1 < hi
        ):
            # "a tally by The Associated Press", "a statement by the ministry"
            k = i + 1
            if toks[k].low in ("the", "a", "an") and k + 1 < hi:
                k += 1
            if _np_word(toks[k]):
                i = k
                continue
        if (
            t.low in _NP_PREPS
            and i > begin
            and i + 1 < hi
            and (_np_head(toks[i - 1]) or toks[i - 1].cap)
        ):
            k = i + 1
            if toks[k].low in ("the", "a", "an") and k + 1 < hi:
                k += 1
            if _np_word(toks[k]) and not toks[k].low[:1].isdigit():
                i = k
                continue
        if t.low == "and" and i > begin and i + 1 < hi and toks[i - 1].cap and toks[i + 1].cap:
            i += 1
            continue
        if t.low in _NAME_PARTICLES and i > begin and i + 1 < hi and toks[i + 1].cap:
            i += 1
            continue
        break
    end = i - 1
    while end >= begin and not _np_head(toks[end]):
        end -= 1
    if end < begin:
        return None
    return end


_ROLE_OR_TITLE = _ROLE_NOUNS | _TITLE_ABBREVIATIONS


def _has_role(toks: list[_Tok], a: int, b: int) -> bool:
    return any(toks[x].low.rstrip(".") in _ROLE_OR_TITLE for x in range(a, b + 1))


def _all_names(toks: list[_Tok], a: int, b: int) -> bool:
    """Only name words (ages allowed: "57-year-old Nina Orlova"), no role."""
    words = [
        x
        for x in range(a, b + 1)
        if not _AGE_RE.fullmatch(toks[x].low) and toks[x].low.rstrip(".") not in _NAME_TITLES
    ]
    return (
        bool(words)
        and all(_is_proper(toks[x].text) or toks[x].low in _NAME_PARTICLES for x in words)
        and not any(toks[x].low.rstrip(".") in _ROLE_OR_TITLE for x in words)
    )


def _surface(text: str, toks: list[_Tok], a: int, b: int) -> str:
    return text[toks[a].start : toks[b].end]


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def _bare(word: str) -> str:
    """A word without its possessive ending."""
    return word[:-2] if word.lower().endswith(("'s", "’s")) else word


_COUNTRY_ADJECTIVE = {}
for _adjective, _country in _NATIONALITIES.items():
    _COUNTRY_ADJECTIVE.setdefault(_country, _title(_adjective))
_COUNTRY_ADJECTIVE["United States"] = "U.S."

_LEADING_NOISE = _words(
    "the a an some several many other another one two three four five both all most "
    "unnamed anonymous"
)
# Heads of descriptions that a proper name may follow ("the state news agency SANA").
_DESCRIPTION_HEADS = (_ORG_HEADS | _MEDIA_HEADS | _words("broadcaster site monitor")) - _words(
    "kremlin pentagon"
)
# Generic heads after a proper name ("the al-Shabaab militant group" is al-Shabaab).
_GROUP_HEADS = _words("group militia movement faction organization organisation network")


def _is_proper(word: str) -> bool:
    return word[:1].isupper() or word.lower().startswith(_PARTICLE_PREFIXES)


def _org_name(words: list[str]) -> tuple[str, str]:
    """Canonical organization name and country affiliation from its words."""
    affiliation = ""
    words = [_SPELLING.get(w.lower(), w) for w in words]
    lows = [w.lower() for w in words]
    # "Ministry of Defence" -> "Defense Ministry"
    if len(lows) > 2 and lows[0] in ("ministry", "department") and lows[1] == "of":
        rest = [_title(w) for w in words[2:] if w.lower() not in ("the", "for", "and")]
        words = [*rest, _title(words[0])]
        lows = [w.lower() for w in words]
    if lows and lows[-1] in ("ministry", "ministries"):
        # "the Russian Defence Ministry" -> "Defense Ministry"; the country is the affiliation
        while len(lows) > 1 and lows[0] in _NATIONALITIES:
            affiliation = _NATIONALITIES[lows[0]]
            words, lows = words[1:], lows[1:]
        if len(words) > 1:
            words = [_title(w) for w in words]  # "health ministry" -> "Health Ministry"
    name = " ".join(words)
    return _KNOWN_ORGS.get(name.lower(), name), affiliation


# What "Minister of ...", "Superintendent of ..." hold, before the holder's name.
_PORTFOLIOS = _words(
    "police health interior defence defense justice finance education state staff "
    "transport agriculture energy information communications environment labour labor "
    "trade industry tourism security"
) | frozenset(
    (
        "foreign affairs", "home affairs", "internal affairs", "public health", "public works",
        "emergency situations", "disaster management", "civil defence", "civil defense",
        "public security", "national defence", "national defense", "public prosecutions",
    )
)  # fmt: skip


# Words that continue a department's name, never a person's ("Defence Media Operations").
_DEPARTMENT_WORDS = _words(
    "operations media affairs services relations management development planning "
    "communications intelligence information forces command response protection "
    "prevention control safety welfare resources research emergency emergencies"
)


def _titled_name(words: list[str], lows: list[str]) -> tuple[str, str, str, str] | None:
    """ "Mandi Superintendent of Police Anjali Rana", "Health Minister of Kenya Susan
    Nakhumicha": a title with its portfolio, then the person's name."""
    if "of" not in lows[1:-2]:
        return None
    of = lows.index("of", 1)
    if not any(low.rstrip(".") in _ROLE_OR_TITLE for low in lows[:of]):
        return None
    for size in (2, 1):
        portfolio = " ".join(lows[of + 1 : of + 1 + size])
        if portfolio in _PORTFOLIOS or (size == 1 and portfolio in _COUNTRIES):
            name = words[of + 1 + size :]
            if 2 <= len(name) <= 3 and all(
                w[:1].isupper()
                and w.lower() not in _ORG_HEADS
                and w.lower() not in _ROLE_OR_TITLE
                and w.lower() not in _DEPARTMENT_WORDS
                for w in name
            ):
                return " ".join(name), "person", " ".join(words[: of + 1 + size]), ""
    return None


def _classify(words: list[str]) -> tuple[str, str, str, str]:
    """(name, kind, role, affiliation) of a speaker phrase's words, no discourse."""
    while words and (
        words[0].lower() in _LEADING_NOISE
        or words[0][:1].isdigit()
        or (len(words) > 1 and words[0].lower() in _NP_PREPS)
        or (len(words) > 1 and words[0].lower().endswith("-based"))  # "a Norway-based group"
    ):
        words = words[1:]
    if not words:
        return "", "unknown", "", ""
    lows = [w.lower() for w in words]
    titled = _titled_name(words, lows)
    if titled is not None:
        return titled
    # "a statement from the Defense Ministry", "figures from the health ministry"
    for index, low in enumerate(lows[:-1]):
        if low in _DOC_NOUNS and (
            lows[index + 1] in ("from", "by", "of") or lows[index + 1] in _DOC_PARTICIPLES
        ):
            tail = [w for w in words[index + 2 :] if w.lower() != "by"]
            if tail:
                return _classify(tail)
    # "the Bild newspaper", "the Kommersant daily": the title is the name
    if (
        len(lows) >= 2
        and lows[-1] in _MEDIA_KINDS
        and all(_is_proper(w) for w in words[:-1] if w.lower() not in ("the", "a", "an"))
        and any(w.lower() not in ("the", "a", "an") for w in words[:-1])
        and not any(w.lower().endswith(("'s", "’s")) for w in words)
    ):
        title = [w for w in words[:-1] if w.lower() not in ("the", "a", "an")]
        return " ".join(title), "media", "", ""
    # "a Kremlin statement", "the ministry's statement": the owner speaks
    while len(lows) > 1 and lows[-1] in _DOC_NOUNS:
        words, lows = words[:-1], lows[:-1]
    words = [*words[:-1], _bare(words[-1])]
    lows = [w.lower() for w in words]
    joined = " ".join(lows)
    for table, kind in (
        (_MEDIA, "media"),
        (_KNOWN_ORGS, "organization"),
        (_COUNTRIES, "organization"),
    ):
        if joined in table:
            return table[joined], kind, "", ""
    if joined in _CAPITALS:
        return _title(words[0]), "organization", "", ""
    # "Russia's Defense Ministry", "Israel's military": the country is the affiliation
    first = _bare(lows[0])
    if len(words) > 1 and lows[0] != first and first in _COUNTRIES:
        country = _COUNTRIES[first]
        name, kind, role, affiliation = _classify(words[1:])
        if kind != "person" and name and not any(w[:1].isupper() for w in name.split()):
            name = f"{_COUNTRY_ADJECTIVE.get(country, country)} {name}"  # "Israeli military"
        return name, kind, role, affiliation or country
    # "the Hamas-run Health Ministry": the controller is the affiliation
    controller, _, how = words[0].partition("-")
    if (
        len(words) > 1
        and controller[:1].isupper()
        and how.lower() in ("run", "led", "backed", "controlled", "owned")
        and any(w[:1].isupper() and w.lower() in _ORG_HEADS for w in words[1:])
    ):
        name, kind, role, _ = _classify(words[1:])
        return name, kind, role, _classify([controller])[0]
    # "Al Jazeera's Hani Mahmoud", "Gaza's Government Media Office": the owner is the
    # affiliation, not part of the name
    owner_end = next((i for i, w in enumerate(words[:-1]) if w.lower().endswith(("'s", "’s"))), -1)
    if owner_end >= 0 and words[owner_end + 1][:1].isupper():
        if owner_end == len(words) - 2 and lows[-1] in _ORG_HEADS:
            # "the Prime Minister's Office", "the Medical Examiner's Office": one name
            return " ".join(words), "organization", "", ""
        owner = [*words[:owner_end], _bare(words[owner_end])]
        if all(_is_proper(w) for w in owner):
            name, kind, role, affiliation = _classify(words[owner_end + 1 :])
            return name, kind, role, affiliation or _classify(owner)[0]
    # "Pasang Sherpa of Himalaya Peaks Expeditions": a person and where they work
    prep = next((i for i, low in enumerate(lows) if low in ("of", "from", "at", "with")), -1)
    if (
        prep >= 2
        and all(w[:1].isupper() for w in words[:prep])
        and not any(low in _ORG_HEADS or low in _ROLE_OR_TITLE for low in lows[:prep])
        and " ".join(lows[:prep]) not in _MEDIA
        and " ".join(lows[:prep]) not in _KNOWN_ORGS
        and any(w[:1].isupper() for w in words[prep + 1 :])
    ):
        org, org_kind, _, _ = _classify(words[prep + 1 :])
        affiliation = org if org_kind in ("organization", "media") else ""
        return " ".join(words[:prep]), "person", "", affiliation
    # "police in Milwaukee": "Milwaukee police"; "police in the canton of Valais"
    place_words = words[2:]
    if (
        len(place_words) > 3
        and lows[2] == "the"
        and lows[3] in _PLACE_NOUNS
        and lows[4] in ("of", "in")
    ):
        place_words = words[5:]
    if (
        len(lows) >= 3
        and lows[0] in _GENERIC_CLAIMANTS
        and lows[1] in ("in", "of")
        and place_words
        and all(w[:1].isupper() for w in place_words)
    ):
        place = " ".join(place_words)
        return f"{place} {lows[0]}", _GENERIC_CLAIMANTS[lows[0]], "", ""
    # "the National Weather Service in Tulsa", "the Health Ministry in Gaza"
    if "in" in lows[1:-1]:
        at = lows.index("in")
        named, place = words[:at], words[at + 1 :]
        if (
            all(_is_proper(w) for w in named)
            and any(low in _ORG_HEADS for low in lows[:at])
            and all(_is_proper(w) for w in place)
        ):
            name, kind, role, affiliation = _classify(named)
            return name, kind, role, affiliation or " ".join(place)
    media = _media_name(lows)
    if media:
        return media, "media", "", ""
    # "the national disaster agency Conred", "state broadcaster CCTV": the proper name
    lower_heads = [i for i, w in enumerate(words) if w.islower() and lows[i] in _DESCRIPTION_HEADS]
    if lower_heads:
        head = lower_heads[-1]
        proper = words[head + 1 :]
        if (
            proper
            and all(_is_proper(w) for w in proper)
            and not any(
                w.lower() in _ORG_HEADS or w.lower().rstrip(".") in _ROLE_OR_TITLE for w in proper
            )
        ):
            name, kind, _, affiliation = _classify(proper)
            is_media = (lows[head] in _MEDIA_HEADS and lows[head] != "agency") or "news" in lows
            return name, ("media" if is_media else "organization"), "", affiliation
    # "the al-Shabaab militant group"
    if lows[-1] in _GROUP_HEADS and words[-1].islower() and _is_proper(words[0]):
        proper = [w for w in words if _is_proper(w)]
        if (
            proper
            and proper[0].lower() not in _NATIONALITIES
            and proper[0].lower() not in _COUNTRIES
        ):
            return " ".join(proper), "organization", "", ""
    person = _person(words, lows)
    if person is not None:
        return person
    if joined in _GENERIC_CLAIMANTS:
        return joined, _GENERIC_CLAIMANTS[joined], "", ""
    if lows[-1] in _GENERIC_CLAIMANTS and all(
        w[:1].isupper() or w.lower() in _NP_LEX or w.lower() in _GENERIC_CLAIMANTS or "-" in w
        for w in words
    ):
        generic = " ".join(w if w[:1].isupper() else w.lower() for w in words)
        return generic, _GENERIC_CLAIMANTS[lows[-1]], "", ""
    if any(low in _ORG_HEADS or low in _MEDIA_HEADS for low in lows):
        name, affiliation = _org_name(words)
        kind = (
            "media"
            if (lows[-1] in _MEDIA_HEADS and lows[-1] != "agency") or "news" in lows
            else "organization"
        )
        return name, kind, "", affiliation
    if all(_is_proper(w) or w.lower() in _NAME_PARTICLES for w in words):
        if len(words) == 1:
            word = words[0]
            if word.isupper() and len(word) <= 6:
                return word, "organization", "", ""
            return word, "unknown", "", ""
        if any(low in _ORG_NAME_WORDS for low in lows):
            return " ".join(words), "organization", "", ""  # "Iran Human Rights"
        return " ".join(words), "person", "", ""
    return " ".join(w if w[:1].isupper() else w.lower() for w in words), "unknown", "", ""


# Words in an organization's name that no person's name holds.
_ORG_NAME_WORDS = _words(
    "rights watch international amnesty relief aid human humanitarian emergency national "
    "federal united doctors reporters red cross crescent peace freedom justice health"
)
_MEDIA_FILLER = _MEDIA_HEADS | _NP_MODIFIERS | _words("news wire service semi-official")


def _media_name(lows: list[str]) -> str:
    """ "Interfax news agency", "the state news agency SANA", "state-run RIA Novosti"."""
    size_max = min(4, len(lows) - 1)
    for size in range(size_max, 0, -1):
        for start in range(len(lows) - size + 1):
            window = " ".join(lows[start : start + size])
            if window in _MEDIA and all(
                w in _MEDIA_FILLER or w in _NATIONALITIES or "-" in w
                for w in lows[:start] + lows[start + size :]
            ):
                return _MEDIA[window]
    return ""


def _person(words: list[str], lows: list[str]) -> tuple[str, str, str, str] | None:
    """A role holder: "Kremlin spokesman Dmitry Peskov", "a spokesman for the agency"."""
    role_at = -1
    for index, low in enumerate(lows):
        if low.rstrip(".") in _ROLE_OR_TITLE and not (
            low == "general" and index and lows[index - 1] in _ORG_HEADS
        ):  # "Directorate General of Health Services" is an organization
            role_at = index
    if role_at < 0:
        return None
    tail = lows[role_at + 1 :]
    # "General Staff" is an organization named with a title word; "spokesman for the
    # ministry" keeps its role
    if any(low in _ORG_HEADS for low in tail) and not any(low in _NP_PREPS for low in tail):
        return None
    name_words = [w for w in words[role_at + 1 :] if not _AGE_RE.fullmatch(w.lower())]
    # "Lt. Col. James Ortiz of the county emergency services office"
    cut = next((x for x, w in enumerate(name_words) if w.lower() in ("of", "from", "at")), -1)
    workplace: list[str] = []
    if cut > 0 and all(_is_proper(w) for w in name_words[:cut]):
        workplace = [w for w in name_words[cut + 1 :] if w.lower() not in ("the", "a", "an")]
        name_words = name_words[:cut]
    if name_words and all(_is_proper(w) or w.lower() in _NAME_PARTICLES for w in name_words):
        role_words = [w for w in words[: role_at + 1] if w.lower().rstrip(".") not in _NAME_TITLES]
        affiliation = _affiliation(words[:role_at])
        if not affiliation and workplace:
            name, kind, _, _ = _classify(workplace)
            affiliation = name if kind in ("organization", "media") else ""
        return " ".join(name_words), "person", " ".join(role_words), affiliation
    role_low = lows[role_at].rstrip(".")
    if role_low in _PRIVATE_ROLES:
        # "a Reuters witness", "a worker at a textile factory": they speak for themselves
        plain = [
            w.lower()
            for w in words[: role_at + 1]
            if not _is_proper(w) and w.lower() not in _RANKS and w.lower() not in _POSSESSIVES
        ]
        return " ".join(plain), _GENERIC_CLAIMANTS.get(role_low, "person"), "", ""
    # unnamed: "a spokesman for the Interior Ministry", "a Kremlin spokesman"
    after = words[role_at + 1 :]
    if after and after[0].lower() in _NP_PREPS:
        org_words = [w for w in after[1:] if w.lower() not in ("the", "a", "an")]
        if org_words:
            name, kind, _, affiliation = _classify(org_words)
            if kind in ("organization", "media"):
                return name, kind, "", affiliation
    org = _affiliation(words[:role_at])
    if org:
        return org, _org_kind(org), "", ""
    phrase = " ".join(
        w if w[:1].isupper() and i < role_at else w.lower()
        for i, w in enumerate(words)
        if w.lower() not in _RANKS or i == role_at
    )
    if role_low in _GENERIC_CLAIMANTS:
        return phrase, _GENERIC_CLAIMANTS[role_low], "", ""
    return phrase, "person", phrase, ""


_RANKS = _words("senior top former deputy acting high-ranking junior chief")


def _affiliation(words: list[str]) -> str:
    """The organization in a role's modifiers ("Kremlin" in "Kremlin spokesman")."""
    words = [w for w in words if w.lower() not in _LEADING_NOISE and w.lower() not in _RANKS]
    if words and len(words) > 1 and words[0].lower() in _KNOWN_ORGS and words[0][:1].isupper():
        return _KNOWN_ORGS[words[0].lower()]  # "the UN human rights chief"
    if not any(
        w[:1].isupper() or w.lower() in _ORG_HEADS or w.lower() in _GENERIC_CLAIMANTS for w in words
    ):
        return ""
    name, kind, _, _ = _classify(words)
    return name if kind in ("organization", "media") else ""


def _org_kind(name: str) -> str:
    return "media" if name in _MEDIA.values() else "organization"


@lru_cache(maxsize=4096)
def _phrase_words(surface: str) -> tuple[str, ...]:
    """The words of a speaker phrase, punctuation dropped (cached: phrases repeat)."""
    return tuple(
        word for word in _TOKEN_RE.findall(surface) if word[:1].isalnum() or word[:1] in "-'’"
    )


@lru_cache(maxsize=4096)
def _phrase(surface: str) -> tuple[tuple[str, ...], list[str]]:
    """The words of a speaker phrase and their lowercase (callers do not change them)."""
    words = _phrase_words(surface)
    return words, [w.lower() for w in words]


@lru_cache(maxsize=4096)
def normalise_claimant(surface: str) -> ClaimantRef:
    """Canonical claimant for a speaker phrase, without article context.

    "Russia's Defense Ministry", "the Russian Defence Ministry", "Defense
    Ministry" and "MoD" all give name "Defense Ministry"; "Kremlin spokesman
    Dmitry Peskov" gives person "Dmitry Peskov", role "Kremlin spokesman",
    affiliation "Kremlin".
    """
    cleaned = surface.strip().strip("\"“”'‘’.,;:")
    segments = [s.strip() for s in cleaned.split(",") if s.strip()]
    if not segments:
        return ClaimantRef(name="", kind="unknown")
    if len(segments) == 1:
        name, kind, role, affiliation = _classify(_phrase_words(segments[0]))
    else:
        name, kind, role, affiliation = _apposition(segments)
    aliases = (cleaned,) if cleaned and cleaned != name else ()
    return ClaimantRef(name=name, kind=kind, role=role, affiliation=affiliation, aliases=aliases)


def _role_of(words: list[str]) -> tuple[str, str]:
    """(role, affiliation) of a describing phrase: "the Kremlin spokesman",
    "spokesman for the Russian Defense Ministry"."""
    words = [w for w in words if w.lower() not in ("the", "a", "an")]
    lows = [w.lower().rstrip(".") for w in words]
    roles = [i for i, low in enumerate(lows) if low in _ROLE_OR_TITLE]
    if not roles:
        return "", ""
    r = roles[-1]
    after = words[r + 1 :]
    if after and after[0].lower() in _NP_PREPS and len(after) > 1:
        name, kind, _, _ = _classify(after[1:])
        if kind in ("organization", "media"):
            return " ".join(words[: r + 1]), name
    return " ".join(words[: r + 1]), _affiliation(words[:r])


def _apposition(segments: list[str]) -> tuple[str, str, str, str]:
    """ "Dmitry Peskov, the Kremlin spokesman" and "the regional governor, Oleg Sinegubov"."""
    analysed = [(_phrase_words(s), _classify(_phrase_words(s))) for s in segments]
    named = [
        index
        for index, (_, (name, kind, _, _)) in enumerate(analysed)
        if kind == "person" and name[:1].isupper()
    ]
    for index in named or range(len(analysed)):
        name, kind, role, affiliation = analysed[index][1]
        if kind == "person" and not role:
            for other, (words, _) in enumerate(analysed):
                if other != index:
                    role, affiliation = _role_of(words)
                    if role:
                        break
            return name, kind, role, affiliation
    organizations = [
        (words, result) for words, result in analysed if result[1] in ("organization", "media")
    ]
    for words, result in organizations:
        if all(_is_proper(w) for w in words if w.lower() not in ("the", "a", "an")):
            return result  # "the UN refugee agency, UNHCR": the name, not the description
    if organizations:
        for words, (name, kind, _, _) in analysed:
            if (
                kind == "unknown"
                and name[:1].isupper()
                and all(_is_proper(w) for w in words if w.lower() not in ("the", "a", "an"))
            ):
                # "Phivolcs, the state seismology agency": a name the description explains
                return name, organizations[0][1][1], "", ""
        return organizations[0][1]
    return analysed[0][1]


# --------------------------------------------------------------------------
# Attributions
# --------------------------------------------------------------------------

_FINITE_VERBS = _words(
    "said says say told tells added adds confirmed confirms stated announced announces "
    "reported reports claimed claims insisted insists noted explained explains wrote writes "
    "tweeted posted warned warns stressed stresses denied denies acknowledged acknowledges "
    "alleged alleges estimated declared declares asserted asserts argued argues maintained "
    "maintains admitted admits quoted cited reporting"
)
_NOUN_LIKE_VERBS = _words("reports claims")
_NEEDS_COMPLEMENT = _words("declared declares announced announces")
_PARTICIPLES = _words(
    "saying adding claiming stressing insisting noting warning arguing alleging explaining "
    "denying confirming acknowledging citing telling"
)
_PASSIVE_BY = _words(
    "cited reported claimed announced confirmed released published provided given issued quoted"
)
_SKIPPABLE_BEFORE_VERB = _words(
    "also later earlier previously initially separately further has have had already "
    "subsequently then had first last repeatedly publicly reportedly again would will"
)
_MODAL_NEXT = _words(
    "were was is are have has had could would will should may might said says told "
    "suggest suggested show showed shows indicate indicated vary varied"
)
_TIME_WORDS = _MONTHS | _WEEKDAYS | _words("today yesterday tonight earlier later")
_NEGATORS = _words("no neither nor none")
# After "said X", these show that X begins the reported clause, not that X spoke.
_CONTENT_VERBS = _words(
    "was were is are had has have could would will can may might should must did does do"
)
_MEDIA_RELAY_VERBS = _words("reported reports said says")


@dataclass
class _Event:
    start: int
    end: int
    np_start: int  # where the speaker is named: discourse order
    np: str  # the speaker phrase as written
    sent: int
    verb_tok: int
    end_tok: int  # last token index of the span
    via: list[str] = field(default_factory=list)  # relay phrases, outermost last
    statement: bool = False
    dropped: bool = False
    kind: str = "said"  # "said" | "according" | "participle"


def _events_in_sentence(doc: _Doc, index: int, positions: list[int]) -> list[_Event]:
    """The speaker+verb events of one sentence; ``positions`` are the indices of its
    reporting words, so only those tokens are looked at."""
    toks, text = doc.tokens(index), doc.text
    lo, hi = 0, len(toks)
    events: list[_Event] = []
    pending_citing: str | None = None
    resume = lo
    for k in positions:
        if k < resume:
            continue
        t = toks[k]
        low = t.low
        if low == "according" and k + 1 < hi and toks[k + 1].low == "to":
            end = _np_fwd(toks, k + 2, hi)
            if end is not None:
                end = _apposition_fwd(toks, k + 2, end, hi)
                np = _surface(text, toks, k + 2, end)
                ev = _Event(
                    t.start, toks[end].end, toks[k + 2].start, np, index, k, end, kind="according"
                )
                ev.statement = any(toks[x].low in _DOC_NOUNS for x in range(k + 2, end + 1))
                events.append(ev)
                resume = end + 1
        elif low == "citing" and k + 1 < hi:
            end = _np_fwd(toks, k + 1, hi)
            if end is not None:
                end = _apposition_fwd(toks, k + 1, end, hi)  # "citing the mayor, Ali Omar"
                np = _surface(text, toks, k + 1, end)
                previous = events[-1] if events else None
                if previous is not None and k - 1 >= lo and toks[k - 1].low == ",":
                    _relay(previous, np)
                    if previous.end_tok == k - 2:
                        previous.end = toks[end].end
                        previous.end_tok = end
                else:
                    pending_citing = np
                resume = end + 1
        elif low in _PARTICIPLES and t.text == low:
            ev = _participle_event(doc, index, k, events)
            if ev is not None:
                events.append(ev)
        elif (low in _FINITE_VERBS and t.text == low) or (
            low in ("put", "puts", "putting")
            and (
                _match_words(toks, k + 1, hi, ("the", "toll"))
                or _match_words(toks, k + 1, hi, ("the", "death", "toll"))
                or _match_words(toks, k + 1, hi, ("the", "number"))
            )
        ):
            ev = _finite_event(doc, index, k)
            if ev is not None and ev.kind == "and":
                same = next((e for e in events if e.np_start == ev.np_start), None)
                if same is not None:
                    # one speaker, two verbs: a single attribution
                    same.end, same.end_tok = ev.end, ev.end_tok
                    continue
            if ev is not None:
                if pending_citing:
                    _relay(ev, pending_citing)
                    pending_citing = None
                events.append(ev)
                if ev.kind == "passive":
                    resume = ev.end_tok + 1
    return _merge_relays(doc, index, events)


def _relay(event: _Event, np: str) -> None:
    """``np`` is the real source; the event's speaker becomes the relay."""
    event.via.insert(0, event.np)
    event.np = np


def _apposition_fwd(toks: list[_Tok], s: int, end: int, hi: int) -> int:
    """Extend "John Smith" to "John Smith, a spokesman for the fire department"."""
    if end + 2 < hi and toks[end + 1].low == ",":
        second = _np_fwd(toks, end + 2, hi)
        if second is not None and (
            second + 1 >= hi or toks[second + 1].low in (",", ".", ";", ")")
        ):
            first_named = _all_names(toks, s, end) or (
                toks[s].low in ("the", "a", "an") and _all_names(toks, s + 1, end)
            )
            if (first_named and _has_role(toks, end + 2, second)) or (
                _has_role(toks, s, end) and _all_names(toks, end + 2, second)
            ):
                return second
    return end


def _speaker_before(toks: list[_Tok], k: int, lo: int) -> tuple[int, int] | None:
    """Token span of the speaker before the verb at ``k`` ("Peskov said")."""
    found = _speaker_phrase_before(toks, k, lo)
    if found is None:
        return None
    return _first_conjunct(toks, *found, lo)


_CLAUSE_OPENERS = frozenset((",", ";", ":", '"', "“", "”", "—", "–", "(", "and", "but"))


def _first_conjunct(toks: list[_Tok], a: int, b: int, lo: int) -> tuple[int, int]:
    """ "a local resident and media said", "Police and witnesses said", "A fisherman and
    his son, who saw it, told": two sources named together at the head of the clause
    are one attribution, credited to the first; ``a``..``b`` is the second."""
    m = a - 1
    if m >= lo and toks[m].low in _POSSESSIVES:
        m -= 1
    if m - 1 < lo or toks[m].low not in ("and", "or") or toks[a].low in _PRONOUNS:
        return a, b
    first = _np_back(toks, m - 1, lo)
    if first is None or toks[first].low in _PRONOUNS or toks[first].low in _FIRST_PERSON:
        return a, b
    p = first - 1
    if p >= lo and toks[p].low in ("a", "an", "the"):
        p -= 1
    if p >= lo and toks[p].low not in _CLAUSE_OPENERS:
        return a, b
    return first, m - 1


def _speaker_phrase_before(toks: list[_Tok], k: int, lo: int) -> tuple[int, int] | None:
    e = k - 1
    while e >= lo and toks[e].low in _SKIPPABLE_BEFORE_VERB:
        e -= 1
    # "the ministry on Monday said"
    if e - 1 >= lo and toks[e].low in _WEEKDAYS and toks[e - 1].low == "on":
        e -= 2
    if e < lo:
        return None
    if toks[e].low == ",":
        return _apposition_back(toks, e, lo)
    if toks[e].low in ("–", "—", ")"):
        # "The four survivors – three men and a woman – told", "Iran Human Rights (IHR) said"
        opener = "(" if toks[e].low == ")" else toks[e].low
        m = next((x for x in range(e - 1, max(lo - 1, e - 16), -1) if toks[x].low == opener), -1)
        if m <= lo:
            return None
        start = _np_back(toks, m - 1, lo)
        return (start, m - 1) if start is not None else None
    start = _np_back(toks, e, lo)
    if start is None:
        # "A farmer who saw the crash told local radio"
        m = next(
            (
                x
                for x in range(e, max(lo - 1, e - 10), -1)
                if toks[x].low in ("who", ",", '"', "“", "”", ";", ":")
            ),
            -1,
        )
        if m > lo and toks[m].low == "who":
            start = _np_back(toks, m - 1, lo)
            if start is not None and toks[start].low not in _PRONOUNS:
                return start, m - 1
        return None
    return start, e


_ADVERBIAL_STARTS = _words(
    "in on however meanwhile though also later earlier for citing who which whose speaking "
    "too separately quoting asked writing according reporting one itself based known"
)


def _apposition_back(toks: list[_Tok], comma: int, lo: int) -> tuple[int, int] | None:
    """ "Dmitry Peskov, the Kremlin spokesman, said" / "The ministry, in a statement, said"."""
    prev_comma = next(
        (x for x in range(comma - 1, max(lo - 1, comma - 30), -1) if toks[x].low == ","), -1
    )
    if prev_comma < 0:
        return None
    first_start = _np_back(toks, prev_comma - 1, lo)
    if first_start is None:
        return None
    # "the ministry, in a statement, said", "The official, who asked not to be named, said"
    if comma - prev_comma == 2 and toks[prev_comma + 1].low.isdigit():
        return first_start, prev_comma - 1  # an age: "Olena Kovalenko, 34, said"
    if toks[prev_comma + 1].low in _ADVERBIAL_STARTS:
        return first_start, prev_comma - 1
    if comma - prev_comma > 16:
        return None
    second_start = prev_comma + 1
    named_first = _all_names(toks, first_start, prev_comma - 1)
    named_second = _all_names(toks, second_start, comma - 1)
    if named_first and (
        _has_role(toks, second_start, comma - 1) or toks[second_start].low in ("a", "an", "the")
    ):
        # "Dmitry Peskov, the Kremlin spokesman,", "Amina Wekesa, the ministry's director
        # of public health,"
        return first_start, comma - 1
    if (
        named_second
        and comma - prev_comma <= 6
        and (
            _has_role(toks, first_start, prev_comma - 1)
            or any(toks[x].low in _ORG_HEADS for x in range(first_start, prev_comma))
        )
    ):
        # "the regional governor, Oleg Sinegubov,", "The coach operator, Midland Travel,"
        return first_start, comma - 1
    return None


def _sentence_subject(doc: _Doc, index: int, k: int) -> tuple[int, int] | None:
    """The claimant-like subject opening the sentence, ending before token ``k``."""
    toks, text = doc.tokens(index), doc.text
    lo = 0
    s = lo
    while s < k and toks[s].low in ('"', "“", "but", "and", "meanwhile", "however"):
        s += 1
    end = _np_fwd(toks, s, k)
    if end is None or end - s > 7:
        return None
    ref = normalise_claimant(_surface(text, toks, s, end))
    name, kind = ref.name, ref.kind
    if kind == "unknown" and name not in _GENERIC_CLAIMANTS:
        return None
    return s, end


def _finite_event(doc: _Doc, index: int, k: int) -> _Event | None:
    toks, text = doc.tokens(index), doc.text
    lo, hi = 0, len(toks)
    low = toks[k].low
    nxt = toks[k + 1] if k + 1 < hi else None
    if (
        low in _NOUN_LIKE_VERBS
        and nxt is not None
        and (nxt.low in _MODAL_NEXT or nxt.low.endswith("ed"))
    ):
        return None
    # passive: "cited by Moscow", "X was quoted by Y as saying"
    if low in _PASSIVE_BY and nxt is not None and nxt.low == "by":
        end = _np_fwd(toks, k + 2, hi)
        if end is None:
            return None
        np = _surface(text, toks, k + 2, end)
        if low == "quoted":
            # "Peskov was quoted by Interfax as saying"
            back = k
            while back - 1 >= lo and toks[back - 1].low in (
                "was",
                "were",
                "is",
                "been",
                "has",
                "have",
            ):
                back -= 1
            before = _speaker_before(toks, back, lo)
            if before is not None:
                speaker = _surface(text, toks, *before)
                stop = end
                if _match_words(toks, end + 1, hi, ("as", "saying")):
                    stop = end + 2
                ev = _Event(
                    toks[before[0]].start,
                    toks[stop].end,
                    toks[before[0]].start,
                    speaker,
                    index,
                    k,
                    stop,
                )
                ev.via.append(np)
                return ev
        if (
            k - 1 >= lo
            and toks[k - 1].low in ("was", "were", "is", "be", "been")
            and low != "cited"
        ):
            return None  # "casualties were reported by ..." names no speaker of its own
        ev = _Event(
            toks[k].start, toks[end].end, toks[k + 2].start, np, index, k, end, kind="passive"
        )
        return ev
    if low in _NEEDS_COMPLEMENT and (
        nxt is None or nxt.low not in ("that", ",", ":", '"', "“", ".")
    ):
        return None  # "declared three days of mourning" is an act, not a claim
    if low == "reporting":
        # "Reuters is reporting, citing the mayor, that ..."; not "X, reporting from Y, said"
        if not (k - 1 > lo and toks[k - 1].low in ("is", "are", "was", "were")):
            return None
        speaker = _speaker_before(toks, k - 1, lo)
    else:
        speaker = _speaker_before(toks, k, lo)
    if speaker is not None and toks[speaker[1]].low in ("was", "were"):
        speaker = None
    if speaker is not None and speaker[0] > lo and toks[speaker[0] - 1].low in _NEGATORS:
        return None  # "No group has claimed responsibility": nobody said anything
    if (
        speaker is not None
        and speaker[0] > lo
        and toks[speaker[0] - 1].low in ("in", "on", "with", "via", "through", "by")
        and toks[speaker[1]].low in _DOC_NOUNS
    ):
        return None  # "said in a statement posted on Twitter"
    if speaker is not None:
        a, b = speaker
        if toks[a].low in _FIRST_PERSON and a == b:
            return None
        np = _surface(text, toks, a, b)
        end_tok = k
        # "told RT", "told reporters", "told The Associated Press"
        if low in ("told", "tells") and k + 1 < hi:
            recipient = _np_fwd(toks, k + 1, hi)
            if (
                recipient is None
                and k + 1 < hi
                and toks[k + 1].low in ("reporters", "journalists", "parliament", "lawmakers")
            ):
                recipient = k + 1
            if recipient is not None:
                end_tok = recipient
        # "Y quoted X as saying"
        if low == "quoted" and k + 1 < hi:
            obj = _np_fwd(toks, k + 1, hi)
            if obj is not None and _match_words(toks, obj + 1, hi, ("as", "saying")):
                ev = _Event(
                    toks[a].start,
                    toks[obj + 2].end,
                    toks[k + 1].start,
                    _surface(text, toks, k + 1, obj),
                    index,
                    k,
                    obj + 2,
                )
                ev.via.append(np)
                return ev
            if not _match_words(toks, k + 1, hi, ("as", "saying")):
                return None
            end_tok = k + 2
        ev = _Event(toks[a].start, toks[end_tok].end, toks[a].start, np, index, k, end_tok)
        ev.statement = _mentions_statement(toks, a, min(hi, k + 6), doc.lower)
        return ev
    # "The Interior Ministry put the toll at three and said ..."
    if k - 1 >= lo and toks[k - 1].low == "and":
        subject = _sentence_subject(doc, index, k - 1)
        if subject is not None:
            a, b = subject
            ev = _Event(
                toks[a].start, toks[k].end, toks[a].start, _surface(text, toks, a, b), index, k, k
            )
            ev.kind = "and"
            return ev
    # inversion: `"...," said Peskov` / `, said John Smith, a spokesman for ...`
    prev = toks[k - 1] if k - 1 >= lo else None
    if (prev is None or prev.low in (",", '"', "“", "”", ":", "—", "–")) and low not in (
        "told",
        "tells",
    ):
        end = _np_fwd(toks, k + 1, hi)
        if end is None or toks[k + 1].low in _TIME_WORDS or toks[k + 1].low in _PRONOUNS:
            return None
        if end + 1 < hi and toks[end + 1].low in _CONTENT_VERBS:
            return None  # "X, reporting from Y, said rescuers were digging": what was said
        end = _apposition_fwd(toks, k + 1, end, hi)
        np = _surface(text, toks, k + 1, end)
        ev = _Event(toks[k].start, toks[end].end, toks[k + 1].start, np, index, k, end)
        ev.statement = _mentions_statement(toks, k, min(hi, end + 6), doc.lower)
        return ev
    return None


def _mentions_statement(toks: list[_Tok], a: int, b: int, lower: str) -> bool:
    if a >= b:
        return False
    start, end = toks[a].start, toks[b - 1].end
    if lower.find("statement", start, end) < 0 and lower.find("communique", start, end) < 0:
        return False  # a search of the text, most often enough
    return any(toks[x].low in ("statement", "communique") for x in range(a, b))


def _participle_event(doc: _Doc, index: int, k: int, events: list[_Event]) -> _Event | None:
    toks, text = doc.tokens(index), doc.text
    lo = 0
    previous = events[-1] if events else None
    if k - 1 >= lo and toks[k - 1].low == ",":
        if previous is not None:
            # "Peskov said, adding ...": the same speaker goes on
            if previous.end_tok == k - 2:
                previous.end = toks[k].end
                previous.end_tok = k
            return None
        # "The Syrian opposition decried the move, claiming ...": the sentence's subject
        subject = _sentence_subject(doc, index, k)
        if subject is None:
            return None
        s, end = subject
        return _Event(
            toks[s].start,
            toks[k].end,
            toks[s].start,
            _surface(text, toks, s, end),
            index,
            k,
            k,
            kind="participle",
        )
    # "with the Defense Ministry stressing ..."
    start = _np_back(toks, k - 1, lo)
    if start is None or toks[start].low in _FIRST_PERSON:
        return None
    return _Event(
        toks[start].start,
        toks[k].end,
        toks[start].start,
        _surface(text, toks, start, k - 1),
        index,
        k,
        k,
    )


def _merge_relays(doc: _Doc, index: int, events: list[_Event]) -> list[_Event]:
    """Fold "according to AP" and ", Interfax reported" into the event they relay."""
    toks = doc.tokens(index)
    hi = len(toks)
    for position, ev in enumerate(events):
        if position == 0 or ev.dropped:
            continue
        previous = next((e for e in reversed(events[:position]) if not e.dropped), None)
        if previous is None:
            continue
        adjacent = (
            toks[previous.end_tok + 1].low == "," and previous.end_tok + 2 == _first_tok(doc, ev)
            if previous.end_tok + 1 < hi
            else False
        )
        relay_kind = normalise_claimant(ev.np).kind
        if ev.kind == "according" and (adjacent or relay_kind == "media"):
            previous.via.append(ev.np)
            ev.dropped = True
            if adjacent:
                previous.end = ev.end
                previous.end_tok = ev.end_tok
        elif (
            adjacent
            and toks[ev.verb_tok].low in _MEDIA_RELAY_VERBS
            and (
                relay_kind == "media"
                or ev.np.lower()
                in (
                    "the agency",
                    "the news agency",
                    "the newspaper",
                    "the broadcaster",
                    "the channel",
                )
            )
            and (ev.end_tok + 1 >= hi or toks[ev.end_tok + 1].low in (".", ";"))
        ):
            previous.via.append(ev.np)
            previous.end = ev.end
            previous.end_tok = ev.end_tok
            ev.dropped = True
    # "Russia's ministry said its forces struck ..., killing 60, the TASS news agency
    # reported.": a relay closing the sentence
    last = next((e for e in reversed(events) if not e.dropped), None)
    if last is not None and toks[last.verb_tok].low in ("reported", "reports"):
        before = next((e for e in reversed(events) if e is not last and not e.dropped), None)
        first_tok = _first_tok(doc, last)
        if (
            before is not None
            and first_tok > 0
            and toks[first_tok - 1].low == ","
            and (last.end_tok + 1 >= hi or toks[last.end_tok + 1].low in (".", ";", '"', "”"))
            and normalise_claimant(last.np).kind == "media"
        ):
            before.via.append(last.np)
            last.dropped = True
    # "According to TASS, Peskov said ..."
    if len(events) > 1 and events[0].kind == "according" and not events[0].dropped:
        first = events[0]
        if (
            first.end_tok + 1 < hi
            and toks[first.end_tok + 1].low == ","
            and normalise_claimant(first.np).kind == "media"
        ):
            follower = next((e for e in events[1:] if not e.dropped), None)
            if follower is not None:
                follower.via.append(first.np)
                first.dropped = True
    return [e for e in events if not e.dropped]


def _first_tok(doc: _Doc, ev: _Event) -> int:
    """Index of the event's first token in its sentence."""
    return bisect_left(doc.tokens(ev.sent), ev.start, key=_START)


_QUOTE_RE = re.compile(r"[\"“”]")


def _quotes(doc: _Doc) -> list[tuple[int, int]]:
    """Quotations as (start, end) spans, paired within each paragraph."""
    text = doc.text
    out: list[tuple[int, int]] = []
    for p_start, p_end in doc.paras:
        open_at: int | None = None
        for m in _QUOTE_RE.finditer(text, p_start, p_end):
            char, pos = m.group(), m.start()
            if char == "“" or (char == '"' and open_at is None):
                open_at = pos if open_at is None or char == '"' else open_at
            elif open_at is not None:
                out.append((open_at, pos + 1))
                open_at = None
        if open_at is not None:
            # a quotation running on into the next paragraph (wire style)
            out.append((open_at, p_end))
    return out


def _attach_quotes(doc: _Doc, events: list[_Event]) -> None:
    """Widen speaker+verb spans to the quotation they introduce or close, and to the
    quotation's continuations: the next sentence when it is a quotation too (`"...,"
    she said. "..."`), and the paragraphs a quotation runs on into (wire style: a
    paragraph left open continues in the next one), before or after the tag."""
    text = doc.text
    by_start = {e.start: e for e in events}
    by_end = {e.end: e for e in events}
    quotes = _quotes(doc)
    starts = {q[0]: q for q in quotes}
    used: set[tuple[int, int]] = set()
    tagged: list[tuple[_Event, tuple[int, int]]] = []  # (event, the first quotation it took)
    for quote in quotes:
        if quote in used:
            continue
        q_start, q_end = quote
        # after: `"...," the ministry said`
        p = q_end
        while p < len(text) and text[p] in " \t,":
            p += 1
        ev = by_start.get(p)
        # `"...," he said` / `"...?" he asked`; a quotation closed by a full stop
        # ends its sentence, and the next sentence's speaker is not its speaker --
        # unless the tag goes on in lowercase (`"... them." he said`)
        closes_clause = q_end - 2 >= q_start and (
            text[q_end - 2] in ",?!—–-"
            or text[q_end : q_end + 1] == ","
            or (text[q_end - 2] == "." and p < len(text) and text[p].islower())
        )
        if ev is not None and p - q_end <= 3 and closes_clause:
            ev.start = q_start
            used.add(quote)
            tagged.append((ev, quote))
            # around: `"...," he said, "..."`
            a = ev.end
            while a < len(text) and text[a] in " \t,":
                a += 1
            if a > ev.end and a in starts and starts[a] not in used:
                ev.end = starts[a][1]
                used.add(starts[a])
            continue
        # before: `Peskov said: "..."`
        p = q_start
        while p > 0 and text[p - 1].isspace():
            p -= 1
        crossed = "\n" in text[p:q_start]
        if p > 0 and text[p - 1] in ":,":
            ev = by_end.get(p - 1)
            if ev is None and text[p - 1] == ":":
                ev = _tag_before_colon(text, events, p - 1)  # `X said on Tuesday: "..."`
            if ev is not None and (not crossed or text[p - 1] == ":"):
                ev.end = q_end
                used.add(quote)
                tagged.append((ev, quote))
        elif not crossed:
            ev = by_end.get(p)
            if ev is not None and p == q_start - 1:
                ev.end = q_end
                used.add(quote)
                tagged.append((ev, quote))
    if len(quotes) > len(used):
        _continue_quotes(doc, events, quotes, used, tagged)


_TAG_TAIL_RE = re.compile(r"[ \t]+(?:[\w'’-]+[ \t]+){0,5}[\w'’-]+[ \t]*")


def _tag_before_colon(text: str, events: list[_Event], colon: int) -> _Event | None:
    """The tag a few words before a colon: `Ruiz said on Tuesday: "..."`."""
    best = None
    for ev in events:
        if colon - 45 <= ev.end < colon and (best is None or ev.end > best.end):
            best = ev
    if best is not None and _TAG_TAIL_RE.fullmatch(text, best.end, colon):
        return best
    return None


def _is_open(text: str, quote: tuple[int, int]) -> bool:
    """A quotation left open at its paragraph's end runs on into the next paragraph."""
    return text[quote[1] - 1] not in '"”“'


def _continue_quotes(
    doc: _Doc,
    events: list[_Event],
    quotes: list[tuple[int, int]],
    used: set[tuple[int, int]],
    tagged: list[tuple[_Event, tuple[int, int]]],
) -> None:
    text = doc.text
    starts = [q[0] for q in quotes]
    event_starts = {e.start for e in events}
    # Forward: the quotation that opens the next sentence, and the paragraphs an open
    # quotation runs on into, are the same speaker's -- unless a tag of their own says
    # otherwise (then they are used already).
    for ev in sorted(events, key=lambda e: e.end):
        while True:
            index = bisect_left(starts, ev.end)
            if index >= len(quotes):
                break
            quote = quotes[index]
            if quote in used or quote[1] in event_starts:
                break
            gap = text[ev.end : quote[0]]
            if "\n" in gap:
                previous = quotes[index - 1] if index else None
                if not (
                    previous is not None
                    and previous[1] == ev.end
                    and _is_open(text, previous)
                    and not gap.strip()
                ):
                    break
            else:
                here = bisect_right(doc.sent_starts, max(ev.end - 1, 0)) - 1
                following = here + 1
                if following >= len(doc.sents) or doc.sents[following][0] != quote[0]:
                    break
                if text[quote[1] : doc.sents[following][1]].strip(" .!?"):
                    break  # '"Horrific scenes" were reported': a phrase, not the speaker's
            after = quote[1]
            while after < len(text) and text[after] in " \t,":
                after += 1
            if after in event_starts:
                break  # `"..." he said` closes it: that tag's quotation
            ev.end = quote[1]
            used.add(quote)
    # Backward: `"...` left open, then `"...," she said` in the next paragraph.
    for ev, quote in tagged:
        if ev.start != quote[0]:
            continue
        index = bisect_left(starts, quote[0])
        while index > 0:
            previous = quotes[index - 1]
            gap = text[previous[1] : ev.start]
            if previous in used or not _is_open(text, previous) or gap.strip():
                break
            ev.start = previous[0]
            used.add(previous)
            index -= 1


_new_ref = object.__new__


class _Claimant:
    """A claimant as it accumulates aliases through an article."""

    def __init__(self, name: str, kind: str, role: str, affiliation: str) -> None:
        self.name = name
        self.name_low = name.lower()
        self.kind = kind
        self.role = role
        self.affiliation = affiliation
        self.aliases: list[str] = []
        self.statement = False
        self.last_seen = -1  # where the text last named them
        self._ref: ClaimantRef | None = None
        self._haystack = ("", -1)  # (names in lowercase, how many aliases it holds)

    def rename(self, name: str) -> None:
        self.name, self.name_low = name, name.lower()
        self._haystack = ("", -1)

    def haystack(self) -> str:
        """The name and every alias, lowercase: what "the ministry" is looked for in."""
        text, count = self._haystack
        if count != len(self.aliases):
            text = " ".join([self.name, *self.aliases]).lower()
            self._haystack = (text, len(self.aliases))
        return text

    def ref(self) -> ClaimantRef:
        if self._ref is None:
            # the frozen dataclass's __init__ sets its fields one by one: filled at once
            ref = _new_ref(ClaimantRef)
            ref.__dict__.update(
                name=self.name,
                kind=self.kind,
                role=self.role,
                affiliation=self.affiliation,
                aliases=tuple(dict.fromkeys(self.aliases)),
            )
            self._ref = ref
        return self._ref


_ACRONYM_RE = re.compile(r"[A-Z][A-Z&]{1,7}")
# The capitalised name before "(NCDC)": "the Nigeria Centre for Disease Control and
# Prevention", small joining words allowed inside it.
_SPELLED_NAME_RE = re.compile(
    r"((?:[A-Z][\w'’.&-]*)(?:\s+(?:[A-Z][\w'’.&-]*|of|for|and|on|the|de|du|des|la|le|pour"
    r"|l['’]\w+|et))*)\s*$"
)
# Heads of definite descriptions that point back to an earlier claimant.
_DEFINITE_HEADS = (_ROLE_NOUNS | _ORG_HEADS | _MEDIA_HEADS | _DOC_NOUNS) - _words(
    "police military army navy government opposition authorities rebels militants source "
    "sources officials witnesses"
)
# "the agency", "the group": the latest organization, even under another name
_ANAPHORIC_ORGS = _words(
    "agency authority organization organisation group monitor body "
    "watchdog observatory network office department center centre institute commission "
    "committee council bureau service regulator association federation force"
)
# "the group", "the organization": any organization named before, in passing or not.
# ("the airline", "the company" only ever mean one so described: see _org_types.)
_ANY_ORG_HEADS = _words("group organization organisation body")


@lru_cache(maxsize=256)
def _head_pattern(head: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(head)}")


_ANAPHORIC_MEDIA = _words("agency newspaper broadcaster channel outlet daily station site")
_DESCRIPTIVE = _words("war rights monitoring news state same aid relief humanitarian official")


# Roles whose holders speak for their organization ("a spokesperson for the service").
_SPEAKS_FOR = _ROLE_NOUNS - _PRIVATE_ROLES


class _Registry:
    """Resolves speaker phrases to claimants in reading order."""

    def __init__(self, text: str = "", lower: str = "") -> None:
        self.entries: list[_Claimant] = []
        self.recent: list[_Claimant] = []  # most recent last
        self.text = text
        self.lower = lower or text.lower()
        self._named: list[_OrgMention] = []  # organizations the text names, in order
        self._scanned = 0  # how far the text has been read for them
        self.position = 0  # where in the text the phrase being resolved is

    def _touch(self, entry: _Claimant, surface: str) -> _Claimant:
        if surface and surface.lower() not in _PRONOUNS:
            entry.aliases.append(surface)
        if entry in self.recent:
            self.recent.remove(entry)
        self.recent.append(entry)
        entry.last_seen = self.position
        return entry

    def _named_before(self, head: str, *, any_org: bool = False) -> _OrgMention | None:
        """The latest organization named so far, in passing or not ("a Kestrel Airways
        plane"), that ``head`` ("airline", "ministry") describes; ``any_org``: any
        organization ("the group"). The text is searched for names once, when first
        asked."""
        if not any_org and head not in _COMMERCIAL_HEADS:
            # a ministry is named with "ministry" (or described as one): none before, no scan
            stem = head[:-1] if head.endswith("y") else head
            if self.lower.find(stem, 0, self.position) < 0:
                return None
        if self._scanned <= self.position:
            # read on only as far as needed: the names before the phrase being resolved
            found, self._scanned = _org_mentions(self.text, self._scanned, self.position)
            self._named.extend(found)
        for mention in reversed(self._named):
            if mention.position <= self.position and (
                head in mention.types or (any_org and mention.types)
            ):
                return mention
        return None

    def _entry_for(self, mention: _OrgMention) -> _Claimant:
        ref = normalise_claimant(mention.surface)
        name_low = ref.name.lower()
        for entry in reversed(self.entries):
            if entry.name_low == name_low:
                return entry
        kind = ref.kind if ref.kind in ("organization", "media") else "organization"
        entry = _Claimant(ref.name, kind, "", ref.affiliation)
        entry.aliases.append(mention.surface)
        self.entries.append(entry)
        return entry

    def _latest(self, spoken: _Claimant | None, named: _OrgMention | None) -> _Claimant | None:
        """Of a speaker and an organization named in passing, whichever came last."""
        if named is not None and (spoken is None or named.position > spoken.last_seen):
            return self._entry_for(named)
        return spoken

    def resolve(self, surface: str, *, statement: bool = False) -> _Claimant | None:
        entry = self._resolve(surface)
        if entry is not None and statement:
            entry.statement = True
        return entry

    def _resolve(self, surface: str) -> _Claimant | None:
        words, lows = _phrase(surface)
        if not lows:
            return None
        if len(lows) == 1 and lows[0] in _PRONOUNS:
            return self._pronoun(lows[0], surface)
        if lows[0] in _FIRST_PERSON and len(lows) == 1:
            return None
        definite = self._definite(words, lows, surface)
        if definite is not None:
            return definite
        for index, low in enumerate(lows[:-2]):
            if low in _DOC_NOUNS and (
                lows[index + 1] in ("from", "by", "of") or lows[index + 1] in _DOC_PARTICIPLES
            ):
                # "a statement from the company": the company named before
                rest = index + 3 if lows[index + 1] in _DOC_PARTICIPLES else index + 2
                owner = self._definite(words[rest:], lows[rest:], surface)
                if owner is not None:
                    return owner
                break
            if (
                low in _SPEAKS_FOR
                and lows[index + 1] in ("for", "of", "at", "from")
                and not any(_is_proper(w) for w in words[:index] if w.lower() not in _ARTICLES)
            ):
                # "a spokesperson for the ambulance service": the service named before
                owner = self._definite(words[index + 2 :], lows[index + 2 :], surface)
                if owner is not None and owner.kind != "person":
                    return owner
                break
        ref = normalise_claimant(surface)
        if not ref.name:
            return None
        if _ACRONYM_RE.fullmatch(ref.name):
            # "the NCDC" after "the Nigeria Centre for Disease Control (NCDC)"
            spelled = self._spelled_out(ref.name)
            if spelled is not None:
                ref = ClaimantRef(name=spelled.name, kind=spelled.kind, role=spelled.role,
                                  affiliation=spelled.affiliation)  # fmt: skip
        name_low = ref.name.lower()
        for entry in reversed(self.entries):
            if entry.name_low == name_low and (
                not ref.affiliation or not entry.affiliation or ref.affiliation == entry.affiliation
            ):
                entry.role = entry.role or ref.role
                entry.affiliation = entry.affiliation or ref.affiliation
                if entry.kind == "unknown":
                    entry.kind = ref.kind
                return self._touch(entry, surface)
        if ref.kind in ("person", "unknown") and " " not in ref.name and ref.name[:1].isupper():
            # "Peskov" after "Dmitry Peskov"
            for entry in reversed(self.entries):
                if entry.kind == "person" and entry.name.split()[-1].lower() == name_low:
                    return self._touch(entry, surface)
        if ref.kind == "person" and " " in ref.name:
            # "Dmitry Peskov" after a bare "Peskov": keep the full name
            for entry in reversed(self.entries):
                if (
                    entry.kind in ("person", "unknown")
                    and " " not in entry.name
                    and ref.name.split()[-1] == entry.name
                ):
                    entry.rename(ref.name)
                    entry.kind = "person"
                    entry.role = entry.role or ref.role
                    entry.affiliation = entry.affiliation or ref.affiliation
                    return self._touch(entry, surface)
        affiliation = ref.affiliation
        if affiliation and affiliation.islower():
            owner = self._find_head(affiliation.split()[-1])
            if owner is not None:
                affiliation = owner.name
        entry = _Claimant(ref.name, ref.kind, ref.role, affiliation)
        self.entries.append(entry)
        return self._touch(entry, surface)

    def _spelled_out(self, acronym: str) -> ClaimantRef | None:
        """The organization the text spelled out before "(ACRONYM)", if any."""
        found = None
        for m in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", self.text[: self.position]):
            found = m
        if found is None:
            return None
        words = _SPELLED_NAME_RE.search(self.text, 0, found.start())
        if words is None:
            return None
        spelled = normalise_claimant(words.group(1))
        if spelled.kind != "organization" or not spelled.name[:1].isupper():
            return None
        return spelled

    def mention(self, surface: str) -> None:
        """A person named in passing becomes the latest candidate for "he"/"she"."""
        ref = normalise_claimant(surface)
        titled = surface.split(None, 1)[0].lower().rstrip(".") in _NAME_TITLES  # "Dr. Ana Ruiz"
        if (
            ref.kind == "person"
            and (ref.role or titled or isinstance(surface, _Named))
            and ref.name[:1].isupper()
        ):
            self._resolve(surface)

    def _pronoun(self, low: str, surface: str) -> _Claimant | None:
        if low in ("they", "them"):
            # groups and organizations first ("police said ... they said")
            entry = next((e for e in reversed(self.recent) if e.kind != "person"), None)
            entry = entry or (self.recent[-1] if self.recent else None)
            return self._touch(entry, surface) if entry is not None else None
        for entry in reversed(self.recent):
            if low in ("he", "she", "him", "her") and entry.kind == "person":
                return self._touch(entry, surface)
            if low == "it" and entry.kind in ("organization", "media"):
                return self._touch(entry, surface)
        if low in ("he", "she", "him", "her"):
            # "a resident who helped collect bodies told AFP ... he said"
            for entry in reversed(self.recent):
                last = entry.name.split()[-1:]
                if entry.kind == "unknown" and last and last[0] in _ROLE_NOUNS:
                    return self._touch(entry, surface)
        return None

    def _find_head(self, head: str, *, bare: bool = True) -> _Claimant | None:
        """The latest claimant a definite description ("the ministry") points back to."""
        if head in ("statement", "communique", "report", "briefing", "announcement"):
            for entry in reversed(self.recent):
                if entry.statement:
                    return entry
            return next((e for e in reversed(self.recent) if e.kind != "person"), None)
        if head in _PERSON_NOUNS:
            # "said the man": the latest speaker who is a person or unnamed
            return next((e for e in reversed(self.recent) if e.kind in ("person", "unknown")), None)
        pattern = _head_pattern(head)
        if head in _ROLE_NOUNS:
            # "the spokesman": a person holding that role
            for entry in reversed(self.recent):
                if entry.kind == "person" and pattern.search(entry.role.lower()):
                    return entry
        spoken = None
        for entry in reversed(self.recent):
            # "the ministry": an organization so named, not a ministry's spokesman
            if (entry.kind != "person" or head in _ROLE_NOUNS) and pattern.search(entry.haystack()):
                spoken = entry
                break
        # "the airline", "the ministry": the latest so named, even if named in passing
        found = self._latest(spoken, self._named_before(head))
        if found is not None or not bare:
            return found
        if head in _ANAPHORIC_MEDIA:
            found = next((e for e in reversed(self.recent) if e.kind == "media"), None)
            if found is not None or head not in _ANAPHORIC_ORGS:
                return found
        if head in _ANAPHORIC_ORGS:
            spoken = next((e for e in reversed(self.recent) if e.kind == "organization"), None)
            named = self._named_before(head, any_org=head in _ANY_ORG_HEADS)
            return self._latest(spoken, named)
        return None

    def _definite(self, words: list[str], lows: list[str], surface: str) -> _Claimant | None:
        """ "the ministry", "the spokesman", "the statement": an earlier claimant."""
        if lows[0] not in ("the", "this", "that") or len(lows) > 5:
            return None
        rest = lows[1:]
        # proper names name something new, except descriptions like "Britain-based"
        if not rest or any(_is_proper(w) and not (w[:1].isupper() and "-" in w) for w in words[1:]):
            return None
        head = rest[-1].removesuffix("'s").removesuffix("’s")
        if head in _DOC_NOUNS and len(rest) >= 2 and rest[-2].endswith(("'s", "’s")):
            head = rest[-2][:-2]
        if head in _GENERIC_CLAIMANTS and head not in _DEFINITE_HEADS and len(rest) == 1:
            # "the diplomats" after "two Arab diplomats": the same group
            entry = next(
                (e for e in reversed(self.recent) if e.name.lower().split()[-1:] == [head]), None
            )
            return self._touch(entry, surface) if entry is not None else None
        if head not in _DEFINITE_HEADS:
            return None
        # "the agency" and "the Britain-based war monitor" point back; "the nuclear
        # regulator" introduces a regulator of its own
        bare = all("-" in w or w in _DESCRIPTIVE for w in rest[:-1] if not w.endswith(("'s", "’s")))
        entry = self._find_head(head, bare=bare)
        return self._touch(entry, surface) if entry is not None else None


# --------------------------------------------------------------------------
# Organizations named in passing
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _OrgMention:
    position: int
    surface: str  # "Kestrel Airways", "Ministry of Transport"
    types: frozenset[str]  # what "the X" may call it: "airline", "company", "ministry"


# A run of capitalised words, with "of"/"for"/"and" inside ("Ministry of Transport").
_NAME_RUN_RE = re.compile(
    r"[A-Z][\w'’&-]*(?:[ \t]+(?:(?:of|for|and|de|du|del)[ \t]+)?[A-Z][\w'’&-]*)*"
)
_AIRLINE_WORDS = _words("air airline airlines airways aviation aero airlink")
_AIRCRAFT_MAKERS = _words(
    "boeing airbus embraer atr bombardier cessna antonov tupolev sukhoi ilyushin beechcraft "
    "piper fokker comac mcdonnell dash"
)
# Words of a business's name; a government body's words rule them out.
_BUSINESS_WORDS = _words(
    "inc corp corporation company co ltd llc plc holdings industries resources mining energy "
    "motors travel logistics shipping lines petroleum oil gas construction railways railway "
    "rail express airways airlines bank group"
)
_PUBLIC_WORDS = _words(
    "ministry department agency police council government office authority service "
    "commission committee court army military force forces navy parliament embassy bureau "
    "administration defense defence command guard university hospital school"
)
_COMMERCIAL = frozenset(("company", "firm", "operator"))
# Heads a name may satisfy without holding the word ("Air Andes" is an airline).
_COMMERCIAL_HEADS = _COMMERCIAL | {"airline", "carrier", "organization", "organisation"}
_DESCRIPTORS = _ORG_HEADS | _MEDIA_HEADS
_APPOSITION_STARTS = (", a ", ", an ", ", the ")
_FLIGHT = (" flight", " Flight")
_DESCRIPTOR_BEFORE_RE = re.compile(r"\b([a-z][a-z-]*)[ \t]*,?[ \t]*$")
_APPOSITION_AFTER_RE = re.compile(r",[ \t]+(?:a|an|the)[ \t]+([^,.;:\n]{1,60})")


def _singular_head(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"  # "ministries", "agencies"
    if word.endswith("s") and word[:-1] in _DESCRIPTORS:
        return word[:-1]  # "airlines", "services"
    return word


def _org_types(lows: list[str], descriptors: list[str], airline: bool) -> frozenset[str]:
    """What a definite description may call an organization with these words."""
    types = {_singular_head(w) for w in lows if _singular_head(w) in _DESCRIPTORS}
    types.update(descriptors)
    public = any(w in _PUBLIC_WORDS for w in lows)
    if not public and (airline or any(w in _AIRLINE_WORDS for w in lows)):
        types.update(("airline", "carrier", *_COMMERCIAL))
    if not public and (
        any(w in _BUSINESS_WORDS for w in lows) or any(d in _COMMERCIAL for d in descriptors)
    ):
        types.update(_COMMERCIAL)
    if any(" ".join(lows[i:]) in _KNOWN_ORGS for i in range(len(lows))):
        types.add("organization")  # "the Libyan Red Crescent"
    return frozenset(types)


# Words that make a run of capitals worth a closer look as an organization's name.
_ORG_CUES = (
    _DESCRIPTORS
    | {f"{w}s" for w in _DESCRIPTORS}
    | {f"{w[:-1]}ies" for w in _DESCRIPTORS if w.endswith("y")}
    | _AIRLINE_WORDS
    | _BUSINESS_WORDS
    | _AIRCRAFT_MAKERS
    | {w for name in _KNOWN_ORGS for w in name.split()}
)


def _org_mentions(text: str, begin: int = 0, upto: int = -1) -> tuple[list[_OrgMention], int]:
    """Organizations the text names, speaking or not: names with an organization's word
    in them ("West Midlands Ambulance Service", "Ministry of Mines", "Kestrel Airways"),
    airlines ("an Air Andes Boeing 737", "SkyLink flight 12"), names described as one
    ("the state weather agency Aemet", "Falea Resources, a Canadian-listed firm") and
    well-known organizations.

    Reads from ``begin`` the names that start up to ``upto`` (to the end when -1), and
    returns them with where to go on reading."""
    out = []
    for m in _NAME_RUN_RE.finditer(text, begin):
        start, end = m.start(), m.end()
        if upto >= 0 and start > upto:
            return out, start
        run = m.group()
        lows = run.lower().split()
        if _ORG_CUES.isdisjoint(lows):
            # no telling word: only a description before or after can make it one
            space = start - 1
            previous = ""
            if space > 0 and text[space] == " ":
                previous = text[text.rfind(" ", 0, space) + 1 : space].rstrip(",")
            if not (
                previous in _DESCRIPTORS
                or text.startswith(_APPOSITION_STARTS, end)
                or text.startswith(_FLIGHT, end)
            ):
                continue
        words = run.split()
        while words and (lows[0] in _CAP_STOP or lows[0] in _TIME_WORDS):
            start = text.index(words[1], start) if len(words) > 1 else end
            words, lows = words[1:], lows[1:]
        if not words:
            continue
        role = next((i for i, w in enumerate(lows) if w.rstrip(".") in _ROLE_OR_TITLE), -1)
        if role >= 0:
            # "Air Andes Chief Executive Luis Carranza": the organization ends at the role
            words, lows, end = words[:role], lows[:role], -1
            if not words:
                continue
        airline = False
        maker = next((i for i, w in enumerate(lows) if w in _AIRCRAFT_MAKERS), -1)
        if maker > 0:
            words, lows, airline = words[:maker], lows[:maker], True  # "Air Andes Boeing"
        elif end >= 0 and text.startswith(_FLIGHT, end):
            airline = True  # "SkyLink flight 12"
        if all(_singular_head(w) in _DESCRIPTORS or w in _NP_LEX for w in lows):
            continue  # "Ministry spokesman ...", "Police said": a description, not a name
        descriptors = []
        before = _DESCRIPTOR_BEFORE_RE.search(text, max(0, start - 30), start)
        if before and before.group(1) in _DESCRIPTORS:
            descriptors.append(before.group(1))  # "the state weather agency Aemet"
        after = _APPOSITION_AFTER_RE.match(text, end) if end >= 0 else None
        if after:
            # "Falea Resources, a Canadian-listed firm": the apposition's last word
            last = after.group(1).split()[-1].lower()
            if last in _DESCRIPTORS:
                descriptors.append(last)
        types = _org_types(lows, descriptors, airline)
        if types:
            out.append(_OrgMention(start, " ".join(words), types))
    return out, len(text) + 1


# Sentences without these words hold no attribution.
_ATTRIBUTION_HINTS = (
    set(_FINITE_VERBS) | set(_PARTICIPLES) | {"according", "put", "puts", "putting"}
)
_CASUALTY_HINT_SET = frozenset(_CASUALTY_HINTS - _ATTRIBUTION_HINTS)
# The words a record statement needs one of ("most" for "most deadly").
_RECORD_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "deadliest worst biggest largest highest lowest heaviest bloodiest strongest most longest "
    "fastest"
)
# What a word may be, as bits: looked up once per token while tokenising.
_ATTRIBUTION, _CASUALTY, _STARTS, _RECORD = 1, 2, 4, 8
_ORDINAL_SUFFIXES = frozenset(("st", "nd", "rd", "th"))
_LEXICON: dict[str, int] = {}
for _word in _ATTRIBUTION_HINTS:
    _LEXICON[_word] = _LEXICON.get(_word, 0) | _ATTRIBUTION
for _word in _CASUALTY_HINT_SET:
    _LEXICON[_word] = _LEXICON.get(_word, 0) | _CASUALTY
for _word in _START_WORDS:
    _LEXICON[_word] = _LEXICON.get(_word, 0) | _STARTS
for _word in _RECORD_WORDS:
    _LEXICON[_word] = _LEXICON.get(_word, 0) | _RECORD


# Every hedge holds a word starting with one of these; "made public", "appeared to
# show" and "under investigation" are found by their last word, and "not (yet)
# said" by "said" after "not".
_HEDGE_STEMS = _words(
    "verif confirm corroborat authenticat reveal disclos identif releas determin establish "
    "ascertain clear unclear known unknown evidence proof allegedly reportedly purportedly "
    "supposedly apparently unverified unconfirmed alleged purported unsubstantiated "
    "independent named public show investigat toll figure details reconcil"
)
_NOT_SAID_STEMS = ("said", "say", "specif", "explain")


_HEDGE_PREFIXES = frozenset(stem[:4] for stem in (*_HEDGE_STEMS, *_NOT_SAID_STEMS))
_HEDGE_STEM_TUPLE = tuple(sorted(_HEDGE_STEMS))


_HEDGE, _SAID, _MENTION, _SINGULAR = 16, 32, 64, 128
# What each word seen so far may be, as bits: a word is worked out once per process.
_WORD_BITS: dict[str, int] = {}


def _word_bits(low: str) -> int:
    """The bits of a lowercase token: a hint for casualties or attributions, a word
    that may start a count (digits too) or a record, or a hedge's stem."""
    bits = _LEXICON.get(low)
    if bits is None:
        bits = 0
        if not low.isalpha():
            first = low[0]
            if first.isdigit():
                # "3rd": an ordinal, as in "the 3rd attack this year"
                bits = _STARTS | (_RECORD if low[-2:] in _ORDINAL_SUFFIXES else 0)
            elif first.isalnum() and not low.isalnum():
                bits = _compound_bits(low)  # "twenty-six", "death-toll", "wife's"
    if low in _MENTION_WORDS:
        bits |= _MENTION
    if low in _PEOPLE_SINGULAR or (not low.isalnum() and _head_word(low) in _PEOPLE_SINGULAR):
        bits |= _SINGULAR
    if low[:4] in _HEDGE_PREFIXES:
        if low.startswith(_HEDGE_STEM_TUPLE):
            bits |= _HEDGE
        elif low.startswith(_NOT_SAID_STEMS):
            bits |= _SAID  # a hedge only after "not": "has not said whether"
    if len(_WORD_BITS) > 200_000:
        _WORD_BITS.clear()
    _WORD_BITS[low] = bits
    return bits


def _compound_bits(low: str) -> int:
    """Bits of a compound token: a count may start at its first word ("twenty-six"),
    and a casualty hint in any part opens the sentence for casualties."""
    parts = _SEP_RE.split(low)
    bits = _STARTS if parts[0] in _START_WORDS else 0
    if any(map(_CASUALTY_HINT_SET.__contains__, parts)):
        bits |= _CASUALTY
    return bits


_SEP_RE = re.compile(r"[-'’.,:/]")


_MENTION_TITLES = _words(
    "President Premier Minister Governor Gov. Mayor General Gen. Colonel Col. Lt. Maj. Major "
    "Captain Capt. Sgt. Sergeant Dr. Mr. Mrs. Ms. Sheriff Chief Commander Senator Sen. Rep. "
    "Judge Prosecutor Dr Mr Mrs Ms Pastor Father Rev. Reverend Imam Rabbi Bishop Archbishop "
    "Officer Detective Det. Inspector Insp. Superintendent Supt. Coach Principal Professor "
    "Prof. Dean Commissioner Councillor Councilman Councilwoman Trooper Ambassador "
    "Lieutenant Lt"
)
_MENTION_ROLES = _words(
    "spokesman spokeswoman spokesperson minister governor mayor president commander chief "
    "journalist reporter correspondent official analyst resident witness doctor lawyer prosecutor"
)
_NAME_WORD = r"[A-Z][\w'’-]+"
_MENTION_RE = re.compile(
    # a capitalised title with a name or surname: "Governor Ivan Petrov", "Mr. Smith",
    # "Lt. Col. Dana Reeves"
    rf"\b(?:(?:(?:{_alternation(_MENTION_TITLES)})\s+)+(?:{_NAME_WORD}\s+){{0,2}}{_NAME_WORD}"
    # a lowercase role with a full name: "spokesman Igor Vasiliev"
    rf"|(?:{_alternation(_MENTION_ROLES)}),?\s+(?:{_NAME_WORD}\s+){{1,2}}{_NAME_WORD})"
)
_MENTION_WORDS = frozenset(w.lower() for w in _MENTION_TITLES | _MENTION_ROLES)
# A full name with a relative clause or an age: "Rosa Delgado, whose son ...", "Tom
# Hale, 54, ...": found from the clause back, the clause being the rarer.
_RELATIVE_CLAUSE_RE = re.compile(r",[ \t]+(?:who|whose|\d{1,3},)")
_NAME_BEFORE_RE = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,2}}$")


class _Named(str):
    """A full name met with a relative clause or an age ("Rosa Delgado, whose ..."):
    a person, though no title says so."""


@lru_cache(maxsize=4096)
def _points_back_to_a_person(np: str) -> bool:
    """ "he", "she", "the spokesman", "Reeves": a speaker found by looking back for a
    person."""
    words = np.split()
    low = [w.lower() for w in words]
    return (
        low[0] in ("he", "she", "him", "her")
        or (low[0] == "the" and low[-1] in _ROLE_NOUNS)
        or (len(words) == 1 and words[0][:1].isupper())
        or (len(words) == 2 and low[0].rstrip(".") in _NAME_TITLES)
    )


_WHERE_AND_ORDER = itemgetter(0, 1)


def _attributions(doc: _Doc) -> list[_Raw]:
    events: list[_Event] = []
    for index, positions in doc.hinted("attribution").items():
        events.extend(_events_in_sentence(doc, index, positions))
    if events and ('"' in doc.text or "“" in doc.text):
        _attach_quotes(doc, events)
    registry = _Registry(doc.text, doc.lower)
    resolved: list[tuple[_Event, _Claimant, list[_Claimant]]] = []
    # People named without speaking ("Governor Ivan Petrov visited the site") are
    # still who a later "he said" means.
    timeline: list[tuple[int, int, _Event | str]] = []  # (where, order, what)
    if any(_points_back_to_a_person(ev.np) for ev in events):
        text = doc.text
        # every mention starts at a title or a role: tried only there
        titled = []
        reached = 0
        for at in doc.mention_starts():
            if at >= reached:
                m = _MENTION_RE.match(text, at)
                if m is not None:
                    titled.append(m)
                    reached = m.end()
        timeline = [(m.start(), 0, m.group()) for m in titled]
        ends = {m.end() for m in titled}
        for clause in _RELATIVE_CLAUSE_RE.finditer(text):
            at = clause.start()
            name = _NAME_BEFORE_RE.search(text, max(0, at - 60), at)
            if name is not None and at not in ends:
                timeline.append((name.start(), 0, _Named(name.group())))
    timeline += [(ev.np_start, 1, ev) for ev in events]
    timeline.sort(key=_WHERE_AND_ORDER)
    for position, _, ev in timeline:
        registry.position = position
        if isinstance(ev, str):
            registry.mention(ev)
            continue
        claimant = registry.resolve(ev.np, statement=ev.statement)
        if claimant is None:
            continue
        via = [
            v for v in (registry.resolve(p) for p in ev.via) if v is not None and v is not claimant
        ]
        resolved.append((ev, claimant, via))
    out = []
    for ev, claimant, via in resolved:
        out.append(
            _Raw(
                "attribution",
                ev.start,
                ev.end,
                {"claimant": claimant.ref(), "via": [v.ref() for v in via]},
            )
        )
    return out


# --------------------------------------------------------------------------
# Hedges (unverified)
# --------------------------------------------------------------------------

_NEG = (
    r"(?:cannot|can\s?not|can['’]t|could\s+not|couldn['’]t|was\s+unable\s+to|were\s+unable\s+to"
    r"|is\s+unable\s+to|are\s+unable\s+to|has\s+been\s+unable\s+to|have\s+been\s+unable\s+to"
    r"|has\s+not\s+been\s+able\s+to|have\s+not\s+been\s+able\s+to|was\s+not\s+able\s+to"
    r"|hasn['’]t\s+been\s+able\s+to|haven['’]t\s+been\s+able\s+to|wasn['’]t\s+able\s+to"
    r"|weren['’]t\s+able\s+to"
    r"|were\s+not\s+able\s+to|did\s+not|didn['’]t|does\s+not|doesn['’]t|do\s+not|don['’]t"
    r"|has\s+not|hasn['’]t|have\s+not|haven['’]t|had\s+not|hadn['’]t|would\s+not|wouldn['’]t"
    r"|declined\s+to|refused\s+to)"
)
_ADV = r"(?:\s+(?:yet|immediately|independently|officially|publicly|formally|still|so\s+far))*"
_CHECK_VERBS = (
    r"(?:verify|confirm|corroborate|authenticate|reconcile|reveal|revealed|disclose|disclosed|identify"
    r"|identified|release|released|verified|confirmed|corroborated|determine|establish"
    r"|ascertain)"
)
_NOT = ("not", "n't", "n’t", "unable", "declined", "refused")
# (how the span grows around the match, pattern, substrings one of which the text must
# hold for the pattern to be worth running). Patterns are lowercase and run on the
# lowercased text; at one position the earlier pattern wins.
_HEDGES: list[tuple[str, re.Pattern, tuple[str, ...]]] = [
    # passive first: "could not be independently verified", "has not been confirmed"
    (
        "passive",
        re.compile(
            r"\b(?:could\s+not|couldn['’]t|cannot|can['’]t|can\s+not|has\s+not|hasn['’]t|have\s+not"
            r"|haven['’]t|had\s+not|was\s+not|wasn['’]t|were\s+not|weren['’]t|is\s+not|isn['’]t"
            r"|are\s+not|aren['’]t|has\s+yet\s+to|have\s+yet\s+to|had\s+yet\s+to)"
            + _ADV
            + r"\s+(?:been|be)"
            + _ADV
            + r"\s+(?:verified|confirmed|corroborated|authenticated|established|determined"
            r"|identified|named|released|disclosed|made\s+public)\b"
        ),
        ("be ", "been "),
    ),
    (
        "passive",
        re.compile(
            r"\b(?:was|were|is|are)\s+not\s+(?:yet\s+)?(?:released|disclosed|made\s+public"
            r"|identified|named)\b"
        ),
        (" not ",),
    ),
    (
        "passive",
        re.compile(
            r"\b(?:needs?|needed|remains?|remained|is\s+yet|are\s+yet|was\s+yet|were\s+yet)"
            r"\s+to\s+be\s+(?:independently\s+)?(?:verified|confirmed|corroborated)\b"
        ),
        ("to be ",),
    ),
    ("active", re.compile(r"\b" + _NEG + _ADV + r"\s+" + _CHECK_VERBS + r"\b"), _NOT),
    ("active", re.compile(r"\bneither\s+confirmed\s+nor\s+denied\b"), ("neither",)),
    (
        "active",
        re.compile(
            r"\b(?:has|have|had|did|does|do)\s+not\s+(?:yet\s+)?(?:said|say|specified|specify"
            r"|explained|explain|disclosed|disclose)\s+(?:what|how|why|whether|who|where|when|if)\b"
            r"|\b(?:did|does|do|has|have|had)\s+not\s+(?:yet\s+)?(?:provide|provided|offer|offered"
            r"|present|presented|give|given|publish|published|produce|produced)\s+(?:any\s+)?"
            r"(?:evidence|proof)\b"
            r"|\bwithout\s+(?:providing|offering|giving|presenting)\s+(?:any\s+)?(?:evidence|proof)\b"
            r"|\b(?:provided|gave|offered|presented|produced|showed)\s+no\s+(?:evidence|proof)\b"
            r"|\b(?:did|does|do|has|have|had)\s+not\s+(?:yet\s+)?(?:give|given|provide|provided"
            r"|release|released|offer|offered)\s+(?:a|any|an\s+official)?\s*(?:death\s+)?"
            r"(?:toll|figure|figures|casualty\s+figures|number|details)\b"
        ),
        (" not ", "evidence", "proof"),
    ),
    (
        "match",
        re.compile(
            r"\b(?:neither|none)\b[^.;]{0,60}?\b(?:could|can|has|have|had)\s+(?:be|been)\s+"
            r"(?:independently\s+)?(?:verified|confirmed|corroborated)\b"
        ),
        ("neither", "none"),
    ),
    (
        "adverb",
        re.compile(
            r"\b(?:difficult|impossible|hard)\s+to\s+(?:independently\s+)?(?:verify|confirm"
            r"|corroborate)\b|\b(?:appeared|appears|appear|seemed|seems|seem)\s+to\s+show\b"
        ),
        ("to verify", "to confirm", "to corroborate", "to independently", "to show"),
    ),
    (
        "clause",
        re.compile(
            r"\bit\s+(?:is|was|remains|remained)\s+(?:still\s+)?(?:not\s+(?:yet\s+|immediately\s+)?"
            r"(?:clear|known)|unclear|unknown)\b"
        ),
        ("clear", "known"),
    ),
    (
        "clause",
        re.compile(
            r"\b(?:there\s+was\s+|there\s+has\s+been\s+)?no\s+(?:immediate\s+)?independent\s+"
            r"(?:confirmation|verification)\b"
        ),
        ("independent ",),
    ),
    (
        "backward",
        re.compile(
            r"\b(?:was|is|remains|remained|were|are)\s+(?:still\s+)?(?:not\s+(?:yet\s+|immediately\s+)?"
            r"(?:known|clear)|unknown|unclear)\b"
        ),
        ("clear", "known"),
    ),
    (
        "backward",
        re.compile(
            r"\b(?:remains?|remained|is|are|was|were)\s+(?:still\s+)?(?:unverified|unconfirmed)\b"
        ),
        ("unverified", "unconfirmed"),
    ),
    (
        "backward",
        re.compile(
            r"\b(?:remains?|remained|is|are|was|were)\s+(?:still\s+)?(?:being\s+)?under\s+"
            r"investigation\b"
        ),
        ("investigation",),
    ),
    (
        "match",
        # "the cause of the explosion is being investigated" (not "a suspect is being ...")
        re.compile(
            r"\b(?:cause|causes|circumstances|origin|reason)\b[^.;]{0,60}?\b(?:is|are|was|were)"
            r"\s+(?:still\s+)?being\s+investigated\b"
        ),
        ("investigated",),
    ),
    (
        "adverb",
        re.compile(r"\b(?:allegedly|reportedly|purportedly|supposedly|apparently)\b"),
        ("allegedly", "reportedly", "purportedly", "supposedly", "apparently"),
    ),
    (
        "adverb",
        re.compile(r"\b(?:unverified|unconfirmed|alleged|purported|unsubstantiated)\b"),
        ("unverified", "unconfirmed", "alleged", "purported", "unsubstantiated"),
    ),
]
_CLAUSE_END = frozenset(',;:.!?"“”()—–')


def _hedges(doc: _Doc) -> list[_Raw]:
    out: list[_Raw] = []
    taken: list[tuple[int, int]] = []
    matches = []
    hedged = doc.hedged()
    if not hedged:
        return out
    lower = doc.lower
    # Every hedge holds one of a few telling words; only their sentences are searched,
    # each pattern only where its own hint occurs.
    for index in hedged:
        s_start, s_end = doc.sents[index]
        sentence = lower[s_start:s_end]
        for order, (mode, pattern, hints) in enumerate(_HEDGES):
            if any(map(sentence.__contains__, hints)):
                matches.extend(
                    (m.start(), order, mode, m) for m in pattern.finditer(lower, s_start, s_end)
                )
    # leftmost first; at one position the earlier pattern wins
    for _, _, mode, m in sorted(matches, key=lambda x: (x[0], x[1])):
        start, end = m.start(), m.end()
        index = bisect_right(doc.sent_starts, start) - 1
        if index < 0 or end > doc.sents[index][1]:
            continue
        if any(a < end and start < b for a, b in taken):
            continue
        taken.append((start, end))
        toks = doc.tokens(index)
        t_lo, t_hi = 0, len(toks)
        first = bisect_left(toks, start, key=_START)
        last = bisect_left(toks, end, key=_START) - 1
        if mode == "active":
            subject = _np_back(toks, first - 1, t_lo) if first - 1 >= t_lo else None
            if subject is not None:
                start = toks[subject].start
            end = _clause_forward(toks, last + 1, t_hi, 12, end)
        elif mode == "clause":
            end = _clause_forward(toks, last + 1, t_hi, 14, end)
        elif mode in ("backward", "passive"):
            start = _clause_backward(toks, first - 1, t_lo, 10, start)
        elif mode == "adverb":
            new_end = _clause_forward(toks, last + 1, t_hi, 8, end)
            if new_end == end:
                start = _clause_backward(toks, first - 1, t_lo, 8, start)
            end = new_end
        reason = " ".join(m.group().split()).lower()
        out.append(_Raw("unverified", start, end, {"reason": reason}))
    return out


def _clause_forward(toks: list[_Tok], k: int, hi: int, limit: int, end: int) -> int:
    n = 0
    last = end
    while k < hi and n < limit and toks[k].text not in _CLAUSE_END:
        end = toks[k].end
        if toks[k].low not in _DANGLING:
            last = end  # a cut clause does not end on "in" or "the"
        k += 1
        n += 1
    return last


_DANGLING = _words("a an the in on at of to for from with by as and or but that which near into")


def _clause_backward(toks: list[_Tok], k: int, lo: int, limit: int, start: int) -> int:
    n = 0
    while k >= lo and n < limit and toks[k].text not in _CLAUSE_END:
        start = toks[k].start
        k -= 1
        n += 1
    return start


# --------------------------------------------------------------------------
# Record statements
# --------------------------------------------------------------------------

_ORDINALS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|\d+(?:st|nd|rd|th))"
)
_SUPERLATIVES = (
    r"(?:deadliest|worst|biggest|largest|highest|lowest|heaviest|bloodiest|strongest"
    r"|most\s+(?:deadly|powerful|serious|severe|destructive|intense)|longest|fastest)"
)
_STATEMENT_RE = re.compile(
    r"\b(?:is|was|are|were|marks|marked|became|becomes|has\s+become|had\s+become|has\s+been"
    r"|had\s+been|remains|remained|would\s+be)\s+(?:now\s+|also\s+)?"
    r"(?:the|its|their|his|her|(?:the\s+)?[\w-]+(?:'s|’s))\s+(?:"
    + _ORDINALS
    + r"|"
    + _SUPERLATIVES
    + r")\b",
)

# "the blast, one of the worst industrial accidents in years, ..."
_ONE_OF_RE = re.compile(
    r"\bone\s+of\s+(?:the|its|their|the\s+[\w-]+(?:'s|’s))\s+" + _SUPERLATIVES + r"\b[^,;.]*"
)
_COMPARISON_SET_RE = re.compile(
    r"\b(?:this\s+(?:year|month|week|decade|century|season)|since\b|in\s+(?:\d{4}|decades"
    r"|years|history|a\s+decade|a\s+century|more\s+than)|on\s+record|ever\b|so\s+far|to\s+date"
    r"|of\s+the\s+(?:year|war|conflict|decade|century|season)|in\s+(?:the\s+)?(?:past|last)\s+\w+"
    r"|in\s+[\w'’]+\s+(?:history|years|months|decades)|in\s+(?:recent\s+)?memory|time\s+since"
    r"|in\s+recent\s+(?:years|months|decades|history)|in\s+a\s+(?:week|fortnight|month|year))",
)
# "The protests, the largest since ...", "in what officials described as the largest
# evacuation in Greek history": a record stated in passing
_APPOSITIVE_RECORD_RE = re.compile(
    r"(?:,\s+|\bas\s+)((?:the|its)\s+(?:" + _ORDINALS + r"|" + _SUPERLATIVES + r")\b[^,;.]*)"
    # "were killed in the deadliest bombing since 2019" (an ordinal after "in" is a time:
    # "in the first week of the year")
    r"|\bin\s+((?:the|its)\s+" + _SUPERLATIVES + r"\b[^,;.]*)"
)


def _statements(doc: _Doc) -> list[_Raw]:
    text, lower = doc.text, doc.lower
    out: list[_Raw] = []
    # Every record statement holds an ordinal or a superlative: only the sentences
    # with one are searched.
    spans = [doc.sents[index] for index in doc.records()]
    if not spans:
        return out
    if "one of " in lower:
        for s_start, s_end in spans:
            for m in _ONE_OF_RE.finditer(lower, s_start, s_end):
                if _COMPARISON_SET_RE.search(lower, m.start(), m.end()):
                    out.append(_Raw("statement", m.start(), m.end(), {}))
    for s_start, s_end in spans:
        for m in _APPOSITIVE_RECORD_RE.finditer(lower, s_start, s_end):
            group = 1 if m.start(1) >= 0 else 2
            if _COMPARISON_SET_RE.search(lower, m.start(group), m.end(group)):
                out.append(_Raw("statement", m.start(group), m.end(group), {}))
    done = -1
    matches = (m for s_start, s_end in spans for m in _STATEMENT_RE.finditer(text, s_start, s_end))
    for m in matches:
        index = bisect_right(doc.sent_starts, m.start()) - 1
        if index <= done:
            continue  # one statement per sentence
        s_start, s_end = doc.sents[index]
        if s_end - s_start > 300 or not _COMPARISON_SET_RE.search(lower, m.end(), s_end):
            continue
        done = index
        start, end = s_start, s_end
        while start < end and text[start] in "\"“‘'(":
            start += 1
        while end > start and text[end - 1] in ".!?\"”’')":
            end -= 1
        out.append(_Raw("statement", start, end, {}))
    return out


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def extract(text: str) -> list[Candidate]:
    """Propose claim candidates in ``text`` (an article body or a title).

    Candidates are sorted by (start, end, kind); ``text[c.start:c.end] ==
    c.exact`` for each.
    """
    if not text or not text.strip():
        return []
    doc = _Doc(text)
    raws = _casualties(doc) + _attributions(doc) + _hedges(doc) + _statements(doc)
    seen: set[tuple[str, int, int]] = set()
    out: list[Candidate] = []
    sents, sent_starts = doc.sents, doc.sent_starts
    for raw in sorted(raws, key=_SPAN_THEN_KIND):
        start, end = raw.start, raw.end
        key = (raw.kind, start, end)
        if key in seen or end <= start:
            continue
        seen.add(key)
        s_start, s_end = _covering(sents, sent_starts, start, end)
        # Candidate's own __init__ with keywords, done in C: hundreds per article
        values = {
            **_CANDIDATE_DEFAULTS,
            "via": [],
            "parts": [],
            "kind": raw.kind,
            "start": start,
            "end": end,
            "exact": text[start:end],
            "prefix": text[max(0, start - CONTEXT) : start],
            "suffix": text[end : end + CONTEXT],
            "sentence": text[s_start:s_end],
            **raw.data,
        }
        candidate = _new_candidate(Candidate)
        candidate.__dict__ = values
        out.append(candidate)
    return out


_new_candidate = object.__new__
_SPAN_THEN_KIND = itemgetter(1, 2, 0)  # a _Raw's (start, end, kind)
_CANDIDATE_DEFAULTS = {f.name: f.default for f in fields(Candidate) if f.default is not MISSING}
# every field is set by extract(): the defaults, fresh lists, the span and its text
_SET_BY_EXTRACT = {"via", "parts", "kind", "start", "end", "exact", "prefix", "suffix", "sentence"}
assert set(_CANDIDATE_DEFAULTS) | _SET_BY_EXTRACT == {f.name for f in fields(Candidate)}
