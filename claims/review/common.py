"""What every review page shares: access checks (one helper per object), the
link back to where the reviewer was, and the article text cut into highlighted
segments."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Q,
    QuerySet,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from articles.models import Article, Event
from claims import services
from claims.models import (
    Claim,
    ClaimMatch,
    Verdict,
)
from claims.text.highlighting import paragraphs
from claims.text.quotes import short_quote

QUEUE_PAGE_SIZE = 30
ARTICLES_PAGE_SIZE = 30
EVENTS_PAGE_SIZE = 30
MOVE_TARGETS = 30
HISTORY_LIMIT = 30
AUTOCOMPLETE_LIMIT = 10
NOTIFICATIONS_PAGE_SIZE = 30


# ------------------------------------------------------------------------------
# Access
# ------------------------------------------------------------------------------
def forbidden(request: HttpRequest, reason: str) -> HttpResponse:
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
            return redirect_to_login(referring_page(request))
        if not services.user_is_reviewer(request.user):
            return forbidden(request, "The review pages are for reviewers and editors.")
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, str(exc) or "You may not do this.")

    return wrapper


def referring_page(request: HttpRequest) -> str:
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


def require_reviewer(request: HttpRequest) -> None:
    if not services.user_is_reviewer(request.user):
        raise PermissionDenied("The review pages are for reviewers and editors.")


def require_editor(request: HttpRequest) -> None:
    if not services.user_is_editor(request.user):
        raise PermissionDenied("Only editors approve, publish and correct verdicts.")


def get_article_for_user(request: HttpRequest, pk: int) -> Article:
    require_reviewer(request)
    return get_object_or_404(Article.objects.select_related("outlet", "event"), pk=pk)


def get_claim_for_user(request: HttpRequest, pk: int) -> Claim:
    require_reviewer(request)
    return get_object_or_404(
        Claim.objects.select_related(
            "article", "article__outlet", "article__event", "claimant", "assigned_to", "created_by"
        ),
        pk=pk,
    )


def get_event_for_user(request: HttpRequest, pk: int) -> Event:
    require_reviewer(request)
    return get_object_or_404(Event, pk=pk)


def get_match_for_user(request: HttpRequest, pk: int) -> ClaimMatch:
    require_reviewer(request)
    return get_object_or_404(ClaimMatch, pk=pk)


def get_verdict_for_user(request: HttpRequest, pk: int, *, editor: bool = False) -> Verdict:
    require_reviewer(request)
    if editor:
        require_editor(request)
    return get_object_or_404(Verdict.objects.select_related("claim", "author"), pk=pk)


def next_url(request: HttpRequest, default: str) -> str:
    """Where to go after a POST: the form's ``next`` if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def claim_quote(claim: Claim) -> str:
    """The claim's quote for a message, between one pair of quotation marks: a quote
    that has its own ("“We were on board,” he said") does not get a second pair."""
    return f"“{short_quote(claim.exact, 80)}”"


def reviewers() -> QuerySet:
    """People a claim can be assigned to."""
    User = get_user_model()
    reviewer_groups = [services.REVIEWER_GROUP, services.EDITOR_GROUP]
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=reviewer_groups) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


class Assignee(NamedTuple):
    pk: int
    username: str


@functools.cache
def _assignees_sql() -> tuple[str, tuple]:
    # Compiled once per process: the query never changes, and building it with
    # the ORM on every page cost more than running it.
    return reviewers().values_list("pk", get_user_model().USERNAME_FIELD).query.sql_with_params()


def assignees(user: Any) -> list[Assignee]:
    """Reviewers for the assign menus, the current user first: taking a claim is one pick.

    Rows, not users: a menu needs a name and an id for each person on every claim row.
    """
    sql, params = _assignees_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        people = [Assignee(*person) for person in cursor.fetchall()]
    return sorted(people, key=lambda person: person.pk != user.pk)


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


def highlighted(text: str, claims: list[Claim], focus: Claim | None = None) -> list[list]:
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


def is_stale(claim: Claim, verdicts: list[Verdict]) -> bool:
    return claim.anchor_state == Claim.AnchorState.CHANGED or any(
        v.stale for v in verdicts if v.status != Verdict.Status.WITHDRAWN
    )
