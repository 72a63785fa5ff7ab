"""Who may do what, and how a refused write says so.

The roles (reviewer, editor) and the exceptions every service raises live
here, below the services, so that the claims, events and article services and
the pages, the admin and the API can all share them without importing each
other.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

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
PUBLISH_PERMISSION = "claims.publish_verdict"


def user_is_reviewer(user: AbstractBaseUser) -> bool:
    """Reviewers and editors work in the review pages."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = _group_names(user)
    return REVIEWER_GROUP in names or EDITOR_GROUP in names


def user_is_editor(user: AbstractBaseUser) -> bool:
    """Editors hold ``claims.publish_verdict``, through a group or their own permissions."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _roles(user)[1]


def _group_names(user: AbstractBaseUser) -> set[str]:
    return _roles(user)[0]


# The user's groups, then one row more when the user holds the publish permission
# through a group or directly (what ModelBackend's has_perm reads, in two queries).
# Written out: composing this with the ORM cost more than running it.
_ROLES_SQL = """
SELECT g.name FROM {group} g
JOIN {user_groups} ug ON ug.{ug_group} = g.id
WHERE ug.{ug_user} = %s
UNION ALL
SELECT NULL WHERE EXISTS (
  SELECT 1 FROM {permission} p
  JOIN {content_type} ct ON ct.id = p.content_type_id
  WHERE ct.app_label = %s AND p.codename = %s AND (
    p.id IN (SELECT up.{up_permission} FROM {user_permissions} up WHERE up.{up_user} = %s)
    OR p.id IN (
      SELECT gp.{gp_permission} FROM {group_permissions} gp
      JOIN {user_groups} ug ON ug.{ug_group} = gp.{gp_group}
      WHERE ug.{ug_user} = %s
    )
  )
)
"""


@functools.cache
def _roles_sql() -> str:
    groups = get_user_model()._meta.get_field("groups")
    permissions = get_user_model()._meta.get_field("user_permissions")
    group_permissions = Group._meta.get_field("permissions")
    return _ROLES_SQL.format(
        group=Group._meta.db_table,
        permission=Permission._meta.db_table,
        content_type=ContentType._meta.db_table,
        user_groups=groups.m2m_db_table(),
        ug_user=groups.m2m_column_name(),
        ug_group=groups.m2m_reverse_name(),
        user_permissions=permissions.m2m_db_table(),
        up_user=permissions.m2m_column_name(),
        up_permission=permissions.m2m_reverse_name(),
        group_permissions=group_permissions.m2m_db_table(),
        gp_group=group_permissions.m2m_column_name(),
        gp_permission=group_permissions.m2m_reverse_name(),
    )


def _roles(user: AbstractBaseUser) -> tuple[set[str], bool]:
    """The user's group names, and whether the user may publish verdicts.

    One query, where ``user.has_perm`` would add two (the user's and the groups'
    permissions) to every page that shows the Approvals link. Cached on the user
    object: templates and views ask several times a request.
    """
    cached = getattr(user, "_claimtrack_roles", None)
    if cached is None:
        app_label, codename = PUBLISH_PERMISSION.split(".")
        with connection.cursor() as cursor:
            cursor.execute(_roles_sql(), [user.pk, app_label, codename, user.pk, user.pk])
            names = [name for (name,) in cursor.fetchall()]
        cached = ({name for name in names if name is not None}, None in names)
        user._claimtrack_roles = cached
    return cached


def _require_reviewer(user: AbstractBaseUser) -> None:
    if not user_is_reviewer(user):
        raise NotAllowed("Only reviewers and editors can do this.")


def _require_editor(user: AbstractBaseUser) -> None:
    if not user_is_editor(user):
        raise NotAllowed("Only editors can do this.")
