from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Outlet(models.Model):
    """A news organization that publishes articles."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    homepage = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """One happening that several articles report: a shoot-down, an earthquake.

    Articles are proposed for an event on import (see claims.events.services); a
    reviewer confirms, moves or splits them.
    """

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=220, unique=True)
    date = models.DateField(null=True, blank=True, help_text="When it happened, if known.")
    place = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-created"]
        indexes = [
            # Review event list: newest event first.
            models.Index(fields=["-date", "-created"], name="articles_event_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("claims:event", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def with_published_claims(self) -> "ArticleQuerySet":
        """Articles that have at least one claim with a published verdict."""
        return self.filter(claims__verdicts__status="published").distinct()


class Article(models.Model):
    class SourceFormat(models.TextChoices):
        SEED = "seed", "Wire story (---/title/---/date)"
        MARKDOWN = "markdown", "Markdown"
        HTML = "html", "HTML"
        TEXT = "text", "Plain text"

    class Processing(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        PROCESSING = "processing", "Finding claims"
        FAILED = "failed", "Failed"
        DONE = "done", "Done"

    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=220, unique=True)
    url = models.URLField(max_length=1000, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    # The canonical plain text claims anchor into (see articles.parsing).
    text = models.TextField()
    # The raw input exactly as imported.
    source = models.TextField(blank=True)
    source_format = models.CharField(
        max_length=20, choices=SourceFormat.choices, default=SourceFormat.TEXT
    )
    content_hash = models.CharField(max_length=64, editable=False)
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    # Set when a reviewer chose the event: proposals never move the article again.
    event_confirmed = models.BooleanField(
        default=False, help_text="A reviewer confirmed the event; proposals leave it alone."
    )
    # --- background processing (articles.jobs): where finding its claims stands ---
    processing = models.CharField(
        max_length=20, choices=Processing.choices, default=Processing.DONE
    )
    processing_error = models.TextField(
        blank=True, help_text="Why finding the claims failed (shown with a retry button)."
    )
    # --- end background processing ---
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["source", "processing", "processing_error"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="articles_article_unique_url"
            ),
        ]
        indexes = [
            # Import: "is this exact text already here?" (unchanged detection).
            models.Index(fields=["content_hash"], name="articles_article_hash_idx"),
            # Review queue and public lists: newest article first.
            models.Index(fields=["-published_on", "-created"], name="articles_article_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("claims:article", kwargs={"slug": self.slug})

    @property
    def has_headline(self) -> bool:
        """Imported articles carry their headline as the first paragraph of the text."""
        return self.text.startswith(f"{self.title}\n\n")


class ArticleLink(models.Model):
    """A link that was in the article: a related story or an inline link."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    text = models.CharField("anchor text", max_length=1000)
    url = models.CharField(max_length=2000, blank=True)
    # Offset in Article.text where the link stood.
    position = models.PositiveIntegerField()
    inline = models.BooleanField(
        default=False, help_text="Whether the anchor text is part of the body text."
    )

    class Meta:
        ordering = ["article", "position", "id"]

    def __str__(self) -> str:
        return self.text


class ArticleVersion(models.Model):
    """Every text an article ever had, oldest first."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(max_length=500)
    text = models.TextField()
    content_hash = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "created", "id"]
        get_latest_by = "created"

    def __str__(self) -> str:
        return f"{self.article} @ {self.created:%Y-%m-%d %H:%M}"


# ------------------------------------------------------------------------------
# Feeds the desk follows (articles.feeds polls them)
# ------------------------------------------------------------------------------
class OutletFeed(models.Model):
    """An RSS, Atom or JSON Feed an outlet publishes; new entries are imported."""

    # Reviewers see a feed as failing once this many polls in a row failed.
    FAILING_AFTER = 3

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField("feed URL", max_length=1000, unique=True)
    active = models.BooleanField(default=True, help_text="Inactive feeds are not polled.")
    last_polled = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    failures = models.PositiveIntegerField(
        default=0, help_text="Polls in a row that failed; 0 after a good one."
    )
    # Conditional GET: what the server said last time, sent back to get a 304.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["outlet__name", "url"]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.url}"

    @property
    def failing(self) -> bool:
        return self.failures >= self.FAILING_AFTER


class FeedEntry(models.Model):
    """One entry a feed listed: remembered so it is imported once, whichever feed
    lists it (by its id, or by its link when feeds give the same story other ids)."""

    # Entries whose import failed this many times are not tried again.
    MAX_ATTEMPTS = 5

    feed = models.ForeignKey(OutletFeed, on_delete=models.CASCADE, related_name="entries")
    guid = models.CharField(max_length=1000)
    url = models.URLField(max_length=1000, blank=True)
    # The entry's own "updated" (or "published") stamp: a new one means the page changed.
    stamp = models.CharField(max_length=100, blank=True)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="feed_entries"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    first_seen = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-first_seen", "-id"]
        verbose_name_plural = "feed entries"
        constraints = [
            models.UniqueConstraint(fields=["guid"], name="articles_feedentry_unique_guid"),
        ]
        indexes = [
            # Polling: "did any feed already list this link?"
            models.Index(fields=["url"], name="articles_feedentry_url_idx"),
        ]

    def __str__(self) -> str:
        return self.url or self.guid
