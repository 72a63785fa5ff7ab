"""Writes to articles: import and update, each atomic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .models import Article, ArticleLink, ArticleVersion, Outlet
from .parsing import ParsedArticle, ParseError, canonical_text, content_hash, parse_article


class ArticleImportError(Exception):
    """The article cannot be imported; the message is for the user."""


@dataclass
class ImportResult:
    status: str  # "imported" | "unchanged" | "updated"
    article: Article
    parsed: ParsedArticle

    @property
    def warnings(self) -> list[str]:
        """What the importer should hear about, though nothing failed ("the date line
        is empty: imported without a publication date")."""
        return list(self.parsed.warnings)


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


def article_import(
    *,
    raw: bytes | str,
    filename: str = "",
    source_format: str = "",
    outlet_name: str = "",
    url: str = "",
    published_on: dt.date | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import one article, or update the article with the same url.

    ``published_on``, when given, is the publication date whatever the file says.

    Same url and same content: ``unchanged``; same url, new text: ``updated``
    (a new ArticleVersion, and the claims are re-anchored); the same content as
    an existing article without a url, or (without a url) as any article:
    ``unchanged``; the same content at another url is a syndicated copy, and
    imported. Everything happens in one transaction: on any error nothing is
    written.
    """
    try:
        parsed = parse_article(
            raw,
            filename=filename,
            source_format=source_format,
            max_bytes=settings.CLAIMTRACK_MAX_IMPORT_BYTES,
        )
    except ParseError as exc:
        raise ArticleImportError(str(exc)) from None

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
    _put_headline_first(parsed)
    parsed.author = parsed.author[:200]
    outlet_name = (outlet_name or parsed.outlet)[:200]

    try:
        return _import_atomic(parsed, outlet_name=outlet_name, dry_run=dry_run)
    except IntegrityError:
        # Another import of the same url (or slug, or outlet) committed first. Once
        # more, it is found, and this import becomes "unchanged" or "updated".
        return _import_atomic(parsed, outlet_name=outlet_name, dry_run=dry_run)


def _import_atomic(parsed: ParsedArticle, *, outlet_name: str, dry_run: bool) -> ImportResult:
    with transaction.atomic():
        result = _import_parsed(parsed, outlet_name=outlet_name)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _import_parsed(parsed: ParsedArticle, *, outlet_name: str) -> ImportResult:
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
        article = Article.objects.create(
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
        )
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
        article.save()
        article.links.all().delete()
        status = "updated"

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
    _after_text_change(article, previous_text=previous_text)
    return ImportResult(status, article, parsed)


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


def _after_text_change(article: Article, *, previous_text: str | None) -> None:
    """Let the claims app propose and re-anchor claims for the new text."""
    from claims.ingest import article_claims_refresh

    article_claims_refresh(article=article, previous_text=previous_text)


def _unique_slug(model: type, value: str, *, max_length: int) -> str:
    base = slugify(value)[:max_length].strip("-") or "untitled"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug
