"""Profile one benchmarked page in-process: where its time goes, by call tree.

Usage (against a benchmark database, e.g. after ``make bench``):

    DATABASE_URL=sqlite:///bench/data/bench-100.sqlite3 \\
        .venv/bin/python bench/profile.py claim [--requests 300]

Pages: claim, article, queue, api_20, api_100, api_last, healthz. The page is
rendered with the production settings and no page cache (every request builds
the page, as the benchmark's "uncached" targets do); pyinstrument prints the
call tree and the mean time per request.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "profile-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("CLAIMTRACK_API_ANON_RATE", "1000000/minute")
os.environ.setdefault("CLAIMTRACK_API_USER_RATE", "1000000/minute")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "page", choices=["claim", "article", "queue", "api_20", "api_100", "api_last", "healthz"]
    )
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    # Production settings serve hashed static files: their manifest must exist.
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        check=True, env=os.environ,
    )  # fmt: skip
    info = json.loads(
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "targets.py")],
            capture_output=True, text=True, check=True, env=os.environ,
        ).stdout
    )  # fmt: skip
    os.environ["CACHE_URL"] = "dummy://"
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
