"""Anchoring claim spans and finding them again after the article text changes."""

import pytest

from claims.text.anchoring import CONTEXT, Anchor, locate_quote, make_anchor, reanchor

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


def test_reanchoring_in_a_long_article_finds_each_outcome(anchor):
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
    states = [reanchor(long_anchor, text).state for text in cases]
    assert states == ["changed", "orphaned", "moved"]


# --------------------------------------------------------------------------
# An edited copy of the seed article, claim by claim
# --------------------------------------------------------------------------


def _seed_claims():
    from claims.extraction import extract
    from tests.claims.extraction.helpers import SEED_BODY

    return SEED_BODY, extract(SEED_BODY)


def test_edited_seed_claims_are_changed_moved_orphaned_where_expected():
    old, claims = _seed_claims()
    paragraphs = old.split("\n\n")
    # An update on top repeats the first paragraph's words: copies that must not take
    # the anchors of the originals.
    update = (
        "UPDATE: the Defense Ministry said the crew had been named. Three crew and two "
        "officers died, according to a Kremlin statement."
    )
    paragraphs[0] = paragraphs[0].replace(
        "Three crew and two officers", "Four crew and two officers"
    )
    paragraphs[2] = paragraphs[2].replace(
        " The ministry has not yet revealed identities of those on board.", ""
    )
    new = "\n\n".join([update, *paragraphs])
    by_exact = {c.exact: c for c in claims}
    results = {
        exact: reanchor(make_anchor(old, c.start, c.end), new) for exact, c in by_exact.items()
    }

    crew = results["Three crew and two officers"]
    assert (crew.state, crew.exact) == ("changed", "Four crew and two officers")
    hidden = results["The ministry has not yet revealed identities of those on board"]
    assert hidden.state == "orphaned"
    first_paragraph = new.index(paragraphs[0])
    for exact in ("the Defense Ministry said", "according to a Kremlin statement"):
        moved = results[exact]
        assert moved.state == "moved"
        assert moved.start > first_paragraph  # the original sentence, not the update's copy
        assert new[moved.start : moved.end] == exact
    others = [
        r
        for e, r in results.items()
        if e
        not in {
            "Three crew and two officers",
            "The ministry has not yet revealed identities of those on board",
        }
    ]
    assert {r.state for r in others} == {"moved"}
    for result in others:
        assert new[result.start : result.end] == result.exact


def test_a_quote_that_appears_twice_keeps_each_claim_on_its_own_occurrence():
    old = (
        "Rockets hit Kharkiv.\n\nTwo people died, police said.\n\nA bridge was closed.\n\n"
        "Two people died, police said.\n\nMore to follow."
    )
    quote = "Two people died"
    first = old.index(quote)
    second = old.index(quote, first + 1)
    anchors = [make_anchor(old, at, at + len(quote)) for at in (first, second)]
    insert = "Update: officials gave more details on the strikes overnight.\n\n"
    new = insert + old
    results = [reanchor(anchor, new) for anchor in anchors]
    assert [r.state for r in results] == ["moved", "moved"]
    assert [r.start for r in results] == [first + len(insert), second + len(insert)]


def test_typography_alone_does_not_change_a_claim():
    text = 'Officials said "two people died" in the blast, police said.'
    start = text.index('"two')
    anchor = make_anchor(text, start, text.index(" in the"))
    result = reanchor(anchor, text.replace('"', "”"))
    assert result.state == "anchored"
    assert result.exact == "”two people died”"
    spaced = reanchor(anchor, "Update.\n\n" + text.replace('"', "“", 1).replace('"', "”"))
    assert spaced.state == "moved"


def _long_article() -> str:
    import json

    from claims.extraction.evaluation import DEFAULT_CORPUS

    passages = [
        json.loads(path.read_text(encoding="utf-8"))["text"]
        for path in sorted(DEFAULT_CORPUS.glob("*.json"))
    ]
    text = ""
    while len(text) < 50_000:
        text += "\n\n".join(passages) + "\n\n"
    return text[:50_000]


def test_reanchoring_200_claims_in_a_50kb_article_against_unrelated_text_orphans_them_all():
    from claims.extraction import extract

    old = _long_article()
    claims = extract(old)[:200]
    assert len(claims) == 200
    anchors = [make_anchor(old, c.start, c.end) for c in claims]
    edited = "BREAKING: an update on top.\n\n" + old.replace("killed", "were killed", 40)
    unrelated = "Nothing here resembles the article. " * 1400  # every claim orphaned
    edited_states = {reanchor(anchor, edited).state for anchor in anchors}
    assert edited_states <= {"moved", "changed"}
    assert "moved" in edited_states
    states = [reanchor(anchor, unrelated).state for anchor in anchors]
    assert set(states) == {"orphaned"}
