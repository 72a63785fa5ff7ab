"""Extraction on import, idempotent re-runs, and re-anchoring when the text changes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.services import article_import
from claims import services
from claims.models import Claim, Verdict
from tests.conftest import SEED_PATH
from tests.factories import VerdictFactory

pytestmark = pytest.mark.django_db

URL = "https://www.rt.example/news/354234-russian-helicopter-shot-down-syria/"


@pytest.fixture
def seed():
    return article_import(raw=SEED_PATH.read_bytes(), outlet_name="RT", url=URL).article


def claim(article, exact, kind=None):
    found = article.claims.filter(exact=exact)
    if kind:
        found = found.filter(kind=kind)
    return found.get()


def test_importing_the_seed_proposes_its_claims_as_candidates(seed):
    headline = claim(seed, "all 5 aboard dead", "casualty")
    assert (headline.count_min, headline.count_max, headline.category) == (5, 5, "killed")
    assert seed.text[headline.start : headline.end] == "all 5 aboard dead"
    assert headline.status == "candidate" and headline.origin == "extracted"
    assert headline.extractor_version

    crew = claim(seed, "Three crew and two officers", "casualty")
    assert (crew.count_min, crew.category) == (5, "killed")
    assert crew.parts == [{"count": 3, "who": "crew"}, {"count": 2, "who": "officers"}]
    assert claim(seed, "killing two Russian pilots").count_min == 2
    assert claim(seed, "both pilots dead").count_max == 2

    attributed = {c.claimant.name for c in seed.claims.filter(kind="attribution")}
    assert {"Defense Ministry", "Dmitry Peskov", "Alaa Ibrahim", "Kremlin"} <= attributed
    added = claim(seed, "the statement added")
    assert added.claimant.name == "Defense Ministry"
    peskov = seed.claims.filter(claimant__name="Dmitry Peskov").first().claimant
    assert peskov.kind == "person" and peskov.role == "Kremlin spokesman"
    assert peskov.affiliation.name == "Kremlin"
    assert claim(seed, "freelance journalist Alaa Ibrahim told RT").claimant.name == "Alaa Ibrahim"

    unverified = set(seed.claims.filter(kind="unverified").values_list("exact", flat=True))
    assert "RT cannot verify authenticity of those videos" in unverified
    assert "allegedly showing helicopter debris" in unverified
    assert any("has not yet revealed identities" in u for u in unverified)

    # The READ MORE links are not text, so nothing is proposed from them.
    assert not seed.claims.filter(exact__contains="Palmyra – MoD").exists()


def test_one_claimant_per_organisation_across_aliases(seed):
    ministries = {c.claimant_id for c in seed.claims.filter(claimant__name="Defense Ministry")}
    assert len(ministries) == 1


def test_extract_claims_is_idempotent_and_respects_reviewers(seed, reviewer):
    before = Claim.objects.count()
    crew = claim(seed, "Three crew and two officers", "casualty")
    services.claim_update(claim=crew, by=reviewer, count_min=4, count_max=6)
    dismissed = services.claim_dismiss(claim=claim(seed, "both pilots dead"), by=reviewer)
    out = StringIO()
    call_command("extract_claims", "--article", str(seed.pk), stdout=out)
    call_command("extract_claims", "--all", stdout=StringIO())
    assert Claim.objects.count() == before
    assert "0 proposed" in out.getvalue()
    crew.refresh_from_db()
    dismissed.refresh_from_db()
    assert (crew.count_min, crew.count_max, crew.status) == (4, 6, "confirmed")
    assert dismissed.status == "dismissed"


def test_edited_copy_is_reanchored_changed_moved_orphaned(seed, editor):
    crew = claim(seed, "Three crew and two officers", "casualty")
    pilots = claim(seed, "killing two Russian pilots")
    videos = claim(seed, "RT cannot verify authenticity of those videos")
    verdict = VerdictFactory(claim=crew, status=Verdict.Status.PUBLISHED)
    old_pilots_start = pilots.start

    edited = SEED_PATH.read_text()
    edited = edited.replace("Three crew and two officers from", "Four crew and two officers from")
    edited = edited.replace(
        "Last week the Syrian government",
        "Moscow has not commented further.\n\nLast week the Syrian government",
    )
    edited = edited.replace(" At the moment, RT cannot verify authenticity of those videos.", "")
    result = article_import(raw=edited, outlet_name="RT", url=URL)
    assert result.status == "updated"

    crew.refresh_from_db()
    pilots.refresh_from_db()
    videos.refresh_from_db()
    verdict.refresh_from_db()
    text = result.article.text
    assert crew.anchor_state == "changed"
    assert crew.exact == "Four crew and two officers"
    assert text[crew.start : crew.end] == crew.exact
    assert verdict.stale  # never silently re-pointed: re-review needed
    assert pilots.anchor_state == "moved"
    assert pilots.start != old_pilots_start
    assert text[pilots.start : pilots.end] == "killing two Russian pilots"
    assert videos.anchor_state == "orphaned"
    assert videos.exact == "RT cannot verify authenticity of those videos"  # kept
    assert Claim.objects.filter(pk=videos.pk).exists()
    assert result.article.versions.count() == 2


def test_export_shows_the_structured_fields(seed):
    out = StringIO()
    call_command("export_claims", "--article", str(seed.pk), stdout=out)
    rows = {row["exact"]: row for row in json.loads(out.getvalue())}
    crew = rows["Three crew and two officers"]
    assert crew["quantity"]["parts"] == [
        {"count": 3, "who": "crew"},
        {"count": 2, "who": "officers"},
    ]
    peskov = next(r for r in rows.values() if (r["claimant"] or {}).get("name") == "Dmitry Peskov")
    assert peskov["claimant"] == {
        "name": "Dmitry Peskov",
        "kind": "person",
        "role": "Kremlin spokesman",
    }
