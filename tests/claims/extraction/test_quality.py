"""The extractor measured against the labelled corpora, with the floors it must keep.

Four corpora of short passages written for this project and labelled by hand:

* tests/data/extraction: wire-style passages the rules were developed on;
* tests/data/extraction_holdout: written after the rules were settled;
* tests/data/extraction_blind: written in the styles of many outlets (wires,
  broadcasters, local papers, live blogs, press releases) and labelled before
  the extractor was run on them, to catch rules tuned to their own corpus;
* tests/data/extraction_unseen: written the same way a year's worth of styles
  later (TV transcripts, humanitarian flash updates, military statements,
  Indian and French wires), by someone who never saw the extractor. Extractor
  1.2 fixed the general kinds of miss it showed; the rest stay as misses;
* tests/data/extraction_figures: wire, TV transcript, NGO and military-statement
  passages written to label who gives each casualty figure, scored before the
  figure-claimant rules were tuned (its README has the figures before and after).

Every corpus labels each casualty figure's ``claimant`` (null: the outlet's own), and
each matched candidate's ``statement`` is checked: it holds the anchored words,
names the claimant, and leaves no pronoun dangling.

``python -m claims.extraction.evaluation <corpus>`` prints the same figures as a table.
"""

from pathlib import Path

import pytest

from claims.extraction.evaluation import DEFAULT_CORPUS, evaluate, load_corpus, main

FLOOR_KINDS = ("casualty", "attribution", "unverified")
DATA = Path(DEFAULT_CORPUS).parent
# corpus: the fewest passages it must hold
CORPORA = {
    "extraction": 45,
    "extraction_holdout": 10,
    "extraction_blind": 20,
    "extraction_unseen": 20,
    "extraction_figures": 30,
}
# The recall each corpus must keep. extraction_unseen was written last, in styles the
# rules had not met (transcripts, OCHA updates, military statements, live blogs); its
# floor guards what extractor 1.2 reaches there, below the goal of 0.9 the others meet.
RECALL_FLOOR = {"extraction_unseen": 0.75, "extraction_figures": 0.8}
# extraction_figures was written for who gives each figure, with releases, transcripts
# and relays the rules had not met; its floors guard what extractor 1.3 reaches there.
PRECISION_FLOOR = {"extraction_figures": 0.65}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus(request):
    return request.param, load_corpus(DATA / request.param)


@pytest.fixture(scope="module")
def report(corpus):
    return evaluate(corpus[1])


def test_corpus_has_enough_labelled_passages(corpus):
    name, passages = corpus
    assert len(passages) >= CORPORA[name]
    assert all(passage.claims for passage in passages)
    for passage in passages:
        for claim in passage.claims:
            assert passage.text[claim.start : claim.end] == claim.exact


@pytest.mark.parametrize("kind", FLOOR_KINDS)
def test_recall_floor(corpus, report, kind):
    assert report.kinds[kind].recall >= RECALL_FLOOR.get(corpus[0], 0.9)


@pytest.mark.parametrize("kind", FLOOR_KINDS)
def test_precision_floor(corpus, report, kind):
    assert report.kinds[kind].precision >= PRECISION_FLOOR.get(corpus[0], 0.85)


def test_casualty_counts_are_right(corpus, report):
    assert report.count.total >= min(50, 2 * CORPORA[corpus[0]])
    assert report.count.value >= 0.9


def test_casualty_categories_are_right(report):
    assert report.category.value >= 0.9


def test_running_totals_are_told_from_the_incident(corpus, report):
    """Where a corpus labels it, a running total ("bringing the total this year to 200")
    is marked so, and the incident's own count in the same sentence is not."""
    if corpus[0] == "extraction_blind":
        assert report.cumulative.total >= 10
    assert report.cumulative.value >= 0.9


def test_every_casualty_label_names_who_gives_it(corpus):
    """null is a label too: the article names nobody, the outlet itself gives it."""
    for passage in corpus[1]:
        for claim in passage.claims:
            if claim.kind == "casualty":
                assert "claimant" in claim.data, (passage.name, claim.exact)


def test_figures_are_tied_to_who_gives_them(report):
    assert report.figure_claimant.total >= 20
    assert report.figure_claimant.value >= 0.9


def test_statements_hold_the_claim_and_name_its_claimant(report):
    assert report.statement_anchor.value >= 0.98
    assert report.statement_claimant.value >= 0.98
    assert report.statement_pronoun.value >= 0.93


def test_attribution_claimants_are_right(corpus, report):
    assert report.claimant.total >= min(50, 2 * CORPORA[corpus[0]])
    assert report.claimant.value >= 0.85


def test_evaluation_scores_every_corpus_and_all_together_with_throughput(capsys):
    """What ``make eval`` prints: each corpus, then all of them; speed is reported there
    (and in benchmarks), never asserted here, where the machine is shared."""
    names = sorted(CORPORA)
    assert main([str(DATA / name) for name in names] + ["--seconds", "0.01"]) == 0
    out = capsys.readouterr().out
    titles = [line for line in out.splitlines() if line.startswith("== ")]
    assert titles == [f"== {name}" for name in names] + [f"== all corpora ({', '.join(names)})"]
    assert out.count("throughput (fastest pass)") == len(names) + 1
    total = sum(len(load_corpus(DATA / name)) for name in names)
    assert f"passages: {total}" in out


def test_make_eval_runs_every_corpus():
    makefile = (DATA.parent.parent / "Makefile").read_text()
    recipe = makefile.split("\neval:", 1)[1].split("\n\n", 1)[0].split()
    assert "claims.extraction.evaluation" in recipe
    for name in CORPORA:
        assert f"tests/data/{name}" in recipe
