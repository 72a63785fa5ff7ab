"""Who reaches which review page: anonymous, outsider, reviewer, editor, superuser."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, Correction, Verdict
from tests.factories import ClaimFactory, EvidenceFactory, PublishedVerdictFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(candidate, reviewer, editor):
    verdict = VerdictFactory(
        claim=candidate, author=reviewer, status=Verdict.Status.SUBMITTED, version=2
    )
    # A published fact-check with a change waiting for an editor and a public note.
    published = PublishedVerdictFactory(
        claim=ClaimFactory(article=candidate.article, quote="all those on board are dead"),
        approved_by=editor,
    )
    EvidenceFactory(claim=published.claim)
    EvidenceFactory(claim=published.claim)
    change = services.claim_update(claim=published.claim, by=reviewer, count_min=4)
    correction = Correction.objects.create(verdict=published, note="A note.", created_by=editor)
    return {
        "article": candidate.article_id,
        "claim": candidate.pk,
        "verdict": verdict.pk,
        "change": change.pk,
        "correction": correction.pk,
        "evidence": EvidenceFactory(claim=candidate).pk,
    }


GET_PAGES = [
    ("review:queue", None),
    ("review:articles", None),
    ("review:article-new", None),
    ("review:article", "article"),
    ("review:claim", "claim"),
    ("review:claimant-autocomplete", None),
]
EDITOR_PAGES = [("review:approvals", None)]
POST_ACTIONS = [
    ("review:article-new", None),
    ("review:claim-add", "article"),
    ("review:article-date", "article"),
    ("review:claim-confirm-unit", "claim"),
    ("review:claim-confirm", "claim"),
    ("review:claim-dismiss", "claim"),
    ("review:claim-recheck", "claim"),
    ("review:claim-assign", "claim"),
    ("review:claim-edit", "claim"),
    ("review:evidence-add", "claim"),
    ("review:verdict-save", "claim"),
    ("review:verdict-publish", "verdict"),
    ("review:verdict-send-back", "verdict"),
    ("review:verdict-correct", "verdict"),
    ("review:verdict-withdraw", "verdict"),
    ("review:preview", None),
    ("review:change-approve", "change"),
    ("review:change-reject", "change"),
    ("review:correction-note-fix", "correction"),
    ("review:evidence-remove", "evidence"),
]


def url(objects, name, key):
    return reverse(name, args=[objects[key]] if key else [])


@pytest.mark.parametrize(("name", "key"), GET_PAGES + EDITOR_PAGES + POST_ACTIONS)
def test_anonymous_is_sent_to_the_login_page(client, objects, name, key):
    method = client.post if (name, key) in POST_ACTIONS else client.get
    response = method(url(objects, name, key))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=/review/")


@pytest.mark.parametrize(("name", "key"), GET_PAGES + EDITOR_PAGES + POST_ACTIONS)
def test_logged_in_outsider_is_forbidden_everywhere(client, outsider, objects, name, key):
    client.force_login(outsider)
    method = client.post if (name, key) in POST_ACTIONS else client.get
    response = method(url(objects, name, key))
    assert response.status_code == 403
    assert b"for reviewers and editors" in response.content


def test_outsider_writes_change_nothing(client, outsider, objects):
    client.force_login(outsider)
    client.post(reverse("review:claim-confirm", args=[objects["claim"]]))
    client.post(
        reverse("review:verdict-save", args=[objects["claim"]]),
        {"rating": "false", "rationale": "x", "action": "save"},
    )
    claim = Claim.objects.get(pk=objects["claim"])
    assert claim.status == Claim.Status.CANDIDATE
    assert claim.verdicts.get().rating == "true"


@pytest.mark.parametrize(("name", "key"), GET_PAGES)
def test_reviewer_reaches_every_review_page(client, reviewer, objects, name, key):
    client.force_login(reviewer)
    assert client.get(url(objects, name, key)).status_code == 200


@pytest.mark.parametrize(("name", "key"), GET_PAGES)
def test_other_reviewer_sees_colleagues_claims_too(client, other_reviewer, objects, name, key):
    client.force_login(other_reviewer)
    assert client.get(url(objects, name, key)).status_code == 200


@pytest.mark.parametrize(("name", "key"), GET_PAGES + EDITOR_PAGES)
def test_editor_reaches_every_review_page(client, editor, objects, name, key):
    client.force_login(editor)
    assert client.get(url(objects, name, key)).status_code == 200


@pytest.mark.parametrize(("name", "key"), GET_PAGES + EDITOR_PAGES)
def test_superuser_reaches_every_review_page(client, superuser, objects, name, key):
    client.force_login(superuser)
    assert client.get(url(objects, name, key)).status_code == 200


@pytest.mark.parametrize(
    "name", ["review:approvals", "review:verdict-publish", "review:verdict-send-back"]
)
def test_reviewer_cannot_use_editor_pages(client, reviewer, objects, name):
    client.force_login(reviewer)
    if name == "review:approvals":
        response = client.get(reverse(name))
    else:
        response = client.post(reverse(name, args=[objects["verdict"]]), {"version": 2})
    assert response.status_code == 403
    assert Verdict.objects.get(pk=objects["verdict"]).status == Verdict.Status.SUBMITTED


@pytest.mark.parametrize(("name", "key"), [a for a in POST_ACTIONS if a[0] != "review:article-new"])
def test_actions_refuse_get(client, reviewer, objects, name, key):
    client.force_login(reviewer)
    assert client.get(url(objects, name, key)).status_code == 405


def test_unknown_objects_are_404(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("review:claim", args=[999999])).status_code == 404
    assert client.get(reverse("review:article", args=[999999])).status_code == 404
    assert client.post(reverse("review:claim-confirm", args=[999999])).status_code == 404


def test_posts_need_a_csrf_token(reviewer, candidate):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reviewer)
    response = strict.post(reverse("review:claim-confirm", args=[candidate.pk]))
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.status == Claim.Status.CANDIDATE


def test_review_pages_are_not_indexed(as_reviewer):
    assert b'name="robots" content="noindex"' in as_reviewer.get(reverse("review:queue")).content


def test_login_page_returns_to_the_queue(client, reviewer):
    response = client.post(
        reverse("login"),
        {"username": "alice", "password": "secret-pass-123", "next": "/review/"},
    )
    assert response.status_code == 302 and response.url == "/review/"
    assert client.get("/review/").status_code == 200


def test_login_page_shows_an_error_for_bad_password(client, reviewer):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert b"didn&#x27;t match" in response.content or b"didn't match" in response.content


def test_ids_beyond_the_database_range_are_404_or_ignored(as_reviewer, candidate, reviewer):
    huge = 10**20
    assert as_reviewer.get(f"/review/claims/{huge}/").status_code == 404
    assert as_reviewer.get(f"/review/articles/{huge}/").status_code == 404
    assert as_reviewer.post(f"/review/verdicts/{huge}/publish/", {"version": 1}).status_code in (
        403,
        404,
    )
    assert as_reviewer.get(reverse("review:queue"), {"article": huge}).status_code == 200
    response = as_reviewer.post(
        reverse("review:verdict-save", args=[candidate.pk]),
        {"rating": "true", "rationale": "x", "verdict": huge, "version": huge, "action": "save"},
    )
    assert response.status_code == 400
    assert not Verdict.objects.filter(rationale="x").exists()
    response = as_reviewer.post(
        reverse("review:claim-assign", args=[candidate.pk]), {"assignee": huge}, follow=True
    )
    assert response.status_code == 200
    candidate.refresh_from_db()
    assert candidate.assigned_to is None


def test_a_form_posted_after_the_session_ended_returns_to_its_page_after_login(client, candidate):
    claim_page = reverse("review:claim", args=[candidate.pk])
    response = client.post(
        reverse("review:verdict-save", args=[candidate.pk]),
        {"rating": "true", "rationale": "typed", "action": "save"},
        headers={"referer": f"http://testserver{claim_page}?start_from=3"},
    )
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=" + quote(f"{claim_page}?start_from=3")
    login_page = client.get(response.url).content.decode()
    assert "Your session had ended, so that was not saved" in login_page
    assert not Verdict.objects.filter(rationale="typed").exists()


@pytest.mark.parametrize("referer", ["https://evil.example/review/", "http://testserver/admin/"])
def test_a_foreign_or_non_review_referer_sends_to_the_queue_after_login(client, candidate, referer):
    response = client.post(
        reverse("review:claim-confirm", args=[candidate.pk]), headers={"referer": referer}
    )
    assert response.url == reverse("login") + "?next=/review/"
