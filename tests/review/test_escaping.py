"""Article and user text is escaped on every review page; unsafe links are never links."""

import pytest
from django.urls import reverse

from articles.models import Outlet
from claims.models import ClaimRelay, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

ATTRIBUTE_BREAKOUT = '"><img src=x onerror=alert(1)>'
SCRIPT = "<script>alert(2)</script>"
EVIL = ATTRIBUTE_BREAKOUT + SCRIPT


@pytest.fixture
def evil_claim(reviewer):
    """A submitted verdict on a claim where every text a user or article controls is hostile."""
    outlet = Outlet.objects.create(name=EVIL, slug="evil")
    article = ArticleFactory(
        outlet=outlet, title=f"Title {EVIL}", text=f"The ministry said {EVIL} and left.\n\nMore."
    )
    claimant = ClaimantFactory(name=f"Claimant {EVIL}", role=EVIL)
    claim = ClaimFactory(
        article=article, quote=f"said {EVIL}", claimant=claimant, sentence=f"Sentence {EVIL}",
        parts=[{"count": 1, "who": EVIL}],
    )  # fmt: skip
    ClaimRelay.objects.create(claim=claim, claimant=ClaimantFactory(name=f"Relay {EVIL}"))
    EvidenceFactory(
        claim=claim,
        source=SourceFactory(title=f"Source {EVIL}", publisher=f"Publisher {EVIL}"),
        note=f"Note {EVIL}",
    )
    VerdictFactory(
        claim=claim,
        author=reviewer,
        status=Verdict.Status.SUBMITTED,
        rationale=f"Rationale {EVIL} [x](javascript:alert(3))",
        review_note=f"Review note {EVIL}",
    )
    return claim


def pages(claim) -> list[str]:
    return [
        reverse("review:queue"),
        reverse("review:queue") + f"?claimant={claim.claimant.slug}&article={claim.article_id}",
        reverse("review:articles"),
        reverse("review:article", args=[claim.article_id]),
        reverse("review:claim", args=[claim.pk]),
        reverse("review:approvals"),
    ]


def assert_inert(html: str) -> None:
    assert "<img src=x" not in html
    assert "<script>alert(2)" not in html
    assert 'href="javascript:' not in html.lower()
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_every_review_page_escapes_hostile_text_for_the_editor(as_editor, evil_claim):
    for url in pages(evil_claim):
        response = as_editor.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())


def test_hostile_text_in_form_errors_is_escaped(as_reviewer, evil_claim):
    response = as_reviewer.post(
        reverse("review:claim-add", args=[evil_claim.article_id]),
        {"kind": "statement", "exact": f"{EVIL} is not in the text"},
    )
    assert response.status_code == 400
    assert_inert(response.content.decode())
    response = as_reviewer.post(
        reverse("review:claim-edit", args=[evil_claim.pk]),
        {"kind": "casualty", "claimant": f"Nobody {EVIL}", "parts": "1 x"},
    )
    assert response.status_code == 400
    assert "<img src=x" not in response.content.decode()


def test_claimant_autocomplete_is_json_not_html(as_reviewer, evil_claim):
    response = as_reviewer.get(reverse("review:claimant-autocomplete"), {"q": "Claimant"})
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"][0]["name"] == f"Claimant {EVIL}"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "ftp://x.example/"]
)
def test_a_source_stored_with_an_unsafe_address_is_not_a_link(as_editor, candidate, url, reviewer):
    # The form and the service refuse these; one could still come from an old import.
    EvidenceFactory(claim=candidate, source=SourceFactory(url=url, title="Odd source"))
    VerdictFactory(claim=candidate, author=reviewer, status=Verdict.Status.SUBMITTED)
    for page in (reverse("review:claim", args=[candidate.pk]), reverse("review:approvals")):
        html = as_editor.get(page).content.decode()
        assert "Odd source" in html
        assert f'href="{url}"' not in html


def test_source_links_open_safely(as_reviewer, candidate):
    EvidenceFactory(claim=candidate, source=SourceFactory(url="https://tass.example/1"))
    html = as_reviewer.get(reverse("review:claim", args=[candidate.pk])).content.decode()
    assert 'href="https://tass.example/1" rel="noopener noreferrer nofollow"' in html
