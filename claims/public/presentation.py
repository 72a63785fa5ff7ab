"""What pages print: rating badges, JSON-LD, SVG charts, safe links, quotes and the one
date format every page uses (config/jinja2.py makes them template globals and filters)."""

from __future__ import annotations

import datetime
import functools
import html
import json
from collections.abc import Iterable
from typing import Any

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import truncatewords
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from claims.models import Verdict, quote_slug
from claims.public.paths import claim_path_pattern
from claims.text import quotes
from claims.text.markdown import render_markdown

RATING_LABELS = dict(Verdict.Rating.choices)
# Characters that could end the <script> element or open an HTML comment inside it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
EXTERNAL_SCHEMES = ("http://", "https://")


def rating_label(rating: str) -> str:
    return RATING_LABELS.get(rating, rating)


def rating_value(rating: str) -> int | None:
    return Verdict.RATING_VALUES.get(rating)


def rating_badge(rating: str, href: str = "", size: str = "") -> SafeString:
    """A rating badge; a link to the fact-check when `href` is given.

    The label is always written out: colour alone never carries the rating. Built
    with plain string operations (every part escaped, then marked safe as it is made,
    without mark_safe's check for lazy text): lists print one per claim.
    """
    label = _escape(RATING_LABELS.get(rating, rating))
    classes = _escape(f"badge badge--{rating}" + (f" badge--{size}" if size else ""))
    if href:
        return SafeString(
            f'<a class="{classes}" href="{_escape(href)}">'
            f'<span class="visually-hidden">Fact-check: </span>{label}</a>'
        )
    return SafeString(f'<span class="{classes}">{label}</span>')


def _escape(value: Any) -> str:
    """Django's ``conditional_escape`` without its lazy-text wrapping: markup (anything
    with ``__html__``) as it is, anything else escaped as Django escapes it."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


# Dates (and dataclasses) as Django's encoder writes them, not as orjson would.
_JSON_LD_OPTIONS = (
    orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)
_django_default = DjangoJSONEncoder().default


def json_ld(data: dict[str, Any]) -> SafeString:
    """`data` as JSON-LD, escaped so no article text can close the script element.

    Written by orjson: for the strings, integers, lists and mappings of ClaimReview,
    the text of ``json.dumps(indent=2, ensure_ascii=False)`` with Django's encoder,
    which indents in pure Python and cost the claim page more than its queries.
    What orjson refuses (a non-string key, an integer beyond 64 bits) goes to json.
    """
    try:
        payload = orjson.dumps(data, default=_django_default, option=_JSON_LD_OPTIONS).decode()
    except orjson.JSONEncodeError:
        payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    script = payload.translate(_JSON_SCRIPT_ESCAPES)
    return SafeString(f'<script type="application/ld+json">{script}</script>')


def quoted(text: str) -> str:
    """The quote between curly quotation marks, unless it has its own."""
    return quotes.quoted(text or "")


def excerpt(text: str, limit: int = 240) -> str:
    """A long quote cut at a word boundary, for lists; short ones are left whole."""
    return quotes.excerpt(text or "", int(limit))


def short_quote(text: str, limit: int = quotes.CLAIM_REVIEWED_MAX) -> str:
    """The quote without its own quotation marks, cut short: for titles and meta tags."""
    return quotes.short_quote(text or "", int(limit))


def claim_list(claims: Iterable[Any], hide_article: bool = False) -> SafeString:
    """The items of a list of claims (home, search, a claimant's page, the claim
    page's other claims), one ``<li class="claim-item">`` each.

    Written out here rather than as a template macro: a list prints twenty or thirty
    of them, and the macro's filters looked up the time zone and the language and
    reversed a URL for every item. Here the time zone, the language and the claim
    pages' path pattern are read once per list, and every value is escaped as the
    templates escape it. Takes claims from ``public_claims()`` (with their claimants
    and articles) or list rows with the same attributes.

    The same claims come back on page after page (the home page, search, a claimant's
    page, the other claims of each claim of an article): each item is written once
    per process from everything it prints, the time zone, language and path pattern
    included, so a claim that changed is a new item and nothing goes stale.
    """
    zone = timezone.get_current_timezone()
    language = get_language()
    pattern = claim_path_pattern()
    items = []
    for claim in claims:
        claimant = claim.claimant
        if hide_article:
            title = outlet = None
        else:
            article = claim.article
            title = article.title
            outlet = article.outlet.name if article.outlet else None
        items.append(
            _claim_item(
                claim.pk, claim.exact, claim.claim_text, claim.rating, claim.published_at,
                claimant.name if claimant else None, claimant.kind if claimant else None,
                hide_article, title, outlet, zone, language, pattern,
            )
        )  # fmt: skip
    return SafeString("".join(items))


# A few thousand items of at most a few kB each: a few MB a process at most.
@functools.lru_cache(maxsize=2048)
def _claim_item(
    pk: int,
    exact: str,
    text: str | None,
    rating: str,
    checked: datetime.datetime | None,
    claimant_name: str | None,
    claimant_kind: str | None,
    hide_article: bool,
    title: str | None,
    outlet: str | None,
    zone: datetime.tzinfo,
    language: str | None,
    pattern: tuple[str, str],
) -> str:
    if checked:
        local = checked.astimezone(zone) if checked.utcoffset() is not None else checked
        # An ISO date and time is digits and "-:.+T": nothing to escape.
        iso = local.isoformat()
        checked_day = _escape(_day(local.date(), language))
    else:
        iso = checked_day = ""
    who = ""
    if claimant_name is not None:
        reported = "reported by " if claimant_kind == "media" else ""
        who = f'<span class="claim-item__who">{reported}{_escape(claimant_name)}</span> · '
    where = ""
    if not hide_article:
        in_outlet = f" ({_escape(outlet)})" if outlet is not None else ""
        where = f"<span>in <cite>{_escape(title)}</cite>{in_outlet}</span> · "
    head, tail = pattern
    url = f"{head}{pk}-{quote_slug(exact)}{tail}"
    return (
        f'<li class="claim-item">\n'
        f'  <article class="claim-item__body" aria-labelledby="claim-item-{pk}">\n'
        f'    <p class="claim-item__rating">{rating_badge(rating)}</p>\n'
        f'    <h3 class="claim-item__quote" id="claim-item-{pk}"><a href="{_escape(url)}">'
        f"{_escape(quotes.excerpt(text or '', 240))}</a></h3>\n"
        f'    <p class="claim-item__meta">\n'
        f"      {who}\n"
        f"      {where}\n"
        f'      <span>checked <time datetime="{iso}">{checked_day}</time></span>\n'
        f"    </p>\n"
        f"  </article>\n"
        f"</li>"
    )


def highlighted(pieces: Iterable[Any]) -> SafeString:
    """A run of article text with its claims highlighted, for the article page: each
    claim's passage marked (with an anchor where it starts) and followed by a badge
    linking to its fact-check.

    ``pieces`` are ``articles.views.Piece``: the text, its innermost claim (``top``),
    the claims that start and end there. Written out here rather than as a macro:
    an article of thirty claims has a hundred pieces.
    """
    out = []
    for piece in pieces:
        top = piece.top
        text = _escape(piece.text)
        if not top:
            out.append(text)
            continue
        starts = piece.starts
        anchor = f' id="claim-{starts[0].pk}"' if starts else ""
        out.append(
            f'<mark class="claim-mark claim-mark--{_escape(top.rating)} '
            f'claim-mark--{_escape(top.kind)}"{anchor}>'
        )
        out.extend(
            f'<span class="claim-anchor" id="claim-{extra.pk}"></span>' for extra in starts[1:]
        )
        out.append(f"{text}</mark>")
        out.extend(
            f'<a class="claim-badge badge badge--{_escape(span.rating)}" href="{_escape(span.url)}"'
            ' title="Read the fact-check"><span class="visually-hidden">Fact-check: </span>'
            f"{_escape(rating_label(span.rating))}</a>"
            for span in piece.ends
        )
    return SafeString("".join(out))


def markdown(text: str) -> SafeString:
    return render_markdown(text)


def plain_text(markdown_text: str) -> str:
    """Markdown as plain text for meta tags; a plain str, so the template escapes it.

    (`markdown|striptags` would keep the "safe" mark and let a quote break out of
    an attribute.)
    """
    return html_text(render_markdown(markdown_text))


@functools.lru_cache(maxsize=128)
def published_rationale(markdown_text: str) -> tuple[SafeString, str]:
    """A published rationale as the claim page shows it, and its meta description
    (the first forty words of its text).

    Rendering Markdown and taking the text back out of the HTML cost 5-10 % of a
    claim page: both depend on the text alone, so each process keeps the most
    recently shown (a rationale is at most 20,000 characters: a few MB at most).
    A changed rationale is a new key; nothing goes stale.
    """
    rendered = render_markdown(markdown_text)
    return rendered, truncatewords(html_text(rendered), 40)


def html_text(markup: str) -> str:
    """:func:`plain_text` of Markdown a page has already rendered (the claim page's
    rationale and its meta description)."""
    return " ".join(html.unescape(strip_tags(markup)).split())


def external_url(url: str) -> str:
    """The url when it is an http(s) link, else "": never a javascript: or data: href."""
    url = (url or "").strip()
    return url if url.lower().startswith(EXTERNAL_SCHEMES) else ""


def hostname(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


# Geometry of the horizontal bar chart, in SVG user units (it scales to its box).
# Sized for a sidebar card (~300px), so the text stays near its nominal size on
# phones and desktops alike.
CHART_WIDTH = 340
CHART_LABEL_WIDTH = 146
CHART_COUNT_WIDTH = 34
CHART_ROW = 28
CHART_BAR = 16


def rating_chart(rows: list[dict[str, Any]], chart_id: str, title: str) -> dict[str, Any]:
    """A server-rendered SVG bar chart of verdicts by rating (no script, no external assets)."""
    top = max((row["count"] for row in rows), default=0)
    room = CHART_WIDTH - CHART_LABEL_WIDTH - CHART_COUNT_WIDTH
    bars = []
    for index, row in enumerate(rows):
        width = round(room * row["count"] / top) if top else 0
        y = index * CHART_ROW
        bars.append(
            {
                **row,
                "y": y,
                "bar_y": y + (CHART_ROW - CHART_BAR) // 2,
                "text_y": y + CHART_ROW // 2 + 5,  # baseline: about the middle of 14px text
                "width": max(width, 2) if row["count"] else 0,
                "count_x": CHART_LABEL_WIDTH + max(width, 2) + 6,
            }
        )
    summary = "; ".join(f"{row['label']}: {row['count']}" for row in rows)
    return {
        "bars": bars,
        "chart_id": chart_id,
        "title": title,
        "summary": summary,
        "width": CHART_WIDTH,
        "height": CHART_ROW * len(rows),
        "label_x": CHART_LABEL_WIDTH - 8,
        "bar_x": CHART_LABEL_WIDTH,
        "bar_height": CHART_BAR,
        "track_width": room,
    }


# ------------------------------------------------------------------------------
# Dates: one format on every page, public and review ("1 Aug 2016", "1 Aug 2016, 14:05")
# ------------------------------------------------------------------------------
DAY_FORMAT = "j M Y"
DAY_TIME_FORMAT = "j M Y, H:i"


def day(value: Any) -> str:
    """A date (or a datetime's local date) as "1 Aug 2016"; empty for no date."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return _day(value, get_language())


@functools.lru_cache(maxsize=1024)
def _day(value: datetime.date, language: str | None) -> str:
    # Lists show the same few days over and over: each is formatted once per language
    # (Django's localized formatting costs more than the rest of a list item).
    return date_format(value, DAY_FORMAT)


def day_time(value: Any) -> str:
    """A datetime in local time as "1 Aug 2016, 14:05"; a date alone as :func:`day`."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return day(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, DAY_TIME_FORMAT)
