"""django-csp's middleware, building the site's one policy once instead of per response.

django-csp copies its policy parts into dicts and rebuilds the header from the
settings on every response: on a page answered from the cache that was a tenth of
the request. A response whose view changed nothing of the policy, on a request that
used no nonce, always gets the same headers: those are built once (again when the
settings change).
"""

from __future__ import annotations

import functools
from typing import Any

from csp import middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponseBase

# What a view's csp decorators set on its response: any of them, and django-csp builds it.
_POLICY_CHANGES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)

# Left without a policy under DEBUG, for Django's technical pages (as django-csp does).
_DEBUG_EXEMPT = (404, 500)


@functools.cache
def _site_headers() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(header, policy, exemption attribute, excluded path prefixes) of both policies."""
    headers = []
    for header, setting, exempt, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro", True),
    ):
        policy = build_policy(report_only=report_only)
        prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        if policy:
            headers.append((header, policy, exempt, tuple(prefixes)))
    return tuple(headers)


def _forget_headers(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_headers.cache_clear()


setting_changed.connect(_forget_headers)


class CSPMiddleware(middleware.CSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            getattr(request, "_csp_nonce", None) is not None
            or (settings.DEBUG and response.status_code in _DEBUG_EXEMPT)
            or any(hasattr(response, name) for name in _POLICY_CHANGES)
        ):
            return super().process_response(request, response)
        # As django-csp sets them: unless set already, exempted or under an excluded path.
        for header, policy, exempt, prefixes in _site_headers():
            if (
                header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = policy
        # The nonce is no longer available once the header is written (no nonce used).
        request.csp_nonce = middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
