"""The reviewers' pages: queue, articles, claim review, approvals.

Every view is thin: it checks that the user may see the object (one helper
per object), parses a form, calls a service from :mod:`claims.services`,
then redirects (after a write) or renders. Refused writes come back as form
errors or messages, never as an error page. Everything works without
JavaScript; static/js/review.js only adds selection, shortcuts and previews.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article, Event
from articles.services import ArticleImportError, article_import

from . import events, services
from .claimreview import short_quote
from .forms import (
    ArticleImportForm,
    ArticleMoveForm,
    AssignForm,
    ClaimEditForm,
    CorrectionForm,
    EventForm,
    EvidenceForm,
    ManualClaimForm,
    PreviewForm,
    PublishForm,
    QueueFilterForm,
    SendBackForm,
    VerdictForm,
    WithdrawForm,
    article_too_large,
)
from .text.highlighting import paragraphs
from .models import (
    Claim,
    Claimant,
    ClaimFlag,
    ClaimMatch,
    ClaimRelay,
    Evidence,
    Source,
    Verdict,
)
from .queue import STATUS_FILTERS, WORKING, queue_counts
from .text.markdown import render_markdown
from .search import search_claims
from .selectors import current_verdict

QUEUE_PAGE_SIZE = 30
ARTICLES_PAGE_SIZE = 30
EVENTS_PAGE_SIZE = 30
MOVE_TARGETS = 30
HISTORY_LIMIT = 30
AUTOCOMPLETE_LIMIT = 10


# ------------------------------------------------------------------------------
# Access
# ------------------------------------------------------------------------------
def _forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "review/forbidden.html", {"reason": reason}, status=403)


def reviewer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the login page; logged-in non-reviewers get a 403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.method in ("GET", "HEAD"):
                return redirect_to_login(request.get_full_path())
            # A form posted after the session ended: come back to the page it was
            # on, not to the action's URL (which only takes POST).
            messages.warning(
                request, "Your session had ended, so that was not saved. Log in and try again."
            )
            return redirect_to_login(_referring_page(request))
        if not services.user_is_reviewer(request.user):
            return _forbidden(request, "The review pages are for reviewers and editors.")
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return _forbidden(request, str(exc) or "You may not do this.")

    return wrapper


def _referring_page(request: HttpRequest) -> str:
    """The review page a form was posted from (its path only), else the queue."""
    referer = request.headers.get("referer", "")
    queue_url = reverse("review:queue")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        if parts.path.startswith(queue_url):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return queue_url


def _require_reviewer(request: HttpRequest) -> None:
    if not services.user_is_reviewer(request.user):
        raise PermissionDenied("The review pages are for reviewers and editors.")


def _require_editor(request: HttpRequest) -> None:
    if not services.user_is_editor(request.user):
        raise PermissionDenied("Only editors approve, publish and correct verdicts.")


def _get_article_for_user(request: HttpRequest, pk: int) -> Article:
    _require_reviewer(request)
    return get_object_or_404(Article.objects.select_related("outlet", "event"), pk=pk)


def _get_claim_for_user(request: HttpRequest, pk: int) -> Claim:
    _require_reviewer(request)
    return get_object_or_404(
        Claim.objects.select_related(
            "article", "article__outlet", "article__event", "claimant", "assigned_to", "created_by"
        ),
        pk=pk,
    )


def _get_event_for_user(request: HttpRequest, pk: int) -> Event:
    _require_reviewer(request)
    return get_object_or_404(Event, pk=pk)


def _get_match_for_user(request: HttpRequest, pk: int) -> ClaimMatch:
    _require_reviewer(request)
    return get_object_or_404(ClaimMatch, pk=pk)


def _get_verdict_for_user(request: HttpRequest, pk: int, *, editor: bool = False) -> Verdict:
    _require_reviewer(request)
    if editor:
        _require_editor(request)
    return get_object_or_404(Verdict.objects.select_related("claim", "author"), pk=pk)


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go after a POST: the form's ``next`` if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _quoted(claim: Claim) -> str:
    """The claim's quote for a message, between one pair of quotation marks: a quote
    that has its own ("“We were on board,” he said") does not get a second pair."""
    return f"“{short_quote(claim.exact, 80)}”"


def _reviewers() -> QuerySet:
    """People a claim can be assigned to."""
    User = get_user_model()
    reviewer_groups = [services.REVIEWER_GROUP, services.EDITOR_GROUP]
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=reviewer_groups) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


def _assignees(user: Any) -> list:
    """Reviewers for the assign menus, the current user first: taking a claim is one pick."""
    return sorted(_reviewers(), key=lambda person: person.pk != user.pk)


# ------------------------------------------------------------------------------
# Highlighted article text
# ------------------------------------------------------------------------------
@dataclass
class TextSegment:
    text: str
    start: int
    claim: Claim | None = None  # the innermost claim covering the segment
    claim_ids: str = ""  # every claim covering it, space-separated, for review.js
    anchors: list[int] = field(default_factory=list)  # claims that begin here
    focus: bool = False
    overlap: bool = False


def _highlighted(text: str, claims: list[Claim], focus: Claim | None = None) -> list[list]:
    """Paragraphs of segments for templates/review/_article_text.html."""
    spans = [
        c
        for c in claims
        if c.status != Claim.Status.DISMISSED and c.anchor_state != Claim.AnchorState.ORPHANED
    ]
    result = []
    for paragraph in paragraphs(text, spans):
        result.append(
            [
                TextSegment(
                    text=segment.text,
                    start=segment.start,
                    claim=segment.top,
                    claim_ids=" ".join(str(s.pk) for s in segment.spans),
                    anchors=[s.pk for s in segment.starts],
                    focus=focus is not None and any(s.pk == focus.pk for s in segment.spans),
                    overlap=len(segment.spans) > 1,
                )
                for segment in paragraph.segments
            ]
        )
    return result


def _is_stale(claim: Claim, verdicts: list[Verdict]) -> bool:
    return claim.anchor_state == Claim.AnchorState.CHANGED or any(
        v.stale for v in verdicts if v.status != Verdict.Status.WITHDRAWN
    )


# ------------------------------------------------------------------------------
# Queue
# ------------------------------------------------------------------------------
def _flag_count() -> Coalesce:
    """How many flags a claim has, as a subquery of the page's one query."""
    per_claim = (
        ClaimFlag.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_claim), 0)


def _queue_claims(user: Any, filters: dict) -> QuerySet[Claim]:
    """Claims matching every filter except the status one (the counts need that)."""
    claims = Claim.objects.all()
    if filters.get("kind"):
        claims = claims.filter(kind=filters["kind"])
    if filters.get("article"):
        claims = claims.filter(article_id=filters["article"])
    if filters.get("claimant"):
        claims = claims.filter(claimant__slug=filters["claimant"])
    if filters.get("mine"):
        claims = claims.filter(assigned_to=user)
    if filters.get("flagged"):
        claims = claims.filter(flagged=True)
    if filters.get("q"):
        claims = search_claims(claims, filters["q"])
    return claims


@require_GET
@reviewer_required
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    filters = form.filters()
    status = filters.get("status") or ""
    base = _queue_claims(request.user, filters)
    counts = queue_counts(
        base, key=(sorted(filters.items()), request.user.pk if filters.get("mine") else None)
    )
    # Page through ids alone: sorting every matching claim with its article,
    # claimant and flag count made deep pages slow on large queues.
    ordered = base.filter(STATUS_FILTERS[status]).order_by(
        F("article__published_on").desc(nulls_last=True),
        "-article__created",
        "article_id",
        "start",
        "id",
    )
    paginator = Paginator(ordered.values_list("pk", flat=True), QUEUE_PAGE_SIZE)
    paginator.count = counts[status]  # the tab's count: no second COUNT over the queue
    page = paginator.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    claims = (
        Claim.objects.filter(pk__in=ids)
        .select_related("article", "article__outlet", "claimant", "assigned_to")
        # The page shows titles, not whole articles.
        .defer("article__text", "article__source", "sentence", "prefix", "suffix")
        .prefetch_related(Prefetch("verdicts", queryset=Verdict.objects.order_by("-created")))
        .annotate(flag_count=_flag_count())
        .in_bulk()
        if ids
        else {}
    )
    rows = [(claims[pk], current_verdict(claims[pk])) for pk in ids]
    tabs = [(key, label, counts[key]) for key, label in QueueFilterForm.STATUS_CHOICES]
    article = (
        Article.objects.filter(pk=filters["article"]).only("pk", "title").first()
        if filters.get("article")
        else None
    )
    claimant = (
        Claimant.objects.filter(slug=filters["claimant"]).only("pk", "name", "slug").first()
        if filters.get("claimant")
        else None
    )
    return render(
        request,
        "review/queue.html",
        {
            "nav": "queue",
            "form": form,
            "filters": filters,
            "status": status,
            "tabs": tabs,
            "flagged_count": counts["flagged"],
            "page": page,
            "rows": rows,
            "reviewers": _assignees(request.user),
            "filter_article": article,
            "filter_claimant": claimant,
            "kinds": Claim.Kind.choices,
        },
    )


# ------------------------------------------------------------------------------
# Articles
# ------------------------------------------------------------------------------
@require_GET
@reviewer_required
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.select_related("outlet").order_by(
        F("published_on").desc(nulls_last=True), "-created", "-id"
    )
    page = Paginator(articles, ARTICLES_PAGE_SIZE).get_page(request.GET.get("page"))
    # Claim counts for this page only: counting for every article before
    # paginating gets slow with thousands of articles.
    counts = {
        row["article_id"]: row
        for row in Claim.objects.filter(article_id__in=[a.pk for a in page.object_list])
        .values("article_id")
        .annotate(
            candidates=Count("pk", filter=Q(status=Claim.Status.CANDIDATE)),
            confirmed=Count("pk", filter=Q(status=Claim.Status.CONFIRMED)),
        )
        .order_by()
    }
    for article in page.object_list:
        row = counts.get(article.pk, {})
        article.candidates = row.get("candidates", 0)
        article.confirmed = row.get("confirmed", 0)
    return render(request, "review/articles.html", {"nav": "articles", "page": page})


@csrf_exempt  # checked by _article_import once the body is known to be readable
@reviewer_required
def article_new(request: HttpRequest) -> HttpResponse:
    """Paste or upload an article.

    A paste larger than Django reads into memory (DATA_UPLOAD_MAX_MEMORY_SIZE) cannot
    be parsed, not even for its CSRF token: the page says the article is too large
    (nothing is written) instead of Django's bare "Bad Request".
    """
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 - reads and parses the body
        except RequestDataTooBig:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
            return render(
                request,
                "review/article_new.html",
                {"nav": "new", "form": ArticleImportForm(), "too_large": article_too_large(size)},
                status=413,
            )
    return _article_import(request)


@csrf_protect
def _article_import(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ArticleImportForm(request.POST, request.FILES) if posted else ArticleImportForm()
    if posted and form.is_valid():
        raw, filename = form.raw()
        try:
            result = article_import(
                raw=raw,
                filename=filename,
                source_format=form.cleaned_data["source_format"],
                outlet_name=form.cleaned_data["outlet"],
                url=form.cleaned_data["url"],
            )
        except ArticleImportError as exc:
            form.add_error(None, f"The article could not be imported: {exc}.")
        else:
            article = result.article
            if result.status == "unchanged":
                messages.info(request, "This article is already here, unchanged.")
            elif result.status == "updated":
                messages.success(
                    request, "The article's text was updated; its claims were re-anchored."
                )
            else:
                messages.success(request, f"Imported “{article.title}”.")
            return redirect("review:article", pk=article.pk)
    status = 400 if form.errors else 200
    return render(request, "review/article_new.html", {"nav": "new", "form": form}, status=status)


def _article_claims(article: Article) -> list[Claim]:
    return list(
        article.claims.select_related("claimant", "assigned_to")
        .prefetch_related(Prefetch("verdicts", queryset=Verdict.objects.order_by("-created")))
        .order_by("start", "end", "id")
    )


def _render_article_page(
    request: HttpRequest,
    article: Article,
    *,
    manual_form: ManualClaimForm | None = None,
    status: int = 200,
) -> HttpResponse:
    claims = _article_claims(article)
    items = [(claim, current_verdict(claim)) for claim in claims]
    return render(
        request,
        "review/article.html",
        {
            "article": article,
            "text": _highlighted(article.text, claims),
            "items": [item for item in items if item[0].status != Claim.Status.DISMISSED],
            "dismissed": [item for item in items if item[0].status == Claim.Status.DISMISSED],
            "counts": {
                key: sum(1 for c in claims if c.status == key) for key in Claim.Status.values
            },
            "manual_form": manual_form or ManualClaimForm(),
            "kinds": Claim.Kind.choices,
        },
        status=status,
    )


@require_GET
@reviewer_required
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_article_page(request, _get_article_for_user(request, pk))


@require_POST
@reviewer_required
def claim_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = _get_article_for_user(request, pk)
    form = ManualClaimForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_create_manual(
                article=article,
                by=request.user,
                kind=data["kind"],
                exact=data["exact"] or "",
                start=data["start"],
                end=data["end"],
            )
        except services.ServiceError as exc:
            form.add_error("exact", str(exc))
        else:
            messages.success(request, f"Added a {claim.get_kind_display().lower()} claim.")
            return redirect(reverse("review:article", args=[article.pk]) + f"#item-{claim.pk}")
    return _render_article_page(request, article, manual_form=form, status=400)


# ------------------------------------------------------------------------------
# Claim actions
# ------------------------------------------------------------------------------
def _claim_action(
    request: HttpRequest, pk: int, action: Callable[..., Claim], done: str
) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    default = reverse("review:article", args=[claim.article_id]) + f"#item-{claim.pk}"
    try:
        action(claim=claim, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{done}: {_quoted(claim)}.")
    return redirect(_next_url(request, default))


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
    claim = _get_claim_for_user(request, pk)
    default = reverse("review:claim", args=[claim.pk])
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a reviewer from the list.")
        return redirect(_next_url(request, default))
    assignee = None
    if form.cleaned_data["assignee"]:
        assignee = _reviewers().filter(pk=form.cleaned_data["assignee"]).first()
        if assignee is None:
            messages.error(request, "That person is not a reviewer.")
            return redirect(_next_url(request, default))
    try:
        services.claim_assign(claim=claim, by=request.user, assignee=assignee)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        who = "you" if assignee == request.user else (assignee or "nobody")
        messages.success(request, f"{_quoted(claim)} is now assigned to {who}.")
    return redirect(_next_url(request, default))


# ------------------------------------------------------------------------------
# Claim review page
# ------------------------------------------------------------------------------
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
        if change.field in ("rationale", "note", "review_note", "sentence", "exact"):
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


_TOKENS = re.compile(r"\s+|[^\s]+")


def _text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level differences as (op, text) pieces, op being "same", "del" or "ins"."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", "".join(b[j1:j2])))
    return pieces


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


def _render_claim_page(
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
    return render(
        request,
        "review/claim.html",
        {
            "claim": claim,
            "article": article,
            "text": (
                _highlighted(article.text, article_claims, focus=claim)
                if claim.anchor_state != Claim.AnchorState.ORPHANED
                else None
            ),
            "via": [relay.claimant for relay in claim.relays.all()],
            "evidence": evidence,
            "independent_sources": services.independent_sources(claim, evidence),
            "verdicts": verdicts,
            "published": published,
            "published_rationale": render_markdown(published.rationale) if published else "",
            "working": working,
            "stale": _is_stale(claim, verdicts),
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
            "reviewers": _assignees(request.user),
            "also": also,
            "figure": events.figure_text(claim) if claim.kind == Claim.Kind.CASUALTY else "",
            "flags": flags,
            "started_from": started_from,
        },
        status=status,
    )


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
    timeline = events.match_timeline(claim, others)
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
    return _render_claim_page(request, _get_claim_for_user(request, pk))


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
    claim = _get_claim_for_user(request, pk)
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
                services.claim_edit(
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
            return _render_claim_page(
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
            messages.success(request, "Claim saved.")
            return redirect(reverse("review:claim", args=[claim.pk]) + "#claim-details")
    claim.refresh_from_db()
    return _render_claim_page(request, claim, edit_form=form, status=400)


@require_POST
@reviewer_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
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
    return _render_claim_page(request, claim, evidence_form=form, status=400)


def _verdict_of_claim(claim: Claim, pk: int | None) -> Verdict | None:
    if not pk:
        return None
    return get_object_or_404(Verdict, pk=pk, claim=claim)


@require_POST
@reviewer_required
def verdict_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview, save as draft, or submit the claim's working verdict."""
    claim = _get_claim_for_user(request, pk)
    form = VerdictForm(request.POST)
    action = request.POST.get("action", "save")
    if action not in VerdictForm.ACTIONS:
        action = "save"
    if not form.is_valid():
        return _render_claim_page(request, claim, verdict_form=form, status=400)
    data = form.cleaned_data
    if action == "preview":
        return _render_claim_page(
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
        return _render_claim_page(
            request,
            claim,
            verdict_form=VerdictForm(rebound),
            conflict=current,
            conflict_from=data["version"] if verdict is not None else None,
            status=409,
        )
    except services.ServiceError as exc:
        form.add_error(None, str(exc))
        return _render_claim_page(request, claim, verdict_form=form, status=400)
    if action == "submit":
        messages.success(request, "Submitted for approval. An editor will review it.")
    else:
        messages.success(request, f"Draft saved (version {saved.version}).")
    return redirect(reverse("review:claim", args=[claim.pk]) + "#verdict")


@require_POST
@reviewer_required
def verdict_publish(request: HttpRequest, pk: int) -> HttpResponse:
    verdict = _get_verdict_for_user(request, pk, editor=True)
    default = reverse("review:claim", args=[verdict.claim_id]) + "#verdict"
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The form was incomplete; reload the page and try again.")
        return redirect(_next_url(request, default))
    try:
        result = services.verdict_publish(
            verdict=verdict, by=request.user, version=form.cleaned_data["version"]
        )
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Published: {result.verdict.label} — {_quoted(verdict.claim)}.")
        for warning in result.warnings:
            messages.warning(request, warning)
    return redirect(_next_url(request, default))


@require_POST
@reviewer_required
def verdict_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    verdict = _get_verdict_for_user(request, pk, editor=True)
    default = reverse("review:claim", args=[verdict.claim_id]) + "#verdict"
    form = SendBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what needs to change before sending a verdict back.")
        return redirect(_next_url(request, default))
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
        messages.success(request, f"Sent back to {verdict.author}: {_quoted(verdict.claim)}.")
    return redirect(_next_url(request, default))


@require_POST
@reviewer_required
def verdict_correct(request: HttpRequest, pk: int) -> HttpResponse:
    verdict = _get_verdict_for_user(request, pk, editor=True)
    claim = _get_claim_for_user(request, verdict.claim_id)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.verdict_correct(
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
            return _render_claim_page(
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
            messages.success(request, "Correction published and added to the correction log.")
            return redirect(reverse("review:claim", args=[claim.pk]) + "#verdict")
    return _render_claim_page(request, claim, correction_form=form, status=400)


@require_POST
@reviewer_required
def verdict_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    verdict = _get_verdict_for_user(request, pk, editor=True)
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
# Matches
# ------------------------------------------------------------------------------
def _match_action(
    request: HttpRequest, pk: int, action: Callable[..., ClaimMatch], done: str
) -> HttpResponse:
    match = _get_match_for_user(request, pk)
    default = reverse("review:claim", args=[match.claim_a_id]) + "#also"
    try:
        action(match=match, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(_next_url(request, default))


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


# ------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------
@require_GET
@reviewer_required
def event_list(request: HttpRequest) -> HttpResponse:
    flags = (
        ClaimFlag.objects.filter(claim__article__event=OuterRef("pk"))
        .order_by()
        .values("claim__article__event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    event_rows = Event.objects.annotate(
        article_count=Count("articles", distinct=True),
        flag_count=Coalesce(Subquery(flags), 0),
    ).order_by(F("date").desc(nulls_last=True), "-created", "-pk")
    page = Paginator(event_rows, EVENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "review/events.html", {"nav": "events", "page": page})


def _move_targets(event: Event) -> list[Event]:
    """Events an article of ``event`` may move to: the nearest in time first."""
    others = Event.objects.exclude(pk=event.pk).only("pk", "title", "date")
    if event.date is not None:
        window = datetime.timedelta(days=14)
        near = others.filter(date__range=(event.date - window, event.date + window))
        return list(near.order_by("-date", "-pk")[:MOVE_TARGETS])
    return list(others.order_by("-created", "-pk")[:MOVE_TARGETS])


def _render_event_page(
    request: HttpRequest, event: Event, *, form: EventForm | None = None, status: int = 200
) -> HttpResponse:
    view = events.event_view(event, public=False)
    by_article: dict[int, list[Claim]] = {}
    for claim in view.claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    flag_counts: dict[int, int] = {}
    for flag in view.flags:
        flag_counts[flag.claim_id] = flag_counts.get(flag.claim_id, 0) + 1
    rows = [
        {
            "article": article,
            "claims": [
                (claim, current_verdict(claim), flag_counts.get(claim.pk, 0))
                for claim in by_article.get(article.pk, [])
                if claim.kind == Claim.Kind.CASUALTY or flag_counts.get(claim.pk)
            ],
            "other_claims": sum(
                1
                for claim in by_article.get(article.pk, [])
                if claim.kind != Claim.Kind.CASUALTY and not flag_counts.get(claim.pk)
            ),
        }
        for article in view.articles
    ]
    return render(
        request,
        "review/event.html",
        {
            "nav": "events",
            "event": event,
            "rows": rows,
            "matches": view.matches,
            "flags": view.flags,
            "flagged": view.flagged(),
            "clusters": view.clusters(),
            "charts": events.event_charts(view),
            "form": form
            or EventForm(
                initial={
                    "title": event.title,
                    "date": event.date,
                    "place": event.place,
                    "summary": event.summary,
                }
            ),
            "targets": _move_targets(event),
            "public": view.has_published,
        },
        status=status,
    )


@require_GET
@reviewer_required
def event_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_event_page(request, _get_event_for_user(request, pk))


@require_POST
@reviewer_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event_for_user(request, pk)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            events.event_update(event=event, by=request.user, **form.cleaned_data)
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Event saved.")
            return redirect("review:event", pk=event.pk)
    return _render_event_page(request, event, form=form, status=400)


def _event_article(request: HttpRequest, pk: int, article_pk: int) -> tuple[Event, Article]:
    event = _get_event_for_user(request, pk)
    article = get_object_or_404(Article.objects.select_related("event"), pk=article_pk, event=event)
    return event, article


@require_POST
@reviewer_required
def event_article_confirm(request: HttpRequest, pk: int, article_pk: int) -> HttpResponse:
    event, article = _event_article(request, pk, article_pk)
    try:
        events.article_event_confirm(article=article, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{article.title}” is confirmed in this event.")
    return redirect(reverse("review:event", args=[event.pk]) + f"#article-{article.pk}")


@require_POST
@reviewer_required
def event_article_move(request: HttpRequest, pk: int, article_pk: int) -> HttpResponse:
    event, article = _event_article(request, pk, article_pk)
    form = ArticleMoveForm(request.POST)
    target = None
    if form.is_valid():
        target = Event.objects.filter(pk=form.cleaned_data["event"]).first()
    if target is None:
        messages.error(request, "Choose the event to move the article to.")
        return redirect(reverse("review:event", args=[event.pk]) + f"#article-{article.pk}")
    try:
        events.article_event_move(article=article, event=target, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("review:event", args=[event.pk]) + f"#article-{article.pk}")
    messages.success(request, f"“{article.title}” moved to “{target.title}”.")
    return redirect(reverse("review:event", args=[target.pk]) + f"#article-{article.pk}")


@require_POST
@reviewer_required
def event_article_split(request: HttpRequest, pk: int, article_pk: int) -> HttpResponse:
    event, article = _event_article(request, pk, article_pk)
    try:
        new = events.article_event_split(article=article, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("review:event", args=[event.pk]) + f"#article-{article.pk}")
    messages.success(request, f"“{article.title}” now has an event of its own.")
    return redirect("review:event", pk=new.pk)


# ------------------------------------------------------------------------------
# Editors
# ------------------------------------------------------------------------------
@require_GET
@reviewer_required
def approvals(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
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
        rows.append(
            {
                "verdict": verdict,
                "claim": verdict.claim,
                "rationale": render_markdown(verdict.rationale),
                "evidence": evidence,
                "independent": services.independent_sources(verdict.claim, evidence),
                "own": request.user.pk in writers[verdict.pk],
                "authored": verdict.author_id == request.user.pk,
            }
        )
    return render(request, "review/approvals.html", {"nav": "approvals", "rows": rows})


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
