"""``make bench``: throughput and latency of the real server, as ratios measured side by side.

For each database (SQLite, and PostgreSQL when reachable) and each data size
(about 100 claims and about a million), the script builds the data with
``generate_data`` (kept in bench/data/ or in databases named
``claimtrack_bench_*`` and reused on the next run), starts gunicorn with the
production settings, and loads every target with ``wrk`` in interleaved rounds
(median of 3). Every target is reported as a ratio to the constant Django view
measured in the same round, so machines and noise cancel out. Query counts per
page come from the same pages rendered in-process. Results go to stdout as a
table and to bench/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PY = sys.executable
PG_BASE = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
# The cached server's page cache: Redis, as production shares it between workers and
# servers (pages kept under versions, no database on a hit). Emptied before each data
# set; the local-memory cache (a database fingerprint per page) when Redis is not there.
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12")

SIZES = {
    # name: list of (articles, claims per article) batches
    "100": [(3, 30), (1, 10)],
    "1M": [(33_334, 30)],
}
# Targets, in the order they are interleaved in each round.
TARGETS = [
    "wsgi_constant",
    "django_constant",
    "claim_textbook",
    "claim_uncached",
    "claim_cached",
    "claim_304",
    "article_30_uncached",
    "article_30_cached",
    "review_queue",
    "api_claims_20",
    "api_claims_100",
    "api_claims_last_cursor",
]


def production_env(database_url: str, *, cache_url: str = "locmem://") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        # Production settings plus the bench-only textbook claim page (bench/urls.py).
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="600",
        CACHE_URL=cache_url,
        # The benchmark is its own load: lift the API's per-client throttles.
        CLAIMTRACK_API_ANON_RATE="1000000/minute",
        CLAIMTRACK_API_USER_RATE="1000000/minute",
        PYTHONHASHSEED="0",
    )
    return env


def manage(*args: str, env: dict[str, str], quiet: bool = True) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=quiet, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout or ""


# ------------------------------------------------------------------------------
# Data
# ------------------------------------------------------------------------------
def pg_reachable() -> bool:
    return (
        shutil.which("pg_isready") is not None
        and subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0
    )


def prepare(db: str, size: str) -> str:
    """Return a DATABASE_URL holding the data set, building it if needed."""
    expected = sum(a * c for a, c in SIZES[size])
    if db == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        path = DATA / f"bench-{size}.sqlite3"
        url = f"sqlite:///{path}"
    else:
        name = f"claimtrack_bench_{size.lower()}"
        url = f"{PG_BASE}/{name}"
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)
    env = production_env(url)
    manage("migrate", "--noinput", env=env)
    count = int(
        manage(
            "shell", "-c", "from claims.models import Claim; print(Claim.objects.count())", env=env
        ).split()[-1]
    )
    if count != expected:
        if count:
            sys.exit(f"{url} holds {count} claims, expected {expected}: drop it and run again.")
        print(f"  generating {expected:,} claims in {db} …", flush=True)
        started = time.perf_counter()
        for articles, per_article in SIZES[size]:
            manage(
                "generate_data", "--articles", str(articles),
                "--claims-per-article", str(per_article), "--seed", "7",
                env=env, quiet=False,
            )  # fmt: skip
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    else:
        # Migrations may have added indexes since the data was made: plan with fresh statistics.
        analyze = "from django.db import connection; connection.cursor().execute('ANALYZE')"
        manage("shell", "-c", analyze, env=env)
    return url


# ------------------------------------------------------------------------------
# Servers and load
# ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app: str, env: dict[str, str], workers: int):
    port = free_port()
    process = subprocess.Popen(
        [
            PY, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--worker-class", "sync",
            "--log-level", "warning", "--access-logfile", "/dev/null",
            "--graceful-timeout", "5",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"gunicorn {app} did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # a worker stuck in a slow request
            process.kill()
            process.wait()


_LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, seconds: int, connections: int, headers: dict[str, str]) -> dict:
    # A generous timeout: a slow page is measured as slow, not dropped as a timeout.
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    latency = {p: float(v) * _UNIT[u] for p, v, u in _LATENCY.findall(output)}
    if not rps:
        raise RuntimeError(f"wrk failed for {url}:\n{output}")
    return {
        "rps": float(rps.group(1)),
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "requests": int(total.group(1)) if total else 0,
        "non_2xx_3xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def etag(url: str) -> str:
    """The ETag the server gives a page: its host and port are part of it."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (local)
        return response.headers["ETag"]


def drain(url: str) -> None:
    """Wait until the server has finished the requests wrk left in flight.

    wrk stops sending when its time is up, but the workers still answer what they
    had accepted; the next target must not be measured against that backlog.
    """
    base = url.split("/", 3)
    probe = f"{base[0]}//{base[2]}/healthz"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(probe, timeout=30) as response:  # noqa: S310 (local)
                response.read()
        except OSError:
            pass
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.2)


def page_cache() -> str:
    """The cached server's CACHE_URL: Redis emptied, or local memory without Redis."""
    flushed = subprocess.run(["redis-cli", "-u", CACHE_URL, "flushdb"],
                             capture_output=True, text=True)  # fmt: skip
    if flushed.stdout.strip() == "OK":
        return CACHE_URL
    print(f"Redis is not reachable at {CACHE_URL}: the cached pages use local memory.")
    return "locmem://"


def targets_for(url: str, cache_url: str) -> dict:
    """Ask the app which pages to load, and how many queries each makes."""
    env = production_env(url, cache_url=cache_url)
    out = subprocess.run(
        [PY, "bench/targets.py"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        sys.exit(f"bench/targets.py failed:\n{out.stdout}\n{out.stderr}")
    return json.loads(out.stdout)


def measure(db: str, size: str, args: argparse.Namespace) -> dict:
    url = prepare(db, size)
    cache_url = page_cache()
    info = targets_for(url, cache_url)
    workers = args.workers
    env_cached = production_env(url, cache_url=cache_url)
    env_uncached = production_env(url, cache_url="dummy://")
    results: dict[str, list[dict]] = {name: [] for name in TARGETS}
    with (
        gunicorn("bench.constant_wsgi:application", env_cached, workers) as bare,
        gunicorn("config.wsgi:application", env_cached, workers) as cached,
        gunicorn("config.wsgi:application", env_uncached, workers) as uncached,
    ):
        session = {"Cookie": f"sessionid={info['session']}"}
        plan = {
            "wsgi_constant": (bare + "/", {}),
            "django_constant": (cached + "/healthz", {}),
            "claim_textbook": (uncached + info["claim_textbook"], {}),
            "claim_uncached": (uncached + info["claim"], {}),
            "claim_cached": (cached + info["claim"], {}),
            "claim_304": (cached + info["claim"], {"If-None-Match": etag(cached + info["claim"])}),
            "article_30_uncached": (uncached + info["article"], {}),
            "article_30_cached": (cached + info["article"], {}),
            "review_queue": (cached + info["queue"], session),
            "api_claims_20": (cached + info["api_20"], {}),
            "api_claims_100": (cached + info["api_100"], {}),
            "api_claims_last_cursor": (cached + info["api_last"], {}),
        }
        for target_url, headers in plan.values():  # warm every worker's cache
            wrk(target_url, seconds=1, connections=args.connections, headers=headers)
            drain(target_url)
        for round_no in range(args.rounds):
            for target in TARGETS:
                target_url, headers = plan[target]
                run = wrk(
                    target_url, seconds=args.seconds, connections=args.connections,
                    headers=headers,
                )  # fmt: skip
                results[target].append(run)
                drain(target_url)
            print(f"  {db} {size}: round {round_no + 1}/{args.rounds} done", flush=True)
    summary = {}
    for target in TARGETS:
        runs = results[target]
        # A round whose baseline failed (0 requests/s) says nothing about ratios.
        ratios = [
            run["rps"] / base["rps"]
            for run, base in zip(runs, results["django_constant"], strict=True)
            if base["rps"]
        ] or [0.0]
        summary[target] = {
            "rps": statistics.median(r["rps"] for r in runs),
            "p50_ms": statistics.median(r["p50_ms"] or 0 for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] or 0 for r in runs),
            "ratio": statistics.median(ratios),
            "non_2xx_3xx": sum(r["non_2xx_3xx"] for r in runs),
            "queries": info["queries"].get(target),
        }
    summary["page_cache"] = cache_url.split(":", 1)[0]
    return summary


# ------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------
def table(results: dict) -> str:
    lines = []
    for db, sizes in results["servers"].items():
        small, large = sizes.get("100", {}), sizes.get("1M", {})
        lines.append(f"\n{db}: requests/s, p50/p99 ms, ratio to the constant Django view")
        lines.append(
            f"{'target':<24}{'rps@100':>9}{'p50':>7}{'p99':>8}{'ratio':>7}{'q':>4}"
            f"{'rps@1M':>9}{'p50':>7}{'p99':>8}{'ratio':>7}{'q':>4}{'1M/100':>8}{'errors':>8}"
        )
        for target in TARGETS:
            a, b = small.get(target), large.get(target)

            def cols(r):
                if not r:
                    return f"{'-':>9}{'-':>7}{'-':>8}{'-':>7}{'-':>4}"
                q = "-" if r["queries"] is None else str(r["queries"])
                return (
                    f"{r['rps']:>9.0f}{r['p50_ms']:>7.1f}{r['p99_ms']:>8.1f}"
                    f"{r['ratio']:>7.2f}{q:>4}"
                )

            scale = f"{b['ratio'] / a['ratio']:>8.2f}" if a and b and a["ratio"] else f"{'-':>8}"
            errors = (a or {}).get("non_2xx_3xx", 0) + (b or {}).get("non_2xx_3xx", 0)
            lines.append(f"{target:<24}{cols(a)}{cols(b)}{scale}{errors:>8}")
    tp = results.get("throughput")
    if tp:
        lines.append(
            f"\nextraction: {tp['extraction_mb_per_s']:.2f} MB/s on one core "
            f"({tp['extraction_mb']:.1f} MB of {tp['articles']:,} generated articles); "
            f"bulk import: {tp['import_articles_per_s']:.0f} articles/s"
        )
    if tp and "html_fixture_pages_per_s" in tp:
        lines.append(
            f"web pages: {tp['html_fixture_pages_per_s']:.0f} pages/s parsed on one core "
            f"({tp['html_fixture_pages']} fixture pages); "
            f"{tp['html_generated_parse_pages_per_s']:.0f} pages/s parsed and "
            f"{tp['html_generated_import_pages_per_s']:.0f} pages/s imported "
            f"({tp['html_generated_pages']:,} generated pages of "
            f"{tp['html_generated_kb_per_page']:.1f} kB)"
        )
    bf = results.get("backfill")
    if bf:
        lines.append(
            f"backfill of {bf['articles']:,} articles with import_articles ({bf['database']}): "
            f"inline {bf['inline']:.1f} articles/s, 1 Celery worker {bf['workers_1']:.1f}, "
            f"2 workers {bf['workers_2']:.1f}"
        )
    if results.get("worst_case"):
        from worstcase import table as worst_table

        lines.append("\nworst-case imports (SQLite; budget: under 10 s and 500 MB, or refused)")
        lines.append(worst_table(results["worst_case"]))
    return "\n".join(lines)


def measure_backfill(size: int) -> dict | None:
    """import_articles of ``size`` files inline, then on 1 and 2 Celery workers
    (bench/throughput.py --backfill), in PostgreSQL when reachable, with Redis."""
    broker = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
    ping = subprocess.run(["redis-cli", "-u", broker.rsplit("/", 1)[0], "ping"],
                          capture_output=True, text=True)  # fmt: skip
    if ping.stdout.strip() != "PONG":
        print(f"Redis is not reachable at {broker}: no backfill on workers.")
        return None
    if pg_reachable():
        url = f"{PG_BASE}/claimtrack_bench_backfill"
    else:
        DATA.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA / 'backfill.sqlite3'}"
    print(f"backfill of {size:,} articles (inline, 1 and 2 workers):", flush=True)
    out = subprocess.run(
        [PY, "bench/throughput.py", "--backfill", str(size), broker], cwd=ROOT,
        env=production_env(url), stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    if out.returncode != 0:
        sys.exit("bench/throughput.py --backfill failed")
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 5)))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 0)))
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "100,1M"))
    parser.add_argument("--databases", default=os.environ.get("BENCH_DATABASES", "sqlite,postgres"))
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument(
        "--backfill", type=int, default=int(os.environ.get("BENCH_BACKFILL_ARTICLES", 10_000)),
        help="articles in the backfill timed inline and on 1 and 2 Celery workers (0: skip)",
    )  # fmt: skip
    parser.add_argument("--skip-worst-case", action="store_true")
    args = parser.parse_args()
    args.workers = args.workers or 2 * (os.cpu_count() or 1)
    databases = [d for d in args.databases.split(",") if d]
    if databases and shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")

    if "postgres" in databases and not pg_reachable():
        print("PostgreSQL is not reachable: SQLite only.")
        databases.remove("postgres")
    manage("collectstatic", "--noinput", env=production_env("sqlite:///:memory:"))

    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        "settings": vars(args),
        "servers": {},
    }
    for db in databases:
        results["servers"][db] = {}
        for size in args.sizes.split(","):
            print(f"{db}, {size} claims:", flush=True)
            results["servers"][db][size] = measure(db, size, args)
            # Kept as it comes: a failure later does not lose what was measured.
            (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    if not args.skip_throughput:
        out = subprocess.run(
            [PY, "bench/throughput.py"], cwd=ROOT,
            env=production_env(f"sqlite:///{DATA / 'throughput.sqlite3'}"),
            capture_output=True, text=True,
        )  # fmt: skip
        if out.returncode != 0:
            sys.exit(f"bench/throughput.py failed:\n{out.stderr}")
        results["throughput"] = json.loads(out.stdout)
    if args.backfill:
        results["backfill"] = measure_backfill(args.backfill)
    if not args.skip_worst_case:
        # The densest files the importer accepts, and the ones it refuses: seconds and
        # peak memory per import, each in a process of its own (bench/worstcase.py).
        out = subprocess.run([PY, "bench/worstcase.py"], cwd=ROOT, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"bench/worstcase.py failed:\n{out.stderr}")
        results["worst_case"] = json.loads(out.stdout)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print("\nwritten to bench/results.json")


if __name__ == "__main__":
    main()
