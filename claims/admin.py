from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
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
    Notification,
    NotificationPreference,
    PendingChange,
    Source,
    Verdict,
)


# ------------------------------------------------------------------------------
# Shared pieces
# ------------------------------------------------------------------------------
class CachedLabelAutocomplete(AutocompleteSelect):
    """An autocomplete that shows its current choice from the form's own object.

    The stock widget looks the chosen row up again: one query per inline row.
    """

    label: tuple[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.label is None or chosen != [self.label[0]]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options.append(self.create_option(name, self.label[0], self.label[1], True, len(options)))
        return [(None, options, 0)]


class CachedLabelForm(forms.ModelForm):
    """Give each CachedLabelAutocomplete the object the queryset already selected."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, CachedLabelAutocomplete):
                continue
            model_field = self._meta.model._meta.get_field(name)
            if model_field.is_cached(self.instance):
                related = getattr(self.instance, name)
                if related is not None:
                    widget.label = (str(related.pk), field.label_from_instance(related))


class CachedLabelInlineMixin:
    """Inline rows render their autocompletes without a query each."""

    form = CachedLabelForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CachedLabelAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def published_verdicts_of(objs, *, claims_of) -> list[str]:
    """Published verdicts that deleting ``objs`` would take with them, for the admin."""
    claim_ids = claims_of(objs)
    return [
        f"Published verdict: {verdict} (withdraw it first)"
        for verdict in Verdict.objects.published()
        .filter(claim_id__in=claim_ids)
        .select_related("claim")
    ]


class KeepPublishedMixin:
    """Nothing published is silently removed: deleting what carries a published
    verdict is refused, as Django refuses deleting protected objects."""

    def claims_of(self, objs) -> list[int]:
        raise NotImplementedError

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = [*protected, *published_verdicts_of(objs, claims_of=self.claims_of)]
        return deleted, counts, perms_needed, protected


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages whose rows cost no query each (see the template)."""

    object_history_list_template = "admin/history_list.html"


def short(text: str, length: int = 70) -> str:
    return Truncator(text).chars(length)


def on_changelist(request: HttpRequest) -> bool:
    """True on a list page (where rows are shown by the hundred, not one by one)."""
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and match.url_name.endswith("_changelist"))


# ------------------------------------------------------------------------------
# Claimants
# ------------------------------------------------------------------------------
class AliasesField(forms.CharField):
    """Aliases typed one per line, stored as a JSON list of strings."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 40})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        seen: dict[str, str] = {}
        for line in text.splitlines():
            alias = " ".join(line.split())
            if alias and alias.lower() not in seen:
                seen[alias.lower()] = alias
        return list(seen.values())


class ClaimantForm(forms.ModelForm):
    aliases = AliasesField(
        required=False, help_text="Other names the claimant appears under, one per line."
    )

    class Meta:
        model = Claimant
        fields = ["name", "slug", "kind", "role", "affiliation", "aliases"]

    def clean_aliases(self) -> list[str]:
        name = (self.cleaned_data.get("name") or "").lower()
        return [a for a in self.cleaned_data["aliases"] if a.lower() != name]


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    form = ClaimantForm
    list_display = ["name", "kind", "role", "affiliation", "alias_list", "claim_count"]
    list_filter = ["kind"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "role", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if on_changelist(request):
            queryset = queryset.annotate(claim_total=Count("claims"))
        return queryset

    def save_model(self, request, obj, form, change):
        # Through the service, so public pages naming the claimant show the edit.
        services.claimant_save(
            claimant=obj, by=request.user, changed=form.changed_data if change else []
        )

    @admin.display(description="aliases")
    def alias_list(self, obj: Claimant) -> str:
        return ", ".join(obj.aliases or [])

    @admin.display(description="claims", ordering="claim_total")
    def claim_count(self, obj: Claimant) -> str:
        url = reverse("admin:claims_claim_changelist") + f"?claimant__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.claim_total)


# ------------------------------------------------------------------------------
# Claims
# ------------------------------------------------------------------------------
def claim_published(claim: Claim | None) -> bool:
    """Whether the claim has a published verdict, asked once per request's object
    (the admin asks for every inline row)."""
    if claim is None or claim.pk is None:
        return False
    if not hasattr(claim, "_published_now"):
        claim._published_now = services.claim_is_published(claim)
    return claim._published_now


class HeldWhenPublishedInlineMixin:
    """Read only on a claim with a published verdict: its sources and relay chain are
    what the public sees, changed on the review page and approved by an editor."""

    def _published(self, obj) -> bool:
        return claim_published(obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return not self._published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._published(obj) and super().has_delete_permission(request, obj)


class ClaimRelayInline(HeldWhenPublishedInlineMixin, CachedLabelInlineMixin, admin.TabularInline):
    model = ClaimRelay
    extra = 0
    autocomplete_fields = ["claimant"]
    verbose_name = "relayed via"
    verbose_name_plural = "relayed via (in order)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claimant")


class EvidenceInline(HeldWhenPublishedInlineMixin, CachedLabelInlineMixin, admin.TabularInline):
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
    view_on_site = False

    def get_queryset(self, request):
        # Each row's heading names the verdict, which names its claim.
        return super().get_queryset(request).select_related("claim", "author", "approved_by")

    def has_add_permission(self, request, obj=None) -> bool:
        # Verdicts are written on the review page or the Verdict admin: one author each.
        return False


class TopClaimantsFilter(admin.SimpleListFilter):
    """The claimants with most claims (a newsroom has thousands; search finds the rest)."""

    title = "claimant"
    parameter_name = "claimant__id__exact"
    limit = 15

    def lookups(self, request, model_admin):
        top = list(
            Claimant.objects.annotate(total=Count("claims"))
            .filter(total__gt=0)
            .order_by("-total", "name")
            .values_list("pk", "name")[: self.limit]
        )
        chosen = self.value()
        if chosen and chosen.isdigit() and chosen not in {str(pk) for pk, _ in top}:
            top += list(Claimant.objects.filter(pk=chosen).values_list("pk", "name"))
        return [(str(pk), name) for pk, name in top] + [("none", "No claimant")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(claimant__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(claimant_id=self.value())
        return queryset


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        # The admin passes the fields of its fieldsets; these are the editable ones.
        fields = [
            "article", "kind", "status", "claimant", "assigned_to", "start", "end", "exact",
            "sentence", "count_min", "count_max", "category", "parts", "anchor_state",
            "reviewed", "statement", "attribution",
        ]  # fmt: skip
        widgets = {
            "exact": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "statement": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "exact" in self.fields:
            self.fields["exact"].required = False
            self.fields[
                "exact"
            ].help_text = "Left empty, it is taken from the article text between start and end."

    def clean(self):
        cleaned = super().clean()
        article, start, end = cleaned.get("article"), cleaned.get("start"), cleaned.get("end")
        if article is None and self.instance.article_id:
            article = self.instance.article  # read only on a published claim
        if article and start is not None and end is not None and not cleaned.get("exact"):
            cleaned["exact"] = article.text[start:end]
            self.instance.exact = cleaned["exact"]
        # A published verdict stays on a confirmed claim: the public pages count on it.
        leaving = cleaned.get("status") not in (None, Claim.Status.CONFIRMED)
        if leaving and self.instance.pk and self.instance.verdicts.published().exists():
            self.add_error(
                "status", "This claim has a published verdict; withdraw the verdict first."
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The quote's context follows its position, as the importer and services keep it.
        claim = self.instance
        if claim.article_id and claim.start is not None and claim.end is not None:
            text = claim.article.text
            if text[claim.start : claim.end] == claim.exact and claim.start < claim.end:
                claim.prefix, claim.suffix = services.quote_context(text, claim.start, claim.end)
                if not claim.sentence:
                    claim.sentence = services.sentence_around(text, claim.start, claim.end)
                    claim.sentence_start, claim.sentence_end = services.sentence_bounds_around(
                        text, claim.start, claim.end
                    )


# Fields whose change means a person reviewed the claim: extraction leaves it alone then.
REVIEWED_FIELDS = {
    "kind", "status", "claimant", "start", "end", "exact", "count_min", "count_max",
    "category", "parts", "statement",
}  # fmt: skip


@admin.register(Claim)
class ClaimAdmin(KeepPublishedMixin, HistoryAdmin):
    form = ClaimForm
    list_display = [
        "claim",
        "kind",
        "article_title",
        "claimant",
        "status",
        "anchor_state",
        "origin",
    ]
    list_filter = ["kind", "status", "anchor_state", "origin", TopClaimantsFilter]
    list_select_related = ["article", "claimant"]
    search_fields = ["exact", "sentence", "statement", "claimant__name", "article__title"]
    autocomplete_fields = ["article", "claimant", "assigned_to", "attribution"]
    readonly_fields = [
        "in_context", "prefix", "suffix", "origin", "extractor_version", "created_by",
        "created", "updated",
    ]  # fmt: skip
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "in_context", "statement", "article", "kind", "status", "claimant",
                    "attribution", "assigned_to",
                ]
            },
        ),
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

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if on_changelist(request):
            # Lists show the article's title, never its text.
            return queryset.defer("article__text", "article__source")
        # The change page shows the claim inside its article's text.
        return queryset.select_related("article", "claimant", "created_by")

    def view_on_site(self, obj: Claim) -> str:
        return reverse("review:claim", kwargs={"pk": obj.pk})

    def claims_of(self, objs) -> list[int]:
        return [claim.pk for claim in objs]

    @admin.display(description="claim", ordering="exact")
    def claim(self, obj: Claim) -> str:
        return short(obj.exact, 90)

    @admin.display(description="article", ordering="article__title")
    def article_title(self, obj: Claim) -> str:
        return short(obj.article.title, 50)

    @admin.display(description="in context")
    def in_context(self, obj: Claim) -> str:
        if obj is None or obj.pk is None:
            return "—"
        text = obj.article.text
        if obj.anchor_state == Claim.AnchorState.ORPHANED or text[obj.start : obj.end] != obj.exact:
            return format_html("<em>Not found in the current text:</em> “{}”", obj.exact)
        before = text[max(0, obj.start - 240) : obj.start]
        after = text[obj.end : obj.end + 240]
        return format_html(
            '<div class="ct-passage">…{}<mark>{}</mark>{}…</div>',
            before,
            obj.exact,
            after,
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if claim_published(obj):
            # Moving a published fact-check to another article is no correction.
            readonly.append("article")
        return readonly

    def get_fieldsets(self, request: HttpRequest, obj: Claim | None = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if not claim_published(obj):
            return fieldsets
        first_name, first = fieldsets[0]
        held = {
            **first,
            "description": (
                "This claim's verdict is published: changes to what the public sees (its "
                "kind, claimant, passage, sentence and figures) are held until another "
                "editor approves them on the Approvals page, and its sources and relay "
                "chain are changed on the review page."
            ),
        }
        return [(first_name, held), *fieldsets[1:]]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
            obj.origin = Claim.Origin.MANUAL
            obj.reviewed = True
        elif REVIEWED_FIELDS & set(form.changed_data):
            obj.reviewed = True
        if change and claim_published(obj):
            self._hold_public_fields(request, obj, form)
        super().save_model(request, obj, form, change)

    def _hold_public_fields(self, request, obj: Claim, form) -> None:
        """Four eyes after publication: what the public sees waits for an editor; the
        rest (assignment, bookkeeping) is saved at once."""
        held = [name for name in form.changed_data if name in services.HELD_CLAIM_FIELDS]
        if not held:
            return
        proposed = {name: getattr(obj, name) for name in held}
        stored = Claim.objects.get(pk=obj.pk)
        # Saved now: the published values, and the quote context that goes with them.
        for name in {*held, "exact", "prefix", "suffix", "sentence"}:
            attname = Claim._meta.get_field(name).attname
            setattr(obj, attname, getattr(stored, attname))
        try:
            services.claim_change_propose(claim=obj, by=request.user, changes=proposed)
        except services.ServiceError as exc:
            self.message_user(request, f"Not saved: {exc}", messages.ERROR)
            return
        self.message_user(
            request,
            f"Held for an editor's approval ({', '.join(held)}): the public page shows the "
            "published version until another editor approves the change.",
            messages.WARNING,
        )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Matches and consistency flags of the claim's event depend on its numbers.
        services._event_changed(form.instance)

    def save_formset(self, request, form, formset, change) -> None:
        for instance in formset.save(commit=False):
            if isinstance(instance, Evidence) and instance.added_by_id is None:
                instance.added_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "url", "accessed_on", "evidence_count"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "url"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if on_changelist(request):
            queryset = queryset.annotate(evidence_total=Count("evidence"))
        return queryset

    def save_model(self, request, obj, form, change):
        if not change:
            services.source_save(source=obj, by=request.user, changed=[])
            return
        # Through the service: cited by a published fact-check, an edit of what the
        # public sees waits for an editor; otherwise the pages citing it show it at once.
        changes = {name: getattr(obj, name) for name in form.changed_data}
        result = services.source_change_propose(source=obj, by=request.user, changes=changes)
        if isinstance(result, PendingChange):
            obj.refresh_from_db()
            self.message_user(
                request,
                "This source is cited by a published fact-check: the edit is held until "
                "another editor approves it on the Approvals page.",
                messages.WARNING,
            )

    @admin.display(description="used on claims", ordering="evidence_total")
    def evidence_count(self, obj: Source) -> int:
        return obj.evidence_total


class EvidenceAdminForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["claim", "source", "stance", "note"]

    def clean_claim(self) -> Claim:
        claim = self.cleaned_data["claim"]
        if self.instance.pk is None and services.claim_is_published(claim):
            raise forms.ValidationError(
                "This claim's verdict is published: attach the source on its review page, "
                "where an editor approves it before the public sees it."
            )
        return claim


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
    list_display = ["source", "claim", "stance", "added_by", "created"]
    list_filter = ["stance", "source__kind"]
    list_select_related = ["source", "claim", "added_by"]
    search_fields = ["source__title", "source__url", "claim__exact", "note"]
    autocomplete_fields = ["claim", "source"]
    fields = ["claim", "source", "stance", "note", "added_by", "created"]
    readonly_fields = ["added_by", "created"]
    form = EvidenceAdminForm

    def get_readonly_fields(self, request: HttpRequest, obj: Evidence | None = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and services.claim_is_published(obj.claim):
            readonly += ["claim", "source"]
        return readonly

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        published = set(
            Verdict.objects.published()
            .filter(claim_id__in=[e.claim_id for e in objs])
            .values_list("claim_id", flat=True)
        )
        protected = [
            *protected,
            *(
                f"Source of a published fact-check: {e} (remove it on the claim's review page, "
                "where an editor approves the removal; the last source stays)"
                for e in objs
                if e.claim_id in published
            ),
        ]
        return deleted, counts, perms_needed, protected

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.added_by = request.user
        elif "stance" in form.changed_data and services.claim_is_published(obj.claim):
            stance = obj.stance
            obj.stance = Evidence.objects.get(pk=obj.pk).stance
            services.evidence_stance_propose(evidence=obj, by=request.user, stance=stance)
            self.message_user(
                request,
                "The new stance is held until another editor approves it on the Approvals "
                "page; the public page shows the published one meanwhile.",
                messages.WARNING,
            )
        super().save_model(request, obj, form, change)


# ------------------------------------------------------------------------------
# Verdicts and corrections
# ------------------------------------------------------------------------------
class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["note", "created_by", "created"]
    readonly_fields = ["created_by", "created"]

    def get_queryset(self, request):
        # Each row's heading names the correction, which names its verdict and claim.
        return super().get_queryset(request).select_related("verdict__claim", "created_by")

    def has_add_permission(self, request, obj=None) -> bool:
        # A correction is a public note on a published verdict, nothing else.
        published = obj is not None and obj.status == Verdict.Status.PUBLISHED
        return published and super().has_add_permission(request, obj)


@admin.register(Verdict)
class VerdictAdmin(KeepPublishedMixin, HistoryAdmin):
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

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("claim__sentence")

    def get_readonly_fields(self, request: HttpRequest, obj: Verdict | None = None) -> list[str]:
        # Status changes go through the services (four eyes, evidence, corrections),
        # never through a bare field edit; the author is whoever writes it.
        readonly = ["status", "author", "approved_by", "published_at", "submitted_at", "version"]
        if obj is not None:
            readonly += ["claim"]
            if obj.status in (Verdict.Status.PUBLISHED, Verdict.Status.WITHDRAWN):
                readonly += ["rating", "rationale"]
        return readonly

    def claims_of(self, objs) -> list[int]:
        return [verdict.claim_id for verdict in objs if verdict.status == "published"]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            # An admin edit is a write like any other: stale review forms must notice.
            obj.version += 1
        else:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        for instance in formset.save(commit=False):
            if isinstance(instance, Correction) and instance.pk is not None:
                # Fixing a typo in a public note: one editor, through the service.
                services.correction_note_fix(
                    correction=instance, by=request.user, note=instance.note
                )
                continue
            if isinstance(instance, Correction) and instance.created_by_id is None:
                instance.created_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        if not services.user_is_editor(request.user):
            actions.pop("publish_selected", None)
        return actions

    @admin.action(description="Approve and publish selected verdicts")
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        # The same service as the approvals page: editors only, four eyes, evidence required.
        published = 0
        for verdict in queryset.select_related("claim"):
            try:
                result = services.verdict_publish(verdict=verdict, by=request.user)
            except services.PublishAnywayRequired as exc:
                self.message_user(
                    request,
                    f"“{verdict.claim}”: {exc} Publish it from the Approvals page, "
                    "which asks for the reason.",
                    messages.WARNING,
                )
                continue
            except services.ServiceError as exc:
                self.message_user(request, f"“{verdict.claim}”: {exc}", messages.ERROR)
                continue
            published += 1
            for warning in result.warnings:
                self.message_user(request, f"“{verdict.claim}”: {warning}", messages.WARNING)
        if published:
            self.message_user(request, f"Published {published} verdict(s).", messages.SUCCESS)


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["verdict", "note"]

    def clean_verdict(self) -> Verdict:
        verdict = self.cleaned_data["verdict"]
        if verdict.status != Verdict.Status.PUBLISHED:
            raise forms.ValidationError("Only a published verdict can be corrected.")
        return verdict


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    form = CorrectionForm
    list_display = ["verdict", "created", "created_by"]
    list_select_related = ["verdict__claim", "created_by"]
    search_fields = ["note", "verdict__claim__exact"]
    autocomplete_fields = ["verdict"]
    readonly_fields = ["created_by", "created"]

    def get_readonly_fields(self, request: HttpRequest, obj: Correction | None = None) -> list[str]:
        # A note stays on the verdict it was published on; its text can be fixed.
        return [*self.readonly_fields, "verdict"] if obj is not None else self.readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("verdict__rationale", "verdict__claim__sentence")

    def save_model(self, request, obj, form, change) -> None:
        if change:
            # Fixing a typo in a public note: one editor, and the public pages show it.
            services.correction_note_fix(correction=obj, by=request.user, note=obj.note)
            return
        obj.created_by = request.user
        super().save_model(request, obj, form, change)


# ------------------------------------------------------------------------------
# Changes to published fact-checks
# ------------------------------------------------------------------------------
@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """Read only: changes are proposed where they are made and decided on the
    Approvals page (or with the actions here), through the services."""

    list_display = ["__str__", "claim", "proposed_by", "created", "status", "decided_by"]
    list_filter = ["status", "kind"]
    list_select_related = ["claim", "proposed_by", "decided_by"]
    search_fields = ["claim__exact", "note"]
    readonly_fields = [
        "kind", "status", "claim", "verdict", "source", "proposed", "before", "note",
        "proposed_by", "created", "decided_by", "decided_at", "decision_note",
    ]  # fmt: skip
    actions = ["approve_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("claim__sentence")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description="Approve and publish selected changes", permissions=["view"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        approved = 0
        for change in queryset:
            try:
                services.change_approve(change=change, by=request.user)
            except services.ServiceError as exc:
                self.message_user(request, f"{change}: {exc}", messages.ERROR)
                continue
            approved += 1
        if approved:
            self.message_user(request, f"Approved {approved} change(s).", messages.SUCCESS)


# ------------------------------------------------------------------------------
# Matches and flags (events)
# ------------------------------------------------------------------------------
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

    @admin.action(description="Confirm selected matches (same claim)", permissions=["change"])
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, services.claim_match_confirm, "Confirmed")

    @admin.action(description="Break selected matches (not the same claim)", permissions=["change"])
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


# ------------------------------------------------------------------------------
# Notifications
# ------------------------------------------------------------------------------
@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created", "recipient", "kind", "claim", "read_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter))
    search_fields = ("recipient__username", "message")
    raw_id_fields = ("recipient", "claim", "verdict")
    list_select_related = ("recipient", "claim")
    date_hierarchy = "created"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email")
    list_filter = ("email",)
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
