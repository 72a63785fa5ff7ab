"""Grouping and flags stay cheap as the newsroom's archive grows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.events import services as events
from tests.events.factories import EventFactory
from tests.events.test_pages import build_event
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory

pytestmark = pytest.mark.django_db

MAR_14 = dt.date(2023, 3, 14)


def refresh_queries(n: int) -> int:
    event, _ = build_event(n)
    events.event_refresh(event=event)  # matches and flags as the rules see them
    with CaptureQueriesContext(connection) as queries:
        events.event_refresh(event=event)
    return len(queries)


def test_refreshing_an_event_takes_the_same_queries_whatever_its_size():
    # savepoint, the articles with outlets, their claims with claimants, the relays,
    # the existing matches, rescoring, deleting the flags, writing them, the event's
    # "updated", release: never one per claim or article.
    assert refresh_queries(2) == refresh_queries(9) <= 11


def test_an_article_joining_an_event_is_compared_with_it_not_the_event_with_itself(
    monkeypatch,
):
    from claims.events import consistency

    event, _ = build_event(30, flags=False)
    newcomer = ArticleFactory(event=event, outlet=OutletFactory(name="Latecomer"))
    mine = [ClaimFactory(article=newcomer) for _ in range(2)]
    calls = []
    real = consistency._scorer

    def counting(kind):  # every pair scored goes through its kind's scorer
        score = real(kind)
        return lambda a, b: calls.append((a.id, b.id)) or score(a, b)

    monkeypatch.setattr(consistency, "_scorer", counting)
    events.event_refresh(event=event, changed=newcomer)
    # Two casualty figures, each against the 30 others: 60 pairs, not the 495 of every
    # casualty pair of the event (two claims of one article are never paired).
    assert len(calls) == 2 * 30
    assert all(a in {c.pk for c in mine} or b in {c.pk for c in mine} for a, b in calls)
    calls.clear()
    events.event_refresh(event=event)
    # Every pair of figures of different articles; the attributions name no claimant,
    # so none of them can match and they are not scored.
    assert len(calls) == 32 * 31 // 2 - 1


def test_the_proposal_compares_only_articles_of_nearby_days_and_at_most_a_pool():
    event = EventFactory(date=MAR_14)
    near = [
        ArticleFactory(event=event, published_on=MAR_14 + dt.timedelta(days=d)) for d in (-3, 0, 3)
    ]
    ArticleFactory(event=event, published_on=MAR_14 + dt.timedelta(days=4))
    ArticleFactory(event=event, published_on=MAR_14 - dt.timedelta(days=30))
    new = ArticleFactory(published_on=MAR_14)
    pool = events._proposal_pool(new)
    assert {a.pk for a in pool} == {a.pk for a in near}
    assert pool.query.low_mark == 0 and pool.query.high_mark == events.PROPOSAL_POOL


def test_fingerprints_are_kept_in_the_process_not_in_a_local_memory_cache():
    event = EventFactory(date=MAR_14)
    pool = [
        ArticleFactory(event=event, published_on=MAR_14, outlet=OutletFactory(name=f"Outlet {i}"))
        for i in range(3)
    ]
    everyone = list(events._proposal_pool(ArticleFactory(published_on=MAR_14)))
    but_one = list(events._proposal_pool(pool[0]))
    events._local_fingerprints.clear()
    with CaptureQueriesContext(connection) as first:
        events._fingerprints(everyone)
    assert len(first) == 1  # the texts, once
    with CaptureQueriesContext(connection) as again:
        fingerprints = events._fingerprints(but_one)
    assert len(again) == 0 and len(fingerprints) == 2
    # Hundreds of fingerprints would push the cached public pages out of a 300-entry cache.
    assert cache.get(events._fingerprint_key(pool[0])) is None


def test_the_outlet_is_part_of_the_fingerprints_key():
    one = ArticleFactory(outlet=OutletFactory(name="The Veldan Courier"))
    other = ArticleFactory(outlet=OutletFactory(name="Meridian Press"), text=one.text)
    other.content_hash = one.content_hash
    assert events._fingerprint_key(one) != events._fingerprint_key(other)


def test_the_figures_subjects_stay_out_of_a_local_memory_cache_too():
    article = ArticleFactory()
    events._local_details.clear()
    first = events._casualty_details(article)
    assert first  # the seed text's figures
    assert events._casualty_details(article) is first  # read once, kept in the process
    assert not [key for key in cache._cache if "casualty-details" in key]
