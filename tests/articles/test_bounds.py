"""Bounded work per import: the worst files the importer accepts stay within fixed
sizes and query counts, and the ones that would not are refused before any work.

Sizes and counts, not timings: `make bench` times the same generated files
(bench/worstcase.py).
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.batch import ImportItem, article_import_batch
from articles.models import Article
from articles.services import ArticleImportError, article_import
from claims.extraction import extract
from claims.extraction.budget import claim_signals, read, signals_in
from claims.models import Claim
from claims.text.anchoring import SENTENCE_WINDOW, sentence_window
from tests import worstcase

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_cap(settings):
    """A cap of 200 candidates: the same code paths as 1,000, in a fifth of the time."""
    settings.CLAIMTRACK_MAX_CANDIDATES = 200
    return 200


# ------------------------------------------------------------------------------
# Sentences are clipped to a window around the span
# ------------------------------------------------------------------------------
def test_a_window_keeps_a_short_sentence_whole():
    text = "Police said 12 people died. The army said nothing."
    assert sentence_window(text, 0, 27, 12, 26) == (0, 27)


def test_a_window_is_at_most_the_limit_centred_on_the_span_and_cut_between_words():
    text = " ".join(f"word{i}" for i in range(2_000))
    start = text.index("word1000 ")
    end = start + len("word1000")
    lo, hi = sentence_window(text, 0, len(text), start, end)
    assert lo <= start < end <= hi
    assert hi - lo <= SENTENCE_WINDOW
    assert hi - lo > SENTENCE_WINDOW - 100  # not needlessly short
    assert text[lo - 1] == " " and text[hi] == " "  # whole words at both ends
    assert abs((start - lo) - (hi - end)) < 100  # about as much before as after


def test_a_window_at_the_start_of_a_long_sentence_takes_more_after():
    text = "x " * 5_000
    lo, hi = sentence_window(text, 0, len(text), 0, 1)
    assert lo == 0 and hi <= SENTENCE_WINDOW and hi > SENTENCE_WINDOW - 50


def test_a_span_longer_than_the_window_is_kept_whole():
    assert sentence_window("a" * 5_000, 0, 5_000, 100, 3_000) == (100, 3_000)


def test_extracted_candidates_keep_a_window_of_a_one_line_file_and_its_real_bounds():
    text = "Headline\n\n" + worstcase.one_line(40_000).decode().split("\n\n", 1)[1]
    candidates = extract(text)
    assert len(candidates) > 1_000
    body_start = len("Headline\n\n")
    for c in candidates:
        assert len(c.sentence) <= SENTENCE_WINDOW
        assert c.exact in c.sentence
        assert c.sentence_start == body_start and c.sentence_end == len(text.rstrip())


# ------------------------------------------------------------------------------
# Candidates per article are capped, and the import says how many it skipped
# ------------------------------------------------------------------------------
def test_a_one_line_file_imports_capped_with_clipped_sentences_in_bounded_queries(small_cap):
    raw = worstcase.one_line(40_000)
    found = len(extract("Headline\n\n" + raw.decode()))
    with CaptureQueriesContext(connection) as queries:
        result = article_import(raw=raw, filename="line.txt")
    claims = Claim.objects.filter(article=result.article)
    assert claims.count() == small_cap
    assert result.skipped > found - small_cap - 50  # the headline's few aside
    # Every claim, and every history row, stores a window of the line, not the line.
    longest = max(len(s) for s in claims.values_list("sentence", flat=True))
    assert longest <= SENTENCE_WINDOW
    history = Claim.history.model.objects.filter(article_id=result.article.pk)
    assert max(len(s) for s in history.values_list("sentence", flat=True)) <= SENTENCE_WINDOW
    # ... and knows where the whole sentence is.
    claim = claims.filter(kind="casualty").last()
    assert claim.sentence_end - claim.sentence_start > 30_000
    assert claim.sentence in result.article.text[claim.sentence_start : claim.sentence_end]
    # Rows are written in batches: a few dozen queries, not several per claim.
    assert len(queries) < 150, len(queries)


def test_the_queries_of_an_import_grow_only_with_its_batched_inserts():
    def queries_for(paragraphs: int, seed: int) -> tuple[int, int]:
        # Months apart: two separate stories, so neither is compared with the other.
        raw = worstcase.many_paragraphs(
            10**6, paragraphs=paragraphs, seed=seed, title=f"Report {seed}", date=f"01/0{seed}/2024"
        )
        with CaptureQueriesContext(connection) as queries:
            result = article_import(raw=raw, filename=f"p{paragraphs}.txt")
        return result.article.claims.count(), len(queries)

    (few, small), (many, large) = queries_for(50, seed=1), queries_for(400, seed=2)
    assert many - few > 600
    # The same speakers throughout: only the batched inserts (claims, their history,
    # as many rows per statement as the database takes) grow, not a query per claim.
    assert large - small < (many - few) / 8, (small, large)


def test_two_files_of_look_alike_figures_make_a_bounded_number_of_matches(settings):
    from claims.events.consistency import MAX_MATCHES_PER_CLAIM
    from claims.models import ClaimMatch

    for seed in (1, 2):
        raw = worstcase.many_paragraphs(10**6, paragraphs=150, seed=seed)
        article_import(raw=raw, filename=f"p{seed}.txt")
    assert Article.objects.exclude(event=None).values("event").distinct().count() == 1
    claims = Claim.objects.count()
    # Every figure looks like every other: without a bound, 150 x 150 pairs per kind.
    assert 0 < ClaimMatch.objects.count() <= claims * MAX_MATCHES_PER_CLAIM


def test_the_import_reports_skipped_candidates_on_the_command_line(tmp_path, small_cap):
    path = tmp_path / "line.txt"
    path.write_bytes(worstcase.one_line(20_000))
    out = StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert "imported" in out.getvalue()
    assert "more claim candidates were found beyond the limit of 200 per article" in out.getvalue()


def test_the_import_form_says_how_many_candidates_it_skipped(client, reviewer, small_cap):
    client.force_login(reviewer)
    response = client.post(
        reverse("review:article-new"),
        {"text": worstcase.one_line(20_000).decode(), "source_format": "", "outlet": "", "url": ""},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "more claim candidates were found beyond the limit of 200 per article" in html


def test_the_api_import_says_how_many_candidates_it_skipped(reviewer, small_cap):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(reviewer)
    response = client.post(
        "/api/v1/articles/import", {"text": worstcase.one_line(20_000).decode()}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["skipped_candidates"] > 400
    assert Claim.objects.count() == small_cap


# ------------------------------------------------------------------------------
# What would exceed the budget is refused before any work, with a clear message
# ------------------------------------------------------------------------------
def test_the_reported_500_kb_one_line_file_is_refused_as_too_dense():
    raw = worstcase.one_line(500_000)
    with pytest.raises(ArticleImportError, match="too dense to import in one piece"):
        article_import(raw=raw, filename="line.txt")
    assert not Article.objects.exists() and not Claim.objects.exists()


def test_the_reported_10000_paragraph_file_is_refused_as_too_dense():
    raw = worstcase.many_paragraphs(2 * 1024 * 1024, paragraphs=10_000)
    assert raw.count(b"\n\n") >= 10_000
    with pytest.raises(ArticleImportError, match="split it into several articles"):
        article_import(raw=raw, filename="paragraphs.txt")
    assert not Article.objects.exists()


def test_html_nested_10000_deep_is_refused_before_parsing():
    raw = worstcase.deep_html(2 * 1024 * 1024)
    with pytest.raises(ArticleImportError, match="nests elements more than 500 deep"):
        article_import(raw=raw, filename="deep.html")
    assert not Article.objects.exists()


def test_ordinary_html_with_unclosed_paragraphs_is_not_too_deep():
    body = "".join(f"<p>Paragraph {i} says 3 people died." for i in range(2_000))
    raw = f"<html><head><title>Long page</title></head><body><div>{body}</div></body></html>"
    assert article_import(raw=raw, filename="page.html").status == "imported"


def test_the_api_refuses_a_too_dense_article_with_a_400(reviewer, settings):
    from rest_framework.test import APIClient

    settings.CLAIMTRACK_MAX_CLAIM_SIGNALS = 500
    client = APIClient()
    client.force_authenticate(reviewer)
    response = client.post(
        "/api/v1/articles/import", {"text": worstcase.one_line(20_000).decode()}, format="json"
    )
    assert response.status_code == 400
    assert "too dense to import in one piece" in response.json()["detail"]
    assert not Article.objects.exists()


def test_the_form_refuses_a_too_dense_article_with_a_400(client, reviewer, settings):
    settings.CLAIMTRACK_MAX_CLAIM_SIGNALS = 500
    client.force_login(reviewer)
    response = client.post(
        reverse("review:article-new"),
        {"text": worstcase.one_line(20_000).decode(), "source_format": "", "outlet": "", "url": ""},
    )
    assert response.status_code == 400
    assert "too dense to import in one piece" in response.content.decode()
    assert not Article.objects.exists()


def test_real_articles_are_far_below_the_budget(seed_bytes, settings):
    assert claim_signals(seed_bytes.decode()) * 100 < settings.CLAIMTRACK_MAX_CLAIM_SIGNALS


# ------------------------------------------------------------------------------
# Linear in the text: work grows with the text, not with its square
# ------------------------------------------------------------------------------
def _resolutions(text: str) -> int:
    """How many claimants the extractor compares names with, in all: counted by
    wrapping the registry's lookups."""
    from claims.extraction import claimants

    seen = 0
    original = claimants._Claimant.haystack

    def counting(self):
        nonlocal seen
        seen += len(self.aliases) + 1
        return original(self)

    claimants._Claimant.haystack = counting
    try:
        extract(text)
    finally:
        claimants._Claimant.haystack = original
    return seen


def test_one_speaker_named_thousands_of_times_costs_linear_alias_work():
    small = _resolutions(worstcase.one_line(20_000).decode())
    large = _resolutions(worstcase.one_line(80_000).decode())
    assert large < small * 6  # four times the text: about four times the work, not sixteen


def test_the_budget_counts_an_articles_body_as_it_would_alone(seed_bytes):
    body = seed_bytes.decode().split("\n\n", 1)[1]
    for title in ("", "Five soldiers killed, ministry says", "Quake. At least 3 dead?"):
        doc = read(f"{title}\n\n{body}")
        assert signals_in(doc, start=len(title) + 2) == claim_signals(body)
    assert signals_in(read("Five killed, police said\n\n"), start=26) == 0


def test_an_import_tokenises_the_text_once(monkeypatch, seed_bytes):
    from claims.extraction.tokens import _Doc

    real, calls = _Doc._tokenize, []

    def counted(doc):
        calls.append(doc.text[:20])
        return real(doc)

    monkeypatch.setattr(_Doc, "_tokenize", counted)
    article_import(raw=seed_bytes, filename="seed.txt")
    article_import_batch(
        items=[ImportItem(raw=f"Quake {i}\n\nFive were hurt, police said.") for i in range(3)]
    )
    assert len(calls) == 4
