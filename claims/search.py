"""Full-text search over claims: statement, quote, sentence and claimant.

PostgreSQL uses ``django.contrib.postgres.search`` on a stored, GIN-indexed
search vector of the quote, sentence and statement (migrations 0011, 0012); SQLite
matches the start of words, case-insensitively (Unicode included), in an FTS5 index
of the same three fields (migrations 0010, 0012), which gives the same results for
plain words. Both ignore the same English stop words, and on both every word must
match the statement, the quote, the sentence or the claimant's name or aliases, so
"Peskov dead" finds Peskov's claim that "all those on board are dead". The public search page,
the API's ``q`` filter and the review queue all call :func:`search_claims`.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import operator
import re
import sqlite3
from typing import Any

from django.db import connection
from django.db.models import Expression, Field, FloatField, Func, Q, QuerySet, Value
from django.db.models.expressions import Col, RawSQL
from django.db.models.lookups import In

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
    """The expression migration 0003 indexed, before the vector was stored (0011) and
    the statement joined it (0012): kept as it was for those migrations."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("exact", "sentence", config=SEARCH_CONFIG)


class _Document(Expression):
    """The claims table's stored search vector (PostgreSQL, migration 0011).

    It is not a model field, so that Django never writes it (PostgreSQL does, from
    the quote, the sentence and the statement) and SQLite has no such column. Resolved as a column
    of the query's own claims table, whatever alias that table has.
    """

    def resolve_expression(self, query=None, *args: Any, **kwargs: Any) -> Col:
        return Col(query.get_initial_alias(), _document_column())


@functools.cache
def _document_column() -> Field:
    from django.contrib.postgres.search import SearchVectorField

    from .models import Claim

    column = SearchVectorField()
    column.set_attributes_from_name("search_document")
    column.model = Claim
    return column


def search_document() -> Expression:
    """The claim's search vector: ``search_vector()`` as stored and GIN-indexed."""
    return _Document()


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
        condition |= _in_name("name", term) | _in_name("aliases", term)
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

    # Every word must be in the text, except that a word naming claimants may name the
    # claim's claimant instead. Spelt out as "all the words in the text, or all but
    # these in the text and the claimant one of those named", each alternative is a
    # single indexed match (with the claimant index), which PostgreSQL can combine
    # without testing claims one by one.
    named = {term: set(ids) for term, ids in _claimants_by_term(terms).items() if ids}
    # Claims tested one by one (see _few_matches) are tested for their claimant first:
    # parsing a claim's text for the words is the costly part, so it comes last and
    # once, where it can.
    if len(named) <= 3:
        alternatives = []
        for size in range(len(named), -1, -1):
            for by_claimant in itertools.combinations(named, size):
                ids = set.intersection(*(named[t] for t in by_claimant)) if by_claimant else set()
                if by_claimant and not ids:
                    continue
                in_text = [term for term in terms if term not in by_claimant]
                alternative = Q(claimant_id__in=sorted(ids)) if by_claimant else Q()
                if in_text:
                    alternative &= Q(search=text_query(in_text))
                alternatives.append(alternative)
        match = functools.reduce(operator.or_, alternatives)
    else:
        match = Q()
        for term, ids in named.items():
            match &= Q(claimant_id__in=sorted(ids)) | Q(search=text_query([term]))
        text_only = [term for term in terms if term not in named]
        if text_only:
            match &= Q(search=text_query(text_only))
    matching = queryset.model.objects.annotate(search=search_document()).filter(match)
    if _few_matches(matching):
        # Query (in the caller's): the matches from the index first, then the rest of
        # the conditions and the order. The LIMIT keeps PostgreSQL from folding the
        # subquery into a walk of every claim in the page's order.
        queryset = queryset.filter(pk__in=matching.order_by().values("pk")[:_NO_LIMIT])
    else:
        queryset = queryset.annotate(search=search_document()).filter(match)
    return queryset.annotate(rank=SearchRank(search_document(), text_query(terms)))


# On PostgreSQL, how many matches a search wants before it stops (a page of results,
# or the public search's first thousand); see _few_matches.
POSTGRESQL_WANTED = 1000
_NO_LIMIT = 2**62


def _few_matches(matching: QuerySet) -> bool:
    """Whether the claims matching the words are few enough to be read from the index.

    There are two ways to search. Walk the claims in the order the page wants,
    newest check first, testing each for the words, and stop once there are
    enough: work in proportion to the number wanted divided by the share of claims
    that match (fast for a common word). Or read every match from the GIN index,
    then sort them: work in proportion to their number (fast for a rare one). With
    M matches among N claims the first costs about WANTED × N / M claims and the
    second M, so reading the index wins below M = √(WANTED × N). PostgreSQL's
    planner estimates M well but prices the words' test of each claim (parsing
    its text) at a tenth of what it costs, and walked 263,000 claims for a
    claimant's name and a city; so the choice is made here, from its estimates.
    """
    # Query: the planner's estimate of the matches and of all claims (EXPLAIN only).
    everything = matching.model.objects.order_by().values("pk")
    plan = matching.order_by().values("pk").union(everything, all=True)
    try:
        branches = json.loads(plan.explain(format="json"))[0]["Plan"]["Plans"]
        matches, total = (branch["Plan Rows"] for branch in branches)
    except (KeyError, IndexError, TypeError, ValueError):
        return False
    return matches * matches < POSTGRESQL_WANTED * total


FTS_TABLE = "claims_claim_fts"
# On SQLite, how many matches a search is expected to want before it stops (a page
# of results, or the public search's first thousand). See _search_sqlite.
SQLITE_WANTED = 1000


class _Unindexed(Func):
    """``+column``: SQLite then leaves the column's index alone for this condition."""

    template = "+%(expressions)s"


def _fts_query(terms: list[str]) -> str:
    """The FTS5 query for claims with words starting with each of ``terms``.

    Each term is a quoted phrase, as a prefix: one with an apostrophe or a hyphen
    ("Mi-8") is a phrase of several tokens; double quotes (none can be in a term)
    would be doubled.
    """
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


# The table and column names are fixed; the words always go in as parameters.
_FTS_ROWIDS = "SELECT rowid FROM claims_claim_fts WHERE claims_claim_fts MATCH %s"
_FTS_COUNT = "SELECT COUNT(*) FROM claims_claim_fts WHERE claims_claim_fts MATCH %s"
_CLAIMANT_COUNT = "SELECT COUNT(*) FROM claims_claim WHERE claimant_id IN "


def _fts_rowids(terms: list[str]) -> RawSQL:
    return RawSQL(_FTS_ROWIDS, [_fts_query(terms)])  # noqa: S611 - the words are parameters


@functools.cache
def _sqlite_has_fts5() -> bool:
    """Whether SQLite was built with FTS5, as it almost always is (then migration 0010
    made the index); asked of the library itself, so it costs no query."""
    with contextlib.closing(sqlite3.connect(":memory:")) as memory:
        return ("ENABLE_FTS5",) in memory.execute("PRAGMA compile_options").fetchall()


def _sqlite_counts(plain: list[str], named: dict[str, list[int]]) -> tuple[list[int], int]:
    """How many claims each group of words may match, and how many claims there are.

    The groups are the words no claimant is called, all together, then each word
    that names claimants (its claims in the text index plus those claimants'
    claims). One query, on the text index and the claimant index.
    """
    parts, params = [], []
    if plain:
        parts.append("(" + _FTS_COUNT + ")")
        params.append(_fts_query(plain))
    for term, ids in named.items():
        marks = ", ".join(["%s"] * len(ids))
        parts.append("(" + _FTS_COUNT + ") + (" + _CLAIMANT_COUNT + "(" + marks + "))")
        params += [_fts_query([term]), *ids]
    parts.append("(SELECT MAX(id) FROM claims_claim)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        *counts, total = cursor.fetchone()
    return counts, total or 0


def _search_sqlite(queryset: QuerySet, terms: list[str]) -> QuerySet:
    named = {term: ids for term, ids in _claimants_by_term(terms).items() if ids}
    plain = [term for term in terms if term not in named]
    # Words no claimant is called are looked up together, in one match of the index;
    # a word that names claimants matches the text or those claimants.
    groups = [Q(pk__in=_fts_rowids(plain))] if plain else []
    unindexed = [Q(In(_Unindexed("pk"), _fts_rowids(plain)))] if plain else []
    for term, ids in named.items():
        groups.append(Q(pk__in=_fts_rowids([term])) | Q(claimant_id__in=ids))
        unindexed.append(Q(In(_Unindexed("pk"), _fts_rowids([term]))) | Q(claimant_id__in=ids))
    # Query: how many claims each group may match.
    counts, total = _sqlite_counts(plain, named)
    # Two ways to search, and the cheaper is picked from those counts. Read the claims
    # of the rarest group from the index, then sort them: work in proportion to its
    # count. Or walk the claims in the order the page wants, on an index of their own,
    # asking the text index whether each one matches, and stop once there are enough:
    # work in proportion to how many must be walked to find them, about the number
    # wanted divided by the share of claims that match every group. (The `+` keeps
    # SQLite from reading every match of a group first.)
    share = 1.0
    for count in counts:
        share *= min(count, total) / total if total else 0.0
    rarest = min(range(len(counts)), key=counts.__getitem__)
    condition = Q()
    if share == 0 or counts[rarest] < SQLITE_WANTED / share:
        condition &= groups[rarest]
        others = [q for i, q in enumerate(unindexed) if i != rarest]
    else:
        others = unindexed
    for other in others:
        condition &= other
    return queryset.filter(condition).annotate(rank=Value(0.0, output_field=FloatField()))


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
            | _in_text("statement", term)
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
    if connection.vendor == "sqlite" and _sqlite_has_fts5():
        return _search_sqlite(queryset, terms)
    return _search_fallback(queryset, terms)
