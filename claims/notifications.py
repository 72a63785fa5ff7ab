"""Telling reviewers and editors what happened to their work.

Each ``notify_*`` function is called by the service that made the change, inside
its transaction: the in-app notifications are written with the change (and roll
back with it), and the e-mails go out only once the transaction has committed.
A mail server that fails is logged and never fails the action: the notification
is still under the bell.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from claims.text.quotes import short_quote

from .models import Claim, Notification, NotificationPreference, Verdict
from .permissions import EDITOR_GROUP

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "[Claimtrack] "


def _quote(claim: Claim) -> str:
    return f"“{short_quote(claim.exact, 80)}”"


def _name(user: AbstractBaseUser | None) -> str:
    return user.get_username() if user is not None else "Someone"


def _create(
    *,
    recipients: Iterable[AbstractBaseUser],
    by: AbstractBaseUser | None,
    kind: str,
    claim: Claim,
    verdict: Verdict | None,
    message: str,
) -> list[Notification]:
    """One notification per recipient (never the person who acted), e-mailed after commit."""
    seen: set[int] = set()
    rows = []
    for person in recipients:
        if person is None or person.pk in seen or (by is not None and person.pk == by.pk):
            continue
        seen.add(person.pk)
        rows.append(
            Notification(recipient=person, kind=kind, claim=claim, verdict=verdict, message=message)
        )
    if not rows:
        return []
    # SQLite and PostgreSQL both return the new ids from a bulk insert.
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created]
    transaction.on_commit(lambda: send_emails(ids))
    return created


def send_emails(notification_ids: list[int]) -> int:
    """E-mail these notifications to recipients who have an address and want mail.

    Returns how many were sent. Any error from the mail server is logged, not raised.
    """
    notifications = list(
        Notification.objects.filter(pk__in=notification_ids)
        .select_related("recipient", "claim")
        .order_by("pk")
    )
    opted_out = set(
        NotificationPreference.objects.filter(
            user_id__in=[n.recipient_id for n in notifications], email=False
        ).values_list("user_id", flat=True)
    )
    messages = []
    for notification in notifications:
        recipient = notification.recipient
        if not recipient.email or not recipient.is_active or recipient.pk in opted_out:
            continue
        messages.append(_email(notification))
    if not messages:
        return 0
    try:
        connection = get_connection(fail_silently=False)
        return connection.send_messages(messages) or 0
    except Exception:
        # The action is done and the bell shows the notification: a mail outage must
        # not turn into an error page for the reviewer or editor who acted.
        logger.exception("Could not e-mail %d notification(s)", len(messages))
        return 0


def _email(notification: Notification) -> EmailMessage:
    claim_url = settings.CLAIMTRACK_SITE_URL + reverse("review:claim", args=[notification.claim_id])
    settings_url = settings.CLAIMTRACK_SITE_URL + reverse("review:notification-settings")
    body = (
        f"{notification.message}\n\n"
        f"Open the claim: {claim_url}\n\n"
        f"--\nYou get this e-mail because you review claims for "
        f"{settings.CLAIMTRACK_PUBLISHER_NAME}. Turn these e-mails off: {settings_url}\n"
    )
    quote = short_quote(notification.claim.exact, 50)
    return EmailMessage(
        subject=f"{SUBJECT_PREFIX}{notification.get_kind_display()}: “{quote}”",
        body=body,
        to=[notification.recipient.email],
    )


def _editors() -> QuerySet:
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=EDITOR_GROUP) | Q(is_superuser=True))
        .distinct()
        .order_by("pk")
    )


# ------------------------------------------------------------------------------
# One function per event, called by claims.services
# ------------------------------------------------------------------------------
def notify_claim_assigned(
    *, claim: Claim, by: AbstractBaseUser, assignee: AbstractBaseUser | None
) -> list[Notification]:
    if assignee is None:
        return []
    return _create(
        recipients=[assignee],
        by=by,
        kind=Notification.Kind.ASSIGNED,
        claim=claim,
        verdict=None,
        message=f"{_name(by)} assigned you the claim {_quote(claim)}.",
    )


def notify_verdict_submitted(*, verdict: Verdict, by: AbstractBaseUser) -> list[Notification]:
    """Editors hear of a verdict waiting for approval (except whoever submitted it)."""
    return _create(
        recipients=_editors(),
        by=by,
        kind=Notification.Kind.AWAITING_APPROVAL,
        claim=verdict.claim,
        verdict=verdict,
        message=(
            f"{_name(by)} submitted a verdict ({verdict.label}) on {_quote(verdict.claim)}; "
            "it waits for an editor's approval."
        ),
    )


def notify_verdict_sent_back(*, verdict: Verdict, by: AbstractBaseUser) -> list[Notification]:
    return _create(
        recipients=[verdict.author],
        by=by,
        kind=Notification.Kind.SENT_BACK,
        claim=verdict.claim,
        verdict=verdict,
        message=(
            f"{_name(by)} sent your verdict on {_quote(verdict.claim)} back to draft. "
            f"Their note: {verdict.review_note}"
        ),
    )


def notify_verdict_published(*, verdict: Verdict, by: AbstractBaseUser) -> list[Notification]:
    return _create(
        recipients=[verdict.author],
        by=by,
        kind=Notification.Kind.PUBLISHED,
        claim=verdict.claim,
        verdict=verdict,
        message=(
            f"{_name(by)} approved and published your verdict ({verdict.label}) "
            f"on {_quote(verdict.claim)}."
        ),
    )


def notify_verdict_corrected(
    *, verdict: Verdict, by: AbstractBaseUser, note: str
) -> list[Notification]:
    return _create(
        recipients=[verdict.author],
        by=by,
        kind=Notification.Kind.CORRECTED,
        claim=verdict.claim,
        verdict=verdict,
        message=(
            f"{_name(by)} corrected your published verdict on {_quote(verdict.claim)} "
            f"(now {verdict.label}). Correction note: {note.strip()}"
        ),
    )


def notify_verdict_withdrawn(
    *, verdict: Verdict, by: AbstractBaseUser, note: str
) -> list[Notification]:
    return _create(
        recipients=[verdict.author],
        by=by,
        kind=Notification.Kind.WITHDRAWN,
        claim=verdict.claim,
        verdict=verdict,
        message=(
            f"{_name(by)} withdrew your published verdict on {_quote(verdict.claim)}. "
            f"Why: {note.strip()}"
        ),
    )


# ------------------------------------------------------------------------------
# Reading and marking (the bell and the notifications page)
# ------------------------------------------------------------------------------
def unread_count(user: AbstractBaseUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@transaction.atomic
def notifications_mark_read(
    *, user: AbstractBaseUser, notification_ids: list[int] | None = None
) -> int:
    """Mark the user's notifications read: these ids, or all of them. Returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notification_preference_set(*, user: AbstractBaseUser, email: bool) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email}
    )
    return preference


def email_enabled(user: AbstractBaseUser) -> bool:
    preference = NotificationPreference.objects.filter(user=user).only("email").first()
    return preference.email if preference is not None else True


def unread_notifications(request: HttpRequest | None) -> int:
    """The signed-in user's unread notifications for the pages' bell: one query, kept
    for the rest of the request (none when the view read the count already, see
    :func:`keep_unread_count`)."""
    if request is None or not request.user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(request.user)
    return request._unread_notifications


def keep_unread_count(request: HttpRequest, count: int) -> None:
    """Give the bell a count the view read along with its own data."""
    request._unread_notifications = count
