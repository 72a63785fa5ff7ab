"""Read an outlet's feed — RSS, Atom (with feedparser) or JSON Feed — into entries.

Plain Python: no Django, no network. :func:`parse_feed` takes the document's
bytes; :func:`entry_page` turns an entry that carries the whole story into an
HTML page the article importer reads like any other (title, date, author and
address in its ``<meta>`` tags).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass

import feedparser

# An entry whose own content has at least this much text is the story itself, not a
# teaser: it is imported as it is, without fetching the page.
FULL_TEXT_MIN_CHARS = 500
JSON_FEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/")
_TAG = re.compile(r"<[^>]+>")


class FeedParseError(Exception):
    """The document is not a feed we can read; the message is for the user."""


@dataclass(frozen=True)
class FeedItem:
    guid: str  # the entry's id, else its link
    url: str
    title: str
    stamp: str  # its "updated" (else "published") as the feed wrote it
    published: str  # ISO date, or ""
    author: str
    content_html: str  # the full story when the feed carries it, else ""


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: list[FeedItem]


def parse_feed(body: bytes, *, content_type: str = "") -> ParsedFeed:
    """The entries of an RSS, Atom or JSON Feed document, in the feed's order."""
    stripped = body.lstrip()
    if "json" in content_type or stripped[:1] == b"{":
        return _parse_json_feed(body)
    parsed = feedparser.parse(body, response_headers={"content-type": content_type or "text/xml"})
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        reason = getattr(problem, "getMessage", lambda: "")() or str(problem or "") or "empty"
        raise FeedParseError(f"not an RSS, Atom or JSON feed ({reason})")
    items = []
    for entry in parsed.entries:
        url = str(entry.get("link") or "").strip()
        guid = str(entry.get("id") or url).strip()
        if not guid:
            continue  # nothing to know it again by
        content = ""
        for part in entry.get("content") or []:
            if "html" in (part.get("type") or "html") and len(part.get("value") or "") > len(
                content
            ):
                content = part["value"]
        items.append(
            FeedItem(
                guid=guid[:1000],
                url=url[:1000],
                title=" ".join(str(entry.get("title") or "").split()),
                # dict.get: feedparser's own get() maps a missing "updated" to
                # "published" with a deprecation warning.
                stamp=str(dict.get(entry, "updated") or entry.get("published") or "")[:100],
                published=_iso(entry.get("published_parsed") or dict.get(entry, "updated_parsed")),
                author=str(entry.get("author") or "")[:200],
                content_html=content if _is_full_text(content) else "",
            )
        )
    return ParsedFeed(title=str(parsed.feed.get("title") or ""), items=items)


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedParseError(f"not a JSON feed ({exc})") from None
    if not isinstance(document, dict) or not JSON_FEED_VERSION.match(
        str(document.get("version", ""))
    ):
        raise FeedParseError("not a JSON feed (no jsonfeed.org version)")
    items = []
    for item in document.get("items") or []:
        if not isinstance(item, dict):
            continue
        url = str(item.get("url") or item.get("external_url") or "").strip()
        guid = str(item.get("id") or url).strip()
        if not guid:
            continue
        content = str(item.get("content_html") or "")
        if not content and item.get("content_text"):
            content = "".join(
                f"<p>{html.escape(block)}</p>"
                for block in re.split(r"\n\s*\n", str(item["content_text"]))
                if block.strip()
            )
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        author = ", ".join(
            str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")
        )
        published = str(item.get("date_published") or item.get("date_modified") or "")
        items.append(
            FeedItem(
                guid=guid[:1000],
                url=url[:1000],
                title=" ".join(str(item.get("title") or "").split()),
                stamp=str(item.get("date_modified") or item.get("date_published") or "")[:100],
                published=published[:10] if re.match(r"\d{4}-\d\d-\d\d", published) else "",
                author=author[:200],
                content_html=content if _is_full_text(content) else "",
            )
        )
    return ParsedFeed(title=str(document.get("title") or ""), items=items)


def _iso(parsed: object) -> str:
    try:
        return dt.date(*parsed[:3]).isoformat()  # type: ignore[index]
    except (TypeError, ValueError):
        return ""


def _is_full_text(content: str) -> bool:
    text = html.unescape(_TAG.sub(" ", content))
    return len(" ".join(text.split())) >= FULL_TEXT_MIN_CHARS


def entry_page(item: FeedItem, *, outlet: str) -> str:
    """An HTML page for an entry that carries its full story, for the importer."""
    meta = [
        ("og:title", item.title),
        ("og:site_name", outlet),
        ("article:published_time", item.published),
        ("author", item.author),
    ]
    head = "".join(
        f'<meta property="{name}" content="{html.escape(value)}">' for name, value in meta if value
    )
    if item.url:
        head += f'<link rel="canonical" href="{html.escape(item.url)}">'
    return (
        f"<!doctype html><html><head><title>{html.escape(item.title)}</title>{head}</head>"
        f"<body><article><h1>{html.escape(item.title)}</h1>{item.content_html}</article>"
        "</body></html>"
    )
