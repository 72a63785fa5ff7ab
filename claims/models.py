from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from articles.models import Article

# The largest id a 64-bit primary key holds: ids in URLs and filters above it are
# "not found" without asking the database (which would fail on them).
MAX_ID = 2**63 - 1


def quote_slug(exact: str) -> str:
    """The slug of a claim's public address, made from its quote."""
    return slugify(exact)[:60] or "claim"


class Claimant(models.Model):
    """A person or organization that a claim is attributed to."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        MEDIA = "media", "Media outlet"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.UNKNOWN)
    role = models.CharField(max_length=200, blank=True, help_text='e.g. "Kremlin spokesman"')
    affiliation = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names the claimant appears under."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("claims:claimant", kwargs={"slug": self.slug})


class ClaimQuerySet(models.QuerySet):
    def published(self) -> "ClaimQuerySet":
        """Claims with a published verdict: the only ones the public sees."""
        return self.filter(verdicts__status=Verdict.Status.PUBLISHED)


class Claim(models.Model):
    """A span of an article's text that states something checkable.

    Anchored both by position (start, end) and by quote (exact, prefix,
    suffix), as in the W3C Web Annotation model, so it survives edits to
    the article (see claims.text.anchoring).
    """

    class Kind(models.TextChoices):
        CASUALTY = "casualty", "Casualty figure"
        ATTRIBUTION = "attribution", "Attribution"
        UNVERIFIED = "unverified", "Unverified"
        STATEMENT = "statement", "Statement"

    class Status(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"

    class AnchorState(models.TextChoices):
        ANCHORED = "anchored", "Anchored"
        MOVED = "moved", "Moved"
        CHANGED = "changed", "Text changed"
        ORPHANED = "orphaned", "Orphaned"

    class Category(models.TextChoices):
        KILLED = "killed", "Killed"
        INJURED = "injured", "Injured"
        ABOARD = "aboard", "Aboard"
        MISSING = "missing", "Missing"
        OTHER = "other", "Other"

    class Origin(models.TextChoices):
        EXTRACTED = "extracted", "Extracted"
        MANUAL = "manual", "Manual"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    sentence = models.TextField(blank=True)
    # The claim as checked: one self-contained sentence a reader understands without
    # the article (ClaimReview's claimReviewed). The quote above stays the anchor.
    statement = models.TextField(blank=True)
    # For a figure or statement inside what someone was reported to say: that
    # attribution claim ("Defense Ministry said" holds "5 killed").
    attribution = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contained",
        limit_choices_to={"kind": "attribution"},
    )
    # ---- issue 16: bounded imports ------------------------------------------------
    # ``sentence`` is at most SENTENCE_WINDOW characters around the span (one
    # "sentence" can be a whole file); these are the bounds of the real sentence.
    sentence_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    sentence_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # ---- end issue 16 ---------------------------------------------------------------

    claimant = models.ForeignKey(
        Claimant, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims"
    )
    via = models.ManyToManyField(
        Claimant, through="ClaimRelay", related_name="relayed_claims", blank=True
    )

    count_min = models.PositiveIntegerField(null=True, blank=True)
    count_max = models.PositiveIntegerField(null=True, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    parts = models.JSONField(
        default=list, blank=True, help_text='e.g. [{"count": 3, "who": "crew"}]'
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CANDIDATE)
    anchor_state = models.CharField(
        max_length=20, choices=AnchorState.choices, default=AnchorState.ANCHORED
    )
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.MANUAL)
    extractor_version = models.CharField(max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_claims",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    # True once a reviewer confirmed, edited or dismissed it: extraction never touches it again.
    reviewed = models.BooleanField(default=False)

    # Copies of state kept in other tables, so the review queue can filter and count
    # a million claims from this table alone. Derived, never edited by hand:
    # claims.queue_state.claims_refresh_queue_state keeps them in step.
    verdict_status = models.CharField(
        max_length=20, blank=True, editable=False, help_text="Status of the current verdict."
    )
    verdict_stale = models.BooleanField(
        default=False, editable=False, help_text="A live verdict needs a re-review."
    )
    flagged = models.BooleanField(
        default=False, editable=False, help_text="A consistency check flagged it."
    )

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["verdict_status", "verdict_stale", "flagged"])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="claims_claim_span_nonempty"
            ),
            models.CheckConstraint(
                condition=Q(count_min__isnull=True)
                | Q(count_max__isnull=True)
                | Q(count_min__lte=F("count_max")),
                name="claims_claim_count_range_ordered",
            ),
        ]
        indexes = [
            # Review queue: "claims of this status, newest first".
            models.Index(fields=["status", "-created"], name="claims_claim_status_idx"),
            # Review queue: every tab's count in one GROUP BY that reads this index alone
            # (claims.queue_state._count_tabs), also with the kind filter.
            models.Index(
                fields=[
                    "status",
                    "anchor_state",
                    "verdict_status",
                    "verdict_stale",
                    "flagged",
                    "kind",
                ],
                name="claims_claim_queue_idx",
            ),
            # Claimant pages, the claimant search filter and the list of claimants with
            # something published: "the confirmed claims of this claimant", their ids
            # read from the index alone (claims.public.selectors.claim_ids_of, public_claimants).
            models.Index(fields=["claimant", "status", "id"], name="claims_claim_claimant_idx"),
        ]

    def __str__(self) -> str:
        return self.exact if len(self.exact) <= 80 else self.exact[:77] + "…"

    def get_absolute_url(self) -> str:
        return reverse("claims:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def claim_text(self) -> str:
        """What is claimed, as pages, feeds and ClaimReview show it: the statement, or
        the quote for a claim that has none yet."""
        return self.statement or self.exact

    @property
    def slug(self) -> str:
        return quote_slug(self.exact)

    @property
    def quantity(self) -> dict | None:
        if self.kind != self.Kind.CASUALTY:
            return None
        return {
            "min": self.count_min,
            "max": self.count_max,
            "category": self.category,
            "parts": self.parts,
        }

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.start is not None and self.end is not None:
            if self.start >= self.end:
                errors["end"] = "The end must come after the start."
            elif self.article_id and self.anchor_state != self.AnchorState.ORPHANED:
                text = self.article.text
                if self.end > len(text):
                    errors["end"] = f"The article text is only {len(text)} characters long."
                elif self.exact and text[self.start : self.end] != self.exact:
                    errors["exact"] = "The quote does not match the article text at this position."
        if (
            self.count_min is not None
            and self.count_max is not None
            and self.count_min > self.count_max
        ):
            errors["count_max"] = "The maximum cannot be below the minimum."
        if not isinstance(self.parts, list) or any(
            not isinstance(p, dict) or not isinstance(p.get("count"), int) for p in self.parts
        ):
            errors["parts"] = 'Parts must be a list like [{"count": 3, "who": "crew"}].'
        if errors:
            raise ValidationError(errors)


class ClaimRelay(models.Model):
    """One step of an attribution chain: "Peskov said, according to AP" is Peskov via AP."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relays")
    claimant = models.ForeignKey(Claimant, on_delete=models.PROTECT, related_name="relays")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["claim", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "position"], name="claims_claimrelay_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} via {self.claimant}"


class Source(models.Model):
    class Kind(models.TextChoices):
        OFFICIAL = "official", "Official statement"
        NEWS = "news", "News report"
        VIDEO = "video", "Video"
        SOCIAL = "social", "Social media"
        DOCUMENT = "document", "Document"
        EYEWITNESS = "eyewitness", "Eyewitness"
        OTHER = "other", "Other"

    url = models.URLField(max_length=1000, unique=True)
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    accessed_on = models.DateField(null=True, blank=True)
    archive_url = models.URLField(max_length=1000, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Evidence(models.Model):
    """A source attached to a claim, with its stance toward the claim."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        CONTRADICTS = "contradicts", "Contradicts"
        CONTEXT = "context", "Context"
        ORIGIN = "origin", "Origin of the claim"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    # Reviewer-only: never shown to the public.
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="added_evidence",
    )
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "created", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source"], name="claims_evidence_unique_source_per_claim"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_stance_display()})"


class VerdictQuerySet(models.QuerySet):
    def published(self) -> "VerdictQuerySet":
        return self.filter(status=Verdict.Status.PUBLISHED)


class Verdict(models.Model):
    class Rating(models.TextChoices):
        TRUE = "true", "True"
        MOSTLY_TRUE = "mostly-true", "Mostly true"
        MIXED = "mixed", "Mixed"
        MOSTLY_FALSE = "mostly-false", "Mostly false"
        FALSE = "false", "False"
        UNPROVEN = "unproven", "Unproven"
        MISATTRIBUTED = "misattributed", "Misattributed"
        CORRECTLY_ATTRIBUTED = "correctly-attributed", "Correctly attributed"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The numeric scale of PRODUCT.md; ratings without a number are absent.
    RATING_VALUES = {
        Rating.TRUE: 5,
        Rating.MOSTLY_TRUE: 4,
        Rating.MIXED: 3,
        Rating.MOSTLY_FALSE: 2,
        Rating.FALSE: 1,
    }
    BEST_RATING = 5
    WORST_RATING = 1

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    rating = models.CharField(max_length=30, choices=Rating.choices)
    rationale = models.TextField(blank=True, help_text="Markdown.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_verdicts",
    )
    # Reviewer-only: why an editor sent it back.
    review_note = models.TextField(blank=True)
    # Reviewer-only: why an editor published a casualty figure with fewer than two
    # independent sources (the two-source rule's "Publish anyway").
    publish_reason = models.TextField(blank=True)
    # Set when the claim's quoted text changed after the verdict was written.
    stale = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: every write must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created"]
        permissions = [("publish_verdict", "Can approve and publish verdicts")]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status="published"),
                name="claims_verdict_one_published_per_claim",
            ),
            models.CheckConstraint(
                condition=Q(
                    rating__in=[
                        "true",
                        "mostly-true",
                        "mixed",
                        "mostly-false",
                        "false",
                        "unproven",
                        "misattributed",
                        "correctly-attributed",
                    ]
                ),
                name="claims_verdict_rating_on_scale",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "published", "withdrawn"]),
                name="claims_verdict_status_valid",
            ),
        ]
        indexes = [
            # Public lists and feeds: latest published verdicts first.
            models.Index(fields=["status", "-published_at"], name="claims_verdict_pub_idx"),
            # Home page: published verdicts counted by rating, from the index alone
            # (claims.public.selectors.counted_verdicts); the search's rating filter, newest first.
            models.Index(
                fields=["status", "rating", "-published_at"], name="claims_verdict_rating_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} — {self.claim}"

    @property
    def rating_value(self) -> int | None:
        return self.RATING_VALUES.get(self.rating)

    @property
    def label(self) -> str:
        return self.get_rating_display()


class Correction(models.Model):
    """A public note recording a change made to a verdict after publication."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            # Corrections page: every correction, newest first, a page at a time.
            models.Index(fields=["-created", "-id"], name="claims_correction_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"Correction to {self.verdict} on {self.created:%Y-%m-%d}"


class ClaimMatch(models.Model):
    """Two claims in different articles of one event that state the same thing.

    Proposed by claims.events.services, confirmed or broken by a reviewer. A broken
    match is kept so the pair is never proposed again. Stored once per pair,
    the lower claim id first.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        BROKEN = "broken", "Not the same"

    # The unique (claim_a, claim_b) index also serves lookups by claim_a alone.
    claim_a = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="matches_as_a", db_index=False
    )
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches_as_b")
    score = models.FloatField(default=0, help_text="How alike the two claims are, 0 to 100.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim_a", "claim_b"]
        verbose_name_plural = "claim matches"
        constraints = [
            models.UniqueConstraint(
                fields=["claim_a", "claim_b"], name="claims_claimmatch_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(claim_a__lt=F("claim_b")), name="claims_claimmatch_ordered_pair"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "confirmed", "broken"]),
                name="claims_claimmatch_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_a_id} ~ {self.claim_b_id} ({self.get_status_display()})"

    def other(self, claim: Claim) -> Claim:
        """The claim of the pair that is not ``claim``."""
        return self.claim_b if claim.pk == self.claim_a_id else self.claim_a


class ClaimFlag(models.Model):
    """A figure or attribution that does not add up, found by claims.events.services.consistency.

    Derived state: every flag of an event is deleted and recomputed whenever
    its articles or claims change, so nobody edits flags by hand. One flag
    per claim and kind of problem: its message sums up every claim it
    disagrees with ("says 5 crew; 3 other articles say 3 crew and 2
    officers"), ``others`` names them all and ``other`` the most telling one.
    """

    class Kind(models.TextChoices):
        PARTS_TOTAL = "parts_total", "Parts vs total"
        CROSS_ARTICLE = "cross_article", "Differs from other articles"
        ATTRIBUTION_CONFLICT = "attribution_conflict", "Attributed to someone else"
        CLAIMANTS_DIFFER = "claimants_differ", "Sources disagree"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    message = models.TextField(help_text="What does not add up, in one sentence.")
    other = models.ForeignKey(
        Claim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The claim it conflicts with most tellingly (the first of the others).",
    )
    others = models.JSONField(
        default=list,
        blank=True,
        help_text='Every claim it conflicts with, the most telling first: [{"id": 12, '
        '"exact": "Ten servicemen were killed", "source": "ESNA"}] (named here so a page '
        "can link them all without loading them).",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "kind"], name="claims_claimflag_one_per_kind"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "parts_total",
                        "cross_article",
                        "attribution_conflict",
                        "claimants_differ",
                    ]
                ),
                name="claims_claimflag_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.message[:80]}"

    @property
    def other_ids(self) -> list[int]:
        """The ids of every claim it conflicts with, the most telling first."""
        return [o["id"] for o in self.others if isinstance(o, dict) and "id" in o]


# ------------------------------------------------------------------------------
# Notifications (reviewers and editors told what happened to their work)
# ------------------------------------------------------------------------------
class Notification(models.Model):
    """Something a reviewer or editor should know: shown under the bell, and e-mailed
    unless they turned e-mail off (claims.notifications)."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "Claim assigned to you"
        SENT_BACK = "sent-back", "Verdict sent back"
        PUBLISHED = "published", "Verdict published"
        CORRECTED = "corrected", "Verdict corrected"
        WITHDRAWN = "withdrawn", "Verdict withdrawn"
        AWAITING_APPROVAL = "awaiting-approval", "Verdict waiting for approval"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notifications")
    verdict = models.ForeignKey(
        Verdict, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    message = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "assigned",
                        "sent-back",
                        "published",
                        "corrected",
                        "withdrawn",
                        "awaiting-approval",
                    ]
                ),
                name="claims_notification_kind_valid",
            ),
        ]
        indexes = [
            # The bell in every review page's header: a recipient's unread count.
            models.Index(fields=["recipient", "read_at"], name="claims_notif_unread_idx"),
            # The notifications page: a recipient's notifications, newest first, paged.
            models.Index(fields=["recipient", "-created", "-id"], name="claims_notif_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient}: {self.message[:60]}"


class NotificationPreference(models.Model):
    """A person's choices about notifications; absent means the defaults (e-mail on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(default=True, help_text="Also send each notification by e-mail.")

    def __str__(self) -> str:
        return f"Notification preferences of {self.user}"


# ------------------------------------------------------------------------------
# Changes to published fact-checks, held until an editor approves them
# ------------------------------------------------------------------------------
class PendingChangeQuerySet(models.QuerySet):
    def pending(self) -> "PendingChangeQuerySet":
        return self.filter(status=PendingChange.Status.PENDING)


class PendingChange(models.Model):
    """A change to a published fact-check, held until an editor other than its
    author approves it (four eyes after publication, too).

    Generic on purpose: ``proposed`` maps field names to the values proposed
    (ids for related objects), ``before`` the same fields as they were when it
    was proposed. Editors see the difference of the two; approval applies
    ``proposed`` through the services (claims.services.change_approve), refuses
    when the fields moved since ``before``, and records the public correction
    note. Until then the public pages, feeds and ClaimReview show the
    published version: nothing here is read by them.
    """

    class Kind(models.TextChoices):
        VERDICT = "verdict", "Correction of the verdict"
        CLAIM = "claim", "Claim details"
        EVIDENCE_ADD = "evidence_add", "Source attached"
        EVIDENCE_CHANGE = "evidence_change", "Source's stance changed"
        EVIDENCE_REMOVE = "evidence_remove", "Source removed"
        SOURCE = "source", "Source edited"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an editor"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # The claim whose public page it would change (none for a source cited by several).
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="pending_changes"
    )
    verdict = models.ForeignKey(
        Verdict, on_delete=models.CASCADE, null=True, blank=True, related_name="pending_changes"
    )
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, null=True, blank=True, related_name="pending_changes"
    )
    proposed = models.JSONField(default=dict, help_text="Field name → proposed value.")
    before = models.JSONField(default=dict, help_text="Field name → value when proposed.")
    # Why it is proposed; for a verdict correction, the public correction note.
    note = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposed_changes"
    )
    created = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_changes",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The editor's word on it: the public note published with it, or why it was rejected.
    decision_note = models.TextField(blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "verdict",
                        "claim",
                        "evidence_add",
                        "evidence_change",
                        "evidence_remove",
                        "source",
                    ]
                ),
                name="claims_pendingchange_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected"]),
                name="claims_pendingchange_status_valid",
            ),
            # One correction of a verdict waits at a time: a second would be written
            # against a text the first is about to replace.
            models.UniqueConstraint(
                fields=["verdict"],
                condition=Q(status="pending", kind="verdict"),
                name="claims_pendingchange_one_verdict_correction",
            ),
        ]
        indexes = [
            # The approvals page and the claim page: "the pending changes, oldest first".
            models.Index(fields=["status", "created"], name="claims_pending_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"
