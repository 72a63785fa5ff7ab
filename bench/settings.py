"""Settings for the benchmark's servers: production settings plus a bench-only URL conf
that adds the textbook claim page (the anchor every table compares our pages with)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
_django = next(t for t in TEMPLATES if t["BACKEND"].endswith("DjangoTemplates"))
_django["DIRS"] = [*_django["DIRS"], BASE_DIR / "bench" / "templates"]
