"""Authentication, throttling and the one JSON error shape, across the API."""

import pytest
from django.middleware.csrf import get_token
from django.test import RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from claims.models import Claim
from tests.api.conftest import ids, token_client

pytestmark = pytest.mark.django_db


def claim_url(claim, step: str = "") -> str:
    return f"/api/v1/claims/{claim.pk}/" + (f"{step}/" if step else "")


# ------------------------------------------------------------------------------
# Malformed input
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        '{"kind": "statement",}',
        '{"version": NaN}',
        '{"version": Infinity}',
        "\xff\xfe",
        "[" * 100_000 + "]" * 100_000,
    ],
    ids=["unclosed", "trailing-comma", "nan", "infinity", "not-utf8", "nested-too-deep"],
)
def test_malformed_json_is_a_400_with_a_message(as_reviewer, world, body):
    response = as_reviewer.post(
        f"/api/v1/verdicts/{world.draft.pk}/submit/", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "parse_error"
    assert "JSON parse error" in response.json()["detail"]


@pytest.mark.parametrize("body", ["[]", '"a string"', "42", "null"])
def test_json_that_is_not_an_object_is_a_400(as_reviewer, world, body):
    response = as_reviewer.post("/api/v1/claims/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_huge_numbers_are_a_400(as_reviewer, world):
    huge = 10**40
    body = f'{{"article": {huge}, "kind": "statement", "start": {huge}, "end": {huge * 10}}}'
    response = as_reviewer.post("/api/v1/claims/", body, content_type="application/json")
    assert response.status_code == 400
    assert {"article", "start", "end"} <= set(response.json()["errors"])


def test_nested_validation_errors_name_the_field(as_reviewer, world):
    response = as_reviewer.patch(
        claim_url(world.candidate),
        {"quantity": {"parts": [{"count": 1}, {"count": "x"}]}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "quantity.parts.1.count: A valid integer is required."


# ------------------------------------------------------------------------------
# Unknown urls and methods
# ------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_unknown_api_urls_are_json_404(anon, method):
    response = getattr(anon, method)("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no API endpoint at this url.",
        "code": "not_found",
    }


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "text/csv"])
def test_lists_answer_json_whatever_the_accept_header(anon, world, accept):
    response = anon.get("/api/v1/claims/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert ids(response) == {world.published.pk}


def test_a_format_parameter_does_not_turn_a_list_into_a_404(anon, world):
    response = anon.get("/api/v1/claims/", {"format": "xml"})
    assert response.status_code == 200 and ids(response) == {world.published.pk}
    assert anon.get(claim_url(world.published), {"format": "api"}).status_code == 200


def test_unsupported_methods_are_json_405(anon, as_reviewer, world):
    response = anon.delete(claim_url(world.published))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert anon.options("/api/v1/claims/").status_code == 405
    assert as_reviewer.put("/api/v1/verdicts/", {}, format="json").status_code == 405


def test_a_bug_is_a_logged_json_500_not_an_html_page(world, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("boom")

    # What the claim list reads first.
    monkeypatch.setattr("claims.api.rows.claim_page", broken)
    client = APIClient(raise_request_exception=False)
    with caplog.at_level("ERROR", logger="django.request"):
        response = client.get("/api/v1/claims/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "server_error"
    (record,) = [r for r in caplog.records if r.levelname == "ERROR"]
    assert record.getMessage() == "Internal Server Error: /api/v1/claims/"
    assert str(record.exc_info[1]) == "boom"
    # Tests still see the exception itself, as for any other view.
    with pytest.raises(RuntimeError, match="boom"):
        APIClient().get("/api/v1/claims/")


# ------------------------------------------------------------------------------
# Authentication
# ------------------------------------------------------------------------------
def test_a_bad_token_is_401_even_on_public_reads(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token.", "code": "authentication_failed"}


def test_bearer_works_like_token(reviewer, world):
    key = Token.objects.create(user=reviewer).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert len(ids(client.get("/api/v1/claims/"))) == 4  # reviewers see everything
    response = client.post(claim_url(world.candidate, "confirm"))
    assert response.status_code == 200
    world.candidate.refresh_from_db()
    assert world.candidate.status == Claim.Status.CONFIRMED


def test_a_bad_bearer_token_is_401_not_anonymous(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="bearer not-a-token")
    response = client.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."
    assert response["WWW-Authenticate"] == "Token"


def test_an_inactive_users_token_stops_working(reviewer, world):
    client = token_client(reviewer)
    reviewer.is_active = False
    reviewer.save()
    assert client.get("/api/v1/claims/").status_code == 401


def test_deleting_a_token_revokes_it(reviewer, world):
    client = token_client(reviewer)
    Token.objects.filter(user=reviewer).delete()
    assert client.post(claim_url(world.candidate, "confirm")).status_code == 401


def test_session_login_works_for_the_browser_with_csrf(reviewer, world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert len(ids(client.get("/api/v1/claims/"))) == 4  # reviewers see everything
    refused = client.post(claim_url(world.candidate, "confirm"))
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    # What the browser has after any page that used a CSRF token: the cookie and its token.
    page = RequestFactory().get("/")
    token = get_token(page)
    client.cookies["csrftoken"] = page.META["CSRF_COOKIE"]
    response = client.post(claim_url(world.candidate, "confirm"), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content
    world.candidate.refresh_from_db()
    assert world.candidate.status == Claim.Status.CONFIRMED


def test_superuser_without_a_role_may_do_everything(superuser, world):
    client = token_client(superuser)
    assert client.post(claim_url(world.candidate, "confirm")).status_code == 200


# ------------------------------------------------------------------------------
# Throttling
# ------------------------------------------------------------------------------
def test_anonymous_callers_are_throttled_with_a_json_429(anon, world, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "1000/minute"}
    )
    assert anon.get("/api/v1/claims/").status_code == 200
    assert anon.get("/api/v1/articles/").status_code == 200
    response = anon.get("/api/v1/claims/")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert "throttled" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_authenticated_callers_have_their_own_budget(anon, as_reviewer, world, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1/minute", "user": "3/minute"}
    )
    assert anon.get("/api/v1/claims/").status_code == 200
    assert anon.get("/api/v1/claims/").status_code == 429
    for _ in range(3):
        assert as_reviewer.get("/api/v1/claims/").status_code == 200
    assert as_reviewer.post(claim_url(world.candidate, "confirm")).status_code == 429
    world.candidate.refresh_from_db()
    assert world.candidate.status == Claim.Status.CANDIDATE
