"""What the event pages show: an event's articles, claims, matches and flags read
in a fixed number of queries, and the figures, timelines and charts built from
them. Read-only; the writes are in :mod:`claims.events.services`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from articles.models import Article, Event
from claims.models import Claim, ClaimFlag, ClaimMatch, Verdict

from . import charts, consistency
from .services import active_claims, facts_for


def published_claim_ids(claim_ids: Iterable[int]) -> set[int]:
    """Which of these claims the public sees (confirmed, with a published verdict)."""
    return set(
        Verdict.objects.published()
        .filter(claim_id__in=list(claim_ids), claim__status=Claim.Status.CONFIRMED)
        .values_list("claim_id", flat=True)
    )


@dataclass
class EventView:
    """What an event page shows, read in a fixed number of queries."""

    event: Event
    articles: list[Article]
    claims: list[Claim]  # with .article set from ``articles``
    matches: list[ClaimMatch] = field(default_factory=list)
    flags: list[ClaimFlag] = field(default_factory=list)

    def flagged(self) -> list[dict]:
        """The flagged claims, each with its flags: a big event has many flags per claim."""
        rows: dict[int, dict] = {}
        for flag in self.flags:
            row = rows.setdefault(flag.claim_id, {"claim": flag.claim, "flags": []})
            row["flags"].append(flag)
        return sorted(rows.values(), key=lambda r: (-len(r["flags"]), r["claim"].pk))

    def clusters(self) -> list[list[Claim]]:
        """Groups of claims linked by matches (the same claim in several articles),
        largest first: a big event has thousands of pairs but few such groups."""
        parent = {c.pk: c.pk for c in self.claims}

        def root(pk: int) -> int:
            while parent[pk] != pk:
                parent[pk] = parent[parent[pk]]
                pk = parent[pk]
            return pk

        for match in self.matches:
            a, b = root(match.claim_a_id), root(match.claim_b_id)
            if a != b:
                parent[max(a, b)] = min(a, b)
        groups: dict[int, list[Claim]] = {}
        for claim in self.claims:
            groups.setdefault(root(claim.pk), []).append(claim)
        clusters = [g for g in groups.values() if len(g) > 1]
        return sorted(clusters, key=lambda g: (-len(g), g[0].pk))

    @property
    def has_published(self) -> bool:
        """Whether the public event page exists (a claim of it is published)."""
        return any(
            c.status == Claim.Status.CONFIRMED
            and any(v.status == Verdict.Status.PUBLISHED for v in c.verdicts.all())
            for c in self.claims
        )


def event_view(event: Event, *, public: bool) -> EventView:
    """The event's articles, claims, matches and flags.

    The public sees only claims with a published verdict, the articles that
    carry them, matches between two such claims, and flags whose claim and
    every claim they name are published. Five queries, whatever the event's size.
    """
    # Query: the articles with their outlets (and text: the chart reads figures in it).
    articles = list(
        event.articles.select_related("outlet").order_by(
            "published_on", "outlet__name", "created", "pk"
        )
    )
    by_pk = {a.pk: a for a in articles}
    verdicts = Verdict.objects.order_by("-created")
    claims_qs = (
        Claim.objects.filter(article__event=event)
        .select_related("claimant__affiliation")
        .order_by("article_id", "start", "end", "pk")
    )
    if public:
        # At most one published verdict per claim (a constraint): no duplicates.
        claims_qs = claims_qs.filter(
            status=Claim.Status.CONFIRMED, verdicts__status=Verdict.Status.PUBLISHED
        )
        verdicts = verdicts.published()
    else:
        claims_qs = active_claims(claims_qs)
    # Queries: the claims with claimants, then their verdicts (published only, for the public).
    claims = list(claims_qs.prefetch_related(Prefetch("verdicts", queryset=verdicts)))
    for claim in claims:
        claim.article = by_pk[claim.article_id]
    ids = [c.pk for c in claims]
    if public:
        shown = {c.article_id for c in claims}
        articles = [a for a in articles if a.pk in shown]
    # Query: the matches between claims of the page (both sides shown).
    matches = list(
        ClaimMatch.objects.filter(claim_a__in=ids, claim_b__in=ids)
        .exclude(status=ClaimMatch.Status.BROKEN)
        .order_by("-score", "pk")
    )
    # Query: the flags of the page's claims whose other claim is on the page too.
    flags = list(
        ClaimFlag.objects.filter(claim__in=ids, other__in=ids).order_by("claim_id", "kind", "pk")
    )
    if public:
        # Its message names every claim it conflicts with: all of them must be public.
        shown = set(ids)
        flags = [flag for flag in flags if shown.issuperset(flag.other_ids)]
    by_id = {c.pk: c for c in claims}
    for match in matches:
        match.claim_a, match.claim_b = by_id[match.claim_a_id], by_id[match.claim_b_id]
    for flag in flags:
        flag.claim, flag.other = by_id[flag.claim_id], by_id[flag.other_id]
    return EventView(event=event, articles=articles, claims=claims, matches=matches, flags=flags)


def _reported(claim: Claim) -> consistency.Reported:
    low, high = claim.count_min, claim.count_max
    parts = [p["count"] for p in claim.parts or [] if isinstance(p, dict) and "count" in p]
    if low is None and high is None and parts and all(isinstance(c, int) for c in parts):
        low = high = sum(parts)
    return consistency.Reported(
        total=(low, high), day=claim.article.published_on, sentence=claim.sentence
    )


def figure_text(claim: Claim) -> str:
    """A casualty figure in a few words: "15 killed", "3 crew and 2 officers killed"."""
    verb = consistency.VERBS.get(claim.category, "counted")
    parts = [
        p for p in claim.parts or [] if isinstance(p, dict) and isinstance(p.get("count"), int)
    ]
    if len(parts) > 1:
        return " and ".join(f"{p['count']} {p.get('who', '')}".strip() for p in parts) + f" {verb}"
    total = consistency.count_text(_reported(claim).total)
    return f"{total} {verb}"


def match_timeline(claim: Claim, others: Iterable[Claim]) -> dict[int, dict]:
    """Where each matched figure stands against a casualty claim's own, for the claim
    page: other claim id -> {"figure": "15 killed", "relation": "update", "label":
    "Later update"}. The claims' articles must be loaded (their dates); no query."""
    if claim.kind != Claim.Kind.CASUALTY:
        return {}
    this = _reported(claim)
    out = {}
    for other in others:
        if other.kind != Claim.Kind.CASUALTY:
            continue
        reported = _reported(other)
        relation = consistency.timeline(this, reported)
        out[other.pk] = {
            "figure": figure_text(other),
            "relation": relation,
            "label": consistency.TIMELINE.get(relation, ""),
            "tone": _TIMELINE_TONES.get(relation, ""),
            # "16 is within “at least 14”": why two different figures agree.
            "note": consistency.within(this.total, reported.total) if relation == "within" else "",
        }
    return out


# The review pages' tag colours for each place in the timeline.
_TIMELINE_TONES = {
    "same": "stance-supports",
    "within": "stance-supports",
    "undated": "candidate",
    "update": "submitted",
    "later": "submitted",
    "earlier": "withdrawn",
    "superseded": "withdrawn",
    "differs": "stance-contradicts",
}


CHART_CATEGORIES = [
    (Claim.Category.KILLED, "Killed"),
    (Claim.Category.INJURED, "Injured"),
    (Claim.Category.MISSING, "Missing"),
    (Claim.Category.ABOARD, "On board"),
    (Claim.Category.OTHER, "Other casualties"),
]


def event_charts(view: EventView) -> list[charts.Chart]:
    """One chart per casualty category: each source's figures by article date.

    Running totals and figures about older incidents are left out: they are
    not the event's count.
    """
    facts = facts_for(view.articles, view.claims, casualties_only=True)
    points: dict[str, list[charts.Point]] = {}
    for claim in view.claims:
        fact = facts.get(claim.pk)
        if fact is None or fact.cumulative or fact.background or not fact.counted or fact.among:
            # Not the event's count: a running total, an older incident, or part of the dead.
            continue
        article = claim.article
        day = article.published_on or article.created.date()
        low, high = claim.count_min, claim.count_max
        if low is None and high is None:
            low = high = sum(count for count, _ in fact.parts)
        series = consistency.source_of(fact)
        label = f"{series}, {day.day} {day:%b %Y}: {consistency.describe(fact)} (“{claim.exact}”)"
        points.setdefault(claim.category, []).append(
            charts.Point(day=day, low=low, high=high, series=series, label=label)
        )
    out = []
    for category, name in CHART_CATEGORIES:
        chart = charts.figures_chart(
            points.get(category, []),
            title=f"{name}: figures reported over time, by source",
            key=f"figures-{category}",
        )
        if chart is not None:
            out.append(chart)
    return out
