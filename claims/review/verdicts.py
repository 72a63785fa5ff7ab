"""Verdicts: saving and submitting drafts, the editors' approvals (publish, send
back), corrections and withdrawals after publication, and the Markdown preview."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import (
    Prefetch,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import services
from claims.changes import describe, pending_changes
from claims.models import (
    Claim,
    Correction,
    Evidence,
    PendingChange,
    Verdict,
)
from claims.text.markdown import render_markdown

from .claims import render_claim_page
from .common import (
    claim_quote,
    get_claim_for_user,
    get_verdict_for_user,
    next_url,
    require_editor,
    reviewer_required,
)
from .forms import (
    ChangeApproveForm,
    ChangeRejectForm,
    CorrectionForm,
    CorrectionNoteForm,
    PreviewForm,
    PublishForm,
    SendBackForm,
    VerdictForm,
    WithdrawForm,
)


def _verdict_of_claim(claim: Claim, pk: int | None) -> Verdict | None:
    if not pk:
        return None
    return get_object_or_404(Verdict, pk=pk, claim=claim)


@require_POST
@reviewer_required
def verdict_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview, save as draft, or submit the claim's working verdict."""
    claim = get_claim_for_user(request, pk)
    form = VerdictForm(request.POST)
    action = request.POST.get("action", "save")
    if action not in VerdictForm.ACTIONS:
        action = "save"
    if not form.is_valid():
        return render_claim_page(request, claim, verdict_form=form, status=400)
    data = form.cleaned_data
    if action == "preview":
        return render_claim_page(
            request, claim, verdict_form=form, preview=render_markdown(data["rationale"])
        )
    verdict = _verdict_of_claim(claim, data["verdict"])
    write = services.verdict_save_and_submit if action == "submit" else services.verdict_save_draft
    try:
        saved = write(
            claim=claim,
            by=request.user,
            rating=data["rating"],
            rationale=data["rationale"],
            verdict=verdict,
            version=data["version"],
        )
    except services.Conflict as exc:
        current = exc.current
        # Keep what the user typed, but start from the current version: saving
        # again is now a deliberate choice to replace the other reviewer's work.
        rebound = request.POST.copy()
        rebound["verdict"] = str(current.pk)
        rebound["version"] = str(current.version)
        messages.error(request, str(exc))
        return render_claim_page(
            request,
            claim,
            verdict_form=VerdictForm(rebound),
            conflict=current,
            conflict_from=data["version"] if verdict is not None else None,
            status=409,
        )
    except services.ServiceError as exc:
        form.add_error(None, str(exc))
        return render_claim_page(request, claim, verdict_form=form, status=400)
    if action == "submit":
        messages.success(request, "Submitted for approval. An editor will review it.")
    else:
        messages.success(request, f"Draft saved (version {saved.version}).")
    return redirect(reverse("review:claim", args=[claim.pk]) + "#verdict")


@require_POST
@reviewer_required
def verdict_publish(request: HttpRequest, pk: int) -> HttpResponse:
    verdict = get_verdict_for_user(request, pk, editor=True)
    default = reverse("review:claim", args=[verdict.claim_id]) + "#verdict"
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The form was incomplete; reload the page and try again.")
        return redirect(next_url(request, default))
    try:
        result = services.verdict_publish(
            verdict=verdict,
            by=request.user,
            version=form.cleaned_data["version"],
            publish_anyway_reason=form.cleaned_data["publish_anyway_reason"],
        )
    except services.PublishAnywayRequired as exc:
        # Nothing was published: the page now asks for the reason ("Publish anyway").
        messages.warning(request, str(exc))
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Published: {result.verdict.label} — {claim_quote(verdict.claim)}."
        )
        for warning in result.warnings:
            messages.warning(request, warning)
    return redirect(next_url(request, default))


@require_POST
@reviewer_required
def verdict_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    verdict = get_verdict_for_user(request, pk, editor=True)
    default = reverse("review:claim", args=[verdict.claim_id]) + "#verdict"
    form = SendBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what needs to change before sending a verdict back.")
        return redirect(next_url(request, default))
    try:
        services.verdict_send_back(
            verdict=verdict,
            by=request.user,
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
        )
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Sent back to {verdict.author}: {claim_quote(verdict.claim)}.")
    return redirect(next_url(request, default))


@require_POST
@reviewer_required
def verdict_correct(request: HttpRequest, pk: int) -> HttpResponse:
    verdict = get_verdict_for_user(request, pk, editor=True)
    claim = get_claim_for_user(request, verdict.claim_id)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.verdict_correct(
                verdict=verdict,
                by=request.user,
                rating=data["rating"],
                rationale=data["rationale"],
                note=data["note"],
                version=data["version"],
            )
        except services.Conflict as exc:
            rebound = request.POST.copy()
            rebound["version"] = str(exc.current.version)
            messages.error(request, str(exc))
            return render_claim_page(
                request,
                claim,
                correction_form=CorrectionForm(rebound),
                conflict=exc.current,
                conflict_from=data["version"],
                status=409,
            )
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            if isinstance(result, PendingChange):
                messages.success(
                    request,
                    "Correction proposed. Another editor must approve it; until then the "
                    "public page shows the published verdict.",
                )
            else:
                messages.success(request, "Re-check published and added to the correction log.")
            return redirect(reverse("review:claim", args=[claim.pk]) + "#verdict")
    return render_claim_page(request, claim, correction_form=form, status=400)


@require_POST
@reviewer_required
def verdict_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    verdict = get_verdict_for_user(request, pk, editor=True)
    default = reverse("review:claim", args=[verdict.claim_id]) + "#verdict"
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the verdict is withdrawn.")
        return redirect(default)
    try:
        services.verdict_withdraw(
            verdict=verdict,
            by=request.user,
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
        )
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Verdict withdrawn; the note is in the public correction log.")
    return redirect(default)


# ------------------------------------------------------------------------------
# Editors
# ------------------------------------------------------------------------------
@require_GET
@reviewer_required
def approvals(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    verdicts = list(
        Verdict.objects.filter(status=Verdict.Status.SUBMITTED)
        .select_related("claim", "claim__article", "claim__article__outlet", "author")
        .prefetch_related(
            Prefetch("claim__evidence", queryset=Evidence.objects.select_related("source"))
        )
        .order_by("submitted_at", "pk")
    )
    # Four eyes: who wrote or co-wrote each verdict, in one query.
    writers = services.verdicts_writers(verdicts)
    rows = []
    for verdict in verdicts:
        evidence = list(verdict.claim.evidence.all())
        independent = services.independent_sources(verdict.claim, evidence)
        rows.append(
            {
                "verdict": verdict,
                "claim": verdict.claim,
                "rationale": render_markdown(verdict.rationale),
                "evidence": evidence,
                "independent": independent,
                # The two-source rule: the card asks for a reason before publishing.
                "needs_reason": verdict.claim.kind == Claim.Kind.CASUALTY and independent < 2,
                "own": request.user.pk in writers[verdict.pk],
                "authored": verdict.author_id == request.user.pk,
            }
        )
    # Changes to published fact-checks, each with its diff (names in a few queries).
    changes = describe(pending_changes())
    return render(
        request,
        "review/approvals.html",
        {"nav": "approvals", "rows": rows, "changes": changes, "waiting": len(rows) + len(changes)},
    )


# ------------------------------------------------------------------------------
# Changes to published fact-checks (four eyes after publication)
# ------------------------------------------------------------------------------
def _change_back(change: PendingChange) -> str:
    if change.claim_id:
        return reverse("review:claim", args=[change.claim_id]) + "#pending"
    return reverse("review:approvals")


@require_POST
@reviewer_required
def change_approve(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    change = get_object_or_404(PendingChange, pk=pk)
    default = reverse("review:approvals") + "#changes"
    form = ChangeApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write the public correction note before approving.")
        return redirect(next_url(request, default))
    try:
        services.change_approve(change=change, by=request.user, note=form.cleaned_data["note"])
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Approved and published: {change.get_kind_display().lower()}. "
            "The note is in the public correction log.",
        )
    return redirect(next_url(request, default))


@require_POST
@reviewer_required
def change_reject(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(PendingChange, pk=pk)
    default = _change_back(change)
    form = ChangeRejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The note is too long.")
        return redirect(next_url(request, default))
    try:
        services.change_reject(change=change, by=request.user, note=form.cleaned_data["note"])
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        done = "Taken back" if change.proposed_by_id == request.user.pk else "Rejected"
        messages.success(request, f"{done}: {change.get_kind_display().lower()}.")
    return redirect(next_url(request, default))


@require_POST
@reviewer_required
def correction_note_fix(request: HttpRequest, pk: int) -> HttpResponse:
    """Fix a typo in a public correction note (one editor)."""
    require_editor(request)
    correction = get_object_or_404(Correction.objects.select_related("verdict"), pk=pk)
    default = reverse("review:claim", args=[correction.verdict.claim_id]) + "#verdict"
    form = CorrectionNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A correction note cannot be empty.")
        return redirect(default)
    try:
        services.correction_note_fix(
            correction=correction, by=request.user, note=form.cleaned_data["note"]
        )
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Correction note fixed.")
    return redirect(default)


# ------------------------------------------------------------------------------
# Small endpoints for review.js
# ------------------------------------------------------------------------------
@require_POST
@reviewer_required
def preview(request: HttpRequest) -> HttpResponse:
    """The sanitized HTML of a rationale, for the live preview."""
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return HttpResponse("The text is too long to preview.", status=400)
    return HttpResponse(render_markdown(form.cleaned_data["rationale"]))
