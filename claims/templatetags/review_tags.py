"""Template helpers for the review pages' header."""

from __future__ import annotations

from typing import Any

from django import template

from claims.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: Any) -> int:
    """The signed-in user's unread notifications: one query, kept for the rest of the request."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(request.user)
    return request._unread_notifications
