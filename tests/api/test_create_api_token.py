from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_prints_a_new_token_and_the_same_one_again(reviewer):
    key = run("alice")
    assert key == Token.objects.get(user=reviewer).key and len(key) == 40
    assert run("alice") == key


def test_reset_replaces_the_token(reviewer):
    old = run("alice")
    new = run("alice", "--reset")
    assert new != old and Token.objects.get(user=reviewer).key == new


def test_the_printed_token_works_against_the_api(reviewer, anon):
    anon.credentials(HTTP_AUTHORIZATION=f"Token {run('alice')}")
    assert anon.get("/api/v1/export/claims.csv").status_code == 200


def test_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError, match=r"There is no user named 'nobody'\."):
        run("nobody")
    assert not Token.objects.exists()


def test_inactive_user_is_refused(reviewer):
    reviewer.is_active = False
    reviewer.save()
    with pytest.raises(CommandError, match="inactive"):
        run("alice")
