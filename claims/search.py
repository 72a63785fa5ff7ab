"""Full-text search over claims: quote, sentence and claimant.

PostgreSQL uses ``django.contrib.postgres.search`` backed by a GIN index on
the quote and sentence (migration 0003); SQLite falls back to case-insensitive
word matching, which gives the same results for plain words. The public
search page, the API's ``q`` filter and the review queue all call
:func:`search_claims`.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import FloatField, Q, QuerySet, Value

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w[\w'-]*", re.UNICODE)


def search_vector():
    """The indexed expression; must stay identical to the index in migration 0003."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("exact", "sentence", config=SEARCH_CONFIG)


def words(q: str) -> list[str]:
    return _WORD.findall((q or "")[:MAX_QUERY_LENGTH])[:12]


def search_claims(queryset: QuerySet, q: str) -> QuerySet:
    """Claims matching every word of ``q``, annotated with a ``rank`` (higher is better)."""
    terms = words(q)
    if not terms:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(" ".join(terms), config=SEARCH_CONFIG, search_type="plain")
        # Claimants are few: find the matching ones first, so the claim filter stays
        # "indexed text match OR claimant_id IN (...)" and PostgreSQL can use the GIN index.
        from .models import Claimant

        claimants = Claimant.objects.all()
        for term in terms:
            claimants = claimants.filter(Q(name__icontains=term) | Q(aliases__icontains=term))
        claimant_ids = list(claimants.values_list("pk", flat=True)[:500])
        match = Q(search=query)
        if claimant_ids:
            match |= Q(claimant_id__in=claimant_ids)
        return (
            queryset.annotate(search=search_vector())
            .filter(match)
            .annotate(rank=SearchRank(search_vector(), query))
        )
    condition = Q()
    for term in terms:
        condition &= (
            Q(exact__icontains=term)
            | Q(sentence__icontains=term)
            | Q(claimant__name__icontains=term)
        )
    return queryset.filter(condition).annotate(rank=Value(0.0, output_field=FloatField()))
