"""Log-in throttling (django-axes) and where a log-in sends you (`next`)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's


def fail(client, url: str, username: str = "alice", times: int = 1, **extra):
    response = None
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong-guess"}, **extra)
    return response


def test_the_tenth_wrong_password_locks_the_username_from_that_address(client, reviewer):
    assert fail(client, reverse("login"), times=9).status_code == 200  # the form, with its error
    response = fail(client, reverse("login"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    html = response.content.decode()
    assert "Too many failed log-ins" in html and "Try again after" in html
    assert "15 minutes from now" in html
    # The right password does not get in during the cool-off.
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(client, reviewer, other_reviewer):
    fail(client, reverse("login"), times=10)
    # Another user from the same address, and the same user from elsewhere, still log in.
    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7"
    )
    assert response.status_code == 302


def test_the_lock_ends_after_the_cool_off(client, reviewer):
    fail(client, reverse("login"), times=10)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_a_successful_log_in_resets_the_count(client, reviewer):
    fail(client, reverse("login"), times=9)
    assert (
        client.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code
        == 302
    )
    client.logout()
    assert fail(client, reverse("login"), times=9).status_code == 200


def test_the_admin_log_in_is_throttled_too(client, superuser):
    url = reverse("admin:login")
    assert fail(client, url, username="root", times=9).status_code == 200
    response = fail(client, url, username="root")
    assert response.status_code == 429 and "Too many failed log-ins" in response.content.decode()
    response = client.post(url, {"username": "root", "password": "root-pass-123"})
    assert response.status_code == 429


def test_an_admin_unlocks_a_locked_account_in_the_admin(client, reviewer, superuser):
    fail(client, reverse("login"), times=10)
    attempt = AccessAttempt.objects.get(username="alice")

    admin = client.__class__()
    admin.force_login(superuser)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "alice" in listing.content.decode()
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()

    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_the_api_takes_no_passwords_to_guess(client, reviewer):
    """The API authenticates with tokens or the browser session only: HTTP Basic with a
    password is not an authentication method, so there is nothing there to throttle."""
    import base64

    basic = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    response = client.get("/api/v1/export/claims.csv", headers={"authorization": f"Basic {basic}"})
    assert response.status_code in (401, 403)


# ------------------------------------------------------------------------------
# next
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "/review/\nSet-Cookie:x",
        "/ /evil.example",
        "review/",
        "javascript:alert(1)",
    ],
)
def test_a_next_that_is_not_a_plain_local_path_goes_to_the_queue(client, reviewer, target):
    page = client.get(reverse("login"), {"next": target}).content.decode()
    assert "evil" not in page and "javascript" not in page
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302 and response["Location"] == "/review/"


def test_the_reported_next_values_are_normalised(client, reviewer):
    # As the browser sends them: next=/%09/evil.example and next=%2F%2Fevil.example
    for query in ("next=/%09/evil.example", "next=%2F%2Fevil.example"):
        response = client.post(
            f"{reverse('login')}?{query}", {"username": "alice", "password": PASSWORD}
        )
        assert response["Location"] == "/review/", query
        client.logout()


@pytest.mark.parametrize("target", ["/review/claims/3/?start_from=3", "/claims/?q=pilots#results"])
def test_a_plain_local_next_is_kept(client, reviewer, target):
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302 and response["Location"] == target


def test_behind_a_proxy_failures_count_for_the_address_it_forwards(rf, settings):
    from config.security import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "10.0.0.2"  # no proxy configured: the header is not trusted
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The last address is the one the proxy appended; the first is whatever the client sent.
    assert client_ip(request) == "203.0.113.7"
