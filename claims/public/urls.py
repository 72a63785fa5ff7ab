"""Public pages: what readers and search engines see (published verdicts only)."""

from django.urls import include, path, register_converter

from . import feeds, views


class ClaimIdConverter:
    """A claim id: at most 18 digits, so it always fits the database's 64-bit ids.

    With plain ``<int:pk>`` a 20-digit address reached the database and failed
    there (an error page) instead of being a simple "not found".
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ClaimIdConverter, "claimid")

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", views.search, name="search"),
    path("claims/<claimid:pk>-<slug:slug>/", views.claim_detail, name="detail"),
    path("claims/<claimid:pk>/", views.claim_detail, name="detail-short"),
    path("claimants/<slug:slug>/", views.claimant_detail, name="claimant"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("corrections/", views.corrections, name="corrections"),
    path("about/", views.about, name="about"),
    path("feeds/verdicts/", feeds.verdict_feed, name="feed"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("claimreview.json", views.claimreview_json, name="claimreview-feed"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Article pages live under the same "claims" namespace: one public site, one namespace.
    path("", include("articles.urls")),
]
