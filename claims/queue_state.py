"""The review queue's state: which tab each claim is in, and how many claims each tab holds.

A claim's tab depends on its verdicts (draft, submitted, published, stale) and
its flags, which live in other tables. Counting a million claims by joining
them every time the queue opens took seconds, so each claim keeps a copy of
that state in three columns (`verdict_status`, `verdict_stale`, `flagged`),
and the queue filters and counts by the claim table alone, through one
covering index. The copies are derived data, never edited: they are brought
up to date by :func:`claims_refresh_queue_state` after every verdict or flag
write (a signal for single verdicts, explicit calls after bulk writes).

The counts themselves are cached under a fingerprint of the claims, verdicts
and flags (a few index lookups), so they are read from the cache until
something in the queue changes.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Claim, ClaimFlag, Notification, Verdict
from .selectors import status_literal

COUNTS_TIMEOUT = 600


class Written(Value):
    """A status written into the statement, not bound as a parameter.

    PostgreSQL prepares the statements a connection runs often and keeps one plan
    for each. Planned for any status (``NOT status = $1``), the queue's page ids
    sorted every claim by its article, so PostgreSQL planned them afresh on every
    visit instead: at a million claims the planning cost three times the run.
    """

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list]:
        return status_literal(self.value), []


OPEN = ~Q(status=Written(Claim.Status.DISMISSED))
WORKING = (Verdict.Status.DRAFT, Verdict.Status.SUBMITTED)
# A stale verdict needs a re-review unless it was withdrawn.
LIVE = (*WORKING, Verdict.Status.PUBLISHED)

# The queue's tabs, as conditions on the claim table alone.
STATUS_FILTERS: dict[str, Q] = {
    "": OPEN,
    "candidate": Q(status=Written(Claim.Status.CANDIDATE)),
    "confirmed": Q(status=Written(Claim.Status.CONFIRMED)),
    "draft": OPEN & Q(verdict_status=Written(Verdict.Status.DRAFT)),
    "submitted": OPEN & Q(verdict_status=Written(Verdict.Status.SUBMITTED)),
    "published": OPEN & Q(verdict_status=Written(Verdict.Status.PUBLISHED)),
    "stale": OPEN & (Q(anchor_state=Written(Claim.AnchorState.CHANGED)) | Q(verdict_stale=True)),
    "orphaned": OPEN & Q(anchor_state=Written(Claim.AnchorState.ORPHANED)),
    "dismissed": Q(status=Written(Claim.Status.DISMISSED)),
}


# ------------------------------------------------------------------------------
# Keeping the copies in step
# ------------------------------------------------------------------------------
def _current_verdict_status() -> Coalesce:
    """The status of the claim's current verdict, as `selectors.current_verdict` picks it.

    The published verdict if there is one, else the newest draft or submitted one,
    else "withdrawn" when every verdict was withdrawn, else "".
    """
    verdicts = Verdict.objects.filter(claim=OuterRef("pk")).order_by("-created", "-id")
    return Coalesce(
        Subquery(verdicts.filter(status=Verdict.Status.PUBLISHED).values("status")[:1]),
        Subquery(verdicts.filter(status__in=WORKING).values("status")[:1]),
        Subquery(verdicts.filter(status=Verdict.Status.WITHDRAWN).values("status")[:1]),
        Value(""),
    )


def claims_out_of_step(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """The claims whose queue columns differ from what their verdicts and flags say."""
    status = _current_verdict_status()
    stale = Exists(Verdict.objects.filter(claim=OuterRef("pk"), stale=True, status__in=LIVE))
    flagged = Exists(ClaimFlag.objects.filter(claim=OuterRef("pk")))
    return claims.exclude(Q(verdict_status=status) & Q(verdict_stale=stale) & Q(flagged=flagged))


def claims_refresh_queue_state(*, claim_ids: Iterable[int] | QuerySet | None = None) -> int:
    """Recompute the queue columns of these claims (all claims when None).

    ``claim_ids`` may be ids or a queryset of ids (used as a subquery). One
    UPDATE, written only where something changed, so it is cheap to call after
    every write. Returns how many claims changed.
    """
    claims = Claim.objects.all()
    if isinstance(claim_ids, QuerySet):
        claims = claims.filter(pk__in=claim_ids)
    elif claim_ids is not None:
        ids = sorted(set(claim_ids))
        if not ids:
            return 0
        claims = claims.filter(pk__in=ids)
    return claims_out_of_step(claims).update(
        verdict_status=_current_verdict_status(),
        verdict_stale=Exists(
            Verdict.objects.filter(claim=OuterRef("pk"), stale=True, status__in=LIVE)
        ),
        flagged=Exists(ClaimFlag.objects.filter(claim=OuterRef("pk"))),
    )


# ------------------------------------------------------------------------------
# Counting
# ------------------------------------------------------------------------------
# Every query here is an index lookup: history rows are written for every save
# and delete of a claim or verdict (history_date is indexed), the newest ids catch
# bulk inserts, and flags are few enough to count. The reader's unread
# notifications ride along: the page's bell needs them, and a query of its own
# would cost another round trip on every queue page.
_QUEUE_FINGERPRINT_SQL = """
SELECT
  (SELECT MAX(history_date) FROM {claim_history}),
  (SELECT MAX(id) FROM {claim}),
  (SELECT MAX(history_date) FROM {verdict_history}),
  (SELECT MAX(id) FROM {verdict}),
  (SELECT MAX(id) FROM {flag}),
  (SELECT COUNT(*) FROM {flag}),
  (SELECT COUNT(*) FROM {notification} WHERE recipient_id = %s AND read_at IS NULL)
"""


@functools.cache
def _queue_fingerprint_sql() -> str:
    # Once per process: reading `Model.history` builds a manager each time.
    return _QUEUE_FINGERPRINT_SQL.format(
        claim_history=Claim.history.model._meta.db_table,
        claim=Claim._meta.db_table,
        verdict_history=Verdict.history.model._meta.db_table,
        verdict=Verdict._meta.db_table,
        flag=ClaimFlag._meta.db_table,
        notification=Notification._meta.db_table,
    )


class QueueCounts(NamedTuple):
    tabs: dict[str, int]
    unread_notifications: int  # the reader's, for the bell


def queue_fingerprint(*, reader_id: int | None = None) -> tuple[str, int]:
    """A digest of the queue's state, and the reader's unread notifications."""
    with connection.cursor() as cursor:
        cursor.execute(_queue_fingerprint_sql(), [reader_id])
        *state, unread = cursor.fetchone()
    return hashlib.sha256(repr(tuple(state)).encode()).hexdigest()[:32], unread


def _count_tabs(claims: QuerySet[Claim]) -> dict[str, int]:
    """Every tab's count from one GROUP BY over the claim table's queue columns."""
    counts = dict.fromkeys([*STATUS_FILTERS, "flagged"], 0)
    rows = (
        claims.order_by()
        .values("status", "anchor_state", "verdict_status", "verdict_stale", "flagged")
        .annotate(n=Count("*"))  # COUNT(*): readable from the index alone
    )
    for row in rows:
        n = row["n"]
        if row["status"] == Claim.Status.DISMISSED:
            counts["dismissed"] += n
            continue
        counts[""] += n
        counts[row["status"]] += n  # candidate or confirmed
        if row["verdict_status"] in (*LIVE,):
            counts[row["verdict_status"]] += n
        if row["anchor_state"] == Claim.AnchorState.CHANGED or row["verdict_stale"]:
            counts["stale"] += n
        if row["anchor_state"] == Claim.AnchorState.ORPHANED:
            counts["orphaned"] += n
        if row["flagged"]:
            counts["flagged"] += n
    return counts


def queue_counts(claims: QuerySet[Claim], *, key: Any, reader_id: int) -> QueueCounts:
    """Every tab's count for the claims matching the queue's other filters.

    ``key`` names those filters (and the user, for "assigned to me"); the counts
    are cached under it and the queue's fingerprint, so they are computed again
    only after a claim, verdict or flag changed. ``reader_id`` is the user whose
    unread notifications come back with them.
    """
    fingerprint, unread = queue_fingerprint(reader_id=reader_id)
    cache_key = "queue-counts:" + hashlib.sha256(f"{fingerprint}|{key!r}".encode()).hexdigest()
    counts = cache.get(cache_key)
    if counts is None:
        counts = _count_tabs(claims)
        cache.set(cache_key, counts, COUNTS_TIMEOUT)
    return QueueCounts(counts, unread)


# ------------------------------------------------------------------------------
# Signals: every single-row write of a verdict (services, admin, API, tests)
# refreshes its claim. So does every save of a claim: a Claim loaded before its
# verdict changed would otherwise write its outdated copy back. Flags are
# written in bulk by claims.events, which refreshes the claims itself; a flag
# saved on its own (the admin, tests) refreshes its claim too.
# ------------------------------------------------------------------------------
def _written_for_claim(sender: type, instance: Verdict | ClaimFlag, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures: the claim may not be there yet
        return
    claims_refresh_queue_state(claim_ids=[instance.claim_id])


def _claim_saved(sender: type, instance: Claim, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not {"verdict_status", "verdict_stale", "flagged"} & set(
        update_fields
    ):
        return  # a partial save leaves the copies alone
    claims_refresh_queue_state(claim_ids=[instance.pk])


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_written_for_claim, sender=Verdict, dispatch_uid="queue-verdict-saved")
    post_delete.connect(_written_for_claim, sender=Verdict, dispatch_uid="queue-verdict-deleted")
    post_save.connect(_claim_saved, sender=Claim, dispatch_uid="queue-claim-saved")
    post_save.connect(_written_for_claim, sender=ClaimFlag, dispatch_uid="queue-flag-saved")
