"""The Jinja2 environment of the public and review pages.

Django's own Jinja2 backend renders them (settings.TEMPLATES): it adds
``request``, ``csrf_input`` and ``csrf_token`` to every page and runs the same
context processors as the Django engine (the signed-in user, messages, the
publisher's name, the CSP nonce). Autoescaping is on, as in Django templates:
article and user text is escaped unless a helper marks its output safe.

Templates compile to Python once per process, so a page costs attribute look-ups
and function calls rather than template-node dispatch; that is why the public
and review pages moved here from the Django engine. The admin, the API's docs
page and Django's own apps keep the Django engine (templates/django/).

The helpers below keep the names the pages used as Django filters and tags, so
``{{ claim.quote|quoted }}`` reads the same in both engines; Django filters are
reused as they are (with Django's semantics: ``default`` replaces any false
value, ``pluralize`` takes ``"y,ies"``).
"""

from __future__ import annotations

import datetime
import functools
import html
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote_plus, urlencode

import jinja2
from django.contrib.humanize.templatetags import humanize
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from markupsafe import Markup

from claims.notifications import unread_notifications
from claims.permissions import user_is_editor
from claims.public import presentation
from claims.review.presentation import queue_row_writer


class LenientUndefined(jinja2.ChainableUndefined):
    """A missing variable or attribute renders as nothing and tests false, as in
    Django templates (``{{ claim.article.outlet.name }}`` with no outlet)."""

    __slots__ = ()


# Printed as they are: their text holds no quotation marks to escape.
_PLAIN_TYPES = frozenset({int, float, bool, type(None)})


def escape_as_django(value: Any) -> Any:
    """Every printed value escaped as the Django engine escapes it.

    MarkupSafe writes ``"`` and ``'`` as ``&#34;`` and ``&#39;``; Django writes
    ``&quot;`` and ``&#x27;``. Escaping here first keeps the pages byte for byte
    what they were (and what feeds, tests and caches compare): a value that comes
    back marked safe is left alone by the autoescape that follows.
    """
    if value.__class__ in _PLAIN_TYPES or hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))  # noqa: S704 - escaped just here


def finalize(value: Any) -> Any:
    """What every ``{{ }}`` prints, before the autoescape: :func:`escape_as_django`.

    Text without quotation marks is left to the autoescape, which writes it as
    Django would (only ``"`` and ``'`` come out differently) in C, for a third
    of the cost of escaping it here first. Only for the template's output: a
    caller that needs the text escaped uses :func:`escape_as_django`.
    """
    if value.__class__ is str and '"' not in value and "'" not in value:
        return value
    return escape_as_django(value)


@functools.lru_cache(maxsize=4096)
def _reverse_cached(prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


@functools.lru_cache(maxsize=256)
def _static_cached(path: str) -> str:
    """``static()``, once per file and process: the stored (hashed) names do not change
    while it runs, and every page asks for the same stylesheets again."""
    return static(path)


@receiver(setting_changed)
def _forget_reversals(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _reverse_cached.cache_clear()
    if setting in ("STATIC_URL", "STORAGES"):
        _static_cached.cache_clear()


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """``{% url %}``: ``url('claims:claim-detail', claim.pk)``.

    Positional reversals are kept per process and script prefix (bounded): the URL
    conf does not change while it runs, and a page reverses the same names many times.
    """
    if kwargs:
        return reverse(name, kwargs=kwargs, args=args or None)
    return _reverse_cached(get_script_prefix(), name, tuple(str(a) for a in args))


# A stand-in for the primary key while a path is reversed for url_by_pk.
_PK_SLOT = "9080706050"


def url_by_pk(name: str) -> Callable[[int], Markup]:
    """``url(name, pk)`` for every row of a list, as a function of the pk.

    The path is reversed and escaped once; each row then only puts its number in
    place (a number needs no escaping), where ``url`` would look up the script
    prefix and the cache, and the page escape the result, once per row.
    """
    head, _slot, tail = url(name, _PK_SLOT).rpartition(_PK_SLOT)
    head, tail = escape_as_django(head), escape_as_django(tail)

    def path(pk: int) -> Markup:
        return Markup(f"{head}{pk:d}{tail}")  # noqa: S704 - escaped above, pk is a number

    return path


def _query_params(request: HttpRequest, changes: dict[str, Any]) -> dict[str, list]:
    # Plain lists, not QueryDict.copy() (a deep copy): list pages call this often.
    params = dict(request.GET.lists())
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        elif isinstance(value, Iterable) and not isinstance(value, str):
            params[key] = list(value)
        else:
            params[key] = [value]
    return params


def _pairs(params: dict[str, list]) -> list[tuple[str, str]]:
    return [(key, str(value)) for key, values in params.items() for value in values]


def querystring(request: HttpRequest, **changes: Any) -> str:
    """``{% querystring %}``: the request's query string with `changes` applied
    (``None`` removes a key), as "?a=1&b=2", or "" when nothing is left."""
    params = _query_params(request, changes)
    if not params and not request.GET:
        return ""
    return f"?{urlencode(_pairs(params))}"


def querystring_by(request: HttpRequest, key: str, **changes: Any) -> Callable[[Any], Markup]:
    """``querystring(request, key=value, **changes)`` for every row of a list, as a
    function of the value: the rest of the query is encoded and escaped once."""
    pairs = _pairs(_query_params(request, {key: "", **changes}))
    at = next(i for i, (name, _value) in enumerate(pairs) if name == key)
    before, after = urlencode(pairs[:at]), urlencode(pairs[at + 1 :])
    head = escape_as_django(f"?{before}&" if before else "?")
    head += escape_as_django(f"{quote_plus(key)}=")
    tail = escape_as_django(f"&{after}" if after else "")

    def query(value: Any) -> Markup:
        # quote_plus leaves letters, digits, "_.-~", "%" and "+": nothing to escape.
        return Markup(f"{head}{quote_plus(str(value))}{tail}")  # noqa: S704

    return query


def truncatechars(value: Any, length: int) -> str:
    """Django's ``truncatechars``; text that needs no cut comes back as it is,
    without the translated ellipsis and the character walk Django does first."""
    text = str(value)
    if len(text) <= int(length) and unicodedata.is_normalized("NFC", text):
        return text
    return defaultfilters.truncatechars(value, length)


def intcomma(value: Any) -> str:
    """humanize's ``intcomma``; a whole number is formatted once per language (the
    queue's tabs print a dozen counts, each through Django's localized formatting)."""
    if value.__class__ is int:
        return _intcomma(value, get_language())
    return humanize.intcomma(value)


@functools.lru_cache(maxsize=1024)
def _intcomma(value: int, language: str | None) -> str:
    return humanize.intcomma(value)


def date(value: Any, arg: str | None = None) -> str:
    """Django's ``date`` filter, in local time as the Django engine gives it.

    ``date('c')``, the machine-readable time of every list item, is ISO 8601 as
    Django writes it (``isoformat()``) without the localized format machinery, and
    so is a date's ``date('Y-m-d')``.
    """
    if arg == "c" and isinstance(value, datetime.date):
        return template_localtime(value).isoformat()
    if arg == "Y-m-d" and value.__class__ is datetime.date:
        return value.isoformat()
    return defaultfilters.date(template_localtime(value), arg)


def environment(**options: Any) -> jinja2.Environment:
    options.setdefault("undefined", LenientUndefined)
    # Plain text is left to the autoescape only when there always is one.
    always_escaped = options.get("autoescape") is True
    options.setdefault("finalize", finalize if always_escaped else escape_as_django)
    env = jinja2.Environment(**options)  # noqa: S701 - autoescape is set by Django's backend
    env.globals.update(
        url=url,
        static=_static_cached,
        querystring=querystring,
        querystring_by=querystring_by,
        url_by_pk=url_by_pk,
        unread_notifications=unread_notifications,
        user_is_editor=user_is_editor,
        rating_badge=presentation.rating_badge,
        claim_list=presentation.claim_list,
        highlighted=presentation.highlighted,
        json_ld=presentation.json_ld,
        queue_row_writer=queue_row_writer,
    )

    def rating_chart(rows: list[dict[str, Any]], chart_id: str, title: str) -> Markup:
        context = presentation.rating_chart(rows, chart_id, title)
        return Markup(env.get_template("public/_bar_chart.html").render(context))  # noqa: S704

    env.globals["rating_chart"] = rating_chart
    env.filters.update(
        # Django's filters, with Django's semantics.
        add=defaultfilters.add,
        date=date,
        default=defaultfilters.default,
        default_if_none=defaultfilters.default_if_none,
        intcomma=intcomma,
        json_script=defaultfilters.json_script,
        linebreaksbr=defaultfilters.linebreaksbr,
        naturaltime=humanize.naturaltime,
        pluralize=defaultfilters.pluralize,
        truncatechars=truncatechars,
        truncatewords=defaultfilters.truncatewords,
        urlencode=defaultfilters.urlencode,
        # The project's own.
        day=presentation.day,
        day_time=presentation.day_time,
        excerpt=presentation.excerpt,
        external_url=presentation.external_url,
        hostname=presentation.hostname,
        html_text=presentation.html_text,
        markdown=presentation.markdown,
        plain_text=presentation.plain_text,
        quoted=presentation.quoted,
        rating_label=presentation.rating_label,
        rating_value=presentation.rating_value,
        short_quote=presentation.short_quote,
    )
    return env
