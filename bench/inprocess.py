"""What bench/explain.py and bench/profile.py share: the production settings in
this process, and the pages the benchmark loads (from bench/targets.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_settings() -> None:
    """Production settings unless the environment says otherwise; no API throttles."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("CLAIMTRACK_API_ANON_RATE", "1000000/minute")
    os.environ.setdefault("CLAIMTRACK_API_USER_RATE", "1000000/minute")


def targets() -> dict:
    """The benchmarked paths, a reviewer's session and query counts (bench/targets.py).

    Production settings serve hashed static files: their manifest is made first.
    """
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        check=True, env=os.environ,
    )  # fmt: skip
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "targets.py")],
        capture_output=True, text=True, check=True, env=os.environ,
    )  # fmt: skip
    return json.loads(out.stdout)
