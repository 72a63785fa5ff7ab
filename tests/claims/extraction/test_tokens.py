"""Sentences: the bounds of the sentence(s) around a span; tokens and their offsets."""

import pytest

from claims.extraction.tokens import _TOKEN_RE, _Doc, sentence_bounds


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    doc = _Doc(text)
    return [(t.text, t.low, t.start, t.end) for i in range(len(doc.sents)) for t in doc.tokens(i)]


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


def test_tokens_keep_their_offsets_whatever_the_whitespace():
    text = (
        "At least  five people were\tkilled,  police said.\nMr.  Smith said\u00a0U.S. troops left."
    )
    doc = _Doc(text)
    expected = [
        (m.group(), m.group().lower(), m.start(), m.end())
        for start, end in doc.sents
        for m in _TOKEN_RE.finditer(text, start, end)
    ]
    assert _tokens(text) == expected
    assert all(text[start:end] == word for word, _, start, end in expected)


def test_a_capital_sigma_lowercases_by_what_follows_it():
    # before "·", which casing skips, and a capital, the sigma is not final
    tokens = _tokens("AΣ·Β said 5 people died. AΣ said so.")
    assert [low for word, low, _, _ in tokens if word == "AΣ"] == ["aσ", "aς"]
