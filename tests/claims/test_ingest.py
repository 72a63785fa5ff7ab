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
        "outlet": False,
    }


def _snapshot(article):
    return {
        c.pk: (
            c.kind,
            c.start,
            c.end,
            c.exact,
            c.status,
            c.anchor_state,
            c.claimant_id,
            c.count_min,
            c.count_max,
            c.category,
            c.parts,
            tuple(c.relays.values_list("claimant_id", flat=True)),
            c.updated,
        )
        for c in article.claims.all()
    }


def test_running_extraction_again_writes_nothing(seed):
    before = _snapshot(seed)
    history = Claim.history.count()
    out = StringIO()
    call_command("extract_claims", "--article", str(seed.pk), stdout=out)
    call_command("extract_claims", "--all", stdout=StringIO())
    assert f"0 proposed, {len(before)} already there (0 updated), 0 outdated removed" in (
        out.getvalue()
    )
    assert _snapshot(seed) == before
    assert Claim.history.count() == history  # not even a history row


def test_a_newer_extractor_never_touches_or_duplicates_reviewed_claims(seed, reviewer, monkeypatch):
    from claims import ingest
    from claims.extraction import extract

    confirmed = services.claim_confirm(claim=claim(seed, "both pilots dead"), by=reviewer)
    edited = claim(seed, "Three crew and two officers", "casualty")
    services.claim_update(claim=edited, by=reviewer, count_min=4, count_max=6)
    dismissed = services.claim_dismiss(claim=claim(seed, "killing two Russian pilots"), by=reviewer)
    manual = services.claim_create_manual(
        article=seed, by=reviewer, kind="statement", exact="It contributes to peace talks"
    )
    decided = {c.pk: c for c in (confirmed, edited, dismissed, manual)}
    for c in decided.values():
        c.refresh_from_db()
    before = {pk: _snapshot(seed)[pk] for pk in decided}

    def wider(text):
        # Every span one word longer, as a revised extractor might draw them.
        out = []
        for candidate in extract(text):
            end = text.find(" ", candidate.end + 1)
            end = candidate.end if end < 0 else end
            candidate.end, candidate.exact = end, text[candidate.start : end]
            out.append(candidate)
        return out

    monkeypatch.setattr(ingest, "extract", wider)
    result = ingest.article_claims_refresh(article=seed, previous_text=None)

    assert {pk: _snapshot(seed)[pk] for pk in decided} == before
    for c in decided.values():
        overlapping = seed.claims.filter(
            kind=c.kind, start__lt=c.end, end__gt=c.start, status="candidate"
        ).exclude(pk=c.pk)
        assert not overlapping.exists(), [o.exact for o in overlapping]
    assert result.proposed > 0 and result.removed > 0  # untouched candidates follow


def test_an_untouched_candidate_follows_its_edited_words_a_reviewed_one_does_not(seed, reviewer):
    crew = claim(seed, "Three crew and two officers", "casualty")
    members = claim(seed, "Three crew members and two officers", "casualty")
    services.claim_confirm(claim=members, by=reviewer)
    edited = SEED_PATH.read_text()
    edited = edited.replace("Three crew and two officers from", "Four crew and two officers from")
    edited = edited.replace(
        "Three crew members and two officers", "Three crew members and three officers"
    )
    article_import(raw=edited, outlet_name="RT", url=URL)
    crew.refresh_from_db()
    members.refresh_from_db()
    assert (crew.exact, crew.anchor_state) == ("Four crew and two officers", "changed")
    assert (crew.count_min, crew.count_max) == (6, 6)
    assert crew.parts == [{"count": 4, "who": "crew"}, {"count": 2, "who": "officers"}]
    assert members.anchor_state == "changed"
    assert members.exact == "Three crew members and three officers"
    assert (members.count_min, members.status) == (5, "confirmed")  # the reviewer's reading


def test_changed_words_stay_flagged_when_the_claim_moves_later(seed):
    crew = claim(seed, "Three crew and two officers", "casualty")
    first = SEED_PATH.read_text().replace(
        "Three crew and two officers from", "Four crew and two officers from"
    )
    article_import(raw=first, outlet_name="RT", url=URL)
    second = first.replace("01/08/2016\n", "01/08/2016\n\nUPDATE: names released.\n", 1)
    article_import(raw=second, outlet_name="RT", url=URL)
    crew.refresh_from_db()
    assert crew.anchor_state == "changed"
    assert seed.claims.get(pk=crew.pk).exact == "Four crew and two officers"


def test_reimporting_a_long_article_writes_claims_in_bulk(django_assert_max_num_queries):
    from tests.claims.text.test_anchoring import _long_article

    raw = "---\n\nA long day of news\n\n---\n\n01/08/2016\n\n" + _long_article()
    article = article_import(raw=raw, outlet_name="Wire", url="https://example.org/long").article
    assert article.claims.count() > 500
    edited = raw.replace("A long day of news\n", "A long day of news\n\nUPDATE: more.\n", 1)
    # Claims are re-anchored, refreshed and proposed in batches (SQLite takes a few
    # dozen rows per statement): the count grows with batches, not with claims.
    with django_assert_max_num_queries(120):
        result = article_import(raw=edited, outlet_name="Wire", url="https://example.org/long")
    assert result.status == "updated"
    assert not article.claims.exclude(anchor_state__in=["moved", "anchored"]).exists()


# --- the claim as checked, and who gives each figure -----------------------------
def test_the_seed_figures_carry_their_statement_and_who_gives_them(seed):
    crew = claim(seed, "Three crew and two officers", "casualty")
    assert crew.claimant.name == "Kremlin"
    assert "Three crew and two officers" in crew.statement
    assert "Kremlin" in crew.statement
    peskov = seed.claims.get(kind="attribution", exact__startswith="Kremlin spokesman Dmitry")
    assert "all those on board are dead" in peskov.statement
    # Every figure names who gives it: a source the article names, or RT itself.
    for figure in seed.claims.filter(kind__in=["casualty", "unverified"]):
        assert figure.claimant is not None, figure.exact
        assert figure.statement, figure.exact
    assert claim(seed, "RT cannot verify authenticity of those videos").claimant.name == "RT"


def test_an_attribution_holds_the_figures_inside_what_was_said(seed):
    units = seed.claims.filter(kind="attribution", contained__isnull=False).distinct()
    assert units.exists()
    for unit in units:
        for inside in unit.contained.all():
            assert inside.kind != "attribution"
            assert inside.attribution_id == unit.pk


def test_reimporting_keeps_statements_and_links_stable(seed):
    before = dict(seed.claims.values_list("pk", "statement"))
    links = dict(seed.claims.values_list("pk", "attribution_id"))
    again = article_import(raw=SEED_PATH.read_bytes(), outlet_name="RT", url=URL).article
    assert dict(again.claims.values_list("pk", "statement")) == before
    assert dict(again.claims.values_list("pk", "attribution_id")) == links


def test_a_reviewers_statement_survives_a_reimport(seed, reviewer):
    crew = claim(seed, "Three crew and two officers", "casualty")
    services.claim_update(claim=crew, by=reviewer, statement="The Kremlin says five died.")
    article_import(raw=SEED_PATH.read_bytes(), outlet_name="RT", url=URL)
    crew.refresh_from_db()
    assert crew.statement == "The Kremlin says five died."
