"""Measure the claim extractor against labelled corpora.

    python -m claims.extraction.evaluation [CORPUS_DIR ...] [--details]

With several corpora, each is scored on its own, then all of them together
(``make eval`` scores the three corpora of the test suite this way).

The corpus holds one JSON file per passage::

    {"text": "...", "claims": [
        {"kind": "casualty", "exact": "killing two Russian pilots",
         "count_min": 2, "count_max": 2, "category": "killed",
         "parts": [{"count": 3, "who": "crew"}, ...], "cumulative": false},
        {"kind": "attribution", "exact": "Peskov said", "claimant": "Dmitry Peskov",
         "via": ["The Associated Press"]},
        {"kind": "unverified", "exact": "could not be independently verified"},
        {"kind": "statement", "exact": "It is the third ... this year"}]}

``cumulative`` (optional) says whether a casualty figure is a running total
("bringing the total this year to 200") rather than the incident's own count.
``exact`` must occur in the text; when it occurs more than once,
``"occurrence": n`` (0-based) says which. Labels follow the extractor's
conventions for structure (how "about 50" or "dozens" become ranges, how
claimants are named: determiners dropped, "Russia's Defense Ministry" is
"Defense Ministry", an unnamed spokesman speaks for the organization named
with him), never its behaviour: a claim is labelled when a careful
fact-checker would want it, whether or not the extractor finds it.
Statements are labelled only for record-style assertions (an ordinal or
superlative with a comparison set), the only statements the extractor
proposes.

A predicted claim matches a labelled one when the kinds are equal and the
spans overlap; pairs are made greedily, largest overlap first (on a tie, the
pair whose spans differ least: a quotation's speaker tag is paired with its own
label, not with an attribution nested inside the quotation), one to one.

tests/data/extraction_holdout holds passages written after the rules were
settled, labelled the same way; tests/data/extraction_blind holds passages in
the styles of many outlets (wires, broadcasters, local papers, TV station sites,
live blogs, press releases), labelled before the extractor was first run on
them; tests/data/extraction_unseen holds passages written the same way later,
in styles the rules had not met. The test suite holds every corpus to the same
precision floor, and the first three to the same recall floor.

Throughput is CPU time for whole passes over a corpus: the fastest pass, as
``timeit`` reports, and the mean of all passes, which a busy machine lowers.
It is measured here and in benchmarks only, never asserted in a test: test
machines are shared and their timings are noise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from . import Candidate, ClaimantRef, extract
from .lexicon import _SPELLING
from .sources import names_claimant

KINDS = ("casualty", "attribution", "unverified", "statement")
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "extraction"


@dataclass
class Expected:
    kind: str
    start: int
    end: int
    exact: str
    data: dict


@dataclass
class Passage:
    name: str
    text: str
    claims: list[Expected]


@dataclass
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += ok


@dataclass
class Report:
    kinds: dict[str, KindScore] = field(default_factory=lambda: {k: KindScore() for k in KINDS})
    count: Ratio = field(default_factory=Ratio)  # matched casualties with the right (min, max)
    category: Ratio = field(default_factory=Ratio)  # matched casualties with the right category
    parts: Ratio = field(default_factory=Ratio)  # matched labelled sums with the right parts
    cumulative: Ratio = field(default_factory=Ratio)  # matched, labelled running total or not
    claimant: Ratio = field(default_factory=Ratio)  # matched attributions, right claimant name
    via: Ratio = field(default_factory=Ratio)  # matched attributions with a relay, right chain
    figure_claimant: Ratio = field(default_factory=Ratio)  # matched casualties, right giver
    statement_anchor: Ratio = field(default_factory=Ratio)  # statement holds the anchored words
    statement_claimant: Ratio = field(default_factory=Ratio)  # statement names the claimant
    statement_pronoun: Ratio = field(default_factory=Ratio)  # no dangling pronoun at its start
    throughput: float | None = None  # MB/s of UTF-8 text, fastest pass
    throughput_mean: float | None = None  # MB/s over all passes: lower on a busy machine
    passages: int = 0
    details: list[str] = field(default_factory=list)  # one line per miss or mismatch


def load_corpus(directory: str | Path = DEFAULT_CORPUS) -> list[Passage]:
    """Read every ``*.json`` passage in ``directory``, locating each label's span."""
    passages = []
    for path in sorted(Path(directory).glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        text = payload["text"]
        claims = []
        for label in payload["claims"]:
            exact = label["exact"]
            start = -1
            for _ in range(label.get("occurrence", 0) + 1):
                start = text.find(exact, start + 1)
                if start < 0:
                    raise ValueError(f"{path.name}: {exact!r} is not in the text")
            data = {k: v for k, v in label.items() if k not in ("kind", "exact", "occurrence")}
            claims.append(Expected(label["kind"], start, start + len(exact), exact, data))
        passages.append(Passage(path.stem, text, claims))
    return passages


def match(expected: list[Expected], predicted: list[Candidate]) -> list[tuple[Expected, Candidate]]:
    """Pair labels with predictions of the same kind whose spans overlap, largest overlap first."""
    pairs = []
    for e_index, e in enumerate(expected):
        for p_index, p in enumerate(predicted):
            overlap = min(e.end, p.end) - max(e.start, p.start)
            if p.kind == e.kind and overlap > 0:
                union = max(e.end, p.end) - min(e.start, p.start)
                pairs.append((-overlap, union, e_index, p_index))
    pairs.sort()
    used_e: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for _, _, e_index, p_index in pairs:
        if e_index in used_e or p_index in used_p:
            continue
        used_e.add(e_index)
        used_p.add(p_index)
        matched.append((expected[e_index], predicted[p_index]))
    return matched


def _same_name(a: str | None, b: str | None) -> bool:
    """Equal names, whatever the case or the spelling ("Defence" is "Defense")."""
    return _spelled(a) == _spelled(b)


def _spelled(name: str | None) -> str:
    return " ".join(_SPELLING.get(w, w).casefold() for w in (name or "").casefold().split())


def _names_claimant(claimant: ClaimantRef | None, want: str | None) -> bool:
    """The label names this claimant: its name, or an abbreviation the text itself
    defined for it ("the RSF" after "the Rapid Support Forces (RSF)")."""
    if claimant is None:
        return want is None
    if _same_name(claimant.name, want):
        return True
    return (
        bool(want)
        and want.isupper()
        and any(
            _same_name(re.sub(r"^(?:the|a|an)\s+", "", alias, flags=re.IGNORECASE), want)
            for alias in claimant.aliases
        )
    )


def evaluate(
    passages: Iterable[Passage],
    *,
    extractor: Callable[[str], list[Candidate]] = extract,
) -> Report:
    """Score ``extractor`` on ``passages``: per kind TP/FP/FN and field accuracies."""
    report = Report()
    for passage in passages:
        report.passages += 1
        predicted = extractor(passage.text)
        pairs = match(passage.claims, predicted)
        matched_e = {id(e) for e, _ in pairs}
        matched_p = {id(p) for _, p in pairs}
        for kind in KINDS:
            score = report.kinds[kind]
            score.tp += sum(1 for e, _ in pairs if e.kind == kind)
            score.fn += sum(1 for e in passage.claims if e.kind == kind and id(e) not in matched_e)
            score.fp += sum(1 for p in predicted if p.kind == kind and id(p) not in matched_p)
        for e in passage.claims:
            if id(e) not in matched_e:
                report.details.append(f"{passage.name}: missed {e.kind} {e.exact!r}")
        for p in predicted:
            if id(p) not in matched_p:
                report.details.append(f"{passage.name}: extra {p.kind} {p.exact!r}")
        for e, p in pairs:
            _score_fields(report, passage.name, e, p)
            _score_statement(report, passage.name, p)
    return report


_WORD_RE = re.compile(r"[\w'’-]+")
_DANGLING = frozenset(("he", "she", "they", "it", "him", "her", "them", "his", "its", "their"))
_QUOTED_RE = re.compile(r'"[^"]*"|“[^”]*”')
_EXPLETIVE_RE = re.compile(
    r"it\s+(?:is|was|remains|remained)\s+(?:not\s+)?(?:yet\s+|immediately\s+|still\s+)?"
    r"(?:clear|unclear|known|unknown|possible|impossible|likely|unlikely|believed|thought)\b",
    re.IGNORECASE,
)
_SPEECH_VERBS = frozenset(
    ("said", "says", "added", "adds", "told", "tells", "stated", "reported", "confirmed")
)


def _score_statement(report: Report, name: str, p: Candidate) -> None:
    """A matched candidate's statement: it holds the anchored words (a pronoun or
    "the ministry" in them may be spelled out), names the claimant, and neither
    opens with a pronoun nor leaves one as a speaker ("..., he said")."""
    statement = getattr(p, "statement", "") or ""  # none before 1.3
    low = statement.lower()
    words = [w.lower() for w in _WORD_RE.findall(p.exact)]
    # the resolved form drops the short reference: "the", "he", "ministry" may be
    # replaced by the name; every other word must be there
    needed = [w for w in words if w not in _DANGLING and w not in ("the", "a", "an")]
    present = set(_WORD_RE.findall(low))
    if p.claimant is not None:
        # "the report said" may read "CCTV said": a form of the claimant's name
        for alias in p.claimant.aliases:
            present.update(w.lower() for w in _WORD_RE.findall(alias))
    ok = bool(statement) and all(w in present for w in needed if len(w) > 3 or w.isdigit())
    report.statement_anchor.add(ok)
    if not ok:
        report.details.append(f"{name}: statement {statement!r} lacks {p.exact!r}")
    if p.claimant is not None:
        ok = names_claimant(statement, p.claimant)
        report.statement_claimant.add(ok)
        if not ok:
            report.details.append(
                f"{name}: statement {statement!r} does not name {p.claimant.name!r}"
            )
    # outside quotations (a speaker's own "they" is theirs to use): an opening "he",
    # "their", or a speaker left as "he said"; "it is not clear" is no reference
    unquoted = _QUOTED_RE.sub(" ", statement)
    tokens = [w.lower() for w in _WORD_RE.findall(unquoted)]
    opens = not statement.lstrip().startswith(('"', "“", "‘"))
    dangling = opens and bool(tokens) and tokens[0] in _DANGLING
    if dangling and tokens[0] == "it" and _EXPLETIVE_RE.match(unquoted.strip()):
        dangling = False
    dangling = dangling or any(a in _DANGLING and b in _SPEECH_VERBS for a, b in pairwise(tokens))
    report.statement_pronoun.add(not dangling)
    if dangling:
        report.details.append(f"{name}: statement {statement!r} leaves a pronoun unresolved")


def _score_fields(report: Report, name: str, e: Expected, p: Candidate) -> None:
    if e.kind == "casualty":
        want = (e.data.get("count_min"), e.data.get("count_max"))
        got = (p.count_min, p.count_max)
        report.count.add(want == got)
        if want != got:
            report.details.append(f"{name}: count {got} for {e.exact!r}, want {want}")
        if "category" in e.data:
            ok = e.data["category"] == p.category
            report.category.add(ok)
            if not ok:
                report.details.append(
                    f"{name}: category {p.category!r} for {e.exact!r}, want {e.data['category']!r}"
                )
        if e.data.get("parts"):
            want_parts = [part["count"] for part in e.data["parts"]]
            got_parts = [part["count"] for part in p.parts]
            report.parts.add(want_parts == got_parts)
            if want_parts != got_parts:
                report.details.append(
                    f"{name}: parts {got_parts} for {e.exact!r}, want {want_parts}"
                )
        if "cumulative" in e.data:
            ok = e.data["cumulative"] == p.cumulative
            report.cumulative.add(ok)
            if not ok:
                report.details.append(
                    f"{name}: running total {p.cumulative} for {e.exact!r}, "
                    f"want {e.data['cumulative']}"
                )
        if "claimant" in e.data:
            got = p.claimant.name if p.claimant else None
            want = e.data["claimant"]
            # before 1.3 the outlet's figures had no claimant and no by_outlet
            outlet = getattr(p, "by_outlet", p.claimant is None)
            ok = _names_claimant(p.claimant, want) and (want is not None or outlet)
            report.figure_claimant.add(ok)
            if not ok:
                report.details.append(
                    f"{name}: figure claimant {got!r} for {e.exact!r}, want {want!r}"
                )
    elif e.kind == "attribution":
        got = p.claimant.name if p.claimant else None
        ok = _names_claimant(p.claimant, e.data.get("claimant"))
        report.claimant.add(ok)
        if not ok:
            report.details.append(
                f"{name}: claimant {got!r} for {e.exact!r}, want {e.data.get('claimant')!r}"
            )
        want_via = e.data.get("via", [])
        got_via = [v.name for v in p.via]
        if want_via or got_via:
            ok = len(want_via) == len(got_via) and all(
                _same_name(a, b) for a, b in zip(want_via, got_via, strict=True)
            )
            report.via.add(ok)
            if not ok:
                report.details.append(f"{name}: via {got_via} for {e.exact!r}, want {want_via}")


def measure_throughput(
    texts: list[str],
    *,
    seconds: float = 1.0,
    extractor: Callable[[str], list[Candidate]] = extract,
) -> float:
    """MB (10**6 bytes of UTF-8) extracted per second of this process's CPU time.

    CPU time, not wall time, so that other work on the machine does not skew the
    figure; passes over ``texts`` run until at least ``seconds`` of CPU time are
    spent, and the fastest pass counts (as ``timeit`` does): on a shared machine
    other processes only ever slow a pass down, through the caches and the
    core's other hardware thread, never speed it up.
    """
    return _throughput(texts, seconds=seconds, extractor=extractor)[0]


def _throughput(
    texts: list[str],
    *,
    seconds: float = 1.0,
    extractor: Callable[[str], list[Candidate]] = extract,
) -> tuple[float, float]:
    """(fastest pass, mean over all passes), both in MB/s of CPU time."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    if not size:
        return 0.0, 0.0
    passes = 0
    fastest = float("inf")
    began = time.process_time()
    elapsed = 0.0
    while elapsed < seconds:
        start = time.process_time()
        for text in texts:
            extractor(text)
        fastest = min(fastest, time.process_time() - start)
        passes += 1
        elapsed = time.process_time() - began
    return size / max(fastest, 1e-9) / 1e6, size * passes / elapsed / 1e6


def format_report(report: Report) -> str:
    lines = [
        f"passages: {report.passages}",
        "",
        f"{'kind':<12} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}",
    ]
    for kind in KINDS:
        s = report.kinds[kind]
        lines.append(
            f"{kind:<12} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:>10.3f} {s.recall:>8.3f}"
        )
    lines.append("")
    for label, ratio in (
        ("casualty count (min, max) right", report.count),
        ("casualty category right", report.category),
        ("casualty parts right", report.parts),
        ("casualty running total right", report.cumulative),
        ("attribution claimant right", report.claimant),
        ("attribution relay chain right", report.via),
        ("figure claimant right", report.figure_claimant),
        ("statement holds the anchored words", report.statement_anchor),
        ("statement names the claimant", report.statement_claimant),
        ("statement has no dangling pronoun", report.statement_pronoun),
    ):
        lines.append(f"{label:<34} {ratio.value:6.3f}  ({ratio.right}/{ratio.total})")
    if report.throughput is not None:
        lines.append(f"{'throughput (fastest pass)':<34} {report.throughput:6.2f}  MB/s")
    if report.throughput_mean is not None:
        lines.append(f"{'throughput (mean of all passes)':<34} {report.throughput_mean:6.2f}  MB/s")
    return "\n".join(lines)


def _section(title: str, passages: list[Passage], *, seconds: float, details: bool) -> str:
    report = evaluate(passages)
    report.throughput, report.throughput_mean = _throughput(
        [p.text for p in passages], seconds=seconds
    )
    lines = [f"== {title}", format_report(report)]
    if details and report.details:
        lines += ["", *report.details]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", default=[str(DEFAULT_CORPUS)])
    parser.add_argument("--details", action="store_true", help="list every miss and mismatch")
    parser.add_argument("--seconds", type=float, default=1.0, help="throughput run time")
    args = parser.parse_args(argv)
    corpora = [(Path(c).name, load_corpus(c)) for c in args.corpus]
    sections = [
        _section(name, passages, seconds=args.seconds, details=args.details)
        for name, passages in corpora
    ]
    if len(corpora) > 1:
        combined = [p for _, passages in corpora for p in passages]
        title = "all corpora (" + ", ".join(name for name, _ in corpora) + ")"
        sections.append(_section(title, combined, seconds=args.seconds, details=False))
    print("\n\n".join(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
