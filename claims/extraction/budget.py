"""How much work extracting claims from a text will be, known before doing it.

Extraction looks at every word that may open or close a claim — a casualty word,
a reporting verb, a word that may begin a count, a hedge — so their number, not
the text's length, is what its time and memory grow with: a file that is one
long run of "X said at least N people died" costs far more than a report of
the same size. ``claim_signals`` counts them with the extractor's own tokenizer
(a fraction of the extraction's cost), so the importer can refuse a text over
its budget before extracting anything.
"""

from __future__ import annotations

from .tokens import _Doc


def claim_signals(text: str) -> int:
    """The number of places in ``text`` where the extractor will look for a claim."""
    if not text or not text.strip():
        return 0
    doc = _Doc(text)
    casualty = doc.hinted("casualty")
    attribution = doc.hinted("attribution")
    return (
        sum(map(len, casualty.values()))
        + sum(map(len, attribution.values()))
        + len(doc.hedged())
        + len(doc.records())
    )
