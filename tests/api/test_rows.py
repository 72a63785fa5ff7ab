"""The lists read as rows (claims.api.rows) give, byte for byte, what the serializers give.

One rich fixture holds every case a list item can show: published, submitted, draft
and withdrawn verdicts, several sources with and without dates, claimants with
relays, affiliations, aliases and a slug no public address can hold, statements,
attributions and the claims inside them, matches and flags naming published and
unpublished claims, events, an undated article without an outlet, and text with the
two characters JSON escapes for JavaScript. Each list, as anonymous caller and as
reviewer, must equal the existing serializer's output rendered by DRF's own renderer.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.renderers import JSONRenderer

from claims.api import views
from claims.api.serializers import (
    ArticleSerializer,
    ClaimantSerializer,
    ClaimSerializer,
    SourceSerializer,
    VerdictSerializer,
)
from claims.models import Claim, ClaimMatch, ClaimRelay, Correction, Verdict
from tests.api.conftest import token_client
from tests.events.factories import ClaimFlagFactory, ClaimMatchFactory, EventFactory, named
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    OutletFactory,
    PublishedVerdictFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "A Russian Mi-8 helicopter was shot down in Idlib, the Defense Ministry said. Three "
    "crew and two officers died, according to a Kremlin statement.\n\nKremlin spokesman "
    "Dmitry Peskov said all five on board are dead.\n\nIt is the third Russian helicopter "
    "lost in Syria this year.\n\nRT cannot verify the videos \u2028 of débris."
)


@pytest.fixture
def gallery(reviewer, editor):
    """Every kind of thing a list item shows (see the module docstring)."""
    event = EventFactory(title="Mi-8 shot down — Idlib")
    dated = ArticleFactory(event=event, text=TEXT, outlet=OutletFactory(name="RT", slug="rt"))
    undated = ArticleFactory(event=event, text=TEXT, outlet=None, published_on=None)
    hidden = ArticleFactory(text=TEXT, title="Not published yet")

    kremlin = ClaimantFactory(name="Kremlin", slug="kremlin", aliases=["Кремль", "The Kremlin"])
    peskov = ClaimantFactory(
        name="Dmitry Peskov", kind="person", role="Kremlin spokesman", affiliation=kremlin
    )
    ministry = ClaimantFactory(name="Defense Ministry", slug="Минобороны")  # no public address
    agency = ClaimantFactory(name="Associated Press", kind="media", slug="ap")

    def claim(article, quote, kind=Claim.Kind.CASUALTY, **fields):
        return ClaimFactory(article=article, quote=quote, kind=kind, **fields)

    attribution = claim(dated, "Kremlin spokesman", Claim.Kind.ATTRIBUTION, claimant=peskov)
    figure = claim(
        dated,
        "Three crew and two officers",
        claimant=ministry,
        attribution=attribution,
        statement="Five Russian servicemen died when the Mi-8 was shot down \u2029 over Idlib.",
        assigned_to=reviewer,
    )
    for position, relay in enumerate([agency, kremlin]):
        ClaimRelay.objects.create(claim=figure, claimant=relay, position=position)
    EvidenceFactory(claim=figure, source=SourceFactory(accessed_on=dt.date(2016, 8, 2)))
    EvidenceFactory(
        claim=figure,
        stance="contradicts",
        source=SourceFactory(archive_url="https://archive.example.org/1"),
    )
    VerdictFactory(claim=figure, status=Verdict.Status.WITHDRAWN, rating="false")
    verdict = PublishedVerdictFactory(claim=figure, author=reviewer, approved_by=editor)
    for note in ("Added the second source.", "Fixed the figure."):
        Correction.objects.create(verdict=verdict, note=note, created_by=editor)
    PublishedVerdictFactory(claim=attribution, rating="correctly-attributed")

    draft = claim(
        dated,
        "all five on board are dead",
        Claim.Kind.STATEMENT,
        attribution=attribution,
        claimant=peskov,
        count_min=None,
        count_max=None,
        category="",
        parts=[],
    )
    EvidenceFactory(claim=draft, note="Reviewer-only: ask the ministry.")
    VerdictFactory(claim=draft, status=Verdict.Status.SUBMITTED, review_note="Sources?")
    VerdictFactory(claim=draft, rating="mostly-false", rationale="Draft \u2028 rationale.")
    submitted = claim(dated, "the third Russian helicopter", Claim.Kind.STATEMENT)
    VerdictFactory(claim=submitted, status=Verdict.Status.SUBMITTED)
    claim(dated, "cannot verify", Claim.Kind.UNVERIFIED, status=Claim.Status.CANDIDATE)
    odd = claim(undated, "Three crew", parts=[{"count": 3, "who": "crew", "1": None}, None])
    PublishedVerdictFactory(claim=odd, rating="mixed")
    other = claim(undated, "two officers", claimant=agency)
    PublishedVerdictFactory(claim=other, rating="false", published_at=None)
    unpublished = claim(hidden, "Three crew and two officers", claimant=ministry)

    first, second = sorted([figure, other], key=lambda c: c.pk)
    ClaimMatchFactory(claim_a=first, claim_b=second)
    low, high = sorted([figure, unpublished], key=lambda c: c.pk)
    ClaimMatchFactory(claim_a=low, claim_b=high, status=ClaimMatch.Status.CONFIRMED)
    low, high = sorted([odd, draft], key=lambda c: c.pk)
    ClaimMatchFactory(claim_a=low, claim_b=high, status=ClaimMatch.Status.BROKEN)
    ClaimFlagFactory(claim=figure, other=other)
    ClaimFlagFactory(
        claim=other, kind="parts_total", other=figure, others=named(figure, unpublished)
    )
    ClaimFlagFactory(claim=odd, other=draft, kind="claimants_differ")
    ClaimFlagFactory(claim=draft, other=figure, others=[{"id": figure.pk}, {"exact": "no id"}])


LISTS = {
    "/api/v1/claims/": (ClaimSerializer, views.visible_claims),
    "/api/v1/articles/": (ArticleSerializer, views.visible_articles),
    "/api/v1/claimants/": (ClaimantSerializer, views.visible_claimants),
    "/api/v1/sources/": (SourceSerializer, views.visible_sources),
    "/api/v1/verdicts/": (VerdictSerializer, views.visible_verdicts),
}


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata"])
@pytest.mark.parametrize("as_reviewer", [False, True], ids=["anonymous", "reviewer"])
@pytest.mark.parametrize("url", list(LISTS))
def test_list_is_what_the_serializer_gives(gallery, reviewer, settings, zone, as_reviewer, url):
    settings.TIME_ZONE = zone
    client = token_client(reviewer if as_reviewer else None)
    response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    serializer_class, visible = LISTS[url]
    objects = visible(reviewer=as_reviewer).order_by("-id")
    context = {"request": response.wsgi_request, "reviewer": as_reviewer}
    expected = {
        "next": body["next"],
        "previous": body["previous"],
        "results": serializer_class(objects, many=True, context=context).data,
    }
    assert len(body["results"]) == len(objects) > 1
    assert response.content == JSONRenderer().render(expected)


def test_the_gallery_shows_what_it_is_for(gallery):
    """The fixture really holds the cases, as the public and reviewers see them."""
    public = {row["exact"]: row for row in token_client().get("/api/v1/claims/").json()["results"]}
    figure = public["Three crew and two officers"]
    assert figure["matches"] and figure["flags"] and figure["attribution"] and figure["url"]
    assert [relay["name"] for relay in figure["via"]] == ["Associated Press", "Kremlin"]
    assert public["Kremlin spokesman"]["contains"] == [figure["id"]]
    assert public["two officers"]["flags"] == []  # it names an unpublished claim too
    assert public["two officers"]["verdict"]["published_at"] is None
    claimants = token_client().get("/api/v1/claimants/").json()["results"]
    assert {row["name"]: row["url"] is None for row in claimants}["Defense Ministry"]
    articles = token_client().get("/api/v1/articles/").json()["results"]
    assert {row["outlet"] is None and row["published_on"] is None for row in articles} == {
        True,
        False,
    }


def test_pages_of_rows_follow_one_another(gallery, reviewer):
    client = token_client(reviewer)
    everything = client.get("/api/v1/claims/", {"page_size": 100}).json()["results"]
    walked, url, params = [], "/api/v1/claims/", {"page_size": 3}
    while url:
        body = client.get(url, params).json()
        walked += body["results"]
        url, params = body["next"], None
    assert walked == everything
    assert len(walked) > 3
