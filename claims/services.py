"""Writes to claims, evidence and verdicts.

Every function here is the one place its rule lives: the review pages, the
admin and the API all call these. Each runs in one transaction and raises
:class:`ServiceError` (or a subclass) with a message meant for the user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_update_with_history

from articles.models import Article

from . import notifications, page_versions
from .models import (
    Claim,
    Claimant,
    ClaimMatch,
    ClaimRelay,
    Correction,
    Evidence,
    PendingChange,
    Source,
    Verdict,
)
from .permissions import (  # noqa: F401 - re-exported: callers use services.NotAllowed etc.
    EDITOR_GROUP,
    REVIEWER_GROUP,
    Conflict,
    NotAllowed,
    ServiceError,
    _require_editor,
    _require_reviewer,
    user_is_editor,
    user_is_reviewer,
)
from .text.anchoring import sentence_window

CONTEXT = 32


@dataclass
class PublishResult:
    verdict: Verdict
    warnings: list[str] = field(default_factory=list)


class PublishAnywayRequired(ServiceError):
    """The two-source rule: a casualty verdict with fewer than two independent sources
    is published only when the editor says why ("Publish anyway")."""

    def __init__(self, message: str, *, independent: int) -> None:
        super().__init__(message)
        self.independent = independent


NO_SOURCE_SUBMIT = (
    "Attach at least one source before submitting: a verdict is published with its "
    "sources. Nothing was submitted; save your text as a draft meanwhile."
)
PUBLISH_REASON_MAX = 1000


# ------------------------------------------------------------------------------
# Claims
# ------------------------------------------------------------------------------
def quote_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix that make a quote selector unambiguous."""
    return text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or paragraph line) holding ``text[start:end]``, at most
    SENTENCE_WINDOW characters of it around the span."""
    lo, hi = sentence_window(text, *sentence_bounds_around(text, start, end), start, end)
    return text[lo:hi]


def sentence_bounds_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or paragraph line) holding ``text[start:end]`` starts and ends."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    left = 0 if left < 0 else left + 1
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def claim_create_manual(
    *,
    article: Article,
    by: AbstractBaseUser,
    kind: str,
    exact: str = "",
    start: int | None = None,
    end: int | None = None,
    claimant: Claimant | None = None,
) -> Claim:
    """Add a claim a reviewer marked by hand, by quote or by offsets."""
    _require_reviewer(by)
    if kind not in Claim.Kind.values:
        raise ServiceError(f"Unknown claim kind {kind!r}.")
    text = article.text
    if start is not None or end is not None:
        if start is None or end is None:
            raise ServiceError(
                "Give both the start and the end of the passage, or only its exact quote."
            )
        if start > end:
            raise ServiceError(f"The start ({start}) must come before the end ({end}).")
        if start == end:
            raise ServiceError(
                f"The passage is empty: the end must come after the start ({start})."
            )
        if start < 0 or end > len(text):
            raise ServiceError(
                f"The passage {start}–{end} is outside the article text, "
                f"which runs from 0 to {len(text)}."
            )
        if exact and text[start:end] != exact:
            raise ServiceError("The quote does not match the article text at that position.")
    else:
        quote = exact.strip()
        if not quote:
            raise ServiceError(
                "Say which passage: give either its exact quote, or its start and end "
                "offsets in the article text."
            )
        first = text.find(quote)
        if first < 0:
            raise ServiceError("That quote is not in the article text. Copy it exactly.")
        if text.find(quote, first + 1) >= 0:
            raise ServiceError(
                "That quote appears more than once in the article; select a longer passage."
            )
        start, end = first, first + len(quote)
    duplicate = (
        Claim.objects.filter(article=article, start=start, end=end)
        .exclude(status=Claim.Status.DISMISSED)
        .exclude(anchor_state=Claim.AnchorState.ORPHANED)
        .first()
    )
    if duplicate is not None:
        raise ServiceError(
            f"There is already a claim on exactly this passage (claim {duplicate.pk}); "
            "edit that one instead."
        )
    prefix, suffix = quote_context(text, start, end)
    s_start, s_end = sentence_bounds_around(text, start, end)
    with transaction.atomic():
        claim = Claim.objects.create(
            article=article,
            kind=kind,
            start=start,
            end=end,
            exact=text[start:end],
            prefix=prefix,
            suffix=suffix,
            sentence=sentence_around(text, start, end),
            # The sentence is a sensible first statement; the reviewer edits it.
            statement=" ".join(sentence_around(text, start, end).split()) or text[start:end],
            sentence_start=s_start,
            sentence_end=s_end,
            claimant=claimant,
            status=Claim.Status.CONFIRMED,
            origin=Claim.Origin.MANUAL,
            created_by=by,
            reviewed=True,
        )
        _event_changed(claim)
        return claim


def _event_changed(claim: Claim) -> None:
    """A claim changed in a way its event's matches and flags depend on."""
    if claim.article.event_id is not None:
        from .events.services import claim_events_refresh

        claim_events_refresh(claim=claim)


@transaction.atomic
def claim_confirm(*, claim: Claim, by: AbstractBaseUser) -> Claim:
    _require_reviewer(by)
    restored = claim.status == Claim.Status.DISMISSED
    claim.status = Claim.Status.CONFIRMED
    claim.reviewed = True
    claim._history_user = by  # who changed it, for the history pages
    claim.save(update_fields=["status", "reviewed", "updated"])
    if restored:
        _event_changed(claim)
    return claim


@transaction.atomic
def claim_dismiss(*, claim: Claim, by: AbstractBaseUser) -> Claim:
    _require_reviewer(by)
    # Lock the claim: an editor publishing its verdict at this moment holds the same
    # lock, so the check below sees their verdict once it is published.
    Claim.objects.select_for_update().filter(pk=claim.pk).exists()
    if claim.verdicts.filter(status=Verdict.Status.PUBLISHED).exists():
        raise ServiceError("This claim has a published verdict; withdraw the verdict first.")
    claim.status = Claim.Status.DISMISSED
    claim.reviewed = True
    claim._history_user = by  # who changed it, for the history pages
    claim.save(update_fields=["status", "reviewed", "updated"])
    _event_changed(claim)
    return claim


def claim_assign(*, claim: Claim, by: AbstractBaseUser, assignee: AbstractBaseUser | None) -> Claim:
    _require_reviewer(by)
    if assignee is not None and not user_is_reviewer(assignee):
        raise ServiceError(f"{assignee} is not a reviewer.")
    previous = claim.assigned_to_id
    claim.assigned_to = assignee
    claim._history_user = by  # who changed it, for the history pages
    claim.save(update_fields=["assigned_to", "updated"])
    if assignee is not None and assignee.pk != previous:
        notifications.notify_claim_assigned(claim=claim, by=by, assignee=assignee)
    return claim


def claim_recheck(*, claim: Claim, by: AbstractBaseUser) -> Claim:
    """Accept a re-anchored claim whose quoted text changed: a reviewer looked at it again."""
    _require_reviewer(by)
    if claim.anchor_state == Claim.AnchorState.ORPHANED:
        raise ServiceError(
            "This claim's quote is no longer in the article; dismiss it or add the claim again."
        )
    claim.anchor_state = Claim.AnchorState.ANCHORED
    claim.reviewed = True
    claim._history_user = by  # who changed it, for the history pages
    claim.save(update_fields=["anchor_state", "reviewed", "updated"])
    return claim


CLAIM_EDITABLE_FIELDS = {
    "kind",
    "claimant",
    "count_min",
    "count_max",
    "category",
    "parts",
    "statement",
}
STATEMENT_MAX_LENGTH = 2000  # one sentence; a long quotation can make it long


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    by: AbstractBaseUser,
    via: list[Claimant] | None = None,
    **changes: object,
) -> Claim | PendingChange:
    """Edit a claim's classification, claimant, relay chain and numbers.

    On a claim with a published verdict the edit is held as a
    :class:`PendingChange` (returned instead of the claim) until an editor approves it.
    """
    _require_reviewer(by)
    unknown = set(changes) - CLAIM_EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    # Validate the merged values before touching the instance, so a refused
    # edit leaves the caller's object as it was.
    merged = {name: changes.get(name, getattr(claim, name)) for name in CLAIM_EDITABLE_FIELDS}
    if merged["kind"] not in Claim.Kind.values:
        raise ServiceError(f"Unknown claim kind {merged['kind']!r}.")
    if merged["category"] and merged["category"] not in Claim.Category.values:
        raise ServiceError(f"Unknown casualty category {merged['category']!r}.")
    low, high = merged["count_min"], merged["count_max"]
    if any(v is not None and (not isinstance(v, int) or v < 0) for v in (low, high)):
        raise ServiceError("Counts must be whole numbers, zero or more.")
    if low is not None and high is not None and low > high:
        raise ServiceError("The maximum cannot be below the minimum.")
    parts = merged["parts"] or []
    if not isinstance(parts, list) or any(
        not isinstance(p, dict) or not isinstance(p.get("count"), int) or p["count"] < 0
        for p in parts
    ):
        raise ServiceError('Parts must be a list like [{"count": 3, "who": "crew"}].')
    if "statement" in changes:
        if not str(changes["statement"] or "").strip() and not claim.statement:
            del changes["statement"]  # none before, none now: nothing to check
        else:
            changes["statement"] = _check_statement(changes["statement"])
    if claim_is_published(claim, lock=True):
        # Four eyes after publication: the public keeps seeing the published version.
        held = {name: value for name, value in changes.items()}
        if via is not None:
            held["via"] = list(via)
        return claim_change_propose(claim=claim, by=by, changes=held)
    for name, value in changes.items():
        setattr(claim, name, value)
    claim.reviewed = True
    if claim.status == Claim.Status.CANDIDATE:
        claim.status = Claim.Status.CONFIRMED
    claim._history_user = by  # who changed it, for the history pages
    claim.save()
    if via is not None:
        _claim_set_via(claim, via)
    _event_changed(claim)
    return claim


# --- issue 13: the claim as checked ----------------------------------------------
def _check_statement(value: object) -> str:
    statement = " ".join(str(value or "").split())
    if not statement:
        raise ServiceError(
            "The statement cannot be empty: say in one sentence what is claimed, and by whom."
        )
    if len(statement) > STATEMENT_MAX_LENGTH:
        raise ServiceError(
            f"Keep the statement to one sentence of at most {STATEMENT_MAX_LENGTH} characters."
        )
    return statement


def claim_confirm_with_contained(*, claim: Claim, by: AbstractBaseUser) -> list[Claim]:
    """Confirm an attribution and every figure or statement inside what was said.

    One decision for one unit: "Defense Ministry: 5 killed (3 crew, 2 officers)".
    Dismissed claims inside it stay dismissed. Returns the claims confirmed.
    """
    _require_reviewer(by)
    if claim.kind != Claim.Kind.ATTRIBUTION:
        raise ServiceError("Only an attribution holds other claims to confirm with it.")
    with transaction.atomic():
        confirmed = []
        inside = claim.contained.exclude(status=Claim.Status.DISMISSED).order_by("start", "pk")
        for item in [claim, *inside]:
            if item.status != Claim.Status.CONFIRMED:
                claim_confirm(claim=item, by=by)
                confirmed.append(item)
        return confirmed


def _claim_set_via(claim: Claim, via: Iterable[Claimant]) -> None:
    claim.relays.all().delete()
    ClaimRelay.objects.bulk_create(
        ClaimRelay(claim=claim, claimant=c, position=i) for i, c in enumerate(via)
    )


# ------------------------------------------------------------------------------
# Matches between claims of one event
# ------------------------------------------------------------------------------
def _match_decide(*, match: ClaimMatch, by: AbstractBaseUser, status: str) -> ClaimMatch:
    _require_reviewer(by)
    current = ClaimMatch.objects.select_for_update().get(pk=match.pk)
    current.status = status
    current.decided_by = by
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "decided_by", "decided_at", "updated"])
    # Flags across articles follow the matches: recompute the events of both claims.
    from .events.services import claim_events_refresh

    claims = Claim.objects.filter(pk__in=[current.claim_a_id, current.claim_b_id])
    claims = list(claims.select_related("article"))
    events = {c.article.event_id: c for c in claims if c.article.event_id is not None}
    for claim in events.values():
        claim_events_refresh(claim=claim)
    return current


@transaction.atomic
def claim_match_confirm(*, match: ClaimMatch, by: AbstractBaseUser) -> ClaimMatch:
    """The two claims state the same thing: keep the match whatever the proposals say."""
    return _match_decide(match=match, by=by, status=ClaimMatch.Status.CONFIRMED)


@transaction.atomic
def claim_match_break(*, match: ClaimMatch, by: AbstractBaseUser) -> ClaimMatch:
    """The two claims are not the same: the pair is never proposed again, and their
    figures are no longer compared."""
    return _match_decide(match=match, by=by, status=ClaimMatch.Status.BROKEN)


def claimant_find(name: str) -> Claimant | None:
    """The claimant called ``name`` (case-insensitive), by name first, then by alias."""
    name = " ".join(name.split())
    if not name:
        return None
    found = Claimant.objects.filter(name__iexact=name).order_by("pk").first()
    if found is not None:
        return found
    wanted = name.casefold()
    # Aliases are a JSON list: narrow with a text match, then compare exactly in Python.
    for claimant in Claimant.objects.filter(aliases__icontains=name).order_by("pk"):
        if any(isinstance(a, str) and a.casefold() == wanted for a in claimant.aliases):
            return claimant
    return None


def claimant_create(
    *, name: str, by: AbstractBaseUser, kind: str = Claimant.Kind.UNKNOWN, role: str = ""
) -> Claimant:
    """Add a claimant a reviewer named while editing a claim."""
    _require_reviewer(by)
    name = " ".join(name.split())
    if not name:
        raise ServiceError("A claimant needs a name.")
    if len(name) > 200:
        raise ServiceError("A claimant's name cannot be longer than 200 characters.")
    if kind not in Claimant.Kind.values:
        raise ServiceError(f"Unknown claimant kind {kind!r}.")
    base = slugify(name)[:200].strip("-") or "claimant"
    slug, n = base, 2
    while Claimant.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return Claimant.objects.create(name=name, slug=slug, kind=kind, role=role.strip()[:200])


@transaction.atomic
def claim_edit(
    *,
    claim: Claim,
    by: AbstractBaseUser,
    claimant_name: str = "",
    via_names: list[str] | tuple[str, ...] = (),
    create_claimants: bool = False,
    **changes: object,
) -> Claim | PendingChange:
    """:func:`claim_update` with the claimant and relay chain given by name.

    Unknown names are refused unless ``create_claimants`` is set, so a typo
    does not silently add a new person; created claimants roll back with
    the rest if the edit is refused.
    """
    _require_reviewer(by)
    names = ([claimant_name] if claimant_name.strip() else []) + [n for n in via_names if n.strip()]
    resolved: dict[str, Claimant] = {}
    missing: list[str] = []
    for name in names:
        key = " ".join(name.split()).casefold()
        if key in resolved:
            continue
        found = claimant_find(name)
        if found is None:
            if not create_claimants:
                missing.append(" ".join(name.split()))
                continue
            found = claimant_create(name=name, by=by)
        resolved[key] = found
    if missing:
        raise ServiceError(
            f"No claimant is called {', '.join(repr(m) for m in missing)}. "
            "Check the spelling, or tick “create new claimants” to add them."
        )

    def lookup(name: str) -> Claimant:
        return resolved[" ".join(name.split()).casefold()]

    return claim_update(
        claim=claim,
        by=by,
        claimant=lookup(claimant_name) if claimant_name.strip() else None,
        via=[lookup(n) for n in via_names if n.strip()],
        **changes,
    )


# ------------------------------------------------------------------------------
# Evidence
# ------------------------------------------------------------------------------
def evidence_add(
    *,
    claim: Claim,
    by: AbstractBaseUser,
    url: str,
    stance: str,
    title: str = "",
    publisher: str = "",
    kind: str = Source.Kind.NEWS,
    note: str = "",
) -> Evidence | PendingChange:
    """Attach a source to a claim; a source with the same url is reused."""
    evidence, _attached = evidence_attach(
        claim=claim,
        by=by,
        url=url,
        stance=stance,
        title=title,
        publisher=publisher,
        kind=kind,
        note=note,
    )
    return evidence


@transaction.atomic
def evidence_attach(
    *,
    claim: Claim,
    by: AbstractBaseUser,
    url: str,
    stance: str,
    title: str = "",
    publisher: str = "",
    kind: str = Source.Kind.NEWS,
    note: str = "",
) -> tuple[Evidence | PendingChange, bool]:
    """:func:`evidence_add`, also saying whether the source was newly attached
    (True) or was already attached and had its stance updated (False).

    Attaching again with a blank note keeps the note the claim already had. On a
    claim with a published verdict a new source or a new stance is held as a
    :class:`PendingChange` (returned instead of the evidence) until an editor
    approves it; the reviewer-only note is saved at once.
    """
    _require_reviewer(by)
    if stance not in Evidence.Stance.values:
        raise ServiceError(f"Unknown stance {stance!r}.")
    if kind not in Source.Kind.values:
        raise ServiceError(f"Unknown source kind {kind!r}.")
    url = url.strip()
    try:
        # Sources are shown as links: only web addresses, never javascript: and the like.
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ServiceError(f"{url[:80]!r} is not a web address (http:// or https://).") from None
    if len(url) > 1000:
        raise ServiceError("The source's address is longer than 1000 characters.")
    # get_or_create: two reviewers citing the same new url at once get one source.
    source, _created = Source.objects.get_or_create(
        url=url,
        defaults={
            "title": (title.strip() or url)[:500],
            "publisher": publisher.strip()[:200],
            "kind": kind,
            "accessed_on": timezone.localdate(),
        },
    )
    evidence = Evidence.objects.select_for_update().filter(claim=claim, source=source).first()
    attached = evidence is None
    if claim_is_published(claim, lock=True) and (attached or evidence.stance != stance):
        if attached:
            return (
                evidence_add_propose(claim=claim, by=by, source=source, stance=stance, note=note),
                True,
            )
        if note.strip():
            _evidence_save(evidence, by=by, stance=evidence.stance, note=note)
        return evidence_stance_propose(evidence=evidence, by=by, stance=stance), False
    if attached:
        evidence = Evidence(claim=claim, source=source, added_by=by)
    return _evidence_save(evidence, by=by, stance=stance, note=note, new=attached), attached


def _evidence_save(
    evidence: Evidence, *, by: AbstractBaseUser, stance: str, note: str, new: bool = False
) -> Evidence:
    evidence.stance = stance
    if new or note.strip():
        # Attaching again to change the stance keeps the note already written.
        evidence.note = note
    evidence._history_user = by  # who changed it, for the history pages
    evidence.save()
    return evidence


# ------------------------------------------------------------------------------
# Edits to what published claims show
# ------------------------------------------------------------------------------
def published_claims_shown_changed(
    *, claims: QuerySet[Claim], by: AbstractBaseUser | None, reason: str
) -> int:
    """Something these claims' public pages show, but that is not stored in the claims,
    changed: a source's title, a claimant's name, an outlet's name.

    Public pages are cached and answer conditional GETs under a fingerprint of the
    claims', verdicts' and articles' timestamps and histories (see claims.public.caching).
    Touching each published claim among ``claims`` with a history record that says
    why makes every page showing it render afresh (its claim page, its article's
    and event's pages, and the lists and feeds), and leaves a trace on the claim's
    history. Returns how many claims were touched.
    """
    published = Exists(Verdict.objects.published().filter(claim=OuterRef("pk")))
    touched = list(
        Claim.objects.filter(pk__in=claims.values("pk"))
        .filter(published, status=Claim.Status.CONFIRMED)
        .order_by("pk")
    )
    if not touched:
        return 0
    now = timezone.now()
    for claim in touched:
        claim.updated = now
    page_versions.bump_claims(claim.pk for claim in touched)  # bulk: no signals
    bulk_update_with_history(
        touched,
        Claim,
        fields=["updated"],
        batch_size=500,
        default_user=by,
        default_change_reason=reason[:100],
        default_date=now,
    )
    return len(touched)


@transaction.atomic
def source_save(*, source: Source, by: AbstractBaseUser | None, changed: Iterable[str]) -> Source:
    """Save a source edited by hand (the admin); claim pages citing it show the edit."""
    source.save()
    if changed:
        published_claims_shown_changed(
            claims=Claim.objects.filter(evidence__source=source),
            by=by,
            reason=f"Source edited: {source.title}",
        )
    return source


@transaction.atomic
def claimant_save(
    *, claimant: Claimant, by: AbstractBaseUser | None, changed: Iterable[str]
) -> Claimant:
    """Save a claimant edited by hand (the admin); every public page naming them
    (as claimant, relay or affiliation) shows the edit."""
    claimant.save()
    if changed:
        published_claims_shown_changed(
            claims=Claim.objects.filter(
                Q(claimant=claimant)
                | Q(relays__claimant=claimant)
                | Q(claimant__affiliation=claimant)
            ),
            by=by,
            reason=f"Claimant edited: {claimant.name}",
        )
    return claimant


# ------------------------------------------------------------------------------
# Verdicts
# ------------------------------------------------------------------------------
def _lock(verdict: Verdict, version: int | None) -> Verdict:
    """Re-read the verdict under a row lock and check the caller's version."""
    current = Verdict.objects.select_for_update().select_related("claim").get(pk=verdict.pk)
    if version is not None and int(version) != current.version:
        raise Conflict(
            f"Someone else changed this verdict (you edited version {version}, "
            f"it is now version {current.version}). Review their changes and try again.",
            current=current,
        )
    return current


def _check_rating(rating: str) -> None:
    if rating not in Verdict.Rating.values:
        raise ServiceError(f"Unknown rating {rating!r}.")


DISMISSED_NO_VERDICT = (
    "This claim was dismissed, so it cannot get a verdict. "
    "Restore it first if it is worth checking after all."
)


def _require_open_claim(claim: Claim) -> None:
    """A dismissed claim gets no verdict until a reviewer restores it.

    Reads the status from the database: the caller's object may be older than
    a colleague's dismissal.
    """
    status = Claim.objects.filter(pk=claim.pk).values_list("status", flat=True).first()
    if status == Claim.Status.DISMISSED:
        raise ServiceError(DISMISSED_NO_VERDICT)


@transaction.atomic
def verdict_save_draft(
    *,
    claim: Claim,
    by: AbstractBaseUser,
    rating: str,
    rationale: str,
    verdict: Verdict | None = None,
    version: int | None = None,
) -> Verdict:
    """Create the claim's working verdict or save changes to it."""
    _require_reviewer(by)
    _check_rating(rating)
    if verdict is not None and verdict.claim_id != claim.pk:
        raise ServiceError("That verdict belongs to another claim.")
    if verdict is None:
        # Lock the claim: two reviewers starting its first verdict at once get one
        # draft and a conflict, not two drafts.
        Claim.objects.select_for_update().filter(pk=claim.pk).exists()
        _require_open_claim(claim)
        working = (
            Verdict.objects.select_for_update()
            .filter(claim=claim, status__in=[Verdict.Status.DRAFT, Verdict.Status.SUBMITTED])
            .first()
        )
        if working is not None:
            raise Conflict(
                "This claim already has a verdict in progress; edit that one.", current=working
            )
        if Verdict.objects.filter(claim=claim, status=Verdict.Status.PUBLISHED).exists():
            raise ServiceError(
                "This claim already has a published verdict; an editor corrects that one."
            )
        verdict = Verdict(claim=claim, rating=rating, rationale=rationale, author=by)
        verdict._history_user = by
        verdict.save()
        return verdict
    current = _lock(verdict, version)
    if current.status not in (Verdict.Status.DRAFT, Verdict.Status.SUBMITTED):
        raise ServiceError(
            f"A {current.get_status_display().lower()} verdict cannot be edited as a draft."
        )
    _require_open_claim(claim)
    current.rating = rating
    current.rationale = rationale
    current.status = Verdict.Status.DRAFT
    current.submitted_at = None
    # Saving is the re-review the stale flag asked for.
    current.stale = False
    current.version += 1
    current._history_user = by  # who changed it, for the history pages
    current.save()
    return current


@transaction.atomic
def verdict_submit(*, verdict: Verdict, by: AbstractBaseUser, version: int | None) -> Verdict:
    _require_reviewer(by)
    current = _lock(verdict, version)
    if current.status != Verdict.Status.DRAFT:
        raise ServiceError("Only a draft can be submitted for approval.")
    _require_open_claim(current.claim)
    if not current.claim.evidence.exists():
        raise ServiceError(NO_SOURCE_SUBMIT)
    current.status = Verdict.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.review_note = ""
    current.version += 1
    current._history_user = by  # who changed it, for the history pages
    current.save()
    notifications.notify_verdict_submitted(verdict=current, by=by)
    return current


@transaction.atomic
def verdict_save_and_submit(
    *,
    claim: Claim,
    by: AbstractBaseUser,
    rating: str,
    rationale: str,
    verdict: Verdict | None = None,
    version: int | None = None,
) -> Verdict:
    """Save the form's rating and rationale, then submit them for approval.

    One transaction, so a refused submit leaves no half-saved draft behind.
    """
    _require_reviewer(by)
    _check_rating(rating)
    if verdict is not None and verdict.claim_id != claim.pk:
        raise ServiceError("That verdict belongs to another claim.")
    _require_open_claim(claim)
    if not claim.evidence.exists():
        # Refused before the draft is saved: the form keeps the text, nothing half-done.
        raise ServiceError(NO_SOURCE_SUBMIT)
    if verdict is not None:
        current = _lock(verdict, version)
        if current.status == Verdict.Status.SUBMITTED and (
            current.rating == rating and current.rationale == rationale
        ):
            raise ServiceError("This verdict is already waiting for approval.")
        if current.status == Verdict.Status.DRAFT and (
            current.rating == rating and current.rationale == rationale
        ):
            return verdict_submit(verdict=current, by=by, version=current.version)
    draft = verdict_save_draft(
        claim=claim, by=by, rating=rating, rationale=rationale, verdict=verdict, version=version
    )
    return verdict_submit(verdict=draft, by=by, version=draft.version)


def independent_sources(claim: Claim, evidence: Iterable[Evidence] | None = None) -> int:
    """Distinct publishers (or urls) that support or contradict the claim.

    Pass ``evidence`` (with sources loaded) when the caller already has it.
    """
    if evidence is None:
        evidence = claim.evidence.select_related("source")
    keys = set()
    for item in evidence:
        if item.stance in (Evidence.Stance.SUPPORTS, Evidence.Stance.CONTRADICTS):
            keys.add((item.source.publisher or item.source.url).strip().lower())
    return len(keys)


def verdict_writers(verdict: Verdict) -> set[int]:
    """Ids of everyone who changed the verdict's rating or rationale (four-eyes rule)."""
    return verdicts_writers([verdict])[verdict.pk]


def verdicts_writers(verdicts: Iterable[Verdict]) -> dict[int, set[int]]:
    """:func:`verdict_writers` for several verdicts in one query, by verdict id."""
    writers = {v.pk: {v.author_id} for v in verdicts}
    previous: dict[int, tuple] = {}
    rows = (
        Verdict.history.filter(id__in=list(writers))
        .order_by("history_date", "history_id")
        .values_list("id", "rating", "rationale", "history_user_id")
    )
    for verdict_id, rating, rationale, user_id in rows:
        wording = (rating, rationale)
        if wording != previous.get(verdict_id) and user_id is not None:
            writers[verdict_id].add(user_id)
        previous[verdict_id] = wording
    return writers


@transaction.atomic
def verdict_publish(
    *,
    verdict: Verdict,
    by: AbstractBaseUser,
    version: int | None = None,
    publish_anyway_reason: str = "",
) -> PublishResult:
    """Approve and publish a submitted verdict (four eyes: never one's own).

    The two-source rule: a casualty verdict with fewer than two independent
    sources raises :class:`PublishAnywayRequired` unless ``publish_anyway_reason``
    says why it goes out anyway; the reason is kept on the verdict (and so in
    its history) for the other editors.
    """
    _require_editor(by)
    current = _lock(verdict, version)
    if current.author_id == by.pk:
        raise NotAllowed("You cannot approve your own verdict; another editor must.")
    if by.pk in verdict_writers(current):
        raise NotAllowed("You wrote part of this verdict; another editor must approve it.")
    if current.status != Verdict.Status.SUBMITTED:
        raise ServiceError("Only a verdict submitted for approval can be published.")
    claim = current.claim
    if claim.status == Claim.Status.DISMISSED:
        # Publishing would silently bring the claim back; restoring it is a reviewer's call.
        raise ServiceError(
            "This claim was dismissed after the verdict was submitted. A reviewer must "
            "restore the claim before its verdict can be published; or send the verdict back."
        )
    if not claim.evidence.exists():
        raise ServiceError("Attach at least one source before publishing.")
    if claim.verdicts.filter(status=Verdict.Status.PUBLISHED).exclude(pk=current.pk).exists():
        raise ServiceError("This claim already has a published verdict; correct that one.")
    warnings = []
    reason = " ".join(publish_anyway_reason.split())
    independent = independent_sources(claim)
    if claim.kind == Claim.Kind.CASUALTY and independent < 2:
        if not reason:
            counted = (
                "source supports or contradicts"
                if independent == 1
                else "sources support or contradict"
            )
            raise PublishAnywayRequired(
                f"Only {independent} independent {counted} "
                "this casualty figure; good practice wants two. "
                "To publish anyway, say why (the reason is kept in the verdict's history).",
                independent=independent,
            )
        if len(reason) > PUBLISH_REASON_MAX:
            raise ServiceError(
                f"Keep the reason under {PUBLISH_REASON_MAX} characters (it has {len(reason)})."
            )
        current.publish_reason = reason
        current._change_reason = f"Published anyway: {reason}"[:100]
        warnings.append(
            f"Published with {independent} independent source"
            f"{'' if independent == 1 else 's'} for a casualty figure; "
            "your reason is kept in the verdict's history."
        )
    current.status = Verdict.Status.PUBLISHED
    current.approved_by = by
    current.published_at = timezone.now()
    current.stale = False
    current.version += 1
    current._history_user = by  # who changed it, for the history pages
    current.save()
    if claim.status == Claim.Status.CANDIDATE:
        claim.status = Claim.Status.CONFIRMED
        claim.reviewed = True
        claim._history_user = by  # who changed it, for the history pages
        claim.save(update_fields=["status", "reviewed", "updated"])
    notifications.notify_verdict_published(verdict=current, by=by)
    return PublishResult(current, warnings)


@transaction.atomic
def verdict_send_back(
    *, verdict: Verdict, by: AbstractBaseUser, note: str, version: int | None = None
) -> Verdict:
    _require_editor(by)
    current = _lock(verdict, version)
    if current.status != Verdict.Status.SUBMITTED:
        raise ServiceError("Only a verdict submitted for approval can be sent back.")
    if not note.strip():
        raise ServiceError("Say what needs to change.")
    current.status = Verdict.Status.DRAFT
    current.review_note = note.strip()
    current.submitted_at = None
    current.version += 1
    current._history_user = by  # who changed it, for the history pages
    current.save()
    notifications.notify_verdict_sent_back(verdict=current, by=by)
    return current


@transaction.atomic
def verdict_correct(
    *,
    verdict: Verdict,
    by: AbstractBaseUser,
    rating: str,
    rationale: str,
    note: str,
    version: int | None,
) -> Verdict | PendingChange:
    """Propose a correction of a published verdict, with its public note.

    Re-rating or rewriting is held as a :class:`PendingChange` (returned) until
    another editor approves it (:func:`change_approve`); the public pages show
    the published version until then. Confirming a stale verdict unchanged is a
    re-check one editor records at once: the public sees the note and nothing else.
    """
    _require_editor(by)
    _check_rating(rating)
    current = _lock(verdict, version)
    if current.status != Verdict.Status.PUBLISHED:
        raise ServiceError("Only a published verdict can be corrected.")
    if not note.strip():
        raise ServiceError("A correction needs a note saying what changed and why.")
    unchanged = current.rating == rating and current.rationale == rationale
    if unchanged and not current.stale:
        raise ServiceError("Nothing changed.")
    if not unchanged:
        return _verdict_correction_propose(
            verdict=current, by=by, rating=rating, rationale=rationale, note=note
        )
    return _verdict_correction_apply(
        verdict=current, by=by, rating=rating, rationale=rationale, note=note
    )


def _verdict_correction_apply(
    *, verdict: Verdict, by: AbstractBaseUser, rating: str, rationale: str, note: str
) -> Verdict:
    current = verdict
    current.rating = rating
    current.rationale = rationale
    current.stale = False
    current.version += 1
    current._history_user = by  # who changed it, for the history pages
    current.save()
    Correction.objects.create(verdict=current, note=note.strip(), created_by=by)
    notifications.notify_verdict_corrected(verdict=current, by=by, note=note)
    return current


@transaction.atomic
def verdict_withdraw(
    *, verdict: Verdict, by: AbstractBaseUser, note: str, version: int | None
) -> Verdict:
    """Take a published verdict down, keeping a public note of why."""
    _require_editor(by)
    current = _lock(verdict, version)
    if current.status != Verdict.Status.PUBLISHED:
        raise ServiceError("Only a published verdict can be withdrawn.")
    if not note.strip():
        raise ServiceError("Say why the verdict is withdrawn.")
    current.status = Verdict.Status.WITHDRAWN
    current.version += 1
    current._history_user = by  # who changed it, for the history pages
    current.save()
    Correction.objects.create(verdict=current, note=f"Withdrawn: {note.strip()}", created_by=by)
    notifications.notify_verdict_withdrawn(verdict=current, by=by, note=note)
    return current


# ------------------------------------------------------------------------------
# Four eyes after publication: changes to published fact-checks wait for an editor
# ------------------------------------------------------------------------------
# What a claim's public page, ClaimReview and feeds show: a change to any of these
# on a published claim is held until an editor approves it. Generic on purpose
# (field name → value); a new public field is one more name here.
HELD_CLAIM_FIELDS = (
    "statement", "kind", "claimant", "via", "count_min", "count_max", "category", "parts",
    "start", "end", "exact", "sentence",
)  # fmt: skip
HELD_SOURCE_FIELDS = ("url", "title", "publisher", "kind", "archive_url")
ANCHOR_FIELDS = {"start", "end", "exact"}


def claim_is_published(claim: Claim, *, lock: bool = False) -> bool:
    """Whether the claim has a published verdict, read from the database.

    ``lock`` takes the claim's row lock first: an editor publishing or withdrawing
    its verdict at this moment holds the same lock.
    """
    if lock:
        Claim.objects.select_for_update().filter(pk=claim.pk).exists()
    return Verdict.objects.published().filter(claim_id=claim.pk).exists()


def _stored(value: object) -> object:
    """A field's value as a held change stores it (JSON): related objects by id."""
    if isinstance(value, (Claimant, Source)):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_stored(v) for v in value]
    return value


def claim_values(claim: Claim, names: Iterable[str]) -> dict[str, object]:
    """The claim's current values of ``names``, as a held change stores them."""
    values: dict[str, object] = {}
    for name in names:
        if name == "via":
            values[name] = list(
                ClaimRelay.objects.filter(claim=claim)
                .order_by("position")
                .values_list("claimant_id", flat=True)
            )
            continue
        model_field = Claim._meta.get_field(name)
        values[name] = getattr(claim, model_field.attname)
    return values


def claim_change_propose(
    *, claim: Claim, by: AbstractBaseUser, changes: dict[str, object], note: str = ""
) -> Claim | PendingChange:
    """Hold a change to a published claim's public fields until an editor approves it.

    Only the fields whose value really changes are held; when none does, nothing is
    and the claim is returned as it is.
    """
    _require_reviewer(by)
    unknown = set(changes) - set(HELD_CLAIM_FIELDS)
    if unknown:
        raise ServiceError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    current = Claim.objects.get(pk=claim.pk)
    now = claim_values(current, changes)
    proposed = {k: _stored(v) for k, v in changes.items() if _stored(v) != now[k]}
    if not proposed:
        return claim
    return PendingChange.objects.create(
        kind=PendingChange.Kind.CLAIM,
        claim=claim,
        proposed=proposed,
        before={k: now[k] for k in proposed},
        note=note.strip(),
        proposed_by=by,
    )


def _refuse_duplicate(claim: Claim, kind: str, **match: object) -> None:
    held = PendingChange.objects.pending().filter(claim=claim, kind=kind)
    if held.filter(**{f"proposed__{k}": v for k, v in match.items()}).exists():
        raise ServiceError("The same change is already waiting for an editor's approval.")


def evidence_add_propose(
    *, claim: Claim, by: AbstractBaseUser, source: Source, stance: str, note: str = ""
) -> PendingChange:
    """Hold a new source of a published claim until an editor approves it."""
    _require_reviewer(by)
    _refuse_duplicate(claim, PendingChange.Kind.EVIDENCE_ADD, source=source.pk)
    return PendingChange.objects.create(
        kind=PendingChange.Kind.EVIDENCE_ADD,
        claim=claim,
        proposed={"source": source.pk, "stance": stance},
        before={},
        note=note.strip(),
        proposed_by=by,
    )


def evidence_stance_propose(
    *, evidence: Evidence, by: AbstractBaseUser, stance: str
) -> PendingChange:
    """Hold a new stance of a published claim's source until an editor approves it."""
    _require_reviewer(by)
    if stance not in Evidence.Stance.values:
        raise ServiceError(f"Unknown stance {stance!r}.")
    _refuse_duplicate(
        evidence.claim, PendingChange.Kind.EVIDENCE_CHANGE, evidence=evidence.pk, stance=stance
    )
    return PendingChange.objects.create(
        kind=PendingChange.Kind.EVIDENCE_CHANGE,
        claim=evidence.claim,
        proposed={"evidence": evidence.pk, "stance": stance},
        before={"evidence": evidence.pk, "stance": evidence.stance},
        proposed_by=by,
    )


LAST_SOURCE = (
    "This is the last source of a published verdict: a fact-check is never published "
    "without its sources. Attach the replacement first, or withdraw the verdict."
)


@transaction.atomic
def evidence_remove(*, evidence: Evidence, by: AbstractBaseUser) -> PendingChange | None:
    """Detach a source from a claim.

    On a claim with a published verdict the removal is held until an editor
    approves it (returned), and removing its last source is refused.
    """
    _require_reviewer(by)
    claim = evidence.claim
    if not claim_is_published(claim, lock=True):
        evidence._history_user = by  # who changed it, for the history pages
        evidence.delete()
        return None
    held_removals = PendingChange.objects.pending().filter(
        claim=claim, kind=PendingChange.Kind.EVIDENCE_REMOVE
    )
    if held_removals.filter(proposed__evidence=evidence.pk).exists():
        raise ServiceError("Removing this source is already waiting for an editor's approval.")
    if Evidence.objects.filter(claim=claim).count() - held_removals.count() <= 1:
        raise ServiceError(LAST_SOURCE)
    return PendingChange.objects.create(
        kind=PendingChange.Kind.EVIDENCE_REMOVE,
        claim=claim,
        proposed={"evidence": evidence.pk, "source": evidence.source_id},
        before={"evidence": evidence.pk, "source": evidence.source_id},
        proposed_by=by,
    )


def source_is_cited_publicly(source: Source) -> bool:
    return Verdict.objects.published().filter(claim__evidence__source=source).exists()


@transaction.atomic
def source_change_propose(
    *, source: Source, by: AbstractBaseUser, changes: dict[str, object]
) -> Source | PendingChange:
    """Edit a source; when a published fact-check cites it, hold the edit of what the
    public sees until an editor approves it (the rest is saved at once)."""
    current = Source.objects.select_for_update().get(pk=source.pk)
    held = {
        k: v for k, v in changes.items() if k in HELD_SOURCE_FIELDS and getattr(current, k) != v
    }
    direct = {k: v for k, v in changes.items() if k not in held}
    if "url" in held:
        _check_source_url(str(held["url"]))
    for name, value in direct.items():
        setattr(current, name, value)
    if direct:
        current.save(update_fields=list(direct))
    if not held:
        return current
    if not source_is_cited_publicly(current):
        for name, value in held.items():
            setattr(current, name, value)
        return source_save(source=current, by=by, changed=list(held))
    return PendingChange.objects.create(
        kind=PendingChange.Kind.SOURCE,
        source=current,
        proposed=held,
        before={k: getattr(current, k) for k in held},
        proposed_by=by,
    )


def _check_source_url(url: str) -> None:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ServiceError(f"{url[:80]!r} is not a web address (http:// or https://).") from None


def _verdict_correction_propose(
    *, verdict: Verdict, by: AbstractBaseUser, rating: str, rationale: str, note: str
) -> PendingChange:
    waiting = PendingChange.objects.pending().filter(
        verdict=verdict, kind=PendingChange.Kind.VERDICT
    )
    if waiting.exists():
        raise ServiceError(
            "A correction of this verdict is already waiting for another editor's approval; "
            "it must be approved or rejected first."
        )
    proposed: dict[str, object] = {}
    if rating != verdict.rating:
        proposed["rating"] = rating
    if rationale != verdict.rationale:
        proposed["rationale"] = rationale
    return PendingChange.objects.create(
        kind=PendingChange.Kind.VERDICT,
        claim_id=verdict.claim_id,
        verdict=verdict,
        proposed={**proposed, "version": verdict.version},
        before={name: getattr(verdict, name) for name in proposed},
        note=note.strip(),
        proposed_by=by,
    )


def _lock_change(change: PendingChange) -> PendingChange:
    current = PendingChange.objects.select_for_update().get(pk=change.pk)
    if current.status != PendingChange.Status.PENDING:
        raise ServiceError(
            f"This change was already {current.get_status_display().lower()}; nothing to do."
        )
    return current


def _moved(change: PendingChange, now: dict[str, object]) -> None:
    """Refuse a change whose fields were changed by someone else since it was proposed."""
    moved = [k for k, v in change.before.items() if now.get(k) != v]
    if moved:
        raise ServiceError(
            "What this change would replace has changed since it was proposed "
            f"({', '.join(moved)}). Reject it, and propose it again on the current version."
        )


@transaction.atomic
def change_approve(*, change: PendingChange, by: AbstractBaseUser, note: str = "") -> PendingChange:
    """Apply a held change through the services and record its public correction note.

    Four eyes: an editor other than the one who proposed it. ``note`` is the public
    note; left blank it is the change's own (a verdict correction's note, or a
    sentence saying what changed).
    """
    from .changes import describe_one

    _require_editor(by)
    current = _lock_change(change)
    if current.proposed_by_id == by.pk:
        raise NotAllowed("You proposed this change; another editor must approve it.")
    public_note = note.strip() or describe_one(current).summary
    if not public_note:
        raise ServiceError("Write the public correction note: what changed and why.")
    kind = current.kind
    if kind == PendingChange.Kind.SOURCE:
        _apply_source_change(current, by=by, note=public_note)
    else:
        claim = Claim.objects.select_for_update().get(pk=current.claim_id)
        published = Verdict.objects.published().filter(claim=claim).first()
        if published is None:
            raise ServiceError(
                "This claim no longer has a published verdict; reject the change, "
                "and make it on the review page like any other edit."
            )
        if kind == PendingChange.Kind.VERDICT:
            _apply_verdict_change(current, by=by, note=public_note)
        else:
            if kind == PendingChange.Kind.CLAIM:
                _apply_claim_change(current, claim=claim, by=by)
            else:
                _apply_evidence_change(current, claim=claim, by=by)
            Correction.objects.create(verdict=published, note=public_note, created_by=by)
    current.status = PendingChange.Status.APPROVED
    current.decided_by = by
    current.decided_at = timezone.now()
    current.decision_note = public_note
    current.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return current


@transaction.atomic
def change_reject(*, change: PendingChange, by: AbstractBaseUser, note: str = "") -> PendingChange:
    """Turn a held change down (an editor, saying why), or take it back (its author)."""
    current = _lock_change(change)
    own = current.proposed_by_id == by.pk
    if not own:
        _require_editor(by)
        if not note.strip():
            raise ServiceError("Say why the change is rejected: its author reads it.")
    current.status = PendingChange.Status.REJECTED
    current.decided_by = by
    current.decided_at = timezone.now()
    current.decision_note = note.strip() or "Taken back by its author."
    current.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return current


def _apply_verdict_change(change: PendingChange, *, by: AbstractBaseUser, note: str) -> None:
    verdict = Verdict.objects.select_for_update().get(pk=change.verdict_id)
    if verdict.status != Verdict.Status.PUBLISHED:
        raise ServiceError("The verdict is no longer published; reject this correction.")
    if verdict.version != change.proposed.get("version"):
        raise ServiceError(
            f"The verdict changed since this correction was proposed (it is now version "
            f"{verdict.version}). Reject it, and propose it again on the current version."
        )
    _verdict_correction_apply(
        verdict=verdict,
        by=by,
        rating=str(change.proposed.get("rating", verdict.rating)),
        rationale=str(change.proposed.get("rationale", verdict.rationale)),
        note=note,
    )


def _apply_claim_change(change: PendingChange, *, claim: Claim, by: AbstractBaseUser) -> None:
    _moved(change, claim_values(claim, change.proposed))
    values = dict(change.proposed)
    via_ids = values.pop("via", None)
    for name, value in values.items():
        setattr(claim, Claim._meta.get_field(name).attname, value)
    if claim.claimant_id is not None and not Claimant.objects.filter(pk=claim.claimant_id).exists():
        raise ServiceError("The proposed claimant is no longer on file; reject the change.")
    text = claim.article.text
    if ANCHOR_FIELDS & set(values):
        if not values.get("exact"):
            claim.exact = text[claim.start : claim.end]
        if claim.anchor_state == Claim.AnchorState.ORPHANED:
            claim.anchor_state = Claim.AnchorState.ANCHORED
    try:
        claim.clean()
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages)) from None
    if ANCHOR_FIELDS & set(values):
        claim.prefix, claim.suffix = quote_context(text, claim.start, claim.end)
        if "sentence" not in values:
            claim.sentence = sentence_around(text, claim.start, claim.end)
    claim.reviewed = True
    claim._history_user = by  # who changed it, for the history pages
    claim._change_reason = f"Approved change proposed by {change.proposed_by}"[:100]
    claim.save()
    if via_ids is not None:
        found = Claimant.objects.in_bulk(via_ids)
        if len(found) != len(set(via_ids)):
            raise ServiceError("A proposed relay is no longer on file; reject the change.")
        _claim_set_via(claim, [found[pk] for pk in via_ids])
    _event_changed(claim)


def _apply_evidence_change(change: PendingChange, *, claim: Claim, by: AbstractBaseUser) -> None:
    proposed = change.proposed
    if change.kind == PendingChange.Kind.EVIDENCE_ADD:
        source = Source.objects.filter(pk=proposed.get("source")).first()
        if source is None:
            raise ServiceError("The proposed source is no longer on file; reject the change.")
        if Evidence.objects.filter(claim=claim, source=source).exists():
            raise ServiceError("This source is attached to the claim already; reject the change.")
        evidence = Evidence(claim=claim, source=source, added_by=change.proposed_by)
        _evidence_save(evidence, by=by, stance=str(proposed["stance"]), note=change.note, new=True)
        return
    evidence = (
        Evidence.objects.select_for_update()
        .filter(pk=proposed.get("evidence"), claim=claim)
        .first()
    )
    if evidence is None:
        raise ServiceError("That source was removed from the claim since; reject the change.")
    if change.kind == PendingChange.Kind.EVIDENCE_CHANGE:
        _moved(change, {"evidence": evidence.pk, "stance": evidence.stance})
        _evidence_save(evidence, by=by, stance=str(proposed["stance"]), note="")
        return
    if Evidence.objects.filter(claim=claim).count() <= 1:
        raise ServiceError(LAST_SOURCE)
    evidence._history_user = by  # who changed it, for the history pages
    evidence.delete()


def _apply_source_change(change: PendingChange, *, by: AbstractBaseUser, note: str) -> None:
    source = Source.objects.select_for_update().get(pk=change.source_id)
    _moved(change, {k: getattr(source, k) for k in change.before})
    for name, value in change.proposed.items():
        setattr(source, name, value)
    if "url" in change.proposed:
        _check_source_url(source.url)
        if Source.objects.filter(url=source.url).exclude(pk=source.pk).exists():
            raise ServiceError("Another source already has this address; reject the change.")
    source_save(source=source, by=by, changed=list(change.proposed))
    for verdict in Verdict.objects.published().filter(claim__evidence__source=source):
        Correction.objects.create(verdict=verdict, note=note, created_by=by)


@transaction.atomic
def correction_note_fix(*, correction: Correction, by: AbstractBaseUser, note: str) -> Correction:
    """Fix a typo in a public correction note: one editor may, as it changes no verdict."""
    _require_editor(by)
    if not note.strip():
        raise ServiceError("A correction note cannot be empty.")
    correction.note = note.strip()
    correction.save(update_fields=["note"])
    published_claims_shown_changed(
        claims=Claim.objects.filter(verdicts__corrections=correction),
        by=by,
        reason="Correction note edited",
    )
    return correction
