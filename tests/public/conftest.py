"""A small public world: one published fact-check and one of every unpublished thing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from claims.models import Claim, Claimant, ClaimRelay, Correction, Verdict
from tests.browser import browser_page  # noqa: F401 - the fixture, for test_browser.py
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

ARTICLE_TEXT = (
    "A Russian Mi-8 helicopter has been shot down by ground fire in Idlib, the Defense "
    "Ministry said. Three crew and two officers died, according to a Kremlin statement.\n\n"
    "Kremlin spokesman Dmitry Peskov confirmed that all those on board are dead.\n\n"
    "It is the third Russian helicopter lost in action in Syria this year, the agency said.\n\n"
    "RT cannot verify authenticity of those videos, which allegedly show debris.\n\n"
    "The ministry has not yet revealed identities of those on board."
)

# Strings that exist only in unpublished or reviewer-only fields: none may reach the public.
SECRETS = {
    "evidence_note": "EVIDENCE-NOTE-reviewers-only",
    "review_note": "REVIEW-NOTE-sent-back-reason",
    "published_review_note": "REVIEW-NOTE-on-the-published-verdict",
    "draft_rationale": "DRAFT-RATIONALE-not-yet-approved",
    "submitted_rationale": "SUBMITTED-RATIONALE-awaiting-editor",
    "withdrawn_rationale": "WITHDRAWN-RATIONALE-taken-down",
    "candidate_claimant": "Candidate Claimant Hidden",
    "redraft_rationale": "REDRAFT-RATIONALE-correction-in-progress",
}


@dataclass
class World:
    article: object
    claimant: Claimant
    claim: Claim
    verdict: Verdict
    draft_claim: Claim
    submitted_claim: Claim
    withdrawn_claim: Claim
    withdrawn_verdict: Verdict
    candidate_claim: Claim
    dismissed_claim: Claim
    unchecked_article: object


@pytest.fixture
def world(reviewer, editor) -> World:
    outlet = OutletFactory(name="Wire Service", slug="wire-service")
    article = ArticleFactory(
        outlet=outlet,
        title="Russian helicopter shot down over Idlib, all aboard dead",
        slug="russian-helicopter-shot-down",
        url="https://news.example.org/helicopter",
        published_on=timezone.datetime(2016, 8, 1).date(),
        text=ARTICLE_TEXT,
    )
    peskov = ClaimantFactory(
        name="Dmitry Peskov",
        slug="dmitry-peskov",
        kind=Claimant.Kind.PERSON,
        role="Kremlin spokesman",
    )
    agency = ClaimantFactory(name="Associated Press", slug="ap", kind=Claimant.Kind.MEDIA)
    claim = ClaimFactory(
        article=article,
        quote="all those on board are dead",
        sentence="Kremlin spokesman Dmitry Peskov confirmed that all those on board are dead.",
        claimant=peskov,
        kind=Claim.Kind.CASUALTY,
    )
    ClaimRelay.objects.create(claim=claim, claimant=agency, position=0)
    EvidenceFactory(
        claim=claim,
        source=SourceFactory(
            title="Ministry of Defence statement",
            publisher="Russian MoD",
            url="https://mil.example.org/statement",
        ),
        note=SECRETS["evidence_note"],
    )
    EvidenceFactory(
        claim=claim,
        source=SourceFactory(title="Agency report", publisher="Agency", kind="news"),
        stance="context",
        note=SECRETS["evidence_note"],
    )
    verdict = PublishedVerdictFactory(
        claim=claim,
        author=reviewer,
        approved_by=editor,
        rating=Verdict.Rating.MOSTLY_TRUE,
        rationale="The ministry's *own* statement lists **five** dead.",
        review_note=SECRETS["published_review_note"],
    )
    # A reviewer already drafting a different verdict on the published claim.
    VerdictFactory(
        claim=claim,
        author=reviewer,
        rating=Verdict.Rating.FALSE,
        rationale=SECRETS["redraft_rationale"],
    )

    draft_claim = ClaimFactory(
        article=article,
        quote="shot down by ground fire in Idlib",
        kind=Claim.Kind.STATEMENT,
    )
    VerdictFactory(
        claim=draft_claim,
        author=reviewer,
        rationale=SECRETS["draft_rationale"],
        review_note=SECRETS["review_note"],
    )
    submitted_claim = ClaimFactory(
        article=article,
        quote="the third Russian helicopter lost in action",
        kind=Claim.Kind.STATEMENT,
    )
    VerdictFactory(
        claim=submitted_claim,
        author=reviewer,
        status=Verdict.Status.SUBMITTED,
        submitted_at=timezone.now(),
        rationale=SECRETS["submitted_rationale"],
        rating=Verdict.Rating.FALSE,
    )
    withdrawn_claim = ClaimFactory(
        article=article,
        quote="Three crew and two officers died",
        kind=Claim.Kind.CASUALTY,
    )
    withdrawn_verdict = PublishedVerdictFactory(
        claim=withdrawn_claim,
        author=reviewer,
        approved_by=editor,
        status=Verdict.Status.WITHDRAWN,
        rationale=SECRETS["withdrawn_rationale"],
        rating=Verdict.Rating.FALSE,
    )
    Correction.objects.create(
        verdict=withdrawn_verdict, note="Withdrawn: the source was misread.", created_by=editor
    )
    candidate_claimant = ClaimantFactory(
        name=SECRETS["candidate_claimant"],
        slug="candidate-claimant-hidden",
    )
    candidate_claim = ClaimFactory(
        article=article,
        quote="RT cannot verify authenticity of those videos",
        kind=Claim.Kind.UNVERIFIED,
        status=Claim.Status.CANDIDATE,
        origin="extracted",
        claimant=candidate_claimant,
    )
    dismissed_claim = ClaimFactory(
        article=article,
        quote="has not yet revealed identities",
        kind=Claim.Kind.UNVERIFIED,
        status=Claim.Status.DISMISSED,
    )
    unchecked_article = ArticleFactory(
        title="An article nobody has checked yet", slug="unchecked-article"
    )
    ClaimFactory(article=unchecked_article, status=Claim.Status.CANDIDATE)
    return World(
        article=article,
        claimant=peskov,
        claim=claim,
        verdict=verdict,
        draft_claim=draft_claim,
        submitted_claim=submitted_claim,
        withdrawn_claim=withdrawn_claim,
        withdrawn_verdict=withdrawn_verdict,
        candidate_claim=candidate_claim,
        dismissed_claim=dismissed_claim,
        unchecked_article=unchecked_article,
    )
