"""A write that cannot get the database's lock is answered 503, never 500.

SQLite lets one writer in at a time: a request that waits longer than the busy
timeout for the lock gets "database is locked". On PostgreSQL a lock timeout or
a deadlock is the same situation. Nothing was written and trying again a moment
later works, so the caller is told exactly that, with ``Retry-After``: pages get
the styled 503 page (``DatabaseBusyMiddleware`` for views, ``server_error`` for
anything a middleware raises) and the API a JSON 503 (claims.api.errors).
"""

from __future__ import annotations

import logging
import sys

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger("claimtrack.busy")

# Seconds a client is asked to wait before trying again.
RETRY_AFTER = 5
MESSAGE = (
    "Another change (a long import, perhaps) is being written. "
    "Nothing was saved; try again in a few seconds."
)
# PostgreSQL: lock_not_available (a lock or statement timeout) and deadlock_detected.
_PG_BUSY = {"55P03", "40P01"}


def is_database_busy(exc: BaseException | None) -> bool:
    """Whether ``exc`` says the database's lock could not be had in time."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in _PG_BUSY:
        return True
    message = str(exc).lower()
    return "database is locked" in message or "database table is locked" in message


def busy_response_logged(request: HttpRequest | None) -> None:
    """Log the refusal: a desk seeing many wants a shorter import or PostgreSQL."""
    if request is not None:
        logger.warning("database busy: %s %s answered 503", request.method, request.path)


def busy_response(request: HttpRequest) -> HttpResponse:
    """The styled 503 page, with Retry-After."""
    busy_response_logged(request)
    template = loader.get_template("503.html")
    response = HttpResponse(
        template.render({"retry_after": RETRY_AFTER, "message": MESSAGE}), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    """Answer a view's "database is locked" with the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if is_database_busy(exception):
            return busy_response(request)
        return None


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a lock error raised outside a view (saving the session, say) is a
    503 too; anything else is the usual 500 page."""
    if is_database_busy(sys.exc_info()[1]):
        return busy_response(request)
    return defaults.server_error(request, template_name=template_name)
