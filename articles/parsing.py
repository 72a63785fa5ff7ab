"""Turn an article file into canonical text plus metadata.

Pure Python (no Django): the importer, the API and the review UI all call
:func:`parse_article`. Accepted formats:

* **seed** — ``---`` / title / ``---`` / date ``DD/MM/YYYY`` / Markdown body
  (the wire-story format Claimtrack was built around);
* **markdown** — Markdown with YAML front matter (title, date, url, outlet, author),
  or Markdown whose first line is a heading;
* **html** — a web page: trafilatura finds the story (see "HTML" below); title,
  date, url, author and outlet come from the page's Open Graph, ``article:*``,
  canonical link and JSON-LD metadata when present, else from trafilatura;
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
import copy
import datetime as dt
import email.utils
import hashlib
import html
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import charset_normalizer
import lxml.html
import trafilatura
import yaml
from lxml import etree
from markdown_it import MarkdownIt
from trafilatura.settings import Document
from trafilatura.utils import load_html

# The extraction library logs every fallback it tries ("discarding data", "readability
# failed"); the outcome, and a warning to the reviewer when it matters, is ours to tell.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.ERROR)

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
    # What the reviewer should know about this import ("no publication date",
    # "the extraction was uncertain").
    warnings: list[str] = field(default_factory=list)

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
        raise ParseError(too_large(len(raw), max_bytes))
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


def too_large(size: int, max_bytes: int) -> str:
    """The refusal of a file of ``size`` bytes over the limit."""
    return f"the file is too large ({size:,} bytes; the limit is {max_bytes:,} bytes)"


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
    url: str = "",
) -> ParsedArticle:
    """Parse one article. Raises :class:`ParseError` with a one-line reason.

    ``charset`` is the character set a web server declared for the bytes, ``url``
    the address a web page came from (for its relative links and its date).
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
    if fmt == "html":
        article = _parse_html(source, page_url=url)
    else:
        article = {"seed": _parse_seed, "markdown": _parse_markdown, "text": _parse_text}[fmt](
            source
        )
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
    blank = re.match(r"\A(?:[ \t]*\n)+", match.group("rest"))
    rest = match.group("rest")[blank.end() if blank else 0 :]
    first_line, _, body = rest.partition("\n")
    warnings = []
    if _DMY.match(first_line):
        published_on = _parse_dmy(first_line)
    elif blank:
        # The date line is there but empty: the article is undated, not unreadable.
        published_on, body = None, rest
        warnings.append("the date line is empty: imported without a publication date")
    else:
        raise ParseError(
            f"expected the date as DD/MM/YYYY on the line after the header, "
            f"got {first_line.strip()[:40]!r}"
        )
    text, links = markdown_to_text(body)
    return ParsedArticle(
        title=title,
        text=text,
        links=links,
        published_on=published_on,
        source_format="seed",
        warnings=warnings,
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
    r"^\s*[\[(]?\s*(read\s+more|see\s+also|related(\s+(stories|articles|content|coverage|news))?"
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
        # Brackets around a "[READ MORE: …]" link are not text of their own.
        visible = [(t, u) for t, u in pieces if _normalise_space(t).strip("[]()|")]
        only_links = visible and all(u is not None for _, u in visible)
        label_then_link = (
            len(visible) == 2
            and visible[0][1] is None
            and _READ_MORE.fullmatch(_normalise_space(visible[0][0]))
            and visible[1][1] is not None
        )
        if only_links and len(visible) > 1 and all(len(t.split()) <= 2 for t, _ in visible):
            return  # a row of menu links ("News Sport Contact us"), not related stories
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

    def rebuild(self, paragraphs: list[str], *, shift: int = 0) -> None:
        """Keep only ``paragraphs`` (in order), moving each link with its paragraph.

        ``shift`` moves every link when a paragraph was put in front.
        """
        old_starts, offset = {}, 0
        for paragraph in self.paragraphs:
            old_starts.setdefault(paragraph, offset)
            offset += len(paragraph) + 2
        new_starts, offset = {}, 0
        for paragraph in paragraphs:
            new_starts.setdefault(paragraph, offset)
            offset += len(paragraph) + 2
        moved = []
        for link in self.links:
            if shift:
                moved.append(replace(link, position=link.position + shift))
                continue
            owner = next(
                (p for p, start in old_starts.items()
                 if start <= link.position <= start + len(p)),
                None,
            )  # fmt: skip
            if owner is None or owner not in new_starts:
                if not link.inline:  # a related link keeps its place before the next text
                    before = sum(
                        len(p) + 2 for p in paragraphs if old_starts.get(p, 0) < link.position
                    )
                    moved.append(replace(link, position=max(0, before - 2)))
                continue
            moved.append(
                replace(link, position=new_starts[owner] + link.position - old_starts[owner])
            )
        self.paragraphs = list(paragraphs)
        self.links = moved
        self._length = max(0, offset - 2)


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
# A web page is read in three steps:
#
# 1. trafilatura finds the story (it leads the published comparisons of main-text
#    extractors) and, through htmldate, the publication date; when it finds
#    nothing it is asked again in its recall mode, and as a last resort every
#    visible paragraph is taken — a page with text is never refused, but the
#    reviewer is told the extraction was uncertain;
# 2. our own metadata reading comes first where the page states it outright
#    (Open Graph, ``article:*``, canonical link, JSON-LD ``NewsArticle``);
# 3. the extracted tree becomes canonical paragraphs: links kept with their
#    offsets, a paragraph that is only a link (or a "Related stories" box) moved
#    to the related links, the headline and byline left out of the body (the
#    importer puts the headline first).
_NEVER_TEXT = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
    "math", "iframe", "object", "embed", "video", "audio", "canvas", "map", "select",
    "textarea", "button", "img", "picture", "source",
}  # fmt: skip
# Left out when looking for visible paragraphs, unless nothing else has text.
_FURNITURE_TAGS = {"nav", "footer", "aside", "form", "header", "menu", "dialog", "figcaption"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Whole paragraphs that are page furniture, whatever element holds them.
_FURNITURE = re.compile(
    r"^(advertisement|advert|ad|sponsored( content)?|story continues below( advertisement)?"
    r"|continue reading( (below|the main story))?|scroll to continue( with content)?"
    r"|skip to (main )?content|share( this( article| story)?)?|share on \w+"
    r"|(sign up|subscribe)( to [\w ]+)?|follow us( on \w+)?|click here to subscribe"
    r"|listen to (this|the) (article|story)|print( this (page|article))?"
    r"|(\d+ )?comments?( \(\d+\))?|join the (discussion|conversation)"
    r"|(log ?in|sign ?in|register) to (post |leave |add )?(a )?comments?"
    r"|related( (topics|stories|coverage|articles|content|links))?|more on this (story|topic)"
    r"|explore more on (these|this) topics?|most (read|viewed|popular)|trending( now)?"
    r"|(©|\(c\)|copyright)\s.{0,80}(all rights reserved|tous droits réservés)"
    r"|this article is more than \d+ \w+ old|image( \d+ of \d+)?|photo|video)[.!:]?$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(by|von|par|por|di|door|av|af)\s+\S", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(published|updated|posted|last (updated|modified))( on| at)?:?\s*\S", re.IGNORECASE
)
_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting",
    "liveblogposting", "report", "socialmediaposting", "webpage",
}  # fmt: skip
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|CMP|smid)$")
# Class or id words of a box of links to other stories.
_RELATED_NAMES = re.compile(
    r"(^|[^a-z])(related|read-?more|see-?also|more-?stories|more-?on|also-?read"
    r"|mehr-?zum-?thema|lire-?aussi|a-?lire-?aussi|leer-?m[aá]s|te-?puede-?interesar|correlat)",
    re.IGNORECASE,
)
# Class words of the standfirst (the summary under the headline), which extractors
# often leave in the page's header.
_STANDFIRST = re.compile(
    r"(^|[\s_-])(standfirst|dek|deck|subtitle|sub-?headline|sub-?head|article-?summary"
    r"|lede|sapo|chapo|kicker-?text|teaser|intro)([\s_-]|$)",
    re.IGNORECASE,
)
UNCERTAIN = (
    "the page's main text could not be told apart from the rest with confidence; "
    "check the text against the page"
)


@dataclass(frozen=True)
class _Dialect:
    """How a tree marks links, line breaks, table cells and blocks."""

    link: str
    href: str
    br: str
    cells: frozenset[str]
    blocks: frozenset[str]


_HTML = _Dialect(
    link="a", href="href", br="br", cells=frozenset({"td", "th"}),
    blocks=frozenset({
        "p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
        "pre", "table", "thead", "tbody", "tfoot", "tr", "caption", "hr", "center",
        "details", "summary", "body", "html", "hgroup", "figure", "figcaption", "form",
        "address", "menu", "dialog",
    }),
)  # fmt: skip
# trafilatura's output tree (its XML-TEI-like element names).
_EXTRACTED = _Dialect(
    link="ref", href="target", br="lb", cells=frozenset({"cell"}),
    blocks=frozenset({"body", "doc", "main", "p", "head", "quote", "list", "item", "table",
                      "row", "code", "div", "section"}),
)  # fmt: skip


class _Paragraphs:
    """Walk a tree and add its paragraphs, as (text, link url) pieces, to a builder."""

    def __init__(
        self, builder: _TextBuilder, dialect: _Dialect, *, base_url: str = "", visible: str = ""
    ) -> None:
        self.builder = builder
        self.dialect = dialect
        self.base_url = base_url
        # "" (the extracted tree: everything counts), "story" (visible, without
        # navigation, headers and footers) or "all" (everything visible).
        self.visible = visible
        self._pieces: list[tuple[str, str | None]] = []
        self._link: str | None = None
        self._brs = 0

    def run(self, element: etree._Element) -> None:
        self._walk(element)
        self._flush()

    def _flush(self) -> None:
        while self._pieces and self._pieces[-1] == (" | ", None):
            self._pieces.pop()  # an empty last table cell
        if self._pieces:
            text = _normalise_space("".join(t for t, _ in self._pieces))
            if text and not _FURNITURE.match(text):
                self.builder.add(self._pieces)
        self._pieces = []
        self._brs = 0

    def _text(self, text: str | None) -> None:
        if text:
            if text.strip():
                self._brs = 0
            self._pieces.append((text, self._link))

    def _skipped(self, element: etree._Element, tag: str) -> bool:
        if not self.visible:
            return tag in ("graphic", "fw", "note")
        if tag in _NEVER_TEXT:
            return True
        attrs = element.attrib
        if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
            return True
        if _HIDDEN_STYLE.search(attrs.get("style", "")):
            return True
        return self.visible == "story" and tag in _FURNITURE_TAGS

    def _walk(self, element: etree._Element) -> None:
        self._text(element.text)
        dialect = self.dialect
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if not tag or self._skipped(child, tag):
                if tag in dialect.blocks:
                    self._flush()
            elif tag == dialect.br:
                self._brs += 1
                if self._brs >= 2:  # <br><br> separates paragraphs
                    self._flush()
                else:
                    self._pieces.append((" ", self._link))
            elif tag in dialect.cells and len(_normalise_space(child.xpath("string()"))) > 150:
                # A cell of a layout table (old sites put the whole story in one).
                self._flush()
                self._walk(child)
                self._flush()
            elif tag in dialect.cells:
                if any(text.strip() for text, _ in self._pieces):
                    self._pieces.append((" | ", None))
                self._walk(child)
            elif tag == dialect.link:
                outer = self._link
                self._link = self._href(child.get(dialect.href, ""))
                self._walk(child)
                self._link = outer
                tail = child.tail or ""
                if dialect is _EXTRACTED and tail[:1].isalnum() and self._ends_in_word():
                    # The extractor trims the space after a link ("<ref>free</ref>to get").
                    child.tail = " " + tail
            elif tag in dialect.blocks:
                self._flush()
                self._walk(child)
                self._flush()
            else:
                self._walk(child)
            self._text(child.tail)

    def _ends_in_word(self) -> bool:
        last = next((text for text, _ in reversed(self._pieces) if text), "")
        return last[-1:].isalnum()

    def _href(self, href: str) -> str | None:
        href = href.strip()
        if not href or href.lower().startswith(("javascript:", "data:")):
            return None
        if self.base_url and not href.startswith("#"):
            href = urljoin(self.base_url, href)
        return href


def _load_html(source: str) -> lxml.html.HtmlElement | None:
    # lxml refuses a str that still declares an encoding; the text is decoded already.
    source = re.sub(r"\A\s*<\?xml[^>]*\?>", "", source)
    try:
        return load_html(source)
    except (etree.ParserError, ValueError):
        return None


def _parse_html(source: str, *, page_url: str = "") -> ParsedArticle:
    tree = _load_html(source)
    if tree is None:
        # Not even lxml makes a tree of it: the text between the tags is all there is.
        tree = lxml.html.document_fromstring("<html><body></body></html>")
    meta = _html_metadata(tree)
    story = _json_ld_story(tree)
    url = _clean_url(
        meta.get("canonical") or meta.get("og:url") or _ld_url(story)
        or meta.get("twitter:url", "") or page_url,
        base=page_url or meta.get("og:url", ""),
    )  # fmt: skip
    base = url or page_url
    warnings: list[str] = []

    document = _extract(tree, url=base, focus="balanced")
    if document is None or len(document.text or "") < _SHORT:
        # A short story may come back as the library's flat rescue (all the page's
        # text in one paragraph, headline included); its precision mode keeps the
        # paragraphs.
        precise = _extract(tree, url=base, focus="precision")
        if precise is not None and (precise.text or "").strip():
            document = precise
    outlet = meta.get("og:site_name") or _ld_name(story.get("publisher"))
    if not outlet and document is not None:
        outlet = document.sitename or ""
    title = (
        _strip_site_name(meta.get("og:title", ""), outlet)
        or _normalise_space(_ld_text(story.get("headline")))
        or _strip_site_name(meta.get("twitter:title", ""), outlet)
        or _h1(tree)
        or _longest_part(
            _strip_site_name((document.title or "") if document is not None else "", outlet),
            _title_tag(tree),
        )
        or _strip_site_name(_title_tag(tree), outlet, split_pipes=True)
    )
    author = (
        meta.get("author")
        or _ld_name(story.get("author"))
        or _not_a_url(meta.get("article:author", ""))
        or meta.get("parsely-author")
        or meta.get("dc.creator")
        or ((document.author or "") if document is not None else "")
    )

    def story_of(builder: _TextBuilder) -> _TextBuilder:
        _drop_page_furniture(builder, title=title, author=author)
        return builder

    builder = story_of(_builder_from(document, base))
    if not builder.paragraphs:
        recall = _extract(tree, url=base, focus="recall")
        builder = story_of(_builder_from(recall, base))
        if builder.paragraphs:
            warnings.append(UNCERTAIN)
    body = _ld_text(story.get("articleBody"))
    if body and (
        len(body) > 2 * len(builder.text())
        or _normalise_space(body) == _normalise_space(" ".join(builder.paragraphs))
    ):
        # A page rendered by JavaScript, or one that shows a teaser: the story
        # the outlet published is in its JSON-LD.
        builder = _TextBuilder()
        for block in re.split(r"\n\s*\n|\n", body):
            builder.add([(block, None)])
        builder = story_of(builder)
    if not builder.paragraphs:
        for visible in ("story", "all"):
            builder = _TextBuilder()
            _Paragraphs(builder, _HTML, base_url=base, visible=visible).run(tree)
            if story_of(builder).paragraphs:
                break
        if not builder.paragraphs:
            # Markup too broken or too deep for the parser: the text between the tags.
            for block in _text_between_tags(source):
                builder.add([(block, None)])
            builder = story_of(builder)
        if builder.paragraphs:
            warnings.append(UNCERTAIN)
    _add_standfirst(builder, tree)
    _add_related_boxes(builder, tree, base)
    if not title and builder.paragraphs:
        title = _first_sentence(builder.paragraphs[0])
        warnings.append("the page names no title: its first sentence stands in for it")
    elif len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"

    return ParsedArticle(
        title=title,
        text=builder.text(),
        links=sorted(builder.links, key=lambda link: link.position),
        published_on=_published_on(meta, story, document),
        url=url,
        outlet=outlet,
        author=author,
        source_format="html",
        warnings=warnings,
    )


# trafilatura's own threshold (MIN_EXTRACTED_SIZE) below which it rescues a page
# with its flat baseline.
_SHORT = 250


def _extract(tree: lxml.html.HtmlElement, *, url: str, focus: str) -> Document | None:
    """trafilatura's reading of the page (it changes the tree it is given: a copy)."""
    try:
        return trafilatura.bare_extraction(
            copy.deepcopy(tree),
            url=url or None,
            include_links=True,
            include_tables=True,
            include_comments=False,
            include_images=False,
            favor_recall=focus == "recall",
            favor_precision=focus == "precision",
            with_metadata=True,
            deduplicate=False,
        )
    except Exception:  # whatever the library trips over in odd markup
        return None  # a page the library chokes on still has visible paragraphs


def _builder_from(document: Document | None, base_url: str) -> _TextBuilder:
    builder = _TextBuilder()
    if document is not None and document.body is not None:
        _Paragraphs(builder, _EXTRACTED, base_url=base_url).run(document.body)
    return builder


def _published_on(meta: dict[str, str], story: dict, document: Document | None) -> dt.date | None:
    """The date the page states outright, else htmldate's (through trafilatura)."""
    for value in (
        meta.get("article:published_time"),
        _ld_text(story.get("datePublished")),
        meta.get("og:published_time"),
        meta.get("itemprop:datepublished"),
        document.date if document is not None else None,
    ):
        try:
            found = parse_date(value)
        except ParseError:
            continue  # web pages carry all sorts of dates; a bad one is not fatal
        if found is not None:
            return found
    return None


_INVISIBLE_BLOCKS = re.compile(
    r"<(script|style|noscript|template|head|svg)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_BLOCK_TAG = re.compile(
    r"</?(p|div|section|article|main|h[1-6]|li|ul|ol|blockquote|br|tr|table|header|footer)\b[^>]*>",
    re.IGNORECASE,
)


def _text_between_tags(source: str) -> list[str]:
    text = _BLOCK_TAG.sub("\n\n", _INVISIBLE_BLOCKS.sub(" ", source))
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return [block for block in re.split(r"\n\s*\n", text) if _normalise_space(block)]


# A paywall's or newsletter's pitch at the end of a teaser.
_PITCH = re.compile(
    r"\b(unlimited (digital )?access|cancel any ?time|free trial|already a subscriber"
    r"|subscribe (now|today|for free|to (continue|keep) reading)|to keep reading"
    r"|for subscribers only|sign up for our (free )?(daily |weekly )?newsletter"
    r"|donate (now|today) to support|support (local|independent) (reporting|journalism)"
    r"|is (a )?(nonprofit|non-profit) and free to read)\b",
    re.IGNORECASE,
)


def _drop_page_furniture(builder: _TextBuilder, *, title: str, author: str) -> None:
    """Leave the headline, byline, dateline and a closing sales pitch out of the text."""
    keep, dropped = [], 0
    count = len(builder.paragraphs)
    for index, paragraph in enumerate(builder.paragraphs):
        if (
            (index >= count - 3 or len(paragraph) <= 160)
            and len(paragraph) <= 200
            and (_PITCH.search(paragraph))
        ):
            dropped += 1
            continue
        leading = index < 4 and len(paragraph) <= 160
        if leading and (
            paragraph == title
            or (paragraph.casefold() == title.casefold())
            or (author and _BYLINE.sub("", paragraph).strip(" ,|") == author)
            or (_BYLINE.match(paragraph) and len(paragraph) <= 80 and not paragraph.endswith("."))
            or _DATELINE.match(paragraph)
            or _is_only_a_date(paragraph)
        ):
            dropped += 1
            continue
        keep.append(paragraph)
    if dropped:
        builder.rebuild(keep)


def _is_only_a_date(paragraph: str) -> bool:
    if len(paragraph) > 40:
        return False
    try:
        return parse_date(paragraph) is not None
    except ParseError:
        return False


def _first_sentence(paragraph: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    if len(sentence) > 200:
        sentence = sentence[:199].rsplit(" ", 1)[0] + "…"
    return sentence


def _add_standfirst(builder: _TextBuilder, tree: lxml.html.HtmlElement) -> None:
    """The summary under the headline, when the extraction left it in the header."""
    if not builder.paragraphs:
        return
    for element in tree.iter("p", "h2", "div", "span"):
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if not _STANDFIRST.search(names) or _in_furniture(element):
            continue
        text = _normalise_space(element.text_content())
        if 20 <= len(text) <= 600 and text not in builder.text():
            builder.rebuild([text, *builder.paragraphs], shift=len(text) + 2)
        return


def _add_related_boxes(builder: _TextBuilder, tree: lxml.html.HtmlElement, base: str) -> None:
    """Links of "Related stories" boxes, placed after the paragraph they followed."""
    if not builder.paragraphs:
        return
    seen = {(link.text, link.url, link.position) for link in builder.links if not link.inline}
    ends = {}
    offset = 0
    for paragraph in builder.paragraphs:
        offset += len(paragraph)
        ends.setdefault(paragraph, offset)
        offset += 2
    boxes = [
        element
        for element in tree.iter("div", "section", "aside", "ul", "ol", "nav", "p")
        if _RELATED_NAMES.search(f"{element.get('class', '')} {element.get('id', '')}")
        # "Read more: <a>…</a>" standing as a paragraph of its own
        or (
            element.tag == "p"
            and _READ_MORE.match(_normalise_space(element.text_content()))
            and next(element.iter("a"), None) is not None
        )
    ]
    for box in boxes:
        if any(parent in boxes for parent in box.iterancestors()):
            continue
        # After the nearest story paragraph before it (a newsletter box may stand between).
        position = next(
            (
                ends[text]
                for p in reversed(box.xpath("preceding::p[position() <= 4]"))
                if (text := _normalise_space(p.text_content())) in ends
            ),
            None,
        )
        if position is None:
            continue  # a box beside another part of the page, not the story
        for anchor in box.iter("a"):
            href = _Paragraphs(builder, _HTML, base_url=base)._href(anchor.get("href", ""))
            label = _READ_MORE.sub("", _normalise_space(anchor.text_content())).strip()
            if href and label and (label, href, position) not in seen:
                seen.add((label, href, position))
                builder.links.append(ParsedLink(text=label, url=href, position=position))


def _in_furniture(element: etree._Element) -> bool:
    return any(
        isinstance(parent.tag, str) and parent.tag in ("nav", "footer", "aside")
        for parent in element.iterancestors()
    )


def _add_html_blocks(builder: _TextBuilder, html: str) -> None:
    """Paragraphs of an HTML fragment (raw HTML inside Markdown)."""
    try:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        builder.add([(re.sub(r"<[^>]+>", " ", html), None)])
        return
    _Paragraphs(builder, _HTML, visible="all").run(fragment)


def _html_metadata(tree: lxml.html.HtmlElement) -> dict[str, str]:
    meta: dict[str, str] = {}
    for node in tree.iter("meta", "link", "time"):
        attrs = node.attrib
        if node.tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower().strip()
            if not key and attrs.get("itemprop"):
                key = f"itemprop:{attrs['itemprop'].lower()}"
            content = _normalise_space(attrs.get("content", ""))
            if key and content:
                meta.setdefault(key, content)
        elif node.tag == "link" and "canonical" in attrs.get("rel", "").lower().split():
            meta.setdefault("canonical", attrs.get("href", "").strip())
        elif node.tag == "time" and attrs.get("itemprop", "").lower() == "datepublished":
            meta.setdefault("itemprop:datepublished", attrs.get("datetime", ""))
    return meta


def _title_tag(tree: lxml.html.HtmlElement) -> str:
    node = next(tree.iter("title"), None)
    return _normalise_space(node.text_content()) if node is not None else ""


_LOGO = re.compile(r"logo|brand|site-?(title|name)|masthead", re.IGNORECASE)
_HEADLINE_CLASS = re.compile(r"(^|[\s_-])(headline|title|heading)([\s_-]|$)", re.IGNORECASE)


def _h1(tree: lxml.html.HtmlElement) -> str:
    """The story's headline: its <h1> (not the site's logo), else an element classed so."""
    for node in tree.iter("h1"):
        if not _site_furniture(node):
            text = _normalise_space(node.text_content())
            if text:
                return text
    for node in tree.iter("h2", "h3", "div", "p", "span"):
        if _HEADLINE_CLASS.search(node.get("class", "")) and not _site_furniture(node):
            text = _normalise_space(node.text_content())
            if 0 < len(text) <= MAX_TITLE:
                return text
    return ""


def _site_furniture(node: etree._Element) -> bool:
    """Inside the site's masthead, navigation or footer, or the logo itself."""
    if _LOGO.search(f"{node.get('class', '')} {node.get('id', '')}"):
        return True
    ancestors = [p.tag for p in node.iterancestors() if isinstance(p.tag, str)]
    if "nav" in ancestors or "footer" in ancestors:
        return True
    return "header" in ancestors and "article" not in ancestors


_TITLE_PARTS = re.compile(r"\s+(?:\||-|–|—|::|·)\s+")


def _longest_part(title: str, title_tag: str) -> str:
    """ "County Herald" taken from "County Herald - Two die in fire": the story's part."""
    parts = _TITLE_PARTS.split(title_tag)
    if title and len(parts) > 1 and title in parts:
        return max(parts, key=len)
    return title


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


def _json_ld_story(tree: lxml.html.HtmlElement) -> dict:
    """The first schema.org Article-like object in the page's JSON-LD, or {}."""
    candidates: list[dict] = []
    for node in tree.iter("script"):
        if "ld+json" not in node.get("type", "").lower():
            continue
        try:
            data = json.loads((node.text or "").strip().removesuffix(";"))
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
