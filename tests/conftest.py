from pathlib import Path

import pytest

from tests.factories import ArticleFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "articles" / "demo" / "rt-russian-helicopter-aleppo.txt"
SEED_TITLE = "Russian helicopter on Aleppo aid mission shot down, all 5 aboard dead"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: ids are reused after rollbacks."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_PATH.read_bytes()


@pytest.fixture
def reviewer(db):
    return UserFactory(username="alice", role="Reviewer")


@pytest.fixture
def other_reviewer(db):
    return UserFactory(username="bob", role="Reviewer")


@pytest.fixture
def editor(db):
    return UserFactory(username="charlie", role="Editor")


@pytest.fixture
def other_editor(db):
    return UserFactory(username="dana", role="Editor")


@pytest.fixture
def outsider(db):
    """Logged in, but neither reviewer nor editor."""
    return UserFactory(username="eve")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "root-pass-123")


@pytest.fixture
def article(db):
    return ArticleFactory()
