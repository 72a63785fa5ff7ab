"""Who may do what, and how a refused write says so.

The roles (reviewer, editor) and the exceptions every service raises live
here, below the services, so that the claims, events and article services and
the pages, the admin and the API can all share them without importing each
other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser

if TYPE_CHECKING:
    from .models import Verdict


class ServiceError(Exception):
    """A refused write. ``str(exc)`` is shown to the user."""


class NotAllowed(ServiceError):
    """The user may not do this (role or four-eyes rule)."""


class Conflict(ServiceError):
    """The object changed since the user loaded it (optimistic locking)."""

    def __init__(self, message: str, *, current: Verdict) -> None:
        super().__init__(message)
        self.current = current


# ------------------------------------------------------------------------------
# Roles
# ------------------------------------------------------------------------------
REVIEWER_GROUP = "Reviewer"
EDITOR_GROUP = "Editor"


def user_is_reviewer(user: AbstractBaseUser) -> bool:
    """Reviewers and editors work in the review pages."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = _group_names(user)
    return REVIEWER_GROUP in names or EDITOR_GROUP in names


def user_is_editor(user: AbstractBaseUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.has_perm("claims.publish_verdict")


def _group_names(user: AbstractBaseUser) -> set[str]:
    # Cached on the user object: templates and views ask several times a request.
    cached = getattr(user, "_claimtrack_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._claimtrack_groups = cached
    return cached


def _require_reviewer(user: AbstractBaseUser) -> None:
    if not user_is_reviewer(user):
        raise NotAllowed("Only reviewers and editors can do this.")


def _require_editor(user: AbstractBaseUser) -> None:
    if not user_is_editor(user):
        raise NotAllowed("Only editors can do this.")
