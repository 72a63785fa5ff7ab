"""Sentences: the bounds of the sentence(s) around a span."""

import pytest

from claims.extraction.tokens import sentence_bounds


def test_sentence_bounds_skip_abbreviations():
    text = "Lt. Gen. Igor Petrov of the U.S. Army said 5 died. Rescue work continued."
    start = text.index("5 died")
    s, e = sentence_bounds(text, start, start + 6)
    assert text[s:e] == "Lt. Gen. Igor Petrov of the U.S. Army said 5 died."


def test_sentence_bounds_stop_at_paragraphs_and_cover_spans():
    text = "First line without a stop\n\nSecond paragraph. Third sentence."
    start = text.index("Second")
    assert sentence_bounds(text, start, start + 6) == (start, text.index(" Third"))
    assert sentence_bounds(text, 0, len(text)) == (0, len(text))


def test_sentence_bounds_reject_bad_spans():
    with pytest.raises(ValueError):
        sentence_bounds("Short.", 3, 99)
