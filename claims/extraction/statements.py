"""Record-style statements: an ordinal or superlative with a comparison set ("the
deadliest ... since 2019")."""

from __future__ import annotations

import re
from bisect import bisect_right

from .tokens import _Doc, _Raw

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
