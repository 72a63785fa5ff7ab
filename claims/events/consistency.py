"""Which claims of an event state the same thing, and which figures do not add up.

Pure Python (no Django): claims.events turns claims into :class:`Fact`
objects, and this module answers with matches (:func:`match_score`) and
flags (:func:`find_flags`). Precision matters more than recall: a wrong flag
wastes a reviewer's time, so every rule stays silent when it cannot tell.

Casualty figures are compared through their *breakdown*: who is counted
("crew", "officers", or people in general) and how many of each.

* **Parts vs total**, inside one article: "all 5 aboard dead" and "three
  crew and two officers" agree (3 + 2 = 5); "all five crew members" and
  "two officers were among those killed" do not (officers are not crew).
* **Across articles**, only between matched claims (a reviewer can break a
  match that is not the same thing): different counts of the same people
  ("10 killed" vs "13 killed"), different breakdowns ("five crew members" vs
  "three crew and two officers"), or fewer people in all than another
  article counts in one group. Ranges agree with any count inside them
  ("at least 10" and 13).
* Running totals ("18 killed since the campaign began") and figures about
  older or other incidents ("In July, an Mi-25 ... killing two pilots") are
  never compared with the incident's count, nor are figures the article
  itself reports as superseded ("the army had initially said 10", "an
  earlier version of this article said").
* **Updates are not contradictions.** Tolls change as a story unfolds: a
  figure told as a change ("the toll rose to 15", "revised down to 8") is
  never flagged against another; across days, only the dead are compared
  (the injured die, the missing are found), and only a later count below an
  earlier one disagrees. The reviewer sees the newer figure among the
  claim's matches instead, tagged by :func:`timeline` ("Later update").
  What was added to a toll ("five more bodies") is part of it, not a toll.
* Inside one article, two tolls it credits to different sources ("13, the
  hospital says"; "the army put the toll at 10") are a disagreement the
  article reports, not one it makes: only the comparison across articles
  flags them. A breakdown against a total is checked whoever said them.
* **Attribution conflicts**: the same words (fuzzy match of 90 or more on
  the quoted text) attributed to different people in different articles.
  Someone speaking for the organization the other article credits (the
  Defence Minister for the Defence Ministry) is the same speaker; two people
  of one organization are not.

Each claim gets at most one flag per kind of problem, whose one sentence sums
up every claim that disagrees with it, by figure: "says 5 crew members were
killed; 3 other articles say 3 crew and 2 officers were killed (TASS; ...)".
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from bisect import insort
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import attrgetter

from rapidfuzz import fuzz

from claims.extraction import Candidate, extract
from claims.extraction.tokens import sentence_bounds
from claims.text.anchoring import SENTENCE_WINDOW, sentence_window

CASUALTY_MATCH = 60.0  # structure and wording together, 0 to 100
QUOTE_MATCH = 80.0
TEXT_MATCH = 85.0
QUOTE_CONFLICT = 90.0
MIN_QUOTE_WORDS = 6
SHORT_QUOTE_WORDS = 12


# ------------------------------------------------------------------------------
# Facts
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Speaker:
    """Who an attribution names, with every name they go by."""

    name: str
    names: frozenset[str] = frozenset()  # lowercased: the name and its aliases
    relays: frozenset[str] = frozenset()  # lowercased: who passed the words on
    kind: str = ""  # "person" | "organization" | "media" | "unknown"
    role: str = ""  # "Defence Minister", "Kremlin spokesman"
    affiliation: frozenset[str] = frozenset()  # lowercased names of their organization

    @cached_property  # asked for every pair of an event's attributions
    def generic(self) -> bool:
        """ "officials", "a local monitoring group", "Russian officials": nobody in particular."""
        if not any(ch.isupper() for ch in self.name):
            return True
        words = self.name.lower().split()
        return len(words) <= 3 and words[-1] in _UNNAMED


def speaker_of(
    name: str,
    *,
    kind: str = "",
    role: str = "",
    aliases: Iterable[str] = (),
    affiliation: Iterable[str] = (),
    relays: Iterable[str] = (),
) -> Speaker:
    """A :class:`Speaker` from a claimant's fields (``affiliation``: its organization's
    name and aliases). An alias that is only a common noun ("the ministry") names
    nobody in particular: two ministries both called "the ministry" are not one."""
    names = {name.lower()}
    for alias in aliases:
        if alias and (any(ch.isupper() for ch in alias) or len(_org_words(alias)) > 1):
            names.add(alias.lower())
    return Speaker(
        name=name,
        names=frozenset(names),
        relays=frozenset(r.lower() for r in relays if r),
        kind=kind,
        role=role,
        affiliation=frozenset(a.lower() for a in affiliation if a),
    )


@dataclass(frozen=True)
class Fact:
    """What the rules need to know about one claim."""

    id: int
    article_id: int
    kind: str
    exact: str
    sentence: str = ""
    context: str = ""  # the sentence and the one before it: what the figure is about
    source: str = ""  # where it was published: "RT"
    cited: str = ""  # whom the article cites for it: "Defense Ministry"
    speaker: Speaker | None = None  # attribution: who said it
    quote: str = ""  # attribution: the quoted words
    count_min: int | None = None
    count_max: int | None = None
    category: str = ""
    parts: tuple[tuple[int, str], ...] = ()
    subject: str = ""
    cumulative: bool = False
    background: bool = False  # about an older or another incident, or superseded
    update: bool = False  # told as a change: "the toll rose to 15"
    published_on: dt.date | None = None  # the article's date

    @property
    def counted(self) -> bool:
        return self.count_min is not None or self.count_max is not None or bool(self.parts)

    # Cached: an event's refresh compares every figure with every other one.
    @cached_property
    def among(self) -> bool:
        """A figure for part of the dead: "two officers were among those killed", "five
        more bodies"."""
        return _among(self)

    @cached_property
    def breakdown(self) -> Breakdown:
        """Who is counted and how many of each (see :func:`breakdown`)."""
        return breakdown(self)

    @cached_property
    def group_names(self) -> frozenset[str]:
        """The groups the breakdown counts, compared by every casualty pair."""
        return frozenset(self.breakdown.groups)


@dataclass(frozen=True)
class FlagDraft:
    """One flag: what does not add up between a claim and every claim it disagrees with."""

    claim_id: int
    kind: str  # "parts_total" | "cross_article" | "attribution_conflict"
    others: tuple[int, ...]  # every claim it disagrees with, the most telling first
    message: str

    @property
    def other_id(self) -> int:
        return self.others[0]


# ------------------------------------------------------------------------------
# Reading a claim in its article
# ------------------------------------------------------------------------------
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The last word of a name that counts nobody in particular: "Western diplomats".
_UNNAMED = _words(
    "officials sources residents witnesses activists diplomats analysts observers people "
    "authorities rebels militants medics doctors"
)


_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_MONTH_RE = re.compile(
    r"\b(?:in|last|since|early|late|mid|during|from|on|by)[\s-]+(" + "|".join(_MONTHS) + r")\b",
    re.IGNORECASE,
)
_PAST_RE = re.compile(
    r"\blast (?:year|month|week|winter|spring|summer|autumn|fall|" + "|".join(_MONTHS) + r")\b"
    r"|\bearlier this (?:year|month)\b|\bprevious(?:ly)?\b"
    r"|\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+"
    r"(?:years?|months?|weeks?|decades?)\s+ago\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"\b(?:in|since|during)\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_OTHER_INCIDENT_RE = re.compile(
    r"\b(?:another|separate|previous|earlier|second|third|fourth|similar)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attacks?|blasts?|explosions?|bombings?|strikes?|airstrikes?|raids?|crash(?:es)?|"
    r"incidents?|shootings?|helicopters?|choppers?|planes?|jets?|aircraft|buses|bus|cars?|"
    r"bombs?|quakes?|tremors?|aftershocks?|fires?|accidents?)\b",
    re.IGNORECASE,
)
_NOW_RE = re.compile(
    r"\b(?:today|tonight|this morning|this evening|on (?:monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday))\b",
    re.IGNORECASE,
)
# A figure the article reports as replaced by a newer one.
_SUPERSEDED_RE = re.compile(
    r"\b(?:initial(?:ly)?|original(?:ly)?|at first|first reported|earlier version|"
    r"earlier (?:figures?|tolls?|reports?|estimates?)|"
    r"had (?:earlier |initially |originally |first |previously )?"
    r"(?:said|put|reported|given|announced|stated|estimated|counted))\b",
    re.IGNORECASE,
)
# A running total: "bring the total this year to 200", "brings to 40 the number of
# servicemen killed since the offensive began". The total word must lead into the
# figure (or follow it at once), so "Ten were killed, bringing the total to 200"
# leaves the ten alone; a scope ("this year", "since ... began") must be said.
_TOTAL_BEFORE_RE = re.compile(r"\b(?:total|tally|number|overall|cumulative)\b[^.;]{0,40}$", re.I)
_TOTAL_AFTER_RE = re.compile(r"^\s+(?:the\s+)?(?:total|tally|number)\b", re.I)
_SCOPE_RE = re.compile(
    r"\b(?:this year|so far|to date|this month|since (?:the )?(?:start|beginning|outbreak)|"
    r"since\b[^.;]{0,60}?\b(?:began|begun|started|erupted|launched)|"
    r"since (?:" + "|".join(_MONTHS) + r"|last)\b|"
    r"in (?:the )?(?:war|conflict|campaign|offensive|insurgency)\b)",
    re.IGNORECASE,
)
# A figure told as a change of an earlier one.
_UPDATE_RE = re.compile(
    r"\b(?:rose|risen|rising|rises|climbed|climbs|jumped|increased|raised|revised|"
    r"revising|lowered|updated|corrected|now stands|has reached|toll (?:is|was) now)\b",
    re.IGNORECASE,
)
_MODEL_RE = re.compile(r"\b[A-Z][A-Za-z]{0,4}-\d{1,4}[A-Za-z]{0,2}\b")
_PARAGRAPH_RE = re.compile(r"\n[ \t]*\n")


def _paragraph_start(text: str, start: int, *, not_before: int = 0) -> int:
    """Where the paragraph holding ``start`` begins, looking back no further than
    ``not_before`` (so reading every claim of a long paragraph stays linear)."""
    begin = not_before
    for m in _PARAGRAPH_RE.finditer(text, not_before, start):
        begin = m.end()
    return begin


@lru_cache(maxsize=8)
def _lead_models(text: str, title: str) -> frozenset[str]:
    """Aircraft models the headline and first paragraph name: worked out once per
    article, not once per claim."""
    paragraphs: list[str] = []
    begin = 0
    for m in _PARAGRAPH_RE.finditer(text):
        if text[begin : m.start()].strip():
            paragraphs.append(text[begin : m.start()])
            if len(paragraphs) == 2:
                break
        begin = m.end()
    else:
        if text[begin:].strip():
            paragraphs.append(text[begin:])
    paragraphs = paragraphs[:2]
    if len(paragraphs) == 2 and paragraphs[0].strip() != title.strip():
        paragraphs = paragraphs[:1]
    return frozenset(_models("\n".join([title, *paragraphs])))


def _models(text: str) -> set[str]:
    return {m.group().lower().replace("-", "") for m in _MODEL_RE.finditer(text)}


def _past(text: str, published_on: dt.date | None) -> bool:
    """Whether ``text`` dates what it says before the article's time."""
    if _PAST_RE.search(text):
        return True
    for m in _MONTH_RE.finditer(text):
        month = _MONTHS.index(m.group(1).lower()) + 1
        if published_on is not None and month != published_on.month:
            return True
    for m in _YEAR_RE.finditer(text):
        if published_on is not None and int(m.group(1)) != published_on.year:
            return True
    return False


@dataclass(frozen=True)
class Reading:
    """A casualty claim read in its article."""

    sentence: str
    context: str
    background: bool
    update: bool = False
    sentence_start: int = -1  # where ``sentence`` is in the text
    cumulative: bool = False  # a running total, by its wording (the extractor may miss it)


def read_in_article(
    text: str, start: int, end: int, *, title: str = "", published_on: dt.date | None = None
) -> Reading:
    """The claim's sentence, its context and whether it is about another incident.

    Background figures ("In July, an Mi-25 ... killing two pilots") are told
    by a date before the article's, a "last year", "another crash", or a
    model name the first paragraph does not mention; superseded ones by "had
    initially said" or "an earlier version of this article". An update is
    told by "rose to", "revised", "now stands at".
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    first, last = sentence_bounds(text, start, end) if text else (0, 0)
    # The sentence, and the paragraph before it, are read within the window a claim
    # stores: one "sentence" may be a whole file.
    s_start, s_end = sentence_window(text, first, last, start, end) if text else (0, 0)
    sentence = text[s_start:s_end]
    p_start = _paragraph_start(text, start, not_before=max(0, first - SENTENCE_WINDOW))
    before = text[p_start:first]
    previous = re.split(r"(?<=[.!?])\s+", before.strip())[-1] if before.strip() else ""
    context = f"{previous} {sentence}".strip()
    background = bool(
        _OTHER_INCIDENT_RE.search(sentence) or _SUPERSEDED_RE.search(sentence)
    ) or _past(sentence, published_on)
    if not background and not _NOW_RE.search(sentence):
        # An earlier sentence of the paragraph may set the scene: "In April, ... The
        # crash left both pilots dead."
        background = _past(before, published_on)
    if not background:
        lead_models = _lead_models(text, title)
        here = _models(sentence)
        background = bool(lead_models and here and not here & lead_models)
    update = bool(_UPDATE_RE.search(sentence))
    lead_in = text[max(s_start, start - 60) : start]
    cumulative = bool(
        (_TOTAL_BEFORE_RE.search(lead_in) or _TOTAL_AFTER_RE.match(text[end : end + 20]))
        and _SCOPE_RE.search(sentence)
    )
    return Reading(
        sentence=sentence,
        sentence_start=s_start,
        context=context,
        background=background,
        update=update,
        cumulative=cumulative,
    )


def casualty_details(text: str) -> dict[tuple[int, int], tuple[str, bool]]:
    """(start, end) -> (subject, cumulative) of each casualty figure the extractor finds."""
    return details_from(extract(text))


def details_from(candidates: Iterable[Candidate]) -> dict[tuple[int, int], tuple[str, bool]]:
    """``casualty_details`` of candidates already extracted."""
    return {(c.start, c.end): (c.subject, c.cumulative) for c in candidates if c.kind == "casualty"}


def details_for_span(
    details: dict[tuple[int, int], tuple[str, bool]], start: int, end: int
) -> tuple[str, bool] | None:
    """The extractor's subject and running-total flag for a claim's span: the
    same span, else the figure overlapping it most."""
    if (start, end) in details:
        return details[(start, end)]
    best, overlap = None, 0
    for (s, e), value in details.items():
        shared = min(e, end) - max(s, start)
        if shared > overlap:
            best, overlap = value, shared
    return best


_QUOTE_RE = re.compile(r"[\"“”«»]([^\"“”«»]{3,})[\"“”«»]")


def quoted(exact: str) -> str:
    """The words inside quotation marks in an attribution claim, or ""."""
    return " ".join(m.group(1).strip() for m in _QUOTE_RE.finditer(exact)).strip(" ,.")


# ------------------------------------------------------------------------------
# Who is counted
# ------------------------------------------------------------------------------
PEOPLE = "people"
_GENERIC = _words(
    "people person persons those individuals victims casualties others everyone "
    "all dead bodies lives aboard onboard survivors"
)
_QUALIFIERS = _words(
    "aboard on board onboard members member the of from all both including those who were"
)
_SYNONYMS = {
    "crewmen": "crew", "crewman": "crew", "crewmembers": "crew", "crewmember": "crew",
    "aircrew": "crew", "airmen": "crew", "airman": "crew", "co-pilot": "pilot",
    "copilot": "pilot", "co-pilots": "pilot", "servicemen": "soldier", "serviceman": "soldier",
    "servicemembers": "soldier", "troops": "soldier", "troop": "soldier",
    "personnel": "soldier", "military": "soldier", "policemen": "police",
    "policeman": "police", "policewomen": "police", "children": "child", "kids": "child",
    "women": "woman", "men": "man", "people": PEOPLE,
}  # fmt: skip
# Groups that contain others: a pilot is one of the crew, an officer a soldier.
_PARENT = {
    "pilot": "crew",
    "officer": "soldier",
    "conscript": "soldier",
    "border-guard": "soldier",  # reports of one attack call them either
}
# Groups nobody belongs to at once: officers flown as passengers are not crew.
_EXCLUSIVE = {
    frozenset(pair)
    for pair in [
        ("crew", "officer"),
        ("crew", "passenger"),
        ("civilian", "soldier"),
        ("civilian", "officer"),
        ("civilian", "police"),
    ]
}


def _singular(word: str) -> str:
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def label(words: str) -> str:
    """The group a phrase counts: "crew members aboard" -> "crew", "those on board" -> people."""
    tokens = [t for t in re.findall(r"[a-z][a-z-]*", words.lower()) if t not in _QUALIFIERS]
    if not tokens:
        return PEOPLE
    if "police" in tokens:
        return "police"
    head = tokens[-1]
    if head in ("guard", "guards") and len(tokens) > 1 and tokens[-2] == "border":
        return "border-guard"
    if head in _GENERIC:
        return PEOPLE
    if head in _SYNONYMS:
        return _SYNONYMS[head]
    # "crew members" lost "members" above; "Russian servicemen" keeps only its head.
    return _singular(head)


@lru_cache(maxsize=4096)  # an event's figures name the same few groups
def subject_labels(subject: str) -> tuple[str, ...]:
    groups = [g for g in re.split(r"\s*(?:,|&|\band\b)\s*", subject.lower()) if g.strip()]
    return tuple(dict.fromkeys(label(g) for g in groups))


def _lineage(name: str) -> list[str]:
    out = [name]
    while out[-1] in _PARENT:
        out.append(_PARENT[out[-1]])
    return out


@lru_cache(maxsize=4096)
def related(a: str, b: str) -> bool:
    """The same group, or one inside the other (pilots and crew)."""
    return a == b or a in _lineage(b) or b in _lineage(a)


def exclusive(a: str, b: str) -> bool:
    """Nobody is counted in both: crew and officers, civilians and soldiers."""
    return any(frozenset((x, y)) in _EXCLUSIVE for x in _lineage(a) for y in _lineage(b))


Range = tuple[int | None, int | None]


@dataclass(frozen=True)
class Breakdown:
    total: Range
    groups: dict[str, Range] = field(default_factory=dict)  # label -> how many
    generic: bool = False  # people in general: "5 aboard", "those on board"


def breakdown(f: Fact) -> Breakdown:
    total: Range = (f.count_min, f.count_max)
    if f.parts:
        groups: dict[str, list[int]] = {}
        for count, who in f.parts:
            groups.setdefault(label(who), []).append(count)
        ranges = {name: (sum(c), sum(c)) for name, c in groups.items()}
        if total == (None, None):
            s = sum(count for count, _ in f.parts)
            total = (s, s)
        if set(ranges) == {PEOPLE}:
            return Breakdown(total, {}, generic=True)
        ranges.pop(PEOPLE, None)
        return Breakdown(total, ranges)
    labels = [x for x in subject_labels(f.subject) if x != PEOPLE]
    if not labels:
        return Breakdown(total, {}, generic=True)
    if len(labels) == 1:
        return Breakdown(total, {labels[0]: total})
    return Breakdown(total, {x: (None, None) for x in labels})


def overlap(a: Range, b: Range) -> bool:
    """Whether two counts can both be right: unknown ends agree with anything."""
    (lo_a, hi_a), (lo_b, hi_b) = a, b
    if (lo_a is None and hi_a is None) or (lo_b is None and hi_b is None):
        return True
    return (hi_a is None or (lo_b or 0) <= hi_a) and (hi_b is None or (lo_a or 0) <= hi_b)


def _known(r: Range) -> bool:
    return r[0] is not None or r[1] is not None


def _more_than(part: Range, whole: Range) -> bool:
    """Whether a group surely outnumbers a total: "6 soldiers" of "5 people in all"."""
    return part[0] is not None and whole[1] is not None and part[0] > whole[1]


# ------------------------------------------------------------------------------
# Words
# ------------------------------------------------------------------------------
_STOP = _words(
    "a an the and or of in on at to for from by with as was were has have had been be is "
    "are that this its it their his her they he she said say says according after when "
    "which who while also but not"
)
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "both": "2",
}  # fmt: skip


@lru_cache(maxsize=8192)
def _content(text: str) -> tuple[str, int]:
    """The content words of ``text`` (number words as digits), joined, and their number.

    Cached: an event's refresh compares each passage with every other one.
    """
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower())
    kept = [_NUMBER_WORDS.get(w, w) for w in words if w not in _STOP]
    return " ".join(kept), len(kept)


def wording(a: str, b: str) -> float:
    """How alike two passages are, 0 to 100, ignoring word order and small words.

    Passages of fewer than three content words are compared as a whole:
    one shared word must not make them look alike.
    """
    (ca, na), (cb, nb) = _content(a), _content(b)
    if not na or not nb:
        return 0.0
    if min(na, nb) < 3:
        return fuzz.ratio(ca, cb)
    return fuzz.token_set_ratio(ca, cb)


@lru_cache(maxsize=4096)
def _name_words(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", name.lower()))


def same_speaker(a: Speaker, b: Speaker) -> bool:
    """Whether two names can be one speaker: "Peskov" and "Dmitry Peskov", a speaker and
    the agency relaying them, or someone speaking for their organization (see
    :func:`speaks_for`). Two people of one organization are two speakers."""
    if a.names & b.names:
        return True
    # A quote credited to AP in one article and to "Peskov via AP" in another.
    if a.name.lower() in b.relays or b.name.lower() in a.relays:
        return True
    ta, tb = _name_words(a.name), _name_words(b.name)
    if ta and tb and (ta <= tb or tb <= ta):
        return True
    return speaks_for(a, b) or speaks_for(b, a)


# Words of a role or an organization's name that say nothing about which organization.
_TITLE_WORDS = _words(
    "the of for and a an s spokesman spokeswoman spokesperson spokespeople press secretary "
    "official representative head chief deputy director commander colonel col general gen "
    "major lieutenant lt captain admiral rear vice senior top acting first adviser advisor "
    "aide mr ms mrs dr statement"
)
_SPELLINGS = {"defence": "defense", "minister": "ministry", "ministers": "ministry"}


@lru_cache(maxsize=4096)
def _org_words(text: str) -> frozenset[str]:
    """The words that name an organization: "the Ministry of Defence" and "Defence
    Minister" -> {defense, ministry}; "Kremlin spokesman" -> {kremlin}."""
    words = re.findall(r"[a-z]+", text.lower())
    return frozenset(_SPELLINGS.get(w, w) for w in words if w not in _TITLE_WORDS)


def speaks_for(person: Speaker, org: Speaker) -> bool:
    """Whether a person speaks for an organization another article credits instead:
    their affiliation, or a role that names it ("Defence Minister" for the Ministry of
    Defence, "ministry spokesman" for a ministry, "Kremlin spokesman" for the Kremlin).
    The Foreign Minister does not speak for the Defence Ministry."""
    if person.kind != "person" or org.kind not in ("organization", "media"):
        return False
    if person.affiliation & org.names:
        return True
    organization = frozenset().union(*(_org_words(n) for n in org.names | {org.name}))
    if not organization:
        return False
    for said in (person.role, *person.affiliation):
        words = _org_words(said)
        if words and (words <= organization or organization <= words):
            return True
    return False


# ------------------------------------------------------------------------------
# Matching
# ------------------------------------------------------------------------------
def match_score(a: Fact, b: Fact) -> float | None:
    """How surely two claims of different articles state the same thing, or None."""
    if a.article_id == b.article_id or a.kind != b.kind:
        return None
    return _scorer(a.kind)(a, b)


def _scorer(kind: str) -> Callable[[Fact, Fact], float | None]:
    """:func:`match_score` for two claims of this kind from different articles."""
    if kind == "casualty":
        return _casualty_match
    if kind == "attribution":
        return _attribution_match
    return _text_match


def _attribution_match(a: Fact, b: Fact) -> float | None:
    if a.speaker is None or b.speaker is None or a.speaker.generic or b.speaker.generic:
        return None
    if not same_speaker(a.speaker, b.speaker):
        return None
    if a.quote and b.quote:
        score = wording(a.quote, b.quote)
        return score if score >= QUOTE_MATCH else None
    if not a.quote and not b.quote:
        score = wording(a.sentence or a.exact, b.sentence or b.exact)
        return score if score >= TEXT_MATCH else None
    return None


def _text_match(a: Fact, b: Fact) -> float | None:
    if _content(a.exact)[1] < 4 or _content(b.exact)[1] < 4:
        return None
    score = wording(a.exact, b.exact)
    return score if score >= TEXT_MATCH else None


def _casualty_match(a: Fact, b: Fact) -> float | None:
    if a.category != b.category or a.cumulative != b.cumulative:
        return None
    if a.background or b.background:
        return None
    if a.category == "other" and not overlap(
        (a.count_min, a.count_max), (b.count_min, b.count_max)
    ):
        # "Four victims" and "a crew of six was rescued": who is counted is unknown,
        # so different numbers are most likely different people.
        return None
    ba, bb = a.breakdown, b.breakdown
    if a.among or b.among:
        # "Two officers were among those killed", "five more bodies" are not the death
        # toll: the same claim only as another count of the same group.
        if ba.generic or bb.generic or a.group_names != b.group_names:
            return None
        structure = 100.0
    elif ba.generic and bb.generic:
        structure = 100.0
    elif ba.generic or bb.generic:
        structure = 80.0
    elif a.group_names == b.group_names:
        structure = 100.0
    elif _any_related(a.group_names, b.group_names):
        structure = 80.0
    else:
        return None
    score = 0.5 * structure + 0.5 * wording(a.context or a.exact, b.context or b.exact)
    return round(score, 1) if score >= CASUALTY_MATCH else None


@lru_cache(maxsize=4096)  # an event's figures count the same few sets of groups
def _any_related(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(related(x, y) for x in a for y in b)


def _match_key(f: Fact) -> tuple | None:
    """What two facts must share for :func:`match_score` to score them at all, or None
    when ``f`` matches nothing: its cheap tests, once per fact instead of per pair."""
    if f.kind == "casualty":
        return None if f.background else (f.kind, f.category, f.cumulative)
    if f.kind == "attribution":
        return None if f.speaker is None or f.speaker.generic else (f.kind,)
    return None if _content(f.exact)[1] < 4 else (f.kind,)


def propose_matches(
    facts: list[Fact], *, only: Collection[int] | None = None
) -> dict[tuple[int, int], float]:
    """(lower id, higher id) -> score for every pair that states the same thing.

    With ``only``, just the pairs that involve one of those claims: an article
    joining a story of n claims is compared n times per claim, not n² times.
    """
    by_kind: dict[str, list[Fact]] = {}
    keys: dict[int, tuple] = {}
    for f in facts:
        key = _match_key(f)
        by_kind.setdefault(f.kind, [])
        if key is not None:
            keys[f.id] = key
            by_kind[f.kind].append(f)
    out = {}
    for group in by_kind.values():
        group = sorted(group, key=lambda f: f.id)
        # Each fact is paired only with those sharing its key, in the group's order.
        alike: dict[tuple, list[Fact]] = {}
        place: dict[int, int] = {}
        for f in group:
            same = alike.setdefault(keys[f.id], [])
            place[f.id] = len(same)
            same.append(f)
        if only is None:
            pairs = ((a, b) for a in group for b in alike[keys[a.id]][place[a.id] + 1 :])
        else:
            pairs = (
                (a, b) if a.id < b.id else (b, a)
                for a in group
                if a.id in only
                for b in alike[keys[a.id]]
                if b.id != a.id and (b.id not in only or a.id < b.id)
            )
        for a, b in pairs:
            if a.article_id == b.article_id:
                continue
            score = match_score(a, b)
            if score is not None:
                out[(a.id, b.id)] = score
    return _strongest(out)


def propose_matches_in_turn(
    present: list[Fact], arrivals: list[list[Fact]]
) -> dict[tuple[int, int], float]:
    """The pairs each arrival's facts make with the facts there before it, an arrival
    after another: ``propose_matches(present + arrivals[0] + … + arrivals[i],
    only=arrivals[i]'s ids)`` for each ``i``, merged, in that order. Each arrival is
    one article's facts. The facts are grouped by match key once, not once per arrival.
    """
    kinds: dict[str, None] = {}  # in the order they first come, as propose_matches meets them
    keys: dict[int, tuple] = {}
    alike: dict[tuple, list[Fact]] = {}  # by id

    def add(facts: list[Fact]) -> None:
        for f in facts:
            kinds.setdefault(f.kind)
            key = _match_key(f)
            if key is not None:
                keys[f.id] = key
                insort(alike.setdefault(key, []), f, key=_ID)

    add(present)
    out: dict[tuple[int, int], float] = {}
    for arriving in arrivals:
        add(arriving)
        keyed = sorted((f for f in arriving if f.id in keys), key=_ID)
        found = {}
        for kind in kinds:
            # Facts of one key are of one kind: each pair goes to the kind's scorer.
            score_pair = _scorer(kind)
            for a in keyed:
                if a.kind != kind:
                    continue
                for b in alike[keys[a.id]]:
                    if b.article_id == a.article_id:
                        continue
                    first, second = (a, b) if a.id < b.id else (b, a)
                    score = score_pair(first, second)
                    if score is not None:
                        found[(first.id, second.id)] = score
        out.update(_strongest(found))
    return out


_ID = attrgetter("id")


# Matches kept per claim, the best first: the same claim in a story's other reports
# is a handful; two files of thousands of look-alike figures would be a million pairs.
MAX_MATCHES_PER_CLAIM = 10


def _strongest(matches: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """The pairs among the MAX_MATCHES_PER_CLAIM best of either of their claims."""
    by_claim: dict[int, list[tuple[float, tuple[int, int]]]] = {}
    for pair, score in matches.items():
        by_claim.setdefault(pair[0], []).append((score, pair))
        by_claim.setdefault(pair[1], []).append((score, pair))
    if all(len(found) <= MAX_MATCHES_PER_CLAIM for found in by_claim.values()):
        return matches
    keep: set[tuple[int, int]] = set()
    for found in by_claim.values():
        keep.update(pair for _, pair in heapq.nlargest(MAX_MATCHES_PER_CLAIM, found))
    return {pair: score for pair, score in matches.items() if pair in keep}


# ------------------------------------------------------------------------------
# Describing figures
# ------------------------------------------------------------------------------
def count_text(r: Range) -> str:
    lo, hi = r
    if lo is None and hi is None:
        return "an unknown number of"
    if hi is None:
        return f"at least {lo}"
    if lo is None:
        return f"up to {hi}"
    return str(lo) if lo == hi else f"{lo}–{hi}"


VERBS = {
    "killed": "killed",
    "injured": "injured",
    "missing": "missing",
    "aboard": "on board",
    "other": "affected",
}


def _who(f: Fact, *, on_board: bool = True) -> str:
    """Who is counted, as the article says it: "crew members", "people on board"."""
    subject = re.sub(r"\s*\b(?:aboard|on board|onboard)\b", "", f.subject).strip()
    aboard = re.search(r"\b(?:aboard|on board|onboard)\b", f.subject)
    if on_board and aboard and f.category != "aboard":
        subject = f"{subject or 'people'} on board"
    return subject or "people"


def describe(f: Fact) -> str:
    """ "5 crew members were killed", "3 crew and 2 officers were killed"."""
    verb = VERBS.get(f.category, "counted")
    if f.parts:
        who = " and ".join(f"{count} {name}" for count, name in f.parts)
        return f"{who} were {verb}"
    total = (f.count_min, f.count_max)
    be = "was" if total == (1, 1) else "were"
    return f"{count_text(total)} {_who(f)} {be} {verb}"


def source_of(f: Fact) -> str:
    """ "RT", "RT, citing Kremlin": where a figure was published and on whose word."""
    if f.cited and f.source:
        return f"{f.source}, citing {f.cited}"
    return f.source or f.cited or "another article"


def _says(f: Fact, verb: str = "says") -> str:
    """ "RT says", "RT, citing Kremlin, says"."""
    source = source_of(f)
    return f"{source}, {verb}" if "," in source else f"{source} {verb}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _short(text: str, words: int = SHORT_QUOTE_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# ------------------------------------------------------------------------------
# Figures over time
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reported:
    """A figure as a claim page sets it against its matches: how many, when, in what words."""

    total: Range
    day: dt.date | None = None  # the article's date
    sentence: str = ""


# How a matched figure stands against the claim's own, for the reviewer's timeline.
TIMELINE = {
    "same": "Same figure",
    "within": "Consistent",
    "update": "Later update",
    "later": "Reported later",
    "earlier": "Earlier figure",
    "superseded": "Superseded figure",
    "differs": "Different figure",
    "undated": "Undated: order unknown",
}


def within(a: Range, b: Range) -> str:
    """How two counts that can both be right agree, in words: "16 is within “at least
    14”" (the narrower inside the wider), or "“10–15” and “12–20” overlap"."""
    width = {r: (r[1] if r[1] is not None else 10**12) - (r[0] or 0) for r in (a, b)}
    narrow, wide = (a, b) if width[a] <= width[b] else (b, a)
    lo, hi = wide
    inside = (lo is None or (narrow[0] or 0) >= lo) and (
        hi is None or (narrow[1] is not None and narrow[1] <= hi)
    )
    if inside:
        return f"{count_text(narrow)} is within “{count_text(wide)}”"
    return f"“{count_text(a)}” and “{count_text(b)}” overlap"


def timeline(this: Reported, other: Reported) -> str:
    """Where ``other`` stands in the story against ``this`` (a key of :data:`TIMELINE`),
    or "" when either count is unknown.

    A different figure told as a change ("the toll rose to 15") or published later is
    newer; one published earlier, or the same day when this one is the update, is
    older; one its own article says was replaced ("had initially said 10") is
    superseded. A higher figure published later is an update, never a contradiction.
    Counts that can both be right are the same figure only when they are equal
    ("16" and "at least 14" are consistent, see :func:`within`). When either report
    is undated and nothing says which is newer, the order is unknown: "undated".
    Only figures of the same day that differ are simply different.
    """
    if not (_known(this.total) and _known(other.total)):
        return ""
    if _SUPERSEDED_RE.search(other.sentence):
        return "superseded"
    if overlap(this.total, other.total):
        return "same" if this.total == other.total else "within"
    later = this.day is not None and other.day is not None and other.day > this.day
    earlier = this.day is not None and other.day is not None and other.day < this.day
    if _UPDATE_RE.search(other.sentence) and not earlier:
        return "update"
    if later:
        return "update" if _more_than(other.total, this.total) else "later"
    if earlier or _UPDATE_RE.search(this.sentence):
        return "earlier"
    if this.day is None or other.day is None:
        return "undated"
    return "differs"


# ------------------------------------------------------------------------------
# Flags
# ------------------------------------------------------------------------------
def _comparable(f: Fact) -> bool:
    return f.kind == "casualty" and f.counted and not f.cumulative and not f.background


# "five more bodies", "another 3 people": what was added to a toll, not the toll.
_INCREMENT_RE = re.compile(
    r"^\W*another\b|\b(?:more|additional|further)\b(?!\s+than\b)", re.IGNORECASE
)


# "17 of the injured", "four of them", "at least 19 of the dead", "one of the two
# missing": part of a group counted elsewhere. "All five of the crew", "both of them"
# count everyone.
# "Five members of the crew" is a count of the crew, not a part of one: only a
# number or a quantity word right before "of" makes a part.
_PARTITIVE_RE = re.compile(
    r"^\W*(?:(?:at\s+least|about|around|some|nearly|almost|more\s+than|up\s+to|as\s+many\s+as"
    r"|another)\s+)?(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|[a-z]+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+dozen|dozens"
    r"|hundreds|thousands|several|many|most|half|some)(?:-[a-z]+)?\s+of\s+"
    r"(?:the|them|those|these|whom|us)\b",
    re.IGNORECASE,
)


def _among(f: Fact) -> bool:
    """ "Two officers were among those killed", "including two officers", "five more
    bodies were recovered", "17 of the injured": a part of the dead, not the toll."""
    if _INCREMENT_RE.search(f.exact) or _PARTITIVE_RE.search(f.exact):
        return True
    index = f.sentence.find(f.exact)
    if index < 0:
        return False
    after = f.sentence[index + len(f.exact) :][:80]
    before = f.sentence[:index][-30:]
    return bool(
        _AMONG_RE.search(f.exact + after)
        or _INCLUDING_RE.search(before)
        # "Its driver, a man of 58, and a 71-year-old woman died": one of a list
        or (_ONE_RE.match(f.exact) and _AND_RE.search(before))
    )


# What _among reads around a figure (compiled once: it reads every figure of an event).
_AMONG_RE = re.compile(r"\bamong\b", re.IGNORECASE)
_INCLUDING_RE = re.compile(r"\b(?:including|among them|of whom|of them)\W*$", re.IGNORECASE)
_ONE_RE = re.compile(r"(?:a|an)\s", re.IGNORECASE)
_AND_RE = re.compile(r"\band\s*$", re.IGNORECASE)


def _single(b: Breakdown) -> str | None:
    """The one group a figure counts, when it counts one group only."""
    if b.generic or len(b.groups) != 1:
        return None
    return next(iter(b.groups))


# Words reports use loosely for everyone: "all 162 passengers" often counts the crew.
_LOOSE = frozenset({"passenger"})


def _compared(b: Breakdown) -> Breakdown:
    """A figure of one loosely named group is compared as a count of people."""
    if _single(b) in _LOOSE:
        return Breakdown(b.total, {}, generic=True)
    return b


def _mentions(f: Fact, groups: Iterable[str]) -> bool:
    """Whether the figure's sentence names one of ``groups`` itself: "killing all 162
    passengers and crew" counts the crew too, whatever span the extractor took."""
    words = {label(w) for w in re.findall(r"[a-z][a-z-]*", f.sentence.lower())}
    return bool(words & set(groups))


# What one figure says, and what the other says against it ("counts 2 officers among
# them"), for each side of a pair inside one article: (t's, p's).
Clauses = tuple[tuple[str, str], tuple[str, str]]


def _parts_total(t: Fact, p: Fact) -> Clauses | None:
    """What total ``t`` and figure ``p`` of one article say when they disagree: for each
    side, (what it says, what the other says against it)."""
    bt, bp = _compared(t.breakdown), _compared(p.breakdown)
    q_t, q_p = f"“{t.exact}”", f"“{p.exact}”"
    if bt.generic and _known(bt.total):
        if len(p.parts) >= 2:
            s = sum(count for count, _ in p.parts)
            if not overlap((s, s), bt.total):
                return (
                    (f"{q_t} says {describe(t)}", f"adds up to {s}: {describe(p)}"),
                    (f"{q_p} adds up to {s} ({describe(p)})", f"says {describe(t)}"),
                )
        elif not bp.generic and _more_than(bp.total, bt.total):
            return (
                (f"{q_t} says {describe(t)} in all", f"says {describe(p)}"),
                (f"{q_p} says {describe(p)}", f"says {describe(t)} in all"),
            )
        return None
    group = _single(bt)
    if group is None or not _known(bt.total):
        return None
    all_of = f"all {count_text(bt.total)} were {_who(t, on_board=False)}"
    if len(p.parts) >= 2:
        others = [label(who) for _, who in p.parts if exclusive(group, label(who))]
        if others and overlap(bp.total, bt.total) and not _mentions(t, others):
            return (
                (f"{q_t} says {all_of}", f"says {describe(p)}"),
                (f"{q_p} says {describe(p)}", f"says {all_of}"),
            )
        return None
    other = _single(bp)
    if other is not None and exclusive(group, other) and _among(p):
        lo_p, hi_t = bp.total[0], bt.total[1]
        if lo_p is None or hi_t is None or lo_p <= hi_t:
            among = f"{count_text(bp.total)} {_who(p, on_board=False)}"
            return (
                (f"{q_t} says {all_of}", f"counts {among} among them"),
                (f"{q_p} counts {among} among them", f"says {all_of}"),
            )
    return None


def _days_apart(a: Fact, b: Fact) -> tuple[Fact, Fact, int]:
    """(earlier, later, days between them); undated articles count as the same day."""
    if a.published_on is None or b.published_on is None:
        return a, b, 0
    if b.published_on < a.published_on:
        a, b = b, a
    return a, b, (b.published_on - a.published_on).days


def _differ(earlier: Range, later: Range, days: int) -> bool:
    """Whether two counts of the same people disagree.

    On one day they must agree. Days apart, a toll rises as the missing are
    found dead: only a later count below the earlier one disagrees.
    """
    return not overlap(earlier, later) if days == 0 else _more_than(earlier, later)


# Counts that go down as well as up from one day to the next: the injured die or
# go home, the missing are found.
_CHANGING = frozenset({"injured", "missing", "aboard"})


def _credited_apart(a: Fact, b: Fact) -> bool:
    """Whether an article credits two of its figures to different sources: "13,
    the hospital says" and "the army put the toll at 10"; or one to a source and
    the other to nobody. ("The army" and "army spokesman Tomas Brenner" may be one.)"""
    if not a.cited and not b.cited:
        return False
    return not (_cited_words(a.cited) & _cited_words(b.cited))


@lru_cache(maxsize=4096)
def _cited_words(cited: str) -> frozenset[str]:
    """The words of a source's name, worked out once: figures are compared in pairs."""
    return frozenset(re.findall(r"\w+", cited.lower())) - _STOP


def _conflict(a: Fact, b: Fact) -> bool:
    """Whether two matched figures from different articles cannot both be right."""
    if a.category != b.category or a.category == "other" or a.update or b.update:
        # "Other" counts nobody knows what: never a conflict.
        return False
    first, second, days = _days_apart(a, b)
    if days and a.category in _CHANGING:
        return False
    ba, bb = _compared(first.breakdown), _compared(second.breakdown)
    if (not _known(ba.total) and not ba.groups) or (not _known(bb.total) and not bb.groups):
        return False
    if ba.generic and bb.generic:
        return _differ(ba.total, bb.total, days)
    if ba.generic or bb.generic:
        if days and ba.generic:
            # Fewer people in all first, more of one group later: the toll rose.
            return False
        people, group = (ba, bb) if ba.generic else (bb, ba)
        return _more_than(group.total, people.total)
    for name in set(ba.groups) & set(bb.groups):
        x, y = ba.groups[name], bb.groups[name]
        if _known(x) and _known(y) and _differ(x, y, days):
            return True
    for one, many, f_one, f_many in ((ba, bb, first, second), (bb, ba, second, first)):
        group = _single(one)
        if group is None or len(f_many.parts) < 2 or not overlap(one.total, many.total):
            continue
        others = [name for name in many.groups if exclusive(group, name)]
        if others and not _mentions(f_one, others):
            return True
    return False


def _sources_disagree(a: Fact, b: Fact) -> bool:
    """Whether two tolls of one article, credited to different sources, cannot both be
    right: the same people counted, neither told as a change, counts apart."""
    if a.update or b.update:
        return False
    ba, bb = _compared(a.breakdown), _compared(b.breakdown)
    if not (_known(ba.total) and _known(bb.total)):
        return False
    if ba.generic != bb.generic or (not ba.generic and _single(ba) != _single(bb)):
        return False
    return not overlap(ba.total, bb.total)


def giver(f: Fact) -> str:
    """Who gives a figure: the source the article cites, or the outlet itself."""
    if f.cited:
        return f.cited
    return f"{f.source} itself" if f.source else "the article itself"


@dataclass(frozen=True)
class _Pair:
    """One claim against one other: the flags are made from these, one per claim and kind."""

    claim: Fact
    other: Fact
    kind: str
    own: str = ""  # parts vs total: what the claim says ("“five crew” says all 5 were crew")
    against: str = ""  # and what the other says against it ("counts 2 officers among them")


def find_flags(facts: Iterable[Fact], linked: Iterable[tuple[int, int]]) -> list[FlagDraft]:
    """Every flag of an event's claims; ``linked`` are the matched pairs (not broken).

    One flag per claim and kind of problem, naming every claim it disagrees with:
    a contested figure gets one flag that sums up the other side, not one per report.
    """
    facts = list(facts)
    by_id = {f.id: f for f in facts}
    pairs: list[_Pair] = []

    # Parts vs total, inside each article.
    by_article: dict[int, list[Fact]] = {}
    for f in facts:
        if _comparable(f):
            by_article.setdefault(f.article_id, []).append(f)
    for group in by_article.values():
        group.sort(key=lambda f: f.id)
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.category != b.category:
                    continue
                totals = not (a.parts or b.parts or a.among or b.among)
                if totals and _credited_apart(a, b):
                    # Two tolls from two sources: the article reports their disagreement,
                    # which is still worth a flag that names both sources.
                    if _sources_disagree(a, b):
                        pairs.append(_Pair(a, b, "claimants_differ"))
                        pairs.append(_Pair(b, a, "claimants_differ"))
                    continue
                for t, p in ((a, b), (b, a)):
                    clauses = _parts_total(t, p)
                    if clauses:
                        (t_own, against_p), (p_own, against_t) = clauses
                        pairs.append(_Pair(t, p, "parts_total", t_own, against_p))
                        pairs.append(_Pair(p, t, "parts_total", p_own, against_t))
                        break

    # Across articles, between matched figures.
    for pair in sorted({tuple(sorted(p)) for p in linked}):
        a, b = by_id.get(pair[0]), by_id.get(pair[1])
        if a is None or b is None or a.article_id == b.article_id:
            continue
        if not (_comparable(a) and _comparable(b)) or not _conflict(a, b):
            continue
        pairs.append(_Pair(a, b, "cross_article"))
        pairs.append(_Pair(b, a, "cross_article"))

    # The same words attributed to different people.
    quotes = [
        f
        for f in facts
        if f.kind == "attribution"
        and f.speaker is not None
        and not f.speaker.generic
        and len(f.quote.split()) >= MIN_QUOTE_WORDS
    ]
    quotes.sort(key=lambda f: f.id)
    for i, a in enumerate(quotes):
        for b in quotes[i + 1 :]:
            if a.article_id == b.article_id or same_speaker(a.speaker, b.speaker):
                continue
            if wording(a.quote, b.quote) < QUOTE_CONFLICT:
                continue
            pairs.append(_Pair(a, b, "attribution_conflict"))
            pairs.append(_Pair(b, a, "attribution_conflict"))

    grouped: dict[tuple[int, str], list[_Pair]] = {}
    seen: set[tuple[int, str, int]] = set()
    for p in pairs:
        grouped.setdefault((p.claim.id, p.kind), [])
        if (p.claim.id, p.kind, p.other.id) not in seen:
            seen.add((p.claim.id, p.kind, p.other.id))
            grouped[(p.claim.id, p.kind)].append(p)
    write = {
        "claimants_differ": _claimants_flag,
        "parts_total": _parts_total_flag,
        "cross_article": _cross_article_flag,
        "attribution_conflict": _attribution_flag,
    }
    return [write[kind](group) for (_, kind), group in sorted(grouped.items())]


def _joined(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _articles(n: int) -> str:
    return f"{n} other article{'s' if n != 1 else ''}"


MAX_SOURCES = 4  # sources named for one figure in a flag; the claim page links them all


def _parts_total_flag(pairs: list[_Pair]) -> FlagDraft:
    """ "“five crew” says all 5 were crew, but the same article counts 2 officers among
    them (“Two officers”)."; several figures against it are named one after the other."""
    pairs = sorted(pairs, key=lambda p: p.other.id)
    against: dict[str, list[str]] = {}
    for p in pairs:
        against.setdefault(p.against, []).append(f"“{p.other.exact}”")
    told = [f"{text} ({', '.join(quotes)})" for text, quotes in against.items()]
    verb = told[0].split(" ", 1)[0]
    if len(told) > 1 and all(t.startswith(verb + " ") for t in told):
        # "says all 5 were crew (…) and all 5 were crew members (…)": the verb once.
        told = [told[0], *(t.removeprefix(verb + " ") for t in told[1:])]
    message = f"{pairs[0].own}, but the same article {_joined(told)}."
    return FlagDraft(pairs[0].claim.id, "parts_total", tuple(p.other.id for p in pairs), message)


def _claimants_flag(pairs: list[_Pair]) -> FlagDraft:
    """ "RT gives figures from sources that disagree: Defense Ministry says 5 people were
    killed (“…”); local officials say 4 people were killed (“…”)." """
    x = pairs[0].claim
    ys = sorted((p.other for p in pairs), key=lambda f: f.id)
    told = "; ".join(f"{giver(y)} says {describe(y)} (“{y.exact}”)" for y in ys)
    message = (
        f"{x.source or 'The article'} gives figures from sources that disagree: "
        f"{giver(x)} says {describe(x)} (“{x.exact}”); {told}."
    )
    return FlagDraft(x.id, "claimants_differ", tuple(y.id for y in ys), message)


def _figure(x: Fact, y: Fact) -> tuple[tuple, str]:
    """What ``y`` says as set against ``x``, and a key that is equal for figures saying
    the same: against a count of people, only totals matter ("5 were killed");
    against a count of crew, who was counted too ("3 crew and 2 officers were killed")."""
    bx, by = _compared(x.breakdown), _compared(y.breakdown)
    if bx.generic:
        be = "was" if by.total == (1, 1) else "were"
        return (
            "total",
            by.total,
        ), f"{count_text(by.total)} {be} {VERBS.get(y.category, 'counted')}"
    key = ("breakdown", by.total, by.generic, tuple(sorted(by.groups.items(), key=str)))
    if not y.parts and _single(by) is not None and _single(by) == _single(bx):
        # "10 servicemen" and "10 soldiers" against "13 soldiers": in the claim's words.
        be = "was" if by.total == (1, 1) else "were"
        verb = VERBS.get(y.category, "counted")
        return key, f"{count_text(by.total)} {_who(x)} {be} {verb}"
    return key, describe(y)


def _cross_article_flag(pairs: list[_Pair]) -> FlagDraft:
    """ "“five crew members” (RT) says 5 crew members were killed; 3 other articles say
    3 crew and 2 officers were killed (TASS; Reuters, citing Kremlin; AP)."

    The other side is summed up by figure, the figure most articles give first; with
    one other claim, its own words are quoted.
    """
    x = pairs[0].claim
    ys = [p.other for p in pairs]
    days = {x.published_on, *(y.published_on for y in ys)}
    dated = any(y.published_on != x.published_on for y in ys) and None not in days
    # Some reports dated, some not: the undated ones say so rather than being ordered.
    mixed = None in days and len(days) > 1

    def when(f: Fact) -> str:
        if dated:
            return f", {_day(f.published_on)}"
        return ", undated" if mixed and f.published_on is None else ""

    figures: dict[tuple, tuple[str, dict[int, Fact]]] = {}
    for y in sorted(ys, key=lambda f: (f.published_on or dt.date.min, f.article_id, f.id)):
        key, text = _figure(x, y)
        figures.setdefault(key, (text, {}))[1].setdefault(y.article_id, y)
    ranked = sorted(figures.values(), key=lambda fig: -len(fig[1]))
    articles = {y.article_id for y in ys}
    x_source = source_of(x) + when(x)
    own = f"“{x.exact}” ({x_source}) says {describe(x)}"
    if len(articles) == 1:
        y = ranked[0][1][next(iter(ranked[0][1]))]
        says = _says(y, f"said on {_day(y.published_on)} that") if dated else _says(y)
        told = "; ".join(
            f"{describe(first)} (“{first.exact}”)"
            for _, by_article in ranked
            for first in by_article.values()
        )
        message = f"{own}; {says} {told}."
    else:
        told = []
        for text, by_article in ranked:
            sources = [source_of(y) + when(y) for y in by_article.values()]
            if len(sources) > MAX_SOURCES:
                sources = [*sources[:MAX_SOURCES], f"{len(sources) - MAX_SOURCES} more"]
            told.append(f"{text} ({'; '.join(sources)})")
        if len(told) == 1:
            message = f"{own}; {_articles(len(articles))} say {told[0]}."
        else:
            message = f"{own}; {_articles(len(articles))} say otherwise: {'; '.join(told)}."
    if None in days:
        reports = {f.article_id: f.published_on for f in (x, *ys)}
        undated, total = sum(day is None for day in reports.values()), len(reports)
        if undated == total:
            which = "Both reports are" if total == 2 else "The reports are"
        else:
            which = "One report is" if undated == 1 else f"{undated} reports are"
        message += f" {which} undated, so which came first is unknown."
    # The most telling first: the figure most articles give, then by date.
    order = [y.id for _, by_article in ranked for y in by_article.values()]
    order += [y.id for y in sorted(ys, key=lambda f: f.id) if y.id not in order]
    return FlagDraft(x.id, "cross_article", tuple(order), message)


def _attribution_flag(pairs: list[_Pair]) -> FlagDraft:
    """ "RT attributes “…” to Dmitry Peskov; Levant Observer and TASS attribute the same
    words to Maria Zakharova." """
    x = pairs[0].claim
    by_speaker: dict[str, list[Fact]] = {}
    for p in sorted(pairs, key=lambda p: p.other.id):
        by_speaker.setdefault(p.other.speaker.name, []).append(p.other)
    ranked = sorted(by_speaker.items(), key=lambda item: -len(item[1]))
    told = []
    for name, ys in ranked:
        sources = list(dict.fromkeys(y.source or "another article" for y in ys))
        verb = "attributes" if len(sources) == 1 else "attribute"
        told.append(f"{_joined(sources)} {verb} the same words to {name}")
    message = (
        f"{_says(x, 'attributes')} “{_short(x.quote)}” to {x.speaker.name}; {'; '.join(told)}."
    )
    others = tuple(y.id for _, ys in ranked for y in ys)
    return FlagDraft(x.id, "attribution_conflict", others, message)
