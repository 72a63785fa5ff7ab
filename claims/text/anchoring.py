"""Anchor claim spans to article text and find them again after the text changes.

A claim is stored the way the W3C Web Annotation model stores a selection: a
position (``start``/``end``, Python code-point offsets, end exclusive) and a
quote (``exact`` plus up to ``CONTEXT`` characters of ``prefix`` and
``suffix``). When an article's text is edited, :func:`reanchor` looks for the
claim again:

1. the exact quote still at the old position -> ``"anchored"``;
2. the exact quote elsewhere, the occurrence whose prefix/suffix fit best,
   nearest the old position on a tie -> ``"moved"``;
3. no exact quote, but a close fuzzy match between the old context (the
   quoted words themselves were edited, "20 killed" -> "25 killed")
   -> ``"changed"``: the claim needs a reviewer's eyes again; when only the
   typography changed (straight to curly quotes, a hyphen to a dash, spacing)
   the words are the same, and the claim is ``"moved"``;
4. nothing close -> ``"orphaned"``, keeping the old values so the claim can
   still be shown to reviewers.

A short quote that also occurs in an unrelated sentence must not be dragged
there, so every match away from the old position has to agree with the old
context, not only with the quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

CONTEXT = 32
# A claim keeps the sentence around its span for readers and search, but at most this
# many characters of it: one "sentence" can be a whole file with no full stop in it.
SENTENCE_WINDOW = 1000
# How far a clipped window may move its ends to fall between two words.
_WORD_SLACK = 40

# Scores are rapidfuzz percentages (0-100).
# A match away from the old position needs context at least this similar...
MIN_CONTEXT_SIMILARITY = 50.0
# ...unless the quote is long enough to be distinctive on its own.
DISTINCTIVE_QUOTE_LENGTH = 40
# An edited quote must still resemble the old one this much,
MIN_QUOTE_SIMILARITY = 50.0
# and quote and context together must reach this (quote weighs 0.6, context 0.4).
MIN_FUZZY_SCORE = 70.0
# The first fuzzy pass looks this far (in characters) around the old position.
NEAR_WINDOW = 2000


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Reanchored:
    state: str  # "anchored" | "moved" | "changed" | "orphaned"
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """Build the anchor of ``text[start:end]``; raises ValueError on bad offsets."""
    for value in (start, end):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"offsets must be integers, got {value!r}")
    if not 0 <= start < end <= len(text):
        raise ValueError(f"bad span {start}:{end} for a text of length {len(text)}")
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def sentence_window(
    text: str, s_start: int, s_end: int, start: int, end: int, *, window: int = SENTENCE_WINDOW
) -> tuple[int, int]:
    """The part of the sentence ``s_start:s_end`` to keep with the span ``start:end``.

    All of it when it is at most ``window`` characters long; otherwise about
    ``window`` characters centred on the span, cut between words (the span alone
    when it is longer than the window). The span is always inside.
    """
    s_start, s_end = min(s_start, start), max(s_end, end)
    if s_end - s_start <= window:
        return s_start, s_end
    room = window - (end - start)
    if room <= 0:
        return start, end
    lo = max(s_start, start - room // 2)
    hi = min(s_end, lo + window)
    lo = max(s_start, hi - window)
    if lo > s_start:
        space = text.find(" ", lo, min(start, lo + _WORD_SLACK))
        lo = space + 1 if space >= 0 else lo
    if hi < s_end:
        space = text.rfind(" ", max(end, hi - _WORD_SLACK), hi)
        hi = space if space >= 0 else hi
    return lo, hi


def _context_similarity(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How well the text around ``start:end`` matches the remembered prefix/suffix (0-100).

    Each side is weighted by its length, so a span at the very start of the
    text (empty prefix) is judged on its suffix alone.
    """
    total = len(prefix) + len(suffix)
    if not total:
        return 100.0
    score = 0.0
    if prefix:
        before = text[max(0, start - len(prefix)) : start]
        score += fuzz.ratio(prefix, before) * len(prefix)
    if suffix:
        after = text[end : end + len(suffix)]
        score += fuzz.ratio(suffix, after) * len(suffix)
    return score / total


def _occurrences(text: str, exact: str) -> list[int]:
    found = []
    index = text.find(exact)
    while index != -1:
        found.append(index)
        index = text.find(exact, index + 1)
    return found


def locate_quote(
    text: str,
    exact: str,
    *,
    prefix: str = "",
    suffix: str = "",
    near: int | None = None,
    limit: int | None = None,
) -> list[tuple[int, int]]:
    """Every exact occurrence of ``exact`` in ``text``, best first.

    Occurrences whose surroundings fit ``prefix``/``suffix`` better come first;
    among equally good ones, the one nearest ``near`` (when given) wins, then
    the earliest. With ``limit``, only the ``limit`` occurrences nearest ``near``
    and those with the whole context around them are ranked: a phrase a text
    repeats thousands of times is not compared thousands of times per claim.
    """
    if not exact:
        raise ValueError("cannot locate an empty quote")
    found = _occurrences(text, exact)
    if limit is not None and near is not None and len(found) > limit:
        nearest = sorted(found, key=lambda i: abs(i - near))[:limit]
        whole = prefix + exact + suffix
        verbatim = [i + len(prefix) for i in _occurrences(text, whole)] if whole != exact else []
        found = sorted(set(nearest) | set(verbatim))
    spans = [(i, i + len(exact)) for i in found]

    def rank(span: tuple[int, int]) -> tuple[float, int, int]:
        # Rounded so that tiny context differences (one character) between
        # genuinely equivalent occurrences fall back to distance.
        context = round(_context_similarity(text, *span, prefix, suffix))
        distance = abs(span[0] - near) if near is not None else 0
        return (-context, distance, span[0])

    return sorted(spans, key=rank)


def _result(state: str, text: str, start: int, end: int) -> Reanchored:
    anchor = make_anchor(text, start, end)
    return Reanchored(state, anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix)


def _orphan(anchor: Anchor) -> Reanchored:
    return Reanchored(
        "orphaned", anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix
    )


def _acceptable_elsewhere(anchor: Anchor, context: float) -> bool:
    """May an occurrence away from the old position take the anchor?"""
    if not anchor.prefix and not anchor.suffix:
        return True
    return context >= MIN_CONTEXT_SIMILARITY or len(anchor.exact) >= DISTINCTIVE_QUOTE_LENGTH


# Occurrences of a quote ranked when re-anchoring it (see locate_quote's ``limit``).
RANKED_OCCURRENCES = 64


def _exact_match(anchor: Anchor, new_text: str) -> Reanchored | None:
    spans = locate_quote(
        new_text,
        anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        near=anchor.start,
        limit=RANKED_OCCURRENCES,
    )
    if not spans:
        return None
    best = spans[0]
    at_old = (anchor.start, anchor.end)
    if best == at_old:
        return _result("anchored", new_text, *best)
    best_context = _context_similarity(new_text, *best, anchor.prefix, anchor.suffix)
    if at_old in spans:
        old_context = _context_similarity(new_text, *at_old, anchor.prefix, anchor.suffix)
        # The old position keeps the anchor unless another occurrence is clearly
        # the one the context describes.
        if round(old_context) >= round(best_context) or not _acceptable_elsewhere(
            anchor, best_context
        ):
            return _result("anchored", new_text, *at_old)
    if _acceptable_elsewhere(anchor, best_context):
        return _result("moved", new_text, *best)
    return None


def _fuzzy_score(anchor: Anchor, text: str, start: int, end: int) -> float | None:
    """Score of ``text[start:end]`` as the edited quote, or None when it is not close."""
    quote = fuzz.ratio(anchor.exact, text[start:end])
    if quote < MIN_QUOTE_SIMILARITY:
        return None
    context = _context_similarity(text, start, end, anchor.prefix, anchor.suffix)
    # Same rule as for exact matches: a lookalike sentence elsewhere must not
    # take the anchor just because its words resemble the quote.
    if not _acceptable_elsewhere(anchor, context):
        return None
    combined = 0.6 * quote + 0.4 * context
    return combined if combined >= MIN_FUZZY_SCORE else None


def _context_candidates(anchor: Anchor, text: str) -> list[tuple[int, int]]:
    """Spans bracketed by the old prefix and/or suffix: where the quote used to sit."""
    limit = max(3 * len(anchor.exact), len(anchor.exact) + 64)
    candidates: list[tuple[int, int]] = []
    # Try the whole remembered context first, then its inner half, which
    # survives edits at the far ends of the context.
    prefixes = {anchor.prefix, anchor.prefix[len(anchor.prefix) // 2 :]} - {""}
    suffixes = {anchor.suffix, anchor.suffix[: (len(anchor.suffix) + 1) // 2]} - {""}
    prefix_ends = sorted({i + len(p) for p in prefixes for i in _occurrences(text, p)})
    suffix_starts = sorted({i for s in suffixes for i in _occurrences(text, s)})
    for pe in prefix_ends:
        following = [q for q in suffix_starts if pe < q <= pe + limit]
        if following:
            candidates.append((pe, following[0]))
        else:
            window = text[pe : pe + len(anchor.exact) + CONTEXT]
            if window:
                hit = fuzz.partial_ratio_alignment(anchor.exact, window)
                if hit is not None and hit.dest_end > hit.dest_start:
                    candidates.append((pe + hit.dest_start, pe + hit.dest_end))
    for q in suffix_starts:
        if any(pe < q <= pe + limit for pe in prefix_ends):
            continue
        left = max(0, q - len(anchor.exact) - CONTEXT)
        window = text[left:q]
        if window:
            hit = fuzz.partial_ratio_alignment(anchor.exact, window)
            if hit is not None and hit.dest_end > hit.dest_start:
                candidates.append((left + hit.dest_start, left + hit.dest_end))
    return candidates


def _aligned_candidate(anchor: Anchor, text: str, left: int, right: int) -> tuple[int, int] | None:
    window = text[left:right]
    if len(window) < len(anchor.exact) // 2 or not window:
        return None
    hit = fuzz.partial_ratio_alignment(anchor.exact, window, score_cutoff=MIN_QUOTE_SIMILARITY)
    if hit is None or hit.dest_end <= hit.dest_start:
        return None
    return left + hit.dest_start, left + hit.dest_end


def _fuzzy_match(anchor: Anchor, new_text: str) -> Reanchored | None:
    def best_of(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
        scored = []
        for start, end in spans:
            start, end = _trim(new_text, start, end)
            if end <= start:
                continue
            combined = _fuzzy_score(anchor, new_text, start, end)
            if combined is not None:
                scored.append((-combined, abs(start - anchor.start), start, end))
        if not scored:
            return None
        _, _, start, end = min(scored)
        return start, end

    found = best_of(_context_candidates(anchor, new_text))
    if found is None:
        # Bounded first: the neighbourhood of the old position, then the whole text.
        left = max(0, anchor.start - NEAR_WINDOW)
        right = min(len(new_text), anchor.end + NEAR_WINDOW)
        near = _aligned_candidate(anchor, new_text, left, right)
        found = best_of([near] if near else [])
        if found is None and (left > 0 or right < len(new_text)):
            anywhere = _aligned_candidate(anchor, new_text, 0, len(new_text))
            found = best_of([anywhere] if anywhere else [])
    if found is None:
        return None
    if _plain(new_text[found[0] : found[1]]) == _plain(anchor.exact):
        # Only quotation marks, dashes or spacing changed: the words a verdict is
        # about are the same, so the claim moved rather than changed.
        state = "anchored" if found == (anchor.start, anchor.end) else "moved"
        return _result(state, new_text, *found)
    return _result("changed", new_text, *found)


_TYPOGRAPHY = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
    }
)


def _plain(text: str) -> str:
    """``text`` with typographic quotes, dashes and runs of spaces made plain."""
    return " ".join(text.translate(_TYPOGRAPHY).split())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace the alignment picked up at the edges of a span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def reanchor(anchor: Anchor, new_text: str) -> Reanchored:
    """Find ``anchor`` in ``new_text``: anchored, moved, changed or orphaned."""
    if not anchor.exact:
        return _orphan(anchor)
    return _exact_match(anchor, new_text) or _fuzzy_match(anchor, new_text) or _orphan(anchor)
