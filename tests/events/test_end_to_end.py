"""The seed and five other reports, imported: events, matches and exactly the right flags."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Event
from claims.events import services as events
from claims.models import Claim, ClaimFlag, ClaimMatch
from tests.events.conftest import UNRELATED, import_story

pytestmark = pytest.mark.django_db

RT, WIRE, LEDGER, NINE, OBSERVER = (
    "RT",
    "Northern Wire",
    "The Evening Ledger",
    "Channel Nine News",
    "Levant Observer",
)
# The death toll as each report gives it.
FIVE_KILLED = [
    (RT, "all 5 aboard dead"),
    (RT, "Three crew and two officers"),
    (WIRE, "five crew killed"),
    (WIRE, "killing all five crew members on board"),
    (LEDGER, "Five Russians die"),
    (LEDGER, "Three crew and two officers died"),
    (NINE, "killing all 5 on board"),
]
FIVE_CREW = [(WIRE, "five crew killed"), (WIRE, "killing all five crew members on board")]
CREW_AND_OFFICERS = [
    (RT, "Three crew and two officers"),
    (LEDGER, "Three crew and two officers died"),
]
FOUR_KILLED = [(OBSERVER, "four killed"), (OBSERVER, "Four people on board were killed")]
OFFICERS_AMONG = (WIRE, "Two officers")
PESKOV = (RT, '"Those on board the helicopter were killed')
ZAKHAROVA = (OBSERVER, '"They died heroically')


def key(claim: Claim) -> tuple[str, str]:
    return (claim.article.outlet.name, claim.exact)


def flags_by_name() -> set[tuple[tuple[str, str], str, tuple[str, str]]]:
    """(claim, kind, other claim) for every claim each flag names."""
    flags = list(ClaimFlag.objects.select_related("claim__article__outlet"))
    # One flag per claim and kind, however many claims it names.
    assert len({(f.claim_id, f.kind) for f in flags}) == len(flags)
    named = Claim.objects.select_related("article__outlet").in_bulk(
        {pk for f in flags for pk in f.other_ids}
    )
    return {
        (short(key(f.claim)), f.kind, short(key(named[pk]))) for f in flags for pk in f.other_ids
    }


def short(k: tuple[str, str]) -> tuple[str, str]:
    """Attribution quotes are long: their first words name them."""
    outlet, exact = k
    for known in (PESKOV, ZAKHAROVA):
        if outlet == known[0] and exact.startswith(known[1]):
            return known
    return k


def expected_flags() -> set:
    pairs = set()
    for four in FOUR_KILLED:
        for five in FIVE_KILLED:
            pairs.add((four, "cross_article", five))
    for crew in FIVE_CREW:
        for parts in CREW_AND_OFFICERS:
            pairs.add((crew, "cross_article", parts))
    for crew in FIVE_CREW:
        pairs.add((crew, "parts_total", OFFICERS_AMONG))
    pairs.add((PESKOV, "attribution_conflict", ZAKHAROVA))
    # Every flag is on both claims.
    return pairs | {(b, kind, a) for a, kind, b in pairs}


def names(claim: Claim, other: Claim) -> bool:
    """Whether a flag of ``claim`` names ``other``."""
    return any(other.pk in f.other_ids for f in ClaimFlag.objects.filter(claim=claim))


def named_by_any_flag(claim: Claim) -> bool:
    return any(claim.pk in f.other_ids for f in ClaimFlag.objects.all())


def matched(story, a: tuple[str, str], b: tuple[str, str]) -> bool:
    x, y = sorted([story.claim(*a).pk, story.claim(*b).pk])
    return ClaimMatch.objects.filter(claim_a=x, claim_b=y).exists()


# ------------------------------------------------------------------------------
# Grouping
# ------------------------------------------------------------------------------
def test_the_reports_of_the_shoot_down_form_one_event_and_the_airstrikes_another(story):
    story.refresh()
    shoot_down = story.by_outlet[RT].event
    assert {a.event_id for a in story.by_outlet.values()} == {shoot_down.pk}
    assert story.articles[UNRELATED].event_id not in (None, shoot_down.pk)
    assert Event.objects.count() == 2
    assert shoot_down.title == story.by_outlet[RT].title
    assert str(shoot_down.date) == "2016-08-01"
    assert not any(a.event_confirmed for a in story.articles.values())


@pytest.mark.parametrize("reverse", [False, True])
def test_the_grouping_does_not_depend_on_the_import_order(db, reverse):
    articles = import_story(reverse=reverse)
    groups = {}
    for name, article in articles.items():
        article.refresh_from_db()
        groups.setdefault(article.event_id, set()).add(name)
    assert sorted(map(len, groups.values())) == [1, 5]
    assert {UNRELATED} in groups.values()


# ------------------------------------------------------------------------------
# Matches
# ------------------------------------------------------------------------------
def test_the_five_killed_claims_are_linked_across_articles(story):
    assert matched(
        story, (RT, "Three crew and two officers"), (LEDGER, "Three crew and two officers died")
    )
    assert matched(story, (RT, "all 5 aboard dead"), (NINE, "killing all 5 on board"))
    assert matched(
        story, (WIRE, "killing all five crew members on board"), (NINE, "killing all 5 on board")
    )
    assert matched(story, (RT, "Three crew and two officers"), (WIRE, "five crew killed"))
    # The same count of those on board (not killed) is a match too.
    assert matched(
        story, (RT, "Three crew members and two officers"), (NINE, "three crew and two officers")
    )
    # A different count of the same dead is still the same claim: that is what gets flagged.
    assert matched(
        story, (OBSERVER, "Four people on board were killed"), (NINE, "killing all 5 on board")
    )


def test_older_incidents_running_totals_and_other_stories_are_never_matched(story):
    loners = [
        story.claim(RT, "killing two Russian pilots"),  # July, near Palmyra
        story.claim(RT, "both pilots dead"),  # April, near Homs
        story.claim(LEDGER, "At least 18 Russian servicemen have been killed"),  # since 2015
        *story.articles[UNRELATED].claims.all(),
    ]
    for claim in loners:
        assert not ClaimMatch.objects.filter(claim_a=claim).exists(), claim
        assert not ClaimMatch.objects.filter(claim_b=claim).exists(), claim
    # "Two officers were among those killed" is not the death toll.
    officers = story.claim(*OFFICERS_AMONG)
    assert not ClaimMatch.objects.filter(claim_a=officers).exists()
    assert not ClaimMatch.objects.filter(claim_b=officers).exists()


def test_every_match_joins_two_articles_of_one_event(story):
    for match in ClaimMatch.objects.select_related("claim_a__article", "claim_b__article"):
        assert match.claim_a.article_id != match.claim_b.article_id
        assert match.claim_a.article.event_id == match.claim_b.article.event_id
        assert match.claim_a.kind == match.claim_b.kind


# ------------------------------------------------------------------------------
# Flags
# ------------------------------------------------------------------------------
def test_exactly_the_figures_that_conflict_are_flagged(story):
    assert flags_by_name() == expected_flags()


def test_flags_say_in_one_sentence_what_does_not_add_up(story):
    wire = story.claim(WIRE, "killing all five crew members on board")
    flag = ClaimFlag.objects.get(claim=wire, kind="cross_article")
    assert flag.message == (
        "“killing all five crew members on board” (Northern Wire, citing Defense Ministry, "
        "1 Aug 2016) says 5 crew members on board were killed; 3 other articles say otherwise: "
        "3 crew and 2 officers were killed (RT, citing Kremlin, 1 Aug 2016; The Evening Ledger, "
        "2 Aug 2016); 4 people were killed (Levant Observer, 2 Aug 2016)."
    )
    inside = ClaimFlag.objects.get(claim=wire, kind="parts_total")
    assert inside.message == (
        "“killing all five crew members on board” says all 5 were crew members, but the same "
        "article counts 2 officers among them (“Two officers”)."
    )


def test_a_figure_every_other_report_contradicts_has_one_flag_that_sums_them_up(story):
    four = story.claim(OBSERVER, "four killed")
    (flag,) = ClaimFlag.objects.filter(claim=four)
    assert flag.message == (
        "“four killed” (Levant Observer, 2 Aug 2016) says 4 people were killed; 4 other "
        "articles say 5 were killed (RT, 1 Aug 2016; Northern Wire, 1 Aug 2016; Channel Nine "
        "News, citing Russian officials, 1 Aug 2016; The Evening Ledger, 2 Aug 2016)."
    )
    # It links every claim it disagrees with, and points at one of them.
    assert {(o["source"], o["exact"]) for o in flag.others} == set(FIVE_KILLED)
    assert flag.other_id == flag.other_ids[0]


FLAG_FIELDS = ("claim", "kind", "other", "message", "others")


def test_refreshing_again_changes_nothing(story):
    matches = set(ClaimMatch.objects.values_list("pk", "claim_a", "claim_b", "status"))
    flags = {(*f[:4], str(f[4])) for f in ClaimFlag.objects.values_list(*FLAG_FIELDS)}
    events_before = set(Article.objects.values_list("pk", "event"))
    for article in story.articles.values():
        events.article_events_refresh(article=article)
    assert set(ClaimMatch.objects.values_list("pk", "claim_a", "claim_b", "status")) == matches
    assert {(*f[:4], str(f[4])) for f in ClaimFlag.objects.values_list(*FLAG_FIELDS)} == flags
    assert set(Article.objects.values_list("pk", "event")) == events_before


def test_imports_scored_only_the_new_pairs_and_left_what_a_full_refresh_finds(story):
    """Each import scored only its own claims' pairs; recomputing every pair of
    every event afterwards finds exactly the same matches and flags."""
    matches = set(ClaimMatch.objects.values_list("claim_a", "claim_b", "status", "score"))
    flags = {(*f[:4], str(f[4])) for f in ClaimFlag.objects.values_list(*FLAG_FIELDS)}
    assert matches and flags
    for event in Event.objects.all():
        events.event_refresh(event=event)
    assert set(ClaimMatch.objects.values_list("claim_a", "claim_b", "status", "score")) == matches
    assert {(*f[:4], str(f[4])) for f in ClaimFlag.objects.values_list(*FLAG_FIELDS)} == flags


def test_a_broken_match_is_neither_compared_nor_proposed_again(story, reviewer):
    from claims import services

    four = story.claim(OBSERVER, "Four people on board were killed")
    five = story.claim(NINE, "killing all 5 on board")
    match = ClaimMatch.objects.get(claim_a=min(four.pk, five.pk), claim_b=max(four.pk, five.pk))
    assert names(four, five)
    services.claim_match_break(match=match, by=reviewer)
    assert not names(four, five) and not names(five, four)
    assert ClaimFlag.objects.filter(claim=four).exists()  # the other conflicts stay
    for article in story.articles.values():
        events.article_events_refresh(article=article)
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.BROKEN and match.decided_by == reviewer
    assert not names(four, five)


def test_correcting_a_figure_clears_its_flags(story, reviewer):
    from claims import services

    four = story.claim(OBSERVER, "Four people on board were killed")
    services.claim_update(claim=four, by=reviewer, count_min=5, count_max=5)
    assert not ClaimFlag.objects.filter(claim=four).exists()
    assert not named_by_any_flag(four)


def test_dismissing_a_claim_clears_its_flags_and_restoring_brings_them_back(story, reviewer):
    from claims import services

    officers = story.claim(*OFFICERS_AMONG)
    services.claim_dismiss(claim=officers, by=reviewer)
    assert not ClaimFlag.objects.filter(kind="parts_total").exists()
    services.claim_confirm(claim=officers, by=reviewer)
    # The two totals each name the officers; the officers' one flag names both totals.
    assert ClaimFlag.objects.filter(kind="parts_total").count() == 3


# ------------------------------------------------------------------------------
# Reviewers' choices
# ------------------------------------------------------------------------------
def test_a_confirmed_article_is_never_moved_by_a_proposal(story, reviewer):
    unrelated = story.articles[UNRELATED]
    shoot_down = story.by_outlet[RT].event
    events.article_event_move(article=unrelated, event=shoot_down, by=reviewer)
    unrelated.refresh_from_db()
    assert unrelated.event == shoot_down and unrelated.event_confirmed
    # Its old event had nothing else: it is gone.
    assert Event.objects.count() == 1
    events.article_events_refresh(article=unrelated)
    call_command("group_events", "--all", stdout=StringIO())
    unrelated.refresh_from_db()
    assert unrelated.event == shoot_down


def test_splitting_an_article_out_stops_comparing_it(story, reviewer):
    observer = story.by_outlet[OBSERVER]
    old = observer.event
    new = events.article_event_split(article=observer, by=reviewer)
    observer.refresh_from_db()
    assert observer.event == new and observer.event_confirmed and new != old
    four = story.claim(OBSERVER, "Four people on board were killed")
    assert not ClaimFlag.objects.filter(claim=four).exists()
    assert not named_by_any_flag(four)
    assert not ClaimMatch.objects.filter(claim_a=four).exists()
    assert not ClaimMatch.objects.filter(claim_b=four).exists()
    # Proposals leave the split alone.
    call_command("group_events", stdout=StringIO())
    observer.refresh_from_db()
    assert observer.event == new


def test_confirming_keeps_the_event_and_says_who(story, reviewer):
    article = story.by_outlet[NINE]
    events.article_event_confirm(article=article, by=reviewer)
    article.refresh_from_db()
    assert article.event_confirmed
    assert article.history.first().history_user == reviewer


def test_group_events_regroups_unconfirmed_articles(story):
    Article.objects.update(event=None)
    Event.objects.all().delete()
    out = StringIO()
    call_command("group_events", stdout=out)
    assert "6 article(s) looked at" in out.getvalue()
    shoot_down = {a.event_id for a in Article.objects.exclude(title__startswith="Airstrikes")}
    assert len(shoot_down) == 1 and None not in shoot_down
    assert flags_by_name() == expected_flags()


def test_the_story_comes_out_the_same_when_import_proposes_events_itself(db, monkeypatch):
    """Once the importer calls article_events_refresh after extraction, calling it again
    (as import_story does) changes nothing."""
    from claims import ingest

    extract_claims = ingest.article_claims_refresh

    def refresh_then_group(*, article, previous_text, **options):
        result = extract_claims(article=article, previous_text=previous_text, **options)
        events.article_events_refresh(article=article)
        return result

    monkeypatch.setattr(ingest, "article_claims_refresh", refresh_then_group)
    import_story()
    assert flags_by_name() == expected_flags()
    assert Event.objects.count() == 2


def test_group_events_days_leaves_older_coverage_alone(story):
    Article.objects.update(event=None)
    Event.objects.all().delete()
    out = StringIO()
    # The story is from 2016: nothing of it was published in the last week.
    call_command("group_events", "--days", "7", stdout=out)
    assert "0 article(s) looked at" in out.getvalue()
    assert not Article.objects.exclude(event=None).exists()
    call_command("group_events", "--days", "100000", stdout=out)
    assert not Article.objects.filter(event=None).exists()


def test_group_events_refuses_a_negative_number_of_days(db):
    with pytest.raises(CommandError, match="--days"):
        call_command("group_events", "--days", "-1", stdout=StringIO())
