"""Quotations shown on one line: marks taken off or put on, cut at a word."""

from __future__ import annotations

# Google shows claimReviewed in a snippet and recommends keeping it short.
CLAIM_REVIEWED_MAX = 75
ELLIPSIS = "…"


OPENING_QUOTES = '"“„«'
CLOSING_QUOTES = '"”»'


def unquoted(text: str) -> str:
    """The text without the quotation marks around a quoted statement.

    ``"We were on board," he said`` becomes ``We were on board, he said``: the
    marks only say it was a quotation, which the reader is told anyway.
    """
    text = text.strip()
    if len(text) > 1 and text[0] in OPENING_QUOTES:
        close = max(text.rfind(mark) for mark in CLOSING_QUOTES)
        if close > 0:
            text = (text[1:close] + text[close + 1 :]).strip()
    return text


def quoted(text: str) -> str:
    """The quote between curly quotation marks, unless it opens with marks of its own
    (a quoted statement: ``"We were on board," he said``)."""
    if text[:1] in OPENING_QUOTES:
        return text
    return f"“{text}”"


def excerpt(text: str, limit: int) -> str:
    """The text on one line, cut at a word boundary with an ellipsis when longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    cut = text[: room + 1]
    # Cut at the last space so no word is broken; a single huge word is cut hard.
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else text[:room]
    return cut.rstrip(" ,;:.-–—") + ELLIPSIS


def short_quote(text: str, limit: int = CLAIM_REVIEWED_MAX) -> str:
    """The quote without enclosing quotation marks, cut at a word boundary with an
    ellipsis when it is longer than `limit`."""
    return excerpt(unquoted(text), limit)
