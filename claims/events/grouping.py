"""Which articles report the same happening: fingerprints and their similarity.

Pure Python (no Django), so the rules are fast to test. An article's
*fingerprint* is a weighted bag of its distinctive tokens:

* model names ("Mi-8", "Su-24M", "F-16", "MH17") weigh most: they rarely
  appear in two different stories of the same days;
* capitalised names and places ("Idlib", "Aleppo", "Peskov"), except words
  that start sentences or name institutions in general ("Ministry");
* what happened ("helicopter", "shot", "earthquake"), taken from the title
  and the first paragraph, plus a short list of words that name a kind of
  happening wherever they appear;
* numbers, digits and words alike ("five" and "5" are one token), weighing
  little: they help only together with the rest.

Tokens of the title and the first paragraph count double: that is where a
report says what it is about, while later paragraphs often recall older
stories ("In July, an Mi-25 was shot down near Palmyra").

The outlet's own name is left out (datelines, "told the Courier", "ESNA
said"), but not the place a local paper is named after: "The Veldan Courier"
still tells of Veldan.

Two articles are compared with the cosine of their fingerprints; an article
joins the event holding its most similar article when that similarity is
above :data:`JOIN_THRESHOLD` and they were published within
:data:`WINDOW_DAYS` of each other. An article without a date must be more
similar (:data:`UNDATED_THRESHOLD`).

Two stories from the same town and days share nearly every name ("a police
checkpoint near Veldan was attacked on Thursday, two days after the convoy
ambush"). What tells them apart is *when* each says it happened: the days
the headline and first paragraph name ("on Tuesday", "Tuesday's ambush",
"March 14", "yesterday"), read against the publication date. When both
articles name days and none is the same, the similarity counts for half
(:data:`DAY_MISMATCH_FACTOR`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

# Bump when fingerprints change: cached ones are then made again.
VERSION = "4"
WINDOW_DAYS = 3
JOIN_THRESHOLD = 0.45
UNDATED_THRESHOLD = 0.6
DAY_MISMATCH_FACTOR = 0.5
# Only the heaviest tokens take part: long articles would otherwise match
# anything through their background paragraphs.
TOP_TOKENS = 60

MODEL_WEIGHT = 2.0
NAME_WEIGHT = 1.0
WEAK_NAME_WEIGHT = 0.3
HAPPENING_WEIGHT = 1.5
WORD_WEIGHT = 0.7
NUMBER_WEIGHT = 0.5
LEAD_BOOST = 2.0


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTH_ORDER = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_MONTHS = frozenset(_MONTH_ORDER)
_WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
_STOP = (
    _words(
        "a an the and or but if of in on at to for from by with without as into onto over "
        "under after before since during while when where which who whom whose what why how "
        "is are was were be been being has have had do does did will would can could may "
        "might must shall should it its it's he she they we i you him her them us me his hers "
        "their our your this that these those there here then than so not no nor also just "
        "only very more most less least some any all each both few many much several other "
        "another such same own about above below up down out off again further once said says "
        "say told tell according reported report reports news mr mrs ms dr per via amid among "
        "against between through across around near toward towards upon within onto yet still "
        "however meanwhile later earlier today yesterday tonight tomorrow last next new first "
        "second third one ones read more"
    )
    | _MONTHS
    | _WEEKDAYS
)
# Capitalised words that name institutions or roles in general: they say little
# about which story an article tells.
_WEAK_NAMES = _words(
    "ministry ministries defense defence foreign interior office department agency center "
    "centre council committee government army forces force air navy military president "
    "prime minister spokesman spokeswoman spokesperson official officials general state "
    "national international news press service services police union group observatory "
    "human rights republic federation kingdom united nations un eu"
)
_DEMONYMS = _words("american afghan french dutch greek thai swiss british kurd kurdish arab")
# Words that name a kind of happening: counted wherever they appear.
# Words that name a kind of happening, counted wherever they appear; words for
# the same kind meet in one token ("blast", "explosion" and "bombing" are one).
_HAPPENING_KINDS = {
    "helicopter": "helicopter helicopters chopper choppers",
    "plane": "plane planes jet jets aircraft airliner airliners airplane warplane warplanes",
    "drone": "drone drones",
    "crash": "crash crashed crashes",
    "shootdown": "shot shootdown downed downing",
    "quake": "earthquake earthquakes quake quakes tremor tremors aftershock aftershocks",
    "tsunami": "tsunami",
    "flood": "flood floods flooding flooded",
    "landslide": "landslide landslides mudslide mudslides avalanche",
    "storm": "hurricane typhoon cyclone storm storms tornado",
    "fire": "wildfire wildfires fire fires blaze",
    "blast": (
        "explosion explosions blast blasts bombing bombings bomb bombs bomber bombers "
        "exploded explosive explosives detonated"
    ),
    "airstrike": "airstrike airstrikes strike strikes raid raids shelling",
    "shooting": "shooting shootings gunman gunmen gunfire",
    "attack": "attack attacks attacked",
    "stampede": "stampede",
    "collapse": "collapse collapsed",
    "derailment": "derailment derailed",
    "train": "train trains",
    "bus": "bus buses",
    "ship": "ferry boat ship sank sinking capsized",
    "mine": "mine",
    "eruption": "eruption volcano",
    "outbreak": "outbreak",
    "hostage": "hostage hostages kidnapping kidnapped siege",
    "ambush": "ambush ambushed convoy",
}
_HAPPENINGS = {word: kind for kind, words in _HAPPENING_KINDS.items() for word in words.split()}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "both": 2,
}  # fmt: skip

# Words of newspaper and broadcaster names that say nothing about a story: left
# out when they are part of the outlet's name ("Courier" of "The Veldan Courier"),
# while the outlet's other words ("Veldan") still count where they appear alone.
_MASTHEAD = _words(
    "the of and for news press agency service wire courier post times herald gazette "
    "tribune journal daily weekly observer guardian telegraph chronicle express mail star "
    "mirror record standard independent examiner inquirer dispatch ledger bulletin review "
    "monitor broadcasting broadcaster broadcast television tv radio network channel media "
    "online today international world global public state national evening morning sunday "
    "island islands"
)
_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTH_NUMBER = {name.capitalize(): n for n, name in enumerate(_MONTH_ORDER, start=1)}
_WHEN_RE = re.compile(
    r"\b(?P<weekday>" + "|".join(_WEEKDAY_NAMES) + r")\b"
    r"|\b(?P<month>" + "|".join(_MONTH_NUMBER) + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
    r"|\b(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>" + "|".join(_MONTH_NUMBER) + r")\b"
    r"|\b(?P<yesterday>[Yy]esterday)\b"
    r"|\b(?P<today>[Tt]oday|[Tt]onight|[Tt]his (?:morning|afternoon|evening))\b"
)
_TOKEN_RE = re.compile(r"[^\W_][\w'’-]*[^\W_]|[^\W_]", re.UNICODE)
_MODEL_RE = re.compile(r"^(?=[A-Za-z-]*\d)(?=\d*[A-Za-z])[A-Z][A-Za-z]{0,4}-?\d{1,4}[A-Za-z]{0,2}$")
_NUMBER_RE = re.compile(r"^\d{1,3}(?:,\d{3})*$|^\d+$")
_PARAGRAPH_RE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Fingerprint:
    """The distinctive tokens of one article, with their weights; ``names`` are
    the tokens that name a particular place, person or thing."""

    weights: dict[str, float]
    names: frozenset[str] = frozenset()
    # The days the headline and first paragraph say it happened, relative to the
    # publication date: "w1+0" (a Tuesday; "w1+1" the night after it), "m3-14"
    # (March 14), "r-1" (yesterday).
    when: frozenset[str] = frozenset()

    @cached_property
    def norm(self) -> float:
        return math.sqrt(sum(w * w for w in self.weights.values()))

    def top(self, n: int = 10) -> list[str]:
        """The heaviest tokens, for explanations and debugging."""
        return [t for t, _ in sorted(self.weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _bare(token: str) -> str:
    token = token.replace("’", "'")
    if token.lower().endswith("'s"):
        token = token[:-2]
    return token.strip("'-")


def _stem(word: str) -> str:
    """A crude stem so "helicopters" and "helicopter" meet; never shorter than 4."""
    for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _number(low: str) -> str | None:
    if low in _NUMBER_WORDS:
        return f"#{_NUMBER_WORDS[low]}"
    if _NUMBER_RE.match(low):
        value = int(low.replace(",", ""))
        # Years and other long numbers say when, not how many.
        if 1900 <= value <= 2100 or value > 100_000:
            return None
        return f"#{value}"
    return None


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` opens a sentence (its capital proves nothing)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"“‘'([«—–-":
        i -= 1
    if i < 0 or text[i] == "\n":
        return True
    while i >= 0 and text[i] in "\"”’')]»":
        i -= 1
    return i >= 0 and text[i] in ".!?:"


def _is_demonym(token: str) -> bool:
    """ "Russian", "Syrian", "Turkish": shared by every story from a country."""
    return token.endswith(("ian", "ese", "ish", "ean", "ani", "aqi", "eli", "udi")) or (
        token in _DEMONYMS
    )


def _tokens(
    text: str, *, title: bool = False, skip: frozenset[str] = frozenset()
) -> Iterable[tuple[str, float]]:
    """(token, weight) for each distinctive token occurrence in ``text``; words in
    ``skip`` (lowercase) are left out."""
    kinds = _WORD_KINDS
    for match in _TOKEN_RE.finditer(text):
        word = match.group()
        kind = kinds.get(word)
        if kind is None:
            kind = _word_kind(word)
        if kind is _NOTHING:
            continue
        if len(kind) == 2:
            yield kind  # a model, a number or a happening: the same wherever it stands
            continue
        low, token, capital, weak = kind
        if low in skip:
            continue
        if title:
            # Titles are often in Title Case: their capitals prove nothing.
            yield token, WORD_WEIGHT
        elif capital and not _starts_sentence(text, match.start()):
            yield token, WEAK_NAME_WEIGHT if weak else NAME_WEIGHT
        else:
            yield token, 0.0


# What each word the token pattern finds is, worked out once per process: every
# import fingerprints hundreds of articles telling the same stories in the same words.
_NOTHING: tuple = ()
_WORD_KINDS: dict[str, tuple] = {}


def _word_kind(word: str) -> tuple:
    """How :func:`_tokens` reads ``word`` wherever it stands: nothing; (token, weight)
    for a model, a number or a happening; or (lowercase, stem, capitalised, weak name)
    for a plain word, whose weight depends on the text around it."""
    raw = _bare(word)
    low = raw.lower()
    if not raw:
        kind = _NOTHING
    elif _MODEL_RE.match(raw):
        kind = ("m:" + low.replace("-", ""), MODEL_WEIGHT)
    elif (number := _number(low)) is not None:
        kind = (number, NUMBER_WEIGHT)
    elif low in _STOP or len(low) < 3 or not low[0].isalpha():
        kind = _NOTHING
    elif low in _HAPPENINGS:
        kind = (_HAPPENINGS[low], HAPPENING_WEIGHT)
    else:
        token = _stem(low)
        kind = (low, token, raw[0].isupper(), low in _WEAK_NAMES or _is_demonym(token))
    if len(_WORD_KINDS) > 200_000:
        _WORD_KINDS.clear()
    _WORD_KINDS[word] = kind
    return kind


def _body(title: str, text: str) -> list[str]:
    """The paragraphs of the text, without the headline when the text repeats it."""
    paragraphs = [p for p in _PARAGRAPH_RE.split(text or "") if p.strip()]
    if paragraphs and title and paragraphs[0].strip() == title.strip():
        paragraphs = paragraphs[1:]
    return paragraphs


def _outlet_names(outlet: str) -> list[str]:
    """How an article may name its own outlet: "The Veldan Courier", "Veldan
    Courier", and the initials of a name of several words ("ESNA")."""
    name = " ".join(outlet.split())
    if not name:
        return []
    names = [name]
    if name.lower().startswith("the "):
        names.append(name[4:])
    words = [w for w in _TOKEN_RE.findall(name) if w.lower() not in {"the", "of", "and", "for"}]
    if len(words) >= 2:
        names.append("".join(w[0] for w in words).upper())
    return names


def _without_outlet(text: str, outlet: str) -> str:
    """The text with the outlet's own names blanked out (same length: positions hold)."""
    for name in _outlet_names(outlet):
        flags = 0 if name.isupper() else re.IGNORECASE
        pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", flags)
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


_LATE_RE = re.compile(r"\b(?:late|overnight)\W+(?:on\W+)?$", re.IGNORECASE)
_EARLY_RE = re.compile(r"\b(?:early)\W+(?:on\W+)?$", re.IGNORECASE)
_NIGHT_RE = re.compile(r"^(?:['’]s)?\s+(?:night|overnight)\b", re.IGNORECASE)


def _when(text: str) -> set[str]:
    out = set()
    for m in _WHEN_RE.finditer(text):
        if m.group("weekday"):
            weekday = _WEEKDAY_NAMES.index(m.group("weekday"))
            out.add(f"w{weekday}+0")
            # Around midnight one outlet's "late on Monday" is another's "early Tuesday".
            before, after = text[max(0, m.start() - 16) : m.start()], text[m.end() : m.end() + 12]
            if _LATE_RE.search(before) or _NIGHT_RE.match(after):
                out.add(f"w{weekday}+1")
            elif _EARLY_RE.search(before):
                out.add(f"w{weekday}-1")
        elif m.group("month") or m.group("month2"):
            month = _MONTH_NUMBER[m.group("month") or m.group("month2")]
            day = int(m.group("day") or m.group("day2"))
            if 1 <= day <= 31:
                out.add(f"m{month}-{day}")
        elif m.group("yesterday"):
            out.add("r-1")
        else:
            out.add("r0")
    return out


def happening_days(fp: Fingerprint, published_on: dt.date | None) -> frozenset[dt.date]:
    """The dates the article's lead names, read against its publication date: a
    weekday is the last such day on or before it, "March 14" is in its year."""
    return _happening_days(fp.when, published_on)


@lru_cache(maxsize=4096)
def _happening_days(when: frozenset[str], published_on: dt.date | None) -> frozenset[dt.date]:
    """:func:`happening_days` by what it reads: a proposal reads the days of every
    article it compares with, and the next proposal of an import the same ones."""
    if published_on is None:
        return frozenset()
    days = set()
    for ref in when:
        if ref[0] == "w":
            weekday, shift = int(ref[1]), int(ref[2:])
            day = published_on - dt.timedelta(days=(published_on.weekday() - weekday) % 7)
            days.add(day + dt.timedelta(days=shift))
        elif ref[0] == "r":
            days.add(published_on + dt.timedelta(days=int(ref[1:])))
        else:
            month, day = (int(x) for x in ref[1:].split("-"))
            for year in (published_on.year, published_on.year - 1):
                try:
                    date = dt.date(year, month, day)
                except ValueError:
                    break
                if date <= published_on + dt.timedelta(days=WINDOW_DAYS):
                    days.add(date)
                    break
    return frozenset(days)


def fingerprint(title: str, text: str, *, outlet: str = "") -> Fingerprint:
    """The fingerprint of an article (its title and canonical text).

    The outlet's own name is left out: it appears in datelines ("MOSCOW
    (Northern Wire) —", "ORSK (ESNA) —") and says nothing about the happening.
    """
    title, text = _without_outlet(title or "", outlet), _without_outlet(text or "", outlet)
    skip = frozenset(w.lower() for w in _TOKEN_RE.findall(outlet or "") if w.lower() in _MASTHEAD)
    paragraphs = _body(title, text)
    lead = paragraphs[0] if paragraphs else ""
    rest = "\n\n".join(paragraphs[1:])
    counts: Counter[str] = Counter()
    weight_of: dict[str, float] = {}
    boosted: set[str] = set()
    parts = ((title or "", True, True), (lead, True, False), (rest, False, False))
    for part, is_lead, is_title in parts:
        for token, weight in _tokens(part, title=is_title, skip=skip):
            counts[token] += 1
            if is_lead and not weight:
                # A plain word of the title or the first paragraph says what happened.
                weight = WORD_WEIGHT
            weight_of[token] = max(weight_of.get(token, 0.0), weight)
            if is_lead:
                boosted.add(token)
    weights = {
        token: weight_of[token]
        * (LEAD_BOOST if token in boosted else 1.0)
        * (1.0 + 0.5 * math.log(counts[token]))
        for token in counts
        if weight_of[token]
    }
    top = dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TOKENS])
    names = frozenset(t for t in top if weight_of[t] == NAME_WEIGHT)
    return Fingerprint(top, names, frozenset(_when(f"{title}\n{lead}")))


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Cosine similarity of two fingerprints, 0 (nothing shared) to 1.

    Two reports of one happening name at least one common place, person or
    thing: without one the similarity is 0, however alike the words ("a
    helicopter crashed, killing all on board" happens in many places).
    """
    if not a.names & b.names:
        return 0.0
    if len(a.weights) > len(b.weights):
        a, b = b, a
    dot = sum(w * b.weights[t] for t, w in a.weights.items() if t in b.weights)
    if not dot:
        return 0.0
    return dot / (a.norm * b.norm)


def shared(a: Fingerprint, b: Fingerprint, n: int = 8) -> list[str]:
    """The tokens that weigh most in both, readable ("mi8", "idlib", "#5")."""
    common = sorted(
        (t for t in a.weights if t in b.weights),
        key=lambda t: (-(a.weights[t] * b.weights[t]), t),
    )
    return [t.removeprefix("m:") for t in common[:n]]


def within_window(a: dt.date | None, b: dt.date | None, *, days: int = WINDOW_DAYS) -> bool:
    """Whether two publication dates are close enough; unknown dates always are
    (the caller asks for a higher similarity instead)."""
    if a is None or b is None:
        return True
    return abs((a - b).days) <= days


def threshold(a: dt.date | None, b: dt.date | None) -> float:
    """The similarity two articles need to be grouped."""
    return JOIN_THRESHOLD if a is not None and b is not None else UNDATED_THRESHOLD


@dataclass(frozen=True)
class Candidate:
    """An article already in an event, as the proposal sees it."""

    event_id: int
    article_id: int
    published_on: dt.date | None
    fingerprint: Fingerprint


@dataclass(frozen=True)
class Proposal:
    event_id: int
    score: float
    article_id: int  # the most similar article of the event


def propose(
    fp: Fingerprint, published_on: dt.date | None, candidates: Iterable[Candidate]
) -> Proposal | None:
    """The event whose closest article is most similar, if similar enough.

    Ties go to the lower event id, so re-running the proposal is stable.
    """
    candidates = list(candidates)
    # When each event happened, as its articles tell: an article whose lead names
    # no day still belongs to a happening that others date.
    event_days: dict[int, set[dt.date]] = {}
    for candidate in candidates:
        days = happening_days(candidate.fingerprint, candidate.published_on)
        event_days.setdefault(candidate.event_id, set()).update(days)
    days = happening_days(fp, published_on)
    best: Proposal | None = None
    for candidate in candidates:
        if not within_window(published_on, candidate.published_on):
            continue
        score = similarity(fp, candidate.fingerprint)
        their_days = event_days[candidate.event_id]
        if score and days and their_days and not days & their_days:
            score *= DAY_MISMATCH_FACTOR
        if score < threshold(published_on, candidate.published_on):
            continue
        key = (score, -candidate.event_id)
        if best is None or key > (best.score, -best.event_id):
            best = Proposal(candidate.event_id, score, candidate.article_id)
    return best


_PLACE_RE = re.compile(
    r"\b(?:in|over|near|outside|at|from|off)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)?)"
)


def place_of(title: str, text: str) -> str:
    """A place named in the title or first paragraph ("Idlib"), or ""."""
    paragraphs = _body(title, text)
    for part in (title or "", paragraphs[0] if paragraphs else ""):
        for match in _PLACE_RE.finditer(part):
            # "in Syria's Idlib province": the place is Idlib, the country says where.
            country, _, place = match.group(1).replace("’", "'").partition("'s ")
            name = _bare(place or country)
            words = name.split()
            if words and words[0].lower() not in _STOP and words[0].lower() not in _WEAK_NAMES:
                if words[-1].lower() in _STOP | _WEAK_NAMES:
                    name = " ".join(words[:-1])
                if name:
                    return name.replace("’", "'")
    return ""
