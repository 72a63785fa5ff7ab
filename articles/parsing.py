"""Turn an article file into canonical text plus metadata.

Pure Python (no Django): the importer, the API and the review UI all call
:func:`parse_article`. Accepted formats:

* **seed** — ``---`` / title / ``---`` / date ``DD/MM/YYYY`` / Markdown body
  (the wire-story format Claimtrack was built around);
* **markdown** — Markdown with YAML front matter (title, date, url, outlet, author),
  or Markdown whose first line is a ``# heading``;
* **html** — a web page: scripts, styles and navigation are dropped,
  paragraphs kept;
* **text** — plain text whose first line is the title.

The canonical text is what claims anchor into: paragraphs separated by one
blank line, Markdown emphasis removed, quotation marks kept. A paragraph that
is only a link (``[READ MORE: …](#)``) is a related story, not body text: it
becomes a :class:`ParsedLink` at the position where it stood.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

import yaml
from markdown_it import MarkdownIt

MAX_BYTES = 2 * 1024 * 1024
FORMATS = ("seed", "markdown", "html", "text")


class ParseError(ValueError):
    """The input cannot be imported; the message is shown to the user as is."""


@dataclass(frozen=True)
class ParsedLink:
    text: str
    url: str
    position: int  # offset in the canonical text where the link stood
    inline: bool = False  # True when the link text is part of the body text


@dataclass
class ParsedArticle:
    title: str
    text: str
    source_format: str
    published_on: dt.date | None = None
    url: str = ""
    outlet: str = ""
    author: str = ""
    links: list[ParsedLink] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.text)


def content_hash(title: str, text: str) -> str:
    """Hash identifying an article's content (title and canonical text)."""
    return hashlib.sha256(f"{title}\n\n{text}".encode()).hexdigest()


# ------------------------------------------------------------------------------
# Entry point
# ------------------------------------------------------------------------------
def decode(raw: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """Decode uploaded bytes, refusing what is not a UTF-8 text file."""
    if not raw or not raw.strip():
        raise ParseError("the file is empty")
    if len(raw) > max_bytes:
        raise ParseError(
            f"the file is too large ({len(raw):,} bytes; the limit is {max_bytes:,} bytes)"
        )
    if b"\x00" in raw[:8192]:
        raise ParseError("the file is binary, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex()
        raise ParseError(
            f"the file is not UTF-8 text (invalid byte 0x{bad} at offset {exc.start}); "
            "save it as UTF-8 and try again"
        ) from None


def parse_article(
    raw: bytes | str,
    *,
    filename: str = "",
    source_format: str = "",
    max_bytes: int = MAX_BYTES,
) -> ParsedArticle:
    """Parse one article. Raises :class:`ParseError` with a one-line reason."""
    if isinstance(raw, bytes):
        source = decode(raw, max_bytes=max_bytes)
    else:
        if len(raw.encode("utf-8", "surrogatepass")) > max_bytes:
            raise ParseError(f"the text is too large (the limit is {max_bytes:,} bytes)")
        source = raw.removeprefix("\ufeff")
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    if not source.strip():
        raise ParseError("the file is empty")
    if "\x00" in source:
        raise ParseError("the file is binary, not text")

    fmt = source_format or detect_format(source, filename=filename)
    if fmt not in FORMATS:
        raise ParseError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    parser = {
        "seed": _parse_seed,
        "markdown": _parse_markdown,
        "html": _parse_html,
        "text": _parse_text,
    }[fmt]
    article = parser(source)
    article.title = _clean_inline(article.title)
    if not article.title:
        raise ParseError("the article has no title")
    if len(article.title) > 500:
        raise ParseError("the title is longer than 500 characters; is the first line the title?")
    if not article.text.strip():
        raise ParseError("the article has no body text")
    return article


_SEED_HEAD = re.compile(r"\A\s*---[ \t]*\n")
_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:", re.MULTILINE)


def detect_format(source: str, *, filename: str = "") -> str:
    name = filename.lower()
    head = source.lstrip()[:2048].lower()
    if name.endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html")):
        return "html"
    if _SEED_HEAD.match(source):
        block = _header_block(source)
        if block is not None and _FRONT_MATTER_KEY.search(block):
            return "markdown"
        return "seed"
    if re.match(r"\A\s*<(p|div|article|body|h1|head)\b", head):
        return "html"
    if name.endswith((".md", ".markdown")) or re.match(r"\A\s*#\s", source):
        return "markdown"
    return "text"


def _header_block(source: str) -> str | None:
    """The text between the opening and the closing ``---``, or None."""
    match = re.match(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*(\n|\Z)", source, re.DOTALL)
    return match.group(1) if match else None


# ------------------------------------------------------------------------------
# Seed format
# ------------------------------------------------------------------------------
_SEED = re.compile(r"\A\s*---[ \t]*\n(?P<title>.*?)\n---[ \t]*\n(?P<rest>.*)\Z", re.DOTALL)
_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _parse_seed(source: str) -> ParsedArticle:
    match = _SEED.match(source)
    if not match:
        raise ParseError("the header is not closed: expected '---', the title, then '---'")
    title = " ".join(match.group("title").split())
    rest = match.group("rest").lstrip("\n")
    first_line, _, body = rest.partition("\n")
    if not _DMY.match(first_line):
        raise ParseError(
            f"expected the date as DD/MM/YYYY on the line after the header, got {first_line[:40]!r}"
        )
    published_on = _parse_dmy(first_line)
    text, links = markdown_to_text(body)
    return ParsedArticle(
        title=title, text=text, links=links, published_on=published_on, source_format="seed"
    )


def _parse_dmy(value: str) -> dt.date:
    match = _DMY.match(value)
    if not match:
        raise ParseError(f"invalid date {value.strip()!r}; expected DD/MM/YYYY")
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(f"invalid date {value.strip()!r}: no such day (DD/MM/YYYY)") from None


def parse_date(value: object) -> dt.date | None:
    """Dates as they appear in front matter and HTML metadata."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if _DMY.match(text):
        return _parse_dmy(text)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ParseError(f"invalid date {text[:40]!r}; use YYYY-MM-DD or DD/MM/YYYY") from None


# ------------------------------------------------------------------------------
# Markdown
# ------------------------------------------------------------------------------
_FRONT = re.compile(r"\A\s*---[ \t]*\n(?P<meta>.*?)\n---[ \t]*(\n(?P<body>.*))?\Z", re.DOTALL)


def _parse_markdown(source: str) -> ParsedArticle:
    meta: dict = {}
    body = source
    if _SEED_HEAD.match(source):
        match = _FRONT.match(source)
        if not match:
            raise ParseError("the front matter is not closed with '---'")
        try:
            # BaseLoader keeps every value a string: dates are parsed below, with our messages.
            loaded = yaml.load(match.group("meta"), Loader=yaml.BaseLoader)  # noqa: S506
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark else ""
            raise ParseError(f"the front matter is not valid YAML{where}") from None
        if not isinstance(loaded, dict):
            raise ParseError("the front matter must be 'key: value' lines")
        meta = {str(k).lower(): v for k, v in loaded.items()}
        body = match.group("body") or ""
    title = str(meta.get("title") or "").strip()
    if not title:
        heading = re.match(r"\A\s*#[ \t]+(.+?)[ \t#]*(\n|\Z)", body)
        if heading:
            title = heading.group(1)
            body = body[heading.end() :]
        elif meta:
            raise ParseError("the front matter has no 'title'")
        else:
            title, _, body = body.strip().partition("\n")
    text, links = markdown_to_text(body)
    return ParsedArticle(
        title=title,
        text=text,
        links=links,
        published_on=parse_date(meta.get("date") or meta.get("published")),
        url=_meta_str(meta, "url"),
        outlet=_meta_str(meta, "outlet") or _meta_str(meta, "source"),
        author=_meta_str(meta, "author"),
        source_format="markdown",
    )


def _meta_str(meta: dict, key: str) -> str:
    value = meta.get(key)
    return "" if value is None else str(value).strip()


_MD = MarkdownIt("commonmark", {"html": False})
_READ_MORE = re.compile(r"^\s*(read\s+more|see\s+also|related)\s*:?\s*", re.IGNORECASE)


class _TextBuilder:
    """Accumulate paragraphs and links, tracking canonical offsets."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.links: list[ParsedLink] = []
        self._length = 0

    def offset_of_next(self) -> int:
        return self._length + (2 if self.paragraphs else 0)

    def add(self, pieces: list[tuple[str, str | None]]) -> None:
        """Add a paragraph made of (text, link url or None) pieces."""
        raw = "".join(text for text, _ in pieces)
        visible = [(t, u) for t, u in pieces if t.strip()]
        only_links = visible and all(u is not None for _, u in visible)
        label_then_link = (
            len(visible) == 2
            and visible[0][1] is None
            and _READ_MORE.fullmatch(visible[0][0])
            and visible[1][1] is not None
        )
        if only_links or label_then_link:
            position = self._length
            for text, url in visible:
                if url is not None:
                    label = _READ_MORE.sub("", _normalise_space(text)).strip()
                    self.links.append(ParsedLink(text=label, url=url, position=position))
            return
        if not raw.strip():
            return
        start = self.offset_of_next()
        # Normalise whitespace piece by piece so link offsets stay exact.
        cursor = 0
        pending_links: list[tuple[int, int, str]] = []
        joined = _normalise_space(raw)
        for text, url in pieces:
            norm = _normalise_space(text)
            if not norm:
                continue
            found = joined.find(norm, cursor)
            if found < 0:
                continue
            if url is not None:
                pending_links.append((found, found + len(norm), url))
            cursor = found + len(norm)
        paragraph = joined
        for link_start, _end, url in pending_links:
            self.links.append(
                ParsedLink(
                    text=paragraph[link_start:_end],
                    url=url,
                    position=start + link_start,
                    inline=True,
                )
            )
        self.paragraphs.append(paragraph)
        self._length = start + len(paragraph)

    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _normalise_space(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def markdown_to_text(body: str) -> tuple[str, list[ParsedLink]]:
    """Render Markdown to canonical plain text and its links."""
    builder = _TextBuilder()
    tokens = _MD.parse(body)
    for token in tokens:
        if token.type == "inline":
            builder.add(_inline_pieces(token.children or []))
        elif token.type in ("fence", "code_block"):
            builder.add([(token.content, None)])
    return builder.text(), builder.links


def _inline_pieces(children: list) -> list[tuple[str, str | None]]:
    pieces: list[tuple[str, str | None]] = []
    link: str | None = None
    for child in children:
        if child.type == "link_open":
            link = str(child.attrs.get("href", ""))
        elif child.type == "link_close":
            link = None
        elif child.type in ("text", "code_inline"):
            pieces.append((child.content, link))
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append((" ", link))
        elif child.type == "image":
            continue
    # Merge neighbours that share a link so a link is one piece.
    merged: list[tuple[str, str | None]] = []
    for text, url in pieces:
        if merged and merged[-1][1] == url:
            merged[-1] = (merged[-1][0] + text, url)
        else:
            merged.append((text, url))
    return merged


def _clean_inline(text: str) -> str:
    """Strip Markdown markup from a one-line string such as a title."""
    if not text:
        return ""
    tokens = _MD.parseInline(text)
    pieces = _inline_pieces(tokens[0].children or []) if tokens else []
    return _normalise_space("".join(t for t, _ in pieces))


# ------------------------------------------------------------------------------
# Plain text
# ------------------------------------------------------------------------------
def _parse_text(source: str) -> ParsedArticle:
    title, _, body = source.strip().partition("\n")
    builder = _TextBuilder()
    for block in re.split(r"\n\s*\n", body):
        builder.add([(block, None)])
    return ParsedArticle(title=title, text=builder.text(), source_format="text")


# ------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption"}
_DROPPED = {
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
    "svg", "iframe", "button", "select", "textarea", "menu", "dialog",
}  # fmt: skip
_VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col"}


class _HTMLArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title_tag = ""
        self.h1 = ""
        self.blocks: list[list[tuple[str, str | None]]] = []
        self._stack: list[str] = []
        self._dropped_depth = 0
        self._current: list[tuple[str, str | None]] | None = None
        self._block_depth = 0
        self._link: str | None = None
        self._in_title = False
        self._in_h1 = False
        self._in_time: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: (v or "") for k, v in attrs}
        if tag in _VOID:
            if tag == "meta":
                key = (attr.get("property") or attr.get("name") or "").lower()
                if key and "content" in attr:
                    self.meta.setdefault(key, attr["content"].strip())
            elif tag == "link" and "canonical" in attr.get("rel", "").lower().split():
                self.meta.setdefault("canonical", attr.get("href", "").strip())
            elif tag == "br" and self._current is not None:
                self._current.append((" ", self._link))
            return
        self._stack.append(tag)
        if tag in _DROPPED or (attr.get("hidden") is not None and "hidden" in attr):
            self._dropped_depth += 1
            return
        if self._dropped_depth:
            return
        if tag == "title":
            self._in_title = True
        elif tag == "time" and attr.get("datetime"):
            self.meta.setdefault("time", attr["datetime"])
        if tag == "h1":
            self._in_h1 = True
        if tag in _BLOCKS:
            if self._current is not None and self._current:
                self.blocks.append(self._current)
            self._current = []
            self._block_depth += 1
        elif tag == "a" and self._current is not None:
            self._link = attr.get("href", "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._stack:
            return
        while self._stack:
            open_tag = self._stack.pop()
            self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag in _DROPPED or (self._dropped_depth and tag not in _DROPPED):
            if tag in _DROPPED:
                self._dropped_depth = max(0, self._dropped_depth - 1)
            return
        if tag == "title":
            self._in_title = False
        elif tag == "h1":
            self._in_h1 = False
        elif tag == "a":
            self._link = None
        if tag in _BLOCKS and self._block_depth:
            self._block_depth -= 1
            if self._current:
                self.blocks.append(self._current)
            self._current = [] if self._block_depth else None

    def handle_data(self, data: str) -> None:
        if self._dropped_depth:
            return
        if self._in_title:
            self.title_tag += data
        if self._in_h1:
            self.h1 += data
            return
        if self._current is not None:
            self._current.append((data, self._link))

    def close(self) -> None:
        super().close()
        if self._current:
            self.blocks.append(self._current)
            self._current = None


def _parse_html(source: str) -> ParsedArticle:
    parser = _HTMLArticleParser()
    parser.feed(source)
    parser.close()
    meta = parser.meta
    title = (
        _normalise_space(parser.h1)
        or meta.get("og:title", "")
        or _normalise_space(parser.title_tag)
    )
    builder = _TextBuilder()
    for block in parser.blocks:
        merged: list[tuple[str, str | None]] = []
        for text, url in block:
            if merged and merged[-1][1] == url:
                merged[-1] = (merged[-1][0] + text, url)
            else:
                merged.append((text, url))
        builder.add(merged)
    published = meta.get("article:published_time") or meta.get("date") or meta.get("time")
    try:
        published_on = parse_date(published)
    except ParseError:
        published_on = None  # web pages carry all sorts of dates; a bad one is not fatal
    return ParsedArticle(
        title=title,
        text=builder.text(),
        links=builder.links,
        published_on=published_on,
        url=meta.get("canonical") or meta.get("og:url", ""),
        outlet=meta.get("og:site_name", ""),
        author=meta.get("author", ""),
        source_format="html",
    )
