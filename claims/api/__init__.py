"""The REST API under /api/: ``views`` (viewsets and their permissions, paging and
schema), ``serializers``, ``rows`` (the lists, read as rows and written out by
explicit functions), ``renderers`` (JSON by orjson), ``filters`` (django-filter),
``errors`` (JSON error bodies, authentication, deny-by-default) and ``urls``.
Writes go through the same services as the review pages. May import the claims
core, events, search and the public ClaimReview feed; must not import the review
pages.
"""
