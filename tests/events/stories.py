"""Helpers for the story folders (tests/data/events/*/): import a folder the way a
newsroom does, and look up its claims and matches."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from articles.models import Article
from claims.models import Claim, ClaimMatch


def import_folder(folder: Path) -> dict[str, Article]:
    """Short name ("a1", the file name's first two letters) -> article, after
    importing every file of ``folder`` with ``import_articles``."""
    call_command("import_articles", str(folder), stdout=StringIO())
    by_url = {a.url: a for a in Article.objects.select_related("event", "outlet")}
    articles = {}
    for path in sorted(folder.glob("*.md")):
        url = next(line for line in path.read_text().splitlines() if line.startswith("url:"))
        articles[path.name[:2]] = by_url[url.removeprefix("url:").strip()]
    return articles


def claim(article: Article, exact: str) -> Claim:
    return Claim.objects.get(article=article, exact=exact)


def matched(a: Claim, b: Claim) -> bool:
    x, y = sorted([a.pk, b.pk])
    return ClaimMatch.objects.filter(claim_a=x, claim_b=y).exists()
