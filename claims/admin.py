from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Claim,
    Claimant,
    ClaimFlag,
    ClaimMatch,
    ClaimRelay,
    Correction,
    Evidence,
    Source,
    Verdict,
)


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role", "affiliation"]
    list_filter = ["kind"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "role", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]
    fields = ["name", "slug", "kind", "role", "affiliation", "aliases"]


class ClaimRelayInline(admin.TabularInline):
    model = ClaimRelay
    extra = 0
    autocomplete_fields = ["claimant"]
    verbose_name = "relayed via"
    verbose_name_plural = "relayed via (in order)"


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["source", "stance", "note", "added_by"]
    autocomplete_fields = ["source"]
    readonly_fields = ["added_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "added_by")


class VerdictInline(admin.StackedInline):
    model = Verdict
    extra = 0
    fields = ["rating", "status", "author", "approved_by", "published_at", "version"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "article", "claimant", "status", "anchor_state", "origin"]
    list_filter = ["kind", "status", "anchor_state", "origin", "claimant"]
    list_select_related = ["article", "claimant"]
    search_fields = ["exact", "sentence", "claimant__name", "article__title"]
    autocomplete_fields = ["article", "claimant", "assigned_to"]
    readonly_fields = ["origin", "extractor_version", "created_by", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["article", "kind", "status", "claimant", "assigned_to"]}),
        ("Anchor", {"fields": ["start", "end", "exact", "prefix", "suffix", "sentence"]}),
        ("Casualty figures", {"fields": ["count_min", "count_max", "category", "parts"]}),
        (
            "Provenance",
            {
                "fields": [
                    "anchor_state", "origin", "extractor_version", "reviewed",
                    "created_by", "created", "updated",
                ]
            },
        ),
    ]  # fmt: skip
    inlines = [ClaimRelayInline, EvidenceInline, VerdictInline]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "url", "accessed_on"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "url"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["source", "claim", "stance", "added_by", "created"]
    list_filter = ["stance", "source__kind"]
    list_select_related = ["source", "claim", "added_by"]
    search_fields = ["source__title", "source__url", "claim__exact", "note"]
    autocomplete_fields = ["claim", "source"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["note", "created_by", "created"]
    readonly_fields = ["created_by", "created"]


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "rating", "status", "author", "approved_by", "published_at"]
    list_filter = ["status", "rating", "stale"]
    list_select_related = ["claim", "author", "approved_by"]
    search_fields = ["claim__exact", "rationale"]
    autocomplete_fields = ["claim"]
    fields = [
        "claim", "rating", "rationale", "status", "author", "approved_by",
        "review_note", "stale", "submitted_at", "published_at", "version",
    ]  # fmt: skip
    inlines = [CorrectionInline]
    actions = ["publish_selected"]

    def get_readonly_fields(self, request: HttpRequest, obj: Verdict | None = None) -> list[str]:
        # Status changes go through the services (four eyes, evidence, corrections),
        # never through a bare field edit.
        readonly = ["status", "approved_by", "published_at", "submitted_at", "version"]
        if obj is not None:
            readonly += ["claim", "author"]
            if obj.status in (Verdict.Status.PUBLISHED, Verdict.Status.WITHDRAWN):
                readonly += ["rating", "rationale"]
        return readonly

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change) -> None:
        if change:
            # An admin edit is a write like any other: stale review forms must notice.
            obj.version += 1
        super().save_model(request, obj, form, change)

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        if not services.user_is_editor(request.user):
            actions.pop("publish_selected", None)
        return actions

    @admin.action(description="Approve and publish selected verdicts")
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        published = 0
        for verdict in queryset.select_related("claim"):
            try:
                result = services.verdict_publish(verdict=verdict, by=request.user)
            except services.ServiceError as exc:
                self.message_user(request, f"“{verdict.claim}”: {exc}", messages.ERROR)
                continue
            published += 1
            for warning in result.warnings:
                self.message_user(request, f"“{verdict.claim}”: {warning}", messages.WARNING)
        if published:
            self.message_user(request, f"Published {published} verdict(s).", messages.SUCCESS)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["verdict", "created", "created_by"]
    list_select_related = ["verdict__claim", "created_by"]
    search_fields = ["note"]
    autocomplete_fields = ["verdict"]


@admin.register(ClaimMatch)
class ClaimMatchAdmin(admin.ModelAdmin):
    list_display = ["claim_a", "claim_b", "score", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["claim_a", "claim_b", "decided_by"]
    search_fields = ["claim_a__exact", "claim_b__exact"]
    # Decisions go through the services, which recompute the event's flags.
    readonly_fields = ["claim_a", "claim_b", "score", "status", "decided_by", "decided_at"]
    actions = ["confirm_selected", "break_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Matches are proposed from the claims of an event, never typed in.
        return False

    def _decide(self, request: HttpRequest, queryset: QuerySet, decide, done: str) -> None:
        changed = 0
        for match in queryset:
            try:
                decide(match=match, by=request.user)
            except services.ServiceError as exc:
                self.message_user(request, f"{match}: {exc}", messages.ERROR)
                continue
            changed += 1
        if changed:
            self.message_user(request, f"{done} {changed} match(es).", messages.SUCCESS)

    @admin.action(description="Confirm selected matches (same claim)")
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, services.claim_match_confirm, "Confirmed")

    @admin.action(description="Break selected matches (not the same claim)")
    def break_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, services.claim_match_break, "Broke")


@admin.register(ClaimFlag)
class ClaimFlagAdmin(admin.ModelAdmin):
    """Read only: flags are recomputed from the claims of their event."""

    list_display = ["claim", "kind", "message", "other", "created"]
    list_filter = ["kind"]
    list_select_related = ["claim", "other"]
    search_fields = ["message", "claim__exact"]
    readonly_fields = ["claim", "kind", "message", "other", "created"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ClaimFlag | None = None) -> bool:
        return False
