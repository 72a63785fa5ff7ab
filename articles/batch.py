"""Bulk imports: many articles, one transaction per batch (``import_articles``).

Importing one article at a time writes each row on its own and groups, matches
and flags the article's event once per article. A batch instead reads and
extracts every article first (outside any transaction), then writes in one
transaction: the new articles, their links, versions, claims, relays and
history rows in bulk, groups the articles one after another as single imports
would, and recomputes the matches and flags of each event they joined once.

The database ends up as after :func:`articles.services.article_import` of each
article in turn: the same rows, the same history rows (with the same user), the
same events, matches and flags. The per-article bounds hold in a batch as they
do alone (candidate caps, claim signals), and a batch holds at most
:data:`BATCH_SIZE` articles.

Bad input never reaches a batch: an article the importer refuses (unreadable,
too large, too dense, an invalid url), or whose reading or extraction fails
unexpectedly, is reported on its own before the batch's transaction opens. A
batch that fails while writing (an unexpected error, a concurrent import of the
same url) is rolled back whole and its articles are imported again one at a
time, so a failure is reported against its own article and the others are still
imported. Nothing a batch's article does escapes the call once an earlier batch
is written: the caller gets every article's result.

Articles are read a batch at a time, each batch written before the next is
read: an article's text stays tokenised from the claim budget's check until its
claims are extracted, and only a batch's texts are held so.

Re-imports (the same url with a new text) take the single-article path inside
the batch, in their place: they are rare, and they re-anchor existing claims.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify

from claims import bulk, page_versions

from .models import Article, ArticleLink, ArticleVersion, Outlet
from .parsing import ParsedArticle
from .services import (
    ArticleImportError,
    ImportResult,
    _extract,
    _import_parsed,
    article_import_parsed,
    article_prepare,
    outlet_get_or_create,
)

if TYPE_CHECKING:
    from claims.extraction.budget import Document

logger = logging.getLogger(__name__)


def _logged(exc: Exception, name: str) -> Exception:
    """``exc``, its traceback logged when it is not a refusal of the input: the caller
    reports it against one article, and only the log says where the code failed."""
    if not isinstance(exc, ArticleImportError):
        logger.error("importing %s failed unexpectedly", name, exc_info=exc)
    return exc


# Articles per transaction: big enough that per-batch work (lookups, event
# refreshes) is shared by many articles and a story's reports mostly fall in one
# batch, small enough that the write lock is held for a second or so (about 150
# articles a second) and a batch that fails costs little to redo one at a time.
BATCH_SIZE = 200
_SLUG_LENGTH = 200  # Article.slug's base, as articles.services._unique_slug cuts it


@dataclass
class ImportItem:
    """One article to import, as :func:`articles.services.article_import` takes it."""

    raw: bytes | str
    filename: str = ""
    source_format: str = ""
    outlet_name: str = ""
    url: str = ""
    published_on: dt.date | None = None
    charset: str = ""


@dataclass
class _Prepared:
    index: int  # the item's place in the caller's list
    parsed: ParsedArticle
    outlet_name: str
    doc: Document | None  # the text as the extractor reads it, until it is extracted
    candidates: list | None = None  # None: known unchanged, not extracted


def article_import_batch(
    *,
    items: Sequence[ImportItem],
    by: AbstractBaseUser | None = None,
    dry_run: bool = False,
) -> list[ImportResult | Exception]:
    """Import many articles; for each item, its :class:`ImportResult` or the exception
    that kept it out (:class:`articles.services.ArticleImportError` for refused
    input, any other for an unexpected failure of that article alone).

    Items are imported in their order, in batches of at most :data:`BATCH_SIZE`,
    with the result of importing them one after another (see the module's
    docstring). ``by`` is the history's author, as for a single import.
    """
    results: list[ImportResult | Exception | None] = [None] * len(items)
    batch: list[_Prepared] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        try:
            parsed, outlet_name, doc = article_prepare(
                raw=item.raw,
                filename=item.filename,
                source_format=item.source_format,
                outlet_name=item.outlet_name,
                url=item.url,
                published_on=item.published_on,
                charset=item.charset,
            )
        except Exception as exc:  # refused, or odd: reported against its own item
            # Earlier batches may be written by now: a failure here must not escape
            # and leave the caller without their results.
            results[index] = _logged(exc, item.filename)
            continue
        prepared = _Prepared(index, parsed, outlet_name, doc)
        keys = _keys(prepared)
        if len(batch) >= BATCH_SIZE or keys & seen:
            _record(results, _import_batch(batch, by=by, dry_run=dry_run))
            batch, seen = [], set()
        batch.append(prepared)
        seen |= keys
    if batch:
        _record(results, _import_batch(batch, by=by, dry_run=dry_run))
    return results


def _keys(prepared: _Prepared) -> set[str]:
    """What makes two articles one: a batch holds no url and no text twice, as the
    second would be "unchanged" or "updated" by the first, which a later batch sees
    as a later single import would."""
    keys = {f"hash:{prepared.parsed.content_hash}"}
    if prepared.parsed.url:
        keys.add(f"url:{prepared.parsed.url}")
    return keys


def _record(
    results: list[ImportResult | Exception | None],
    outcomes: list[tuple[int, ImportResult | Exception]],
) -> None:
    for index, result in outcomes:
        results[index] = result


def _import_batch(
    batch: list[_Prepared], *, by: AbstractBaseUser | None, dry_run: bool
) -> list[tuple[int, ImportResult | Exception]]:
    outcomes: list[tuple[int, ImportResult | Exception]] = [*_extract_new(batch)]
    failed = {index for index, _exc in outcomes}
    batch = [prepared for prepared in batch if prepared.index not in failed]
    try:
        return outcomes + _write_batch(batch, by=by, dry_run=dry_run)
    except Exception:
        logger.warning(
            "a batch of %s articles failed; importing them one at a time", len(batch), exc_info=True
        )
    for prepared in batch:
        try:
            result = article_import_parsed(
                prepared.parsed,
                outlet_name=prepared.outlet_name,
                candidates=prepared.candidates,
                dry_run=dry_run,
                by=by,
            )
        except Exception as exc:  # reported against its own article, as alone
            outcomes.append((prepared.index, _logged(exc, prepared.parsed.title)))
            continue
        outcomes.append((prepared.index, result))
    return outcomes


def _extract_new(batch: list[_Prepared]) -> list[tuple[int, Exception]]:
    """Extract the claims of every article not already here with this text (one
    query finds those), before the transaction opens: it is the slow part. An
    article whose extraction fails is marked and reported on its own, as alone."""
    failed: list[tuple[int, Exception]] = []
    hashes = {prepared.parsed.content_hash for prepared in batch}
    stored = set(Article.objects.filter(content_hash__in=hashes).values_list("content_hash", "url"))
    stored_hashes = {digest for digest, _ in stored}
    for prepared in batch:
        parsed = prepared.parsed
        known = (
            (parsed.content_hash, parsed.url) in stored
            if parsed.url
            else parsed.content_hash in stored_hashes
        )
        if not known:
            try:
                prepared.candidates = _extract(parsed.text, doc=prepared.doc)
            except Exception as exc:
                failed.append((prepared.index, _logged(exc, parsed.title)))
        prepared.doc = None  # its tokens are not needed any more
    return failed


def _write_batch(
    batch: list[_Prepared], *, by: AbstractBaseUser | None, dry_run: bool
) -> list[tuple[int, ImportResult]]:
    """The batch's writes, in one transaction: each article is found unchanged, an
    update (the single-article path, in its place) or new (written in bulk with the
    new articles around it). Every write of a batch goes through here."""
    outcomes: list[tuple[int, ImportResult]] = []
    with transaction.atomic():
        stored = _Stored(batch)
        run: list[_Prepared] = []
        for prepared in batch:
            parsed = prepared.parsed
            existing = stored.by_url.get(parsed.url) if parsed.url else None
            if existing is None:
                same = stored.same_text(parsed)
                if same is not None:
                    outcomes.append((prepared.index, ImportResult("unchanged", same, parsed)))
                else:
                    run.append(prepared)
                continue
            if existing.content_hash == parsed.content_hash:
                outcomes.append((prepared.index, ImportResult("unchanged", existing, parsed)))
                continue
            outcomes += _create(run, by=by)
            run = []
            stored.forget(existing)
            result = _import_parsed(
                parsed,
                outlet_name=prepared.outlet_name,
                by=by,
                defer=False,
                candidates=prepared.candidates,
            )
            outcomes.append((prepared.index, result))
        outcomes += _create(run, by=by)
        # Bulk writes send no signals: the pages of what changed, and the lists and
        # event pages the batch's grouping reaches, get new versions on commit.
        page_versions.bump_articles(
            result.article.pk for _index, result in outcomes if result.status != "unchanged"
        )
        page_versions.bump_site()
        if dry_run:
            transaction.set_rollback(True)
    return sorted(outcomes, key=lambda outcome: outcome[0])


class _Stored:
    """The stored articles a batch's articles may be (by url or by text), read once."""

    def __init__(self, batch: list[_Prepared]) -> None:
        urls = [prepared.parsed.url for prepared in batch if prepared.parsed.url]
        hashes = {prepared.parsed.content_hash for prepared in batch}
        self.by_url = {
            article.url: article
            for article in Article.objects.select_for_update()
            .filter(url__in=urls)
            .defer("text", "source")
        }
        # In the order a single import's ``.first()`` picks from (Article's ordering).
        self.by_hash: dict[str, list[Article]] = {}
        for article in Article.objects.filter(content_hash__in=hashes).defer("text", "source"):
            self.by_hash.setdefault(article.content_hash, []).append(article)

    def same_text(self, parsed: ParsedArticle) -> Article | None:
        """The article with this text (without a url of its own, when ``parsed`` has one)."""
        for article in self.by_hash.get(parsed.content_hash, []):
            if not parsed.url or not article.url:
                return article
        return None

    def forget(self, article: Article) -> None:
        """An update gives the article a new text: its old one is free again."""
        same = self.by_hash.get(article.content_hash, [])
        self.by_hash[article.content_hash] = [a for a in same if a.pk != article.pk]


def _create(run: list[_Prepared], *, by: AbstractBaseUser | None) -> list[tuple[int, ImportResult]]:
    """Write new articles in bulk, then propose their claims and group them."""
    from claims.events.services import articles_events_refresh
    from claims.ingest import articles_claims_propose

    if not run:
        return []
    outlets: dict[str, Outlet | None] = {}
    for prepared in run:
        name = prepared.outlet_name
        if name and name not in outlets:
            outlets[name] = outlet_get_or_create(name=name)
    slugs = _unique_slugs([prepared.parsed.title for prepared in run])
    articles = []
    for prepared, slug in zip(run, slugs, strict=True):
        parsed = prepared.parsed
        article = Article(
            outlet=outlets.get(prepared.outlet_name),
            title=parsed.title,
            slug=slug,
            url=parsed.url,
            author=parsed.author,
            published_on=parsed.published_on,
            text=parsed.text,
            source=parsed.source,
            source_format=parsed.source_format,
            content_hash=parsed.content_hash,
            processing=Article.Processing.DONE,
        )
        if by is not None:
            article._history_user = by  # the history's "changed by" (simple_history)
        articles.append(article)
    bulk.insert_instances(Article, articles, history=True, default_user=by)
    _write_links_and_versions(articles, run)
    # (Candidates are None for an article that was here when the batch was read and
    # is gone now: extracted now, as a single import would.)
    proposals = [
        (article, _extract(article.text) if found is None else found)
        for article, found in zip(articles, [prepared.candidates for prepared in run], strict=True)
    ]
    refreshed = articles_claims_propose(articles=proposals)
    articles_events_refresh(
        articles=articles, written=[claim for r in refreshed for claim in r.written]
    )
    return [
        (prepared.index, ImportResult("imported", article, prepared.parsed, skipped=r.skipped))
        for prepared, article, r in zip(run, articles, refreshed, strict=True)
    ]


def _write_links_and_versions(articles: list[Article], run: list[_Prepared]) -> None:
    ArticleLink.objects.bulk_create(
        ArticleLink(
            article=article, text=link.text[:1000], url=link.url[:2000],
            position=link.position, inline=link.inline,
        )
        for article, prepared in zip(articles, run, strict=True)
        for link in prepared.parsed.links
    )  # fmt: skip
    ArticleVersion.objects.bulk_create(
        ArticleVersion(
            article=article, title=article.title, text=article.text,
            content_hash=article.content_hash,
        )
        for article in articles
    )  # fmt: skip


def _unique_slugs(titles: list[str]) -> list[str]:
    """A free slug for each title, as articles.services._unique_slug picks it one at a
    time ("title", "title-2", …), with one query for the likely ones."""
    bases = [slugify(title)[:_SLUG_LENGTH].strip("-") or "untitled" for title in titles]
    likely = {
        _numbered(base, n) for base, count in Counter(bases).items() for n in range(1, count + 8)
    }
    taken = set(Article.objects.filter(slug__in=likely).values_list("slug", flat=True))

    def free(slug: str) -> bool:
        if slug in likely:
            return slug not in taken
        return not Article.objects.filter(slug=slug).exists()

    slugs = []
    for base in bases:
        n = 1
        while not free(_numbered(base, n)):
            n += 1
        slug = _numbered(base, n)
        taken.add(slug)
        likely.add(slug)
        slugs.append(slug)
    return slugs


def _numbered(base: str, n: int) -> str:
    if n == 1:
        return base
    suffix = f"-{n}"
    return base[: _SLUG_LENGTH - len(suffix)] + suffix
