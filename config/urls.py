from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.views import LoginView, healthz

# A database lock raised outside a view is a 503 too (config.busy).
handler500 = "config.busy.server_error"

admin.site.site_header = "Claimtrack administration"
admin.site.site_title = "Claimtrack"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("review/", include("claims.review.urls")),
    path("api/", include("claims.api.urls")),
    path("", include("claims.public.urls")),
]
