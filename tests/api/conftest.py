"""Fixtures for the REST API: token clients for each role and a small world of claims."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from claims.models import Claim, ClaimRelay, Verdict
from tests.browser import browser_page  # noqa: F401 - the fixture, for test_docs_browser.py
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    OutletFactory,
    PublishedVerdictFactory,
    SourceFactory,
    VerdictFactory,
)
from tests.pageserver import page_server  # noqa: F401 - the fixture, for import by URL

ARTICLE_TEXT = (
    "A Russian Mi-8 helicopter has been shot down by ground fire in Idlib, the Defense "
    "Ministry said. Three crew and two officers died, according to a Kremlin statement.\n\n"
    "Kremlin spokesman Dmitry Peskov confirmed that all those on board are dead.\n\n"
    "It is the third Russian helicopter lost in action in Syria this year, the agency said.\n\n"
    "RT cannot verify authenticity of those videos, which allegedly show debris."
)

# Text that lives only in unpublished or reviewer-only fields: none may reach anonymous callers.
SECRETS = {
    "evidence_note": "EVIDENCE-NOTE-reviewers-only",
    "review_note": "REVIEW-NOTE-sent-back-reason",
    "draft_rationale": "DRAFT-RATIONALE-not-yet-approved",
    "submitted_rationale": "SUBMITTED-RATIONALE-awaiting-editor",
    "hidden_article": "Unpublished article title",
    "hidden_claimant": "Hidden Claimant Name",
    "hidden_source": "https://hidden.example.org/unpublished-source",
}


@pytest.fixture(autouse=True)
def _generous_throttle(monkeypatch):
    """Rates high enough that no test trips them; the throttling test sets its own."""
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"}
    )


def token_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def as_reviewer(reviewer) -> APIClient:
    return token_client(reviewer)


@pytest.fixture
def as_other_reviewer(other_reviewer) -> APIClient:
    return token_client(other_reviewer)


@pytest.fixture
def as_editor(editor) -> APIClient:
    return token_client(editor)


@pytest.fixture
def as_other_editor(other_editor) -> APIClient:
    return token_client(other_editor)


@pytest.fixture
def as_outsider(outsider) -> APIClient:
    return token_client(outsider)


@dataclass
class World:
    article: object
    hidden_article: object
    published: Claim  # has a published verdict, evidence, a claimant and a relay
    verdict: Verdict
    draft_claim: Claim  # confirmed, with a draft verdict
    draft: Verdict
    submitted_claim: Claim  # with a submitted verdict carrying a review note history
    submitted: Verdict
    candidate: Claim  # extracted, not yet reviewed, on an unpublished article
    claimant: object
    relay: object
    hidden_claimant: object


@pytest.fixture
def world(db, reviewer, editor) -> World:
    outlet = OutletFactory(name="RT", slug="rt")
    article = ArticleFactory(outlet=outlet, text=ARTICLE_TEXT, title="Helicopter shot down")
    hidden_article = ArticleFactory(text=ARTICLE_TEXT, title=SECRETS["hidden_article"])
    claimant = ClaimantFactory(name="Defense Ministry", slug="defense-ministry")
    relay = ClaimantFactory(name="Associated Press", slug="ap", kind="media")
    hidden_claimant = ClaimantFactory(name=SECRETS["hidden_claimant"], slug="hidden")

    published = ClaimFactory(article=article, claimant=claimant)
    ClaimRelay.objects.create(claim=published, claimant=relay, position=0)
    EvidenceFactory(claim=published, note=SECRETS["evidence_note"])
    verdict = PublishedVerdictFactory(
        claim=published, author=reviewer, approved_by=editor, rationale="Five died, **all**."
    )

    draft_claim = ClaimFactory(
        article=article,
        quote="Kremlin spokesman Dmitry Peskov",
        kind=Claim.Kind.ATTRIBUTION,
        claimant=hidden_claimant,
    )
    EvidenceFactory(
        claim=draft_claim,
        note=SECRETS["evidence_note"],
        source=SourceFactory(url=SECRETS["hidden_source"]),
    )
    draft = VerdictFactory(
        claim=draft_claim,
        author=reviewer,
        rationale=SECRETS["draft_rationale"],
        review_note=SECRETS["review_note"],
    )

    submitted_claim = ClaimFactory(
        article=article, quote="the third Russian helicopter", kind=Claim.Kind.STATEMENT
    )
    submitted = VerdictFactory(
        claim=submitted_claim,
        author=reviewer,
        status=Verdict.Status.SUBMITTED,
        rationale=SECRETS["submitted_rationale"],
    )

    candidate = ClaimFactory(
        article=hidden_article,
        quote="all those on board are dead",
        status=Claim.Status.CANDIDATE,
        origin=Claim.Origin.EXTRACTED,
    )
    return World(
        article=article,
        hidden_article=hidden_article,
        published=published,
        verdict=verdict,
        draft_claim=draft_claim,
        draft=draft,
        submitted_claim=submitted_claim,
        submitted=submitted,
        candidate=candidate,
        claimant=claimant,
        relay=relay,
        hidden_claimant=hidden_claimant,
    )


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> set[int]:
    return {row["id"] for row in results(response)}
