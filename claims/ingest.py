"""What happens to claims when an article's text arrives or changes.

Called by the importer inside its transaction: re-anchor the existing claims
against the new text (claims.anchoring), then propose candidates from the
extractor (claims.extraction). Reviewer work is never lost: a claim that a
reviewer confirmed, edited, dismissed or added by hand is only re-anchored,
never changed otherwise or deleted; a dismissed candidate is not proposed
again, nor is a candidate for a claim a reviewer already decided about under a
slightly different span. Untouched candidates follow the extractor: their
numbers and claimants are refreshed, and those it no longer proposes go.

Rows are written in bulk (with their history), so an article with hundreds of
claims costs a handful of queries, not a few per claim.

Work per import is bounded whatever the text: at most CLAIMTRACK_MAX_CANDIDATES
candidates are proposed per article (the first ones in reading order; the result
says how many more were skipped), and each keeps at most SENTENCE_WINDOW
characters of its sentence, the real sentence's bounds as offsets.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_update_with_history

from articles.models import Article

from . import bulk, page_versions
from .extraction import EXTRACTOR_VERSION, Candidate, ClaimantRef, extract
from .extraction.tokens import sentence_bounds
from .models import Claim, Claimant, ClaimRelay, Verdict
from .queue_state import claims_refresh_queue_state
from .services import claimant_find
from .text.anchoring import Anchor, reanchor, sentence_window


@dataclass
class RefreshResult:
    proposed: int = 0  # new candidates
    kept: int = 0  # candidates already there
    refreshed: int = 0  # of those, untouched ones whose numbers or claimant were updated
    removed: int = 0  # untouched candidates the extractor no longer proposes
    moved: int = 0
    changed: int = 0
    orphaned: int = 0
    skipped: int = 0  # candidates over the per-article cap, not proposed
    # The claims proposed with their relay chains, for a batch's event refresh.
    written: list[tuple[Claim, list[Claimant]]] = field(default_factory=list, repr=False)


def article_claims_refresh(
    *,
    article: Article,
    previous_text: str | None,
    propose: bool = True,
    candidates: list[Candidate] | None = None,
) -> RefreshResult:
    """Keep an article's claims in step with its text after import or update.

    ``propose=False`` only re-anchors: the import stores a whole article (its claims
    where its new text has them) and a background job proposes new claims later.
    ``candidates``: ``extract(article.text)``, when the caller ran it before opening
    its transaction (the extraction is the slow part: done outside, it does not hold
    the database's write lock).
    """
    result = RefreshResult()
    with transaction.atomic():
        page_versions.bump_articles([article.pk])  # the bulk writes below send no signals
        if previous_text is not None and previous_text != article.text:
            _reanchor(article, result)
        if not propose:
            return result
        _propose(article, result, candidates)
        # Group the article with other reports of the same event, then match its
        # claims with theirs and flag figures that do not add up.
        from .events.services import article_events_refresh

        article_events_refresh(article=article)
    return result


# ------------------------------------------------------------------------------
# Re-anchoring
# ------------------------------------------------------------------------------
# Rows per UPDATE: bulk_update writes one CASE per field with a branch per row, which
# the database evaluates for every row of the batch (quadratic in the batch's size).
_UPDATE_BATCH = 100
_ANCHOR_FIELDS = [
    "start", "end", "exact", "prefix", "suffix", "sentence", "sentence_start", "sentence_end",
    "anchor_state",
]  # fmt: skip


def _reanchor(article: Article, result: RefreshResult) -> None:
    text = article.text
    stale_claims: list[int] = []
    touched: list[Claim] = []
    now = timezone.now()
    for claim in article.claims.all():
        outcome = reanchor(
            Anchor(claim.start, claim.end, claim.exact, claim.prefix, claim.suffix), text
        )
        before = [getattr(claim, name) for name in _ANCHOR_FIELDS]
        if outcome.state == Claim.AnchorState.ORPHANED:
            # Keep the old quote and offsets: reviewers see what the claim was.
            if claim.anchor_state != Claim.AnchorState.ORPHANED:
                claim.anchor_state = Claim.AnchorState.ORPHANED
                result.orphaned += 1
                stale_claims.append(claim.pk)
        else:
            state = outcome.state
            if state == Claim.AnchorState.CHANGED:
                result.changed += 1
                stale_claims.append(claim.pk)
            elif state == Claim.AnchorState.MOVED:
                result.moved += 1
            if claim.anchor_state == Claim.AnchorState.CHANGED:
                # Changed words stay flagged, wherever they go, until a reviewer
                # re-checks the claim.
                state = Claim.AnchorState.CHANGED
            claim.start, claim.end = outcome.start, outcome.end
            claim.exact, claim.prefix, claim.suffix = outcome.exact, outcome.prefix, outcome.suffix
            s_start, s_end = sentence_bounds(text, outcome.start, outcome.end)
            w_start, w_end = sentence_window(text, s_start, s_end, outcome.start, outcome.end)
            claim.sentence = text[w_start:w_end]
            claim.sentence_start, claim.sentence_end = s_start, s_end
            claim.anchor_state = state
        if [getattr(claim, name) for name in _ANCHOR_FIELDS] != before:
            claim.updated = now
            touched.append(claim)
    if touched:
        bulk_update_with_history(
            touched, Claim, fields=[*_ANCHOR_FIELDS, "updated"], batch_size=_UPDATE_BATCH
        )
    if stale_claims:
        # The quoted words changed or vanished: verdicts on them need a re-review.
        Verdict.objects.filter(claim_id__in=stale_claims).exclude(
            status=Verdict.Status.WITHDRAWN
        ).update(stale=True)
        claims_refresh_queue_state(claim_ids=stale_claims)


# ------------------------------------------------------------------------------
# Proposals
# ------------------------------------------------------------------------------
def _propose(article: Article, result: RefreshResult, candidates: list[Candidate] | None) -> None:
    if candidates is None:
        candidates = extract(article.text)
    existing = list(article.claims.prefetch_related("relays"))
    plan = _plan(article, result, candidates, existing, _ClaimantDirectory())
    # Untouched candidates that an older extractor proposed are replaced; orphaned and
    # changed ones stay, so reviewers see what the article used to say.
    untouched = [
        c
        for c in existing
        if not _decided(c)
        and c.anchor_state in (Claim.AnchorState.ANCHORED, Claim.AnchorState.MOVED)
        and (c.kind, c.start, c.end) not in plan.wanted
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
    refreshed = plan.refreshed
    result.refreshed = len(refreshed)
    if refreshed:
        bulk_update_with_history(
            [claim for claim, _ in refreshed],
            Claim,
            fields=_REFRESHED_FIELDS,
            batch_size=_UPDATE_BATCH,
        )
        relayed = [(claim, via) for claim, via in refreshed if via is not None]
        if relayed:
            ClaimRelay.objects.filter(claim__in=[claim for claim, _ in relayed]).delete()
            ClaimRelay.objects.bulk_create(
                ClaimRelay(claim=claim, claimant=relay, position=i)
                for claim, via in relayed
                for i, relay in enumerate(via)
            )
    result.proposed = _create_claims(plan.new_claims)
    _save_attributions(_link_attributions(plan.candidates, plan.by_span))


def articles_claims_propose(
    *, articles: list[tuple[Article, list[Candidate]]]
) -> list[RefreshResult]:
    """Propose the claims of articles just created (they have none yet), each from the
    extractor's candidates, with one bulk write for them all (articles.batch).

    The rows are those :func:`article_claims_refresh` writes for each article in turn
    (same claims, claimants, relays and history rows), in the same order; claimants
    are looked up in one query for every name of the batch.
    """
    known: dict[str, Claimant] = {}
    _ClaimantDirectory(known).preload(
        [ref for article, candidates in articles for ref in _refs(candidates, _outlet_ref(article))]
    )
    results, new_claims, plans = [], [], []
    for article, candidates in articles:
        result = RefreshResult()
        # A directory per article, as one import at a time has: each article's
        # mentions add their aliases and roles to a claimant once.
        plan = _plan(article, result, candidates, [], _ClaimantDirectory(known))
        new_claims.extend(plan.new_claims)
        results.append(result)
        plans.append(plan)
    _create_claims(new_claims)
    for result, plan in zip(results, plans, strict=True):
        result.proposed = len(plan.new_claims)
        result.written = plan.new_claims
    _save_attributions(
        [claim for plan in plans for claim in _link_attributions(plan.candidates, plan.by_span)]
    )
    return results


@dataclass
class _Plan:
    """What proposing an article's candidates will write."""

    candidates: list[Candidate]  # within the per-article cap
    by_span: dict  # (kind, start, end) -> the claim, stored or new
    wanted: set  # the spans the extractor proposes
    new_claims: list[tuple[Claim, list[Claimant]]]  # with their relay chains
    refreshed: list[tuple[Claim, list[Claimant] | None]]  # changed relay chain or None


def _refs(candidates: list[Candidate], outlet: ClaimantRef | None) -> list[ClaimantRef]:
    """Every claimant the candidates name, relays included, and the outlet."""
    refs = [ref for c in candidates for ref in ([c.claimant] if c.claimant else []) + c.via]
    return refs + ([outlet] if outlet else [])


def _plan(
    article: Article,
    result: RefreshResult,
    candidates: list[Candidate],
    existing: list[Claim],
    claimants: _ClaimantDirectory,
) -> _Plan:
    """Match the candidates with the article's claims: which are new, which are kept
    (and refreshed), which a person already decided about."""
    from .events.services import casualty_details_keep

    casualty_details_keep(article=article, candidates=candidates)
    cap = settings.CLAIMTRACK_MAX_CANDIDATES
    if len(candidates) > cap:
        # A text dense with figures (or written to be) would otherwise make tens of
        # thousands of rows in one request; reviewers get the first ones to read.
        result.skipped = len(candidates) - cap
        candidates = candidates[:cap]
    by_span = {(c.kind, c.start, c.end): c for c in existing}
    dismissed_quotes = {(c.kind, c.exact) for c in existing if c.status == Claim.Status.DISMISSED}
    # Claims a person decided about, where they are in this text: a candidate for the
    # same words under a slightly different span (a newer extractor's) is not proposed.
    decided = _SpanIndex(
        c for c in existing if _decided(c) and c.anchor_state != Claim.AnchorState.ORPHANED
    )
    plan = _Plan(candidates, by_span, set(), [], [])
    claimants.outlet = _outlet_ref(article)
    claimants.preload(_refs(candidates, claimants.outlet))
    for candidate in candidates:
        key = (candidate.kind, candidate.start, candidate.end)
        plan.wanted.add(key)
        if key in by_span:
            result.kept += 1
            claim = by_span[key]
            if claim.pk and not _decided(claim):
                changed, via = _refresh(article, claim, candidate, claimants)
                if changed:
                    plan.refreshed.append((claim, via))
            continue
        if (candidate.kind, candidate.exact) in dismissed_quotes:
            continue
        if decided.holds(candidate):
            continue
        claim = _claim_from(article, candidate, claimants)
        plan.new_claims.append((claim, [claimants.get(ref) for ref in candidate.via]))
        by_span[key] = claim
    return plan


def _create_claims(new_claims: list[tuple[Claim, list[Claimant]]]) -> int:
    """Insert new claims with their history rows and relay chains; how many."""
    if not new_claims:
        return 0
    created = [claim for claim, _ in new_claims]
    bulk.insert_instances(Claim, created, history=True)
    bulk.insert_rows(
        ClaimRelay,
        ["claim_id", "claimant_id", "position"],
        [
            (claim.pk, relay.pk, i)
            for claim, (_, via) in zip(created, new_claims, strict=True)
            for i, relay in enumerate(via)
        ],
    )
    return len(created)


def _link_attributions(candidates: list[Candidate], by_span: dict) -> list[Claim]:
    """Tie each untouched figure or statement to the attribution whose words hold it
    (the extractor's ``attribution`` index), once every claim has its id: the claims
    whose link changed, to save."""
    claims = [by_span.get((c.kind, c.start, c.end)) for c in candidates]
    linked = []
    for candidate, claim in zip(candidates, claims, strict=True):
        if claim is None or claim.pk is None or _decided(claim):
            continue
        index = getattr(candidate, "attribution", None)
        target = claims[index] if index is not None and 0 <= index < len(claims) else None
        wanted = target.pk if target is not None and target.pk != claim.pk else None
        if claim.attribution_id != wanted:
            claim.attribution_id = wanted
            linked.append(claim)
    return linked


def _save_attributions(linked: list[Claim]) -> None:
    # Derived from the extractor like the numbers; the claims' history records
    # the reviewer's decisions, so this link is written without one.
    bulk.update_field(Claim, "attribution", [(c.attribution_id, c.pk) for c in linked])


def _decided(claim: Claim) -> bool:
    """Did a person decide about this claim (confirmed, edited, dismissed, added)?"""
    return (
        claim.reviewed
        or claim.origin != Claim.Origin.EXTRACTED
        or claim.status != Claim.Status.CANDIDATE
    )


class _SpanIndex:
    """Claims by kind and start, to find the one a candidate restates."""

    def __init__(self, claims: Iterable[Claim]) -> None:
        self._by_kind: dict[str, list[tuple[int, int]]] = {}
        for claim in claims:
            self._by_kind.setdefault(claim.kind, []).append((claim.start, claim.end))
        for spans in self._by_kind.values():
            spans.sort()
        self._longest = {
            kind: max(end - start for start, end in spans) for kind, spans in self._by_kind.items()
        }

    def holds(self, candidate: Candidate) -> bool:
        """Is ``candidate`` one of these claims under another span?

        Spans of one kind that share at least half of their extent (intersection
        over union) are one claim; a short attribution nested in a long quotation
        is not the quotation's.
        """
        spans = self._by_kind.get(candidate.kind)
        if not spans:
            return False
        # only claims starting less than the longest span before the candidate can overlap it
        first = bisect_left(spans, (candidate.start - self._longest[candidate.kind], -1))
        for start, end in spans[first:]:
            if start >= candidate.end:
                break
            overlap = min(candidate.end, end) - max(candidate.start, start)
            union = max(candidate.end, end) - min(candidate.start, start)
            if overlap > 0 and overlap * 2 >= union:
                return True
        return False


_REFRESHED_FIELDS = [
    "sentence",
    "statement",
    "sentence_start",
    "sentence_end",
    "claimant",
    "count_min",
    "count_max",
    "category",
    "parts",
    "extractor_version",
    "updated",
]


def _refresh(
    article: Article, claim: Claim, candidate: Candidate, claimants: _ClaimantDirectory
) -> tuple[bool, list[Claimant] | None]:
    """Bring an untouched candidate in line with what the extractor reads now.

    Returns whether anything changed, and the new relay chain when that changed.
    """
    fresh = _claim_from(article, candidate, claimants)
    changed = False
    for name in _REFRESHED_FIELDS:
        if name == "updated":
            continue
        attribute = "claimant_id" if name == "claimant" else name
        if getattr(claim, attribute) != getattr(fresh, attribute):
            setattr(claim, attribute, getattr(fresh, attribute))
            changed = True
    via = [claimants.get(ref) for ref in candidate.via]
    via_changed = [relay.pk for relay in via] != [r.claimant_id for r in claim.relays.all()]
    if changed or via_changed:
        claim.updated = timezone.now()
    return changed or via_changed, (via if via_changed else None)


def _claim_from(article: Article, candidate: Candidate, claimants: _ClaimantDirectory) -> Claim:
    claimant = _claimant(candidate, claimants)
    claim = bulk.new_instance(
        Claim,
        {
            "article_id": article.pk,
            "kind": candidate.kind,
            "start": candidate.start,
            "end": candidate.end,
            "exact": candidate.exact,
            "prefix": candidate.prefix,
            "suffix": candidate.suffix,
            "sentence": candidate.sentence,
            "statement": _statement(candidate),
            "sentence_start": candidate.sentence_start,
            "sentence_end": candidate.sentence_end,
            "claimant_id": claimant.pk if claimant is not None else None,
            "count_min": candidate.count_min,
            "count_max": candidate.count_max,
            "category": candidate.category if candidate.kind == Claim.Kind.CASUALTY else "",
            "parts": candidate.parts,
            "status": Claim.Status.CANDIDATE,
            "origin": Claim.Origin.EXTRACTED,
            "extractor_version": candidate.extractor_version or EXTRACTOR_VERSION,
        },
    )
    # Held as Claim(article=..., claimant=...) holds them.
    claim.article, claim.claimant = article, claimant
    return claim


# --- issue 13: the claim as checked, and who gives each figure -----------------
# Kinds whose claimant is the outlet itself when the article names nobody: a figure
# or a hedge is always someone's ("reported by RT"), never silently no one's.
_OUTLET_GIVES = (Claim.Kind.CASUALTY, Claim.Kind.UNVERIFIED)


def _statement(candidate: Candidate) -> str:
    """The claim as checked, as the extractor proposes it (the sentence until it does)."""
    return (getattr(candidate, "statement", "") or candidate.sentence or candidate.exact).strip()


def _outlet_ref(article: Article) -> ClaimantRef | None:
    outlet = article.outlet
    if outlet is None:
        return None
    return ClaimantRef(name=outlet.name, kind=Claimant.Kind.MEDIA)


def _claimant(candidate: Candidate, claimants: _ClaimantDirectory) -> Claimant | None:
    if candidate.claimant:
        return claimants.get(candidate.claimant)
    # The article names nobody for it: the outlet itself states it.
    by_outlet = getattr(candidate, "by_outlet", False) or candidate.kind in _OUTLET_GIVES
    if by_outlet and claimants.outlet is not None:
        return claimants.get(claimants.outlet)
    return None


# ------------------------------------------------------------------------------


class _ClaimantDirectory:
    """Find or create claimants by normalised name and aliases, once per import.

    ``known`` (lowered name -> claimant) may be shared by the directories of a batch's
    articles: the names of the whole batch are then fetched once, and a claimant one
    article creates is found by the next, as a new query would find it.
    """

    def __init__(self, known: dict[str, Claimant | None] | None = None) -> None:
        self._cache: dict[str, Claimant] = {}
        # None: looked up and not stored under that name.
        self._known: dict[str, Claimant | None] = {} if known is None else known
        # Who gives a figure when the article names nobody: its outlet.
        self.outlet: ClaimantRef | None = None

    def preload(self, refs: Iterable[ClaimantRef]) -> None:
        """Fetch the claimants already stored under these names in one query."""
        names = {" ".join(ref.name.split()).lower() for ref in refs} - {""} - set(self._known)
        if not names:
            return
        found = (
            Claimant.objects.annotate(lowered=Lower("name"))
            .filter(lowered__in=names)
            .order_by("-pk")  # the oldest of equal names wins, as in claimant_find
        )
        self._known.update(dict.fromkeys(names))
        self._known.update((claimant.lowered, claimant) for claimant in found)

    def get(self, ref: ClaimantRef) -> Claimant:
        key = ref.name.casefold()
        if key in self._cache:
            return self._cache[key]
        claimant = self._known.get(" ".join(ref.name.split()).lower()) or claimant_find(ref.name)
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
            self._known[" ".join(claimant.name.split()).lower()] = claimant
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
