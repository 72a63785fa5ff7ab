import unicodedata
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness check for load balancers; also the benchmarks' baseline Django view."""
    return HttpResponse("ok\n", content_type="text/plain")


def is_plain_local_path(target: str) -> bool:
    """True for a plain path on this site: one leading "/", then no "/" or "\\" right after,
    no backslash anywhere, and no whitespace or control character.

    Browsers read "//host", "/\\host" and "/<TAB>/host" as other sites (or strip the
    tab and then do); nothing the site links to looks like that.
    """
    if not target.startswith("/") or target[1:2] in ("/", "\\") or "\\" in target:
        return False
    return not any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in target)


class LoginView(auth_views.LoginView):
    """Django's log-in, where ``next`` is honoured only when it is a plain local path
    (anything else goes to LOGIN_REDIRECT_URL and is not echoed into the form). In
    development (DEBUG on) the page lists the demo log-ins that ``manage.py load_demo``
    created, so a first run needs no trip to the terminal."""

    def get_redirect_url(self) -> str:
        target = super().get_redirect_url()
        return target if is_plain_local_path(target) else ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = demo_accounts() if settings.DEBUG else []
        return context


def demo_accounts() -> list[dict[str, str]]:
    """The demo accounts that exist, with their public passwords and roles."""
    from articles.management.commands.load_demo import DEMO_ACCOUNTS

    existing = set(
        get_user_model()
        .objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS], is_active=True)
        .values_list("username", flat=True)
    )
    return [
        {"username": username, "password": password, "role": group or "Administrator"}
        for username, password, group, _superuser in DEMO_ACCOUNTS
        if username in existing
    ]
