"""Extraction throughput (MB/s, one core) and bulk import throughput (articles/s).

Run by bench/run.py with DATABASE_URL pointing at a scratch SQLite file,
which is emptied first. Prints one JSON object.

The articles read like a desk's intake: stories, each covered by three to eight
outlets over a day or two, about three new stories a day, every story with its
own places. Imports therefore group them into events, match their claims and
check their figures as they would in a newsroom.
"""

import datetime as dt
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
CLAIMS_PER_ARTICLE = 12
SYLLABLES = ["ka", "ro", "mi", "ten", "var", "lo", "sek", "dra", "ul", "bin", "tor", "zam", "el",
             "ni", "qa", "hur", "sa", "bel", "om", "gri"]  # fmt: skip
SPEAKERS = [
    "the Defense Ministry", "the Interior Ministry", "the Red Crescent", "the regional governor",
    "the civil defence service", "a hospital director", "police", "the army",
]  # fmt: skip


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def stories(rng: random.Random, total: int):
    """(date, outlet, title, text) for ``total`` articles, story by story."""
    from claims.management.commands.generate_data import EVENTS, GROUPS, NUMBER_WORDS, OUTLETS

    outlets = [*OUTLETS, *(f"{_place(rng)} {kind}" for kind in ("Post", "Times", "Radio"))]
    day = dt.date(2024, 1, 1)
    made = 0
    while made < total:
        town, region = _place(rng), _place(rng)
        what, group = rng.choice(EVENTS), rng.choice(GROUPS)
        toll = rng.randint(2, 40)
        for outlet in rng.sample(outlets, min(len(outlets), rng.randint(3, 8))):
            sentences = []
            for i in range(CLAIMS_PER_ARTICLE // 2):
                count = toll if i == 0 else rng.randint(1, 40)
                number = NUMBER_WORDS[count - 2] if 2 <= count <= 10 else str(count)
                category = "killed" if i == 0 else rng.choice(["killed", "injured", "missing"])
                speaker = rng.choice(SPEAKERS)
                sentences.append(
                    f"At least {number} {group if i == 0 else rng.choice(GROUPS)} were "
                    f"{category} in {what} near {town} in {region} province, {speaker} said."
                )
            title = f"{toll} {group} killed in {what} near {town}"
            text = "\n\n".join(" ".join(sentences[i : i + 2]) for i in range(0, 6, 2))
            yield day + dt.timedelta(days=rng.randint(0, 1)), outlet, title, text
            made += 1
            if made == total:
                return
        if rng.random() < 0.33:
            day += dt.timedelta(days=1)


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

    rng = random.Random(11)
    reports = list(stories(rng, ARTICLES))
    texts = [text for _day, _outlet, _title, text in reports]
    articles = [
        (f"---\n{title}\n---\n{day:%d/%m/%Y}\n\n{text}\n", outlet)
        for day, outlet, title, text in reports
    ]
    total_bytes = sum(len(text.encode()) for text in texts)

    started = time.process_time()
    for text in texts:
        extract(text)
    extraction_seconds = time.process_time() - started

    started = time.perf_counter()
    for i, (source, outlet) in enumerate(articles):
        article_import(raw=source, filename=f"report-{i}.txt", outlet_name=outlet)
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
