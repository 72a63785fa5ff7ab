"""The site's own URLs plus the textbook claim page, for the benchmark only."""

from django.urls import path

from bench.textbook import textbook_claim
from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/textbook/claims/<int:pk>/", textbook_claim, name="bench-textbook-claim"),
    *site_urlpatterns,
]
