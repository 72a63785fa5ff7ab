"""Error pages: in the site's layout, saying what to do, and never showing internals."""

from urllib.parse import urlencode

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from claims.models import Verdict

pytestmark = pytest.mark.django_db

INTERNALS = (
    "Traceback",
    "DATA_UPLOAD_MAX_MEMORY_SIZE",
    "settings.",
    "SECRET",
    "csrfmiddlewaretoken",
)


def assert_styled_and_quiet(response, status: int, title: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert f"Error {status}" in html and title in html
    assert "/static/css/base.css" in html and 'class="brand"' in html
    for internal in INTERNALS:
        assert internal not in html, internal
    return html


def test_a_form_too_large_to_read_gets_the_styled_400_page(client, reviewer, candidate, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    client.force_login(reviewer)
    body = urlencode({"rationale": "x" * 5_000, "rating": "false", "action": "save"})
    response = client.post(
        reverse("review:verdict-save", args=[candidate.pk]),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    html = assert_styled_and_quiet(response, 400, "We couldn’t read that request")
    assert "over the size limit" in html and "Nothing was saved." in html
    assert not Verdict.objects.exists()


def test_an_expired_form_gets_the_styled_csrf_page(reviewer, candidate):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reviewer)
    response = browser.post(
        reverse("review:verdict-save", args=[candidate.pk]), {"rating": "false", "action": "save"}
    )
    html = assert_styled_and_quiet(response, 403, "That form could not be accepted")
    assert "reload the page" in html
    assert not Verdict.objects.exists()


def test_the_404_page_is_styled_and_does_not_repeat_the_address(client):
    response = client.get("/claims/999999-<script>alert(1)</script>/")
    html = assert_styled_and_quiet(response, 404, "We can’t find that page")
    assert "<script>alert(1)" not in html and "alert(1)" not in html


def test_the_403_page_is_styled_and_offers_the_login(client):
    request = RequestFactory().get("/anything/")
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionDenied("internal reason 42"))
    html = assert_styled_and_quiet(response, 403, "You don’t have access to this page")
    assert "internal reason 42" not in html
    assert "/accounts/login/?next=/anything/" in html


def test_the_500_page_is_styled_and_shows_nothing_of_the_error():
    request = RequestFactory().get("/boom/")
    response = defaults.server_error(request)
    assert_styled_and_quiet(response, 500, "Something went wrong on our side")
