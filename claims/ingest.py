"""What happens to claims when an article's text arrives or changes."""

from __future__ import annotations

from articles.models import Article


def article_claims_refresh(*, article: Article, previous_text: str | None) -> None:
    """Keep an article's claims in step with its text after import or update.

    Claim extraction and re-anchoring plug in here; until then an imported
    article simply has no proposed claims.
    """
