"""Guards in front of every view: odd input refused early, the log-in lockout page,
and a start-up warning when throttles would not be shared between workers."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import checks
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

NUL = "\x00"


class RefuseNulBytesMiddleware:
    """A NUL byte in the path or the query string is a 400, whatever the page.

    No text column can hold one (PostgreSQL refuses it with a DataError, i.e. a
    500), and no real link or form sends one, so it is refused once here
    instead of in every view, filter and admin changelist. Form fields and API
    bodies are checked by their fields' own validators (Django's and DRF's
    CharField refuse NUL with a message on the field).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path_info:
            return bad_characters_response(request)
        # The API's endpoints refuse them themselves, in each one's own format and
        # error shape (claims.api.views.refuse_nul_bytes).
        if not request.path_info.startswith("/api/v1/") and query_has_nul(request.GET):
            return bad_characters_response(request)
        return self.get_response(request)


def query_has_nul(query: Any) -> bool:
    """True when a parameter's name or any of its values holds a NUL character."""
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())


def bad_characters_response(request: HttpRequest) -> HttpResponse:
    message = (
        "The address contains a character no link or form sends (a NUL byte, %00). "
        "Nothing was read or saved."
    )
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "invalid"}, status=400)
    # Rendered without the request: nothing of the address is echoed back.
    return HttpResponse(
        render_to_string("400_bad_characters.html", {"message": message}), status=400
    )


# ------------------------------------------------------------------------------
# Log-in throttling (django-axes)
# ------------------------------------------------------------------------------
def client_ip(request: HttpRequest) -> str | None:
    """The address failed log-ins are counted for, as the API throttles count it.

    Behind one reverse proxy (DJANGO_BEHIND_PROXY) that is the last address the
    proxy appended to X-Forwarded-For: the earlier ones are the client's own
    claims and could be anything.
    """
    remote = request.META.get("REMOTE_ADDR")
    if settings.REST_FRAMEWORK.get("NUM_PROXIES"):
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if forwarded:
            return forwarded[-1]
    return remote


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The lockout page: why, and when to try again (429 with Retry-After).

    Every try during the lock restarts the cool-off (django-axes'
    AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so "now + cool-off" is exact.
    """
    cooloff = settings.AXES_COOLOFF_TIME
    seconds = int(cooloff.total_seconds())
    context = {
        "retry_at": timezone.now() + cooloff,
        "minutes": math.ceil(seconds / 60),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


# ------------------------------------------------------------------------------
# System checks
# ------------------------------------------------------------------------------
@checks.register(checks.Tags.caches, deploy=False)
def throttles_are_shared(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when several workers would each count API throttles in their own memory.

    gunicorn reads WEB_CONCURRENCY for its worker count (and `make serve` sets it);
    with the local-memory cache every worker keeps its own counts, so a limit of
    60 a minute lets through 60 per worker.
    """
    workers = os.environ.get("WEB_CONCURRENCY", "").strip()
    backend = settings.CACHES["default"]["BACKEND"]
    shared = not backend.endswith(("LocMemCache", "DummyCache"))
    if workers.isdigit() and int(workers) > 1 and not shared:
        return [
            checks.Warning(
                f"WEB_CONCURRENCY={workers} workers with the local-memory cache: each worker "
                "counts the API's rate limits on its own, so a client gets that many times "
                "the limit.",
                hint="Set CACHE_URL=redis://HOST:6379/0 so every worker shares one count.",
                id="claimtrack.W001",
            )
        ]
    return []


def log_startup_warnings() -> None:
    """Log the start-up checks' warnings where gunicorn's workers start (they run no checks)."""
    import logging

    logger = logging.getLogger("claimtrack")
    for message in throttles_are_shared():
        logger.warning("%s (%s) %s", message.msg, message.id, message.hint)


# ------------------------------------------------------------------------------
# Admin changelists
# ------------------------------------------------------------------------------
class AdminFilterErrorsMiddleware:
    """An admin changelist filter the database cannot apply goes back to the list
    with Django's "?e=1" (its answer to any invalid lookup), not to a 500.

    Django catches the invalid lookups it knows (IncorrectLookupParameters) but not
    a number past the integer columns (OverflowError on SQLite, also from the date
    drill-down's ``year``) nor PostgreSQL's refusal of such a value (DataError).
    This covers every registered ModelAdmin, Claimtrack's and the libraries' alike.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.contrib.admin.views.main import ERROR_FLAG
        from django.db import DataError

        match = request.resolver_match
        if (
            match is None
            or match.namespace != "admin"
            or not (match.url_name or "").endswith("_changelist")
            or not isinstance(exception, (OverflowError, DataError))
            or ERROR_FLAG in request.GET
        ):
            return None
        from django.http import HttpResponseRedirect

        return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
