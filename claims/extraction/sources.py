"""Who gives each figure, and each claim as one sentence a reader understands alone.

``link()`` runs last in ``extract()``, over the finished, sorted candidates:

* every casualty, unverified and record statement is tied to the attribution that
  governs it -- a quotation it sits in (across the quotation's sentences), the
  speaker of its sentence ("..., the ministry said", "according to X" anywhere in
  the sentence, "X said 10 people were killed"), or a headline's closing
  "– Russian Defense Ministry" -- and takes that attribution's claimant and relay
  chain; when the article names nobody, it is the outlet's own (``by_outlet``);
* every attribution lists the candidates inside what was said (``contains``);
* every candidate gets its ``statement``: the sentence holding it, its speaker named
  in full where the article wrote "he", "the ministry" or "the spokesman", trimmed
  to the clause that holds it when the sentence is long.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from .claimants import ClaimantRef, normalise_claimant
from .lexicon import _PRONOUNS

if TYPE_CHECKING:
    from . import Candidate
    from .tokens import _Doc

# A statement longer than this is trimmed to the clause that holds its claim.
LONG_SENTENCE = 280

_SPEECH_KINDS = ("casualty", "unverified", "statement")
_MARKDOWN_RE = re.compile(r"(?<![\w*])[*_]{1,2}(?=\S)|(?<=\S)[*_]{1,2}(?![\w*])")
_SPACE_RE = re.compile(r"\s+")
# Where a long sentence may be cut: a semicolon, a dash between clauses, a colon.
_CLAUSE_CUT_RE = re.compile(r";\s+|\s+[—–]\s+|\s+--\s+|:\s+(?=[A-Z\"“])")
# A headline's closing source: "Mi-28N gunship crashes near Homs, both pilots dead –
# Russian Defense Ministry", "... – MoD".
_HEADLINE_SOURCE_RE = re.compile(
    r"\s[—–-]\s+((?:the\s+)?[A-Z][\w'’.&-]*(?:\s+(?:[A-Z][\w'’.&-]*|of|for|and|the)){0,5})"
    r"\s*[\])]?\s*$"
)
# Short references a statement spells out: "he", "the ministry", "the spokesman",
# "Peskov" (one word standing for a person named in full before).
_ARTICLE_RE = re.compile(r"(?:the|this|that|its|their|his|her)\s+", re.IGNORECASE)


def link(doc: _Doc, cands: list[Candidate], speakers: list[tuple[int, int] | None]) -> None:
    """Fill ``claimant``/``via``/``by_outlet``/``attribution``/``contains``/``statement``
    on ``cands`` (sorted, as ``extract()`` returns them); ``speakers[i]`` is where the
    speaker of attribution ``i`` is named in the text."""
    text = doc.text
    attributions = [i for i, c in enumerate(cands) if c.kind == "attribution"]
    att_starts = [cands[i].start for i in attributions]
    contained: dict[int, list[int]] = {}
    for index, cand in enumerate(cands):
        if cand.kind not in _SPEECH_KINDS:
            continue
        governing = _governing(doc, cands, attributions, att_starts, cand)
        if governing is not None:
            att = cands[governing]
            cand.claimant = att.claimant
            cand.via = list(att.via)
            cand.attribution = governing
            contained.setdefault(governing, []).append(index)
            continue
        headline = _headline_source(doc, cand)
        if headline is not None:
            cand.claimant = headline
        elif cand.claimant is None:
            cand.by_outlet = True
    for governing, members in contained.items():
        cands[governing].contains = tuple(members)
    for index, cand in enumerate(cands):
        if cand.kind == "attribution":
            cand.statement = _attribution_statement(text, cand, speakers[index])
        else:
            att = cands[cand.attribution] if cand.attribution is not None else None
            speaker = speakers[cand.attribution] if cand.attribution is not None else None
            cand.statement = _claim_statement(text, cand, att, speaker)


# --------------------------------------------------------------------------
# The governing attribution
# --------------------------------------------------------------------------


def _governing(
    doc: _Doc,
    cands: list[Candidate],
    attributions: list[int],
    att_starts: list[int],
    cand: Candidate,
) -> int | None:
    """Index of the attribution whose speaker gives ``cand``, or None."""
    # a quotation the claim sits in (its span runs from the quotation to the tag)
    inside = None
    upto = bisect_right(att_starts, cand.start)
    for k in range(upto - 1, -1, -1):
        att = cands[attributions[k]]
        if att.end - att.start > 5000:
            continue
        if (
            att.start <= cand.start
            and cand.end <= att.end
            and (inside is None or att.end - att.start < cands[inside].end - cands[inside].start)
        ):
            inside = attributions[k]
        if cand.start - att.start > 5000:
            break
    if inside is not None:
        return inside
    # the speaker of the sentence: the nearest before the claim ("X said 10 people
    # were killed"), else the nearest after it ("..., the ministry said")
    s_start, s_end = doc.sentence_of(cand.start, cand.end)
    lo = bisect_left(att_starts, s_start)
    hi = bisect_left(att_starts, s_end)
    before = after = None
    for k in range(lo, hi):
        att = cands[attributions[k]]
        if att.end <= cand.start:
            before = attributions[k]
        elif att.start >= cand.end and after is None:
            after = attributions[k]
    if before is not None and after is not None:
        # "X said ...; the police said 5 ...": the speaker whose clause holds it
        between = doc.text[cands[before].end : cand.start]
        if _CLAUSE_CUT_RE.search(between) or ", while " in between or ", but " in between:
            return after
        return before
    return before if before is not None else after


def _headline_source(doc: _Doc, cand: Candidate) -> ClaimantRef | None:
    """The source a headline names after a dash: "..., both pilots dead – Russian
    Defense Ministry"."""
    text = doc.text
    line_end = text.find("\n", cand.end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[cand.end : line_end]
    if len(line) > 120 or line.rstrip().endswith((".", "!", "?", '"', "”")):
        return None
    m = _HEADLINE_SOURCE_RE.search(line)
    if m is None:
        return None
    ref = normalise_claimant(m.group(1))
    return ref if ref.name and ref.kind != "unknown" else None


# --------------------------------------------------------------------------
# Statements
# --------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = _MARKDOWN_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip()


def _finish(text: str) -> str:
    text = text.strip(" ,;:")
    if not text:
        return text
    return text[0].upper() + text[1:]


def _display(claimant: ClaimantRef, written: str) -> str:
    """How a statement names a claimant the article referred to as ``written``."""
    name = claimant.name
    if claimant.kind == "person":
        role = claimant.role
        if role and role.lower() not in name.lower():
            return f"{role} {name}"
        return name
    if claimant.kind not in ("organization", "media") or name.lower().startswith("the "):
        return name
    if name.isupper() or (claimant.kind == "media" and not written):
        return name  # "TASS", "Reuters"
    low = name.lower()
    if (
        written.lower().startswith(("the ", "this ", "its "))
        or low.rsplit(" ", 1)[-1] in _TAKES_THE
        or any(a.lower().startswith("the ") and low in a.lower() for a in claimant.aliases)
    ):
        return "the " + name
    return name


# Organization names read with "the": "the Defense Ministry", "the Kremlin" is in its
# aliases; "Human Rights Watch" is not.
_TAKES_THE = frozenset(
    (
        *("ministry", "agency", "office", "department", "service", "committee", "council"),
        *("centre", "center", "army", "police", "command", "commission", "authority"),
        *("authorities", "government", "military", "navy", "directorate", "bureau"),
        *("administration", "secretariat", "coalition", "forces"),
    )
)


def _is_short_reference(written: str, claimant: ClaimantRef) -> bool:
    """ "he", "the ministry", "the spokesman", "Peskov": a phrase that leans on the
    article for who it means."""
    words = written.split()
    low = written.lower()
    if low in _PRONOUNS:
        return True
    if claimant.name.lower() in low:
        return False
    if _ARTICLE_RE.match(written) and len(words) <= 3:
        return True
    return len(words) == 1 and claimant.kind == "person"


def _resolved(
    text: str, start: int, end: int, claimant: ClaimantRef | None, speaker: tuple[int, int] | None
) -> str:
    """``text[start:end]`` with the speaker phrase spelled out when it is a short
    reference."""
    if claimant is None or speaker is None or not (start <= speaker[0] < speaker[1] <= end):
        return text[start:end]
    written = text[speaker[0] : speaker[1]]
    if not _is_short_reference(written, claimant):
        return text[start:end]
    name = _display(claimant, written)
    if written[:1].isupper() and not name[:1].isupper():
        name = name[0].upper() + name[1:]
    return text[start : speaker[0]] + name + text[speaker[1] : end]


def _attribution_statement(text: str, att: Candidate, speaker: tuple[int, int] | None) -> str:
    """The speaker named and what they said: the sentence(s) of the attribution."""
    start = text.find(att.sentence, max(0, att.start - len(att.sentence)))
    if start < 0 or start > att.start:
        start, end = att.start, att.end
    else:
        end = start + len(att.sentence)
    return _finish(_clean(_resolved(text, start, end, att.claimant, speaker)))


def _claim_statement(
    text: str, cand: Candidate, att: Candidate | None, speaker: tuple[int, int] | None
) -> str:
    """The sentence holding a figure, hedge or record, its speaker spelled out and
    named even when the tag is in another sentence of the quotation."""
    s_start = text.find(cand.sentence, max(0, cand.start - len(cand.sentence)))
    if s_start < 0 or s_start > cand.start:
        s_start, s_end = cand.start, cand.end
    else:
        s_end = s_start + len(cand.sentence)
    if s_end - s_start > LONG_SENTENCE:
        s_start, s_end = _clause(text, s_start, s_end, cand.start, cand.end)
    claimant = cand.claimant
    if claimant is not None and att is not None and att.start <= cand.start < cand.end <= att.end:
        quoted = _quoted_part(text, s_start, s_end, cand.start, cand.end)
        if quoted is not None:
            # inside a quotation: the speaker and the quoted words
            who = _display(claimant, "")
            inner = _clean(text[quoted[0] : quoted[1]]).rstrip(",")
            if inner and inner[-1] not in ".!?…":
                inner += "."
            return _finish(f"{who} said: “{inner}”")
    body = _clean(_resolved(text, s_start, s_end, claimant, speaker))
    if claimant is None or _names(body, claimant):
        return _finish(body)
    # the speaker is named outside the sentence (a headline's dash)
    return _finish(f"{body.rstrip('.!? ')}, according to {_display(claimant, '')}.")


_QUOTE_MARKS = '"“”'


def _quoted_part(text: str, s_start: int, s_end: int, c_start: int, c_end: int):
    """The quoted words of a sentence around ``c_start:c_end`` when the sentence's
    speaker tag is not all of it: `Three crew ... were on board," the ministry said`
    gives `Three crew ... were on board`."""
    opening = max(text.rfind(q, s_start, c_start) for q in _QUOTE_MARKS)
    closings = [text.find(q, c_end, s_end) for q in _QUOTE_MARKS]
    closings = [c for c in closings if c >= 0]
    start = opening + 1 if opening >= 0 else s_start
    end = min(closings) if closings else s_end
    if start == s_start and end == s_end:
        return (
            None
            if not text[s_start:s_end].strip().startswith(tuple(_QUOTE_MARKS))
            else (s_start, s_end)
        )
    return start, end


def _clause(text: str, start: int, end: int, c_start: int, c_end: int) -> tuple[int, int]:
    """The clause of a long sentence that holds ``c_start:c_end``."""
    lo, hi = start, end
    for m in _CLAUSE_CUT_RE.finditer(text, start, end):
        if m.end() <= c_start:
            lo = m.end()
        elif m.start() >= c_end:
            hi = m.start()
            break
    return lo, hi


def _leans_on_context(phrase: str) -> bool:
    """ "he", "the ministry", "its spokesman": no name of its own."""
    words = phrase.split()
    if not words or phrase.lower() in _PRONOUNS:
        return True
    return bool(_ARTICLE_RE.match(phrase)) and not any(w[:1].isupper() for w in words[1:])


def names_claimant(statement: str, claimant: ClaimantRef) -> bool:
    """Whether ``statement`` names ``claimant``: its name, a form of it the article
    used that is a name ("Russia's Defense Ministry", not "the ministry"), or a
    person's surname."""
    return _names(statement, claimant)


def _names(statement: str, claimant: ClaimantRef) -> bool:
    """The statement names the claimant: its name, a form the article used, or a
    person's surname."""
    low = statement.lower()
    if claimant.name and claimant.name.lower() in low:
        return True
    if any(alias.lower() in low for alias in claimant.aliases if not _leans_on_context(alias)):
        return True
    if claimant.kind == "person":
        surname = claimant.name.split()[-1] if claimant.name.split() else ""
        return bool(surname) and re.search(rf"\b{re.escape(surname.lower())}\b", low) is not None
    return False
