"""How the REST API lets callers in and refuses them: token authentication, the
deny-by-default permission and one JSON error shape.

Every error the API returns has the same body, documented in the schema as
``Error``::

    {"detail": "One sentence for a person.", "code": "invalid", "errors": {...}}

``errors`` appears only on validation errors and holds the per-field messages.
A stale verdict write (409) adds ``current``: the verdict as it is now.

This module is named by ``REST_FRAMEWORK`` in the settings, which Django REST
framework imports while ``rest_framework.views`` is still loading: keep its
imports at module level to ``rest_framework.authentication``,
``rest_framework.exceptions`` and ``rest_framework.permissions``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.signals import got_request_exception
from django.http import Http404
from django.utils.log import log_response
from rest_framework import authentication, exceptions, permissions


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``, and ``Bearer <key>`` as many HTTP clients send it.

    Without this, a script sending "Bearer" would be silently treated as
    anonymous and see only published claims, with no sign that its token was
    never read.
    """

    def authenticate(self, request: Any) -> Any:
        scheme = authentication.get_authorization_header(request).split()[:1]
        if scheme and scheme[0].lower() == b"bearer":
            self.keyword = "Bearer"  # this instance serves this one request
        return super().authenticate(request)


class DenyAll(permissions.BasePermission):
    """The default for every API view: nobody, until the view says who may."""

    message = "This endpoint is not open to anyone."

    def has_permission(self, request: Any, view: Any) -> bool:
        return False


class Conflict(exceptions.APIException):
    """A write based on a stale version: the body carries the current state."""

    status_code = 409
    default_detail = "The object changed since you loaded it."
    default_code = "conflict"

    def __init__(self, detail: str, *, current: dict[str, Any]) -> None:
        super().__init__(detail)
        self.current = current


class Refused(exceptions.APIException):
    """A write the services refused, with their message for the user."""

    status_code = 400
    default_detail = "The request was refused."
    default_code = "refused"


def first_message(detail: Any, path: str = "") -> str:
    """The first message of a (possibly nested) validation error, prefixed with its field."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            return first_message(value, f"{path}.{name}" if path and name else path or name)
        return ""
    if isinstance(detail, list):
        for index, value in enumerate(detail):
            # A list of messages belongs to the field itself; a list of objects is indexed.
            if isinstance(value, (dict, list)):
                return first_message(value, f"{path}.{index}" if path else str(index))
            return first_message(value, path)
        return ""
    return f"{path}: {detail}" if path else str(detail)


def too_large_message() -> str:
    """Why a body over DATA_UPLOAD_MAX_MEMORY_SIZE was refused, with the limits."""
    from django.conf import settings

    body, article = settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.CLAIMTRACK_MAX_IMPORT_BYTES
    return (
        f"The request body is too large: the API reads at most {body:,} bytes, "
        f"and an imported article can be at most {article:,} bytes."
    )


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    """DRF's handler, with every error body in the one documented shape."""
    from rest_framework.views import exception_handler

    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, RecursionError):
        # json.loads of "[[[[...]]]]" thousands deep: malformed input, not a server fault.
        exc = exceptions.ParseError("JSON parse error - the JSON is nested too deeply.")
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.ParseError(too_large_message())
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError("The request could not be read.")
    from config.busy import is_database_busy

    if is_database_busy(exc):
        return database_busy(context)
    response = exception_handler(exc, context)
    if response is None:
        return server_error(exc, context)
    if not isinstance(exc, exceptions.APIException):
        return response
    detail = exc.detail
    if isinstance(exc, exceptions.ValidationError):
        message = first_message(detail) or "The input is not valid."
        body: dict[str, Any] = {"detail": message, "code": "invalid", "errors": detail}
        if isinstance(detail, list):
            body["errors"] = {"non_field_errors": detail}
    else:
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = {"detail": str(detail), "code": str(code)}
        view = context.get("view")
        if isinstance(exc, exceptions.UnsupportedMediaType) and view is not None:
            accepted = " or ".join(parser.media_type for parser in view.get_parsers())
            body["detail"] += f" Send {accepted}."
    if isinstance(exc, Conflict):
        body["current"] = exc.current
    response.data = body
    return response


def database_busy(context: dict[str, Any]) -> Any:
    """The database's write lock could not be had in time: 503, try again shortly."""
    from rest_framework.response import Response

    from config.busy import MESSAGE, RETRY_AFTER, busy_response_logged

    busy_response_logged(getattr(context.get("request"), "_request", None))
    return Response(
        {"detail": MESSAGE, "code": "database_busy"},
        status=503,
        headers={"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"},
    )


def server_error(exc: Exception, context: dict[str, Any]) -> Any:
    """A bug: logged and reported as Django reports any 500, answered in JSON, not HTML."""
    from rest_framework.response import Response

    request = getattr(context.get("request"), "_request", None)
    # Error trackers and Django's test client listen for this signal.
    got_request_exception.send(sender=None, request=request)
    response = Response(
        {
            "detail": "Something went wrong on our side. It has been logged; try again later.",
            "code": "server_error",
        },
        status=500,
    )
    log_response(
        "%s: %s",
        "Internal Server Error",
        request.path if request is not None else "",
        response=response,
        request=request,
        exception=exc,
    )
    return response
