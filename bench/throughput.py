"""Extraction throughput (MB/s, one core) and bulk import throughput (articles/s).

Run by bench/run.py with DATABASE_URL pointing at a scratch SQLite file,
which is emptied first. Prints one JSON object.
"""

import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

ARTICLES = int(os.environ.get("BENCH_THROUGHPUT_ARTICLES", 10_000))


def main() -> None:
    db_url = os.environ["DATABASE_URL"]
    if db_url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(db_url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from articles.services import article_import
    from claims.extraction import extract
    from claims.management.commands.generate_data import Command as Generate

    rng = random.Random(11)
    generator = Generate()
    claimants = generator._claimants()
    texts = [generator._article_text(rng, 12, claimants)[0] for _ in range(ARTICLES)]
    articles = [
        f"---\nGenerated report {i}\n---\n01/08/2016\n\n{text}\n" for i, text in enumerate(texts)
    ]
    total_bytes = sum(len(text.encode()) for text in texts)

    started = time.process_time()
    for text in texts:
        extract(text)
    extraction_seconds = time.process_time() - started

    started = time.perf_counter()
    for i, source in enumerate(articles):
        article_import(raw=source, filename=f"report-{i}.txt", outlet_name="Wire Service")
    import_seconds = time.perf_counter() - started

    print(
        json.dumps(
            {
                "articles": ARTICLES,
                "extraction_mb": total_bytes / 1e6,
                "extraction_mb_per_s": total_bytes / 1e6 / extraction_seconds,
                "import_articles_per_s": ARTICLES / import_seconds,
            }
        )
    )


if __name__ == "__main__":
    main()
