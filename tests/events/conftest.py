"""One invented story told by the seed wire report and five other articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from articles.models import Article
from articles.services import article_import
from claims.events.services import article_events_refresh
from claims.extraction import extract
from claims.models import Claim, Claimant
from tests.browser import browser_page  # noqa: F401 - the fixture, for test_browser.py
from tests.conftest import SEED_PATH

REPORTS = Path(__file__).resolve().parent.parent / "data" / "events"
UNRELATED = "05_unrelated_aleppo_airstrikes.md"


def ensure_claims(article: Article) -> None:
    """The extractor's candidates as claims, when the import did not make them already.

    (Importing runs the extractor; this keeps the story whole if it ever does not.)
    """
    if article.claims.exists():
        return
    for c in extract(article.text):
        claimant = None
        if c.claimant is not None:
            claimant, _ = Claimant.objects.get_or_create(
                name=c.claimant.name, defaults={"slug": f"claimant-{Claimant.objects.count()}"}
            )
        Claim.objects.create(
            article=article,
            kind=c.kind,
            start=c.start,
            end=c.end,
            exact=c.exact,
            prefix=c.prefix,
            suffix=c.suffix,
            sentence=c.sentence,
            claimant=claimant,
            count_min=c.count_min,
            count_max=c.count_max,
            category=c.category,
            parts=c.parts,
            status=Claim.Status.CANDIDATE,
            origin=Claim.Origin.EXTRACTED,
        )


def import_story(*, reverse: bool = False) -> dict[str, Article]:
    """Import the seed (as RT) and the reports, each followed by its event proposal."""
    files = [(SEED_PATH, "RT"), *((path, "") for path in sorted(REPORTS.glob("*.md")))]
    if reverse:
        files.reverse()
    articles = {}
    for path, outlet in files:
        article = article_import(
            raw=path.read_bytes(), filename=path.name, outlet_name=outlet
        ).article
        ensure_claims(article)
        # Import may already propose the event; doing it again changes nothing.
        article_events_refresh(article=article)
        articles[path.name] = article
    return articles


@dataclass
class Story:
    articles: dict[str, Article]
    by_outlet: dict[str, Article] = field(default_factory=dict)

    def claim(self, outlet: str, exact: str) -> Claim:
        return Claim.objects.get(article=self.by_outlet[outlet], exact=exact)

    def refresh(self) -> None:
        for article in self.articles.values():
            article.refresh_from_db()


@pytest.fixture
def story(db) -> Story:
    articles = import_story()
    by_outlet = {a.outlet.name: a for name, a in articles.items() if name != UNRELATED and a.outlet}
    story = Story(articles=articles, by_outlet=by_outlet)
    story.refresh()  # their events were proposed after import
    return story


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client
