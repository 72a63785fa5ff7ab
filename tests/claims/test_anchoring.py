"""Anchoring claim spans and finding them again after the article text changes."""

import time

import pytest

from claims.anchoring import CONTEXT, Anchor, locate_quote, make_anchor, reanchor

ARTICLE = (
    "Shelling hit the market on Monday morning.\n\n"
    "In Idlib, 20 killed as rockets struck a crowded bakery, medics said.\n\n"
    "The army denied targeting civilians."
)
QUOTE = "20 killed"


@pytest.fixture
def anchor() -> Anchor:
    start = ARTICLE.index(QUOTE)
    return make_anchor(ARTICLE, start, start + len(QUOTE))


def test_make_anchor_records_quote_and_context():
    start = ARTICLE.index(QUOTE)
    anchor = make_anchor(ARTICLE, start, start + len(QUOTE))
    assert anchor.exact == QUOTE
    assert anchor.prefix == ARTICLE[start - CONTEXT : start]
    assert anchor.suffix == ARTICLE[start + len(QUOTE) : start + len(QUOTE) + CONTEXT]
    assert len(anchor.prefix) == CONTEXT == 32


def test_make_anchor_at_text_edges_has_short_context():
    anchor = make_anchor("Five killed.", 0, 4)
    assert (anchor.prefix, anchor.exact, anchor.suffix) == ("", "Five", " killed.")


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 4), (4, 4), (5, 4), (0, len(ARTICLE) + 1), (1.0, 4), (True, 4), ("0", 4)],
)
def test_make_anchor_rejects_bad_offsets(start, end):
    with pytest.raises(ValueError):
        make_anchor(ARTICLE, start, end)


def test_unchanged_text_keeps_anchor(anchor):
    result = reanchor(anchor, ARTICLE)
    assert result.state == "anchored"
    assert (result.start, result.end, result.exact) == (anchor.start, anchor.end, QUOTE)


def test_edit_after_the_claim_keeps_anchor(anchor):
    result = reanchor(anchor, ARTICLE + "\n\nUpdated with the army's response.")
    assert result.state == "anchored"
    assert result.start == anchor.start


def test_inserted_paragraph_moves_anchor(anchor):
    insert = "UPDATE: Rescue work continued overnight.\n\n"
    new_text = insert + ARTICLE
    result = reanchor(anchor, new_text)
    assert result.state == "moved"
    assert result.start == anchor.start + len(insert)
    assert new_text[result.start : result.end] == QUOTE == result.exact


def test_edited_figure_is_changed_not_silently_moved(anchor):
    new_text = ARTICLE.replace("20 killed", "25 killed")
    result = reanchor(anchor, new_text)
    assert result.state == "changed"
    assert result.exact == "25 killed"
    assert new_text[result.start : result.end] == "25 killed"
    assert result.prefix == new_text[result.start - CONTEXT : result.start]


def test_edited_figure_after_inserted_paragraph_is_changed_at_new_place(anchor):
    new_text = "UPDATE: toll revised.\n\n" + ARTICLE.replace("20 killed", "25 killed")
    result = reanchor(anchor, new_text)
    assert result.state == "changed"
    assert new_text[result.start : result.end] == "25 killed"


def test_deleted_sentence_orphans_anchor_with_old_values(anchor):
    new_text = ARTICLE.replace(
        "In Idlib, 20 killed as rockets struck a crowded bakery, medics said.\n\n", ""
    )
    result = reanchor(anchor, new_text)
    assert result.state == "orphaned"
    assert (result.start, result.end, result.exact) == (anchor.start, anchor.end, QUOTE)
    assert (result.prefix, result.suffix) == (anchor.prefix, anchor.suffix)


def test_lookalike_elsewhere_does_not_take_an_orphaned_anchor(anchor):
    new_text = (
        "Shelling hit the market on Monday morning.\n\n"
        "Elsewhere, a flood last spring left 20 killed in the valley, a farmer recalled.\n\n"
        "The army denied targeting civilians."
    )
    assert reanchor(anchor, new_text).state == "orphaned"


def test_lookalike_sentence_near_old_position_does_not_steal_anchor(anchor):
    lookalike = "In Homs, 20 killed in a mortar attack on a school, doctors said.\n\n"
    new_text = ARTICLE.replace("In Idlib", lookalike + "In Idlib")
    # the lookalike now sits almost exactly where the claim was
    assert abs(new_text.index(QUOTE) - anchor.start) < 3
    result = reanchor(anchor, new_text)
    assert result.state == "moved"
    assert new_text[result.start - len("In Idlib, ") : result.start] == "In Idlib, "


def test_locate_quote_ranks_context_before_distance():
    text = "In Homs, 20 killed at a school. In Idlib, 20 killed at a bakery."
    idlib = text.index("20 killed", text.index("Idlib"))
    homs = text.index("20 killed")
    spans = locate_quote(text, QUOTE, prefix="In Idlib, ", suffix=" at a bakery.", near=homs)
    assert spans == [(idlib, idlib + 9), (homs, homs + 9)]


def test_locate_quote_breaks_ties_by_distance():
    text = "20 killed. 20 killed. 20 killed."
    assert locate_quote(text, QUOTE, near=22)[0] == (22, 31)
    assert len(locate_quote(text, QUOTE)) == 3


def test_locate_quote_rejects_empty_quote():
    with pytest.raises(ValueError):
        locate_quote(ARTICLE, "")


def test_offsets_are_code_points_with_emoji_and_accents():
    text = "Été 🔥 à Kraków — 🚒🚑 émeute: 20 killed in the blast, pompiers said."
    start = text.index(QUOTE)
    anchor = make_anchor(text, start, start + len(QUOTE))
    assert anchor.exact == QUOTE
    assert anchor.prefix.endswith("🚒🚑 émeute: ")
    new_text = "🇺🇦 Mise à jour 👀\n\n" + text
    result = reanchor(anchor, new_text)
    assert result.state == "moved"
    assert result.start == start + len("🇺🇦 Mise à jour 👀\n\n")
    assert new_text[result.start : result.end] == QUOTE


def test_reanchoring_in_a_long_article_is_fast(anchor):
    filler = " ".join(
        f"Paragraph {n} of background on the conflict and its history." for n in range(800)
    )
    old = filler + "\n\n" + ARTICLE + "\n\n" + filler
    assert len(old) > 50_000
    start = old.index(QUOTE)
    long_anchor = make_anchor(old, start, start + len(QUOTE))
    cases = [
        old.replace("20 killed", "25 killed"),
        old.replace("In Idlib, 20 killed as rockets struck a crowded bakery, medics said.", ""),
        "Update.\n\n" + old,
    ]
    began = time.perf_counter()
    states = [reanchor(long_anchor, text).state for text in cases]
    assert states == ["changed", "orphaned", "moved"]
    assert time.perf_counter() - began < 1.0
