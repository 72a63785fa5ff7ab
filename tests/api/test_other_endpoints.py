"""Claimants, sources, the ClaimReview feed and the CSV export."""

import csv
import io

import pytest

from claims.models import Claim
from tests.api.conftest import SECRETS, ids, results
from tests.factories import ClaimFactory, EvidenceFactory, PublishedVerdictFactory

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------
# Claimants
# ------------------------------------------------------------------------------
def test_anonymous_sees_claimants_of_published_claims_including_relays(anon, world):
    assert ids(anon.get("/api/v1/claimants/")) == {world.claimant.pk, world.relay.pk}
    assert anon.get(f"/api/v1/claimants/{world.hidden_claimant.pk}/").status_code == 404
    assert SECRETS["hidden_claimant"] not in anon.get("/api/v1/claimants/").content.decode()


def test_claimant_representation(anon, world):
    row = anon.get(f"/api/v1/claimants/{world.claimant.pk}/").json()
    assert row == {
        "id": world.claimant.pk,
        "url": f"http://testserver{world.claimant.get_absolute_url()}",
        "name": "Defense Ministry",
        "slug": "defense-ministry",
        "kind": "organization",
        "role": "",
        "affiliation": None,
        "aliases": [],
    }


@pytest.mark.parametrize("client_name", ["as_reviewer", "as_other_reviewer", "as_editor"])
def test_reviewers_see_every_claimant(request, client_name, world):
    client = request.getfixturevalue(client_name)
    assert world.hidden_claimant.pk in ids(client.get("/api/v1/claimants/"))
    assert client.get(f"/api/v1/claimants/{world.hidden_claimant.pk}/").json()["url"] is None


def test_claimants_filter_by_kind_and_words(anon, world):
    assert ids(anon.get("/api/v1/claimants/", {"kind": "media"})) == {world.relay.pk}
    assert ids(anon.get("/api/v1/claimants/", {"q": "ministry"})) == {world.claimant.pk}
    assert anon.get("/api/v1/claimants/", {"kind": "alien"}).status_code == 400


# ------------------------------------------------------------------------------
# Sources
# ------------------------------------------------------------------------------
def test_anonymous_sees_only_sources_cited_by_published_verdicts(anon, world):
    (row,) = results(anon.get("/api/v1/sources/"))
    assert row["id"] == world.published.evidence.get().source_id
    assert set(row) == {
        "id", "url", "title", "publisher", "kind", "accessed_on", "archive_url",
    }  # fmt: skip
    assert SECRETS["hidden_source"] not in anon.get("/api/v1/sources/").content.decode()


def test_reviewers_see_every_source_and_filter_by_claim(as_reviewer, world):
    hidden = world.draft_claim.evidence.get().source
    assert ids(as_reviewer.get("/api/v1/sources/")) >= {hidden.pk}
    assert ids(as_reviewer.get("/api/v1/sources/", {"claim": world.draft_claim.pk})) == {hidden.pk}
    assert as_reviewer.get(f"/api/v1/sources/{hidden.pk}/").status_code == 200


def test_source_filter_does_not_reveal_unpublished_claims_citing_a_public_source(
    anon, as_reviewer, world
):
    public = world.published.evidence.get().source
    EvidenceFactory(claim=world.draft_claim, source=public)
    assert ids(anon.get("/api/v1/sources/", {"claim": world.published.pk})) == {public.pk}
    assert ids(anon.get("/api/v1/sources/", {"claim": world.draft_claim.pk})) == set()
    assert public.pk in ids(as_reviewer.get("/api/v1/sources/", {"claim": world.draft_claim.pk}))


def test_anonymous_cannot_fetch_an_uncited_source(anon, world):
    hidden = world.draft_claim.evidence.get().source
    assert anon.get(f"/api/v1/sources/{hidden.pk}/").status_code == 404
    assert ids(anon.get("/api/v1/sources/", {"claim": world.draft_claim.pk})) == set()


# ------------------------------------------------------------------------------
# ClaimReview
# ------------------------------------------------------------------------------
def test_claimreview_feed_lists_only_published_verdicts(anon, world):
    response = anon.get("/api/v1/claimreview/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    feed = response.json()
    assert feed["@type"] == "DataFeed"
    (review,) = feed["dataFeedElement"]
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"http://testserver{world.published.get_absolute_url()}"
    assert review["claimReviewed"] == "Three crew and two officers"
    assert review["reviewRating"]["ratingValue"] == 5
    for secret in SECRETS.values():
        assert secret not in response.content.decode()


def test_reviewers_get_the_same_public_feed(as_reviewer, world):
    feed = as_reviewer.get("/api/v1/claimreview/").json()
    assert len(feed["dataFeedElement"]) == 1


def test_claimreview_feed_leaves_out_a_published_verdict_on_a_claim_that_is_not_confirmed(
    anon, world
):
    # Not possible through the services or the admin; the feed does not rely on that.
    Claim.objects.filter(pk=world.published.pk).update(status=Claim.Status.DISMISSED)
    assert anon.get("/api/v1/claimreview/").json()["dataFeedElement"] == []


def test_claimreview_feed_comes_in_pages_linked_by_the_link_header(
    anon, world, reviewer, editor, monkeypatch
):
    from claims.public import claimreview_feed as views

    monkeypatch.setattr(views, "CLAIMREVIEW_PAGE_SIZE", 2)
    claims = [world.published]
    for _ in range(3):
        claim = ClaimFactory()
        PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
        claims.append(claim)
    urls, url, pages = [], "/api/v1/claimreview/", 0
    while url:
        response = anon.get(url)
        assert response.status_code == 200
        urls += [review["url"] for review in response.json()["dataFeedElement"]]
        pages += 1
        link = response.headers.get("Link")
        url = link and link.split(";")[0].strip("<>").removeprefix("http://testserver")
        if link:
            assert link.endswith('; rel="next"') and "/api/v1/claimreview/?before=" in link
    assert pages == 2
    assert urls == [f"http://testserver{c.get_absolute_url()}" for c in reversed(claims)]


@pytest.mark.parametrize("before", ["soon", "5", "1-2-3", "x-1"])
def test_claimreview_feed_refuses_a_malformed_cursor_with_a_json_400(anon, world, before):
    response = anon.get("/api/v1/claimreview/", {"before": before})
    assert response.status_code == 400
    # JSON (as JSON-LD, the feed's own type), naming the parameter.
    assert response["Content-Type"] == "application/ld+json"
    assert "before" in response.json()["errors"]


def test_claimreview_feed_is_kept_until_something_is_published(
    anon, world, reviewer, editor, django_assert_num_queries
):
    anon.get("/api/v1/claimreview/")
    # 1. site fingerprint: the page itself comes from the cache
    with django_assert_num_queries(1):
        assert len(anon.get("/api/v1/claimreview/").json()["dataFeedElement"]) == 1
    PublishedVerdictFactory(claim=ClaimFactory(), author=reviewer, approved_by=editor)
    assert len(anon.get("/api/v1/claimreview/").json()["dataFeedElement"]) == 2


# ------------------------------------------------------------------------------
# CSV export
# ------------------------------------------------------------------------------
def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("client_name", ["as_reviewer", "as_other_reviewer", "as_editor"])
def test_reviewers_export_every_claim_as_csv(request, client_name, world):
    response = request.getfixturevalue(client_name).get("/api/v1/export/claims.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="claims.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert {int(r["id"]) for r in rows} == {
        world.published.pk,
        world.draft_claim.pk,
        world.submitted_claim.pk,
        world.candidate.pk,
    }
    row = next(r for r in rows if int(r["id"]) == world.published.pk)
    assert row["exact"] == "Three crew and two officers"
    assert row["claimant"] == "Defense Ministry" and row["via"] == "Associated Press"
    assert row["verdict_rating"] == "true" and row["verdict_status"] == "published"
    assert row["count_min"] == "5" and row["category"] == "killed"


def test_export_filters_by_article(as_reviewer, world):
    response = as_reviewer.get("/api/v1/export/claims.csv", {"article": world.hidden_article.pk})
    assert [int(r["id"]) for r in read_csv(response)] == [world.candidate.pk]
    assert as_reviewer.get("/api/v1/export/claims.csv", {"article": "x"}).status_code == 400


def test_export_defuses_spreadsheet_formulas(as_reviewer, world):
    world.article.text += "\n\n=HYPERLINK(1)"
    world.article.save()
    ClaimFactory(article=world.article, quote="=HYPERLINK(1)")
    rows = read_csv(as_reviewer.get("/api/v1/export/claims.csv"))
    assert "'=HYPERLINK(1)" in {r["exact"] for r in rows}


@pytest.mark.parametrize(
    "name", ["+1+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\uff1dHYPERLINK(1)"]
)
def test_export_defuses_every_formula_start_in_names_and_titles(as_reviewer, world, name):
    world.claimant.name = name
    world.claimant.save()
    world.article.title = name
    world.article.save()
    rows = read_csv(as_reviewer.get("/api/v1/export/claims.csv", {"article": world.article.pk}))
    published = next(r for r in rows if int(r["id"]) == world.published.pk)
    # csv turns a lone "\r" into "\n" on the way back in; what matters is the quote before it.
    assert published["claimant"].startswith("'") and published["claimant"][1:2] == name[:1]
    assert published["article_title"].startswith("'")
    assert published["via"] == "Associated Press"  # plain text is left alone
    assert published["count_min"] == "5"  # numbers are numbers


def test_export_is_for_reviewers_only(anon, as_outsider, world):
    response = anon.get("/api/v1/export/claims.csv")
    assert response.status_code == 401 and response["Content-Type"] == "application/json"
    assert as_outsider.get("/api/v1/export/claims.csv").status_code == 403
    # Asking for CSV does not turn the error into CSV.
    response = anon.get("/api/v1/export/claims.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
