"""Propose the checkable claims in a news article's plain text: ``extract()``.

Rule-based and pure Python, split by what each part reads: lexicon (word lists)
<- tokens (tokenizer, sentences, the document) <- numbers, claimants <- casualties,
attributions, hedges, statements, sources (who gives each figure, and each claim as
one sentence) <- here, where extract() runs them. May import the standard library
and ``claims.text`` (which brings rapidfuzz); never Django.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from operator import itemgetter

from claims.text.anchoring import CONTEXT, SENTENCE_WINDOW, sentence_window

from .attributions import _attributions
from .casualties import _casualties
from .claimants import ClaimantRef
from .hedges import _hedges
from .sources import link
from .statements import _statements
from .tokens import _covering, _Doc

__all__ = ["EXTRACTOR_VERSION", "Candidate", "ClaimantRef", "extract"]

EXTRACTOR_VERSION = "1.3"


@dataclass
class Candidate:
    """One proposed claim. Besides the span and the casualty structure:

    * ``statement`` (str, never empty): the claim as checked, one self-contained
      sentence a reader understands without the article (ClaimReview's
      ``claimReviewed``). Figures, hedges and records: the sentence holding them,
      "he"/"the ministry"/"the spokesman" spelled out as the claimant's name,
      trimmed to the clause when long, and the claimant named when the tag is
      outside the sentence ('Dmitry Peskov said: "..."', "..., according to X").
      Attributions: the speaker named and what they said (the reported speech or
      the quotation). A title passed alone gives the title.
    * ``claimant`` / ``via``: for attributions, who spoke and through whom; for
      casualty, unverified and statement candidates, who gives the figure -- taken
      from the attribution that governs it (``attribution``) or a headline's
      closing "– Russian Defense Ministry".
    * ``by_outlet`` (bool): True when the article names nobody for a casualty,
      unverified or statement candidate: the outlet itself states it (show
      "reported by <outlet>"); then ``claimant`` is None. Always False for
      attributions.
    * ``attribution`` (int | None): for casualty, unverified and statement
      candidates, the index in the list ``extract()`` returns of the attribution
      that governs it; None when none does.
    * ``contains`` (tuple[int, ...]): for attributions, the indexes in that list
      of the candidates inside what was said ("Defense Ministry: 5 killed (3 crew,
      2 officers)" as one unit); the inverse of ``attribution``.

    Indexes refer to the list as returned; a caller that filters it maps them.
    """

    kind: str  # "casualty" | "attribution" | "unverified" | "statement"
    start: int  # code-point offsets into the text, end exclusive
    end: int
    exact: str  # == text[start:end]
    prefix: str  # up to CONTEXT characters before / after
    suffix: str
    sentence: str  # the sentence(s) holding the span, clipped to a window around it
    claimant: ClaimantRef | None = None
    via: list[ClaimantRef] = field(default_factory=list)  # relay chain, outermost last
    count_min: int | None = None
    count_max: int | None = None
    category: str = ""  # casualty: "killed" | "injured" | "aboard" | "missing" | "other"
    parts: list[dict] = field(default_factory=list)  # [{"count": 3, "who": "crew"}, ...]
    subject: str = ""  # casualty: who is counted ("pilots", "crew and officers")
    cumulative: bool = False  # casualty: a running total ("since the war began", "so far")
    reason: str = ""  # unverified: the hedge ("cannot verify", "allegedly")
    statement: str = ""  # the claim as checked, one self-contained sentence
    by_outlet: bool = False  # nobody named: the outlet itself gives it
    attribution: int | None = None  # index of the governing attribution in the list
    contains: tuple[int, ...] = ()  # attribution: indexes of the claims inside it
    extractor_version: str = EXTRACTOR_VERSION
    # where the whole sentence(s) start and end: ``sentence`` may be a window of them
    sentence_start: int = 0
    sentence_end: int = 0


def extract(text: str, *, doc: _Doc | None = None) -> list[Candidate]:
    """Propose claim candidates in ``text`` (an article body or a title).

    ``doc``: ``text`` as :func:`budget.read` gave it, when the importer has already
    counted its claim signals in it (the text is then not tokenised again).

    ``text`` is an article's canonical text (paragraphs separated by a blank
    line, quotation marks kept) or a title. The candidates, for reviewers:

    * ``casualty``: a number of people killed, injured, aboard, missing or
      otherwise harmed, with the number structured (see numbers.py);
    * ``attribution``: who said something (the speaker and reporting verb, with
      the quotation when there is one), through whom it was relayed;
    * ``unverified``: the outlet or a source says something is not verified, or
      hedges it ("allegedly", "it was not clear");
    * ``statement``: a few record-style assertions with an ordinal or superlative
      and a comparison set ("the third ... this year", "the deadliest ... since").

    It is rule-based on purpose: every proposal can be explained to a reviewer,
    it runs in linear time with precompiled patterns, and it needs nothing but
    the standard library. Each candidate is anchored to the shortest phrase that
    states the claim; candidates may overlap.

    Candidates are sorted by (start, end, kind); ``text[c.start:c.end] ==
    c.exact`` for each.
    """
    if not text or not text.strip():
        return []
    if doc is None or doc.text != text:
        doc = _Doc(text)
    raws = _casualties(doc) + _attributions(doc) + _hedges(doc) + _statements(doc)
    seen: set[tuple[str, int, int]] = set()
    out: list[Candidate] = []
    speakers: list[tuple[int, int] | None] = []  # where each attribution's speaker is named
    spans: list[tuple[int, int]] = []  # the sentence(s) holding each candidate
    sents, sent_starts = doc.sents, doc.sent_starts
    for raw in sorted(raws, key=_SPAN_THEN_KIND):
        start, end = raw.start, raw.end
        key = (raw.kind, start, end)
        if key in seen or end <= start:
            continue
        seen.add(key)
        s_start, s_end = _covering(sents, sent_starts, start, end)
        if s_start <= start and end <= s_end and s_end - s_start <= SENTENCE_WINDOW:
            w_start, w_end = s_start, s_end  # the whole sentence: most of them
        else:
            w_start, w_end = sentence_window(text, s_start, s_end, start, end)
        # Candidate's own __init__, done in C: hundreds per article. A copy of a dict
        # holding every field already is one allocation; its slots are then filled in.
        values = _CANDIDATE_FIELDS.copy()
        values["via"] = []
        values["parts"] = []
        values["kind"] = raw.kind
        values["start"] = start
        values["end"] = end
        values["exact"] = text[start:end]
        values["prefix"] = text[max(0, start - CONTEXT) : start]
        values["suffix"] = text[end : end + CONTEXT]
        values["sentence"] = text[w_start:w_end]
        values["sentence_start"] = s_start
        values["sentence_end"] = s_end
        values.update(raw.data)
        speakers.append(values.pop("_speaker", None))
        spans.append((s_start, s_end))
        candidate = _new_candidate(Candidate)
        candidate.__dict__ = values
        out.append(candidate)
    link(doc, out, speakers, spans)
    return out


_new_candidate = object.__new__
_SPAN_THEN_KIND = itemgetter(1, 2, 0)  # a _Raw's (start, end, kind)
_CANDIDATE_DEFAULTS = {f.name: f.default for f in fields(Candidate) if f.default is not MISSING}
# every field is set by extract(): the defaults, fresh lists, the span and its text
_SET_BY_EXTRACT = ("via", "parts", "kind", "start", "end", "exact", "prefix", "suffix", "sentence")
assert set(_CANDIDATE_DEFAULTS) | set(_SET_BY_EXTRACT) == {f.name for f in fields(Candidate)}
# every field, in the order extract() fills them in: copied for each candidate
_CANDIDATE_FIELDS = {**_CANDIDATE_DEFAULTS, **dict.fromkeys(_SET_BY_EXTRACT)}
