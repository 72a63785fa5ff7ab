"""Worst-case imports: seconds and peak memory of the densest files the importer takes.

Each case runs in a subprocess of its own on a fresh SQLite file (the embedded
default), so its peak resident memory is its own. The files come from
tests/worstcase.py, as in the tests that bound their sizes and query counts.
The budget: any file the importer accepts imports in under 10 s and 500 MB;
what would not is refused before any work. Prints one JSON list.

    python bench/worstcase.py            # every case
    python bench/worstcase.py one_line 200000   # one case, in this process
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_SECONDS, BUDGET_MB = 10.0, 500.0
# (generator, bytes, keyword arguments): the reported files, and the largest of each
# shape under the importer's budget.
CASES = [
    ("one_line", 210_000, {}),
    ("one_line", 500_000, {}),  # reported: 19 GB, never finished
    ("one_line", 2_000_000, {}),
    ("many_paragraphs", 2_000_000, {"paragraphs": 4_400}),
    ("many_paragraphs", 2_000_000, {"paragraphs": 10_000}),  # reported: 261 s
    ("many_speakers", 210_000, {}),
    ("deep_html", 2_000_000, {"depth": 400}),
    ("deep_html", 2_000_000, {"depth": 10_000}),  # reported: 265 s
]


def one(name: str, size: int, kwargs: dict) -> dict:
    """Import one generated file into a fresh database, in this process."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/worst.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from articles.services import ArticleImportError, article_import
        from claims.extraction.budget import claim_signals
        from tests import worstcase

        raw = getattr(worstcase, name)(size, **kwargs)
        filename = "worst.html" if name == "deep_html" else "worst.txt"
        base_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started, cpu_started = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            try:
                result = article_import(raw=raw, filename=filename)
                outcome = {
                    "outcome": "imported",
                    "claims": result.article.claims.count(),
                    "skipped": result.skipped,
                    "longest_sentence": max(
                        (len(c.sentence) for c in result.article.claims.all()), default=0
                    ),
                }
            except ArticleImportError as exc:
                outcome = {"outcome": "refused", "message": str(exc)}
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        text = raw.decode("utf-8", "replace")
        return {
            "case": name + "".join(f" {k}={v:,}" for k, v in kwargs.items()),
            "bytes": len(raw),
            "signals": claim_signals(text) if name != "deep_html" else None,
            **outcome,
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu_seconds, 2),
            "load": round(os.getloadavg()[0], 1),
            "peak_mb": round(peak_mb, 1),
            "django_mb": round(base_mb, 1),
            "queries": len(queries),
            "within_budget": seconds < BUDGET_SECONDS and peak_mb < BUDGET_MB,
        }


def main() -> None:
    if len(sys.argv) >= 3:
        kwargs = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
        print(json.dumps(one(sys.argv[1], int(sys.argv[2]), kwargs)))
        return
    rows = []
    for name, size, kwargs in CASES:
        out = subprocess.run(
            [sys.executable, __file__, name, str(size), json.dumps(kwargs)],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if out.returncode != 0:
            sys.exit(f"bench/worstcase.py {name} {size} failed:\n{out.stderr}")
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(table(rows[-1:], header=not rows[:-1]), file=sys.stderr, flush=True)
    print(json.dumps(rows))


def table(rows: list[dict], *, header: bool = True) -> str:
    lines = []
    if header:
        lines.append(
            f"{'worst case':<34}{'bytes':>10}{'signals':>9}{'outcome':>10}{'claims':>8}"
            f"{'skipped':>9}{'s':>7}{'cpu s':>7}{'MB':>7}{'q':>6}  budget"
        )
    for r in rows:
        signals = "-" if r["signals"] is None else f"{r['signals']:,}"
        lines.append(
            f"{r['case']:<34}{r['bytes']:>10,}{signals:>9}{r['outcome']:>10}"
            f"{r.get('claims', 0):>8,}{r.get('skipped', 0):>9,}{r['seconds']:>7.2f}"
            f"{r['cpu_seconds']:>7.2f}"
            f"{r['peak_mb']:>7.0f}{r['queries']:>6}  {'ok' if r['within_budget'] else 'OVER'}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
