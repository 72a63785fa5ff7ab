"""The REST API: /api/v1/..., its OpenAPI schema and its documentation page."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from . import apis

app_name = "api"


class OptionalSlashRouter(SimpleRouter):
    """Both /api/v1/claims/1 and /api/v1/claims/1/ work, for scripts written either way."""

    def __init__(self) -> None:
        super().__init__()
        self.trailing_slash = "/?"


router = OptionalSlashRouter()
router.register("v1/articles", apis.ArticleViewSet, basename="article")
router.register("v1/claims", apis.ClaimViewSet, basename="claim")
router.register("v1/claimants", apis.ClaimantViewSet, basename="claimant")
router.register("v1/sources", apis.SourceViewSet, basename="source")
router.register("v1/verdicts", apis.VerdictViewSet, basename="verdict")

urlpatterns = [
    re_path(r"^v1/claimreview/?$", apis.ClaimReviewFeedView.as_view(), name="claimreview"),
    path("v1/export/claims.csv", apis.ClaimExportView.as_view(), name="export-claims"),
    *router.urls,
    re_path(r"^schema/?$", SpectacularAPIView.as_view(), name="schema"),
    re_path(r"^docs/?$", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"", apis.not_found),
]
