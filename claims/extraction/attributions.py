"""Attribution claims: speakers and reporting verbs, "according to", quotations, and
the relays a statement came through."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from .claimants import (
    _DOCUMENT_HEADS,
    _all_names,
    _Claimant,
    _has_role,
    _Named,
    _np_back,
    _np_fwd,
    _Registry,
    _surface,
    normalise_claimant,
)
from .lexicon import (
    _DOC_NOUNS,
    _FINITE_VERBS,
    _FIRST_PERSON,
    _GENERIC_CLAIMANTS,
    _MENTION_ROLES,
    _MENTION_TITLES,
    _NAME_TITLES,
    _ORG_HEADS,
    _PARTICIPLES,
    _POSSESSIVES,
    _PRONOUNS,
    _ROLE_NOUNS,
    _TIME_WORDS,
    _WEEKDAYS,
    _words,
)
from .tokens import _START, _Doc, _match_words, _new_tuple, _Raw, _Tok

_NOUN_LIKE_VERBS = _words("reports claims")
_NEEDS_COMPLEMENT = _words("declared declares announced announces")
_PASSIVE_BY = _words(
    "cited reported claimed announced confirmed released published provided given issued quoted"
)
_SKIPPABLE_BEFORE_VERB = _words(
    "also later earlier previously initially separately further has have had already "
    "subsequently then had first last repeatedly publicly reportedly again would will now"
)
_MODAL_NEXT = _words(
    "were was is are have has had could would will should may might said says told "
    "suggest suggested show showed shows indicate indicated vary varied"
)
_NEGATORS = _words("no neither nor none")
# After "said X", these show that X begins the reported clause, not that X spoke.
_CONTENT_VERBS = _words(
    "was were is are had has have could would will can may might should must did does do"
)
_MEDIA_RELAY_VERBS = _words("reported reports said says")
_CLAUSE_ENDS = frozenset((",", ".", ";", ":", "(", ")", '"', "“", "”", "—", "–"))


@dataclass
class _Event:
    start: int
    end: int
    np_start: int  # where the speaker is named: discourse order
    np: str  # the speaker phrase as written
    sent: int
    verb_tok: int
    end_tok: int  # last token index of the span
    via: list[str] = field(default_factory=list)  # relay phrases, outermost last
    statement: bool = False
    dropped: bool = False
    kind: str = "said"  # "said" | "according" | "participle"


def _events_in_sentence(doc: _Doc, index: int, positions: list[int]) -> list[_Event]:
    """The speaker+verb events of one sentence; ``positions`` are the indices of its
    reporting words, so only those tokens are looked at."""
    toks, text = doc.tokens(index), doc.text
    lo, hi = 0, len(toks)
    events: list[_Event] = []
    pending_citing: str | None = None
    resume = lo
    for k in positions:
        if k < resume:
            continue
        t = toks[k]
        low = t.low
        if low == "according" and k + 1 < hi and toks[k + 1].low == "to":
            end = _np_fwd(toks, k + 2, hi)
            if end is not None and end + 1 < hi and toks[end + 1].low in _DOCUMENT_HEADS:
                end += 1  # "according to the passenger manifest"
            if end is not None:
                end = _apposition_fwd(toks, k + 2, end, hi)
                np = _surface(text, toks, k + 2, end)
                ev = _Event(
                    t.start, toks[end].end, toks[k + 2].start, np, index, k, end, kind="according"
                )
                ev.statement = any(toks[x].low in _DOC_NOUNS for x in range(k + 2, end + 1))
                events.append(ev)
                resume = end + 1
        elif low in {"citing", "quoting"} and k + 1 < hi:
            end = _np_fwd(toks, k + 1, hi)
            if (
                end is not None
                and toks[end].low in _DOC_NOUNS
                and end + 2 < hi
                and toks[end + 1].low in ("from", "by", "of")
            ):
                # "quoting a statement from the country's emergency committee": its
                # author, up to the clause's end
                j = end + 2
                while j < hi and j - end < 10 and toks[j].low not in _CLAUSE_ENDS:
                    j += 1
                end = j - 1
            if end is not None:
                end = _apposition_fwd(toks, k + 1, end, hi)  # "citing the mayor, Ali Omar"
                np = _surface(text, toks, k + 1, end)
                previous = events[-1] if events else None
                if previous is not None and k - 1 >= lo and toks[k - 1].low == ",":
                    _relay(previous, np)
                    if previous.end_tok == k - 2:
                        previous.end = toks[end].end
                        previous.end_tok = end
                else:
                    pending_citing = np
                resume = end + 1
        elif low in _PARTICIPLES and t.text == low:
            # "The department is now confirming three dead": a progressive tense
            ev = (
                _finite_event(doc, index, k)
                if _progressive(toks, k, lo)
                else _participle_event(doc, index, k, events)
            )
            if ev is not None:
                events.append(ev)
        elif (low in _FINITE_VERBS and t.text == low) or (
            low in ("put", "puts", "putting")
            and (
                _match_words(toks, k + 1, hi, ("the", "toll"))
                or _match_words(toks, k + 1, hi, ("the", "death", "toll"))
                or _match_words(toks, k + 1, hi, ("the", "number"))
            )
        ):
            ev = _finite_event(doc, index, k)
            if ev is not None and ev.kind == "and":
                same = next((e for e in events if e.np_start == ev.np_start), None)
                if same is not None:
                    # one speaker, two verbs: a single attribution
                    same.end, same.end_tok = ev.end, ev.end_tok
                    continue
            if ev is not None:
                if pending_citing:
                    _relay(ev, pending_citing)
                    pending_citing = None
                events.append(ev)
                if ev.kind == "passive":
                    resume = ev.end_tok + 1
    return _merge_relays(doc, index, events)


def _relay(event: _Event, np: str) -> None:
    """``np`` is the real source; the event's speaker becomes the relay."""
    event.via.insert(0, event.np)
    event.np = np


def _apposition_fwd(toks: list[_Tok], s: int, end: int, hi: int) -> int:
    """Extend "John Smith" to "John Smith, a spokesman for the fire department"."""
    if end + 2 < hi and toks[end + 1].low == ",":
        second = _np_fwd(toks, end + 2, hi)
        if second is not None and (
            second + 1 >= hi or toks[second + 1].low in (",", ".", ";", ")")
        ):
            first_named = _all_names(toks, s, end) or (
                toks[s].low in ("the", "a", "an") and _all_names(toks, s + 1, end)
            )
            if (first_named and _has_role(toks, end + 2, second)) or (
                _has_role(toks, s, end) and _all_names(toks, end + 2, second)
            ):
                return second
    return end


def _speaker_before(toks: list[_Tok], k: int, lo: int) -> tuple[int, int] | None:
    """Token span of the speaker before the verb at ``k`` ("Peskov said")."""
    found = _speaker_phrase_before(toks, k, lo)
    if found is None:
        return None
    return _first_conjunct(toks, *found, lo)


_CLAUSE_OPENERS = frozenset((",", ";", ":", '"', "“", "”", "—", "–", "(", "and", "but"))


def _first_conjunct(toks: list[_Tok], a: int, b: int, lo: int) -> tuple[int, int]:
    """ "a local resident and media said", "Police and witnesses said", "A fisherman and
    his son, who saw it, told": two sources named together at the head of the clause
    are one attribution, credited to the first; ``a``..``b`` is the second."""
    m = a - 1
    if m >= lo and toks[m].low in _POSSESSIVES:
        m -= 1
    if m - 1 < lo or toks[m].low not in {"and", "or"} or toks[a].low in _PRONOUNS:
        return a, b
    first = _np_back(toks, m - 1, lo)
    if first is None or toks[first].low in _PRONOUNS or toks[first].low in _FIRST_PERSON:
        return a, b
    p = first - 1
    if p >= lo and toks[p].low in ("a", "an", "the"):
        p -= 1
    if p >= lo and toks[p].low not in _CLAUSE_OPENERS:
        return a, b
    return first, m - 1


_BE = _words("is are was were")
_PROGRESSIVE_ADVERBS = _words("now also still currently")


def _progressive(toks: list[_Tok], k: int, lo: int) -> bool:
    """ "is now confirming", "were saying": a form of "be" before a participle."""
    e = k - 1
    while e >= lo and toks[e].low in _PROGRESSIVE_ADVERBS:
        e -= 1
    return e >= lo and toks[e].low in _BE


def _speaker_phrase_before(toks: list[_Tok], k: int, lo: int) -> tuple[int, int] | None:
    e = k - 1
    while e >= lo and (
        toks[e].low in _SKIPPABLE_BEFORE_VERB
        or (toks[e].low in _BE and toks[k].low.endswith("ing"))
    ):
        e -= 1
    # "the ministry on Monday said"
    if e - 1 >= lo and toks[e].low in _WEEKDAYS and toks[e - 1].low == "on":
        e -= 2
    if e < lo:
        return None
    if toks[e].low == ",":
        return _apposition_back(toks, e, lo)
    if toks[e].low in {"–", "—", ")"}:
        # "The four survivors – three men and a woman – told", "Iran Human Rights (IHR) said"
        opener = "(" if toks[e].low == ")" else toks[e].low
        m = next((x for x in range(e - 1, max(lo - 1, e - 16), -1) if toks[x].low == opener), -1)
        if m <= lo:
            return None
        start = _np_back(toks, m - 1, lo)
        return (start, m - 1) if start is not None else None
    start = _np_back(toks, e, lo)
    if start is None:
        # "A farmer who saw the crash told local radio"
        m = next(
            (
                x
                for x in range(e, max(lo - 1, e - 10), -1)
                if toks[x].low in ("who", ",", '"', "“", "”", ";", ":")
            ),
            -1,
        )
        if m > lo and toks[m].low == "who":
            start = _np_back(toks, m - 1, lo)
            if start is not None and toks[start].low not in _PRONOUNS:
                return start, m - 1
        return None
    return start, e


_ADVERBIAL_STARTS = _words(
    "in on however meanwhile though also later earlier for citing who which whose speaking "
    "too separately quoting asked writing according reporting one itself based known"
)


def _apposition_back(toks: list[_Tok], comma: int, lo: int) -> tuple[int, int] | None:
    """ "Dmitry Peskov, the Kremlin spokesman, said" / "The ministry, in a statement, said"."""
    prev_comma = next(
        (x for x in range(comma - 1, max(lo - 1, comma - 30), -1) if toks[x].low == ","), -1
    )
    if prev_comma < 0:
        return None
    first_start = _np_back(toks, prev_comma - 1, lo)
    if first_start is None:
        return None
    # "the ministry, in a statement, said", "The official, who asked not to be named, said"
    if comma - prev_comma == 2 and toks[prev_comma + 1].low.isdigit():
        return first_start, prev_comma - 1  # an age: "Olena Kovalenko, 34, said"
    if toks[prev_comma + 1].low in _ADVERBIAL_STARTS:
        return first_start, prev_comma - 1
    if comma - prev_comma > 16:
        return None
    second_start = prev_comma + 1
    named_first = _all_names(toks, first_start, prev_comma - 1)
    named_second = _all_names(toks, second_start, comma - 1)
    if named_first and (
        _has_role(toks, second_start, comma - 1) or toks[second_start].low in ("a", "an", "the")
    ):
        # "Dmitry Peskov, the Kremlin spokesman,", "Amina Wekesa, the ministry's director
        # of public health,"
        return first_start, comma - 1
    if (
        named_second
        and comma - prev_comma <= 6
        and (
            _has_role(toks, first_start, prev_comma - 1)
            or any(toks[x].low in _ORG_HEADS for x in range(first_start, prev_comma))
        )
    ):
        # "the regional governor, Oleg Sinegubov,", "The coach operator, Midland Travel,"
        return first_start, comma - 1
    return None


def _sentence_subject(doc: _Doc, index: int, k: int) -> tuple[int, int] | None:
    """The claimant-like subject opening the sentence, ending before token ``k``."""
    toks, text = doc.tokens(index), doc.text
    lo = 0
    s = lo
    while s < k and toks[s].low in ('"', "“", "but", "and", "meanwhile", "however"):
        s += 1
    end = _np_fwd(toks, s, k)
    if end is None or end - s > 7:
        return None
    ref = normalise_claimant(_surface(text, toks, s, end))
    name, kind = ref.name, ref.kind
    if kind == "unknown" and name not in _GENERIC_CLAIMANTS:
        return None
    return s, end


def _finite_event(doc: _Doc, index: int, k: int) -> _Event | None:
    toks, text = doc.tokens(index), doc.text
    lo, hi = 0, len(toks)
    low = toks[k].low
    nxt = toks[k + 1] if k + 1 < hi else None
    if (
        low in _NOUN_LIKE_VERBS
        and nxt is not None
        and (nxt.low in _MODAL_NEXT or nxt.low.endswith("ed"))
    ):
        return None
    # passive: "cited by Moscow", "X was quoted by Y as saying"
    if low in _PASSIVE_BY and nxt is not None and nxt.low == "by":
        end = _np_fwd(toks, k + 2, hi)
        if end is None:
            return None
        np = _surface(text, toks, k + 2, end)
        if low == "quoted":
            # "Peskov was quoted by Interfax as saying"
            back = k
            while back - 1 >= lo and toks[back - 1].low in (
                "was",
                "were",
                "is",
                "been",
                "has",
                "have",
            ):
                back -= 1
            before = _speaker_before(toks, back, lo)
            if before is not None:
                speaker = _surface(text, toks, *before)
                stop = end
                if _match_words(toks, end + 1, hi, ("as", "saying")):
                    stop = end + 2
                ev = _Event(
                    toks[before[0]].start,
                    toks[stop].end,
                    toks[before[0]].start,
                    speaker,
                    index,
                    k,
                    stop,
                )
                ev.via.append(np)
                return ev
        if (
            k - 1 >= lo
            and toks[k - 1].low in ("was", "were", "is", "be", "been")
            and low != "cited"
        ):
            return None  # "casualties were reported by ..." names no speaker of its own
        ev = _Event(
            toks[k].start, toks[end].end, toks[k + 2].start, np, index, k, end, kind="passive"
        )
        return ev
    if low in _NEEDS_COMPLEMENT and (
        nxt is None or nxt.low not in ("that", ",", ":", '"', "“", ".")
    ):
        return None  # "declared three days of mourning" is an act, not a claim
    if low == "reporting":
        # "Reuters is reporting, citing the mayor, that ..."; not "X, reporting from Y, said"
        if not (k - 1 > lo and toks[k - 1].low in ("is", "are", "was", "were")):
            return None
        speaker = _speaker_before(toks, k - 1, lo)
    else:
        speaker = _speaker_before(toks, k, lo)
    if speaker is not None and toks[speaker[1]].low in {"was", "were"}:
        speaker = None
    if speaker is not None and speaker[0] > lo and toks[speaker[0] - 1].low in _NEGATORS:
        return None  # "No group has claimed responsibility": nobody said anything
    if (
        speaker is not None
        and speaker[0] > lo
        and toks[speaker[0] - 1].low in {"in", "on", "with", "via", "through", "by"}
        and toks[speaker[1]].low in _DOC_NOUNS
    ):
        return None  # "said in a statement posted on Twitter"
    if speaker is not None:
        a, b = speaker
        if toks[a].low in _FIRST_PERSON and a == b:
            return None
        np = _surface(text, toks, a, b)
        end_tok = k
        # "told RT", "told reporters", "told The Associated Press"
        if low in {"told", "tells"} and k + 1 < hi:
            recipient = _np_fwd(toks, k + 1, hi)
            if (
                recipient is None
                and k + 1 < hi
                and toks[k + 1].low in ("reporters", "journalists", "parliament", "lawmakers")
            ):
                recipient = k + 1
            if recipient is not None:
                end_tok = recipient
        # "Y quoted X as saying"
        if low == "quoted" and k + 1 < hi:
            obj = _np_fwd(toks, k + 1, hi)
            if obj is not None and _match_words(toks, obj + 1, hi, ("as", "saying")):
                ev = _Event(
                    toks[a].start,
                    toks[obj + 2].end,
                    toks[k + 1].start,
                    _surface(text, toks, k + 1, obj),
                    index,
                    k,
                    obj + 2,
                )
                ev.via.append(np)
                return ev
            if not _match_words(toks, k + 1, hi, ("as", "saying")):
                return None
            end_tok = k + 2
        ev = _Event(toks[a].start, toks[end_tok].end, toks[a].start, np, index, k, end_tok)
        ev.statement = _mentions_statement(toks, a, min(hi, k + 6), doc.lower)
        return ev
    # "The Interior Ministry put the toll at three and said ..."
    if k - 1 >= lo and toks[k - 1].low == "and":
        subject = _sentence_subject(doc, index, k - 1)
        if subject is not None:
            a, b = subject
            ev = _Event(
                toks[a].start, toks[k].end, toks[a].start, _surface(text, toks, a, b), index, k, k
            )
            ev.kind = "and"
            return ev
    # inversion: `"...," said Peskov` / `, said John Smith, a spokesman for ...`
    prev = toks[k - 1] if k - 1 >= lo else None
    if (prev is None or prev.low in (",", '"', "“", "”", ":", "—", "–")) and low not in (
        "told",
        "tells",
    ):
        end = _np_fwd(toks, k + 1, hi)
        if end is None or toks[k + 1].low in _TIME_WORDS or toks[k + 1].low in _PRONOUNS:
            return None
        if end + 1 < hi and toks[end + 1].low in _CONTENT_VERBS:
            return None  # "X, reporting from Y, said rescuers were digging": what was said
        end = _apposition_fwd(toks, k + 1, end, hi)
        np = _surface(text, toks, k + 1, end)
        ev = _Event(toks[k].start, toks[end].end, toks[k + 1].start, np, index, k, end)
        ev.statement = _mentions_statement(toks, k, min(hi, end + 6), doc.lower)
        return ev
    return None


def _mentions_statement(toks: list[_Tok], a: int, b: int, lower: str) -> bool:
    if a >= b:
        return False
    start, end = toks[a].start, toks[b - 1].end
    if lower.find("statement", start, end) < 0 and lower.find("communique", start, end) < 0:
        return False  # a search of the text, most often enough
    return any(toks[x].low in ("statement", "communique") for x in range(a, b))


def _participle_event(doc: _Doc, index: int, k: int, events: list[_Event]) -> _Event | None:
    toks, text = doc.tokens(index), doc.text
    lo = 0
    previous = events[-1] if events else None
    if k - 1 >= lo and toks[k - 1].low == ",":
        if previous is not None:
            # "Peskov said, adding ...": the same speaker goes on
            if previous.end_tok == k - 2:
                previous.end = toks[k].end
                previous.end_tok = k
            return None
        # "The Syrian opposition decried the move, claiming ...": the sentence's subject
        subject = _sentence_subject(doc, index, k)
        if subject is None:
            return None
        s, end = subject
        return _Event(
            toks[s].start,
            toks[k].end,
            toks[s].start,
            _surface(text, toks, s, end),
            index,
            k,
            k,
            kind="participle",
        )
    # "with the Defense Ministry stressing ..."
    start = _np_back(toks, k - 1, lo)
    if start is None or toks[start].low in _FIRST_PERSON:
        return None
    return _Event(
        toks[start].start,
        toks[k].end,
        toks[start].start,
        _surface(text, toks, start, k - 1),
        index,
        k,
        k,
    )


def _merge_relays(doc: _Doc, index: int, events: list[_Event]) -> list[_Event]:
    """Fold "according to AP" and ", Interfax reported" into the event they relay."""
    toks = doc.tokens(index)
    hi = len(toks)
    for position, ev in enumerate(events):
        if position == 0 or ev.dropped:
            continue
        previous = next((e for e in reversed(events[:position]) if not e.dropped), None)
        if previous is None:
            continue
        adjacent = (
            toks[previous.end_tok + 1].low == "," and previous.end_tok + 2 == _first_tok(doc, ev)
            if previous.end_tok + 1 < hi
            else False
        )
        relay_kind = normalise_claimant(ev.np).kind
        if ev.kind == "according" and (adjacent or relay_kind == "media"):
            previous.via.append(ev.np)
            ev.dropped = True
            if adjacent:
                previous.end = ev.end
                previous.end_tok = ev.end_tok
        elif (
            adjacent
            and toks[ev.verb_tok].low in _MEDIA_RELAY_VERBS
            and (
                relay_kind == "media"
                or ev.np.lower()
                in (
                    "the agency",
                    "the news agency",
                    "the newspaper",
                    "the broadcaster",
                    "the channel",
                )
            )
            and (ev.end_tok + 1 >= hi or toks[ev.end_tok + 1].low in (".", ";"))
        ):
            previous.via.append(ev.np)
            previous.end = ev.end
            previous.end_tok = ev.end_tok
            ev.dropped = True
    # "Russia's ministry said its forces struck ..., killing 60, the TASS news agency
    # reported.": a relay closing the sentence
    last = next((e for e in reversed(events) if not e.dropped), None)
    if last is not None and toks[last.verb_tok].low in {"reported", "reports"}:
        before = next((e for e in reversed(events) if e is not last and not e.dropped), None)
        first_tok = _first_tok(doc, last)
        if (
            before is not None
            and first_tok > 0
            and toks[first_tok - 1].low == ","
            and (last.end_tok + 1 >= hi or toks[last.end_tok + 1].low in (".", ";", '"', "”"))
            and normalise_claimant(last.np).kind == "media"
        ):
            before.via.append(last.np)
            last.dropped = True
    # "According to TASS, Peskov said ..."
    if len(events) > 1 and events[0].kind == "according" and not events[0].dropped:
        first = events[0]
        if (
            first.end_tok + 1 < hi
            and toks[first.end_tok + 1].low == ","
            and normalise_claimant(first.np).kind == "media"
        ):
            follower = next((e for e in events[1:] if not e.dropped), None)
            if follower is not None:
                follower.via.append(first.np)
                first.dropped = True
    return [e for e in events if not e.dropped]


def _first_tok(doc: _Doc, ev: _Event) -> int:
    """Index of the event's first token in its sentence."""
    return bisect_left(doc.tokens(ev.sent), ev.start, key=_START)


# --------------------------------------------------------------------------
# Quotations
# --------------------------------------------------------------------------

_QUOTE_RE = re.compile(r"[\"“”]")


def _quotes(doc: _Doc) -> list[tuple[int, int]]:
    """Quotations as (start, end) spans, paired within each paragraph."""
    text = doc.text
    out: list[tuple[int, int]] = []
    for p_start, p_end in doc.paras:
        open_at: int | None = None
        for m in _QUOTE_RE.finditer(text, p_start, p_end):
            char, pos = m.group(), m.start()
            if char == "“" or (char == '"' and open_at is None):
                open_at = pos if open_at is None or char == '"' else open_at
            elif open_at is not None:
                out.append((open_at, pos + 1))
                open_at = None
        if open_at is not None:
            # a quotation running on into the next paragraph (wire style)
            out.append((open_at, p_end))
    return out


def _attach_quotes(doc: _Doc, events: list[_Event]) -> None:
    """Widen speaker+verb spans to the quotation they introduce or close, and to the
    quotation's continuations: the next sentence when it is a quotation too (`"...,"
    she said. "..."`), and the paragraphs a quotation runs on into (wire style: a
    paragraph left open continues in the next one), before or after the tag."""
    text = doc.text
    by_start = {e.start: e for e in events}
    by_end = {e.end: e for e in events}
    quotes = _quotes(doc)
    starts = {q[0]: q for q in quotes}
    used: set[tuple[int, int]] = set()
    tagged: list[tuple[_Event, tuple[int, int]]] = []  # (event, the first quotation it took)
    for quote in quotes:
        if quote in used:
            continue
        q_start, q_end = quote
        # after: `"...," the ministry said`
        p = q_end
        while p < len(text) and text[p] in " \t,":
            p += 1
        ev = by_start.get(p)
        # `"...," he said` / `"...?" he asked`; a quotation closed by a full stop
        # ends its sentence, and the next sentence's speaker is not its speaker --
        # unless the tag goes on in lowercase (`"... them." he said`)
        closes_clause = q_end - 2 >= q_start and (
            text[q_end - 2] in ",?!—–-"
            or text[q_end : q_end + 1] == ","
            or (text[q_end - 2] == "." and p < len(text) and text[p].islower())
        )
        if ev is not None and p - q_end <= 3 and closes_clause:
            ev.start = q_start
            used.add(quote)
            tagged.append((ev, quote))
            # around: `"...," he said, "..."`
            a = ev.end
            while a < len(text) and text[a] in " \t,":
                a += 1
            if a > ev.end and a in starts and starts[a] not in used:
                ev.end = starts[a][1]
                used.add(starts[a])
            continue
        # before: `Peskov said: "..."`
        p = q_start
        while p > 0 and text[p - 1].isspace():
            p -= 1
        crossed = "\n" in text[p:q_start]
        if p > 0 and text[p - 1] in ":,":
            ev = by_end.get(p - 1)
            if ev is None and text[p - 1] == ":":
                ev = _tag_before_colon(text, events, p - 1)  # `X said on Tuesday: "..."`
            if ev is not None and (not crossed or text[p - 1] == ":"):
                ev.end = q_end
                used.add(quote)
                tagged.append((ev, quote))
        elif not crossed:
            ev = by_end.get(p)
            if ev is not None and p == q_start - 1:
                ev.end = q_end
                used.add(quote)
                tagged.append((ev, quote))
    if len(quotes) > len(used):
        _continue_quotes(doc, events, quotes, used, tagged)


_TAG_TAIL_RE = re.compile(r"[ \t]+(?:[\w'’-]+[ \t]+){0,5}[\w'’-]+[ \t]*")


def _tag_before_colon(text: str, events: list[_Event], colon: int) -> _Event | None:
    """The tag a few words before a colon: `Ruiz said on Tuesday: "..."`."""
    best = None
    for ev in events:
        if colon - 45 <= ev.end < colon and (best is None or ev.end > best.end):
            best = ev
    if best is not None and _TAG_TAIL_RE.fullmatch(text, best.end, colon):
        return best
    return None


def _is_open(text: str, quote: tuple[int, int]) -> bool:
    """A quotation left open at its paragraph's end runs on into the next paragraph."""
    return text[quote[1] - 1] not in '"”“'


def _continue_quotes(
    doc: _Doc,
    events: list[_Event],
    quotes: list[tuple[int, int]],
    used: set[tuple[int, int]],
    tagged: list[tuple[_Event, tuple[int, int]]],
) -> None:
    text = doc.text
    starts = [q[0] for q in quotes]
    event_starts = {e.start for e in events}
    # Forward: the quotation that opens the next sentence, and the paragraphs an open
    # quotation runs on into, are the same speaker's -- unless a tag of their own says
    # otherwise (then they are used already).
    for ev in sorted(events, key=lambda e: e.end):
        while True:
            index = bisect_left(starts, ev.end)
            if index >= len(quotes):
                break
            quote = quotes[index]
            if quote in used or quote[1] in event_starts:
                break
            gap = text[ev.end : quote[0]]
            if "\n" in gap:
                previous = quotes[index - 1] if index else None
                if not (
                    previous is not None
                    and previous[1] == ev.end
                    and _is_open(text, previous)
                    and not gap.strip()
                ):
                    break
            else:
                here = bisect_right(doc.sent_starts, max(ev.end - 1, 0)) - 1
                following = here + 1
                if following >= len(doc.sents) or doc.sents[following][0] != quote[0]:
                    break
                if text[quote[1] : doc.sents[following][1]].strip(" .!?"):
                    break  # '"Horrific scenes" were reported': a phrase, not the speaker's
            after = quote[1]
            while after < len(text) and text[after] in " \t,":
                after += 1
            if after in event_starts:
                break  # `"..." he said` closes it: that tag's quotation
            ev.end = quote[1]
            used.add(quote)
    # Backward: `"...` left open, then `"...," she said` in the next paragraph.
    for ev, quote in tagged:
        if ev.start != quote[0]:
            continue
        index = bisect_left(starts, quote[0])
        while index > 0:
            previous = quotes[index - 1]
            gap = text[previous[1] : ev.start]
            if previous in used or not _is_open(text, previous) or gap.strip():
                break
            ev.start = previous[0]
            used.add(previous)
            index -= 1


# --------------------------------------------------------------------------
# People named without speaking, and the attributions of a document
# --------------------------------------------------------------------------


def _alternation(words: set[str]) -> str:
    """A regex matching any of ``words``, shaped as a trie ("kill(?:ed|ing)?"): the
    regex engine tries one branch per letter instead of every word in turn."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        optional = "" in node
        if len(branches) == 1 and not optional:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")

    return build(trie)


_NAME_WORD = r"[A-Z][\w'’-]+"
_MENTION_RE = re.compile(
    # a capitalised title with a name or surname: "Governor Ivan Petrov", "Mr. Smith",
    # "Lt. Col. Dana Reeves"
    rf"\b(?:(?:(?:{_alternation(_MENTION_TITLES)})\s+)+(?:{_NAME_WORD}\s+){{0,2}}{_NAME_WORD}"
    # a lowercase role with a full name: "spokesman Igor Vasiliev"
    rf"|(?:{_alternation(_MENTION_ROLES)}),?\s+(?:{_NAME_WORD}\s+){{1,2}}{_NAME_WORD})"
)
# A full name with a relative clause or an age: "Rosa Delgado, whose son ...", "Tom
# Hale, 54, ...": found from the clause back, the clause being the rarer.
_RELATIVE_CLAUSE_RE = re.compile(r",[ \t]+(?:who|whose|\d{1,3},)")
_NAME_BEFORE_RE = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,2}}$")


@lru_cache(maxsize=4096)
def _points_back_to_a_person(np: str) -> bool:
    """ "he", "she", "the spokesman", "Reeves": a speaker found by looking back for a
    person."""
    words = np.split()
    low = [w.lower() for w in words]
    return (
        low[0] in ("he", "she", "him", "her")
        or (low[0] == "the" and low[-1] in _ROLE_NOUNS)
        or (len(words) == 1 and words[0][:1].isupper())
        or (len(words) == 2 and low[0].rstrip(".") in _NAME_TITLES)
    )


_WHERE_AND_ORDER = itemgetter(0, 1)


def _attributions(doc: _Doc) -> list[_Raw]:
    events: list[_Event] = []
    for index, positions in doc.hinted("attribution").items():
        events.extend(_events_in_sentence(doc, index, positions))
    if events and ('"' in doc.text or "“" in doc.text):
        _attach_quotes(doc, events)
    registry = _Registry(doc.text, doc.lower)
    resolved: list[tuple[_Event, _Claimant, list[_Claimant]]] = []
    # People named without speaking ("Governor Ivan Petrov visited the site") are
    # still who a later "he said" means.
    timeline: list[tuple[int, int, _Event | str]] = []  # (where, order, what)
    if any(_points_back_to_a_person(ev.np) for ev in events):
        text = doc.text
        # every mention starts at a title or a role: tried only there
        titled = []
        reached = 0
        for at in doc.mention_starts():
            if at >= reached:
                m = _MENTION_RE.match(text, at)
                if m is not None:
                    titled.append(m)
                    reached = m.end()
        timeline = [(m.start(), 0, m.group()) for m in titled]
        ends = {m.end() for m in titled}
        for clause in _RELATIVE_CLAUSE_RE.finditer(text):
            at = clause.start()
            name = _NAME_BEFORE_RE.search(text, max(0, at - 60), at)
            if name is not None and at not in ends:
                timeline.append((name.start(), 0, _Named(name.group())))
    timeline += [(ev.np_start, 1, ev) for ev in events]
    timeline.sort(key=_WHERE_AND_ORDER)
    for position, _, ev in timeline:
        registry.position = position
        if isinstance(ev, str):
            registry.mention(ev)
            continue
        claimant = registry.resolve(ev.np, statement=ev.statement)
        if claimant is None:
            continue
        via = (
            [v for v in map(registry.resolve, ev.via) if v is not None and v is not claimant]
            if ev.via
            else []
        )
        resolved.append((ev, claimant, via))
    out = []
    for ev, claimant, via in resolved:
        out.append(
            _new_tuple(
                _Raw,
                (
                    "attribution",
                    ev.start,
                    ev.end,
                    {
                        "claimant": claimant.ref(),
                        "via": [v.ref() for v in via],
                        # where the speaker is named, for the statement (sources.py)
                        "_speaker": _speaker_span(doc.text, ev),
                    },
                ),
            )
        )
    return out


def _speaker_span(text: str, ev: _Event) -> tuple[int, int] | None:
    """The speaker phrase's offsets, when the phrase is written where it is named (a
    relay's source, named after "citing", is not)."""
    end = ev.np_start + len(ev.np)
    return (ev.np_start, end) if text[ev.np_start : end] == ev.np else None
