import difflib

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from claims.admin import HistoryAdmin, KeepPublishedMixin, on_changelist, short
from claims.events.services import article_event_changed
from claims.models import Claim

from .models import Article, ArticleLink, ArticleVersion, Event, FeedEntry, Outlet, OutletFeed
from .services import article_edit, outlet_save


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "homepage", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if on_changelist(request):
            queryset = queryset.annotate(article_total=Count("articles"))
        return queryset

    def save_model(self, request, obj, form, change):
        # Through the service, so public pages naming the outlet show the edit.
        outlet_save(outlet=obj, by=request.user, changed=form.changed_data if change else [])

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, obj: Outlet) -> str:
        url = reverse("admin:articles_article_changelist") + f"?outlet__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.article_total)


class ArticleLinkInline(admin.TabularInline):
    model = ArticleLink
    extra = 0
    fields = ["text", "url", "position", "inline"]


class ClaimInline(admin.TabularInline):
    """The article's claims at a glance; each is edited on its own page (the change
    link), where its span is checked against the text and its review recorded."""

    model = Claim
    extra = 0
    fields = ["claim", "kind", "start", "end", "status", "anchor_state", "claimant"]
    readonly_fields = fields
    show_change_link = True
    view_on_site = False
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claimant")

    def has_add_permission(self, request, obj=None) -> bool:
        # Claims are anchored to a span: add them on the claim page or the review page.
        return False

    @admin.display(description="claim")
    def claim(self, obj: Claim) -> str:
        return short(obj.exact, 120)


class EventArticleInline(admin.TabularInline):
    model = Article
    extra = 0
    fields = ["title", "outlet", "published_on", "event_confirmed"]
    readonly_fields = ["title", "outlet", "published_on"]
    show_change_link = True
    view_on_site = False
    can_delete = False
    verbose_name = "article about this event"
    verbose_name_plural = "articles about this event"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("outlet").defer("text", "source")

    def has_add_permission(self, request, obj=None) -> bool:
        # Articles join an event on import or from the event's review page.
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "place", "article_count", "created"]
    search_fields = ["title", "place", "summary"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created", "updated"]
    fields = ["title", "slug", "date", "place", "summary", "created", "updated"]
    inlines = [EventArticleInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if on_changelist(request):
            queryset = queryset.annotate(article_total=Count("articles"))
        return queryset

    def view_on_site(self, obj: Event) -> str:
        return reverse("review:event", kwargs={"pk": obj.pk})

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, obj: Event) -> int:
        return obj.article_total


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "outlet", "url", "author", "published_on", "event",
            "event_confirmed", "text",
        ]  # fmt: skip
        widgets = {
            "title": forms.TextInput(attrs={"class": "ct-wide"}),
            "url": forms.URLInput(attrs={"class": "ct-wide"}),
            "text": forms.Textarea(attrs={"rows": 30, "class": "ct-wide ct-wide--text"}),
        }
        help_texts = {
            "text": (
                "The canonical text claims are anchored in: paragraphs separated by a blank "
                "line, the headline first. Saving a change keeps the old text as a version "
                "and re-anchors every claim."
            ),
        }


SOURCE_PREVIEW = 5000


@admin.register(Article)
class ArticleAdmin(KeepPublishedMixin, HistoryAdmin):
    form = ArticleForm
    list_display = [
        "title", "outlet", "published_on", "claim_count", "event", "source_format", "created",
    ]  # fmt: skip
    list_filter = ["outlet", "published_on", "source_format", "event_confirmed", "processing"]
    list_select_related = ["outlet", "event"]
    search_fields = ["title", "text", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet", "event"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "source_format", "source_preview", "content_hash", "processing", "processing_error",
        "created", "updated",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["title", "slug", "outlet", "url", "author", "published_on"]}),
        ("Event", {"fields": ["event", "event_confirmed"]}),
        ("Text", {"fields": ["text"]}),
        (
            "Import",
            {
                "classes": ["collapse"],
                "fields": [
                    "source_format",
                    "source_preview",
                    "content_hash",
                    "processing",
                    "processing_error",
                    "created",
                    "updated",
                ],
            },
        ),
    ]
    inlines = [ArticleLinkInline, ClaimInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if on_changelist(request):
            # One row per article: its claims counted, its (long) text not loaded.
            queryset = queryset.defer("text", "source").annotate(claim_total=Count("claims"))
        return queryset

    def view_on_site(self, obj: Article) -> str:
        return reverse("review:article", kwargs={"pk": obj.pk})

    def claims_of(self, objs) -> list[int]:
        return list(Claim.objects.filter(article__in=objs).values_list("pk", flat=True))

    @admin.display(description="source as imported")
    def source_preview(self, obj: Article) -> str:
        # A saved web page can be megabytes: show its start, not all of it.
        if len(obj.source) <= SOURCE_PREVIEW:
            return format_html('<pre class="ct-source">{}</pre>', obj.source)
        return format_html(
            '<pre class="ct-source">{}</pre><p>… {} more characters</p>',
            obj.source[:SOURCE_PREVIEW],
            f"{len(obj.source) - SOURCE_PREVIEW:,}",
        )

    @admin.display(description="claims", ordering="claim_total")
    def claim_count(self, obj: Article) -> str:
        url = reverse("admin:claims_claim_changelist") + f"?article__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.claim_total)

    def save_model(self, request, obj, form, change) -> None:
        # Like an import: canonical text, a version, claims re-anchored (articles.services).
        previous = (
            Article.objects.select_related("event").filter(pk=obj.pk).first() if change else None
        )
        moved = obj.event_id != (previous.event_id if previous else None)
        if moved and obj.event_id is not None:
            obj.event_confirmed = True  # chosen by hand: proposals leave it alone
        article_edit(article=obj, previous=previous)
        if moved:
            article_event_changed(article=obj, previous=previous.event if previous else None)


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin):
    list_display = ["article_title", "created", "short_hash"]
    list_select_related = ["article"]
    search_fields = ["article__title", "text"]
    readonly_fields = ["article", "title", "created", "content_hash", "changes", "text"]
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if on_changelist(request):
            return queryset.defer("text", "article__text", "article__source")
        return queryset

    def has_add_permission(self, request) -> bool:
        # Versions are written by the importer, never by hand.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="article", ordering="article__title")
    def article_title(self, obj: ArticleVersion) -> str:
        return short(obj.article.title, 80)

    @admin.display(description="content hash")
    def short_hash(self, obj: ArticleVersion) -> str:
        return obj.content_hash[:12]

    @admin.display(description="changes from the version before")
    def changes(self, obj: ArticleVersion) -> str:
        before = (
            ArticleVersion.objects.filter(article_id=obj.article_id)
            .filter(created__lte=obj.created)
            .exclude(pk=obj.pk)
            .exclude(created=obj.created, pk__gt=obj.pk)
            .order_by("-created", "-pk")
            .only("text")
            .first()
        )
        if before is None:
            return "The first version."
        diff = difflib.ndiff(before.text.split("\n\n"), obj.text.split("\n\n"))
        rows = [(line[0], line[2:]) for line in diff if line[:1] in "+-"]
        if not rows:
            return "No change to the text."
        return format_html_join(
            "",
            '<p class="ct-diff ct-diff--{}">{} {}</p>',
            (("added" if sign == "+" else "removed", sign, line) for sign, line in rows),
        )


@admin.register(ArticleLink)
class ArticleLinkAdmin(admin.ModelAdmin):
    list_display = ["text", "url", "article_title", "position", "inline"]
    list_filter = ["inline"]
    list_select_related = ["article"]
    search_fields = ["text", "url", "article__title"]
    autocomplete_fields = ["article"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if on_changelist(request):
            return queryset.defer("article__text", "article__source")
        return queryset

    @admin.display(description="article", ordering="article__title")
    def article_title(self, obj: ArticleLink) -> str:
        return short(obj.article.title, 60)


# ------------------------------------------------------------------------------
# Feeds the desk follows (articles.feeds)
# ------------------------------------------------------------------------------
class FeedEntryInline(admin.TabularInline):
    model = FeedEntry
    extra = 0
    fields = ["guid", "url", "article", "stamp", "attempts", "error", "first_seen"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False
    ordering = ["-first_seen", "-id"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article")
            .defer("article__text", "article__source")
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # entries are recorded by polling


@admin.register(OutletFeed)
class OutletFeedAdmin(admin.ModelAdmin):
    list_display = ["url", "outlet", "active", "last_polled", "failures", "short_error"]
    list_filter = ["active", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["url", "outlet__name"]
    autocomplete_fields = ["outlet"]
    readonly_fields = ["last_polled", "last_error", "failures", "etag", "last_modified", "created"]
    fields = ["outlet", "url", "active", *readonly_fields]
    inlines = [FeedEntryInline]
    actions = ["poll_now"]

    @admin.display(description="last error")
    def short_error(self, obj: OutletFeed) -> str:
        return short(obj.last_error, 80)

    @admin.action(description="Poll the selected feeds now")
    def poll_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        from .tasks import enqueue, poll_feed

        feeds = list(queryset.values_list("pk", flat=True))
        for feed_id in feeds:
            enqueue(poll_feed, feed_id=feed_id)
        self.message_user(request, f"{len(feeds)} feed(s) polled (or queued for the workers).")
