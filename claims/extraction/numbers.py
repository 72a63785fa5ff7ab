"""Numbers: spelled and written figures, qualifiers ("at least", "about") and ranges,
numbers that count nothing (dates, ages, money), and where a count may start."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .lexicon import (
    _ARTICLES,
    _CAP_STOP,
    _COUNT_WORDS,
    _LONG_QUALIFIER_FIRST,
    _LONG_QUALIFIERS,
    _MONTHS,
    _NUMBER_WORD_SET,
    _ONE_WORD_QUALIFIERS,
    _PEOPLE,
    _PEOPLE_SINGULAR,
    _POSSESSIVE_STARTS,
    _QUALIFIERS,
    _START_WORDS,
    _TENS,
    _UNITS,
    _VAGUE_ONE,
    _words,
)
from .tokens import _head_word, _match_words, _Tok

# What a count gives as (count_min, count_max):
#
# * an exact figure gives min == max ("five", "1,200", "all 5", "both" = 2);
# * "at least N", "N or more": min N; "more than N", "over N": min N + 1;
# * "up to N", "as many as N", "at most N": max N; "fewer than N": max N - 1;
# * "about N", "around N", "some N": N +/- 10 % rounded outwards;
#   "nearly N", "almost N": 90 % of N up to N;
# * vague words are ranges: "a few" 2-5, "several" 3-9, "dozens" 24-99,
#   "scores" 40-199, "hundreds" 200-999, "thousands" 2,000-9,999;
# * an unknown number ("an unknown number of", "all those on board"): both None.

_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
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
_INT_RE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_DEC_RE = re.compile(r"\d+\.\d+")
_RANGE_TOKEN_RE = re.compile(r"(\d+)-(\d+)")

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
            w in {"a", "an"}
            and k == i
            and k + 1 < hi
            and toks[k + 1].low in ("hundred", "thousand", "dozen", "million")
        ):
            current = 1
            last = "unit"
        elif w in _UNITS and last in {"", "scale", "and", "tens"}:
            if last == "tens" and _UNITS[w] >= 10:
                break
            current += _UNITS[w]
            last = "unit"
        elif w in _TENS and last in {"", "scale", "and"}:
            current += _TENS[w]
            last = "tens"
        elif "-" in w and last in {"", "scale", "and"}:
            left, _, right = w.partition("-")
            if left in _TENS and right in _UNITS and 0 < _UNITS[right] < 10:
                current += _TENS[left] + _UNITS[right]
                last = "unit"
            else:
                break
        elif w == "dozen" and last in {"unit", "tens"}:
            current *= 12
            last = "scale"
        elif w == "hundred" and last in {"unit", "tens"}:
            current *= 100
            last = "scale"
        elif w in {"thousand", "million", "billion"} and last in {"unit", "tens", "scale"}:
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


# --------------------------------------------------------------------------
# Numbers that count nothing: dates, ages, times, money, measures, models
# --------------------------------------------------------------------------

_CURRENCY = frozenset("$€£¥#")
_NOT_PEOPLE_AFTER = _words(
    "percent per % a.m p.m am pm gmt utc o'clock years year-old km kilometers kilometres "
    "miles meters metres feet kg tons tonnes dollars euros pounds rubles roubles "
    "hryvnias yuan degrees mph"
)


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
    ) or prev.low in {"flight", "route", "no", "number", "no.", "gate", "terminal", "platform"}


def _excluded_number(toks: list[_Tok], i: int, j: int, hi: int, sent_lo: int) -> bool:
    """Dates, years, ages, times, money, measures, models: numbers that are not counts."""
    t = toks[i]
    prev = toks[i - 1] if i > sent_lo else None
    nxt = toks[j] if j < hi else None
    if prev is not None:
        if prev.text in _CURRENCY or prev.low in _MONTHS or prev.low in {"aged", "age", "ages"}:
            return True
        if prev.low == "in" and i - 2 >= sent_lo and _number(toks, i - 2, i - 1) is not None:
            return True  # "one in three deaths": a ratio
        if t.low[:1].isdigit() and _is_model_number(toks, i, sent_lo):
            return True
    if nxt is not None:
        if nxt.low in _MONTHS or nxt.low in _NOT_PEOPLE_AFTER or nxt.text in {"%", ":"}:
            return True
        if nxt.low in {"years", "year"} and j + 1 < hi and toks[j + 1].low in {"old", "of"}:
            return True
    if t.low.isdigit() and len(t.low) == 4 and 1800 <= int(t.low) <= 2099:
        # a year, unless it directly counts people ("2016 people" is rare but possible)
        return nxt is None or not _is_people(nxt, False)
    return False


# --------------------------------------------------------------------------
# People: what a count counts
# --------------------------------------------------------------------------

# Capitalised plurals that name people by nationality ("two Russians").
_NATIONALITY_PLURAL_RE = re.compile(r"[A-Z][a-z]+(?:ians|ans|is|ese)$")


def _is_people(tok: _Tok, singular_ok: bool) -> bool:
    low = tok.low
    if low in _PEOPLE or (singular_ok and low in _PEOPLE_SINGULAR):
        return True
    return tok.cap and low != "nations" and _nationality_plural(tok.text)


@lru_cache(maxsize=4096)
def _nationality_plural(word: str) -> bool:
    """ "Russians", "Britons"? (cached: the same capitalised words come back)"""
    return bool(_NATIONALITY_PLURAL_RE.match(word))


# --------------------------------------------------------------------------
# Where a count may start
# --------------------------------------------------------------------------


def _starts_count(tok: _Tok) -> bool:
    low = tok.low
    return (
        low[:1].isdigit()
        or low in _UNITS
        or low in _TENS
        or low in _VAGUE_ONE
        or low in {"the", "a", "an", "all", "both", "his", "her", "their", "at", "dozens"}
        or _is_people(tok, True)
    )


_AFTER_ARTICLE = _words(
    "few handful couple number total further dozen hundred thousand minimum maximum unknown "
    "undisclosed unspecified undetermined family group party"
)
# The words after an article that may make it start a count (a number, "a", "half",
# "tens", "dozen", ...): after any other word, only a person may.
_MAY_COUNT = _NUMBER_WORD_SET | _AFTER_ARTICLE | {"a", "an", "half", "tens"}
_LONG_QUALIFIERS_BY_WORDS: dict[tuple[str, str], list[tuple[str, ...]]] = {}
for _qualifier in _LONG_QUALIFIERS:
    _LONG_QUALIFIERS_BY_WORDS.setdefault(_qualifier[:2], []).append(_qualifier)


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


def _person_within(persons: list[int], first: int, last: int) -> bool:
    """Is one of the (sorted) token indices ``persons`` in first..last?"""
    at = bisect_left(persons, first)
    return at < len(persons) and persons[at] <= last


def _long_qualifier_at(toks: list[_Tok], k: int, hi: int, word: str) -> bool:
    """Does a long qualifier ("at least", "up to") start at ``k``, whose first word is
    ``word``? (A loop, not ``any()`` over a generator: tried at most counts' starts.)"""
    if k + 1 >= hi:
        return False
    for words in _LONG_QUALIFIERS_BY_WORDS.get((word, toks[k + 1].low), ()):
        if _match_words(toks, k, hi, words):
            return True
    return False


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
            or (word in _LONG_QUALIFIER_FIRST and _long_qualifier_at(toks, k, hi, word))
            or (word in _ONE_WORD_QUALIFIERS and _number_ahead(toks, k + 1, hi))
        ):
            out.append(k)
        elif word in _ARTICLES:
            if k + 1 < hi and toks[k + 1].low.isalpha() and toks[k + 1].low not in _MAY_COUNT:
                # "the ministry": a plain word after the article; only a person may follow
                if _person_within(persons, k + 1, k + 4) and _plain_words_then(
                    toks, k + 1, hi, 3, _PEOPLE_SINGULAR
                ):
                    out.append(k)
            elif (
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
