from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Claim

from .models import Article, ArticleLink, ArticleVersion, Event, Outlet


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "homepage"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleLinkInline(admin.TabularInline):
    model = ArticleLink
    extra = 0
    fields = ["text", "url", "position", "inline"]


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    fields = ["kind", "exact", "start", "end", "status", "anchor_state", "claimant"]
    readonly_fields = ["exact", "start", "end", "anchor_state"]
    autocomplete_fields = ["claimant"]
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claimant")

    def has_add_permission(self, request, obj=None) -> bool:
        # Claims are anchored to a span: add them on the claim page or the review page.
        return False


class EventArticleInline(admin.TabularInline):
    model = Article
    extra = 0
    fields = ["title", "outlet", "published_on", "event_confirmed"]
    readonly_fields = ["title", "outlet", "published_on"]
    show_change_link = True
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
    list_display = ["title", "date", "place", "created"]
    search_fields = ["title", "place", "summary"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created", "updated"]
    fields = ["title", "slug", "date", "place", "summary", "created", "updated"]
    inlines = [EventArticleInline]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "outlet", "published_on", "event", "source_format", "created"]
    list_filter = ["outlet", "published_on", "source_format", "event_confirmed"]
    list_select_related = ["outlet", "event"]
    search_fields = ["title", "text", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet", "event"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["content_hash", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "outlet", "url", "author", "published_on"]}),
        ("Event", {"fields": ["event", "event_confirmed"]}),
        ("Text", {"fields": ["text"]}),
        (
            "Import",
            {
                "classes": ["collapse"],
                "fields": ["source_format", "source", "content_hash", "created", "updated"],
            },
        ),
    ]
    inlines = [ArticleLinkInline, ClaimInline]


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin):
    list_display = ["article", "created", "content_hash"]
    list_select_related = ["article"]
    search_fields = ["article__title", "text"]
    readonly_fields = ["article", "title", "text", "content_hash", "created"]

    def has_add_permission(self, request) -> bool:
        # Versions are written by the importer, never by hand.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ArticleLink)
class ArticleLinkAdmin(admin.ModelAdmin):
    list_display = ["text", "url", "article", "position"]
    list_select_related = ["article"]
    search_fields = ["text", "url", "article__title"]
    autocomplete_fields = ["article"]
