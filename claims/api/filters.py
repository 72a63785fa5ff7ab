"""Query filters of the REST API (django-filter).

Invalid values are a 400 with a message, never a 500: ids are whole numbers
in range, dates must be convertible to UTC, choices come from the models.
Unknown ids match nothing rather than erroring, so a filter cannot be used
to probe for unpublished objects.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from articles.models import Article
from claims.models import MAX_ID, Claim, Claimant, Evidence, Source, Verdict
from claims.search import MAX_QUERY_LENGTH, search_claims
from claims.services import user_is_reviewer

MAX_SLUG = 220


class IdField(forms.IntegerField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    field_class = IdField


class UtcDateTimeField(forms.DateTimeField):
    """A date or date-time that the database can compare (no year-0 or year-10000 overflow)."""

    def to_python(self, value: object) -> dt.datetime | None:
        result = super().to_python(value)
        if result is None:
            return None
        # In UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts (+17:15),
        # and year 1 with a positive offset starts before the calendar does.
        try:
            return result.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("Enter a date between years 1 and 9999.") from None


class UtcDateTimeFilter(filters.DateTimeFilter):
    field_class = UtcDateTimeField


def _text(label: str) -> filters.CharFilter:
    return filters.CharFilter(method="filter_q", max_length=MAX_QUERY_LENGTH, help_text=label)


def _published_verdicts() -> QuerySet[Verdict]:
    return Verdict.objects.published().filter(claim=OuterRef("pk"))


class ClaimFilter(filters.FilterSet):
    article = IdFilter(field_name="article__id", help_text="Only the claims of this article id.")
    claimant = IdFilter(field_name="claimant__id", help_text="Only the claims of this claimant id.")
    kind = filters.ChoiceFilter(choices=Claim.Kind.choices)
    status = filters.ChoiceFilter(choices=Claim.Status.choices)
    rating = filters.ChoiceFilter(
        choices=Verdict.Rating.choices,
        method="filter_rating",
        help_text=(
            "Claims whose published verdict has this rating "
            "(for reviewers: whose published or working verdict has it)."
        ),
    )
    published_after = UtcDateTimeFilter(
        method="filter_published_after",
        help_text="Claims whose verdict was published at or after this date or date-time.",
    )
    published_before = UtcDateTimeFilter(
        method="filter_published_before",
        help_text="Claims whose verdict was published before this date or date-time.",
    )
    q = _text("Words to search for in the quote, its sentence and the claimant's name.")

    class Meta:
        model = Claim
        fields = ["article", "claimant", "kind", "status"]

    def filter_rating(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if self.request is not None and user_is_reviewer(self.request.user):
            statuses = [Verdict.Status.DRAFT, Verdict.Status.SUBMITTED, Verdict.Status.PUBLISHED]
        else:
            statuses = [Verdict.Status.PUBLISHED]
        # Exists, not a join: a claim with two matching verdicts is still one row.
        verdicts = Verdict.objects.filter(claim=OuterRef("pk"), status__in=statuses, rating=value)
        return queryset.filter(Exists(verdicts))

    def filter_published_after(self, queryset: QuerySet, name: str, value: dt.datetime) -> QuerySet:
        return queryset.filter(Exists(_published_verdicts().filter(published_at__gte=value)))

    def filter_published_before(
        self, queryset: QuerySet, name: str, value: dt.datetime
    ) -> QuerySet:
        return queryset.filter(Exists(_published_verdicts().filter(published_at__lt=value)))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_claims(queryset, value)


class ArticleFilter(filters.FilterSet):
    outlet = filters.CharFilter(
        field_name="outlet__slug", max_length=MAX_SLUG, help_text="The outlet's slug."
    )
    published_after = filters.DateFilter(
        field_name="published_on", lookup_expr="gte", help_text="Published on or after this date."
    )
    published_before = filters.DateFilter(
        field_name="published_on", lookup_expr="lte", help_text="Published on or before this date."
    )
    q = _text("Words to search for in the title and the text.")

    class Meta:
        model = Article
        fields = ["outlet", "published_after", "published_before"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q()
        for word in value.split()[:12]:
            condition &= Q(title__icontains=word) | Q(text__icontains=word)
        return queryset.filter(condition)


class ClaimantFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Claimant.Kind.choices)
    q = _text("Words to search for in the name and the role.")

    class Meta:
        model = Claimant
        fields = ["kind"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q()
        for word in value.split()[:12]:
            condition &= Q(name__icontains=word) | Q(role__icontains=word)
        return queryset.filter(condition)


class SourceFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Source.Kind.choices)
    claim = IdFilter(method="filter_claim", help_text="Only the sources attached to this claim id.")

    class Meta:
        model = Source
        fields = ["kind"]

    def filter_claim(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        evidence = Evidence.objects.filter(source=OuterRef("pk"), claim_id=value)
        if self.request is None or not user_is_reviewer(self.request.user):
            # A public source cited by an unpublished claim too must not reveal that claim.
            published = Verdict.objects.published().filter(claim=OuterRef("claim_id"))
            evidence = evidence.filter(Exists(published))
        return queryset.filter(Exists(evidence))


class VerdictFilter(filters.FilterSet):
    # "claim__id", not "claim_id": with django-filter's "__exact" appended, "claim_id__exact"
    # would compare the claim's own ``exact`` field (its quote) with the id.
    claim = IdFilter(field_name="claim__id", help_text="Only the verdicts on this claim id.")
    rating = filters.ChoiceFilter(choices=Verdict.Rating.choices)
    status = filters.ChoiceFilter(
        choices=Verdict.Status.choices,
        help_text="Anonymous callers only ever see published verdicts.",
    )

    class Meta:
        model = Verdict
        fields = ["claim", "rating", "status"]
