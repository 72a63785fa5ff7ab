"""Unverified claims: "could not be independently verified" and other hedges."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import itemgetter

from .claimants import _np_back
from .lexicon import _words
from .tokens import _START, _Doc, _Raw, _Tok

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
_AT_THEN_ORDER = itemgetter(0, 1)
# Every pattern's hints: a sentence is searched for each of them once.
_ALL_HINTS = tuple(dict.fromkeys(hint for _, _, hints in _HEDGES for hint in hints))


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
        present = {hint for hint in _ALL_HINTS if hint in sentence}  # each looked for once
        if not present:
            continue
        for order, (mode, pattern, hints) in enumerate(_HEDGES):
            if not present.isdisjoint(hints):
                matches.extend(
                    (m.start(), order, mode, m) for m in pattern.finditer(lower, s_start, s_end)
                )
    # leftmost first; at one position the earlier pattern wins
    for _, _, mode, m in sorted(matches, key=_AT_THEN_ORDER):
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
