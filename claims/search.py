"""Full-text search over claims: quote, sentence and claimant.

PostgreSQL uses ``django.contrib.postgres.search`` backed by a GIN index on
the quote and sentence (migration 0003); SQLite falls back to matching the
start of words, case-insensitively (Unicode included), which gives the same
results for plain words. Both ignore the same English stop words, and on
both every word must match the quote, the sentence or the claimant's name
or aliases, so "Peskov dead" finds Peskov's claim that "all those on board
are dead". The public search page, the API's ``q`` filter and the review
queue all call :func:`search_claims`.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import FloatField, Q, QuerySet, Value

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
_WORD = re.compile(r"\w[\w'-]*", re.UNICODE)

# PostgreSQL's English stop words (share/tsearch_data/english.stop): its text search
# drops them from queries, so the fallback drops them too and both find the same.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
    """.split()  # noqa: SIM905 - the list as PostgreSQL ships it, easy to compare
)


def search_vector():
    """The indexed expression; must stay identical to the index in migration 0003."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("exact", "sentence", config=SEARCH_CONFIG)


def words(q: str) -> list[str]:
    return _WORD.findall((q or "")[:MAX_QUERY_LENGTH])[:MAX_TERMS]


def search_terms(q: str) -> list[str]:
    """The words of ``q`` that are searched for: stop words ("the", "on") are not."""
    seen: set[str] = set()
    terms = []
    for word in words(q):
        key = word.casefold()
        if key not in STOP_WORDS and key not in seen:
            seen.add(key)
            terms.append(word)
    return terms


def only_stop_words(q: str) -> bool:
    """True when ``q`` has words but all of them are too common to search for."""
    return bool(words(q)) and not search_terms(q)


def _claimants_by_term(terms: list[str]) -> dict[str, list[int]]:
    """For each term, the ids of claimants whose name or an alias contains it (one query)."""
    from .models import Claimant

    condition = Q()
    for term in terms:
        condition |= Q(name__icontains=term) | Q(aliases__icontains=term)
    # Claimants are few; the cap keeps a one-letter query from listing them all.
    rows = list(Claimant.objects.filter(condition).values_list("pk", "name", "aliases")[:500])
    found: dict[str, list[int]] = {}
    for term in terms:
        key = term.casefold()
        found[term] = [
            pk
            for pk, name, aliases in rows
            if key in name.casefold()
            or any(key in str(alias).casefold() for alias in (aliases or []))
        ]
    return found


def _search_postgresql(queryset: QuerySet, terms: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    def text_query(words: list[str]) -> SearchQuery:
        return SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="plain")

    claimants = _claimants_by_term(terms)
    # Words no claimant is called are searched together, in one indexed match; a word
    # that names a claimant matches either the text or that claimant.
    text_only = [term for term in terms if not claimants[term]]
    match = Q(search=text_query(text_only)) if text_only else Q()
    for term in terms:
        if claimants[term]:
            match &= Q(search=text_query([term])) | Q(claimant_id__in=claimants[term])
    return (
        queryset.annotate(search=search_vector())
        .filter(match)
        .annotate(rank=SearchRank(search_vector(), text_query(terms)))
    )


def _in_text(field: str, term: str) -> Q:
    """``term`` at the start of a word of ``field``, case-insensitively."""
    # The start of a word, like a text-search lexeme: "board" is not in "aboard".
    # REGEXP runs Python's re on SQLite, so "(?i)" folds non-ASCII letters as well.
    match = Q(**{f"{field}__iregex": r"\b" + re.escape(term)})
    if term.isascii():
        # LIKE is case-insensitive for ASCII and runs in C: it rules most rows out
        # before the slower REGEXP sees them.
        match = Q(**{f"{field}__icontains": term}) & match
    return match


def _in_name(field: str, term: str) -> Q:
    """``term`` anywhere in ``field``, case-insensitively (as PostgreSQL's icontains)."""
    if term.isascii():
        return Q(**{f"{field}__icontains": term})
    return Q(**{f"{field}__iregex": re.escape(term)})


def _search_fallback(queryset: QuerySet, terms: list[str]) -> QuerySet:
    condition = Q()
    for term in terms:
        condition &= (
            _in_text("exact", term)
            | _in_text("sentence", term)
            | _in_name("claimant__name", term)
            | _in_name("claimant__aliases", term)
        )
    return queryset.filter(condition).annotate(rank=Value(0.0, output_field=FloatField()))


def search_claims(queryset: QuerySet, q: str) -> QuerySet:
    """Claims matching every word of ``q``, annotated with a ``rank`` (higher is better).

    A query with no words matches everything; one made only of stop words matches nothing.
    """
    if not words(q):
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    terms = search_terms(q)
    if not terms:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, terms)
    return _search_fallback(queryset, terms)
