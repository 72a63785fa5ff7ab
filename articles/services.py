"""Writes to articles: import and update, each atomic."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from claims import page_versions

from .fetching import FetchError, fetch
from .models import Article, ArticleLink, ArticleVersion, Outlet
from .parsing import (
    TRACKING_PARAMS,
    ParsedArticle,
    ParseError,
    canonical_text,
    content_hash,
    parse_article,
)

if TYPE_CHECKING:
    from claims.extraction.budget import Document


class ArticleImportError(Exception):
    """The article cannot be imported; the message is for the user."""


@dataclass
class ImportResult:
    status: str  # "imported" | "unchanged" | "updated"
    article: Article
    parsed: ParsedArticle
    skipped: int = 0  # claim candidates over the per-article cap, not proposed

    @property
    def warnings(self) -> list[str]:
        """What the importer should hear about, though nothing failed ("the date line
        is empty: imported without a publication date")."""
        warnings = list(self.parsed.warnings)
        if self.skipped:
            warnings.append(skipped_message(self.skipped))
        return warnings


def skipped_message(skipped: int) -> str:
    """What an import that hit the per-article candidate cap tells the user."""
    cap = settings.CLAIMTRACK_MAX_CANDIDATES
    return (
        f"{skipped:,} more claim candidates were found beyond the limit of {cap:,} per "
        "article and not proposed; mark any you need by hand"
    )


def outlet_get_or_create(*, name: str) -> Outlet | None:
    name = " ".join(name.split())
    if not name:
        return None
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet is None:
        outlet = Outlet.objects.create(name=name, slug=_unique_slug(Outlet, name, max_length=200))
    return outlet


@transaction.atomic
def outlet_save(*, outlet: Outlet, by: AbstractBaseUser | None, changed: Iterable[str]) -> Outlet:
    """Save an outlet edited by hand (the admin); public pages naming it show the edit."""
    from claims.models import Claim
    from claims.services import published_claims_shown_changed

    outlet.save()
    if changed:
        published_claims_shown_changed(
            claims=Claim.objects.filter(article__outlet=outlet),
            by=by,
            reason=f"Outlet edited: {outlet.name}",
        )
    return outlet


def article_prepare(
    *,
    raw: bytes | str,
    filename: str = "",
    source_format: str = "",
    outlet_name: str = "",
    url: str = "",
    published_on: dt.date | None = None,
    charset: str = "",
) -> tuple[ParsedArticle, str, Document]:
    """Read and check one article before anything is written: the parsed article (its
    headline first, its url checked), the outlet's name to file it under, and its text
    as the claim extractor reads it (checking the claim budget tokenised it; extracting
    takes it, see :func:`_extract`).

    Raises :class:`ArticleImportError` for input the importer refuses; it touches
    no table, so a batch (articles.batch) refuses a bad file before its transaction.
    """
    _check_html_depth(raw, filename=filename, source_format=source_format)
    try:
        parsed = parse_article(
            raw,
            filename=filename,
            source_format=source_format,
            max_bytes=settings.CLAIMTRACK_MAX_IMPORT_BYTES,
            charset=charset,
            url=url,
        )
    except ParseError as exc:
        raise ArticleImportError(str(exc)) from None
    _put_headline_first(parsed)
    doc = _check_claim_budget(parsed.text, body=len(parsed.title) + 2)

    url = (url or parsed.url).strip()
    from_page = url == parsed.url and parsed.source_format == "html"
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
            if len(url) > 1000:
                raise ValidationError("too long")
        except ValidationError:
            if not from_page:
                raise ArticleImportError(
                    f"invalid url {url[:80]!r}; expected http(s)://… of at most 1000 characters"
                ) from None
            url = ""  # a web page's odd canonical link is not worth refusing the article for
    parsed.url = url
    if published_on is not None:
        parsed.published_on = published_on
        parsed.warnings = [w for w in parsed.warnings if "date" not in w]
    parsed.author = parsed.author[:200]
    outlet_name = (outlet_name or parsed.outlet)[:200]
    return parsed, outlet_name, doc


def article_import(
    *,
    raw: bytes | str,
    filename: str = "",
    source_format: str = "",
    outlet_name: str = "",
    url: str = "",
    published_on: dt.date | None = None,
    dry_run: bool = False,
    charset: str = "",
    by: AbstractBaseUser | None = None,
    defer_claims: bool = False,
) -> ImportResult:
    """Import one article, or update the article with the same url.

    ``published_on``, when given, is the publication date whatever the file says.

    Same url and same content: ``unchanged``; same url, new text: ``updated``
    (a new ArticleVersion, and the claims are re-anchored); the same content as
    an existing article without a url, or (without a url) as any article:
    ``unchanged``; the same content at another url is a syndicated copy, and
    imported. Everything happens in one transaction: on any error nothing is
    written.

    With ``defer_claims`` (background jobs, articles.tasks) the article is stored
    with its claims re-anchored but new ones not yet proposed, marked
    ``Article.Processing.QUEUED``; the caller queues ``articles.tasks.process_article``.
    """
    parsed, outlet_name, doc = article_prepare(
        raw=raw,
        filename=filename,
        source_format=source_format,
        outlet_name=outlet_name,
        url=url,
        published_on=published_on,
        charset=charset,
    )

    # Claims are extracted before the transaction opens: it is the slow part, and
    # a transaction holds the database's write lock (SQLite has one for everybody).
    # (A background job extracts them later: nothing to do here then.)
    unchanged = defer_claims or _known_unchanged(parsed)
    candidates = None if unchanged else _extract(parsed.text, doc=doc)
    return article_import_parsed(
        parsed,
        outlet_name=outlet_name,
        dry_run=dry_run,
        by=by,
        defer_claims=defer_claims,
        candidates=candidates,
    )


def article_import_parsed(
    parsed: ParsedArticle,
    *,
    outlet_name: str,
    candidates: list | None,
    dry_run: bool = False,
    by: AbstractBaseUser | None = None,
    defer_claims: bool = False,
) -> ImportResult:
    """The writing half of :func:`article_import`, for an article already read
    (:func:`article_prepare`) and, unless ``candidates`` is None, extracted."""
    options = {"outlet_name": outlet_name, "dry_run": dry_run, "by": by, "defer": defer_claims}
    try:
        return _import_atomic(parsed, candidates=candidates, **options)
    except IntegrityError:
        # Another import of the same url (or slug, or outlet) committed first. Once
        # more, it is found, and this import becomes "unchanged" or "updated".
        return _import_atomic(parsed, candidates=candidates, **options)


# --- Import by URL ---------------------------------------------------------------
# What a server may call a page, and the format the importer reads it in; plain
# text is left to format detection (it may be a wire story or Markdown).
_FORMAT_BY_CONTENT_TYPE = {"text/html": "html", "application/xhtml+xml": "html"}


def article_import_url(
    *,
    url: str,
    by: AbstractBaseUser | None = None,
    outlet_name: str = "",
    source_format: str = "",
    published_on: dt.date | None = None,
    dry_run: bool = False,
    defer_claims: bool = False,
) -> ImportResult:
    """Fetch the page at ``url`` (see articles.fetching) and import it.

    The address the page was finally served from (after redirects) becomes the
    article's url, so importing the same address again is ``unchanged``, or
    ``updated`` with a new version and re-anchored claims, as for files. Nothing
    is written when fetching or parsing fails: :class:`ArticleImportError` says why.
    ``by`` is recorded as the author of the change in the article's history.
    """
    try:
        page = fetch(url)
    except FetchError as exc:
        # Chained: a background job retries a fetch that failed for a passing reason.
        raise ArticleImportError(f"the page could not be fetched: {exc}") from exc
    path = urlsplit(page.url).path
    result = article_import(
        raw=page.content,
        filename=path.rsplit("/", 1)[-1],
        source_format=source_format or _FORMAT_BY_CONTENT_TYPE.get(page.content_type, ""),
        outlet_name=outlet_name,
        url=_without_tracking(page.url),
        published_on=published_on,
        dry_run=dry_run,
        charset=page.charset,
        by=by,
        defer_claims=defer_claims,
    )
    return result


def article_import_text_or_url(
    *,
    raw: bytes | str,
    url: str = "",
    filename: str = "",
    by: AbstractBaseUser | None = None,
    outlet_name: str = "",
    source_format: str = "",
    published_on: dt.date | None = None,
    defer_claims: bool = False,
) -> ImportResult:
    """Import what a reviewer or a script gave: the article's text (or file), with
    ``url`` as its original address; or, when only the address came, the page
    fetched from it (:func:`article_import_url`)."""
    options = {
        "by": by,
        "outlet_name": outlet_name,
        "source_format": source_format,
        "published_on": published_on,
        "defer_claims": defer_claims,
    }
    if isinstance(raw, str) and not raw.strip() and url.strip():
        return article_import_url(url=url, **options)
    return article_import(raw=raw, filename=filename, url=url, **options)


def _without_tracking(url: str) -> str:
    """The address without campaign parameters (utm_*, fbclid…): one article, one url."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if not TRACKING_PARAMS.match(k)]
    if len(kept) == len(query):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept)))


# ---- issue 16: bounded imports ------------------------------------------------------
# Elements that always take an end tag: how deep they nest is how deep the page is
# (paragraphs and list items, whose end tags pages often leave out, are not counted).
_NESTING_TAG_RE = re.compile(
    rb"<(/?)(div|section|article|main|aside|header|footer|nav|blockquote|span|table|ul|ol"
    rb"|dl|form|figure|font|center|b|i|em|strong|a|small|big|u|s)\b[^>]*?(/?)>",
    re.IGNORECASE,
)


def _check_html_depth(raw: bytes | str, *, filename: str, source_format: str) -> None:
    """Refuse HTML nested deeper than CLAIMTRACK_MAX_HTML_DEPTH before parsing it: real
    pages nest a few dozen levels, and a parser walks thousands of them slowly or not
    at all (recursion)."""
    data = raw.encode("utf-8", "replace") if isinstance(raw, str) else raw
    looks_html = source_format == "html" or filename.lower().endswith((".html", ".htm"))
    if not looks_html and not (source_format == "" and b"<" in data[:2048].lower()):
        return
    limit = settings.CLAIMTRACK_MAX_HTML_DEPTH
    depth = deepest = 0
    for closing, _tag, self_closing in _NESTING_TAG_RE.findall(data):
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    raise ArticleImportError(
                        f"the HTML nests elements more than {limit:,} deep; "
                        "no real page does: save the article's text instead"
                    )


def _check_claim_budget(text: str, *, body: int) -> Document:
    """Refuse a text that would take the extractor more than a few seconds: its work
    grows with the places a claim may be, not with the text's size. The places are
    counted in the body (from offset ``body``, after the headline); the text as the
    extractor reads it is returned, for :func:`_extract`."""
    from claims.extraction.budget import read, signals_in

    limit = settings.CLAIMTRACK_MAX_CLAIM_SIGNALS
    doc = read(text)
    signals = signals_in(doc, start=body)
    if signals > limit:
        raise ArticleImportError(
            f"the article is too dense to import in one piece: it has {signals:,} places "
            f"where a claim may be (figures, casualty words, reporting verbs), and the "
            f"importer reads at most {limit:,} per article; split it into several articles"
        )
    return doc


def _known_unchanged(parsed: ParsedArticle) -> bool:
    """Whether this exact article is already here (then nothing needs extracting)."""
    same = Article.objects.filter(content_hash=parsed.content_hash)
    return same.filter(url=parsed.url).exists() if parsed.url else same.exists()


def _extract(text: str, *, doc: Document | None = None) -> list:
    from claims.extraction import extract

    return extract(text, doc=doc)


# ---- end issue 16 -------------------------------------------------------------------


def _import_atomic(
    parsed: ParsedArticle,
    *,
    outlet_name: str,
    dry_run: bool,
    by: AbstractBaseUser | None,
    defer: bool = False,
    candidates: list | None = None,
) -> ImportResult:
    with transaction.atomic():
        result = _import_parsed(
            parsed, outlet_name=outlet_name, by=by, defer=defer, candidates=candidates
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


def _import_parsed(
    parsed: ParsedArticle,
    *,
    outlet_name: str,
    by: AbstractBaseUser | None,
    defer: bool,
    candidates: list | None = None,
) -> ImportResult:
    source = parsed.source
    digest = parsed.content_hash
    existing = None
    if parsed.url:
        existing = Article.objects.select_for_update().filter(url=parsed.url).first()
    if existing is None:
        same = Article.objects.filter(content_hash=digest)
        if parsed.url:
            # The same wire story published at another address is another outlet's
            # article (claims are compared across outlets); only an article without
            # an address of its own is this one.
            same = same.filter(url="")
        same = same.first()
        if same is not None:
            return ImportResult("unchanged", same, parsed)
    elif existing.content_hash == digest:
        return ImportResult("unchanged", existing, parsed)

    outlet = outlet_get_or_create(name=outlet_name) if outlet_name else None
    if existing is None:
        article = Article(
            outlet=outlet,
            title=parsed.title,
            slug=_unique_slug(Article, parsed.title, max_length=200),
            url=parsed.url,
            author=parsed.author,
            published_on=parsed.published_on,
            text=parsed.text,
            source=source,
            source_format=parsed.source_format,
            content_hash=digest,
            processing=Article.Processing.QUEUED if defer else Article.Processing.DONE,
        )
        if by is not None:
            article._history_user = by  # the history's "changed by" (simple_history)
        article.save(force_insert=True)
        status = "imported"
        previous_text = None
    else:
        article = existing
        previous_text = article.text
        article.title = parsed.title
        article.text = parsed.text
        article.source = source
        article.source_format = parsed.source_format
        article.content_hash = digest
        article.published_on = parsed.published_on or article.published_on
        article.author = parsed.author or article.author
        article.outlet = outlet or article.outlet
        if by is not None:
            article._history_user = by
        if defer:
            article.processing, article.processing_error = Article.Processing.QUEUED, ""
        article.save()
        article.links.all().delete()
        status = "updated"

    page_versions.bump_articles([article.pk])  # bulk writes send no signals
    ArticleLink.objects.bulk_create(
        ArticleLink(
            article=article, text=link.text[:1000], url=link.url[:2000],
            position=link.position, inline=link.inline,
        )
        for link in parsed.links
    )  # fmt: skip
    ArticleVersion.objects.create(
        article=article, title=article.title, text=article.text, content_hash=digest
    )
    refreshed = _after_text_change(
        article, previous_text=previous_text, propose=not defer, candidates=candidates
    )
    return ImportResult(status, article, parsed, skipped=refreshed.skipped)


def article_edit(*, article: Article, previous: Article | None) -> Article:
    """Save an article typed or edited by hand (the admin) like an import would.

    The text is made canonical (browsers send CRLF line breaks), the headline
    paragraph follows the title, and when the title or text changed the content
    hash is refreshed, a new version kept, links moved with their paragraphs
    and claims re-anchored — never silently left pointing at old offsets.
    ``previous`` is the article as stored before the edit (None when adding).
    """
    text = canonical_text(article.text)
    title = " ".join(article.title.split())
    if previous is not None and previous.title != title:
        old_headline = f"{previous.title}\n\n"
        if text.startswith(old_headline):
            text = f"{title}\n\n{text[len(old_headline) :]}"
    # Imported articles carry their headline as the first paragraph; so do these.
    if not text.startswith(f"{title}\n\n") and (previous is None or previous.has_headline):
        text = f"{title}\n\n{text}"
    article.title, article.text = title, text
    digest = content_hash(title, text)
    with transaction.atomic():
        if previous is not None and digest == previous.content_hash:
            article.save()
            return article
        if not article.slug:
            article.slug = _unique_slug(Article, title, max_length=200)
        article.content_hash = digest
        article.save()
        ArticleVersion.objects.create(article=article, title=title, text=text, content_hash=digest)
        if previous is not None:
            _relocate_links(article, previous.text)
        _after_text_change(article, previous_text=previous.text if previous else None)
    return article


def _relocate_links(article: Article, old_text: str) -> None:
    """Keep each link beside its paragraph (related) or on its words (inline)."""
    new_text = article.text
    old_ends = _paragraph_ends(old_text)
    new_ends = _paragraph_ends(new_text)
    changed = []
    for link in article.links.all():
        position = link.position
        if link.inline:
            if new_text[position : position + len(link.text)] != link.text:
                found = _occurrences(new_text, link.text)
                position = min(found, key=lambda i: abs(i - position)) if found else position
        else:
            paragraph = old_ends.get(position)
            if paragraph is not None and paragraph in new_ends.values():
                position = next(end for end, p in new_ends.items() if p == paragraph)
        position = min(position, len(new_text))
        if position != link.position:
            link.position = position
            changed.append(link)
    ArticleLink.objects.bulk_update(changed, ["position"])


def _paragraph_ends(text: str) -> dict[int, str]:
    """Offset where each paragraph ends -> the paragraph."""
    ends, offset = {}, 0
    for paragraph in text.split("\n\n"):
        offset += len(paragraph)
        ends[offset] = paragraph
        offset += 2
    return ends


def _occurrences(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while needle and start >= 0:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def _put_headline_first(parsed: ParsedArticle) -> None:
    """Make the headline the first paragraph of the canonical text.

    Headlines carry checkable claims too ("…, all 5 aboard dead"), and a claim
    is a span of the canonical text; pages render that first paragraph as the
    article's heading (see ``Article.has_headline``).
    """
    shift = len(parsed.title) + 2
    parsed.text = f"{parsed.title}\n\n{parsed.text}"
    parsed.links = [replace(link, position=link.position + shift) for link in parsed.links]


# --- issue 13: an article's publication date, set or corrected by a reviewer ------
@transaction.atomic
def article_set_date(
    *, article: Article, by: AbstractBaseUser, published_on: dt.date | None
) -> Article:
    """Set, correct or clear an article's publication date (history kept).

    Cross-outlet comparisons order reports by this date, so the article's event is
    proposed again (unless a reviewer confirmed it) and its matches and flags
    recomputed.
    """
    from claims.events.services import article_events_refresh
    from claims.permissions import ServiceError, _require_reviewer

    _require_reviewer(by)
    if published_on is not None and published_on > dt.date.today() + dt.timedelta(days=1):
        raise ServiceError("The publication date cannot be in the future.")
    if article.published_on == published_on:
        return article
    article.published_on = published_on
    article._history_user = by  # who changed it, for the history pages
    article.save(update_fields=["published_on", "updated"])
    article_events_refresh(article=article)
    return article


def _after_text_change(
    article: Article,
    *,
    previous_text: str | None,
    propose: bool = True,
    candidates: list | None = None,
):
    """Let the claims app re-anchor claims for the new text, and propose new ones
    (unless a background job will: ``propose=False``)."""
    from claims.ingest import article_claims_refresh

    return article_claims_refresh(
        article=article, previous_text=previous_text, propose=propose, candidates=candidates
    )


def _unique_slug(model: type, value: str, *, max_length: int) -> str:
    base = slugify(value)[:max_length].strip("-") or "untitled"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug
