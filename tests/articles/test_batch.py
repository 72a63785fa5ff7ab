"""A batch import leaves the database as importing each article in turn does."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from django.db import transaction

from articles.batch import ImportItem, article_import_batch
from articles.models import Article, ArticleLink, ArticleVersion, Event, Outlet
from articles.services import ArticleImportError, article_import
from bench.throughput import stories
from claims.models import Claim, Claimant, ClaimFlag, ClaimMatch, ClaimRelay
from tests.conftest import SEED_PATH

pytestmark = pytest.mark.django_db

STORIES = Path(__file__).resolve().parent.parent / "data" / "events"


def varied_items() -> list[ImportItem]:
    """New articles, same-event reports from several outlets, undated ones, a
    re-import of the same text (unchanged) and one with an edit (updated), and an
    article over the candidate cap (the test sets it low)."""
    items = [
        ImportItem(raw=path.read_bytes(), filename=path.name)
        for path in sorted(STORIES.rglob("*.md"))
    ]
    items.append(ImportItem(raw=SEED_PATH.read_bytes(), filename="seed.txt", outlet_name="RT"))
    for n, (day, outlet, title, text) in enumerate(stories(random.Random(5), 24)):
        if n % 5 == 0:  # plain text: no date line
            items.append(ImportItem(raw=f"{title}\n\n{text}", filename=f"u{n}.txt"))
        else:
            raw = f"---\n{title}\n---\n{day:%d/%m/%Y}\n\n{text}\n"
            items.append(ImportItem(raw=raw, filename=f"s{n}.txt", outlet_name=outlet))
    for n, who in enumerate(["Defence Minister Ivan Petrov", "Ivan Petrov, the defence chief,"]):
        text = (
            f"{who} said {12 + n} soldiers were killed, according to the Associated Press. "
            "Interior Minister Mara Lind of the Interior Ministry told Reuters that 5 people "
            "were missing, AFP reported."
        )
        items.append(ImportItem(raw=f"Quake in Sarn {n}\n\n{text}", outlet_name="Wire"))
    bus = "https://news.example.org/bus"
    items += [
        ImportItem(raw="Bus crash\n\nFive people were injured, police said.", url=bus),
        ImportItem(raw=SEED_PATH.read_bytes(), filename="seed.txt", outlet_name="RT"),
        ImportItem(raw="Bus crash\n\nSix people were injured, police said.", url=bus),
        ImportItem(raw=b"", filename="empty.txt"),
        ImportItem(raw="Bus crash\n\nSix people were injured, police said.", url=bus),
    ]
    return items


def snapshot() -> dict:
    """The significant rows, each named by what it is rather than by its id."""
    articles = {a.pk: a.slug for a in Article.objects.all()}
    claims = {c.pk: (articles[c.article_id], c.kind, c.start, c.end) for c in Claim.objects.all()}
    claimants = dict(Claimant.objects.values_list("pk", "slug"))
    events = dict(Event.objects.values_list("pk", "slug"))
    outlets = dict(Outlet.objects.values_list("pk", "name"))

    def claim_row(c: Claim) -> tuple:
        return (
            claims.get(c.id), c.exact, c.prefix, c.suffix, c.sentence, c.statement,
            c.sentence_start, c.sentence_end, claims.get(c.attribution_id),
            claimants.get(c.claimant_id), c.count_min, c.count_max, c.category, c.parts,
            c.status, c.anchor_state, c.origin, c.extractor_version, c.reviewed,
        )  # fmt: skip

    def named(others: list[dict]) -> list:
        return [(claims[o["id"]], o["exact"], o["source"]) for o in others]

    return {
        "articles": sorted(
            (
                a.slug,
                a.title,
                a.url,
                a.author,
                a.published_on,
                a.text,
                a.source,
                a.source_format,
                a.content_hash,
                outlets.get(a.outlet_id),
                events.get(a.event_id),
                a.event_confirmed,
                a.processing,
            )
            for a in Article.objects.all()
        ),
        "article history": sorted(
            (
                articles[h.id],
                h.history_type,
                str(h.history_user),
                h.history_change_reason,
                h.title,
                h.text,
                h.content_hash,
                events.get(h.event_id),
                outlets.get(h.outlet_id),
            )
            for h in Article.history.all()
        ),
        "links": sorted(
            (articles[x.article_id], x.text, x.url, x.position, x.inline)
            for x in ArticleLink.objects.all()
        ),
        "versions": sorted(
            (articles[v.article_id], v.title, v.content_hash) for v in ArticleVersion.objects.all()
        ),
        "outlets": sorted(Outlet.objects.values_list("name", "slug", "homepage")),
        "claimants": sorted(
            (c.slug, c.name, c.kind, c.role, c.aliases, claimants.get(c.affiliation_id))
            for c in Claimant.objects.all()
        ),
        "claims": sorted(
            (*claim_row(c), c.verdict_status, c.verdict_stale, c.flagged)
            for c in Claim.objects.all()
        ),
        "claim history": sorted(
            (h.history_type, str(h.history_user), h.history_change_reason, *claim_row(h))
            for h in Claim.history.all()
        ),
        "relays": sorted(
            (claims[r.claim_id], claimants[r.claimant_id], r.position)
            for r in ClaimRelay.objects.all()
        ),
        "events": sorted(Event.objects.values_list("slug", "title", "date", "place", "summary")),
        "matches": sorted(
            (claims[m.claim_a_id], claims[m.claim_b_id], m.score, m.status)
            for m in ClaimMatch.objects.all()
        ),
        "flags": sorted(
            (claims[f.claim_id], f.kind, claims.get(f.other_id), named(f.others), f.message)
            for f in ClaimFlag.objects.all()
        ),
    }


def one_by_one(items: list[ImportItem], by) -> list[str]:
    statuses = []
    for item in items:
        try:
            result = article_import(
                raw=item.raw, filename=item.filename, outlet_name=item.outlet_name,
                url=item.url, by=by,
            )  # fmt: skip
        except ArticleImportError:
            statuses.append("error")
            continue
        statuses.append(result.status)
    return statuses


def in_batches(items: list[ImportItem], by) -> list[str]:
    results = article_import_batch(items=items, by=by)
    return ["error" if isinstance(r, Exception) else r.status for r in results]


def imported_both_ways(items: list[ImportItem], by) -> tuple:
    """(statuses, snapshot) one article at a time, then in batches, each from empty."""
    outcomes = []
    for import_all in (one_by_one, in_batches):
        with transaction.atomic():
            statuses = import_all(items, by)
            outcomes.append((statuses, snapshot()))
            transaction.set_rollback(True)
    return outcomes


def test_a_batch_import_writes_what_one_import_after_another_writes(
    settings, monkeypatch, reviewer
):
    settings.CLAIMTRACK_MAX_CANDIDATES = 12  # some articles go over it
    monkeypatch.setattr("articles.batch.BATCH_SIZE", 9)  # several batches, cut anywhere
    items = varied_items()
    (single_statuses, single), (batch_statuses, batch) = imported_both_ways(items, reviewer)
    assert batch_statuses == single_statuses
    assert {"imported", "unchanged", "updated", "error"} == set(single_statuses)
    for table in single:
        assert batch[table] == single[table], table
    # What the comparison covers is really there.
    assert len(single["events"]) < len(single["articles"])
    assert single["matches"] and single["flags"] and single["relays"]
    assert any(row[4] is None for row in single["articles"])  # undated
    assert any(h[2] == "alice" for h in single["article history"])


def test_a_batch_keeps_the_per_article_candidate_cap(settings):
    settings.CLAIMTRACK_MAX_CANDIDATES = 3
    [result] = article_import_batch(items=[ImportItem(raw=SEED_PATH.read_bytes())])
    assert result.skipped > 0
    assert result.article.claims.count() == 3
    assert any("beyond the limit of 3" in warning for warning in result.warnings)


def test_refused_input_fails_alone_before_the_batch():
    results = article_import_batch(
        items=[
            ImportItem(raw="Quake\n\nFive were hurt."),
            ImportItem(raw=b"%PDF-1.7\n%\xe2\xe3", filename="a.pdf"),
            ImportItem(raw="Fire\n\nTwo were hurt.", url="not a url"),
        ]
    )
    assert results[0].status == "imported"
    assert isinstance(results[1], ArticleImportError)
    assert isinstance(results[2], ArticleImportError)
    assert list(Article.objects.values_list("title", flat=True)) == ["Quake"]


def test_a_batch_that_fails_is_imported_again_one_article_at_a_time(monkeypatch):
    from claims import ingest

    real = ingest._plan

    def flaky(article, *args, **kwargs):
        if article.title == "Bad":
            raise ValueError("boom")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(ingest, "_plan", flaky)
    results = article_import_batch(
        items=[ImportItem(raw="Good\n\nFive were hurt."), ImportItem(raw="Bad\n\nSix were hurt.")]
    )
    assert results[0].status == "imported"
    assert isinstance(results[1], ValueError)
    assert list(Article.objects.values_list("title", flat=True)) == ["Good"]
    assert not Claim.objects.exclude(article__title="Good").exists()


def test_a_dry_run_batch_writes_nothing():
    [result] = article_import_batch(
        items=[ImportItem(raw="Quake\n\nFive were hurt.")], dry_run=True
    )
    assert result.status == "imported"
    assert not Article.objects.exists() and not Claim.objects.exists()


def test_an_unexpected_failure_in_one_article_is_its_own_result(monkeypatch, caplog):
    """Reading or extracting one article fails oddly after earlier batches were
    written: it is that article's result, its traceback is logged, and the others
    are imported."""
    from articles import batch

    monkeypatch.setattr("articles.batch.BATCH_SIZE", 2)
    real_prepare, real_extract = batch.article_prepare, batch._extract

    def prepare(**kwargs):
        if kwargs["filename"] == "3.txt":
            raise OSError(5, "Input/output error")
        return real_prepare(**kwargs)

    def extract(text, **kwargs):
        if text.startswith("Fire 1"):
            raise ValueError("extraction blew up")
        return real_extract(text, **kwargs)

    monkeypatch.setattr(batch, "article_prepare", prepare)
    monkeypatch.setattr(batch, "_extract", extract)
    items = [
        ImportItem(raw=f"Fire {n}\n\n{n + 2} people were hurt, police said.", filename=f"{n}.txt")
        for n in range(5)
    ]
    results = article_import_batch(items=items)
    assert [type(result).__name__ for result in results] == [
        "ImportResult", "ValueError", "ImportResult", "OSError", "ImportResult",
    ]  # fmt: skip
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Fire 0", "Fire 2", "Fire 4"]
    assert Claim.objects.filter(article__title="Fire 2").exists()
    logged = [r for r in caplog.records if r.name == "articles.batch" and r.levelname == "ERROR"]
    assert sorted(r.getMessage() for r in logged) == [
        "importing 3.txt failed unexpectedly",
        "importing Fire 1 failed unexpectedly",
    ]
    assert all(r.exc_info for r in logged)
