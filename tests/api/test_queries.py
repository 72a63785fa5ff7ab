"""Every endpoint runs a fixed number of queries, whatever the page size; the claim list
at most a fixed number, fewer when its page has no rows in some of the tables it shows."""

from __future__ import annotations

import pytest
from django.db.models import Q

from claims.models import Claim, ClaimRelay, Correction, Source
from tests.api.conftest import token_client
from tests.events.factories import ClaimFlagFactory, ClaimMatchFactory, named
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    PublishedVerdictFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

PAGE_SIZES = [1, 20, 100]

# Authentication by token: 1. the token with its user  2. the user's groups (role check).
TOKEN_QUERIES = 2

# Queries after authentication, for anonymous callers and for reviewers.
LISTS = {
    # 1. claims (+ claimant, event id and title, the verdict shown, which tables below
    # hold rows for each; + assigned user for reviewers)  2. evidence + sources
    # 3. relays + claimants. Matches, flags and the claims inside an attribution are
    # read only for pages that have some (see the test after this one).
    "/api/v1/claims/": 3,
    # 1. articles + outlet, with "has a published claim"
    "/api/v1/articles/": 1,
    # 1. claimants + affiliation, with "has a published claim"
    "/api/v1/claimants/": 1,
    # 1. sources
    "/api/v1/sources/": 1,
    # 1. verdicts + claim (+ author and approver for reviewers)  2. corrections
    "/api/v1/verdicts/": 2,
}


@pytest.fixture
def crowd(reviewer, editor):
    """105 published fact-checks, each on its own article with its own claimant, relay,
    two sources and a correction, plus a draft verdict on each for reviewers to see."""
    for i in range(105):
        article = ArticleFactory()
        claim = ClaimFactory(article=article, claimant=ClaimantFactory())
        ClaimRelay.objects.create(claim=claim, claimant=ClaimantFactory(), position=0)
        EvidenceFactory.create_batch(2, claim=claim)
        verdict = PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
        Correction.objects.create(verdict=verdict, note=f"Fixed {i}.", created_by=editor)
        draft_claim = ClaimFactory(article=article, quote="Kremlin spokesman")
        VerdictFactory(claim=draft_claim, author=reviewer)


def check_lists(client, extra: int, exactly, at_most) -> None:
    for url, queries in LISTS.items():
        # A page of claims without relays (the reviewers' drafts here) skips that read.
        assert_queries = at_most if url == "/api/v1/claims/" else exactly
        for size in PAGE_SIZES:
            with assert_queries(queries + extra):
                response = client.get(url, {"page_size": size})
            assert response.status_code == 200, url
            body = response.json()
            assert len(body["results"]) == size, url
            # The next page costs the same as the first.
            with assert_queries(queries + extra):
                assert client.get(body["next"]).status_code == 200


def test_anonymous_list_queries_are_fixed(
    anon, crowd, django_assert_num_queries, django_assert_max_num_queries
):
    check_lists(anon, 0, django_assert_num_queries, django_assert_max_num_queries)


def test_reviewer_list_queries_are_fixed(
    reviewer, crowd, django_assert_num_queries, django_assert_max_num_queries
):
    check_lists(
        token_client(reviewer),
        TOKEN_QUERIES,
        django_assert_num_queries,
        django_assert_max_num_queries,
    )


@pytest.fixture
def linked_crowd(crowd):
    """The crowd's published claims each matched with the next, inside the attribution of
    the one before, and flagged twice: disagreeing with the next, and with the next and
    an unpublished claim."""
    drafts = Q(verdicts__status="draft")
    published = list(Claim.objects.exclude(drafts).order_by("pk"))
    unpublished = list(Claim.objects.filter(drafts).order_by("pk"))
    for before, claim, after, draft in zip(
        published, published[1:], published[2:], unpublished, strict=False
    ):
        Claim.objects.filter(pk=claim.pk).update(attribution=before)
        ClaimMatchFactory(claim_a=claim, claim_b=after)
        ClaimFlagFactory(claim=claim, other=after)
        ClaimFlagFactory(claim=claim, other=after, others=named(after, draft), kind="parts_total")


@pytest.mark.parametrize("as_reviewer", [False, True], ids=["anonymous", "reviewer"])
def test_claim_list_queries_stay_fixed_with_matches_flags_and_attributions(
    reviewer, linked_crowd, as_reviewer, django_assert_num_queries
):
    client = token_client(reviewer if as_reviewer else None)
    # The three claim-list queries, then 4. matches, the claim first or second in the
    # pair  5. flags  6. the claims inside what an attribution reports; for the public
    # one more when a flag names several claims: which of them are published.
    queries = TOKEN_QUERIES + 6 if as_reviewer else 7
    for size in (20, 100):
        with django_assert_num_queries(queries):
            body = client.get("/api/v1/claims/", {"page_size": size}).json()
        assert len(body["results"]) == size
        assert any(r["flags"] and r["matches"] and r["contains"] for r in body["results"])
        with django_assert_num_queries(queries):
            assert client.get(body["next"]).status_code == 200


def test_filtered_claim_list_queries_are_fixed(anon, crowd, django_assert_num_queries):
    params = {"kind": "casualty", "rating": "true", "q": "crew", "published_after": "2000-01-01"}
    for size in PAGE_SIZES:
        # The three claim-list queries; the filters are subqueries of the first. `q`
        # first looks up the claimants whose name matches (one query), then how many
        # claims the text index may hold for the words (one more).
        with django_assert_num_queries(5):
            response = anon.get("/api/v1/claims/", {**params, "page_size": size})
        assert len(response.json()["results"]) == size


def test_detail_queries(world, reviewer, django_assert_num_queries):
    client = token_client(reviewer)
    details = {
        # 1. the claim  2. relays  3. verdicts  4. evidence + sources  5-6. matches
        # (either side of the pair)  7. flags  8. the claims inside it (an attribution's)
        f"/api/v1/claims/{world.published.pk}/": 8,
        # 1. the article + outlet
        f"/api/v1/articles/{world.article.pk}/": 1,
        # 1. the claimant
        f"/api/v1/claimants/{world.claimant.pk}/": 1,
        # 1. the source
        f"/api/v1/sources/{world.published.evidence.get().source_id}/": 1,
        # 1. the verdict + claim  2. corrections
        f"/api/v1/verdicts/{world.verdict.pk}/": 2,
    }
    for url, queries in details.items():
        with django_assert_num_queries(queries + TOKEN_QUERIES):
            assert client.get(url).status_code == 200, url


def test_claimreview_feed_is_two_queries(anon, crowd, django_assert_num_queries):
    # 1. site fingerprint (the page's cache key)  2. one page of published verdicts +
    # claim + article + outlet + claimant
    with django_assert_num_queries(2):
        response = anon.get("/api/v1/claimreview/")
    assert len(response.json()["dataFeedElement"]) == 105


def test_export_queries_do_not_grow_with_claims(reviewer, crowd, django_assert_num_queries):
    client = token_client(reviewer)
    # Authentication, then 1. claims + article + event + claimant  2. relays  3. verdicts
    # 4-5. matches (either side of the pair)  6. flags (per chunk of 500 claims).
    with django_assert_num_queries(TOKEN_QUERIES + 6):
        response = client.get("/api/v1/export/claims.csv")
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + 210


def test_filtered_lists_cost_what_unfiltered_ones_do(
    reviewer, crowd, django_assert_num_queries, django_assert_max_num_queries
):
    client = token_client(reviewer)
    source = Source.objects.order_by("pk").first()
    claim = source.evidence.get().claim_id
    filtered = {
        # The claim-list queries; rating (working verdicts for reviewers) is a subquery.
        "/api/v1/claims/": ({"rating": "true", "kind": "casualty"}, 3),
        # 1. articles + outlet, the filters in its WHERE clause
        "/api/v1/articles/": ({"published_after": "2000-01-01", "q": "Idlib"}, 1),
        # 1. sources, "cited by this claim" as a subquery
        "/api/v1/sources/": ({"claim": claim}, 1),
        # 1. claimants + affiliation, kind and words in its WHERE clause
        "/api/v1/claimants/": ({"kind": "organization", "q": "claimant"}, 1),
        # 1. verdicts + claim + author + approver  2. corrections
        "/api/v1/verdicts/": ({"rating": "true"}, 2),
    }
    for url, (params, queries) in filtered.items():
        # As unfiltered: a page of claims without relays skips that read.
        exact = url != "/api/v1/claims/"
        assert_queries = django_assert_num_queries if exact else django_assert_max_num_queries
        for size in PAGE_SIZES:
            with assert_queries(queries + TOKEN_QUERIES):
                response = client.get(url, {**params, "page_size": size})
            assert response.status_code == 200, (url, response.content)
            assert response.json()["results"], url  # prefetches run only for a full page
