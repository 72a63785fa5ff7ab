"""Tokens and sentences: the tokenizer, sentence_bounds(), and the document (_Doc) that
tokenises a text once, noting on the way the hint words each kind of claim needs."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import NamedTuple

from .lexicon import (
    _BACK_VERBS,
    _CARE_PLACES,
    _CASE_NOUNS,
    _CATEGORY_PHRASES,
    _CATEGORY_WORDS,
    _FINITE_VERBS,
    _GROUP_NOUNS,
    _HEAD_CATEGORY,
    _HEDGE_STEMS,
    _MENTION_ROLES,
    _MENTION_TITLES,
    _NOT_SAID_STEMS,
    _PARTICIPLES,
    _PEOPLE_SINGULAR,
    _RECORD_WORDS,
    _START_WORDS,
    _in_order,
    _words,
)

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

    Made bare (``_Tok()``, no ``__init__`` of its own) and filled in by
    ``_Doc._tokenize``: an article has thousands of tokens and a Python-level
    constructor doubles their cost. Calling the class is also cheaper than
    ``object.__new__(_Tok)``, which checks its argument through a wrapper.
    """

    __slots__ = ("cap", "end", "low", "start", "text")

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<{self.text}@{self.start}>"


_START = attrgetter("start")
_SPACES_RE = re.compile(r"\s+")


def _match_words(toks: list[_Tok], i: int, hi: int, words: tuple[str, ...]) -> bool:
    """Do the tokens from ``i`` (up to ``hi``) read ``words``?"""
    if i + len(words) > hi:
        return False
    for word in words:
        if toks[i].low != word:
            return False
        i += 1
    return True


def _head_word(low: str) -> str:
    """The first word of a token ("twenty" of "twenty-six", "wife" of "wife's")."""
    if low.isalnum():
        return low
    m = _SEP_RE.search(low)
    return low[: m.start()] if m else low


_SEP_RE = re.compile(r"[-'’.,:/]")


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------

_ABBREVIATIONS = _words(
    "mr mrs ms dr gen lt col maj capt sgt adm gov sen rep prof st jr sr no vs inc corp co "
    "ltd jan feb mar apr jun jul aug sep sept oct nov dec est approx dept univ cpl pvt "
    "brig insp supt mt ft"
)
# A stop (with closing quotes or brackets) before a capital or digit, or a blank line.
# (Possessive: giving back a stop or a quote never lets the lookahead match.) Both
# open with one character of a set, so the regex engine skips to the next stop or
# newline instead of trying the pattern at every character.
_BOUNDARY_RE = re.compile(
    r"[.!?…\n](?:(?<=\n)[ \t]*+\n|(?<!\n)[.!?…]*+[\"”’'»)\]]*+(?=\s+[\"“‘'(\[«]?[A-Z0-9]))"
)
# The same for a text without "…" (most): a set of Latin-1 characters only is a
# bitmap, which the regex engine scans for much faster.
_BOUNDARY_NO_ELLIPSIS_RE = re.compile(
    r"[.!?\n](?:(?<=\n)[ \t]*+\n|(?<!\n)[.!?]*+[\"”’'»)\]]*+(?=\s+[\"“‘'(\[«]?[A-Z0-9]))"
)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split at ., ! or ? before a capital, and at blank lines."""
    spans: list[tuple[int, int]] = []
    start = 0
    backwards = None  # the text reversed, to read the word before a stop as a match
    boundaries = _BOUNDARY_RE if "…" in text else _BOUNDARY_NO_ELLIPSIS_RE
    for m in boundaries.finditer(text):
        dot = m.start()
        char = text[dot]
        if char == "\n":
            cut = dot
        else:
            if char == ".":
                if backwards is None:
                    backwards = text[::-1]
                begin = dot - len(_WORD_BEFORE_RE.match(backwards, len(text) - dot).group())
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


# The letters, digits and stops before a stop, read in the reversed text: runs of
# letters and digits between stops (a set repeated, not an alternative per character).
_WORD_BEFORE_RE = re.compile(r"[^\W_]*+(?:\.[^\W_]*+)*+")


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
    # comparisons, not min() and max(): called for every candidate
    first = bisect_right(starts, start) - 1
    if first < 0:
        first = 0
    if spans[first][1] <= start and first + 1 < len(spans):
        first += 1
    last = bisect_right(starts, end - 1 if end - 1 > start else start) - 1
    if last < first:
        last = first
    s_start, s_end = spans[first][0], spans[last][1]
    return (s_start if s_start < start else start, s_end if s_end > end else end)


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


# --------------------------------------------------------------------------
# Hint words: which sentences each kind of claim is looked for in
# --------------------------------------------------------------------------

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

# Sentences without these words hold no attribution.
_ATTRIBUTION_HINTS = (
    set(_FINITE_VERBS) | set(_PARTICIPLES) | {"according", "put", "puts", "putting"}
)
_CASUALTY_HINT_SET = frozenset(_CASUALTY_HINTS - _ATTRIBUTION_HINTS)
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

_HEDGE_PREFIXES = frozenset(stem[:4] for stem in (*_HEDGE_STEMS, *_NOT_SAID_STEMS))
_HEDGE_STEM_TUPLE = tuple(sorted(_HEDGE_STEMS))

_HEDGE, _SAID, _MENTION, _SINGULAR = 16, 32, 64, 128
_MENTION_WORDS = frozenset(w.lower() for w in _MENTION_TITLES | _MENTION_ROLES)
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


# Each whitespace-free chunk of text seen so far ("said.", "province,", "Russia's"),
# as its tokens: (text, lowercase text, whether it is capitalised, bits, length) each. A chunk
# is tokenised once per process: a text is then split at whitespace, with no regular
# expression run over it, and the lowercase strings are shared, their hashes computed
# once for every set they are looked up in.
_SEEN_CHUNKS: dict[str, tuple[tuple[str, str, bool, int, int], ...]] = {}


class _Unkept(dict):
    """A ``_SEEN_CHUNKS`` that keeps nothing: for a text whose words lowercase by
    their context."""

    def __setitem__(self, chunk: str, value: tuple[tuple[str, str, bool, int, int], ...]) -> None:
        pass


def _chunk_tokens(chunk: str, lower: str | None) -> tuple[tuple[str, str, bool, int, int], ...]:
    """The tokens of ``chunk``, a run of text without whitespace, as ``_SEEN_CHUNKS``
    holds them; ``lower`` is its lowercase text with the same offsets, or None to
    lowercase each word on its own."""
    # No token crosses whitespace, and the token pattern looks behind and ahead only
    # at letters and stops: a chunk tokenises as it does inside its sentence.
    words = (chunk,) if chunk.isalnum() else _TOKEN_RE.findall(chunk)
    tokens = []
    at = 0
    for word in words:
        end = at + len(word)
        low = word.lower() if lower is None else lower[at:end]
        bits = _WORD_BITS.get(low)
        if bits is None:
            bits = _word_bits(low)
        # lowercasing changed it: a capital
        tokens.append((word, low, word[0] != low[0], bits, len(word)))
        at = end
    # every character is a word's or a mark's: _Doc._tokenize finds the next chunk's
    # start from where the last token ends
    assert at == len(chunk), chunk
    return tuple(tokens)


def _not_before(toks: list[_Tok]) -> bool:
    """Is "not" one of the two tokens before the last ("has not said whether")?"""
    n = len(toks)
    return (n > 1 and toks[-2].low == "not") or (n > 2 and toks[-3].low == "not")


# --------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------

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

    @cached_property
    def paras(self) -> list[tuple[int, int]]:
        """Paragraph spans (split at blank lines), found once per text: a transcript's
        speaker turns look up the paragraph of every candidate."""
        spans = []
        start = 0
        for m in _PARAGRAPH_RE.finditer(self.text):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(self.text)))
        return spans

    @cached_property
    def para_starts(self) -> list[int]:
        """Where each paragraph starts, for bisecting."""
        return [start for start, _ in self.paras]

    def sentence_of(self, start: int, end: int) -> tuple[int, int]:
        return _covering(self.sents, self.sent_starts, start, end)

    def _tokenize(self) -> None:
        """Tokenise the whole text in one pass, noting the hint words on the way.

        Every sentence is tokenised: looking up each token in one dictionary is
        several times faster than running a regular expression of a few hundred
        words over the text to find the sentences worth tokenising.
        """
        text, lower, sents = self.text, self.tok_lower, self.sents
        tokens: list[list[_Tok]] = []
        flagged: list[list[int]] = []
        persons: list[list[int]] = []
        records: set[int] = set()
        hedged: set[int] = set()
        casualty: dict[int, list[int]] = {}
        attribution: dict[int, list[int]] = {}
        found = {"casualty": casualty, "attribution": attribution}
        mentions: list[int] = []
        # A word lowercases the same wherever it stands, but for a capital sigma, which
        # lowercases by what follows it: a text with one (whose lowercasing keeps the
        # offsets) keeps no chunk in the table and reads its lowercase text in place.
        by_context = lower is not None and "Σ" in text
        seen = _Unkept() if by_context else _SEEN_CHUNKS
        tok_class = _Tok
        # No token crosses a sentence boundary: each sentence is tokenised on its own.
        for index, (b, end) in enumerate(sents):
            toks: list[_Tok] = []
            marks: list[int] = []
            people: list[int] = []
            tokens.append(toks)
            flagged.append(marks)
            persons.append(people)
            append_tok = toks.append
            # Each chunk starts after the previous one and the whitespace between them:
            # one character, in most sentences (counted in the loop, which is cheaper
            # than chaining iterators), else the lengths of the runs of whitespace.
            chunks = text[b:end].split()
            if sum(map(len, chunks)) + len(chunks) - 1 == end - b:
                gaps = None
            else:
                gaps = map(len, _SPACES_RE.findall(text, b, end))
            a = b
            for chunk in chunks:
                try:
                    parts = seen[chunk]
                except KeyError:
                    if len(seen) > 100_000:
                        seen.clear()
                    chunk_lower = lower[a : a + len(chunk)] if by_context else None
                    parts = seen[chunk] = _chunk_tokens(chunk, chunk_lower)
                for word, low, cap, bits, length in parts:
                    tok = tok_class()
                    tok.text = word
                    tok.low = low
                    tok.cap = cap
                    tok.start = a
                    tok.end = a = a + length
                    append_tok(tok)
                    if not bits:
                        continue  # a plain word: most of them
                    if bits == _STARTS:
                        marks.append(len(toks) - 1)  # "the", "a", "25": the next most common
                        continue
                    if bits & _HEDGE or (bits & _SAID and _not_before(toks)):
                        hedged.add(index)  # "could not be verified", "has not said whether"
                    if bits & _STARTS:
                        marks.append(len(toks) - 1)
                    if bits & _RECORD:
                        records.add(index)
                    if bits & _ATTRIBUTION:
                        attribution.setdefault(index, []).append(len(toks) - 1)
                    elif bits & _CASUALTY:
                        casualty.setdefault(index, []).append(tok.start)
                    if bits & _MENTION:
                        # "Governor", "Mr.", "spokesman": a name may follow
                        mentions.append(tok.start)
                    if bits & _SINGULAR:
                        people.append(len(toks) - 1)  # "soldier", "wife's": one person
                # the chunk's tokens cover it: ``a`` is its end, and the next chunk
                # starts after the whitespace
                a += 1 if gaps is None else next(gaps, 0)
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


class _Raw(NamedTuple):
    """A claim before its offsets become a Candidate."""

    kind: str
    start: int
    end: int
    data: dict


# A NamedTuple's own __new__ is a Python function: the rules make the tuples they
# make for every count and speaker (_Raw, casualties' _Unit) with ``tuple.__new__``
# itself, every field given in order, at a third of the cost.
_new_tuple = tuple.__new__
