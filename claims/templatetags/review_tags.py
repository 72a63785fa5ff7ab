"""Helpers for the review pages' header (config/jinja2.py makes them template globals)."""

from __future__ import annotations

from django.http import HttpRequest

from claims.notifications import unread_count


def unread_notifications(request: HttpRequest | None) -> int:
    """The signed-in user's unread notifications: one query, kept for the rest of the
    request (none when the view read the count already, see :func:`keep_unread_count`)."""
    if request is None or not request.user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(request.user)
    return request._unread_notifications


def keep_unread_count(request: HttpRequest, count: int) -> None:
    """Give the bell a count the view read along with its own data."""
    request._unread_notifications = count
