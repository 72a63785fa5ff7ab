"""Extraction throughput (MB/s, one core), bulk import throughput (articles/s: the
batch path import_articles takes, articles.batch) and web page import throughput
(pages/s: the fixture pages and generated pages, one at a time).

Run by bench/run.py with DATABASE_URL pointing at a scratch SQLite file,
which is emptied first. Prints one JSON object.

``--backfill N`` instead times ``import_articles`` on a folder of N generated
article files three ways into a fresh database each time: inline (no broker),
then queued on Redis for 1 and for 2 Celery worker processes (see
:func:`backfill`). Prints one JSON object of articles/s.

The articles read like a desk's intake: stories, each covered by three to eight
outlets over a day or two, about three new stories a day, every story with its
own places. Imports therefore group them into events, match their claims and
check their figures as they would in a newsroom.
"""

import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

ARTICLES = int(os.environ.get("BENCH_THROUGHPUT_ARTICLES", 10_000))
HTML_PAGES = int(os.environ.get("BENCH_HTML_PAGES", 300))
FIXTURE_PAGES = ROOT / "tests" / "articles" / "webpages"
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


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {outlet}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{outlet}">
<link rel="canonical" href="https://{host}/news/{day:%Y/%m/%d}/story-{n}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{title}","datePublished":"{day:%Y-%m-%d}T08:00:00Z",
"publisher":{{"@type":"Organization","name":"{outlet}"}}}}</script>
<link rel="stylesheet" href="/static/site.css"><script src="/static/app.js"></script>
</head><body>
<div id="cookie-banner" role="dialog"><p>We use cookies to improve your experience and to
show you relevant advertising. By continuing you agree to our cookie policy.</p>
<button>Accept</button><button>Manage</button></div>
<header class="site-header"><a class="logo" href="/">{outlet}</a><nav><ul>
<li><a href="/news">News</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li>
<li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article class="story">
<h1 class="story__headline">{title}</h1>
<div class="story__byline">By Staff reporter
<time datetime="{day:%Y-%m-%d}">{day:%d %B %Y}</time></div>
<div class="share"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
<div class="story__body">{paragraphs}</div>
<div class="related-stories"><h3>Related stories</h3><ul>
<li><a href="/news/older-{n}">Earlier: rescue teams reach the area</a></li>
<li><a href="/news/background-{n}">Background: why the region is at risk</a></li></ul></div>
</article>
<aside class="most-read"><h2>Most read</h2><ol><li><a href="/a">Markets fall again</a></li>
<li><a href="/b">Weather warning extended</a></li></ol></aside></main>
<footer><p>&copy; {outlet}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


def html_pages(rng: random.Random, total: int) -> list[tuple[str, str]]:
    """(file name, page) for ``total`` generated news pages with a site's furniture."""
    pages = []
    for n, (day, outlet, title, text) in enumerate(stories(rng, total)):
        body = "".join(f"<p>{paragraph}</p>\n" for paragraph in text.split("\n\n"))
        host = outlet.lower().replace(" ", "") + ".example"
        page = PAGE.format(title=title, outlet=outlet, host=host, day=day, n=n, paragraphs=body)
        pages.append((f"page-{n}.html", page))
    return pages


def html_throughput() -> dict:
    """Pages per second: parsing the fixture pages and generated pages, and importing
    the generated pages (parsing, storing, proposing claims)."""
    import logging

    from articles.parsing import parse_article
    from articles.services import article_import

    logging.disable(logging.WARNING)  # the extraction library logs each fallback it tries
    fixtures = [(p.name, p.read_bytes()) for p in sorted(FIXTURE_PAGES.glob("*.html"))]
    rounds = 5
    started = time.process_time()
    for _ in range(rounds):
        for name, raw in fixtures:
            parse_article(raw, filename=name)
    fixture_seconds = time.process_time() - started

    generated = html_pages(random.Random(12), HTML_PAGES)
    started = time.process_time()
    for name, page in generated:
        parse_article(page, filename=name)
    parse_seconds = time.process_time() - started

    started = time.perf_counter()
    for name, page in generated:
        article_import(raw=page, filename=name)
    import_seconds = time.perf_counter() - started
    return {
        "html_fixture_pages": len(fixtures),
        "html_fixture_pages_per_s": rounds * len(fixtures) / fixture_seconds,
        "html_generated_pages": len(generated),
        "html_generated_kb_per_page": sum(len(p) for _, p in generated) / len(generated) / 1e3,
        "html_generated_parse_pages_per_s": len(generated) / parse_seconds,
        "html_generated_import_pages_per_s": len(generated) / import_seconds,
    }


def main() -> None:
    db_url = os.environ["DATABASE_URL"]
    if db_url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(db_url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from articles.batch import ImportItem, article_import_batch
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

    # The bulk path (articles.batch), as import_articles takes a folder of files.
    items = [
        ImportItem(raw=source, filename=f"report-{i}.txt", outlet_name=outlet)
        for i, (source, outlet) in enumerate(articles)
    ]
    started = time.perf_counter()
    results = article_import_batch(items=items)
    import_seconds = time.perf_counter() - started
    failed = [result for result in results if isinstance(result, Exception)]
    if failed:
        sys.exit(f"{len(failed)} articles failed to import: {failed[0]!r}")

    print(
        json.dumps(
            {
                "articles": ARTICLES,
                "extraction_mb": total_bytes / 1e6,
                "extraction_mb_per_s": total_bytes / 1e6 / extraction_seconds,
                "import_articles_per_s": ARTICLES / import_seconds,
                **(html_throughput() if HTML_PAGES else {}),
            }
        )
    )


# ------------------------------------------------------------------------------
# Backfill: import_articles inline and on 1 and 2 Celery workers
# ------------------------------------------------------------------------------
def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result


def _fresh_database(env: dict[str, str]) -> None:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[-1]
        for command in ("dropdb", "createdb"):
            subprocess.run([command, "-h", "127.0.0.1", "-U", "postgres", name], check=False,
                           capture_output=True)  # fmt: skip
    _run([sys.executable, "manage.py", "migrate", "--noinput"], env)


def _start_workers(count: int, env: dict[str, str], logs: Path) -> list[subprocess.Popen]:
    """``count`` worker processes (one job at a time each), ready to take jobs."""
    workers = []
    for i in range(count):
        log = logs / f"worker-{i}.log"
        args = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=info",
            "--concurrency=1", "-n", f"bench{i}@%h", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        workers.append(
            subprocess.Popen(
                args, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
            )
        )
    deadline = time.monotonic() + 60
    while not all(" ready." in (logs / f"worker-{i}.log").read_text() for i in range(count)):
        if time.monotonic() > deadline:
            _stop(workers)
            sys.exit(f"the Celery workers did not start; see {logs}")
        time.sleep(0.2)
    return workers


def _stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait(timeout=60)


def backfill(size: int, *, broker: str) -> dict:
    """Articles/s of ``import_articles FOLDER`` for ``size`` generated files: inline,
    then with 1 and 2 worker processes. Each run starts from an empty database; the
    command's own time is measured, from reading the files to the last reply."""
    import django

    django.setup()  # stories() borrows generate_data's word lists
    base_env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    base_env["CONN_MAX_AGE"] = "0"
    results = {"articles": size, "database": base_env["DATABASE_URL"].split(":", 1)[0]}
    with tempfile.TemporaryDirectory(prefix="claimtrack-backfill-") as folder:
        files = Path(folder) / "articles"
        files.mkdir()
        # Markdown with front matter: each report keeps its own outlet, as in main().
        for i, (day, outlet, title, text) in enumerate(stories(random.Random(11), size)):
            (files / f"report-{i:05d}.md").write_text(
                f"---\ntitle: {title}\ndate: {day:%Y-%m-%d}\noutlet: {outlet}\n---\n\n{text}\n"
            )
        command = [sys.executable, "manage.py", "import_articles", str(files)]
        for workers in (0, 1, 2):
            env = dict(base_env)
            _fresh_database(env)
            running: list[subprocess.Popen] = []
            if workers:
                env["CELERY_BROKER_URL"] = broker
                redis = broker.rsplit("/", 1)
                subprocess.run(["redis-cli", "-n", redis[-1], "flushdb"], capture_output=True)
                running = _start_workers(workers, env, Path(folder))
            try:
                started = time.perf_counter()
                out = _run(command, env)
                seconds = time.perf_counter() - started
            finally:
                _stop(running)
            if f"{size} imported" not in out.stdout:
                sys.exit(f"the backfill did not import every file:\n{out.stdout[-500:]}")
            key = f"workers_{workers}" if workers else "inline"
            results[key] = size / seconds
            print(f"  backfill of {size:,}: {key}: {size / seconds:.1f} articles/s",
                  file=sys.stderr, flush=True)  # fmt: skip
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--backfill":
        print(json.dumps(backfill(int(sys.argv[2]), broker=sys.argv[3])))
    else:
        main()
