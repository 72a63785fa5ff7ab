"""Shapes of the REST API: what it returns and what it accepts.

Output serializers only present data that the views selected (the views
decide who sees what); fields listed in ``reviewer_only`` are left out unless
the serializer context says the caller is a reviewer. Input serializers only
check types and sizes: the rules live in ``claims.services`` and
``articles.services``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

from django.core.validators import URLValidator
from django.urls import NoReverseMatch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article
from claims.models import Claim, Claimant, ClaimFlag, Evidence, Source, Verdict
from claims.selectors import current_verdict, match_ids

# PostgreSQL's integer columns stop here; larger numbers are a 400, not a database error.
MAX_INT = 2**31 - 1
MAX_VIA = 10
MAX_PARTS = 20
MAX_TEXT = 50_000


def absolute_url(context: dict[str, Any], obj: Any) -> str | None:
    """The object's public page as an absolute url, or None while no public page exists."""
    request = context.get("request")
    try:
        path = obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return None
    return request.build_absolute_uri(path) if request is not None else path


# ------------------------------------------------------------------------------
# Input fields
# ------------------------------------------------------------------------------
class Text(serializers.CharField):
    """A string the database can store: no NUL characters (DRF's default) and no lone surrogates."""

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise serializers.ValidationError("The text is not valid Unicode.") from None
        return value


@extend_schema_field(OpenApiTypes.URI)
class HttpUrl(Text):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(
            URLValidator(schemes=["http", "https"], message="Enter a valid http(s) url.")
        )


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_INT,
        help_text="The verdict version you started from; a stale one gets a 409.",
    )


# ------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------
class ReviewerFieldsSerializer(serializers.Serializer):
    """Leaves out ``reviewer_only`` fields unless the context's ``reviewer`` is true.

    They are skipped before they are read, so hiding them also costs no queries
    (e.g. a verdict's author). The schema still lists them, as optional.
    """

    reviewer_only: tuple[str, ...] = ()

    @property
    def _readable_fields(self) -> Iterator[serializers.Field]:
        hidden = () if self.context.get("reviewer") else self.reviewer_only
        for field in super()._readable_fields:
            if field.field_name not in hidden:
                yield field


def _reviewer_note(text: str = "") -> str:
    return f"{text} Only for reviewers and editors.".strip()


class OutletSerializer(serializers.Serializer):
    """The news organization that published an article."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class ArticleSerializer(serializers.Serializer):
    """An imported news article."""

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(
        allow_null=True, help_text="The public page, once a claim is published."
    )
    title = serializers.CharField()
    slug = serializers.CharField()
    outlet = OutletSerializer(allow_null=True)
    author = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    original_url = serializers.CharField(source="url", help_text="Where the outlet published it.")
    source_format = serializers.ChoiceField(choices=Article.SourceFormat.choices)
    created = serializers.DateTimeField()
    updated = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, article: Article) -> str | None:
        return absolute_url(self.context, article) if getattr(article, "public", False) else None


class ArticleDetailSerializer(ArticleSerializer):
    """An imported news article with its text."""

    text = serializers.CharField(help_text="The canonical text claims' offsets point into.")


class ClaimantRefSerializer(serializers.Serializer):
    """Who a claim is attributed to."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Claimant.Kind.choices)
    role = serializers.CharField()


class ClaimantSerializer(serializers.Serializer):
    """A person or organization claims are attributed to."""

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(
        allow_null=True, help_text="The public page, once a claim is published."
    )
    name = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.ChoiceField(choices=Claimant.Kind.choices)
    role = serializers.CharField()
    affiliation = ClaimantRefSerializer(allow_null=True)
    aliases = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, claimant: Claimant) -> str | None:
        return absolute_url(self.context, claimant) if getattr(claimant, "public", False) else None


class SourceSerializer(serializers.Serializer):
    """A source cited as evidence."""

    id = serializers.IntegerField()
    url = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    kind = serializers.ChoiceField(choices=Source.Kind.choices)
    accessed_on = serializers.DateField(allow_null=True)
    archive_url = serializers.CharField()


class EvidenceSerializer(ReviewerFieldsSerializer):
    """A source attached to a claim, with its stance toward the claim."""

    reviewer_only = ("note",)

    id = serializers.IntegerField()
    source = SourceSerializer()
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    created = serializers.DateTimeField()
    note = serializers.CharField(required=False, help_text=_reviewer_note("The reviewer's note."))


class QuantitySerializer(serializers.Serializer):
    """A casualty figure: a range, what it counts, and its groups."""

    min = serializers.IntegerField(allow_null=True)
    max = serializers.IntegerField(allow_null=True)
    category = serializers.ChoiceField(choices=Claim.Category.choices, allow_blank=True)
    parts = serializers.ListField(
        child=serializers.DictField(), help_text='e.g. [{"count": 3, "who": "crew"}]'
    )


class EventRefSerializer(serializers.Serializer):
    """The happening the claim's article reports, with the other articles about it."""

    id = serializers.IntegerField()
    title = serializers.CharField()


# A plain enum in the schema: a named component would collide with the other "kind" enums.
@extend_schema_field({"type": "string", "enum": list(ClaimFlag.Kind.values)})
class FlagKindField(serializers.CharField):
    pass


class FlagSerializer(serializers.Serializer):
    """Something that does not add up between this claim and others of its event: one
    flag per kind, summing up every claim that disagrees."""

    kind = FlagKindField(
        help_text="parts_total: inside one article; cross_article: other articles of the "
        "event say otherwise; attribution_conflict: the same words credited to someone else."
    )
    message = serializers.CharField(help_text="What does not add up, in one sentence.")
    others = serializers.ListField(
        child=serializers.IntegerField(),
        source="other_ids",
        help_text="Ids of the claims it disagrees with, the most telling first.",
    )


class VerdictBriefSerializer(ReviewerFieldsSerializer):
    """A claim's verdict: published, or for reviewers the one in progress."""

    reviewer_only = ("status", "version")

    id = serializers.IntegerField()
    rating = serializers.ChoiceField(choices=Verdict.Rating.choices)
    label = serializers.CharField()
    rating_value = serializers.IntegerField(allow_null=True, help_text="5 (true) to 1 (false).")
    rationale = serializers.CharField(help_text="Markdown.")
    published_at = serializers.DateTimeField(allow_null=True)
    status = serializers.ChoiceField(
        choices=Verdict.Status.choices, required=False, help_text=_reviewer_note()
    )
    version = serializers.IntegerField(required=False, help_text=_reviewer_note())


class ClaimSerializer(ReviewerFieldsSerializer):
    """A span of an article's text that states something checkable."""

    reviewer_only = ("origin", "assigned_to", "created", "updated")

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(
        allow_null=True, help_text="The public page, once published."
    )
    article = serializers.IntegerField(source="article_id")
    kind = serializers.ChoiceField(choices=Claim.Kind.choices)
    exact = serializers.CharField(help_text="The quoted text: article.text[start:end].")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    prefix = serializers.CharField()
    suffix = serializers.CharField()
    sentence = serializers.CharField()
    claimant = ClaimantRefSerializer(allow_null=True)
    via = serializers.SerializerMethodField(help_text="Who relayed the claim, nearest first.")
    quantity = QuantitySerializer(allow_null=True, help_text="Casualty figures only.")
    status = serializers.ChoiceField(choices=Claim.Status.choices)
    anchor_state = serializers.ChoiceField(choices=Claim.AnchorState.choices)
    verdict = serializers.SerializerMethodField(
        allow_null=True,
        help_text="The published verdict; reviewers see the working one until then.",
    )
    evidence = EvidenceSerializer(many=True)
    event = serializers.SerializerMethodField(
        allow_null=True, help_text="The event (happening) the claim's article reports."
    )
    matches = serializers.SerializerMethodField(
        help_text="Ids of claims in other articles of the event that state the same thing "
        "(for anonymous callers, only published ones)."
    )
    flags = FlagSerializer(
        many=True,
        help_text="Figures or attributions that do not add up with other claims of the event "
        "(for anonymous callers, only when every claim a flag names is published).",
    )
    origin = serializers.ChoiceField(
        choices=Claim.Origin.choices, required=False, help_text=_reviewer_note()
    )
    assigned_to = serializers.CharField(
        source="assigned_to.username",
        allow_null=True,
        required=False,
        help_text=_reviewer_note(),
    )
    created = serializers.DateTimeField(required=False, help_text=_reviewer_note())
    updated = serializers.DateTimeField(required=False, help_text=_reviewer_note())

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, claim: Claim) -> str | None:
        verdict = current_verdict(claim)
        if verdict is None or verdict.status != Verdict.Status.PUBLISHED:
            return None
        return absolute_url(self.context, claim)

    # One nested serializer per list, not one per claim: building a serializer's
    # fields is most of what rendering a claim's verdict cost.
    @cached_property
    def _claimant_ref(self) -> ClaimantRefSerializer:
        return ClaimantRefSerializer(context=self.context)

    @cached_property
    def _verdict_brief(self) -> VerdictBriefSerializer:
        return VerdictBriefSerializer(context=self.context)

    @extend_schema_field(ClaimantRefSerializer(many=True))
    def get_via(self, claim: Claim) -> list[dict[str, Any]]:
        return [self._claimant_ref.to_representation(r.claimant) for r in claim.relays.all()]

    @extend_schema_field(EventRefSerializer(allow_null=True))
    def get_event(self, claim: Claim) -> dict[str, Any] | None:
        if getattr(claim, "event_ref_id", None) is None:
            return None
        return {"id": claim.event_ref_id, "title": claim.event_ref_title}

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_matches(self, claim: Claim) -> list[int]:
        return match_ids(claim)

    @extend_schema_field(VerdictBriefSerializer(allow_null=True))
    def get_verdict(self, claim: Claim) -> dict[str, Any] | None:
        verdict = current_verdict(claim)
        if verdict is None:
            return None
        return self._verdict_brief.to_representation(verdict)


class CorrectionSerializer(serializers.Serializer):
    """A public note on a change made after publication."""

    note = serializers.CharField()
    created = serializers.DateTimeField()


class VerdictSerializer(ReviewerFieldsSerializer):
    """A rating of a claim with its rationale."""

    reviewer_only = (
        "status",
        "version",
        "author",
        "approved_by",
        "review_note",
        "stale",
        "submitted_at",
        "created",
        "updated",
    )

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(
        allow_null=True, help_text="The claim's public page, once published."
    )
    claim = serializers.IntegerField(source="claim_id")
    rating = serializers.ChoiceField(choices=Verdict.Rating.choices)
    label = serializers.CharField()
    rating_value = serializers.IntegerField(allow_null=True, help_text="5 (true) to 1 (false).")
    rationale = serializers.CharField(help_text="Markdown.")
    published_at = serializers.DateTimeField(allow_null=True)
    corrections = CorrectionSerializer(many=True, help_text="Changes made after publication.")
    status = serializers.ChoiceField(
        choices=Verdict.Status.choices, required=False, help_text=_reviewer_note()
    )
    version = serializers.IntegerField(
        required=False, help_text=_reviewer_note("Send it back with every write.")
    )
    author = serializers.CharField(
        source="author.username", required=False, help_text=_reviewer_note()
    )
    approved_by = serializers.CharField(
        source="approved_by.username",
        allow_null=True,
        required=False,
        help_text=_reviewer_note(),
    )
    review_note = serializers.CharField(
        required=False, help_text=_reviewer_note("Why an editor sent it back.")
    )
    stale = serializers.BooleanField(
        required=False, help_text=_reviewer_note("The quoted text changed since.")
    )
    submitted_at = serializers.DateTimeField(
        allow_null=True, required=False, help_text=_reviewer_note()
    )
    created = serializers.DateTimeField(required=False, help_text=_reviewer_note())
    updated = serializers.DateTimeField(required=False, help_text=_reviewer_note())

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, verdict: Verdict) -> str | None:
        if verdict.status != Verdict.Status.PUBLISHED:
            return None
        return absolute_url(self.context, verdict.claim)


class PublishResultSerializer(serializers.Serializer):
    """The published verdict and any good-practice warnings."""

    verdict = VerdictSerializer()
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="Good-practice reminders; publishing went ahead."
    )


class ImportResultSerializer(serializers.Serializer):
    """What the import did, and the article."""

    status = serializers.ChoiceField(choices=["imported", "updated", "unchanged"])
    article = ArticleDetailSerializer()
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text="What a reviewer should check, e.g. that a web page's main text was "
        "extracted with little confidence. Empty when all went well.",
    )


class ErrorSerializer(serializers.Serializer):
    """Every error the API returns has this shape."""

    detail = serializers.CharField(help_text="What went wrong, for a person.")
    code = serializers.CharField(help_text='A stable code, e.g. "invalid", "not_found".')
    errors = serializers.DictField(
        required=False, help_text="Invalid input only: the messages for each field."
    )


class ConflictSerializer(ErrorSerializer):
    """A stale write: the verdict changed since the version you sent."""

    current = VerdictSerializer(help_text="The verdict as it is now.")


# ------------------------------------------------------------------------------
# Input
# ------------------------------------------------------------------------------
class Input(serializers.Serializer):
    """A request body that refuses fields it does not know.

    A misspelt field ("ratting") would otherwise be dropped silently and the
    write would go ahead with the default; the schema says the same
    (``additionalProperties: false``, see ``claims.api.views.ApiSchema``).
    """

    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, list[str]] = {}
        if isinstance(data, Mapping):
            names = ", ".join(self.fields)
            unknown = {
                str(key): [f"Unknown field; the fields are: {names}."]
                for key in data
                # A browser form posted with its session sends its CSRF token as a field.
                if key not in self.fields and key != "csrfmiddlewaretoken"
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**unknown, **exc.detail}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class ArticleImportTextSerializer(Input):
    """An article file's content as text, or the address of a web page to fetch."""

    text = Text(
        trim_whitespace=False,
        required=False,
        default="",
        allow_blank=True,
        help_text="The article file's content. Leave it out to fetch the page at `url`.",
    )
    filename = Text(max_length=255, required=False, default="", help_text="Helps guess the format.")
    source_format = serializers.ChoiceField(
        choices=Article.SourceFormat.choices,
        required=False,
        default="",
        allow_blank=True,
        help_text="Guessed if empty.",
    )
    outlet = Text(max_length=200, required=False, default="", allow_blank=True)
    url = Text(
        max_length=1000,
        required=False,
        default="",
        allow_blank=True,
        help_text=(
            "The original url; importing the same url again updates the article. Given "
            "without `text`, the page is fetched from it (http or https)."
        ),
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if not data["text"] and not data["url"].strip():
            raise serializers.ValidationError(
                {"text": ["Send the article as `text`, or only the page's `url` to fetch it."]}
            )
        return data


class ArticleImportFileSerializer(Input):
    """An article file upload."""

    file = serializers.FileField(help_text="A UTF-8 text, Markdown, HTML or wire-story file.")
    source_format = serializers.ChoiceField(
        choices=Article.SourceFormat.choices,
        required=False,
        default="",
        allow_blank=True,
        help_text="Guessed if empty.",
    )
    outlet = Text(max_length=200, required=False, default="", allow_blank=True)
    url = Text(max_length=1000, required=False, default="", allow_blank=True)


class ClaimCreateSerializer(Input):
    """A claim marked by hand."""

    article = serializers.PrimaryKeyRelatedField(queryset=Article.objects.all())
    kind = serializers.ChoiceField(choices=Claim.Kind.choices)
    exact = Text(
        required=False,
        default="",
        allow_blank=True,
        trim_whitespace=False,
        max_length=MAX_TEXT,
        help_text="The exact quote; it must appear once in the article. Or give start and end.",
    )
    start = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_INT,
        help_text="Where the passage starts: a code-point offset into the article text.",
    )
    end = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_INT,
        help_text="Where it ends (exclusive); after `start`.",
    )
    claimant = serializers.PrimaryKeyRelatedField(
        queryset=Claimant.objects.all(), required=False, allow_null=True
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        # The shape of the request, in the API's own field names; whether the passage
        # is really in the article is the service's check.
        start, end = data.get("start"), data.get("end")
        if start is None and end is None:
            if not data.get("exact", "").strip():
                raise serializers.ValidationError(
                    "Say which passage: give either `exact` (the quote, found once in the "
                    "article text) or `start` and `end` (its offsets in the article text)."
                )
        elif start is None or end is None:
            missing, given = ("start", "end") if start is None else ("end", "start")
            raise serializers.ValidationError(
                {missing: [f"Give `{missing}` with `{given}`, or neither and only `exact`."]}
            )
        elif start >= end:
            raise serializers.ValidationError(
                {"end": ["`start` must come before `end` (`end` is exclusive)."]}
            )
        return data


class PartSerializer(Input):
    """One group of a casualty figure."""

    count = serializers.IntegerField(min_value=0, max_value=MAX_INT)
    who = Text(max_length=200, required=False, default="", allow_blank=True)


class QuantityInputSerializer(Input):
    """Casualty figures to change."""

    min = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_INT)
    max = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_INT)
    category = serializers.ChoiceField(
        choices=Claim.Category.choices, required=False, allow_blank=True
    )
    parts = PartSerializer(many=True, required=False, max_length=MAX_PARTS)


class ClaimUpdateSerializer(Input):
    """Changes to a claim; send only what changes."""

    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)
    claimant = serializers.PrimaryKeyRelatedField(
        queryset=Claimant.objects.all(), required=False, allow_null=True
    )
    via = serializers.ListField(
        child=serializers.PrimaryKeyRelatedField(queryset=Claimant.objects.all()),
        required=False,
        max_length=MAX_VIA,
        help_text="Claimant ids, nearest relay first; replaces the chain.",
    )
    quantity = QuantityInputSerializer(
        required=False, allow_null=True, help_text="Only the keys you send change; null clears."
    )


class EvidenceCreateSerializer(Input):
    """A source to attach to a claim."""

    url = HttpUrl(max_length=1000, help_text="The source; an existing source is reused.")
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    title = Text(max_length=500, required=False, default="", allow_blank=True)
    publisher = Text(max_length=200, required=False, default="", allow_blank=True)
    kind = serializers.ChoiceField(
        choices=Source.Kind.choices, required=False, default=Source.Kind.NEWS
    )
    note = Text(
        max_length=MAX_TEXT,
        required=False,
        default="",
        allow_blank=True,
        help_text="For reviewers only; never public.",
    )


class VerdictCreateSerializer(Input):
    """The first draft of a claim's verdict."""

    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    rating = serializers.ChoiceField(choices=Verdict.Rating.choices)
    rationale = Text(
        max_length=MAX_TEXT, required=False, default="", allow_blank=True, help_text="Markdown."
    )


class VerdictDraftSerializer(Input):
    """Changes to a draft verdict."""

    rating = serializers.ChoiceField(choices=Verdict.Rating.choices)
    rationale = Text(
        max_length=MAX_TEXT, required=False, default="", allow_blank=True, help_text="Markdown."
    )
    version = version_field()


class VersionSerializer(Input):
    """The version you are acting on."""

    version = version_field()


class SendBackSerializer(Input):
    """Why the verdict goes back to its author."""

    version = version_field()
    note = Text(max_length=MAX_TEXT, help_text="What needs to change.")
