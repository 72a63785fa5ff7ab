"""A URL conf that serves claim pages at another address (tests of what follows it)."""

from django.urls import include, path

from claims.public import views

moved = ([path("checked/<int:pk>-<slug:slug>/", views.claim_detail, name="detail")], "claims")

urlpatterns = [path("", include(moved))]
