"""The REST API: /api/v1/..., its OpenAPI schema and its documentation page."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"


class OptionalSlashRouter(SimpleRouter):
    """Both /api/v1/claims/1 and /api/v1/claims/1/ work, for scripts written either way."""

    def __init__(self) -> None:
        super().__init__()
        self.trailing_slash = "/?"


router = OptionalSlashRouter()
router.register("v1/articles", views.ArticleViewSet, basename="article")
router.register("v1/claims", views.ClaimViewSet, basename="claim")
router.register("v1/claimants", views.ClaimantViewSet, basename="claimant")
router.register("v1/sources", views.SourceViewSet, basename="source")
router.register("v1/verdicts", views.VerdictViewSet, basename="verdict")
router.register("v1/changes", views.PendingChangeViewSet, basename="change")

urlpatterns = [
    re_path(r"^v1/claimreview/?$", views.ClaimReviewFeedView.as_view(), name="claimreview"),
    path("v1/export/claims.csv", views.ClaimExportView.as_view(), name="export-claims"),
    *router.urls,
    re_path(r"^schema/?$", SpectacularAPIView.as_view(), name="schema"),
    re_path(r"^docs/?$", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"", views.not_found),
]
