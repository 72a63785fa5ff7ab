"""The public article page: the article's text with its published claims highlighted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from claims.models import Claim
from claims.page_versions import article_scope
from claims.public.caching import (
    Fingerprint,
    fingerprint_query,
    fingerprint_row,
    public_response,
    will_render,
)
from claims.public.selectors import (
    ArticlePage,
    HighlightedClaim,
    article_page,
    article_page_with,
)
from claims.text.highlighting import paragraphs

# Claims whose position in the current text is trusted enough to highlight.
HIGHLIGHTABLE = (Claim.AnchorState.ANCHORED, Claim.AnchorState.MOVED)


@dataclass
class Piece:
    """A run of article text for the template: its innermost claim, the claims
    that start here (anchors) and those that end here (badges after the text)."""

    text: str
    top: Any = None
    starts: list = field(default_factory=list)
    ends: list = field(default_factory=list)


def highlighted_text(text: str, claims: list[HighlightedClaim]) -> list[list[Piece]]:
    """Paragraphs of pieces; only claims whose quote is exactly at their position."""
    spans = [
        c for c in claims if c.anchor_state in HIGHLIGHTABLE and text[c.start : c.end] == c.exact
    ]
    result = []
    for paragraph in paragraphs(text, spans):
        pieces = []
        for segment in paragraph.segments:
            end = segment.start + len(segment.text)
            pieces.append(
                Piece(
                    text=segment.text,
                    top=segment.top,
                    starts=list(segment.starts),
                    ends=[s for s in segment.spans if s.end == end],
                )
            )
        result.append(pieces)
    return result


# Hand-written for the same reason as the claim page's (claims.public.caching).
_ARTICLE_FINGERPRINT_SQL = """
SELECT a.id, a.updated,
  (SELECT MAX(c2.updated) FROM {claim} c2 WHERE c2.article_id = a.id),
  (SELECT COUNT(*) FROM {claim} c2 WHERE c2.article_id = a.id),
  (SELECT MAX(v2.updated) FROM {verdict} v2 JOIN {claim} c3 ON c3.id = v2.claim_id
     WHERE c3.article_id = a.id),
  (SELECT COUNT(*) FROM {verdict} v2 JOIN {claim} c3 ON c3.id = v2.claim_id
     WHERE c3.article_id = a.id)
FROM {article} a
WHERE a.slug = %(slug)s AND EXISTS (
  SELECT 1 FROM {claim} c JOIN {verdict} v ON v.claim_id = c.id AND v.status = {published}
  WHERE c.article_id = a.id AND c.status = {confirmed})
"""


@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    read: ArticlePage | None = None

    def check() -> Fingerprint:
        nonlocal read
        if will_render(request):
            # Query: the page (as build reads it) with the fingerprint.
            both = article_page_with(_ARTICLE_FINGERPRINT_SQL, slug)
            found = None if both is None else fingerprint_row(both[1])
            read = None if both is None else both[0]
        else:
            # Query: the article's fingerprint, if it has anything published (all a
            # cached visit or a 304 needs when the cache is not shared; with a shared
            # one, a render skips it).
            found = fingerprint_query(_ARTICLE_FINGERPRINT_SQL, {"slug": slug})
        if found is None:
            # An article nobody has published a fact-check on is still internal work.
            raise Http404("No fact-checks published for this article.")
        _article_id, fingerprint = found
        return fingerprint

    def build() -> HttpResponse:
        # Query: the article and its outlet, its published claims with their ratings
        # and claimants, and the related stories it linked to (not the inline links).
        # It answers the 404 `check` would for a render that skipped it.
        page = read or article_page(slug)
        if page is None:
            raise Http404("No fact-checks published for this article.")
        article = page.article
        text = highlighted_text(article.text, page.claims)
        return render(
            request,
            "public/article_detail.html",
            {
                "article": article,
                "claims": page.claims,
                "text": text[1:] if article.has_headline else text,
                "headline": text[0] if article.has_headline and text else None,
                "related_links": page.related_links,
                "absolute_url": f"{request.scheme}://{request.get_host()}{article.get_absolute_url()}",
            },
        )

    return public_response(
        request,
        name=f"article:{slug}",
        scopes=[article_scope(slug)],
        check=check,
        build=build,
        build_checks=True,
    )
