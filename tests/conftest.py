from pathlib import Path

import pytest

from tests.factories import ArticleFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _jinja2_pages_report_their_context():
    """Let the test client see Jinja2 pages as it sees Django templates.

    Django's test environment instruments only its own engine; sending the same
    signal from the Jinja2 backend fills ``response.context`` and
    ``response.templates`` (and so ``assertTemplateUsed``) for our pages too.
    Every page is also checked for a method printed instead of called.
    """
    from django.template.backends import jinja2 as backend
    from django.test.signals import template_rendered

    render = backend.Template.render

    def render_and_report(self, context=None, request=None):
        reported = dict(context or {})
        if request is not None:
            reported.setdefault("request", request)
            # What the backend adds before rendering (messages, perms, user…).
            for processor in self.backend.template_context_processors:
                reported.update(processor(request))
        self.name = self.template.name
        template_rendered.send(sender=self, template=self, context=reported)
        html = render(self, context, request)
        # Django templates call methods for you; Jinja2 prints them unless called.
        assert "bound method" not in html, f"{self.name} prints a method: add ()"
        return html

    backend.Template.render = render_and_report
    yield
    backend.Template.render = render


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


@pytest.fixture(autouse=True)
def _queue_state_stays_in_step(request):
    """After every test that wrote to the database, each claim's queue columns must
    still say what its verdicts and flags say: a write path that forgets to refresh
    them fails here, whichever test exercised it."""
    if "_django_db_helper" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("_django_db_helper")  # so this check runs before the rollback
    yield
    from claims.models import Claim
    from claims.queue_state import claims_out_of_step

    out_of_step = list(claims_out_of_step(Claim.objects.all()).values_list("pk", flat=True))
    assert not out_of_step, f"queue columns out of step for claims {out_of_step}"


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
