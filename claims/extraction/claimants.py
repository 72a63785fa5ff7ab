"""Claimants: who a speaker phrase names (person, organization or media, with role and
affiliation), and the registry that merges them through an article."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from .lexicon import (
    _ARTICLES,
    _CAP_STOP,
    _CAPITALS,
    _COUNTRIES,
    _DOC_NOUNS,
    _DOC_PARTICIPLES,
    _FIRST_PERSON,
    _GENERIC_CLAIMANTS,
    _KNOWN_ORGS,
    _MEDIA,
    _MEDIA_HEADS,
    _MEDIA_KINDS,
    _NAME_PARTICLES,
    _NAME_TITLES,
    _NATIONALITIES,
    _NP_LEX,
    _NP_MODIFIERS,
    _NP_PREPS,
    _ORG_HEADS,
    _PERSON_NOUNS,
    _POSSESSIVES,
    _PRIVATE_ROLES,
    _PRONOUNS,
    _ROLE_NOUNS,
    _SPELLING,
    _TIME_WORDS,
    _TITLE_ABBREVIATIONS,
    _UNITS,
    _words,
)
from .tokens import _TOKEN_RE, _Tok


@dataclass(frozen=True)
class ClaimantRef:
    name: str  # canonical display name: "Defense Ministry", "Dmitry Peskov", "RT"
    kind: str  # "person" | "organization" | "media" | "unknown"
    role: str = ""  # "Kremlin spokesman", "freelance journalist"
    affiliation: str = ""  # canonical name of the affiliation: "Kremlin", "Russia"
    aliases: tuple[str, ...] = ()  # surface forms seen: "Russia's Defense Ministry", "the ministry"


# --------------------------------------------------------------------------
# Speaker noun phrases
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


_PLACE_NOUNS = _words(
    "canton province region state county district city town village municipality "
    "prefecture governorate oblast department"
)


def _np_back(toks: list[_Tok], e: int, lo: int) -> int | None:
    """Start index of the speaker noun phrase ending at ``e``, or None."""
    if e < lo:
        return None
    if toks[e].low in _PRONOUNS or toks[e].low in _FIRST_PERSON:
        return e
    head_at_end = _np_head(toks[e])
    if not head_at_end and not toks[e].low.endswith(("'s", "’s")):
        return None
    i = e
    while i >= lo:
        t = toks[i]
        if _np_word(t):
            i -= 1
            continue
        low = t.low
        if low in {"the", "a", "an"}:
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
            if _np_word(toks[m]) and (
                toks[m].cap or "-" in toks[m].low or toks[m].low in _NP_MODIFIERS
            ):
                # "the al-Shabaab militant group", "the state civil protection office":
                # keep reading leftwards
                i = m
                continue
        break
    start = i + 1
    if start > e or not (head_at_end or any(_np_head(toks[x]) for x in range(start, e))):
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


# --------------------------------------------------------------------------
# What a speaker phrase names
# --------------------------------------------------------------------------


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


_DOCUMENT_HEADS = _words("manifest tally register census logbook roster")
# Speakers who speak for themselves where they are ("a vigilante leader in Damboa"),
# unlike a spokesman or an official, who speak for the place's authorities.
_PERSON_ROLE_HEADS = _words("leader resident witness survivor elder chief activist farmer")
_GENERIC_POSSESSORS = frozenset(
    f"{w}'s" for w in ("country", "nation", "territory", "state", "city", "region", "province")
)


def _classify(words: list[str]) -> tuple[str, str, str, str]:
    """(name, kind, role, affiliation) of a speaker phrase's words, no discourse."""
    while words and (
        words[0].lower() in _LEADING_NOISE
        or words[0][:1].isdigit()
        or (len(words) > 1 and words[0].lower() in _NP_PREPS)
        or (len(words) > 1 and words[0].lower().endswith("-based"))  # "a Norway-based group"
        # "the country's emergency committee": the country is not part of the name
        or (len(words) > 1 and words[0].lower().replace("’", "'") in _GENERIC_POSSESSORS)
    ):
        words = words[1:]
    if not words:
        return "", "unknown", "", ""
    lows = [w.lower() for w in words]
    # "the passenger manifest": a document nobody is named as issuing is its own source
    if len(words) > 1 and lows[-1] in _DOCUMENT_HEADS:
        return " ".join(w for w in words if w.lower() not in _ARTICLES), "unknown", "", ""
    # "a vigilante leader in Damboa": where the speaker is, not a part of the name
    if "in" in lows[1:-1]:
        at = lows.index("in", 1)
        if lows[at - 1] in _PERSON_ROLE_HEADS and all(w[:1].isupper() for w in words[at + 1 :]):
            words, lows = words[:at], lows[:at]
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
    # ... and "police in the Brazilian city of Recife": "Recife police"
    place_words = words[2:]
    if len(place_words) > 3 and lows[2] == "the":
        for j in range(3, min(len(lows) - 1, 6)):
            if lows[j] in _PLACE_NOUNS and lows[j + 1] in ("of", "in"):
                if all(w[:1].isupper() for w in words[3:j]):
                    place_words = words[j + 2 :]
                break
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
    """Canonical claimant for a speaker phrase, without article context (the registry
    merges them through an article).

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
# The registry: one claimant however often and however named
# --------------------------------------------------------------------------

_new_ref = object.__new__


# Distinct surfaces kept per claimant: "the ministry" is looked for in all of them, so
# a text naming one speaker thousands of times would otherwise be quadratic.
_MAX_ALIASES = 64
# Claimants a later phrase ("he", "the ministry", "Peskov") may point back to: the
# latest few hundred. Every resolution looks through them, so keeping all of them
# made a text with thousands of distinct speakers quadratic.
_RECALL = 256


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


class _Named(str):
    """A full name met with a relative clause or an age ("Rosa Delgado, whose ..."):
    a person, though no title says so."""


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
    """Resolves speaker phrases to claimants in reading order.

    Claimants are merged within an article through their aliases, so "Peskov" after
    "Kremlin spokesman Dmitry Peskov", "the ministry" after "the Defense Ministry" and
    "he" after a named speaker all point at one claimant.
    """

    def __init__(self, text: str = "", lower: str = "") -> None:
        self.entries: list[_Claimant] = []
        self.recent: list[_Claimant] = []  # most recent last
        self.text = text
        self.lower = lower or text.lower()
        self._named: list[_OrgMention] = []  # organizations the text names, in order
        self._scanned = 0  # how far the text has been read for them
        self.position = 0  # where in the text the phrase being resolved is

    def _touch(self, entry: _Claimant, surface: str) -> _Claimant:
        if (
            surface
            and surface.lower() not in _PRONOUNS
            and len(entry.aliases) < _MAX_ALIASES
            and surface not in entry.aliases
        ):
            entry.aliases.append(surface)
        if entry in self.recent:
            self.recent.remove(entry)
        self.recent.append(entry)
        if len(self.recent) > _RECALL:
            del self.recent[0]
        entry.last_seen = self.position
        return entry

    def _add(self, entry: _Claimant) -> None:
        self.entries.append(entry)
        if len(self.entries) > _RECALL:
            del self.entries[0]

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
        for mention in islice(reversed(self._named), _RECALL):
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
        self._add(entry)
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
        if len(ref.name) <= 8 and _ACRONYM_RE.fullmatch(ref.name):
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
        if ref.kind in {"person", "unknown"} and " " not in ref.name and ref.name[:1].isupper():
            # "Peskov" after "Dmitry Peskov"
            for entry in reversed(self.entries):
                if entry.kind == "person" and entry.name.split()[-1].lower() == name_low:
                    return self._touch(entry, surface)
        if ref.kind == "person" and " " in ref.name:
            # "Dmitry Peskov" after a bare "Peskov": keep the full name
            for entry in reversed(self.entries):
                if (
                    entry.kind in {"person", "unknown"}
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
        self._add(entry)
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
        if head in {"statement", "communique", "report", "briefing", "announcement"}:
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
        if lows[0] not in {"the", "this", "that"} or len(lows) > 5:
            return None
        rest = lows[1:]
        if not rest:
            return None
        for w in words[1:]:  # a loop, not any() over a generator: for every speaker
            # proper names name something new, except descriptions like "Britain-based"
            if _is_proper(w) and not (w[:1].isupper() and "-" in w):
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
