"""Which pages the benchmark loads, and how many queries each makes.

Run by bench/run.py against a benchmark database. Prints one JSON object:
the paths to load, a logged-in reviewer's session id,
and the queries each page makes when rendered in-process.
"""

import base64
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from claims.models import Claim

    # The first generated articles carry 30 claims each.
    article = Article.objects.order_by("id").first()
    claim = Claim.objects.published().filter(article=article).order_by("id").first()
    # The last page by cursor: the API lists newest id first, so the last page of
    # 20 holds the 20 smallest visible ids; its cursor points at the 21st smallest.
    boundary = Claim.objects.published().order_by("id").values_list("id", flat=True)[20]
    cursor = base64.b64encode(urlencode({"p": str(boundary)}).encode()).decode()

    reviewer = get_user_model().objects.get(username="generated-reviewer")
    logged_in = Client()
    logged_in.force_login(reviewer)
    anonymous = Client()
    paths = {
        "claim": claim.get_absolute_url(),
        "claim_textbook": f"/bench/textbook/claims/{claim.pk}/",
        "article": article.get_absolute_url(),
        "queue": "/review/",
        "api_20": "/api/v1/claims/?page_size=20",
        "api_100": "/api/v1/claims/?page_size=100",
        "api_last": f"/api/v1/claims/?{urlencode({'cursor': cursor})}",
    }

    def count(client: Client, path: str, *, expect: int = 200, **headers: str) -> int:
        cache.clear()
        client.get(path, **headers)  # warm per-process state (sessions, content types)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path, **headers).status_code
        if status != expect:
            raise SystemExit(f"{path} answered {status}, expected {expect}")
        return len(queries)

    def count_cached(path: str, *, conditional: bool = False) -> int:
        first = anonymous.get(path)
        headers = {"HTTP_IF_NONE_MATCH": first["ETag"]} if conditional else {}
        with CaptureQueriesContext(connection) as queries:
            status = anonymous.get(path, **headers).status_code
        if status != (304 if conditional else 200):
            raise SystemExit(f"{path} answered {status} from the cache")
        return len(queries)

    queries = {
        "wsgi_constant": 0,
        "django_constant": count(anonymous, "/healthz"),
        "claim_textbook": count(anonymous, paths["claim_textbook"]),
        "claim_uncached": count(anonymous, paths["claim"]),
        "claim_cached": count_cached(paths["claim"]),
        "claim_304": count_cached(paths["claim"], conditional=True),
        "article_30_uncached": count(anonymous, paths["article"]),
        "article_30_cached": count_cached(paths["article"]),
        "review_queue": count(logged_in, paths["queue"]),
        "api_claims_20": count(anonymous, paths["api_20"]),
        "api_claims_100": count(anonymous, paths["api_100"]),
        "api_claims_last_cursor": count(anonymous, paths["api_last"]),
    }
    print(
        json.dumps(
            {
                **paths,
                "session": logged_in.cookies["sessionid"].value,
                "queries": queries,
            }
        )
    )


if __name__ == "__main__":
    main()
