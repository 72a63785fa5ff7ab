"""Three stories told by several outlets, and two unrelated reports of the same days,
imported the way a newsroom imports them (tests/data/events/newsroom_expected.txt).

Grouping, the matches that matter, and only the flags a reviewer should see:
the hospital's 13 against the ministry's 10, one quote credited to two people,
and state radio's 3 dead against everyone's 4. No flag for a range, a running
total, a toll that rose the next day, or two figures an article itself sets
side by side.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.models import Article
from claims.models import Claim, ClaimFlag
from tests.events.stories import claim, import_folder, matched

pytestmark = pytest.mark.django_db

NEWSROOM = Path(__file__).resolve().parent.parent / "data" / "events" / "newsroom"
CONVOY = {"a1", "a2", "a3", "a4", "a5"}
COASTGUARD = {"b1", "b2", "b3", "b4", "b5"}
CHECKPOINT = {"c1", "c2"}
# The article pairs that may be flagged, each with its kind; the first three must be.
ALLOWED = {
    ("cross_article", frozenset({"a3", "a2"})),
    ("cross_article", frozenset({"a3", "a4"})),
    ("attribution_conflict", frozenset({"a1", "a2"})),
    ("cross_article", frozenset({"b4", "b1"})),
    ("cross_article", frozenset({"b4", "b2"})),
    ("cross_article", frozenset({"b4", "b3"})),
    # The Courier's own two sources: the hospital's 13 and the army's 10.
    ("claimants_differ", frozenset({"a3"})),
}
REQUIRED = {
    ("cross_article", frozenset({"a3", "a2"})),
    ("attribution_conflict", frozenset({"a1", "a2"})),
    ("cross_article", frozenset({"b4", "b1"})),
}


@pytest.fixture
def newsroom() -> dict[str, Article]:
    """Short name ("a1") -> article, after importing the whole folder."""
    return import_folder(NEWSROOM)


def name_of(newsroom: dict[str, Article], article_id: int) -> str:
    return next(name for name, a in newsroom.items() if a.pk == article_id)


def test_each_story_is_one_event_and_the_unrelated_reports_stand_alone(newsroom):
    events: dict[int, set[str]] = {}
    for name, article in newsroom.items():
        assert article.event_id is not None, name
        events.setdefault(article.event_id, set()).add(name)
    assert sorted(events.values(), key=sorted) == sorted(
        [CONVOY, COASTGUARD, CHECKPOINT, {"d1"}, {"d2"}], key=sorted
    )
    assert newsroom["a1"].event.place == "Karsh"


def test_the_same_figures_and_quotes_in_different_outlets_are_matched(newsroom):
    assert matched(
        claim(newsroom["a2"], "Ten servicemen were killed"),
        claim(newsroom["a4"], "Ten soldiers have been killed"),
    )
    assert matched(
        claim(newsroom["a2"], "Eight servicemen were wounded"),
        claim(newsroom["a4"], "Eight soldiers were wounded"),
    )
    assert matched(
        claim(newsroom["b1"], "killing all four people on board"),
        claim(newsroom["b2"], "Four people have died"),
    )
    korr = [
        c
        for name in ("c1", "c2")
        for c in newsroom[name].claims.filter(exact__startswith='"The police will not leave')
    ]
    assert len(korr) == 2 and matched(*korr)


def flag_pairs() -> list[tuple[ClaimFlag, Claim, Claim]]:
    """(flag, its claim, a claim it names) for every claim each flag names."""
    flags = list(ClaimFlag.objects.select_related("claim__article__outlet", "claim__claimant"))
    named = Claim.objects.select_related("article__outlet", "claimant").in_bulk(
        {pk for f in flags for pk in f.other_ids}
    )
    return [(f, f.claim, named[pk]) for f in flags for pk in f.other_ids]


def test_only_the_figures_that_conflict_are_flagged(newsroom):
    pairs = flag_pairs()
    found = {
        (f.kind, frozenset({name_of(newsroom, a.article_id), name_of(newsroom, b.article_id)}))
        for f, a, b in pairs
    }
    assert found <= ALLOWED
    assert found >= REQUIRED
    # The update, the checkpoint story, the named victims and the unrelated reports: nothing.
    quiet = {newsroom[n].pk for n in ("a5", "b5", "c1", "c2", "d1", "d2")}
    assert not [p for p in pairs if p[1].article_id in quiet or p[2].article_id in quiet]
    # A range agrees with every count inside it; running totals are not the incident's count.
    never = ["At least 10", "200 soldiers killed", "A total of 40", "40"]
    assert not [p for p in pairs if any(c.exact.startswith(x) for c in p[1:] for x in never)]
    # One flag per claim and kind, however many reports disagree with it.
    flags = ClaimFlag.objects.values_list("claim", "kind")
    assert len(set(flags)) == len(flags)


def test_each_flag_names_its_claim_and_every_outlet_that_disagrees(newsroom):
    pairs = flag_pairs()
    assert pairs
    for flag, mine, other in pairs:
        message = flag.message
        assert mine.article.outlet.name in message
        assert other.article.outlet.name in message
        if flag.kind == "cross_article":
            assert f"“{mine.exact}”" in message
            if len(flag.others) == 1:
                assert f"“{other.exact}”" in message
        else:
            assert mine.claimant.name in message and other.claimant.name in message
    thirteen = ClaimFlag.objects.get(claim=claim(newsroom["a3"], "13 soldiers dead"))
    assert thirteen.message == (
        "“13 soldiers dead” (The Veldan Courier, citing hospital) says 13 soldiers were killed; "
        "2 other articles say 10 soldiers were killed (Estravian State News Agency, citing "
        "Defense Ministry; Estravia Public Television)."
    )
    assert thirteen.other_ids[0] == claim(newsroom["a2"], "Ten servicemen were killed").pk
    # State radio's three dead against everyone's four: one flag, not one per report.
    three = ClaimFlag.objects.get(claim=claim(newsroom["b4"], "three dead"))
    assert three.message == (
        "“three dead” (Lessing State Radio) says 3 people were killed; 3 other articles say 4 "
        "were killed (Meridian Press; Lessing Broadcasting Service; Skarra Island Post)."
    )
    assert len(three.others) == 5


def test_the_outlet_itself_is_never_the_source_it_cites(newsroom):
    # "Dr. Anja Merz told the Courier": the Courier reports, it is not the source.
    assert not ClaimFlag.objects.filter(message__contains="citing Courier").exists()
    assert not ClaimFlag.objects.filter(message__contains="citing The Veldan Courier").exists()
