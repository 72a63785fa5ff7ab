"""Turn an article file into canonical text plus metadata.

Pure Python (no Django): the importer, the API and the review UI all call
:func:`parse_article`. Accepted formats:

* **seed** — ``---`` / title / ``---`` / date ``DD/MM/YYYY`` / Markdown body
  (the wire-story format Claimtrack was built around);
* **markdown** — Markdown with YAML front matter (title, date, url, outlet, author),
  or Markdown whose first line is a heading;
* **html** — a saved web page: the story is taken from its ``<article>`` (or
  ``<main>``, or the body), scripts, styles, navigation, cookie banners, share
  buttons, captions, bylines, newsletters, comments and ads are dropped,
  paragraphs kept; title, date, url, author and outlet come from the page's
  metadata (Open Graph, ``article:*``, canonical link, JSON-LD) when present;
* **text** — plain text whose first line is the title.

The canonical text is what claims anchor into: paragraphs separated by one
blank line, whitespace inside a paragraph collapsed to single spaces, Markdown
emphasis removed, quotation marks kept. A paragraph that is only a link
(``[READ MORE: …](#)``) is a related story, not body text: it becomes a
:class:`ParsedLink` at the position where it stood. Parsing the same input
twice gives the same text, so importing twice is ``unchanged``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import charset_normalizer
import yaml
from markdown_it import MarkdownIt

MAX_BYTES = 2 * 1024 * 1024
MAX_TITLE = 500
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
    # The input as decoded text, exactly as given (stored as Article.source).
    source: str = ""

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.text)


def content_hash(title: str, text: str) -> str:
    """Hash identifying an article's content (title and canonical text)."""
    return hashlib.sha256(f"{title}\n\n{text}".encode()).hexdigest()


# ------------------------------------------------------------------------------
# Entry point
# ------------------------------------------------------------------------------
# File signatures of what people drop into an import folder by mistake.
_MAGIC = [
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive, perhaps a Word or OpenDocument file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF media file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
]
# Byte order marks, longest first (a UTF-32 LE mark starts like a UTF-16 LE one).
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)
# <meta charset="…"> or <meta http-equiv="Content-Type" content="text/html; charset=…">
_HTML_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# As browsers do (WHATWG Encoding): pages labelled Latin-1 or ASCII are read as
# Windows-1252, whose curly quotes and dashes they nearly always contain.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "gb2312": "gb18030",
    "gbk": "gb18030", "x-sjis": "shift_jis",
}  # fmt: skip


def decode(raw: bytes, *, max_bytes: int = MAX_BYTES, charset: str = "") -> str:
    """Decode uploaded or fetched bytes to text.

    In the order browsers use: a byte order mark (UTF-8, UTF-16, UTF-32), then the
    character set the server declared (``charset``, from the HTTP Content-Type),
    then the page's own ``<meta charset>``, then UTF-8, then detection
    (charset-normalizer) — so a Latin-1 page that declares nothing still reads
    right. Only what is really binary is refused.
    """
    if not raw or not raw.strip():
        raise ParseError("the file is empty")
    if len(raw) > max_bytes:
        raise ParseError(
            f"the file is too large ({len(raw):,} bytes; the limit is {max_bytes:,} bytes)"
        )
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise ParseError(
                f"the file is binary ({what}), not text; save the article as text or HTML"
            )
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError as exc:
                raise ParseError(
                    f"the file starts as {name} text but is not valid {name} "
                    f"(invalid bytes at offset {exc.start})"
                ) from None
    for declared in (charset, _declared_html_charset(raw)):
        codec = _codec(declared)
        if codec:
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                continue  # a wrong label is common; the bytes themselves decide
    if b"\x00" in raw[:8192]:
        raise ParseError("the file is binary, not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(raw[:262144])
    best = matches.best()
    if best is not None:
        # Ties are common between the Western and Central European code pages (they
        # agree on é, ü, ß but not on è); an undeclared page on the web is far more
        # often Windows-1252, the default browsers use.
        western = next(
            (m for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01), None
        )
        for encoding in (western or best).encoding, best.encoding:
            try:
                return raw.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    raise ParseError("the file is binary, not text in any character set we know")


def _codec(label: str) -> str:
    """The Python codec for a charset label, or "" when there is none."""
    label = label.strip().strip("\"'").lower()
    if not label:
        return ""
    label = _CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ""
    # UTF-16/32 without a byte order mark is not something a page declares honestly.
    return "" if name.startswith(("utf-16", "utf-32")) else name


def _declared_html_charset(raw: bytes) -> str:
    head = raw[:4096]
    if not re.search(rb"<(!doctype\s+html|html|head|meta)\b", head, re.IGNORECASE):
        return ""
    match = _HTML_CHARSET.search(head)
    if not match:
        return ""
    return match.group(1).decode("ascii")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ch < " " and ch not in "\n\r\t\f")
    return controls / len(text)


def parse_article(
    raw: bytes | str,
    *,
    filename: str = "",
    source_format: str = "",
    max_bytes: int = MAX_BYTES,
    charset: str = "",
) -> ParsedArticle:
    """Parse one article. Raises :class:`ParseError` with a one-line reason.

    ``charset`` is the character set a web server declared for the bytes.
    """
    if isinstance(raw, bytes):
        original = decode(raw, max_bytes=max_bytes, charset=charset)
    else:
        if len(raw.encode("utf-8", "surrogatepass")) > max_bytes:
            raise ParseError(f"the text is too large (the limit is {max_bytes:,} bytes)")
        original = raw.removeprefix("\ufeff")
    if "\x00" in original or _control_ratio(original[:8192]) > 0.05:
        raise ParseError("the file is binary, not text")
    source = original.replace("\r\n", "\n").replace("\r", "\n")
    if not source.strip():
        raise ParseError("the file is empty")

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
    article.source = original
    if fmt in ("seed", "markdown"):
        article.title = _clean_inline(article.title)
    else:
        article.title = _normalise_space(article.title)
    article.author = _normalise_space(article.author)
    article.outlet = _normalise_space(article.outlet)
    if not article.title:
        raise ParseError("the article has no title")
    if len(article.title) > MAX_TITLE:
        raise ParseError(
            f"the title is longer than {MAX_TITLE} characters; is the first line the title?"
        )
    if not article.text.strip():
        raise ParseError("the article has no body text")
    return article


_SEED_HEAD = re.compile(r"\A\s*---[ \t]*\n")
# Front matter keys people use; a seed title like "Syria: helicopter down" is not one.
_META_KEYS = {
    "title", "headline", "date", "published", "published_on", "published_at", "pubdate",
    "url", "link", "canonical", "canonical_url", "outlet", "source", "publisher", "site",
    "author", "authors", "byline", "tags", "categories", "category", "description",
    "summary", "lang", "language", "slug", "draft", "layout", "id", "updated", "modified",
}  # fmt: skip
_META_KEY_LINE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:(\s|$)")


def detect_format(source: str, *, filename: str = "") -> str:
    name = filename.lower()
    head = source.lstrip()[:2048].lower()
    if name.endswith((".html", ".htm", ".xhtml")) or head.startswith(
        ("<!doctype html", "<html", "<?xml")
    ):
        return "html"
    if _SEED_HEAD.match(source):
        block = _header_block(source)
        if block is not None and _looks_like_front_matter(block):
            return "markdown"
        return "seed"
    if re.match(r"\A\s*<(p|div|article|main|section|body|h1|head|meta|title)\b", head):
        return "html"
    if name.endswith((".md", ".markdown")) or re.match(r"\A\s*#{1,6}\s", source):
        return "markdown"
    if re.match(r"\A\s*[^\n]+\n(=+|-+)[ \t]*\n", source):
        return "markdown"  # a Setext heading: "Title" underlined with === or ---
    return "text"


def _looks_like_front_matter(block: str) -> bool:
    """True when a ``---`` header holds ``key: value`` lines rather than a seed title."""
    keys = [m.group(1).lower() for m in map(_META_KEY_LINE.match, block.splitlines()) if m]
    return any(key in _META_KEYS for key in keys)


def _header_block(source: str) -> str | None:
    """The text between the opening and the closing ``---``, or None."""
    match = re.match(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*(\n|\Z)", source, re.DOTALL)
    return match.group(1) if match else None


# ------------------------------------------------------------------------------
# Dates
# ------------------------------------------------------------------------------
_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_DAY_MONTH_YEAR = re.compile(r"^(?:\w+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^(?:\w+,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


def _parse_dmy(value: str) -> dt.date:
    match = _DMY.match(value)
    if not match:
        raise ParseError(f"invalid date {value.strip()!r}; expected DD/MM/YYYY")
    day, month, year = (int(g) for g in match.groups())
    return _make_date(year, month, day, value, "DD/MM/YYYY")


def _make_date(year: int, month: int, day: int, value: str, expected: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(f"invalid date {value.strip()!r}: no such day ({expected})") from None


def parse_date(value: object) -> dt.date | None:
    """Dates as they appear in front matter and HTML metadata.

    ISO dates and datetimes (the date as written, whatever the time zone),
    ``DD/MM/YYYY``, "5 March 2024", "March 5, 2024" and RFC 2822 dates.
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = " ".join(str(value).split())
    if _DMY.match(text):
        return _parse_dmy(text)
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        return _make_date(year, month, day, text, "YYYY-MM-DD")
    lowered = text.lower()
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        match = pattern.match(lowered)
        if match:
            first, second, year = match.groups()
            day, month_name = (first, second) if order == "dmy" else (second, first)
            month = _MONTHS.get(month_name)
            if month:
                return _make_date(int(year), month, int(day), text, "day month year")
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    raise ParseError(f"invalid date {text[:40]!r}; use YYYY-MM-DD or DD/MM/YYYY")


# ------------------------------------------------------------------------------
# Seed format
# ------------------------------------------------------------------------------
_SEED = re.compile(r"\A\s*---[ \t]*\n(?P<title>.*?)\n---[ \t]*\n(?P<rest>.*)\Z", re.DOTALL)


def _parse_seed(source: str) -> ParsedArticle:
    match = _SEED.match(source)
    if not match:
        raise ParseError("the header is not closed: expected '---', the title, then '---'")
    title = " ".join(match.group("title").split())
    # Blank lines (even with stray spaces or tabs) may stand before the date.
    rest = re.sub(r"\A(?:[ \t]*\n)+", "", match.group("rest"))
    first_line, _, body = rest.partition("\n")
    if not _DMY.match(first_line):
        raise ParseError(
            f"expected the date as DD/MM/YYYY on the line after the header, "
            f"got {first_line.strip()[:40]!r}"
        )
    published_on = _parse_dmy(first_line)
    text, links = markdown_to_text(body)
    return ParsedArticle(
        title=title, text=text, links=links, published_on=published_on, source_format="seed"
    )


# ------------------------------------------------------------------------------
# Markdown
# ------------------------------------------------------------------------------
_FRONT = re.compile(r"\A\s*---[ \t]*\n(?P<meta>.*?)\n---[ \t]*(\n(?P<body>.*))?\Z", re.DOTALL)
_LOOSE_META_LINE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def _load_front_matter(block: str) -> dict:
    try:
        # BaseLoader keeps every value a string: dates are parsed below, with our messages.
        loaded = yaml.load(block, Loader=yaml.BaseLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        # People write "title: Syria: helicopter down" without quotes; read such
        # simple "key: value" lines as they were meant rather than refuse them.
        lines = [line for line in block.splitlines() if line.strip()]
        matches = [_LOOSE_META_LINE.match(line) for line in lines]
        if lines and all(matches) and any(":" in m.group(2) for m in matches if m):
            return {m.group(1).lower(): _unquote(m.group(2)) for m in matches if m}
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise ParseError(f"the front matter is not valid YAML{where}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ParseError("the front matter must be 'key: value' lines")
    return {str(k).lower(): v for k, v in loaded.items()}


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _parse_markdown(source: str) -> ParsedArticle:
    meta: dict = {}
    body = source
    if _SEED_HEAD.match(source):
        match = _FRONT.match(source)
        if not match:
            raise ParseError("the front matter is not closed with '---'")
        meta = _load_front_matter(match.group("meta"))
        body = match.group("body") or ""
    title = _meta_str(meta, "title", "headline")
    text, links, heading = _markdown_to_text(body, take_heading=not title)
    if not title:
        if heading:
            title = heading
        elif meta:
            raise ParseError("the front matter has no 'title' and the text no heading")
        else:
            title, _, rest = body.strip().partition("\n")
            text, links = markdown_to_text(rest)
    published_on = parse_date(
        _meta_str(meta, "date", "published", "published_on", "published_at", "pubdate")
    )
    first, _, rest = text.partition("\n\n")
    if published_on is None and rest and _is_date_line(first):
        # "Title / date / body", as in the wire format: the date line is not body text.
        published_on = parse_date(first)
        shift = len(first) + 2
        text = rest
        links = [replace(link, position=max(0, link.position - shift)) for link in links]
    return ParsedArticle(
        title=title,
        text=text,
        links=links,
        published_on=published_on,
        url=_meta_str(meta, "url", "canonical_url", "canonical", "link"),
        outlet=_meta_str(meta, "outlet", "source", "publisher", "site"),
        author=_meta_str(meta, "author", "authors", "byline"),
        source_format="markdown",
    )


def _meta_str(meta: dict, *keys: str) -> str:
    """The first non-empty value among ``keys``; lists are joined with commas."""
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v).strip() for v in value if isinstance(v, str) and v.strip())
        elif isinstance(value, dict):
            value = value.get("name", "")
        value = "" if value is None else str(value).strip()
        if value:
            return value
    return ""


_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_READ_MORE = re.compile(
    r"^\s*(read\s+more|see\s+also|related(\s+(stories|articles|content|coverage|news))?"
    r"|more\s+on\s+this(\s+story)?|also\s+read)\s*:?\s*",
    re.IGNORECASE,
)


class _TextBuilder:
    """Accumulate paragraphs and links, tracking canonical offsets."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.links: list[ParsedLink] = []
        self._length = 0

    def offset_of_next(self) -> int:
        return self._length + (2 if self.paragraphs else 0)

    def add_related(self, text: str, url: str) -> None:
        """A link to another story that stood here, outside the body text."""
        label = _READ_MORE.sub("", _normalise_space(text)).strip() or _normalise_space(text)
        if label:
            self.links.append(ParsedLink(text=label, url=url, position=self._length))

    def add(self, pieces: list[tuple[str, str | None]]) -> None:
        """Add a paragraph made of (text, link url or None) pieces."""
        pieces = _merge_pieces(pieces)
        raw = "".join(text for text, _ in pieces)
        visible = [(t, u) for t, u in pieces if _normalise_space(t)]
        only_links = visible and all(u is not None for _, u in visible)
        label_then_link = (
            len(visible) == 2
            and visible[0][1] is None
            and _READ_MORE.fullmatch(_normalise_space(visible[0][0]))
            and visible[1][1] is not None
        )
        if only_links or label_then_link:
            for text, url in visible:
                if url is not None:
                    self.add_related(text, url)
            return
        joined = _normalise_space(raw)
        if not joined:
            return
        start = self.offset_of_next()
        # Normalise whitespace piece by piece so link offsets stay exact.
        cursor = 0
        for text, url in pieces:
            norm = _normalise_space(text)
            if not norm:
                continue
            found = joined.find(norm, cursor)
            if found < 0:
                continue
            if url is not None:
                self.links.append(
                    ParsedLink(
                        text=joined[found : found + len(norm)],
                        url=url,
                        position=start + found,
                        inline=True,
                    )
                )
            cursor = found + len(norm)
        self.paragraphs.append(joined)
        self._length = start + len(joined)

    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _merge_pieces(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Join neighbours that share a link so one link is one piece."""
    merged: list[tuple[str, str | None]] = []
    for text, url in pieces:
        if merged and merged[-1][1] == url:
            merged[-1] = (merged[-1][0] + text, url)
        else:
            merged.append((text, url))
    return merged


# Invisible characters that would split words for search and anchoring:
# zero-width space, soft hyphen, word joiner, stray byte order marks.
# Other control characters (pasted from old systems) would be invisible too.
_INVISIBLE = dict.fromkeys(
    [*map(ord, "\u200b\u00ad\u2060\ufeff"), *(c for c in range(32) if chr(c) not in "\t\n\r\f\v")]
)


def _normalise_space(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_INVISIBLE).split())


def canonical_text(text: str) -> str:
    """Text typed by hand, made canonical: blank-line paragraphs, single spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (_normalise_space(block) for block in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def markdown_to_text(body: str) -> tuple[str, list[ParsedLink]]:
    """Render Markdown to canonical plain text and its links."""
    text, links, _ = _markdown_to_text(body, take_heading=False)
    return text, links


def _markdown_to_text(body: str, *, take_heading: bool) -> tuple[str, list[ParsedLink], str]:
    """Canonical text and links; with ``take_heading``, a leading heading is the title."""
    builder = _TextBuilder()
    tokens = _MD.parse(body)
    heading = ""
    if take_heading and len(tokens) >= 2 and tokens[0].type == "heading_open":
        heading = _normalise_space("".join(t for t, _ in _inline_pieces(tokens[1].children or [])))
        tokens = tokens[3:]
    row: list[tuple[str, str | None]] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            builder.add(row)
            row = None
        elif token.type == "inline":
            pieces = _inline_pieces(token.children or [])
            if row is not None:
                row.extend([(" | ", None)] if row else [])
                row.extend(pieces)
            else:
                builder.add(pieces)
        elif token.type in ("fence", "code_block"):
            builder.add([(token.content, None)])
        elif token.type == "html_block":
            _add_html_blocks(builder, token.content)
    return builder.text(), builder.links, heading


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
        elif child.type in ("softbreak", "hardbreak") or _is_br(child):
            pieces.append((" ", link))
        # Images and other inline HTML tags carry no body text.
    return _merge_pieces(pieces)


def _is_br(token) -> bool:
    return token.type == "html_inline" and bool(re.match(r"<br\b", token.content, re.I))


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
# A first line this long with a sentence break inside is a paragraph, not a headline.
_LONG_FIRST_LINE = 200


def _parse_text(source: str) -> ParsedArticle:
    title, _, body = source.strip().partition("\n")
    title = _normalise_space(title)
    if len(title) > _LONG_FIRST_LINE and re.search(r"[.!?][\"”’')]?\s+\S", title):
        raise ParseError(
            f"no title: the first line is a paragraph ({len(title)} characters); "
            "put the headline on the first line"
        )
    blocks = [block for block in re.split(r"\n\s*\n", body) if block.strip()]
    if title == "---" or any(block.strip() == "---" for block in blocks[:2]):
        # A wire story whose header lost a line: better refused than half-read.
        raise ParseError(
            "the header is incomplete: expected '---', the title, '---', then the date"
        )
    published_on = None
    # "Title / date / body": a date on its own line right below the title.
    if blocks and "\n" not in blocks[0].strip():
        try:
            published_on = parse_date(blocks[0]) if _is_date_line(blocks[0]) else None
        except ParseError:
            published_on = None
        if published_on is not None:
            blocks = blocks[1:]
    builder = _TextBuilder()
    for block in blocks:
        builder.add([(block, None)])
    return ParsedArticle(
        title=title, text=builder.text(), published_on=published_on, source_format="text"
    )


def _is_date_line(line: str) -> bool:
    line = line.strip()
    return bool(_DMY.match(line) or _ISO.match(line))


# ------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------
_VOID = {
    "br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col",
    "embed", "param", "track", "keygen",
}  # fmt: skip
# Elements that never hold body text.
_DROPPED = {
    "script", "style", "nav", "footer", "aside", "form", "noscript", "template", "svg",
    "math", "iframe", "button", "select", "textarea", "menu", "dialog", "figure",
    "figcaption", "address", "object", "video", "audio", "canvas", "map", "head", "label",
}  # fmt: skip
# Block elements: text on either side of them belongs to different paragraphs.
_BLOCK = {
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "thead", "tbody",
    "tfoot", "tr", "caption", "hr", "center", "details", "summary", "body", "html", "hgroup",
}  # fmt: skip
# Opening one of these closes an open <p>, as browsers do.
_CLOSES_P = _BLOCK - {"body", "html", "tr", "thead", "tbody", "tfoot", "caption"} | {
    "figure",
    "aside",
    "nav",
    "footer",
    "form",
    "address",
    "menu",
    "dialog",
}
_SCOPE = {"table", "td", "th", "button", "caption", "html", "object", "template"}
_IMPLIED_END = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr", "td", "th"},
                "td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"}}  # fmt: skip
_HIDDEN_ROLES = {
    "navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog",
    "search", "menu", "menubar", "toolbar", "tablist", "alert", "status",
}  # fmt: skip
# Words in class and id attributes that mark what is not the story.
_BOILERPLATE_WORDS = {
    "cookie", "cookies", "consent", "gdpr", "share", "sharing", "sharebar", "social",
    "newsletter", "signup", "subscribe", "subscription", "promo", "promotion", "advert",
    "advertisement", "advertising", "ad", "ads", "adslot", "dfp", "sponsor", "sponsored",
    "outbrain", "taboola", "recommended", "recommendations", "popular", "trending",
    "comments", "disqus", "breadcrumb", "breadcrumbs", "tags", "topics", "keywords",
    "byline", "author", "authors", "contributor", "timestamp", "caption",
    "credit", "credits", "toolbar", "skip", "modal", "popup", "overlay", "masthead",
    "sidebar", "bio", "offscreen", "logo", "menu", "nav", "navbar", "footer", "pagination",
    "pager", "reactions", "donate", "donation", "survey",
}  # fmt: skip
_BOILERPLATE_JOINED = {
    "mostviewed", "mostread", "mostpopular", "readnext", "sronly", "visuallyhidden",
    "screenreader", "screenreaderonly", "screenreadertext", "adcontainer", "adwrapper",
    "taglist", "tagcloud", "sharedaddy", "youmayalsolike",
}  # fmt: skip
_RELATED_WORDS = {"related", "readmore", "seealso", "morestories", "moreon", "alsoread"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
# Whole paragraphs that are page furniture, whatever element holds them.
_FURNITURE = re.compile(
    r"^(advertisement|advert|ad|sponsored( content)?|story continues below( advertisement)?"
    r"|continue reading( (below|the main story))?|scroll to continue( with content)?"
    r"|skip to (main )?content|share( this( article| story)?)?|share on \w+"
    r"|(sign up|subscribe)( to [\w ]+)?|follow us( on \w+)?|click here to subscribe"
    r"|listen to (this|the) (article|story)|print( this (page|article))?"
    r"|(\d+ )?comments?( \(\d+\))?|join the (discussion|conversation)"
    r"|this article is more than \d+ \w+ old|image( \d+ of \d+)?|photo|video)[.!:]?$",
    re.IGNORECASE,
)
_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting",
    "liveblogposting", "report", "socialmediaposting", "webpage",
}  # fmt: skip
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|CMP|smid)$")


class _Node:
    __slots__ = ("attrs", "children", "parent", "tag", "words")

    def __init__(self, tag: str, attrs: dict[str, str], parent: _Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[_Node | str] = []
        self.words: tuple[set[str], set[str]] | None = None  # see _class_words

    def iter(self) -> Iterator[_Node]:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([c for c in node.children if isinstance(c, _Node)]))

    def text(self) -> str:
        out: list[str] = []
        stack: list[_Node | str] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                out.append(node)
            elif node.tag not in ("script", "style"):
                stack.extend(reversed(node.children))
        return "".join(out)


_MAX_DEPTH = 200


class _TreeBuilder(HTMLParser):
    """A forgiving DOM: closes what browsers close implicitly (``<p>``, ``<li>``…)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#document", {}, None)
        self._open: list[_Node] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k.lower(): (v or "") for k, v in attrs}
        if tag in _CLOSES_P:
            self._close_in_scope("p")
        if tag in _IMPLIED_END:
            for open_tag in _IMPLIED_END[tag]:
                self._close_in_scope(open_tag, boundary={"ul", "ol", "dl", "table", "select"})
        node = _Node(tag, attr, self._open[-1])
        self._open[-1].children.append(node)
        # Deeper elements are flattened into the deepest one, as browsers cap nesting
        # too: text is kept and the walk over the tree cannot overflow the stack.
        if tag not in _VOID and len(self._open) < _MAX_DEPTH:
            self._open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._open[-1].tag == tag:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # "</br>" is read as "<br>" by browsers
            self.handle_starttag("br", [])
            return
        for index in range(len(self._open) - 1, 0, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)

    def _close_in_scope(self, tag: str, boundary: set[str] = _SCOPE) -> None:
        for index in range(len(self._open) - 1, 0, -1):
            open_tag = self._open[index].tag
            if open_tag == tag:
                del self._open[index:]
                return
            if open_tag in boundary:
                return


def _class_words(node: _Node) -> tuple[set[str], set[str]]:
    """Words of the class and id attributes, and each name with its separators removed."""
    if node.words is None:
        names = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}".lower().split()
        words: set[str] = set()
        joined: set[str] = set()
        for name in names:
            words.update(w for w in _WORD_SPLIT.split(name) if w)
            joined.add(_WORD_SPLIT.sub("", name))
        node.words = (words, joined)
    return node.words


def _is_related(node: _Node) -> bool:
    """A box of links to other stories ("Related stories", "Read more")."""
    words, joined = _class_words(node)
    if words & _RELATED_WORDS or any(
        name.startswith(("related", "readmore", "seealso", "morestories", "moreon", "alsoread"))
        or name.endswith(("relatedposts", "relatedstories", "relatedarticles", "relatedlinks"))
        for name in joined | words
    ):
        return True
    if node.tag == "aside":
        heading = next(
            (n for n in node.iter() if n.tag in ("h2", "h3", "h4", "h5", "strong")), None
        )
        return heading is not None and bool(_READ_MORE.match(_normalise_space(heading.text())))
    return False


def _is_boilerplate(node: _Node, *, by_class: bool = True) -> bool:
    """Page furniture: by element, by hidden-ness or role, or by its class and id words."""
    if node.tag in _DROPPED:
        return True
    attrs = node.attrs
    if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
        return True
    if attrs.get("role", "").lower() in _HIDDEN_ROLES:
        return True
    if _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    itemprop = attrs.get("itemprop", "").lower()
    if itemprop in ("author", "publisher", "datepublished", "datemodified", "image"):
        return True
    if itemprop == "articlebody" or not by_class:
        return False
    words, joined = _class_words(node)
    return bool(words & _BOILERPLATE_WORDS or joined & _BOILERPLATE_JOINED)


_TEXT_BLOCKS = {"p", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "pre"}


def _block_parent(node: _Node) -> str:
    parent = node.parent
    while parent is not None and parent.tag not in _BLOCK and parent.tag not in _TEXT_BLOCKS:
        parent = parent.parent
    return parent.tag if parent is not None else ""


def _headline(root: _Node) -> _Node | None:
    """The story's <h1> (not the site's logo), else an element classed as the headline."""
    h1 = next((n for n in root.iter() if n.tag == "h1" and not _in_site_furniture(n)), None)
    if h1 is not None:
        return h1
    return next(
        (
            n
            for n in root.iter()
            if n.tag in ("h2", "h3", "div", "p", "span")
            and _class_words(n)[0] & {"headline", "title", "heading"}
            and _normalise_space(n.text())
            and not _in_site_furniture(n)
        ),
        None,
    )


def _in_site_furniture(node: _Node) -> bool:
    parent = node.parent
    while parent is not None:
        site_header = parent.tag == "header" and not _inside(parent, "article")
        if site_header or _is_boilerplate(parent, by_class=parent.tag != "body"):
            return True
        parent = parent.parent
    return False


def _inside(node: _Node, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _contains(node: _Node, other: _Node | None) -> bool:
    return other is not None and any(n is other for n in node.iter())


class _HTMLText:
    """Walk the story's element and collect paragraphs of (text, link) pieces."""

    def __init__(self, builder: _TextBuilder, *, base_url: str, skip: _Node | None) -> None:
        self.builder = builder
        self.base_url = base_url
        self.skip = skip  # the headline element: it is the title, not body text
        self._pieces: list[tuple[str, str | None]] = []
        self._link: str | None = None
        self._brs = 0

    def run(self, node: _Node) -> None:
        self._walk(node)
        self._flush()

    def _flush(self) -> None:
        if self._pieces:
            text = _normalise_space("".join(t for t, _ in self._pieces))
            if text and not _FURNITURE.match(text):
                self.builder.add(self._pieces)
        self._pieces = []
        self._brs = 0

    def _walk(self, node: _Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    self._brs = 0
                self._pieces.append((child, self._link))
                continue
            tag = child.tag
            if child is self.skip:
                self._flush()
                continue
            if tag == "br":
                self._brs += 1
                if self._brs >= 2:  # <br><br> separates paragraphs
                    self._flush()
                else:
                    self._pieces.append((" ", self._link))
                continue
            if tag in ("img", "wbr"):
                continue
            if _is_related(child) and tag not in ("p", "span", "a"):
                self._flush()
                self._collect_related(child)
                continue
            # A <header> outside the story is the site's masthead; the story's own
            # header holds its headline and standfirst.
            site_header = tag == "header" and not (
                _inside(child, "article") or _contains(child, self.skip)
            )
            # A <time> standing alone (not inside a sentence) is the page's dateline.
            dateline = tag == "time" and _block_parent(child) not in _TEXT_BLOCKS
            if site_header or dateline or _is_boilerplate(child):
                if tag in _BLOCK or tag in _DROPPED:
                    self._flush()
                continue
            if tag in ("td", "th"):
                if any(text.strip() for text, _ in self._pieces):
                    self._pieces.append((" | ", None))
                self._walk(child)
                continue
            if tag == "a":
                outer = self._link
                self._link = self._href(child)
                self._walk(child)
                self._link = outer
                continue
            if tag in _BLOCK:
                self._flush()
                self._walk(child)
                self._flush()
            else:
                self._walk(child)

    def _collect_related(self, node: _Node) -> None:
        for element in node.iter():
            if element.tag == "a":
                href = self._href(element)
                if href:
                    self.builder.add_related(element.text(), href)

    def _href(self, node: _Node) -> str | None:
        href = node.attrs.get("href", "").strip()
        if not href or href.lower().startswith(("javascript:", "data:")):
            return None
        if self.base_url and not href.startswith("#"):
            href = urljoin(self.base_url, href)
        return href


def _parse_html(source: str) -> ParsedArticle:
    tree = _TreeBuilder()
    tree.feed(source)
    tree.close()
    document = tree.root
    meta = _html_metadata(document)
    story = _json_ld_story(document)

    url = _clean_url(
        meta.get("canonical")
        or meta.get("og:url")
        or _ld_url(story)
        or meta.get("twitter:url", ""),
        base=meta.get("og:url", ""),
    )
    root = _story_root(document)
    headline = _headline(root) or _headline(document)
    h1 = _normalise_space(headline.text()) if headline is not None else ""
    outlet = meta.get("og:site_name") or _ld_name(story.get("publisher")) or ""
    title = (
        _strip_site_name(meta.get("og:title", ""), outlet)
        or _normalise_space(_ld_text(story.get("headline")))
        or _strip_site_name(meta.get("twitter:title", ""), outlet)
        or h1
        or _strip_site_name(_title_tag(document), outlet, split_pipes=True)
    )

    builder = _TextBuilder()
    _HTMLText(builder, base_url=url, skip=headline).run(root)
    if not builder.paragraphs and _ld_text(story.get("articleBody")):
        # A page rendered by JavaScript: the story is only in its JSON-LD.
        for block in re.split(r"\n\s*\n|\n", _ld_text(story.get("articleBody"))):
            builder.add([(block, None)])

    published = (
        meta.get("article:published_time")
        or _ld_text(story.get("datePublished"))
        or meta.get("og:published_time")
        or meta.get("itemprop:datepublished")
        or meta.get("date")
        or meta.get("pubdate")
        or meta.get("publish-date")
        or meta.get("dc.date.issued")
        or meta.get("dc.date")
        or meta.get("dcterms.date")
        or meta.get("parsely-pub-date")
        or meta.get("sailthru.date")
        or _first_time(root)
    )
    try:
        published_on = parse_date(published)
    except ParseError:
        published_on = None  # web pages carry all sorts of dates; a bad one is not fatal
    author = (
        meta.get("author")
        or _ld_name(story.get("author"))
        or _not_a_url(meta.get("article:author", ""))
        or meta.get("parsely-author")
        or meta.get("dc.creator")
        or _byline(root)
    )
    return ParsedArticle(
        title=title,
        text=builder.text(),
        links=builder.links,
        published_on=published_on,
        url=url,
        outlet=outlet,
        author=author,
        source_format="html",
    )


def _add_html_blocks(builder: _TextBuilder, html: str) -> None:
    """Paragraphs of an HTML fragment (raw HTML inside Markdown)."""
    tree = _TreeBuilder()
    tree.feed(html)
    tree.close()
    _HTMLText(builder, base_url="", skip=None).run(tree.root)


def _html_metadata(document: _Node) -> dict[str, str]:
    meta: dict[str, str] = {}
    for node in document.iter():
        if node.tag == "meta":
            key = (node.attrs.get("property") or node.attrs.get("name") or "").lower().strip()
            if not key and node.attrs.get("itemprop"):
                key = f"itemprop:{node.attrs['itemprop'].lower()}"
            content = _normalise_space(node.attrs.get("content", ""))
            if key and content:
                meta.setdefault(key, content)
        elif node.tag == "link" and "canonical" in node.attrs.get("rel", "").lower().split():
            meta.setdefault("canonical", node.attrs.get("href", "").strip())
        elif node.tag == "time" and node.attrs.get("itemprop", "").lower() == "datepublished":
            meta.setdefault("itemprop:datepublished", node.attrs.get("datetime", ""))
    return meta


def _title_tag(document: _Node) -> str:
    node = next((n for n in document.iter() if n.tag == "title"), None)
    return _normalise_space(node.text()) if node is not None else ""


def _strip_site_name(title: str, site: str, *, split_pipes: bool = False) -> str:
    """ "Ferry capsizes | The Harbour Times" → "Ferry capsizes"."""
    title = _normalise_space(title)
    if site:
        for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
            if title.lower().endswith((sep + site).lower()) and len(title) > len(sep + site):
                title = title[: -len(sep + site)].strip()
    if split_pipes and " | " in title:
        title = title.split(" | ")[0].strip()
    return title


def _story_root(document: _Node) -> _Node:
    """The element holding the story: the <article> with the most text, else <main>…"""

    def visible_text_length(node: _Node) -> int:
        return sum(len(_normalise_space(p.text())) for p in node.iter() if p.tag == "p")

    def usable(node: _Node) -> bool:
        parent = node.parent
        while parent is not None:
            if _is_boilerplate(parent, by_class=parent.tag not in ("body", "html")) or (
                _is_related(parent)
            ):
                return False
            parent = parent.parent
        # Classes of <body> and <main> say little (WordPress puts "author-…" there);
        # an <article class="comment"> is not the story.
        return not _is_boilerplate(node, by_class=node.tag == "article")

    nodes = list(document.iter())
    articles = [n for n in nodes if n.tag == "article" and usable(n)]
    if articles:
        best = max(articles, key=visible_text_length)
        best_length = visible_text_length(best)
        if best_length > 0:
            # A live blog is a run of <article> posts side by side: take them all.
            siblings = [n for n in articles if n.parent is best.parent]
            if (
                len(siblings) >= 3
                and best.parent is not None
                and sum(map(visible_text_length, siblings)) >= 2 * best_length
            ):
                return best.parent
            return best
    for test in (
        lambda n: n.attrs.get("itemprop", "").lower() == "articlebody",
        lambda n: n.tag == "main",
        lambda n: n.attrs.get("role", "").lower() == "main",
        lambda n: n.tag == "body",
    ):
        found = next((n for n in nodes if test(n) and usable(n)), None)
        if found is not None and visible_text_length(found) > 0:
            return found
    return next((n for n in nodes if n.tag == "body"), document)


def _json_ld_story(document: _Node) -> dict:
    """The first schema.org Article-like object in the page's JSON-LD, or {}."""
    candidates: list[dict] = []
    for node in document.iter():
        if node.tag != "script" or "ld+json" not in node.attrs.get("type", "").lower():
            continue
        try:
            raw = "".join(c for c in node.children if isinstance(c, str))
            data = json.loads(raw.strip().removesuffix(";"))
        except ValueError:
            continue  # broken JSON-LD is common and never fatal
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [])
                types = item.get("@type", [])
                types = types if isinstance(types, list) else [types]
                if any(str(t).lower() in _ARTICLE_TYPES for t in types):
                    candidates.append(item)
    # A NewsArticle beats the WebPage that often sits beside it.
    candidates.sort(key=lambda item: "webpage" in str(item.get("@type", "")).lower())
    return candidates[0] if candidates else {}


def _ld_text(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    return value if isinstance(value, str) else ""


def _ld_name(value: object) -> str:
    """Names of a schema.org Person/Organization, or a list of them, joined."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name", "") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not name.startswith(("http:", "https:")):
            names.append(_normalise_space(name))
    return ", ".join(dict.fromkeys(names))


def _ld_url(story: dict) -> str:
    for key in ("url", "mainEntityOfPage"):
        value = story.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
    return ""


def _clean_url(url: str, *, base: str = "") -> str:
    """An absolute http(s) url without tracking parameters or fragment, or ""."""
    url = url.strip()
    if not url:
        return ""
    if base and not url.startswith(("http://", "https://")):
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
         if not TRACKING_PARAMS.match(k)]
    )  # fmt: skip
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _not_a_url(value: str) -> str:
    return "" if value.startswith(("http://", "https://", "/")) else value


def _first_time(root: _Node) -> str:
    node = next((n for n in root.iter() if n.tag == "time" and n.attrs.get("datetime")), None)
    return node.attrs["datetime"] if node is not None else ""


def _byline(root: _Node) -> str:
    """The author named on the page: a rel="author" link, else the byline's text."""
    marked = [n for n in root.iter() if "author" in n.attrs.get("rel", "").lower().split()]
    bylines = [n for n in root.iter() if "byline" in _class_words(n)[0]]
    for node in marked + bylines:
        text = _normalise_space(node.text())
        text = re.sub(r"^by\s+", "", text, flags=re.IGNORECASE)
        if 0 < len(text) <= 200:
            return text
    return ""
