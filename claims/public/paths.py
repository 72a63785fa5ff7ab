"""The public pages' paths, from one ``reverse()`` per kind of page and process.

A claim page links its claimant, relays, article and event, and twenty other
claims; an article page links every claim it highlights. Each path is the
kind's reversed pattern with the object's slug put in, which is what
``reverse()`` gives for a slug the URL conf accepts, without resolving the
pattern again for every link.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

from claims.models import quote_slug

# What the URL conf's <slug:…> accepts: any other slug is left to reverse() (and its
# error), as before.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_MARK = "0mark0"


@functools.cache
def _around(script_prefix: str, name: str, with_pk: bool) -> tuple[str, str]:
    """The path of a page of this kind, before and after its slug (and id)."""
    if with_pk:
        path = reverse(name, kwargs={"pk": 1, "slug": _MARK})
        head, _, tail = path.rpartition(f"1-{_MARK}")
    else:
        path = reverse(name, kwargs={"slug": _MARK})
        head, _, tail = path.rpartition(_MARK)
    return head, tail


@receiver(setting_changed)
def _forget_patterns(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _around.cache_clear()


def _with_slug(name: str, slug: str) -> str:
    if not _SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    head, tail = _around(get_script_prefix(), name, False)
    return f"{head}{slug}{tail}"


# Lists show the same claims again and again: each quote is made a slug once.
_quote_slug = functools.lru_cache(maxsize=4096)(quote_slug)


def claim_path_pattern() -> tuple[str, str]:
    """A claim page's path before its id and after its slug."""
    return _around(get_script_prefix(), "claims:detail", True)


def claim_paths() -> Callable[[int, str], str]:
    """The path of a claim page from its id and quote, for a list of claims: the
    script prefix and the pattern are looked up once."""
    head, tail = _around(get_script_prefix(), "claims:detail", True)

    def claim_path(pk: int, exact: str) -> str:
        return f"{head}{pk}-{_quote_slug(exact)}{tail}"

    return claim_path


def claim_path(pk: int, exact: str) -> str:
    """A claim page's path, from the claim's id and quote."""
    return claim_paths()(pk, exact)


def article_path(slug: str) -> str:
    return _with_slug("claims:article", slug)


def claimant_path(slug: str) -> str:
    return _with_slug("claims:claimant", slug)


def event_path(slug: str) -> str:
    return _with_slug("claims:event", slug)
