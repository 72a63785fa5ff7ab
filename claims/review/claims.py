"""The claim review page and what it posts: claim actions, edits, evidence,
matches across articles, and the claimant autocomplete."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import (
    Prefetch,
    Q,
    prefetch_related_objects,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET, require_POST

from claims import services
from claims.changes import describe, pending_changes_of_claim
from claims.events import consistency
from claims.events import selectors as event_selectors
from claims.models import (
    Claim,
    Claimant,
    ClaimFlag,
    ClaimMatch,
    ClaimRelay,
    Evidence,
    PendingChange,
    Source,
    Verdict,
)
from claims.queue_state import WORKING
from claims.text.diff import word_diff
from claims.text.markdown import render_markdown

from .common import (
    AUTOCOMPLETE_LIMIT,
    HISTORY_LIMIT,
    assignees,
    claim_quote,
    get_claim_for_user,
    get_match_for_user,
    highlighted,
    is_stale,
    next_url,
    reviewer_required,
    reviewers,
)
from .forms import (
    AssignForm,
    ClaimEditForm,
    CorrectionForm,
    EvidenceForm,
    VerdictForm,
    WithdrawForm,
)


# ------------------------------------------------------------------------------
# Claim actions
# ------------------------------------------------------------------------------
def _claim_action(
    request: HttpRequest, pk: int, action: Callable[..., Claim], done: str
) -> HttpResponse:
    claim = get_claim_for_user(request, pk)
    default = reverse("review:article", args=[claim.article_id]) + f"#item-{claim.pk}"
    try:
        action(claim=claim, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{done}: {claim_quote(claim)}.")
    return redirect(next_url(request, default))


@require_POST
@reviewer_required
def claim_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_action(request, pk, services.claim_confirm, "Confirmed")


@require_POST
@reviewer_required
def claim_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_action(request, pk, services.claim_dismiss, "Dismissed")


@require_POST
@reviewer_required
def claim_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_action(request, pk, services.claim_recheck, "Marked as re-checked")


@require_POST
@reviewer_required
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request, pk)
    default = reverse("review:claim", args=[claim.pk])
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a reviewer from the list.")
        return redirect(next_url(request, default))
    assignee = None
    if form.cleaned_data["assignee"]:
        assignee = reviewers().filter(pk=form.cleaned_data["assignee"]).first()
        if assignee is None:
            messages.error(request, "That person is not a reviewer.")
            return redirect(next_url(request, default))
    try:
        services.claim_assign(claim=claim, by=request.user, assignee=assignee)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        who = "you" if assignee == request.user else (assignee or "nobody")
        messages.success(request, f"{claim_quote(claim)} is now assigned to {who}.")
    return redirect(next_url(request, default))


# ------------------------------------------------------------------------------
# Claim review page
# ------------------------------------------------------------------------------
EVIDENCE_KINDS = {
    PendingChange.Kind.EVIDENCE_ADD,
    PendingChange.Kind.EVIDENCE_CHANGE,
    PendingChange.Kind.EVIDENCE_REMOVE,
    PendingChange.Kind.SOURCE,
}
HELD_MESSAGE = (
    "Saved as a change waiting for an editor's approval: this claim's verdict is "
    "published, and its public page shows the published version until an editor approves."
)
# Bookkeeping fields a reader of the history does not need.
HISTORY_SKIP = {"version", "prefix", "suffix", "reviewed"}
HISTORY_SHORT = 80
_PLAIN = (int, str, bool, type(None))


def _shown(field: Any, value: Any, names: dict) -> str:
    """A history value as a reader knows it: labels, names and dates, not codes and ids."""
    if value in (None, ""):
        return "—"
    if field.is_relation:
        return names.get((field.related_model, value), "another one")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(localtime(value), "j M Y, H:i")
    return str(value)


def _describe_changes(new: Any, old: Any, names: dict) -> list[str]:
    """Readable lines for what changed between two history records of one object."""
    result = []
    for change in new.diff_against(old, excluded_fields=HISTORY_SKIP).changes:
        name = change.field.replace("_", " ")
        if change.field == "publish_reason":
            # The two-source rule's reason, in full: the other editors read it here.
            if change.new:
                result.append(f"published anyway, with fewer than two sources: {change.new}")
            continue
        if change.field in ("rationale", "note", "review_note", "sentence", "exact", "statement"):
            result.append(f"{name} edited")
            continue
        field = new.instance_type._meta.get_field(change.field)
        simple = all(isinstance(v, (*_PLAIN, datetime.datetime)) for v in (change.old, change.new))
        if field.is_relation or simple:
            before, after = _shown(field, change.old, names), _shown(field, change.new, names)
            if len(before) + len(after) <= HISTORY_SHORT:
                result.append(f"{name}: {before} → {after}")
                continue
        result.append(f"{name} changed")
    return result


def _related_names(pairs: list[tuple[Any, Any]]) -> dict:
    """{(model, pk): name} for the related objects named in these record pairs.

    One query per related model that actually changed (claimants, users, sources),
    whatever the number of records.
    """
    wanted: dict[Any, set] = {}
    for new, old in pairs:
        for change in new.diff_against(old, excluded_fields=HISTORY_SKIP).changes:
            field = new.instance_type._meta.get_field(change.field)
            if field.is_relation:
                ids = wanted.setdefault(field.related_model, set())
                ids.update(v for v in (change.old, change.new) if v is not None)
    names = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            names[(model, obj.pk)] = str(obj)
    return names


def _history(claim: Claim) -> list[dict]:
    """Who changed what and when, for the claim, its evidence and its verdicts."""
    sources = [
        ("Claim", claim.history.all()),
        ("Evidence", Evidence.history.filter(claim_id=claim.pk)),
        ("Verdict", Verdict.history.filter(claim_id=claim.pk)),
    ]
    rows = []
    for label, records in sources:
        records = list(
            records.select_related("history_user").order_by("-history_date", "-history_id")[
                : HISTORY_LIMIT + 1
            ]
        )
        previous: dict[int, Any] = {}
        # Oldest first, so each record is compared with the one before it.
        for record in reversed(records):
            rows.append((label, record, previous.get(record.id)))
            previous[record.id] = record
    names = _related_names([(record, older) for _, record, older in rows if older is not None])
    entries = [
        {
            "what": label,
            "object_id": record.id,
            "type": record.get_history_type_display(),
            "when": record.history_date,
            "who": record.history_user,
            "changes": _describe_changes(record, older, names) if older is not None else [],
            "reason": record.history_change_reason or "",
            "summary": (
                f"{record.get_status_display()} · {record.get_rating_display()}"
                if label == "Verdict"
                else ""
            ),
        }
        for label, record, older in rows
    ]
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:HISTORY_LIMIT]


_text_diff = word_diff


def _verdict_changes(current: Verdict, started: int | None) -> dict | None:
    """What changed in the verdict since the version the reviewer started from."""
    if not started:
        return None
    before = current.history.filter(version=started).order_by("-history_id").first()
    if before is None:
        return None
    changes: dict[str, Any] = {"version": started}
    if before.rating != current.rating:
        changes["rating"] = (before.get_rating_display(), current.get_rating_display())
    if before.status != current.status:
        changes["status"] = (before.get_status_display(), current.get_status_display())
    if before.rationale != current.rationale:
        changes["rationale"] = _text_diff(before.rationale, current.rationale)
    return changes


def render_claim_page(
    request: HttpRequest,
    claim: Claim,
    *,
    edit_form: ClaimEditForm | None = None,
    evidence_form: EvidenceForm | None = None,
    verdict_form: VerdictForm | None = None,
    correction_form: CorrectionForm | None = None,
    conflict: Verdict | None = None,
    conflict_from: int | None = None,
    claim_conflict: dict | None = None,
    preview: str | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    is_editor = services.user_is_editor(user)
    article = claim.article
    verdicts = list(
        claim.verdicts.select_related("author", "approved_by")
        .prefetch_related("corrections")
        .order_by("-created")
    )
    published = next((v for v in verdicts if v.status == Verdict.Status.PUBLISHED), None)
    working = next((v for v in verdicts if v.status in WORKING), None)
    also, flags = _claim_matches(claim)
    started_from = _started_from(request, also) if published is None else None
    if verdict_form is None and published is None:
        initial = (
            {
                "rating": working.rating,
                "rationale": working.rationale,
                "verdict": working.pk,
                "version": working.version,
            }
            if working
            else {}
        )
        if started_from is not None:
            # Only the form starts from the other verdict: nothing is saved until the
            # reviewer saves, and the working verdict's version still guards against
            # overwriting a colleague's edits.
            initial.update(
                rating=started_from["verdict"].rating,
                rationale=started_from["verdict"].rationale,
            )
        verdict_form = VerdictForm(initial=initial)
    if correction_form is None and published is not None and is_editor:
        correction_form = CorrectionForm(
            initial={
                "rating": published.rating,
                "rationale": published.rationale,
                "version": published.version,
            }
        )
    if preview is None:
        rationale = working.rationale if working else ""
        if started_from is not None:
            rationale = started_from["verdict"].rationale
        if verdict_form is not None and verdict_form.is_bound:
            rationale = verdict_form.data.get("rationale", "")
        preview = render_markdown(rationale)
    conflict_by = None
    if conflict is not None:
        last = conflict.history.select_related("history_user").first()
        conflict_by = last.history_user if last else None
    article_claims = list(
        article.claims.only("pk", "article_id", "kind", "status", "anchor_state", "start", "end")
    )
    evidence = list(claim.evidence.select_related("source", "added_by"))
    # The header and the edit form both show the relay chain: load it once.
    prefetch_related_objects(
        [claim], Prefetch("relays", queryset=ClaimRelay.objects.select_related("claimant"))
    )
    # Changes to the published fact-check waiting for an editor, with their diffs.
    pending = describe(pending_changes_of_claim(claim)) if published else []
    held_kinds = {item.change.kind for item in pending}
    independent = services.independent_sources(claim, evidence)
    return render(
        request,
        "review/claim.html",
        {
            "pending": pending,
            "pending_claim": PendingChange.Kind.CLAIM in held_kinds,
            "pending_evidence": bool(held_kinds & EVIDENCE_KINDS),
            "pending_verdict": PendingChange.Kind.VERDICT in held_kinds,
            "needs_reason": claim.kind == Claim.Kind.CASUALTY and independent < 2,
            "claim": claim,
            "article": article,
            "text": (
                highlighted(article.text, article_claims, focus=claim)
                if claim.anchor_state != Claim.AnchorState.ORPHANED
                else None
            ),
            "via": [relay.claimant for relay in claim.relays.all()],
            "evidence": evidence,
            "independent_sources": independent,
            "verdicts": verdicts,
            "published": published,
            "published_rationale": render_markdown(published.rationale) if published else "",
            "working": working,
            "stale": is_stale(claim, verdicts),
            "is_editor": is_editor,
            "can_approve": bool(
                is_editor
                and working
                and working.status == Verdict.Status.SUBMITTED
                # Four eyes: neither its author nor anyone who changed its wording.
                and user.pk not in services.verdict_writers(working)
            ),
            "edit_form": edit_form or ClaimEditForm.for_claim(claim),
            "evidence_form": evidence_form or EvidenceForm(),
            "verdict_form": verdict_form,
            "correction_form": correction_form,
            "withdraw_form": WithdrawForm(initial={"version": published.version})
            if published and is_editor
            else None,
            "conflict": conflict,
            "conflict_by": conflict_by,
            "conflict_rationale": render_markdown(conflict.rationale) if conflict else "",
            "conflict_changes": _verdict_changes(conflict, conflict_from) if conflict else None,
            "claim_conflict": claim_conflict,
            "preview": preview,
            "history": _history(claim),
            "reviewers": assignees(request.user),
            "also": also,
            "figure": event_selectors.figure_text(claim)
            if claim.kind == Claim.Kind.CASUALTY
            else "",
            "flags": flags,
            "started_from": started_from,
            **_unit(claim),
        },
        status=status,
    )


# --- issue 13: an attribution and the claims inside what was said -----------------
def _figure_words(claim: Claim) -> str:
    """ "5 killed (3 crew, 2 officers)" for a casualty figure; the statement otherwise."""
    if claim.kind != Claim.Kind.CASUALTY or claim.count_min is None:
        return claim.claim_text
    verb = consistency.VERBS.get(claim.category, "counted")
    total = (
        f"{claim.count_min}–{claim.count_max}"
        if claim.count_max is not None and claim.count_max != claim.count_min
        else str(claim.count_min)
    )
    parts = [
        f"{p['count']} {p.get('who', '')}".strip()
        for p in claim.parts or []
        if isinstance(p, dict) and isinstance(p.get("count"), int)
    ]
    return f"{total} {verb}" + (f" ({', '.join(parts)})" if len(parts) > 1 else "")


def unit_text(attribution: Claim, contained: list[Claim]) -> str:
    """One line for what someone said and the figures in it:
    "Defense Ministry: 5 killed (3 crew, 2 officers)"."""
    who = attribution.claimant.name if attribution.claimant else "Unnamed source"
    return f"{who}: " + "; ".join(_figure_words(c) for c in contained)


def _unit(claim: Claim) -> dict[str, Any]:
    """The attribution unit the claim belongs to, for the review page (two queries)."""
    if claim.kind == Claim.Kind.ATTRIBUTION:
        head = claim
    elif claim.attribution_id is not None:
        head = Claim.objects.select_related("claimant").get(pk=claim.attribution_id)
    else:
        return {"unit": None}
    contained = list(
        head.contained.exclude(status=Claim.Status.DISMISSED)
        .select_related("claimant")
        .order_by("start", "pk")
    )
    if not contained:
        return {"unit": None}
    return {
        "unit": {
            "head": head,
            "contained": contained,
            "text": unit_text(head, contained),
            "open": any(c.status != Claim.Status.CONFIRMED for c in [head, *contained]),
        }
    }


@require_POST
@reviewer_required
def claim_confirm_unit(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm an attribution with every figure inside what was said, at once."""
    claim = get_claim_for_user(request, pk)
    default = reverse("review:claim", args=[claim.pk])
    try:
        confirmed = services.claim_confirm_with_contained(claim=claim, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        count = len(confirmed)
        messages.success(
            request,
            f"Confirmed {count} claim{'s' if count != 1 else ''}: "
            f"{claim_quote(claim)} and what it holds."
            if count
            else "Everything in this attribution was already confirmed.",
        )
    return redirect(next_url(request, default))


def _claim_matches(claim: Claim) -> tuple[list[dict], list[ClaimFlag]]:
    """The claim's matches in other articles (with their published verdicts) and its flags.

    A casualty figure's matches come in the order they were published, each tagged
    with where it stands against this one ("Later update", "Earlier figure"): the
    reviewer sees how the toll moved, not a flat list. A match credited to someone
    else (the Defence Minister for the Defence Ministry) says so.
    """
    heavy = ["text", "source"]
    # Query: the matches with both claims, their articles, outlets and claimants.
    matches = list(
        ClaimMatch.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))
        .select_related(
            "claim_a__article__outlet",
            "claim_b__article__outlet",
            "claim_a__claimant",
            "claim_b__claimant",
        )
        .defer(*(f"claim_{side}__article__{name}" for side in "ab" for name in heavy))
        .order_by("status", "-score", "pk")
    )
    others = [m.other(claim) for m in matches]
    # Query: their published verdicts, offered as a starting point (none when no match).
    published = {
        v.claim_id: v
        for v in Verdict.objects.published().filter(claim_id__in=[o.pk for o in others])
    }
    # Query: the claim's flags (each names the claims it conflicts with).
    flags = list(claim.flags.order_by("kind", "pk"))
    # A verdict on a figure that contradicts this one is no starting point for it.
    conflicting = {pk for flag in flags for pk in flag.other_ids}
    timeline = event_selectors.match_timeline(claim, others)
    also = [
        {
            "match": m,
            "other": other,
            "verdict": None if other.pk in conflicting else published.get(other.pk),
            "figure": timeline.get(other.pk),
            "conflicts": other.pk in conflicting,
            "credited_elsewhere": (
                other.kind == Claim.Kind.ATTRIBUTION
                and other.claimant_id is not None
                and other.claimant_id != claim.claimant_id
            ),
        }
        for m, other in zip(matches, others, strict=True)
    ]
    if timeline:
        # Oldest first; broken matches last; undated reports after dated ones.
        also.sort(
            key=lambda row: (
                row["match"].status == ClaimMatch.Status.BROKEN,
                row["other"].article.published_on is None,
                row["other"].article.published_on or datetime.date.min,
                row["other"].pk,
            )
        )
    return also, flags


def _started_from(request: HttpRequest, also: list[dict]) -> dict | None:
    """The match whose published verdict the reviewer chose to start from (?start_from=)."""
    raw = request.GET.get("start_from", "")
    if not raw.isdigit():
        return None
    for row in also:
        if (
            row["other"].pk == int(raw)
            and row["verdict"] is not None
            and row["match"].status != ClaimMatch.Status.BROKEN
        ):
            return row
    return None


@require_GET
@reviewer_required
def claim_review(request: HttpRequest, pk: int) -> HttpResponse:
    return render_claim_page(request, get_claim_for_user(request, pk))


class _ClaimChanged(Exception):
    """The claim's details changed since the reviewer loaded the form."""

    def __init__(self, changes: list[tuple[str, str, str]]) -> None:
        super().__init__("changed")
        self.changes = changes


def _claim_changes(form: ClaimEditForm, claim: Claim) -> list[tuple[str, str, str]]:
    """(field label, value the reviewer loaded, value now) for every field someone
    else changed in the meantime, ignoring fields the reviewer set to the same value."""
    loaded = form.loaded_values()
    if loaded is None:
        return []
    now = ClaimEditForm.values(claim)
    mine = form.submitted_values()
    labels = {**dict(Claim.Kind.choices), **dict(Claim.Category.choices)}

    def show(name: str, value: str) -> str:
        if name in ("kind", "category"):
            value = labels.get(value, value)
        return value or "—"

    return [
        (str(form[name].label), show(name, loaded[name]), show(name, now[name]))
        for name in ClaimEditForm.TRACKED
        if name in loaded and loaded[name] != now[name] and mine.get(name) != now[name]
    ]


@require_POST
@reviewer_required
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request, pk)
    form = ClaimEditForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                # Lock the claim so nobody saves between the check and the write.
                Claim.objects.select_for_update().filter(pk=claim.pk).exists()
                claim.refresh_from_db()
                changes = _claim_changes(form, claim)
                if changes:
                    raise _ClaimChanged(changes)
                result = services.claim_edit(
                    claim=claim,
                    by=request.user,
                    claimant_name=form.cleaned_data["claimant"],
                    via_names=form.cleaned_data["via"],
                    create_claimants=form.cleaned_data["create_claimants"],
                    **form.changes(),
                )
        except _ClaimChanged as exc:
            # Keep what the reviewer typed; saving again replaces the other edit knowingly.
            rebound = request.POST.copy()
            rebound["loaded"] = ClaimEditForm.loaded_token(claim)
            last = claim.history.select_related("history_user").first()
            messages.error(
                request,
                "Someone else changed this claim's details while you were editing; "
                "nothing of yours was saved.",
            )
            return render_claim_page(
                request,
                claim,
                edit_form=ClaimEditForm(rebound),
                claim_conflict={
                    "by": last.history_user if last else None,
                    "when": last.history_date if last else None,
                    "changes": exc.changes,
                },
                status=409,
            )
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            if isinstance(result, PendingChange):
                messages.success(request, HELD_MESSAGE)
                return redirect(reverse("review:claim", args=[claim.pk]) + "#pending")
            messages.success(request, "Claim saved.")
            return redirect(reverse("review:claim", args=[claim.pk]) + "#claim-details")
    claim.refresh_from_db()
    return render_claim_page(request, claim, edit_form=form, status=400)


@require_POST
@reviewer_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request, pk)
    form = EvidenceForm(request.POST)
    if form.is_valid():
        on_file = Source.objects.filter(url=form.cleaned_data["url"].strip()).exists()
        try:
            evidence, attached = services.evidence_attach(
                claim=claim, by=request.user, **form.cleaned_data
            )
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            if isinstance(evidence, PendingChange):
                messages.success(request, HELD_MESSAGE)
                return redirect(reverse("review:claim", args=[claim.pk]) + "#pending")
            stance = evidence.get_stance_display().lower()
            if not attached:
                messages.success(
                    request,
                    f"Source updated: “{evidence.source}” was already attached to this claim; "
                    f"its stance is now “{stance}”.",
                )
            elif on_file:
                messages.success(
                    request,
                    f"Source added: “{evidence.source}”, already on file with this address "
                    "(its title and publisher were kept).",
                )
            else:
                messages.success(request, f"Source added: “{evidence.source}”.")
            return redirect(reverse("review:claim", args=[claim.pk]) + "#evidence")
    return render_claim_page(request, claim, evidence_form=form, status=400)


@require_POST
@reviewer_required
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("source"), pk=pk)
    claim = get_claim_for_user(request, evidence.claim_id)
    try:
        result = services.evidence_remove(evidence=evidence, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("review:claim", args=[claim.pk]) + "#evidence")
    if isinstance(result, PendingChange):
        messages.success(request, HELD_MESSAGE)
        return redirect(reverse("review:claim", args=[claim.pk]) + "#pending")
    messages.success(request, f"Source removed: “{evidence.source}”.")
    return redirect(reverse("review:claim", args=[claim.pk]) + "#evidence")


# ------------------------------------------------------------------------------
# Matches
# ------------------------------------------------------------------------------
def _match_action(
    request: HttpRequest, pk: int, action: Callable[..., ClaimMatch], done: str
) -> HttpResponse:
    match = get_match_for_user(request, pk)
    default = reverse("review:claim", args=[match.claim_a_id]) + "#also"
    try:
        action(match=match, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(next_url(request, default))


@require_POST
@reviewer_required
def match_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _match_action(
        request, pk, services.claim_match_confirm, "Match confirmed: the two claims are the same."
    )


@require_POST
@reviewer_required
def match_break(request: HttpRequest, pk: int) -> HttpResponse:
    return _match_action(
        request,
        pk,
        services.claim_match_break,
        "Match broken: the two claims will not be linked or compared again.",
    )


@require_GET
@reviewer_required
def claimant_autocomplete(request: HttpRequest) -> JsonResponse:
    q = " ".join(request.GET.get("q", "").split())[:100]
    results = []
    if q:
        claimants = Claimant.objects.filter(Q(name__icontains=q) | Q(aliases__icontains=q))
        results = [
            {"name": c.name, "role": c.role, "kind": c.get_kind_display()}
            for c in claimants.order_by("name")[:AUTOCOMPLETE_LIMIT]
        ]
    return JsonResponse({"results": results})
