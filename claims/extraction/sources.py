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
from operator import itemgetter
from typing import TYPE_CHECKING, Protocol

from .claimants import ClaimantRef, normalise_claimant
from .lexicon import _PRONOUNS, _ROLE_NOUNS, _TIME_WORDS

if TYPE_CHECKING:
    from .tokens import _Doc


class Candidate(Protocol):
    """What this module reads and fills of a ``claims.extraction.Candidate`` (which
    imports this module, so it is not imported here)."""

    kind: str
    start: int
    end: int
    exact: str
    claimant: ClaimantRef | None
    via: list[ClaimantRef]
    statement: str
    by_outlet: bool
    attribution: int | None
    contains: tuple[int, ...]


# A statement longer than this is trimmed to the clause that holds its claim.
LONG_SENTENCE = 280

_SPEECH_KINDS = ("casualty", "unverified", "statement")
_MARKDOWN_RE = re.compile(r"(?<![\w*])[*_]{1,2}(?=\S)|(?<=\S)[*_]{1,2}(?![\w*])")
# Where a long sentence may be cut: a semicolon, a dash between clauses, a colon.
_CLAUSE_CUT_RE = re.compile(r";\s+|\s+[—–]\s+|\s+--\s+|:\s+(?=[A-Z\"“])")
# A headline's closing source: "Mi-28N gunship crashes near Homs, both pilots dead –
# Russian Defense Ministry", "... – MoD".
_HEADLINE_SOURCE_RE = re.compile(
    r"\s[—–-]\s+((?:the\s+)?[A-Z][\w'’.&-]*(?:\s+[\w'’.&-]+){0,5})\s*[\])]?\s*$"
)
# Short references a statement spells out: "he", "the ministry", "the spokesman",
# "Peskov" (one word standing for a person named in full before).
_ARTICLE_RE = re.compile(r"(?:the|this|that|its|their|his|her)\s+", re.IGNORECASE)


def link(
    doc: _Doc,
    cands: list[Candidate],
    speakers: list[tuple[int, int] | None],
    spans: list[tuple[int, int]],
) -> None:
    """Fill ``claimant``/``via``/``by_outlet``/``attribution``/``contains``/``statement``
    on ``cands`` (sorted, as ``extract()`` returns them); ``speakers[i]`` is where the
    speaker of attribution ``i`` is named in the text, ``spans[i]`` the sentence(s)
    holding candidate ``i``."""
    text = doc.text
    attributions = [i for i, c in enumerate(cands) if c.kind == "attribution"]
    att_starts = [cands[i].start for i in attributions]
    contained: dict[int, list[int]] = {}
    labels = _speaker_labels(text) if ":" in text else None
    agents: dict[tuple[int, int], ClaimantRef] = {}  # sentence -> its passive agent
    issuer = _issuer(text)
    quoted = '"' in text or "“" in text
    for index, cand in enumerate(cands):
        if cand.kind not in _SPEECH_KINDS:
            continue
        agent = _passive_agent(text, doc, cand)
        if agent is not None:
            cand.claimant = agent
            agents[spans[index]] = agent
            continue
        governing = _governing(
            doc, cands, attributions, att_starts, cand, speakers, spans[index], quoted
        )
        if governing is not None:
            att = cands[governing]
            cand.claimant = att.claimant
            cand.via = list(att.via)
            outer = _quoting(cands, attributions, att_starts, cand, governing) if quoted else None
            if outer is not None and cands[outer].claimant not in (None, att.claimant):
                cand.via.append(cands[outer].claimant)  # reported speech in a quotation
            cand.attribution = governing
            contained.setdefault(governing, []).append(index)
            continue
        source = _headline_source(doc, cand) or (labels and _label_of(doc, labels, cand)) or issuer
        if source is not None and source is not _OUTLET:
            cand.claimant = source
        elif cand.claimant is None:
            cand.by_outlet = True
    if agents:
        # "213 deaths have been confirmed by the National Disaster Office, with a
        # further 96 people reported missing": the agent gives the sentence's figures
        for cand, span in zip(cands, spans, strict=True):
            if cand.by_outlet:
                agent = agents.get(span)
                if agent is not None:
                    cand.claimant, cand.by_outlet = agent, False
    for governing, members in contained.items():
        cands[governing].contains = tuple(members)
    pairs = sorted(
        (
            (speakers[i], cands[i].claimant)
            for i in attributions
            if speakers[i] is not None and cands[i].claimant is not None
        ),
        key=itemgetter(0),
    )
    named: _Named = (
        [p[0] for p in pairs],
        [p[1] for p in pairs],
        [_spelled_out(text[p[0][0] : p[0][1]], p[1]) for p in pairs],
    )
    bodies: dict[tuple[int, int], str] = {}  # candidates share sentences: each resolved once
    for cand, span in zip(cands, spans, strict=True):
        if cand.kind == "attribution":
            body = bodies.get(span)
            if body is None:
                body = bodies[span] = _finish(_clean(_resolved(text, *span, named)))
            cand.statement = body
        else:
            att = cands[cand.attribution] if cand.attribution is not None else None
            cand.statement = _claim_statement(text, cand, att, named, span, bodies)


# --------------------------------------------------------------------------
# The governing attribution
# --------------------------------------------------------------------------

# A figure's own agent: "213 deaths have been confirmed by the National Disaster
# Office", "an official tally of 41 released earlier Tuesday by Amman".
_PASSIVE_AGENT_RE = re.compile(
    r"[ \t]+(?:(?:have|has|had)[ \t]+been[ \t]+|(?:was|were|is|are)[ \t]+)?"
    r"(?:confirmed|reported|recorded|released|announced|given|provided|compiled|issued"
    r"|published|registered|counted|documented)"
    r"(?:[ \t]+[\w'’-]+){0,3}?[ \t]+by[ \t]+((?:the[ \t]+)?[\w'’.&-]+(?:[ \t]+[\w'’.&-]+){0,6})"
)
_AGENT_END_RE = re.compile(r"[,;:.()]|\b(?:on|in|at|after|before|since|as|and|but|while)\b")


def _passive_agent(text: str, doc: _Doc, cand: Candidate) -> ClaimantRef | None:
    """The agent of the figure's own passive verb, named right after it."""
    # the agent follows "by" and starts within 60 characters: no "by", no agent
    if text.find("by", cand.end, cand.end + 62) < 0:
        return None
    m = _PASSIVE_AGENT_RE.match(text, cand.end)
    if m is None or m.start(1) - cand.end > 60:
        return None
    phrase = m.group(1)
    cut = _AGENT_END_RE.search(phrase)
    if cut is not None:
        phrase = phrase[: cut.start()]
    phrase = phrase.strip()
    if not phrase:
        return None
    ref = normalise_claimant(phrase)
    if (
        not ref.name
        or ref.name.lower() in _NOT_AGENTS
        or phrase.split()[0].lower() in _TIME_WORDS
        or phrase.split()[0].lower() in _NOT_AGENT_STARTS
    ):
        return None
    if ref.kind == "unknown" and not phrase[:1].isupper():
        return None  # "by Amman" names a government; "by the wind" names nobody
    return ref


# Agents that are not sources: "rescued by troops", "reported by relatives" are
# not figures they give.
_NOT_AGENTS = frozenset(("troops", "rescuers", "soldiers", "police officers", "officers"))
# "by Wednesday morning", "by nightfall": a time, not an agent
_NOT_AGENT_STARTS = frozenset(
    ("noon", "midday", "evening", "morning", "nightfall", "dawn", "then", "now", "late", "early")
)


def _in_quotation(text: str, start: int, at: int) -> bool:
    """Whether ``at`` lies inside a quotation opened after ``start``."""
    span = text[start:at]
    return span.count('"') % 2 == 1 or span.count("“") > span.count("”")


# A speaker's description after the name: "said Brian Otieno, a 23-year-old student
# who was wounded" -- the outlet describes him; it is not what he said.
_SPEAKER_DESCRIPTION_RE = re.compile(r"\s*,\s+(?:a|an|the|who|whose|one|\d+,)\b[^;:\"“”]*$")


def _governing(
    doc: _Doc,
    cands: list[Candidate],
    attributions: list[int],
    att_starts: list[int],
    cand: Candidate,
    speakers: list[tuple[int, int] | None],
    span: tuple[int, int],
    quoted: bool,
) -> int | None:
    """Index of the attribution whose speaker gives ``cand`` (in the sentence(s)
    ``span``), or None. ``quoted``: the text has quotation marks."""
    text = doc.text
    s_start, s_end = span
    lo = bisect_left(att_starts, s_start)
    hi = bisect_left(att_starts, s_end)
    # the speaker of the sentence: one whose span takes in the figure ("a regional
    # official put the death toll at 52"), else the nearest before it ("X said 10
    # people were killed"), else the nearest after it ("..., the ministry said")
    before = after = overlapping = None
    for k in range(lo, hi):
        index = attributions[k]
        att = cands[index]
        if att.end <= cand.start:
            before = index
        elif att.start >= cand.end:
            if after is None:
                after = index
        elif not (
            quoted
            and att.start <= cand.start
            and cand.end <= att.end
            and _in_quotation(text, att.start, cand.start)
        ):
            overlapping = index  # a figure inside a quotation is dealt with below
    if overlapping is not None and not _describes_speaker(text, cands, overlapping, cand, speakers):
        return overlapping
    if before is not None and _describes_speaker(text, cands, before, cand, speakers):
        return None
    # a quotation the claim sits in (its span runs from the quotation to the tag)
    inside = _quoting(cands, attributions, att_starts, cand, None) if quoted else None
    if inside is not None and _in_quotation(text, cands[inside].start, cand.start):
        # reported speech inside the quotation is the nearer source
        nested = (
            before if before is not None and cands[before].start > cands[inside].start else None
        )
        return nested if nested is not None else inside
    if (
        after is not None
        and "by" in cands[after].exact
        and _PASSIVE_TAG_RE.match(cands[after].exact)
        and text[cand.end : cands[after].start].strip(" ,")
    ):
        # "The crash left both pilots dead, with technical failure cited by Moscow as
        # the cause": what the speaker gives is the noun before "cited", not the figure
        after = None
    if before is not None and after is not None:
        # "X said ...; the police said 5 ...": the speaker whose clause holds it
        between = text[cands[before].end : cand.start]
        if _CLAUSE_CUT_RE.search(between) or ", while " in between or ", but " in between:
            return after
        return before
    return before if before is not None else after


# A speaker named after a passive participle ("cited by Moscow"): it gives the noun
# the participle follows.
_PASSIVE_TAG_RE = re.compile(
    r"(?:cited|reported|claimed|announced|confirmed|released|published|provided|given"
    r"|issued|quoted|blamed)\s+by\b"
)


def _describes_speaker(
    text: str,
    cands: list[Candidate],
    index: int,
    cand: Candidate,
    speakers: list[tuple[int, int] | None],
) -> bool:
    """The figure is in the description of the attribution's speaker."""
    speaker = speakers[index]
    if speaker is None:
        return False
    if cand.start < speaker[1] and speaker[0] < cand.end:
        return True  # "The four survivors – three men and a woman – told aid workers"
    att = cands[index]
    # before the reporting verb ("X, who ..., said"), or after a speaker who ends
    # the attribution ('"...," said X, a student who was wounded')
    if speaker[1] > cand.start or not (cand.start < att.end or speaker[1] >= att.end - 1):
        return False
    between = text[speaker[1] : cand.start]
    if not between.strip(" ,"):
        # the figure is the description itself: "said Brian Otieno, a student who was
        # wounded" (not "according to the ministry, 161 people have been killed")
        return "," in between and cand.exact.lower().startswith(("a ", "an "))
    return _SPEAKER_DESCRIPTION_RE.match(between) is not None


def _quoting(
    cands: list[Candidate],
    attributions: list[int],
    att_starts: list[int],
    cand: Candidate,
    skip: int | None,
) -> int | None:
    """Index of the smallest attribution whose span (a quotation and its tag) holds
    ``cand``."""
    inside = None
    size = 0
    upto = bisect_right(att_starts, cand.start)
    for k in range(upto - 1, -1, -1):
        att = cands[attributions[k]]
        if cand.start - att.start > 5000:
            break
        if (
            attributions[k] != skip
            and cand.end <= att.end
            and (inside is None or att.end - att.start < size)
        ):
            inside, size = attributions[k], att.end - att.start
    return inside


def _headline_source(doc: _Doc, cand: Candidate) -> ClaimantRef | None:
    """The source a headline names after a dash: "..., both pilots dead – Russian
    Defense Ministry"."""
    text = doc.text
    # only a line ending within 120 characters may hold a source: no search beyond
    line_end = text.find("\n", cand.end, cand.end + 121)
    if line_end < 0:
        if len(text) - cand.end > 120:
            return None
        line_end = len(text)
    line = text[cand.end : line_end]
    if ("–" not in line and " - " not in line and "—" not in line) or line.rstrip().endswith(
        (".", "!", "?", '"', "”")
    ):
        return None
    m = _HEADLINE_SOURCE_RE.search(line)
    if m is None:
        return None
    ref = normalise_claimant(m.group(1))
    return ref if ref.name and ref.kind != "unknown" else None


# A release's heading that names who issues it: "Statement by UNICEF Regional
# Director ...", "STATEMENT BY THE GENERAL STAFF", "NAVAL FORCES COMMAND — OFFICIAL
# RELEASE".
_ISSUED_BY_RE = re.compile(
    r"(?:statement|press\s+release|news\s+release|communiqu[eé])\s+(?:by|from|of)\s+(.+)"
    r"|(.+?)\s*[—–-]+\s*(?:official\s+release|press\s+release|statement|communiqu[eé])",
    re.IGNORECASE,
)


_FIRST_LINE_RE = re.compile(r"\s*([^\n]{1,160})")


def _issuer(text: str) -> ClaimantRef | None:
    """Who issues a statement or release whose first line names them: its figures are
    theirs unless someone else is named for them."""
    first = _FIRST_LINE_RE.match(text)
    head = first.group(1).strip() if first is not None else ""
    if not head or head.endswith(".") or len(head) > 120:
        return None
    low = head.lower()
    if "statement" not in low and "release" not in low and "communiq" not in low:
        return None
    m = _ISSUED_BY_RE.fullmatch(head)
    if m is None:
        return None
    phrase = (m.group(1) or m.group(2)).strip()
    if phrase.isupper():
        phrase = " ".join(w.capitalize() if len(w) > 3 else w.lower() for w in phrase.split())
    ref = normalise_claimant(phrase)
    # "The General Staff of the Armed Forces": the body before "of the"
    if ref.kind != "organization" and " of the " in phrase.lower():
        ref = normalise_claimant(phrase[: phrase.lower().index(" of the ")])
    return ref if ref.name and ref.kind in ("organization", "media") else None


# A transcript's speaker label at the start of a paragraph: "CHIEF LINDA HARMON,
# DAYTON FIRE DEPARTMENT: We have three confirmed fatalities."
_SPEAKER_LABEL_RE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'’-]*(?:[ \t]+[A-Z][A-Z.'’-]*){0,4})"
    r"((?:[ \t]*\([A-Z]\))?(?:,[^:\n]{1,80})?):[ \t]",
    re.MULTILINE,
)
# The outlet's own people: what they say is the outlet's report.
_STAFF_WORDS = re.compile(
    r"\b(?:ANCHOR|HOST|CORRESPONDENT|REPORTER|PRESENTER|CO-HOST|BUREAU CHIEF|CONTRIBUTOR"
    r"|ANALYST|EDITOR)\b"
)
_OUTLET = ClaimantRef(name="", kind="unknown")  # a label of the outlet's own staff


def _speaker_labels(text: str) -> list[tuple[int, ClaimantRef]] | None:
    """(paragraph start, speaker) of each labelled turn of a transcript."""
    found = []
    by_surname: dict[str, ClaimantRef] = {}
    for m in _SPEAKER_LABEL_RE.finditer(text):
        name, rest = m.group(1), m.group(2)
        words = name.split()
        if not any(len(w.strip(".")) > 1 for w in words):
            continue
        if _STAFF_WORDS.search(rest) or _STAFF_WORDS.search(name):
            ref = _OUTLET
            by_surname[words[-1]] = ref
        elif not rest and len(words) == 1:
            ref = by_surname.get(words[0])  # "ELLISON:" goes on as the speaker named first
            if ref is None:
                continue
        elif not rest:
            continue  # "HIGHLIGHTS:" and other headings
        else:
            surface = " ".join(w.capitalize() for w in words)
            ref = normalise_claimant(surface)
            if ref.kind != "person":
                continue
            by_surname[words[-1]] = ref
        found.append((m.start(), ref))
    return found or None


def _label_of(
    doc: _Doc, labels: list[tuple[int, ClaimantRef]], cand: Candidate
) -> ClaimantRef | None:
    """The speaker whose transcript turn (a paragraph opened by a label) holds ``cand``."""
    paras = doc.paras
    para = bisect_right(doc.para_starts, cand.start) - 1
    if para < 0:
        return None
    p_start = paras[para][0]
    for at, ref in labels:
        if p_start <= at <= p_start + 2:
            return ref
    return None


# --------------------------------------------------------------------------
# Statements
# --------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Markdown emphasis dropped, whitespace runs made one space."""
    if "*" in text or "_" in text:
        text = _MARKDOWN_RE.sub("", text)
    # Most sentences are clean already: no whitespace but single spaces inside
    # (every other whitespace character is unprintable), none at either end.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


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
    if claimant.kind not in {"organization", "media"} or name.lower().startswith("the "):
        return name
    words = written.split()
    if len(words) > 1 and words[-1].lower() in _ROLE_NOUNS:
        # "the official" of the police: "the police official", not "the police"
        return f"{words[0].lower()} {name} {words[-1]}"
    if name.isupper() or claimant.kind == "media":
        return name  # "TASS", "Reuters", "CCTV"
    low = name.lower()
    if low.rsplit(" ", 1)[-1] in _TAKES_THE or any(
        a.lower().startswith("the ") and low in a.lower() for a in claimant.aliases
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
    if claimant.name in written:
        return False
    low = written.lower()
    if low in _PRONOUNS:
        return True
    if claimant.name.lower() in low:
        return False
    words = written.split()
    if _ARTICLE_RE.match(written) and len(words) <= 3:
        return True
    return len(words) == 1 and claimant.kind == "person"


def _resolved(text: str, start: int, end: int, named: _Named) -> str:
    """``text[start:end]`` with every speaker phrase in it that is a short reference
    ("he", "the ministry", "the spokesman") spelled out."""
    spans, _, names = named
    lo = bisect_left(spans, (start, start))
    out = []
    at = start
    for k in range(lo, len(spans)):
        s_start, s_end = spans[k]
        if s_start >= end:
            break
        name = names[k]
        if name is None or s_end > end or s_start < at:
            continue
        out.append(text[at:s_start])
        out.append(name)
        at = s_end
    if not out:
        return text[start:end]
    out.append(text[at:end])
    return "".join(out)


def _spelled_out(written: str, claimant: ClaimantRef) -> str | None:
    """The name a statement puts for the speaker phrase ``written``, or None when the
    phrase names them well enough."""
    if not _is_short_reference(written, claimant):
        return None
    name = _display(claimant, written)
    if written[:1].isupper() and not name[:1].isupper():
        name = name[0].upper() + name[1:]
    return name


# Where each attribution's speaker is named, in text order, who it is, and what a
# statement puts there (None: the phrase as written).
_Named = tuple[list[tuple[int, int]], list[ClaimantRef], list[str | None]]


def _claim_statement(
    text: str,
    cand: Candidate,
    att: Candidate | None,
    named: _Named,
    span: tuple[int, int],
    bodies: dict[tuple[int, int], str],
) -> str:
    """The sentence holding a figure, hedge or record, its speakers spelled out, and
    its claimant named even when the tag is in another sentence of the quotation."""
    s_start, s_end = span
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
    body = bodies.get((s_start, s_end))
    if body is None:
        body = bodies[s_start, s_end] = _finish(_clean(_resolved(text, s_start, s_end, named)))
    if cand.kind != "statement" and body[:1] in "HIST":
        # "It gave no evidence", "He did not give a toll": the speaker just named (a
        # record's "It was the deadliest ..." is the event, not a speaker)
        body = _opening_pronoun(text, s_start, body, named)
    if claimant is None or _names(body, claimant):
        return body
    # the speaker is named outside the sentence (a headline's dash)
    return _finish(f"{body.rstrip('.!? ')}, according to {_display(claimant, '')}.")


_QUOTE_MARKS = '"“”'
# A pronoun with an action ("It gave no evidence"), not a copula ("It was the
# deadliest attack", which is about the event).
_OPENING_PRONOUN_RE = re.compile(
    r"(He|She|It|They)\b(?!['’]|\s+(?:is|was|were|are|remains?|remained|became|seems?|seemed)\b)"
)


def _opening_pronoun(text: str, s_start: int, body: str, named: _Named) -> str:
    """A sentence that opens with "He"/"She"/"It"/"They" names the speaker of the
    sentence before instead, when that speaker is the kind the pronoun stands for."""
    m = _OPENING_PRONOUN_RE.match(body)
    if m is None:
        return body
    spans, refs, _ = named
    k = bisect_left(spans, (s_start, s_start)) - 1
    if k < 0 or s_start - spans[k][1] > 300:
        return body
    ref = refs[k]
    pronoun = m.group(1)
    person = ref.kind == "person"
    if (pronoun in ("He", "She") and not person) or (pronoun == "It" and person):
        return body
    if pronoun == "They" and person:
        return body
    name = _display(ref, "")
    return name[0].upper() + name[1:] + body[m.end() :]


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
    name = claimant.name
    if name and name in statement:
        return True
    low = statement.lower()
    if name and name.lower() in low:
        return True
    if any(alias.lower() in low for alias in claimant.aliases if not _leans_on_context(alias)):
        return True
    if claimant.kind == "person":
        words = claimant.name.lower().split()
        return bool(words) and words[-1] in _WORD_RE.findall(low)
    return False


_WORD_RE = re.compile(r"[\w'’-]+")
