"""Profile one benchmarked page in-process: where its time goes, by call tree.

Usage (against a benchmark database, e.g. after ``make bench``):

    DATABASE_URL=sqlite:///bench/data/bench-100.sqlite3 \\
        .venv/bin/python bench/profile.py claim [--requests 300]

Pages: claim, article, queue, api_20, api_100, api_last, healthz. The page is
rendered with the production settings and no page cache (every request builds
the page, as the benchmark's "uncached" targets do) unless ``--cached`` (the
page cache: local memory, or the Redis of ``BENCH_CACHE_URL=redis://…`` as the
benchmark's "cached" targets use); pyinstrument prints the call tree and the mean
time per request.
"""

import argparse
import os
import time

from inprocess import production_settings, targets

production_settings()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "page", choices=["claim", "article", "queue", "api_20", "api_100", "api_last", "healthz"]
    )
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--cached", action="store_true", help="Serve from the page cache")
    args = parser.parse_args()
    info = targets()
    # BENCH_CACHE_URL=redis://… profiles the shared cache the benchmark's server uses.
    cached = os.environ.get("BENCH_CACHE_URL", "locmem://")
    os.environ["CACHE_URL"] = cached if args.cached else "dummy://"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    if args.page == "queue":
        client.force_login(get_user_model().objects.get(username="generated-reviewer"))
    path = "/healthz" if args.page == "healthz" else info[args.page]
    for _ in range(20):  # warm up: templates compiled, connection open
        assert client.get(path).status_code == 200, path
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(args.requests):
            client.get(path)
    elapsed = time.perf_counter() - started
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{path}: {elapsed / args.requests * 1000:.2f} ms per request (profiled)")


if __name__ == "__main__":
    main()
