import json

import pytest

from claims.models import Claim, Evidence, Source
from tests.api.conftest import SECRETS, ids, results
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/claims/"


def detail(claim) -> str:
    return f"/api/v1/claims/{claim.pk}/"


# ------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------
def test_anonymous_sees_only_claims_with_a_published_verdict(anon, world):
    assert ids(anon.get(LIST)) == {world.published.pk}


def test_logged_in_non_reviewer_sees_what_anonymous_sees(as_outsider, world):
    assert ids(as_outsider.get(LIST)) == {world.published.pk}


@pytest.mark.parametrize("client_name", ["as_reviewer", "as_other_reviewer", "as_editor"])
def test_reviewers_and_editors_see_every_claim(request, client_name, world):
    client = request.getfixturevalue(client_name)
    assert ids(client.get(LIST)) == {
        world.published.pk,
        world.draft_claim.pk,
        world.submitted_claim.pk,
        world.candidate.pk,
    }


def test_claim_representation_has_every_documented_field(anon, world):
    (row,) = results(anon.get(LIST))
    claim, verdict = world.published, world.verdict
    assert row == {
        "id": claim.pk,
        "url": f"http://testserver{claim.get_absolute_url()}",
        "article": world.article.pk,
        "kind": "casualty",
        "exact": "Three crew and two officers",
        "start": claim.start,
        "end": claim.end,
        "prefix": claim.prefix,
        "suffix": claim.suffix,
        "sentence": claim.sentence,
        "statement": "Three crew and two officers",  # none written yet: the quote
        "attribution": None,
        "contains": [],
        "claimant": {
            "id": world.claimant.pk,
            "name": "Defense Ministry",
            "kind": "organization",
            "role": "",
        },
        "via": [{"id": world.relay.pk, "name": "Associated Press", "kind": "media", "role": ""}],
        "quantity": {
            "min": 5,
            "max": 5,
            "category": "killed",
            "parts": [{"count": 3, "who": "crew"}, {"count": 2, "who": "officers"}],
        },
        "status": "confirmed",
        "anchor_state": "anchored",
        "verdict": {
            "id": verdict.pk,
            "rating": "true",
            "label": "True",
            "rating_value": 5,
            "rationale": "Five died, **all**.",
            "published_at": row["verdict"]["published_at"],
        },
        "evidence": [
            {
                "id": claim.evidence.get().pk,
                "source": row["evidence"][0]["source"],
                "stance": "supports",
                "created": row["evidence"][0]["created"],
            }
        ],
        # Not part of an event here: tests/events covers events, matches and flags.
        "event": None,
        "matches": [],
        "flags": [],
    }
    assert world.article.text[row["start"] : row["end"]] == row["exact"]
    assert row["verdict"]["published_at"].startswith(verdict.published_at.date().isoformat())


def test_reviewer_sees_working_verdict_with_version_and_evidence_notes(as_reviewer, world):
    row = as_reviewer.get(detail(world.draft_claim)).json()
    assert row["url"] is None  # not published: no public page yet
    assert row["verdict"]["status"] == "draft"
    assert row["verdict"]["version"] == world.draft.version
    assert row["verdict"]["rationale"] == SECRETS["draft_rationale"]
    assert row["evidence"][0]["note"] == SECRETS["evidence_note"]
    assert row["origin"] == "extracted" or row["origin"] == "manual"
    assert "assigned_to" in row and "created" in row


def test_non_casualty_claim_has_no_quantity(as_reviewer, world):
    assert as_reviewer.get(detail(world.draft_claim)).json()["quantity"] is None


def test_anonymous_cannot_fetch_an_unpublished_claim(anon, world):
    for claim in (world.draft_claim, world.submitted_claim, world.candidate):
        response = anon.get(detail(claim))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_detail_works_with_and_without_trailing_slash(anon, world):
    assert anon.get(f"/api/v1/claims/{world.published.pk}").status_code == 200
    assert anon.get(detail(world.published)).status_code == 200


def test_unknown_and_malformed_ids_are_json_404(anon, world):
    for path in ("/api/v1/claims/999999/", "/api/v1/claims/abc/", "/api/v1/claims/-1/"):
        response = anon.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"


# ------------------------------------------------------------------------------
# Filters
# ------------------------------------------------------------------------------
def test_filters_by_kind_status_article_and_claimant(as_reviewer, world):
    assert ids(as_reviewer.get(LIST, {"kind": "attribution"})) == {world.draft_claim.pk}
    assert ids(as_reviewer.get(LIST, {"status": "candidate"})) == {world.candidate.pk}
    assert ids(as_reviewer.get(LIST, {"article": world.hidden_article.pk})) == {world.candidate.pk}
    assert ids(as_reviewer.get(LIST, {"claimant": world.claimant.pk})) == {world.published.pk}


def test_rating_filter_sees_working_verdicts_only_for_reviewers(anon, as_reviewer, world):
    # Every verdict in the world is rated "true"; only one of them is published.
    assert ids(anon.get(LIST, {"rating": "true"})) == {world.published.pk}
    assert ids(as_reviewer.get(LIST, {"rating": "true"})) == {
        world.published.pk,
        world.draft_claim.pk,
        world.submitted_claim.pk,
    }
    assert ids(anon.get(LIST, {"rating": "false"})) == set()


def test_published_after_and_before(anon, world):
    published_on = world.verdict.published_at.date()
    assert ids(anon.get(LIST, {"published_after": str(published_on)})) == {world.published.pk}
    assert ids(anon.get(LIST, {"published_before": str(published_on)})) == set()
    later = world.verdict.published_at.isoformat()
    assert ids(anon.get(LIST, {"published_after": later})) == {world.published.pk}


def test_any_utc_offset_python_accepts_is_a_valid_date(anon, world):
    # PostgreSQL itself refuses offsets beyond ±15:59.
    response = anon.get(LIST, {"published_before": "2000-06-22T16:58:43.38+17:15"})
    assert response.status_code == 200
    assert ids(anon.get(LIST, {"published_after": "2000-06-22T16:58:43+17:15"})) == {
        world.published.pk
    }


def test_q_searches_quote_and_claimant(anon, as_reviewer, world):
    assert ids(anon.get(LIST, {"q": "officers"})) == {world.published.pk}
    assert ids(anon.get(LIST, {"q": "Peskov"})) == set()  # the draft claim stays hidden
    assert ids(as_reviewer.get(LIST, {"q": "Peskov"})) == {world.draft_claim.pk}


def test_anonymous_filter_on_a_hidden_article_is_empty_not_an_error(anon, world):
    assert ids(anon.get(LIST, {"article": world.hidden_article.pk})) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "rumour"},
        {"status": "nope"},
        {"rating": "pants-on-fire"},
        {"article": "abc"},
        {"article": "1.5"},
        {"article": "0"},
        {"article": "99999999999999999999999"},
        {"published_after": "yesterday"},
        {"published_after": "0001-01-01T00:00:00+14:00"},
        {"published_before": "9999-12-31T23:59:59-14:00"},
        {"q": "a\x00b"},
        {"page_size": "0"},
        {"page_size": "101"},
        {"page_size": "ten"},
        {"cursor": "not-a-cursor"},
        {"cursor": "cD1hYmM="},  # p=abc: decodes, but no id
    ],
)
def test_invalid_filter_values_are_400_with_a_message(anon, world, params):
    response = anon.get(LIST, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert set(params) <= set(body["errors"])
    assert body["detail"].startswith(next(iter(params)))


def test_misspelt_filter_is_a_400_not_every_claim(anon, world):
    response = anon.get(LIST, {"claimaint": world.claimant.pk})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"].startswith("claimaint: Unknown query parameter; the parameters are: ")
    assert "claimant" in body["detail"] and "page_size" in body["detail"]


def test_paging_parameters_and_format_are_not_unknown(anon, world):
    assert ids(anon.get(LIST, {"page_size": 5, "format": "json"})) == {world.published.pk}


def test_detail_ignores_the_query_string(anon, world):
    assert anon.get(f"{LIST}{world.published.pk}/", {"colour": "blue"}).status_code == 200


def test_cursor_pagination_walks_every_claim_once(as_reviewer, world):
    seen, url = [], LIST + "?page_size=1"
    while url:
        body = as_reviewer.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert sorted(seen, reverse=True) == seen
    assert set(seen) == ids(as_reviewer.get(LIST))


# ------------------------------------------------------------------------------
# Creating and editing
# ------------------------------------------------------------------------------
def test_reviewer_marks_a_claim_by_quote(as_reviewer, reviewer, world):
    response = as_reviewer.post(
        LIST,
        {"article": world.article.pk, "kind": "unverified", "exact": "cannot verify authenticity"},
        format="json",
    )
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(pk=response.json()["id"])
    assert claim.created_by == reviewer and claim.status == "confirmed"
    assert world.article.text[claim.start : claim.end] == "cannot verify authenticity"
    assert response.json()["exact"] == "cannot verify authenticity"


def test_reviewer_marks_a_claim_by_offsets(as_reviewer, world):
    start = world.article.text.index("allegedly show debris")
    response = as_reviewer.post(
        LIST,
        {"article": world.article.pk, "kind": "unverified", "start": start, "end": start + 9},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["exact"] == "allegedly"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"kind": "statement", "exact": "not in the text at all"}, "detail"),
        ({"kind": "statement", "exact": "the"}, "detail"),  # appears several times
        ({"kind": "statement", "start": 5}, "detail"),  # start without end
        ({"kind": "statement", "start": 5, "end": 10**6}, "detail"),
        ({"kind": "statement", "start": 2**40, "end": 2**41}, "start"),
        ({"kind": "statement", "start": "five", "end": 9}, "start"),
        ({"kind": "gossip", "exact": "Idlib"}, "kind"),
        ({"exact": "Idlib"}, "kind"),
    ],
)
def test_invalid_claims_are_refused_with_a_message(as_reviewer, world, payload, field):
    before = Claim.objects.count()
    response = as_reviewer.post(LIST, {"article": world.article.pk, **payload}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"]
    if field != "detail":
        assert field in body["errors"]
    assert Claim.objects.count() == before


@pytest.mark.parametrize(
    "payload, message",
    [
        ({}, "give either `exact` (the quote, found once in the article text) or `start` and"),
        ({"exact": "   "}, "give either `exact`"),
        ({"start": None, "end": None}, "give either `exact`"),
        ({"start": 5}, "end: Give `end` with `start`"),
        ({"end": 9}, "start: Give `start` with `end`"),
        ({"start": 20, "end": 5}, "end: `start` must come before `end`"),
        ({"start": 7, "end": 7}, "end: `start` must come before `end`"),
        ({"start": 5, "end": 10**6}, "outside the article text, which runs from 0 to"),
    ],
)
def test_a_claim_without_a_passage_or_with_a_backwards_one_says_which_fields(
    as_reviewer, world, payload, message
):
    before = Claim.objects.count()
    body = {"article": world.article.pk, "kind": "statement", **payload}
    response = as_reviewer.post(LIST, body, format="json")
    assert response.status_code == 400, response.content
    assert message in response.json()["detail"]
    assert Claim.objects.count() == before


def test_a_backwards_span_is_not_called_outside_the_article(as_reviewer, world):
    body = {"article": world.article.pk, "kind": "statement", "start": 20, "end": 5}
    response = as_reviewer.post(LIST, body, format="json")
    assert response.status_code == 400
    assert "outside" not in response.json()["detail"]
    assert response.json()["errors"] == {
        "end": ["`start` must come before `end` (`end` is exclusive)."]
    }


def test_creating_on_an_unknown_article_is_a_400(as_reviewer, world):
    response = as_reviewer.post(LIST, {"article": 10**9, "kind": "statement"}, format="json")
    assert response.status_code == 400
    assert "article" in response.json()["errors"]


def test_anonymous_write_is_401_and_outsider_write_is_403(anon, as_outsider, world):
    payload = {"article": world.article.pk, "kind": "statement", "exact": "Idlib"}
    response = anon.post(LIST, payload, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    response = as_outsider.post(LIST, payload, format="json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only reviewers and editors can do this.",
        "code": "permission_denied",
    }
    assert not Claim.objects.filter(exact="Idlib").exists()


def test_reviewer_edits_claimant_relays_and_numbers(as_reviewer, world):
    other = ClaimantFactory(name="Kremlin")
    response = as_reviewer.patch(
        detail(world.candidate),
        {
            "claimant": other.pk,
            "via": [world.relay.pk, world.claimant.pk],
            "quantity": {"min": 4, "max": 6, "parts": [{"count": 4, "who": "crew"}]},
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    world.candidate.refresh_from_db()
    assert world.candidate.claimant == other
    assert [r.claimant for r in world.candidate.relays.all()] == [world.relay, world.claimant]
    assert (world.candidate.count_min, world.candidate.count_max) == (4, 6)
    assert world.candidate.parts == [{"count": 4, "who": "crew"}]
    assert world.candidate.category == "killed"  # not sent, not changed
    assert world.candidate.status == "confirmed"  # an edit is a review
    assert [v["name"] for v in response.json()["via"]] == ["Associated Press", "Defense Ministry"]


def test_other_reviewer_can_edit_a_claim_too(as_other_reviewer, world):
    response = as_other_reviewer.patch(
        detail(world.candidate), {"kind": "statement", "quantity": None}, format="json"
    )
    assert response.status_code == 200, response.content
    world.candidate.refresh_from_db()
    assert world.candidate.kind == "statement" and world.candidate.count_min is None


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"quantity": {"min": 9, "max": 2}},
        {"quantity": {"min": -1}},
        {"quantity": {"min": 2**40}},
        {"quantity": {"parts": [{"who": "crew"}]}},
        {"quantity": {"category": "eaten"}},
        {"via": [10**12]},
        {"via": list(range(1, 30))},
        {"kind": None},
        {"claimant": "Defense Ministry"},
        ["not", "an", "object"],
    ],
)
def test_invalid_edits_are_400_and_change_nothing(as_reviewer, world, payload):
    response = as_reviewer.patch(detail(world.candidate), payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    world.candidate.refresh_from_db()
    assert world.candidate.status == "candidate" and world.candidate.count_max == 5


def test_a_misspelt_field_is_refused_not_dropped(as_reviewer, world):
    response = as_reviewer.patch(detail(world.candidate), {"knd": "statement"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == (
        "knd: Unknown field; the fields are: statement, kind, claimant, via, quantity."
    )
    world.candidate.refresh_from_db()
    assert world.candidate.status == "candidate" and world.candidate.kind == "casualty"


def test_a_misspelt_nested_field_is_refused(as_reviewer, world):
    response = as_reviewer.patch(detail(world.candidate), {"quantity": {"mn": 3}}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "quantity.mn: Unknown field; the fields are: min, max, category, parts."
    )
    world.candidate.refresh_from_db()
    assert world.candidate.status == "candidate" and world.candidate.count_min == 5


def test_unknown_fields_are_listed_with_the_other_errors(as_reviewer, world):
    payload = {"article": world.article.pk, "kind": "gossip", "quote": "Idlib"}
    response = as_reviewer.post(LIST, payload, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"quote", "kind"}
    assert response.json()["detail"].startswith("quote: Unknown field")
    assert not Claim.objects.filter(exact="Idlib").exists()


def test_put_and_delete_are_405(as_reviewer, world):
    assert as_reviewer.put(detail(world.candidate), {}, format="json").status_code == 405
    response = as_reviewer.delete(detail(world.candidate))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert Claim.objects.filter(pk=world.candidate.pk).exists()


def test_confirm_and_dismiss(as_reviewer, world):
    response = as_reviewer.post(detail(world.candidate) + "confirm/")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    response = as_reviewer.post(detail(world.candidate) + "dismiss/")
    assert response.status_code == 200 and response.json()["status"] == "dismissed"
    world.candidate.refresh_from_db()
    assert world.candidate.status == "dismissed" and world.candidate.reviewed


def test_dismissing_a_published_claim_is_refused(as_reviewer, world):
    response = as_reviewer.post(detail(world.published) + "dismiss/")
    assert response.status_code == 400
    assert "withdraw the verdict first" in response.json()["detail"]
    world.published.refresh_from_db()
    assert world.published.status == "confirmed"


def test_anonymous_cannot_confirm_even_a_published_claim(anon, as_outsider, world):
    assert anon.post(detail(world.candidate) + "confirm/").status_code == 401
    assert as_outsider.post(detail(world.candidate) + "confirm/").status_code == 403
    world.candidate.refresh_from_db()
    assert world.candidate.status == "candidate"


# ------------------------------------------------------------------------------
# Evidence
# ------------------------------------------------------------------------------
def test_reviewer_attaches_evidence(as_reviewer, reviewer, world):
    response = as_reviewer.post(
        detail(world.candidate) + "evidence/",
        {
            "url": "https://mil.example.ru/statement",
            "stance": "supports",
            "title": "Ministry statement",
            "kind": "official",
            "note": "Called the press office.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get(pk=response.json()["id"])
    assert evidence.claim == world.candidate and evidence.added_by == reviewer
    assert evidence.source.kind == "official" and evidence.note == "Called the press office."
    assert response.json()["note"] == "Called the press office."
    assert response.json()["source"]["title"] == "Ministry statement"


def test_attaching_a_source_again_updates_its_stance_and_answers_200(as_reviewer, world):
    url = detail(world.candidate) + "evidence/"
    first = {"url": "https://mil.example.ru/statement", "stance": "supports", "note": "Called."}
    created = as_reviewer.post(url, first, format="json")
    assert created.status_code == 201, created.content
    again = {"url": "https://mil.example.ru/statement", "stance": "contradicts"}
    updated = as_reviewer.post(url, again, format="json")
    assert updated.status_code == 200, updated.content
    assert updated.json()["id"] == created.json()["id"]
    assert updated.json()["stance"] == "contradicts"
    evidence = Evidence.objects.get(claim=world.candidate)
    # The stance changed; the note written the first time was kept (none was sent).
    assert evidence.stance == "contradicts" and evidence.note == "Called."


def test_attaching_an_untitled_long_url_keeps_the_title_in_bounds(as_reviewer, world):
    url = "https://example.org/" + "a" * 900
    response = as_reviewer.post(
        detail(world.candidate) + "evidence/", {"url": url, "stance": "context"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert len(Source.objects.get(url=url).title) <= 500


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"url": "javascript:alert(1)", "stance": "supports"}, "url"),
        ({"url": "https://example.org/x", "stance": "likes"}, "stance"),
        ({"url": "https://example.org/x", "stance": "supports", "kind": "rumour"}, "kind"),
        ({"url": "https://example.org/" + "a" * 1000, "stance": "supports"}, "url"),
        ({"stance": "supports"}, "url"),
        ({"url": "https://example.org/x", "stance": "supports", "note": "\ud800"}, "note"),
    ],
)
def test_invalid_evidence_is_400(as_reviewer, world, payload, field):
    # json.dumps escapes the lone surrogate as \ud800, as a client in another language would.
    body = json.dumps(payload)
    response = as_reviewer.post(
        detail(world.candidate) + "evidence/", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not world.candidate.evidence.exists()


def test_anonymous_cannot_attach_evidence(anon, world):
    response = anon.post(
        detail(world.published) + "evidence/",
        {"url": "https://example.org/x", "stance": "supports"},
        format="json",
    )
    assert response.status_code == 401
    assert world.published.evidence.count() == 1


def test_evidence_on_a_missing_claim_is_404(as_reviewer, world):
    response = as_reviewer.post(
        "/api/v1/claims/999999/evidence/",
        {"url": "https://example.org/x", "stance": "supports"},
        format="json",
    )
    assert response.status_code == 404


def test_claim_from_factory_outside_world_is_visible_to_reviewers(as_reviewer, world):
    extra = ClaimFactory(article=world.article, quote="ground fire")
    assert extra.pk in ids(as_reviewer.get(LIST))
