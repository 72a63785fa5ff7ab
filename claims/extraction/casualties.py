"""Casualty claims: counted groups and the sums of their parts, the category stated
around the count, zero counts and running totals."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from .lexicon import (
    _ARTICLES,
    _BACK_VERBS,
    _CARE_PLACES,
    _CASE_NOUNS,
    _CATEGORY_PHRASES,
    _CATEGORY_WORDS,
    _FINITE_VERBS,
    _GROUP_NOUNS,
    _HEAD_CATEGORY,
    _MONTHS,
    _NP_PREPS,
    _PARTICIPLES,
    _PEOPLE,
    _PEOPLE_SINGULAR,
    _POSSESSIVES,
    _TENS,
    _UNITS,
    _VAGUE_ONE,
    _WEEKDAYS,
    _words,
)
from .numbers import (
    _QUALIFIER_FIRST,
    _QUALIFIERS_BY_WORDS,
    _article_may_count,
    _by_first_words,
    _count_starts,
    _excluded_number,
    _is_model_number,
    _is_people,
    _number,
    _phrase_at,
    _qualify,
    _starts_count,
)
from .tokens import _Doc, _match_words, _new_tuple, _Raw, _Tok

# Nouns that qualify a people noun without changing who is counted ("crew members").
_COMPOUND_MODIFIERS = _words(
    "police crew aid rescue health security family service team staff fire army border "
    "medical emergency coal construction relief media hospital navy air church"
)
_CATEGORY_PHRASE_FIRST = frozenset(words[0] for words, _ in _CATEGORY_PHRASES)
# where _category_phrase may find something
_CATEGORY_STARTS = _CATEGORY_PHRASE_FIRST | frozenset(_CATEGORY_WORDS)
_CATEGORY_PHRASES_BY_WORDS = _by_first_words(_CATEGORY_PHRASES)
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

# _CUMULATIVE_RE matches nothing in a text without one of these: substring tests,
# much faster than a pattern that tries each of its first letters in turn.
_CUMULATIVE_CUES = ("since", "far", "year", "date", "total", "cumulative")


class _Unit(NamedTuple):
    """A counted group. Made with ``_new_tuple`` (every field, in this order)."""

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
    elif qual == "all" and j < hi and toks[j].low in {"those", "the", "of"}:
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
            and toks[j].low in {"a", "an"}
            and toks[j + 1].low in _GROUP_NOUNS
            and toks[j + 2].low == "of"
        ):
            # "a family of five", "a group of 12 hikers"
            num = _number(toks, j + 3, hi)
            if num is not None and num[2] < hi and not _is_people(toks[num[2]], False):
                lo, up, k = num
                lo, up = _qualify(qual, lo, up)
                exact = lo if lo == up else None
                return _new_tuple(
                    _Unit,
                    (i, k, lo, up, exact, toks[j + 1].low, "", False, False, True, False, False),
                )
        num = _number(toks, j, hi)
        if num is None:
            if first == "another" and qual == "exact" and _is_aux_or_category(toks, j, hi):
                # "another was seriously injured"
                return _new_tuple(_Unit, (i, j, 1, 1, 1, "", "", False, False, False, True, False))
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
                    and toks[j].low in {"to", "or", "and"}
                    and toks[j + 1].low[:1].isdigit()
                )
                or (j + 1 < hi and toks[j].low in {"to", "or"} and toks[j + 1].low in _UNITS)
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
                return _new_tuple(
                    _Unit, (i, j, lo, up, exact, "", "", False, False, joinable, True, False)
                )
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
        if t.low in {"others", "more"} and not singular:
            # "two others", "12 more": people implied
            implicit_ok = True
            if t.low == "others":
                head_start = j
                break
            j += 1
            mods += 1
            continue
        if t.low in {"aboard", "onboard"} or (
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
        if t.low in {"injured", "wounded", "dead", "missing"}:
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
        head = " ".join([t.text if t.cap else t.low for t in toks[words_start : k + 1]])
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
    if j < hi and toks[j].low in {"aboard", "onboard"}:
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
    return _new_tuple(
        _Unit,
        (
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
        ),
    )


def _coordinated_head(toks: list[_Tok], k: int, hi: int) -> int:
    """After the people noun at ``k``, the end of "and crew (members)" when it names
    more people in the same count; else ``k``. "and two officers" has a count of
    its own, and in "soldiers and police said" the police speak."""
    if k + 2 >= hi or toks[k + 1].low not in {"and", "or"}:
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


def _category_phrase(toks: list[_Tok], k: int, hi: int) -> tuple[str, int] | None:
    low = toks[k].low
    if low in _CATEGORY_PHRASE_FIRST and k + 1 < hi:
        for words, cat in _CATEGORY_PHRASES_BY_WORDS.get((low, toks[k + 1].low), ()):
            if _match_words(toks, k, hi, words):
                return cat, len(words)
    if low in _CATEGORY_WORDS:
        return _CATEGORY_WORDS[low], 1
    return None


def _is_aux_or_category(toks: list[_Tok], k: int, hi: int) -> bool:
    return k < hi and (toks[k].low in _AUX or _category_phrase(toks, k, hi) is not None)


_PLACE_PREPS = _words("in from at near of on outside inside")
_CASE_MODIFIERS = _words("suspected confirmed new probable active reported recorded")
_AGE_RANGE_RE = re.compile(r"\d0s|\d0['’]s")


def _age_range_end(toks: list[_Tok], k: int, hi: int) -> int:
    """After "in his 50s" or "in her early 70s" at ``k``, the next index; else ``k``."""
    if k + 2 >= hi or toks[k].low != "in" or toks[k + 1].low not in _POSSESSIVES:
        return k
    m = k + 2
    if toks[m].low in ("early", "mid", "late") and m + 1 < hi:
        m += 1
    return m + 1 if _AGE_RANGE_RE.fullmatch(toks[m].low) else k


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
    if k >= sent_lo and toks[k].low in {"reportedly", "instantly", "also", "immediately", "then"}:
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
    if k - 1 >= sent_lo and toks[k].low in {"to", "at"} and toks[k - 1].low in _TOLL_VERBS:
        verb = k - 1  # "The death toll from the earthquake that struck ... climbed to 74"
    elif k >= sent_lo and toks[k].low in _TOLL_VERBS and toks[k].low not in {"rose", "fell"}:
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
# _ZERO_RE matches nothing in a text without one of these: one scan for all of them.
_ZERO_HINT_RE = re.compile(
    r"no(?: one|-one|body|ne| casualties| injuries| deaths| fatalities| other)"
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


def _casualties(doc: _Doc) -> list[_Raw]:
    out: list[_Raw] = []
    sent_of_zero: dict[int, list[re.Match]] = {}
    if _ZERO_HINT_RE.search(doc.lower):
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
            if low == "one" and k > t_lo and toks[k - 1].low in {"no", "was", "is"}:
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
                lower = doc.lower
                running = any([cue in lower for cue in _CUMULATIVE_CUES])
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
            between = lower[a:b]
            if ";" in between or ":" in between:  # another clause's figure
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
    if j + 2 < hi and toks[j].low == "," and toks[j + 1].low in {"a", "an"}:
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
    if not (j + 2 < hi and toks[j].low == "," and toks[j + 1].low in {"aged", "ages", "age"}):
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
        if toks[j].low == "," and toks[j + 1].low in {"including", "among"}:
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
    # what the units say, read in one loop (most figures are one unit)
    category = ""
    implicit = True  # no unit names who it counts
    aboard = False
    for u in units:
        category = category or u.category
        implicit = implicit and not u.head
        aboard = aboard or u.aboard
    back_cat, back_start = _backward_category(toks, start_tok, lo)
    if back_cat == "same":
        # "37 new deaths, bringing the total to 412": the total of what came before
        back_cat = previous
        if not back_cat:
            return None
    strict = first.singular and len(units) == 1
    fwd_cat, fwd_end, adjacent = _forward_category(toks, end_tok, hi, strict, lo)
    strong_fwd = fwd_cat if fwd_cat != "aboard" else ""
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
    if strict and not (back_cat or inherit or strong_fwd in {"killed", "injured", "missing"}):
        return None
    if back_cat and back_cat != "aboard":
        category = category if category and category != "other" else back_cat
    if not category or category == "other":
        category = strong_fwd or category
    elif any(u.adjective and u.category == category for u in units):
        # "two wounded soldiers died": the verb says what happened, not the participle
        verb = back_cat if back_cat in _FATES else strong_fwd if strong_fwd in _FATES else ""
        category = verb or category
    category = category or inherit or back_cat or fwd_cat or ("aboard" if aboard else "")
    if not category and any(toks[x].low in {"them", "whom"} for x in range(first.start, first.end)):
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
    raw = _new_tuple(
        _Raw,
        (
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
        ),
    )
    used = set(range(first.start, first.end))
    for u in units[1:]:
        used.update(range(u.start, u.end))
    resume = paren_start if paren_start >= 0 else last.end
    return raw, used, resume
