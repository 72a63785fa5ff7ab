"""Reads shared by the export command, the review pages and the API."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import Claim, ClaimRelay, Verdict


def claims_for_export(*, article_id: int | None = None) -> QuerySet[Claim]:
    """Every claim with what its representation needs, in a fixed number of queries."""
    claims = Claim.objects.select_related("article", "claimant").prefetch_related(
        Prefetch("relays", queryset=ClaimRelay.objects.select_related("claimant")),
        Prefetch("verdicts", queryset=Verdict.objects.order_by("-created")),
    )
    if article_id is not None:
        claims = claims.filter(article_id=article_id)
    return claims.order_by("article_id", "start", "end", "id")


def current_verdict(claim: Claim) -> Verdict | None:
    """The published verdict if any, else the newest working one (prefetched)."""
    verdicts = list(claim.verdicts.all())
    for verdict in verdicts:
        if verdict.status == Verdict.Status.PUBLISHED:
            return verdict
    for verdict in verdicts:
        if verdict.status in (Verdict.Status.DRAFT, Verdict.Status.SUBMITTED):
            return verdict
    return None


def verdict_as_dict(verdict: Verdict | None) -> dict | None:
    if verdict is None:
        return None
    return {
        "rating": verdict.rating,
        "label": verdict.label,
        "rating_value": verdict.rating_value,
        "rationale": verdict.rationale,
        "status": verdict.status,
        "published_at": verdict.published_at.isoformat() if verdict.published_at else None,
        "version": verdict.version,
    }


def claim_as_dict(claim: Claim) -> dict:
    claimant = claim.claimant
    return {
        "id": claim.pk,
        "article": claim.article_id,
        "kind": claim.kind,
        "exact": claim.exact,
        "start": claim.start,
        "end": claim.end,
        "prefix": claim.prefix,
        "suffix": claim.suffix,
        "sentence": claim.sentence,
        "claimant": (
            {"name": claimant.name, "kind": claimant.kind, "role": claimant.role}
            if claimant
            else None
        ),
        "via": [relay.claimant.name for relay in claim.relays.all()],
        "quantity": claim.quantity,
        "status": claim.status,
        "anchor_state": claim.anchor_state,
        "origin": claim.origin,
        "extractor_version": claim.extractor_version,
        "verdict": verdict_as_dict(current_verdict(claim)),
    }
