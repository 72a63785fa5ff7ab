"""Settings for the benchmark's servers: production settings plus a bench-only URL conf
that adds the textbook claim page (the anchor every table compares our pages with)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
