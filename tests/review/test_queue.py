"""The review queue: status tabs and counts, filters, pagination, assignment."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F, Q
from django.urls import reverse

from claims.models import Claim, ClaimFlag, Verdict
from claims.queue_state import STATUS_FILTERS
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    PublishedVerdictFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("review:queue")


def shown(response) -> list[int]:
    return [claim.pk for claim, _verdict in response.context["rows"]]


@pytest.fixture
def mixed(article, reviewer):
    """One claim in every queue state, all in the same article."""

    def make(quote, **kwargs):
        return ClaimFactory(article=article, quote=quote, **kwargs)

    claims = {
        "candidate": make("Three crew and two officers", status=Claim.Status.CANDIDATE),
        "confirmed": make("Dmitry Peskov"),
        "draft": make("all those on board are dead"),
        "submitted": make("the Defense Ministry said"),
        "published": make("a Kremlin statement"),
        "stale": make("shot down by ground fire", anchor_state=Claim.AnchorState.CHANGED),
        "orphaned": make("A Russian Mi-8", anchor_state=Claim.AnchorState.ORPHANED),
        "dismissed": make("helicopter has been", status=Claim.Status.DISMISSED),
    }
    VerdictFactory(claim=claims["draft"], author=reviewer)
    VerdictFactory(claim=claims["submitted"], author=reviewer, status=Verdict.Status.SUBMITTED)
    PublishedVerdictFactory(claim=claims["published"], author=reviewer)
    return claims


def test_tabs_count_every_status_in_one_page(as_reviewer, mixed):
    response = as_reviewer.get(QUEUE)
    counts = {key: count for key, _label, count in response.context["tabs"]}
    assert counts == {
        "": 7,  # every claim but the dismissed one
        "candidate": 1,
        "confirmed": 6,
        "draft": 1,
        "submitted": 1,
        "published": 1,
        "stale": 1,
        "orphaned": 1,
        "dismissed": 1,
    }
    assert mixed["dismissed"].pk not in shown(response)


def test_every_tab_count_matches_the_claims_it_lists(as_reviewer, mixed, reviewer):
    # Several verdicts on one claim must count it once.
    VerdictFactory(claim=mixed["published"], author=reviewer, stale=True)
    VerdictFactory(claim=mixed["confirmed"], author=reviewer, status=Verdict.Status.WITHDRAWN)
    VerdictFactory(claim=mixed["dismissed"], author=reviewer)
    PublishedVerdictFactory(claim=mixed["stale"], author=reviewer, stale=True)
    tabs = as_reviewer.get(QUEUE).context["tabs"]
    for key, _label, count in tabs:
        assert len(shown(as_reviewer.get(QUEUE, {"status": key}))) == count, key


@pytest.mark.parametrize(
    "status", ["candidate", "draft", "submitted", "published", "orphaned", "dismissed"]
)
def test_status_filter_shows_only_that_status(as_reviewer, mixed, status):
    response = as_reviewer.get(QUEUE, {"status": status})
    assert shown(response) == [mixed[status].pk]


def test_stale_filter_includes_stale_verdicts_and_changed_anchors(as_reviewer, mixed, reviewer):
    VerdictFactory(claim=mixed["confirmed"], author=reviewer, stale=True)
    response = as_reviewer.get(QUEUE, {"status": "stale"})
    assert set(shown(response)) == {mixed["stale"].pk, mixed["confirmed"].pk}


def test_confirmed_filter(as_reviewer, mixed):
    response = as_reviewer.get(QUEUE, {"status": "confirmed"})
    assert mixed["candidate"].pk not in shown(response)
    assert mixed["confirmed"].pk in shown(response)


def test_newest_article_first(as_reviewer):
    old = ClaimFactory(article=ArticleFactory(published_on=dt.date(2016, 8, 1)))
    new = ClaimFactory(article=ArticleFactory(published_on=dt.date(2024, 1, 1)))
    undated = ClaimFactory(article=ArticleFactory(published_on=None))
    assert shown(as_reviewer.get(QUEUE)) == [new.pk, old.pk, undated.pk]


def test_kind_article_and_claimant_filters(as_reviewer, article):
    peskov = ClaimantFactory(name="Dmitry Peskov", slug="dmitry-peskov")
    casualty = ClaimFactory(article=article)
    attribution = ClaimFactory(
        article=article, quote="the Defense Ministry said", kind="attribution", claimant=peskov
    )
    elsewhere = ClaimFactory()
    assert shown(as_reviewer.get(QUEUE, {"kind": "attribution"})) == [attribution.pk]
    assert set(shown(as_reviewer.get(QUEUE, {"article": article.pk}))) == {
        casualty.pk,
        attribution.pk,
    }
    response = as_reviewer.get(QUEUE, {"claimant": "dmitry-peskov"})
    assert shown(response) == [attribution.pk]
    assert b"Claimant: Dmitry Peskov" in response.content
    assert elsewhere.pk in shown(as_reviewer.get(QUEUE))


def test_counts_follow_the_other_filters(as_reviewer, article):
    ClaimFactory(article=article, status=Claim.Status.CANDIDATE)
    ClaimFactory(status=Claim.Status.CANDIDATE)
    response = as_reviewer.get(QUEUE, {"article": article.pk})
    counts = {key: count for key, _label, count in response.context["tabs"]}
    assert counts["candidate"] == 1


def test_assigned_to_me(as_reviewer, reviewer, other_reviewer, article):
    mine = ClaimFactory(article=article, assigned_to=reviewer)
    ClaimFactory(article=article, quote="Dmitry Peskov", assigned_to=other_reviewer)
    assert shown(as_reviewer.get(QUEUE, {"mine": "on"})) == [mine.pk]


def test_search(as_reviewer, article):
    peskov = ClaimFactory(article=article, quote="Dmitry Peskov", kind="attribution")
    ClaimFactory(article=article)
    assert shown(as_reviewer.get(QUEUE, {"q": "peskov"})) == [peskov.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"kind": "nonsense"},
        {"article": "abc"},
        {"claimant": "not a slug!"},
        {"page": "abc"},
        {"page": "9999"},
        {"q": "x" * 500},
    ],
)
def test_bad_filter_values_are_ignored_not_an_error(as_reviewer, candidate, params):
    response = as_reviewer.get(QUEUE, params)
    assert response.status_code == 200


def test_pagination(as_reviewer, article):
    ClaimFactory.create_batch(31, article=article)
    first = as_reviewer.get(QUEUE)
    assert len(first.context["rows"]) == 30
    assert b'rel="next"' in first.content
    second = as_reviewer.get(QUEUE, {"page": 2})
    assert len(second.context["rows"]) == 1


def test_filters_survive_paging_links(as_reviewer, article):
    ClaimFactory.create_batch(31, article=article, kind="casualty")
    response = as_reviewer.get(QUEUE, {"kind": "casualty", "status": "confirmed"})
    assert b"?kind=casualty&amp;status=confirmed&amp;page=2" in response.content


def test_queue_escapes_quotes(as_reviewer):
    article = ArticleFactory(text='He said "<script>alert(1)</script>" twice.')
    ClaimFactory(article=article, quote="<script>alert(1)</script>")
    response = as_reviewer.get(QUEUE)
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;alert(1)" in response.content


def make_claims(n: int, reviewer) -> None:
    for i in range(n):
        claim = ClaimFactory(
            article=ArticleFactory(), claimant=ClaimantFactory(), assigned_to=reviewer
        )
        if i % 2:
            VerdictFactory(claim=claim, author=reviewer)


@pytest.mark.parametrize("n", [1, 30])
def test_queue_query_count_does_not_grow_with_claims(
    client, reviewer, django_assert_num_queries, n
):
    make_claims(n, reviewer)
    client.force_login(reviewer)
    # 1 session, 2 user, 3 the user's groups and publish permission (the role checks
    # and the Approvals link), 4 the queue's fingerprint with the bell's unread
    # notifications count, 5 every tab's count in one GROUP BY (the cache is empty;
    # the paginator takes its count from it), 6 the page's claim ids in queue order,
    # 7 those claims as rows with article, outlet, claimant, flag count and current
    # verdict, 8 the reviewers for the assign menus.
    with django_assert_num_queries(8):
        response = client.get(QUEUE)
    assert len(response.context["rows"]) == n


def test_assign_to_myself_then_to_a_colleague_then_nobody(
    as_reviewer, reviewer, other_reviewer, candidate
):
    url = reverse("review:claim-assign", args=[candidate.pk])
    response = as_reviewer.post(url, {"assignee": reviewer.pk, "next": "/review/?status=candidate"})
    assert response.status_code == 302 and response.url == "/review/?status=candidate"
    candidate.refresh_from_db()
    assert candidate.assigned_to == reviewer
    as_reviewer.post(url, {"assignee": other_reviewer.pk})
    candidate.refresh_from_db()
    assert candidate.assigned_to == other_reviewer
    as_reviewer.post(url, {"assignee": ""})
    candidate.refresh_from_db()
    assert candidate.assigned_to is None


def test_assigning_to_a_non_reviewer_is_refused(as_reviewer, outsider, candidate):
    response = as_reviewer.post(
        reverse("review:claim-assign", args=[candidate.pk]), {"assignee": outsider.pk}, follow=True
    )
    assert "not a reviewer" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.assigned_to is None


def test_assign_ignores_an_offsite_next(as_reviewer, reviewer, candidate):
    response = as_reviewer.post(
        reverse("review:claim-assign", args=[candidate.pk]),
        {"assignee": reviewer.pk, "next": "https://evil.example/"},
    )
    assert response.url == reverse("review:claim", args=[candidate.pk])


def test_editor_uses_the_queue_like_a_reviewer(as_editor, candidate):
    response = as_editor.get(QUEUE)
    assert shown(response) == [candidate.pk]
    assert b"Approvals" in response.content


def test_reviewer_sees_no_approvals_link(as_reviewer, candidate):
    assert b">Approvals<" not in as_reviewer.get(QUEUE).content


def test_assign_menus_offer_me_first(client, other_reviewer, reviewer, candidate):
    # "bob" sorts after "alice", yet bob sees himself first: taking a claim is one pick.
    client.force_login(other_reviewer)
    response = client.get(QUEUE)
    assert [person.username for person in response.context["reviewers"]][:2] == ["bob", "alice"]
    assert "Me (bob)" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_postgresql_has_an_index_for_the_queue_s_newest_article_first_order():
    """The queue sorts articles newest first, undated last; without this index a
    large desk's queue sorted every article on each visit."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = "
            "'articles_article_newest_nulls_last_idx'"
        )
        (definition,) = cursor.fetchone()
    assert "published_on DESC NULLS LAST, created DESC, id" in definition


QUEUE_ORDER = (
    F("article__published_on").desc(nulls_last=True),
    "-article__created",
    "article_id",
    "start",
    "id",
)


@pytest.mark.parametrize("status", list(STATUS_FILTERS))
def test_every_tab_and_filter_lists_the_claims_the_orm_finds(
    as_reviewer, reviewer, other_reviewer, mixed, status
):
    # The page's ids come from a statement compiled once per filters: each combination
    # must still list what the filters say, in queue order.
    older = ArticleFactory(published_on=dt.date(2020, 1, 1))
    claimant = ClaimantFactory()
    ClaimFactory(article=older, claimant=claimant, assigned_to=reviewer)
    ClaimFactory(article=older, quote="Dmitry Peskov", kind="attribution", claimant=claimant)
    ClaimFactory(article=older, quote="a Kremlin statement", assigned_to=other_reviewer)
    flagged = ClaimFactory(article=ArticleFactory(published_on=None), claimant=claimant)
    ClaimFlag.objects.create(claim=flagged, kind=ClaimFlag.Kind.PARTS_TOTAL, message="5 ≠ 3")
    mixed["draft"].assigned_to = reviewer
    mixed["draft"].save()
    combinations = [
        ({}, Q()),
        ({"kind": "attribution"}, Q(kind="attribution")),
        ({"article": older.pk}, Q(article=older)),
        ({"claimant": claimant.slug}, Q(claimant=claimant)),
        ({"mine": "on"}, Q(assigned_to=reviewer)),
        ({"flagged": "on"}, Q(flagged=True)),
        ({"claimant": claimant.slug, "mine": "on"}, Q(claimant=claimant, assigned_to=reviewer)),
    ]
    for params, condition in combinations:
        expected = Claim.objects.filter(STATUS_FILTERS[status], condition).order_by(*QUEUE_ORDER)
        response = as_reviewer.get(QUEUE, {**params, "status": status})
        assert shown(response) == list(expected.values_list("pk", flat=True)), params


@pytest.mark.parametrize("status", ["", "candidate"])
def test_the_page_s_ids_write_the_tab_s_status_in(as_reviewer, candidate, status):
    # PostgreSQL keeps one plan for a statement it prepares: with the status bound,
    # that plan sorted every claim, and PostgreSQL planned the ids on every visit.
    seen = []

    def record(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = as_reviewer.get(QUEUE, {"status": status})
    assert shown(response) == [candidate.pk]
    assert [params for sql, params in seen if 'AS "pk" FROM "claims_claim"' in sql] == [()]


def test_other_reviewers_do_not_get_my_claims_as_theirs(client, reviewer, other_reviewer, article):
    mine = ClaimFactory(article=article, assigned_to=reviewer)
    theirs = ClaimFactory(article=article, quote="Dmitry Peskov", assigned_to=other_reviewer)
    client.force_login(reviewer)
    assert shown(client.get(QUEUE, {"mine": "on"})) == [mine.pk]
    client.force_login(other_reviewer)
    assert shown(client.get(QUEUE, {"mine": "on"})) == [theirs.pk]


def test_an_empty_tab_reads_no_claims(client, reviewer, candidate, django_assert_num_queries):
    client.force_login(reviewer)
    # 1 session, 2 user, 3 roles, 4 fingerprint and unread count, 5 every tab's
    # count, 6 the reviewers for the assign menus: no ids, no rows.
    with django_assert_num_queries(6):
        response = client.get(QUEUE, {"status": "published"})
    assert response.context["rows"] == []
    assert b"No claims here." in response.content
