"""How much work extracting claims from a text will be, known before doing it.

Extraction looks at every word that may open or close a claim — a casualty word,
a reporting verb, a word that may begin a count, a hedge — so their number, not
the text's length, is what its time and memory grow with: a file that is one
long run of "X said at least N people died" costs far more than a report of
the same size. ``claim_signals`` counts them with the extractor's own tokenizer
(a fraction of the extraction's cost), so the importer can refuse a text over
its budget before extracting anything. The importer counts them in the document
it then extracts from (:func:`read`), so a text is tokenised once.
"""

from __future__ import annotations

from bisect import bisect_left

from .tokens import _Doc

Document = _Doc


def read(text: str) -> Document:
    """``text`` as the extractor reads it, tokenised on first use: for
    :func:`signals_in` and then ``extract(text, doc=...)``."""
    return _Doc(text)


def claim_signals(text: str) -> int:
    """The number of places in ``text`` where the extractor will look for a claim."""
    if not text or not text.strip():
        return 0
    return signals_in(read(text))


def signals_in(doc: Document, *, start: int = 0) -> int:
    """:func:`claim_signals` of the sentences of ``doc`` from offset ``start`` on: the
    body of an article whose headline comes first, a blank line apart, counts as the
    body alone would (no sentence crosses a blank line)."""
    if not doc.text[start:].strip():
        return 0
    first = bisect_left(doc.sent_starts, start)

    def counted(sentences: dict[int, list[int]] | list[int]) -> list[int]:
        return [index for index in sentences if index >= first]

    casualty = doc.hinted("casualty")
    attribution = doc.hinted("attribution")
    return (
        sum(len(casualty[index]) for index in counted(casualty))
        + sum(len(attribution[index]) for index in counted(attribution))
        + len(counted(doc.hedged()))
        + len(counted(doc.records()))
    )
