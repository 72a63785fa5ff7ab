"""Public article pages; included by claims.urls so they share the "claims" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail, name="article"),
]
