"""The REST API under /api/v1/ (Django REST framework, documented by drf-spectacular).

Anyone may read articles, claims, claimants, sources and verdicts, but
anonymous callers see only what is published: claims with a published
verdict, that verdict, and the articles, claimants and sources around them.
Reviewers and editors see everything and write through the same services as
the review pages. Every view names who may use each action; anything not
named is denied (``claims.api_errors.DenyAll``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property, partial
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from articles.jobs import background
from articles.models import Article
from articles.services import ArticleImportError, article_import_text_or_url
from articles.tasks import process_after_import
from claims import services
from claims.export import csv_lines
from claims.models import (
    MAX_ID,
    Claim,
    Claimant,
    ClaimRelay,
    Correction,
    Evidence,
    PendingChange,
    Source,
    Verdict,
)
from claims.public.claimreview_feed import (
    CLAIMREVIEW_PAGE_SIZE,
    BadCursor,
    cached_claimreview_page,
    next_link,
)
from claims.selectors import claims_for_export, event_links

from . import rows
from .errors import Conflict, DenyAll, Refused
from .filters import ArticleFilter, ClaimantFilter, ClaimFilter, SourceFilter, VerdictFilter
from .renderers import OrjsonRenderer
from .serializers import (
    ArticleDetailSerializer,
    ArticleImportFileSerializer,
    ArticleImportTextSerializer,
    ArticleSerializer,
    ChangeApproveSerializer,
    ChangeRejectSerializer,
    ClaimantSerializer,
    ClaimCreateSerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
    ConflictSerializer,
    ErrorSerializer,
    EvidenceCreateSerializer,
    EvidenceSerializer,
    ImportResultSerializer,
    Input,
    PendingChangeSerializer,
    PublishResultSerializer,
    PublishSerializer,
    SendBackSerializer,
    SourceSerializer,
    VerdictCreateSerializer,
    VerdictDraftSerializer,
    VerdictSerializer,
    VersionSerializer,
)


# ------------------------------------------------------------------------------
# Permissions
# ------------------------------------------------------------------------------
class PublicRead(permissions.BasePermission):
    """Anyone may read; the view's queryset decides what each caller sees."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS


class ReviewerOnly(permissions.BasePermission):
    message = "Only reviewers and editors can do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return services.user_is_reviewer(request.user)


class EditorOnly(permissions.BasePermission):
    message = "Only editors can do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return services.user_is_editor(request.user)


# ------------------------------------------------------------------------------
# Pagination
# ------------------------------------------------------------------------------
_WHOLE_NUMBER = re.compile(r"[0-9]{1,19}")


def is_id(value: str) -> bool:
    """Whether a query-string value is a whole number the id columns can hold."""
    return bool(_WHOLE_NUMBER.fullmatch(value)) and 1 <= int(value) <= MAX_ID


class ApiCursorPagination(CursorPagination):
    """Cursor pagination on the id: page 10,000 costs what page 1 costs."""

    ordering = "-id"
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"
    page_size_query_description = "Results per page, 1 to 100 (default 20)."
    invalid_cursor_message = "The cursor is not valid: follow a list's next or previous link."

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not _WHOLE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def decode_cursor(self, request: Request) -> Any:
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise self.invalid_cursor() from None
        # The position is compared with the id column: anything but an id would be a 500.
        if cursor is not None and cursor.position is not None and not is_id(cursor.position):
            raise self.invalid_cursor()
        return cursor

    def paginate_rows(self, read: Callable[..., list[dict]], request: Request) -> list[dict]:
        """``paginate_queryset`` for a list read in SQL: the same pages, cursors and links.

        ``read(reverse=, position=, offset=, limit=)`` gives the rows by id, newest first
        (oldest first if ``reverse``), those past ``position`` when it is given.
        """
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = ("-id",)  # how the rows are read: newest first
        self.cursor = self.decode_cursor(request)
        offset, reverse, position = self.cursor or (0, False, None)
        results = read(
            reverse=reverse,
            position=None if position is None else int(position),
            offset=offset,
            limit=self.page_size + 1,
        )
        self.page = results[: self.page_size]
        following = str(results[-1]["id"]) if len(results) > self.page_size else None
        if reverse:
            self.page.reverse()
            self.has_next = position is not None or offset > 0
            self.has_previous = following is not None
            self.next_position, self.previous_position = position, following
        else:
            self.has_next = following is not None
            self.has_previous = position is not None or offset > 0
            self.next_position, self.previous_position = following, position
        return self.page

    def invalid_cursor(self) -> exceptions.ValidationError:
        return exceptions.ValidationError({"cursor": [self.invalid_cursor_message]})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            paginated["properties"][name]["example"] = (
                "https://claims.example.org/api/v1/claims/?cursor=cD0xMjM%3D"
            )
        paginated["required"] = ["next", "previous", "results"]
        return paginated

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.cursor_query_param:
                parameter["allowEmptyValue"] = True  # the first page
        return parameters


# ------------------------------------------------------------------------------
# Schema: every operation documents the errors it can answer with
# ------------------------------------------------------------------------------
ERROR_DESCRIPTIONS = {
    400: "Invalid input; `errors` holds the message for each field.",
    401: "Not authenticated, or the token is invalid.",
    403: "Authenticated, but not allowed to do this (role, or the four-eyes rule).",
    404: "No such object, or not visible to you.",
    415: "The request body is not in one of the documented content types.",
    429: "Too many requests; retry after the seconds in the Retry-After header.",
}


class ApiSchema(AutoSchema):
    """Adds the error responses (in the one Error shape) that each operation can give."""

    def _error_statuses(self) -> list[int]:
        view = self.view
        write = self.method not in permissions.SAFE_METHODS
        codes = [401, 429]
        if write or getattr(view, "action", None) == "list" or getattr(view, "has_query", False):
            codes.append(400)
        if write or getattr(view, "reviewers_only", False):
            codes.append(403)
        if "{" in self.path:
            codes.append(404)
        if write and self.get_request_serializer() is not None:
            codes.append(415)
        return codes

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code in self._error_statuses():
            if str(code) not in responses:
                response = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
                responses[str(code)] = self._get_response_for_code(response, str(code))
        if "429" in responses:
            responses["429"]["headers"] = {"Retry-After": RETRY_AFTER}
        return dict(sorted(responses.items()))

    def get_auth(self) -> list[dict[str, Any]]:
        auths = super().get_auth()
        # Public reads need no credentials: say so, or clients and the docs page ask for a token.
        if any(isinstance(p, PublicRead) for p in self.view.get_permissions()):
            auths.append({})
        return auths

    def _get_filter_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            # As with any django-filter filter, "?kind=" is the same as no kind filter.
            parameter["allowEmptyValue"] = True
        return parameters

    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict[str, Any]:
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(force_instance(serializer), Input):
            schema["additionalProperties"] = False
        return schema


RETRY_AFTER = {
    "schema": {"type": "integer", "minimum": 0},
    "required": True,
    "description": "Seconds to wait before the next request.",
}


HELD = OpenApiResponse(
    PendingChangeSerializer,
    description="The claim's verdict is published: the change waits for an editor's approval.",
)
CONFLICT = OpenApiResponse(
    ConflictSerializer, description="The verdict changed since your version; `current` is it now."
)


# ------------------------------------------------------------------------------
# Shared view behaviour
# ------------------------------------------------------------------------------
class FirstRendererNegotiation(DefaultContentNegotiation):
    """Answer in the view's one format whatever the Accept header says (no 406)."""

    def select_renderer(self, request: Request, renderers: list, format_suffix: str = "") -> Any:
        return renderers[0], renderers[0].media_type


@contextmanager
def _service_errors(context: dict[str, Any]) -> Iterator[None]:
    """Turn a refused service call into the API's 400, 403 or 409."""
    try:
        yield
    except services.Conflict as exc:
        current = visible_verdicts(reviewer=True).get(pk=exc.current.pk)
        raise Conflict(str(exc), current=VerdictSerializer(current, context=context).data) from None
    except services.NotAllowed as exc:
        raise exceptions.PermissionDenied(str(exc)) from None
    except services.ServiceError as exc:
        raise Refused(str(exc)) from None


# Query parameters every list takes besides its filters; "format" is accepted and ignored.
PAGING_PARAMETERS = frozenset({"cursor", "page_size", "format"})


def refuse_nul_bytes(request: Request) -> None:
    """No text column can hold a NUL character (PostgreSQL answers with an error): a 400."""
    bad = sorted(
        name
        for name, values in request.query_params.lists()
        if "\x00" in name or any("\x00" in value for value in values)
    )
    if bad:
        message = "The value contains a NUL character (%00), which no text can hold."
        raise exceptions.ValidationError({name.replace("\x00", ""): [message] for name in bad})


def refuse_unknown_parameters(request: Request, known: Iterable[str]) -> None:
    """A misspelt filter ("claimaint=5") is a 400, not a list of everything."""
    known = set(known)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        names = ", ".join(sorted(known - {"format"}))
        message = f"Unknown query parameter; the parameters are: {names}."
        raise exceptions.ValidationError({name: [message] for name in unknown})


class ApiViewSet(GenericViewSet):
    """Deny by default: ``action_permissions`` names who may run each action."""

    schema = ApiSchema()
    pagination_class = ApiCursorPagination
    metadata_class = None  # OPTIONS answers 405 instead of describing the forms
    content_negotiation_class = FirstRendererNegotiation
    action_permissions: dict[str, list[type[permissions.BasePermission]]] = {}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        refuse_nul_bytes(request)

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.action in (None, "metadata"):
            # A method this url does not have (OPTIONS included, see metadata_class):
            # let the handler answer 405.
            return []
        return [permission() for permission in self.action_permissions.get(self.action, [DenyAll])]

    @cached_property
    def reviewer(self) -> bool:
        return services.user_is_reviewer(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "reviewer": self.reviewer}

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Filters narrow lists; a detail url names one object whatever the query string says.
        if self.action != "list" or not self.filtered:
            return queryset  # no filter given: building the filter set would change nothing
        return super().filter_queryset(queryset)

    @cached_property
    def filtered(self) -> bool:
        """Whether the list's query string gives a filter; a misspelt one is a 400."""
        refuse_unknown_parameters(
            self.request, {*self.filterset_class.base_filters, *PAGING_PARAMETERS}
        )
        return bool(set(self.request.query_params) - PAGING_PARAMETERS)

    def list_of_rows(self, queryset: QuerySet, items: Callable[[list], list]) -> Response:
        """A list page read as rows (``claims.api.rows``): filtered and paged as any list,
        ``queryset`` being the caller's objects as ``values()``."""
        page = self.paginate_queryset(self.filter_queryset(queryset))
        return self.get_paginated_response(items(page))

    @cached_property
    def urls(self) -> rows.PublicUrls:
        return rows.PublicUrls(self.request)

    def validated(self, serializer_class: type[Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def service_errors(self) -> Any:
        """Wrap a service call: its refusals become the API's 400, 403 or 409."""
        return _service_errors(self.get_serializer_context())


# ------------------------------------------------------------------------------
# What each caller may see
# ------------------------------------------------------------------------------
def visible_claims(*, reviewer: bool) -> QuerySet[Claim]:
    """Claims with everything their representation needs, in a fixed number of queries."""
    verdicts = Verdict.objects.order_by("-created", "-id")
    contained = Claim.objects.only("pk", "attribution_id").order_by("start", "pk")
    # The event comes as two columns of the claims' query, not a join of whole articles.
    claims = (
        rows.claims_seen(reviewer=reviewer)
        .select_related("claimant")
        .annotate(event_ref_id=F("article__event_id"), event_ref_title=F("article__event__title"))
    )
    if reviewer:
        claims = claims.select_related("assigned_to")
    else:
        # The claims inside what an attribution reports: the public sees only published ones.
        verdicts = verdicts.published()
        contained = contained.filter(rows.published_verdict_of("pk"))
    return claims.prefetch_related(
        Prefetch("relays", queryset=ClaimRelay.objects.select_related("claimant")),
        Prefetch("verdicts", queryset=verdicts),
        Prefetch("evidence", queryset=Evidence.objects.select_related("source")),
        Prefetch("contained", queryset=contained, to_attr="contained_visible"),
        *event_links(public=not reviewer),
    )


def verdicts_seen(*, reviewer: bool) -> QuerySet[Verdict]:
    return Verdict.objects.all() if reviewer else Verdict.objects.published()


def visible_verdicts(*, reviewer: bool) -> QuerySet[Verdict]:
    verdicts = verdicts_seen(reviewer=reviewer).select_related("claim")
    if reviewer:
        verdicts = verdicts.select_related("author", "approved_by")
    return verdicts.prefetch_related(
        Prefetch("corrections", queryset=Correction.objects.order_by("-created", "-id"))
    )


def visible_articles(*, reviewer: bool) -> QuerySet[Article]:
    published = Verdict.objects.published().filter(claim__article=OuterRef("pk"))
    articles = Article.objects.select_related("outlet").annotate(public=Exists(published))
    articles = articles.defer("source")
    return articles if reviewer else articles.filter(public=True)


def visible_claimants(*, reviewer: bool) -> QuerySet[Claimant]:
    said = Verdict.objects.published().filter(claim__claimant=OuterRef("pk"))
    relayed = Verdict.objects.published().filter(claim__relays__claimant=OuterRef("pk"))
    claimants = Claimant.objects.select_related("affiliation").annotate(
        public=Exists(said) | Exists(relayed)
    )
    return claimants if reviewer else claimants.filter(public=True)


def visible_sources(*, reviewer: bool) -> QuerySet[Source]:
    if reviewer:
        return Source.objects.all()
    cited = Verdict.objects.published().filter(claim__evidence__source=OuterRef("pk"))
    return Source.objects.filter(Exists(cited))


# The lists, read as rows (claims.api.rows).
@rows.kept
def article_rows(*, reviewer: bool) -> QuerySet:
    return visible_articles(reviewer=reviewer).values(*rows.ARTICLE_COLUMNS)


@rows.kept
def claimant_rows(*, reviewer: bool) -> QuerySet:
    return visible_claimants(reviewer=reviewer).values(*rows.CLAIMANT_COLUMNS)


@rows.kept
def source_rows(*, reviewer: bool) -> QuerySet:
    return visible_sources(reviewer=reviewer).values(*rows.SOURCE_COLUMNS)


@rows.kept
def verdict_rows(*, reviewer: bool) -> QuerySet:
    return verdicts_seen(reviewer=reviewer).values(*rows.verdict_columns(reviewer=reviewer))


# ------------------------------------------------------------------------------
# Articles
# ------------------------------------------------------------------------------
@extend_schema(tags=["articles"])
@extend_schema_view(retrieve=extend_schema(summary="Get an article with its text"))
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Imported news articles. Anonymous callers see those with a published claim."""

    queryset = Article.objects.all()
    filterset_class = ArticleFilter
    action_permissions = {
        "list": [PublicRead],
        "retrieve": [PublicRead],
        "import_article": [ReviewerOnly],
    }

    def get_queryset(self) -> QuerySet[Article]:
        articles = visible_articles(reviewer=self.reviewer)
        return articles.defer("text") if self.action == "list" else articles

    def get_serializer_class(self) -> type[Serializer]:
        return ArticleSerializer if self.action == "list" else ArticleDetailSerializer

    @extend_schema(summary="List articles", responses=ArticleSerializer)
    def list(self, request: Request) -> Response:
        articles = article_rows(reviewer=self.reviewer)
        return self.list_of_rows(articles, lambda page: rows.article_items(page, urls=self.urls))

    @extend_schema(
        summary="Import an article",
        description=(
            "The same importer as the command line and the review pages: send the file's "
            "content as JSON `text`, upload it as multipart `file`, or send only `url` "
            "to have the web page fetched (public addresses only). Importing an article "
            "whose url is already here updates it (its claims are re-anchored); the same "
            "content again changes nothing."
        ),
        request={
            "application/json": ArticleImportTextSerializer,
            "multipart/form-data": ArticleImportFileSerializer,
        },
        responses={
            201: OpenApiResponse(ImportResultSerializer, description="Imported."),
            200: OpenApiResponse(ImportResultSerializer, description="Updated or unchanged."),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[JSONParser, MultiPartParser],
    )
    def import_article(self, request: Request) -> Response:
        limit = settings.CLAIMTRACK_MAX_IMPORT_BYTES
        if request.content_type.startswith("multipart/"):
            data = self.validated(ArticleImportFileSerializer)
            upload = data["file"]
            # Checked before reading, so an oversized upload never gets into memory.
            if upload.size > limit:
                raise Refused(
                    f"the file is too large ({upload.size:,} bytes; the limit is {limit:,} bytes)"
                )
            raw: bytes | str = upload.read()
            filename = upload.name or ""
        else:
            data = self.validated(ArticleImportTextSerializer)
            raw, filename = data["text"], data["filename"]
        try:
            result = article_import_text_or_url(
                raw=raw,
                url=data["url"],
                filename=filename,
                by=request.user,
                source_format=data["source_format"],
                outlet_name=data["outlet"],
                published_on=data["published_on"],
                defer_claims=background(),
            )
        except ArticleImportError as exc:
            raise Refused(str(exc), code="import_failed") from None
        process_after_import(result.article)  # with a broker, its claims are found by a worker
        article = self.get_queryset().get(pk=result.article.pk)
        body = ImportResultSerializer(
            {
                "status": result.status,
                "article": article,
                "warnings": result.warnings,
                "skipped_candidates": result.skipped,
            },
            context=self.get_serializer_context(),
        ).data
        code = status.HTTP_201_CREATED if result.status == "imported" else status.HTTP_200_OK
        return Response(body, status=code)


# ------------------------------------------------------------------------------
# Claims
# ------------------------------------------------------------------------------
@extend_schema(tags=["claims"])
@extend_schema_view(retrieve=extend_schema(summary="Get a claim"))
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Claims: spans of an article's text that state something checkable."""

    queryset = Claim.objects.all()
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    action_permissions = {
        "list": [PublicRead],
        "retrieve": [PublicRead],
        "create": [ReviewerOnly],
        "partial_update": [ReviewerOnly],
        "confirm": [ReviewerOnly],
        "dismiss": [ReviewerOnly],
        "evidence": [ReviewerOnly],
        "evidence_remove": [ReviewerOnly],
    }

    def get_queryset(self) -> QuerySet[Claim]:
        return visible_claims(reviewer=self.reviewer)

    @extend_schema(summary="List claims", responses=ClaimSerializer)
    def list(self, request: Request) -> Response:
        reviewer = self.reviewer
        among = self.filter_queryset(Claim.objects.all()) if self.filtered else None
        read = partial(rows.claim_page, reviewer=reviewer, among=among)
        page = self.paginator.paginate_rows(read, request)
        return self.get_paginated_response(
            rows.claim_items(page, reviewer=reviewer, urls=self.urls)
        )

    def claim_response(self, claim: Claim, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=claim.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(
        summary="Mark a claim by hand",
        description=(
            "By `exact` quote (it must appear exactly once in the article text) or by "
            "`start`/`end` offsets into it. The claim is created confirmed."
        ),
        request=ClaimCreateSerializer,
        responses={201: ClaimSerializer},
    )
    def create(self, request: Request) -> Response:
        data = self.validated(ClaimCreateSerializer)
        with self.service_errors():
            claim = services.claim_create_manual(
                article=data["article"],
                by=request.user,
                kind=data["kind"],
                exact=data["exact"],
                start=data.get("start"),
                end=data.get("end"),
                claimant=data.get("claimant"),
            )
        return self.claim_response(claim, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Edit a claim",
        description=(
            "Change its statement (the claim as checked), kind, claimant, relay chain or "
            "casualty figures. Confirms it. On a claim with a published verdict the change "
            "is held for an editor's approval: the answer is then 202 with the pending "
            "change, and the public sees nothing of it until an editor approves (then it "
            "is a public correction)."
        ),
        request=ClaimUpdateSerializer,
        responses={200: ClaimSerializer, 202: HELD},
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        data = self.validated(ClaimUpdateSerializer)
        if not data:
            raise Refused("Send at least one of: statement, kind, claimant, via, quantity.")
        changes: dict[str, Any] = {
            k: data[k] for k in ("kind", "claimant", "statement") if k in data
        }
        if "quantity" in data:
            quantity = data["quantity"]
            if quantity is None:
                quantity = {"min": None, "max": None, "category": "", "parts": []}
            names = {"min": "count_min", "max": "count_max", "category": "category"}
            changes.update({names[k]: v for k, v in quantity.items() if k in names})
            if "parts" in quantity:
                changes["parts"] = [dict(part) for part in quantity["parts"]]
        with self.service_errors():
            result = services.claim_update(
                claim=claim, by=request.user, via=data.get("via"), **changes
            )
        if isinstance(result, PendingChange):
            return held_response(result)
        return self.claim_response(claim)

    @extend_schema(
        summary="Confirm a candidate claim", request=None, responses={200: ClaimSerializer}
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        with self.service_errors():
            services.claim_confirm(claim=claim, by=request.user)
        return self.claim_response(claim)

    @extend_schema(summary="Dismiss a claim", request=None, responses={200: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        with self.service_errors():
            services.claim_dismiss(claim=claim, by=request.user)
        return self.claim_response(claim)

    @extend_schema(
        summary="Attach a source",
        description=(
            "A source already on file with the same url is reused (its title and publisher "
            "are kept). Attaching a source the claim already has updates its stance, and its "
            "note when one is sent: the answer is then 200 instead of 201. On a claim with "
            "a published verdict a new source or stance is held for an editor's approval: "
            "the answer is then 202 with the pending change."
        ),
        request=EvidenceCreateSerializer,
        responses={
            202: HELD,
            201: OpenApiResponse(EvidenceSerializer, description="The source was attached."),
            200: OpenApiResponse(
                EvidenceSerializer,
                description="The claim already had this source; its stance was updated.",
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        data = self.validated(EvidenceCreateSerializer)
        with self.service_errors():
            evidence, attached = services.evidence_attach(
                claim=claim,
                by=request.user,
                url=data["url"],
                stance=data["stance"],
                title=data["title"],
                publisher=data["publisher"],
                kind=data["kind"],
                note=data["note"],
            )
        if isinstance(evidence, PendingChange):
            return held_response(evidence)
        evidence = Evidence.objects.select_related("source").get(pk=evidence.pk)
        body = EvidenceSerializer(evidence, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED if attached else status.HTTP_200_OK)

    @extend_schema(
        summary="Remove a source",
        description=(
            "Detaches the source from the claim (204). On a claim with a published verdict "
            "the removal is held for an editor's approval (202 with the pending change), and "
            "removing its last source is refused (400)."
        ),
        request=None,
        parameters=[
            OpenApiParameter(
                "evidence_id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description="The `id` of the claim's evidence entry.",
            )
        ],
        responses={204: None, 202: HELD},
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"evidence/(?P<evidence_id>[0-9]{1,18})",
        url_name="evidence-remove",
    )
    def evidence_remove(
        self, request: Request, pk: str | None = None, evidence_id: str | None = None
    ) -> Response:
        claim = self.get_object()
        evidence = claim.evidence.filter(pk=int(evidence_id or 0)).first()
        if evidence is None:
            raise exceptions.NotFound("This claim has no evidence with that id.")
        with self.service_errors():
            result = services.evidence_remove(evidence=evidence, by=request.user)
        if isinstance(result, PendingChange):
            return held_response(result)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ------------------------------------------------------------------------------
# Claimants and sources
# ------------------------------------------------------------------------------
@extend_schema(tags=["claimants"])
@extend_schema_view(retrieve=extend_schema(summary="Get a claimant"))
class ClaimantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """People and organizations claims are attributed to."""

    queryset = Claimant.objects.all()
    serializer_class = ClaimantSerializer
    filterset_class = ClaimantFilter
    action_permissions = {"list": [PublicRead], "retrieve": [PublicRead]}

    def get_queryset(self) -> QuerySet[Claimant]:
        return visible_claimants(reviewer=self.reviewer)

    @extend_schema(summary="List claimants", responses=ClaimantSerializer)
    def list(self, request: Request) -> Response:
        claimants = claimant_rows(reviewer=self.reviewer)
        return self.list_of_rows(claimants, lambda page: rows.claimant_items(page, urls=self.urls))


@extend_schema(tags=["sources"])
@extend_schema_view(retrieve=extend_schema(summary="Get a source"))
class SourceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Sources attached to claims as evidence."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    action_permissions = {"list": [PublicRead], "retrieve": [PublicRead]}

    def get_queryset(self) -> QuerySet[Source]:
        return visible_sources(reviewer=self.reviewer)

    @extend_schema(summary="List sources", responses=SourceSerializer)
    def list(self, request: Request) -> Response:
        sources = source_rows(reviewer=self.reviewer)
        return self.list_of_rows(sources, rows.source_items)


# ------------------------------------------------------------------------------
# Verdicts
# ------------------------------------------------------------------------------
@extend_schema(tags=["verdicts"])
@extend_schema_view(retrieve=extend_schema(summary="Get a verdict"))
class VerdictViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Verdicts. Anonymous callers see published ones; every write names its `version`."""

    queryset = Verdict.objects.all()
    serializer_class = VerdictSerializer
    filterset_class = VerdictFilter
    action_permissions = {
        "list": [PublicRead],
        "retrieve": [PublicRead],
        "create": [ReviewerOnly],
        "draft": [ReviewerOnly],
        "submit": [ReviewerOnly],
        "publish": [EditorOnly],
        "send_back": [EditorOnly],
    }

    def get_queryset(self) -> QuerySet[Verdict]:
        return visible_verdicts(reviewer=self.reviewer)

    @extend_schema(summary="List verdicts", responses=VerdictSerializer)
    def list(self, request: Request) -> Response:
        reviewer = self.reviewer
        verdicts = verdict_rows(reviewer=reviewer)
        return self.list_of_rows(
            verdicts, lambda page: rows.verdict_items(page, reviewer=reviewer, urls=self.urls)
        )

    def verdict_body(self, verdict: Verdict) -> dict[str, Any]:
        return self.get_serializer(self.get_queryset().get(pk=verdict.pk)).data

    @extend_schema(
        summary="Start a verdict",
        description="Creates the claim's draft verdict; a claim has one verdict in progress.",
        request=VerdictCreateSerializer,
        responses={201: VerdictSerializer, 409: CONFLICT},
    )
    def create(self, request: Request) -> Response:
        data = self.validated(VerdictCreateSerializer)
        with self.service_errors():
            verdict = services.verdict_save_draft(
                claim=data["claim"],
                by=request.user,
                rating=data["rating"],
                rationale=data["rationale"],
            )
        return Response(self.verdict_body(verdict), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Save the draft",
        description="A submitted verdict edited this way goes back to draft.",
        request=VerdictDraftSerializer,
        responses={200: VerdictSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def draft(self, request: Request, pk: str | None = None) -> Response:
        verdict = self.get_object()
        data = self.validated(VerdictDraftSerializer)
        with self.service_errors():
            verdict = services.verdict_save_draft(
                claim=verdict.claim,
                by=request.user,
                rating=data["rating"],
                rationale=data["rationale"],
                verdict=verdict,
                version=data["version"],
            )
        return Response(self.verdict_body(verdict))

    @extend_schema(
        summary="Submit for approval",
        request=VersionSerializer,
        responses={200: VerdictSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        verdict = self.get_object()
        data = self.validated(VersionSerializer)
        with self.service_errors():
            verdict = services.verdict_submit(
                verdict=verdict, by=request.user, version=data["version"]
            )
        return Response(self.verdict_body(verdict))

    @extend_schema(
        summary="Approve and publish (editors)",
        description=(
            "Four eyes: an editor cannot publish their own verdict. The two-source rule: a "
            "casualty verdict with fewer than two independent sources is refused with 400 "
            "and the code `publish_anyway_required` unless `publish_anyway_reason` says why "
            "it goes out anyway (kept in the verdict's history)."
        ),
        request=PublishSerializer,
        responses={200: PublishResultSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        verdict = self.get_object()
        data = self.validated(PublishSerializer)
        with self.service_errors():
            try:
                result = services.verdict_publish(
                    verdict=verdict,
                    by=request.user,
                    version=data["version"],
                    publish_anyway_reason=data["publish_anyway_reason"],
                )
            except services.PublishAnywayRequired as exc:
                raise Refused(str(exc), code="publish_anyway_required") from None
        fresh = self.get_queryset().get(pk=result.verdict.pk)
        body = {"verdict": fresh, "warnings": result.warnings}
        context = self.get_serializer_context()
        return Response(PublishResultSerializer(body, context=context).data)

    @extend_schema(
        summary="Send back to the author (editors)",
        request=SendBackSerializer,
        responses={200: VerdictSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="send-back", url_name="send-back")
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        verdict = self.get_object()
        data = self.validated(SendBackSerializer)
        with self.service_errors():
            verdict = services.verdict_send_back(
                verdict=verdict, by=request.user, note=data["note"], version=data["version"]
            )
        return Response(self.verdict_body(verdict))


# ------------------------------------------------------------------------------
# Changes to published fact-checks, held for an editor
# ------------------------------------------------------------------------------
def held_response(change: PendingChange) -> Response:
    """202: the write on a published fact-check waits for an editor's approval."""
    change = PendingChange.objects.select_related("proposed_by", "decided_by").get(pk=change.pk)
    return Response(PendingChangeSerializer(change).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["changes"])
@extend_schema_view(
    list=extend_schema(summary="List changes waiting for an editor (reviewers)"),
    retrieve=extend_schema(summary="Get a held change (reviewers)"),
)
class PendingChangeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Changes to published fact-checks held until an editor other than their author
    approves them. The list holds those still waiting; an id finds any."""

    queryset = PendingChange.objects.all()
    serializer_class = PendingChangeSerializer
    filterset_class = None
    reviewers_only = True
    action_permissions = {
        "list": [ReviewerOnly],
        "retrieve": [ReviewerOnly],
        "approve": [EditorOnly],
        "reject": [ReviewerOnly],
    }

    def get_queryset(self) -> QuerySet[PendingChange]:
        changes = PendingChange.objects.select_related("proposed_by", "decided_by")
        return changes.pending() if self.action == "list" else changes

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if self.action == "list":
            refuse_unknown_parameters(self.request, PAGING_PARAMETERS)
        return queryset

    def change_body(self, change: PendingChange) -> dict[str, Any]:
        return self.get_serializer(self.get_queryset().get(pk=change.pk)).data

    @extend_schema(
        summary="Approve and publish a held change (editors)",
        description=(
            "Applies it and adds the public correction note. Four eyes: not by its author."
        ),
        request=ChangeApproveSerializer,
        responses={200: PendingChangeSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        change = self.get_object()
        data = self.validated(ChangeApproveSerializer)
        with self.service_errors():
            change = services.change_approve(change=change, by=request.user, note=data["note"])
        return Response(self.change_body(change))

    @extend_schema(
        summary="Reject a held change (editors), or take back your own",
        request=ChangeRejectSerializer,
        responses={200: PendingChangeSerializer},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        change = self.get_object()
        data = self.validated(ChangeRejectSerializer)
        with self.service_errors():
            change = services.change_reject(change=change, by=request.user, note=data["note"])
        return Response(self.change_body(change))


# ------------------------------------------------------------------------------
# ClaimReview feed and CSV export
# ------------------------------------------------------------------------------
class JsonLdRenderer(OrjsonRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class ApiView(APIView):
    schema = ApiSchema()
    metadata_class = None
    content_negotiation_class = FirstRendererNegotiation

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        refuse_nul_bytes(request)


_THING = {"type": "object", "required": ["@type"], "additionalProperties": True}
CLAIMREVIEW_FEED_SCHEMA = {
    "type": "object",
    "description": (
        "A schema.org DataFeed of ClaimReview items, one per published verdict: a page of "
        f"up to {CLAIMREVIEW_PAGE_SIZE}, newest first."
    ),
    "required": ["@context", "@type", "name", "url", "publisher", "dataFeedElement"],
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["DataFeed"]},
        "name": {"type": "string"},
        "url": {"type": "string"},
        "publisher": _THING,
        "dateModified": {"type": "string"},
        "dataFeedElement": {
            "type": "array",
            "maxItems": CLAIMREVIEW_PAGE_SIZE,
            "items": {
                "type": "object",
                "required": [
                    "@type",
                    "url",
                    "claimReviewed",
                    "itemReviewed",
                    "author",
                    "reviewRating",
                ],
                "properties": {
                    "@type": {"type": "string", "enum": ["ClaimReview"]},
                    "url": {"type": "string"},
                    "claimReviewed": {"type": "string"},
                    "itemReviewed": _THING,
                    "author": _THING,
                    "reviewRating": _THING,
                    "datePublished": {"type": "string"},
                },
            },
        },
    },
}


class ClaimReviewFeedView(ApiView):
    """Every published verdict as schema.org ClaimReview, for fact-check aggregators.

    In pages of the newest reviews; the Link header names the next page. Pages are
    kept in the cache until anything is published, corrected or withdrawn.
    """

    permission_classes = [PublicRead]
    renderer_classes = [JsonLdRenderer]
    has_query = True

    @extend_schema(
        tags=["claimreview"],
        summary="ClaimReview data feed (JSON-LD)",
        description=(
            f"Published reviews, newest first, {CLAIMREVIEW_PAGE_SIZE} per page. When more "
            'follow, the `Link` header gives the next page: `<...?before=...>; rel="next"`. '
            "Follow it until there is none to read them all; a review keeps its page as new "
            "ones are published (they go to the first page)."
        ),
        parameters=[
            OpenApiParameter(
                "before",
                OpenApiTypes.STR,
                description=(
                    "Where a page starts, from the `Link` header of the page before it: the "
                    "reviews published before the last review of that page. Empty or left "
                    "out: the newest reviews."
                ),
                pattern=r"^([0-9]{1,18}-[0-9]{1,19})?$",
                allow_blank=True,
            ),
            OpenApiParameter(
                "Link",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                response=[200],
                description='The next page, as `<url>; rel="next"`; absent on the last page.',
            ),
        ],
        responses={200: OpenApiResponse(CLAIMREVIEW_FEED_SCHEMA, description="The data feed.")},
    )
    def get(self, request: Request) -> Response:
        before = request.query_params.get("before") or None
        base_url = request.build_absolute_uri("/").rstrip("/")
        try:
            feed, cursor = cached_claimreview_page(before=before, base_url=base_url)
        except BadCursor as exc:
            raise exceptions.ValidationError({"before": [str(exc)]}) from None
        return Response(feed, headers=next_link(base_url + request.path, cursor))


class ClaimExportView(ApiView):
    """Every claim as CSV, for spreadsheets. Reviewers and editors only."""

    permission_classes = [ReviewerOnly]
    renderer_classes = [OrjsonRenderer]
    reviewers_only = True
    has_query = True

    @extend_schema(
        tags=["export"],
        summary="Export claims as CSV",
        parameters=[
            OpenApiParameter(
                "article",
                OpenApiTypes.INT,
                description="Only the claims of this article id.",
            )
        ],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV.")},
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        refuse_unknown_parameters(request, {"article", "format"})
        raw = request.query_params.get("article")
        article_id = None
        if raw is not None:
            if not is_id(raw):
                raise exceptions.ValidationError({"article": ["Give an article id."]})
            article_id = int(raw)
        claims = claims_for_export(article_id=article_id).iterator(chunk_size=500)
        response = StreamingHttpResponse(csv_lines(claims), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="claims.csv"'
        return response


# ------------------------------------------------------------------------------
# Anything else under /api/
# ------------------------------------------------------------------------------
@csrf_exempt  # it changes nothing; a CSRF page would be HTML where clients expect JSON
def not_found(request: HttpRequest) -> JsonResponse:
    """Unknown API urls answer in JSON like the rest of the API, not with an HTML page."""
    return JsonResponse(
        {"detail": "There is no API endpoint at this url.", "code": "not_found"}, status=404
    )
