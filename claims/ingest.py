"""What happens to claims when an article's text arrives or changes.

Called by the importer inside its transaction: re-anchor the existing claims
against the new text (claims.anchoring), then propose candidates from the
extractor (claims.extraction). Reviewer work is never lost: a claim that a
reviewer confirmed, edited, dismissed or added by hand is only re-anchored,
never changed otherwise or deleted, and a dismissed candidate is not proposed
again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from articles.models import Article

from .anchoring import Anchor, reanchor
from .extraction import EXTRACTOR_VERSION, Candidate, ClaimantRef, extract
from .models import Claim, Claimant, ClaimRelay, Verdict
from .services import claimant_find, sentence_around


@dataclass
class RefreshResult:
    proposed: int = 0  # new candidates
    kept: int = 0  # candidates already there
    removed: int = 0  # untouched candidates the extractor no longer proposes
    moved: int = 0
    changed: int = 0
    orphaned: int = 0


def article_claims_refresh(*, article: Article, previous_text: str | None) -> RefreshResult:
    """Keep an article's claims in step with its text after import or update."""
    result = RefreshResult()
    with transaction.atomic():
        if previous_text is not None and previous_text != article.text:
            _reanchor(article, result)
        _propose(article, result)
        # Group the article with other reports of the same event, then match its
        # claims with theirs and flag figures that do not add up.
        from .events import article_events_refresh

        article_events_refresh(article=article)
    return result


# ------------------------------------------------------------------------------
# Re-anchoring
# ------------------------------------------------------------------------------
def _reanchor(article: Article, result: RefreshResult) -> None:
    text = article.text
    stale_claims: list[int] = []
    for claim in article.claims.all():
        outcome = reanchor(
            Anchor(claim.start, claim.end, claim.exact, claim.prefix, claim.suffix), text
        )
        if outcome.state == Claim.AnchorState.ORPHANED:
            # Keep the old quote and offsets: reviewers see what the claim was.
            if claim.anchor_state != Claim.AnchorState.ORPHANED:
                claim.anchor_state = Claim.AnchorState.ORPHANED
                claim.save(update_fields=["anchor_state", "updated"])
                result.orphaned += 1
                stale_claims.append(claim.pk)
            continue
        state = outcome.state
        if state == Claim.AnchorState.CHANGED:
            result.changed += 1
            stale_claims.append(claim.pk)
        elif state == Claim.AnchorState.MOVED:
            result.moved += 1
        elif claim.anchor_state == Claim.AnchorState.CHANGED:
            # Changed words stay flagged until a reviewer re-checks the claim.
            state = Claim.AnchorState.CHANGED
        claim.start, claim.end = outcome.start, outcome.end
        claim.exact, claim.prefix, claim.suffix = outcome.exact, outcome.prefix, outcome.suffix
        claim.sentence = sentence_around(text, outcome.start, outcome.end)
        claim.anchor_state = state
        claim.save()
    if stale_claims:
        # The quoted words changed or vanished: verdicts on them need a re-review.
        Verdict.objects.filter(claim_id__in=stale_claims).exclude(
            status=Verdict.Status.WITHDRAWN
        ).update(stale=True)


# ------------------------------------------------------------------------------
# Proposals
# ------------------------------------------------------------------------------
def _propose(article: Article, result: RefreshResult) -> None:
    candidates = extract(article.text)
    existing = list(article.claims.all())
    by_span = {(c.kind, c.start, c.end): c for c in existing}
    dismissed_quotes = {(c.kind, c.exact) for c in existing if c.status == Claim.Status.DISMISSED}
    wanted = set()
    claimants = _ClaimantDirectory()
    new_claims: list[tuple[Claim, list[Claimant]]] = []
    for candidate in candidates:
        key = (candidate.kind, candidate.start, candidate.end)
        wanted.add(key)
        if key in by_span:
            result.kept += 1
            continue
        if (candidate.kind, candidate.exact) in dismissed_quotes:
            continue
        claim = _claim_from(article, candidate, claimants)
        new_claims.append((claim, [claimants.get(ref) for ref in candidate.via]))
        by_span[key] = claim
    # Untouched candidates that an older extractor proposed are replaced; orphaned and
    # changed ones stay, so reviewers see what the article used to say.
    untouched = [
        c
        for c in existing
        if c.origin == Claim.Origin.EXTRACTED
        and c.status == Claim.Status.CANDIDATE
        and not c.reviewed
        and c.anchor_state in (Claim.AnchorState.ANCHORED, Claim.AnchorState.MOVED)
        and (c.kind, c.start, c.end) not in wanted
    ]
    if untouched:
        removable = (
            Claim.objects.filter(pk__in=[c.pk for c in untouched])
            .filter(verdicts__isnull=True, evidence__isnull=True)
            .values_list("pk", flat=True)
        )
        result.removed = (
            Claim.objects.filter(pk__in=list(removable)).delete()[1].get("claims.Claim", 0)
        )
    for claim, via in new_claims:
        claim.save()
        ClaimRelay.objects.bulk_create(
            ClaimRelay(claim=claim, claimant=relay, position=i) for i, relay in enumerate(via)
        )
        result.proposed += 1


def _claim_from(article: Article, candidate: Candidate, claimants: _ClaimantDirectory) -> Claim:
    return Claim(
        article=article,
        kind=candidate.kind,
        start=candidate.start,
        end=candidate.end,
        exact=candidate.exact,
        prefix=candidate.prefix,
        suffix=candidate.suffix,
        sentence=candidate.sentence,
        claimant=claimants.get(candidate.claimant) if candidate.claimant else None,
        count_min=candidate.count_min,
        count_max=candidate.count_max,
        category=candidate.category if candidate.kind == Claim.Kind.CASUALTY else "",
        parts=candidate.parts,
        status=Claim.Status.CANDIDATE,
        origin=Claim.Origin.EXTRACTED,
        extractor_version=candidate.extractor_version or EXTRACTOR_VERSION,
    )


class _ClaimantDirectory:
    """Find or create claimants by normalised name and aliases, once per import."""

    def __init__(self) -> None:
        self._cache: dict[str, Claimant] = {}

    def get(self, ref: ClaimantRef) -> Claimant:
        key = ref.name.casefold()
        if key in self._cache:
            return self._cache[key]
        claimant = claimant_find(ref.name)
        if claimant is None:
            affiliation = None
            if ref.affiliation and ref.affiliation.casefold() != key:
                affiliation = self.get(
                    ClaimantRef(name=ref.affiliation, kind=Claimant.Kind.ORGANIZATION)
                )
            claimant = Claimant.objects.create(
                name=ref.name[:200],
                slug=_unique_slug(ref.name),
                kind=ref.kind if ref.kind in Claimant.Kind.values else Claimant.Kind.UNKNOWN,
                role=ref.role[:200],
                affiliation=affiliation,
                aliases=sorted({a for a in ref.aliases if a and a != ref.name}),
            )
        else:
            new_aliases = {a for a in ref.aliases if a and a != claimant.name} - set(
                claimant.aliases or []
            )
            changed = []
            if new_aliases:
                claimant.aliases = sorted(set(claimant.aliases or []) | new_aliases)
                changed.append("aliases")
            if ref.role and not claimant.role:
                claimant.role = ref.role[:200]
                changed.append("role")
            if changed:
                claimant.save(update_fields=changed)
        self._cache[key] = claimant
        return claimant


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200].strip("-") or "claimant"
    slug, n = base, 2
    while Claimant.objects.filter(slug=slug).exists():
        slug = f"{base[:195]}-{n}"
        n += 1
    return slug
