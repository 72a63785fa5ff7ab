"""The public article page: the article's text with its published claims highlighted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from claims.highlighting import paragraphs
from claims.models import Claim, Verdict
from claims.views import Fingerprint, count, latest, public_claims, public_response

from .models import Article

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


def highlighted_text(text: str, claims: list[Claim]) -> list[list[Piece]]:
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


@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article_claims = Claim.objects.filter(article=OuterRef("pk"))
    article_verdicts = Verdict.objects.filter(claim__article=OuterRef("pk"))
    # Query: the article, its outlet, whether it has anything published, and the
    # fingerprint of its claims and verdicts.
    article = (
        Article.objects.select_related("outlet")
        .filter(slug=slug)
        .annotate(
            has_public=Exists(public_claims().filter(article=OuterRef("pk"))),
            fp_claims=latest(article_claims, "updated"),
            fp_claim_count=count(article_claims),
            fp_verdicts=latest(article_verdicts, "updated"),
            fp_verdict_count=count(article_verdicts),
        )
        .defer("source")
        .first()
    )
    if article is None or not article.has_public:
        # An article nobody has published a fact-check on is still internal work.
        raise Http404("No fact-checks published for this article.")
    fingerprint = Fingerprint.of(
        article.updated,
        article.fp_claims,
        article.fp_claim_count,
        article.fp_verdicts,
        article.fp_verdict_count,
    )

    def build() -> HttpResponse:
        # Query: the article's published claims with their ratings and claimants.
        claims = list(
            public_claims()
            .filter(article=article)
            .select_related("claimant")
            .order_by("start", "end", "pk")
        )
        # Query: the related stories the article linked to (not the inline links).
        related = list(article.links.filter(inline=False).order_by("position", "pk"))
        text = highlighted_text(article.text, claims)
        return render(
            request,
            "public/article_detail.html",
            {
                "article": article,
                "claims": claims,
                "text": text[1:] if article.has_headline else text,
                "headline": text[0] if article.has_headline and text else None,
                "related_links": related,
            },
        )

    return public_response(
        request, name=f"article:{article.pk}", fingerprint=fingerprint, build=build
    )
