"""Events: the articles that report one happening, their matched claims and flags.

* :func:`article_events_refresh` runs after an article's claims are
  extracted: it proposes an event for the article (claims.eventing), then
  recomputes the matches and flags of that event's claims.
* :func:`event_refresh` recomputes matches and flags (claims.consistency).
  Flags are derived state: deleted and created again for the whole event.
  Matches a reviewer confirmed or broke are kept as they are, and a broken
  pair is never proposed again.
* The reviewer's writes: confirm an article's event, move it to another
  event, split it into a new one, edit an event. A confirmed choice is never
  overridden by a proposal.
* The reads behind the event pages and the figures chart.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Event
from claims import bulk, page_versions
from claims.extraction import EXTRACTOR_VERSION
from claims.models import Claim, Claimant, ClaimFlag, ClaimMatch
from claims.permissions import NotAllowed, ServiceError, user_is_reviewer
from claims.queue_state import claims_refresh_queue_state

from . import consistency, grouping
from .grouping import VERSION as FINGERPRINT_VERSION

# How many already-grouped articles a proposal compares with, newest first.
PROPOSAL_POOL = 500
DETAILS_CACHE_TIMEOUT = 24 * 60 * 60


# ------------------------------------------------------------------------------
# Proposing an event
# ------------------------------------------------------------------------------
def article_events_refresh(*, article: Article) -> None:
    """Propose an event for the article, then recompute its event's matches and flags.

    Idempotent: running it again on an unchanged article changes nothing. An
    article whose event a reviewer confirmed keeps it; only the matches and
    flags are recomputed.
    """
    with transaction.atomic():
        event, left = _article_propose(article)
        if left is not None:
            _event_lost(left)
        if event is not None:
            event_refresh(event=event, changed=article)


def _locked(article: Article) -> Article:
    """The article as it is now, locked until the end of the transaction."""
    # Only the article's row: PostgreSQL cannot lock the outer-joined (nullable) event.
    locked = Article.objects.select_for_update(of=("self",)).select_related("event", "outlet")
    return locked.get(pk=article.pk)


def _article_propose(
    article: Article, *, pool: _Pool | None = None
) -> tuple[Event | None, Event | None]:
    """Put an unconfirmed article in its proposed event: (its event, the event it left).

    With ``pool`` (a batch's), the article was created in this transaction and is as
    the caller holds it (no other transaction sees it yet): it is neither locked nor
    read again, it is compared with the pool's articles, and the pool writes its
    event with the others' (:meth:`_Pool.save_events`).
    """
    if pool is None:
        article = _locked(article)
    previous = article.event
    if article.event_confirmed:
        return previous, None
    event = _proposed_event(article, pool)
    if event.pk == article.event_id:
        return event, None
    if pool is None:
        Article.objects.filter(pk=article.pk).update(event=event)
    else:
        pool.joined.setdefault(event.pk, []).append(article.pk)
    page_versions.bump_articles([article.pk])  # its pages link to its event
    article.event = event
    _event_took(event, article)
    return event, previous


@dataclass
class GroupResult:
    articles: int = 0
    moved: int = 0
    events: int = 0


def articles_group(*, include_confirmed: bool = False, since: dt.date | None = None) -> GroupResult:
    """Propose events again for every article a reviewer has not confirmed, oldest
    first, then recompute each event touched once (``python manage.py group_events``).

    With ``include_confirmed`` the events of confirmed articles are recomputed
    too; their event never changes. With ``since``, only articles published (or,
    undated, imported) on or after that day: a big archive need not be read again
    to regroup this week's coverage.
    """
    result = GroupResult()
    articles = Article.objects.order_by(F("published_on").asc(nulls_last=True), "created", "pk")
    if not include_confirmed:
        articles = articles.filter(event_confirmed=False)
    if since is not None:
        articles = articles.filter(
            Q(published_on__gte=since) | Q(published_on__isnull=True, created__date__gte=since)
        )
    touched: set[int] = set()
    for pk, event_id in articles.values_list("pk", "event_id"):
        with transaction.atomic():
            event, left = _article_propose(Article(pk=pk))
        result.articles += 1
        if event is not None:
            touched.add(event.pk)
            result.moved += event.pk != event_id
        if left is not None:
            touched.add(left.pk)
    for event in Event.objects.filter(pk__in=touched).order_by("pk"):
        with transaction.atomic():
            if event.articles.exists():
                event_refresh(event=event)
                result.events += 1
            else:
                event.delete()
    return result


@lru_cache(maxsize=1024)
def _outlet_key(name: str) -> str:
    return slugify(name)


def _fingerprint_key(article: Article) -> str:
    # The outlet's name is part of the fingerprint (it is left out of the text).
    outlet = _outlet_key(article.outlet.name) if article.outlet else ""
    return f"claims:fingerprint:{FINGERPRINT_VERSION}:{outlet}:{article.content_hash}"


def _fingerprint(article: Article) -> grouping.Fingerprint:
    outlet = article.outlet.name if article.outlet else ""
    return grouping.fingerprint(article.title, article.text, outlet=outlet)


class _LocalCache:
    """A small least-recently-used cache kept in this process, safe across threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[str]) -> dict:
        found = {}
        with self._lock:
            for key in keys:
                if key in self._items:
                    self._items.move_to_end(key)
                    found[key] = self._items[key]
        return found

    def set_many(self, items: dict) -> None:
        with self._lock:
            self._items.update(items)
            for key in items:
                self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


# Fingerprints by content, kept in this process: a proposal compares up to
# PROPOSAL_POOL articles, and the next import of the same days compares the same ones.
_local_fingerprints = _LocalCache(5000)
# The figures' subjects by content: every refresh and chart of an event reads them.
_local_details = _LocalCache(2000)


def _shared_cache() -> bool:
    """Whether the cache is shared between processes (Redis). A local-memory cache
    is no better than the process's own and holds 300 entries: hundreds of
    fingerprints would push the cached public pages out of it."""
    return not isinstance(caches["default"], LocMemCache)


def _fingerprints(articles: list[Article]) -> dict[int, grouping.Fingerprint]:
    """Article id -> fingerprint, kept by content (in this process, and in a shared
    cache when there is one): a proposal compares hundreds of articles whose text has
    not changed since the last one."""
    keys = {article.pk: _fingerprint_key(article) for article in articles}
    cached = _local_fingerprints.get_many(keys.values())
    if _shared_cache() and len(cached) < len(keys):
        shared = cache.get_many([key for key in keys.values() if key not in cached])
        _local_fingerprints.set_many(shared)
        cached.update(shared)
    found = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in keys if pk not in found]
    if missing:
        # Query: the texts of the articles not fingerprinted yet.
        texts = Article.objects.filter(pk__in=missing).select_related("outlet")
        fresh = {a.pk: _fingerprint(a) for a in texts.only("pk", "title", "text", "outlet__name")}
        by_key = {keys[pk]: fp for pk, fp in fresh.items()}
        _local_fingerprints.set_many(by_key)
        if _shared_cache():
            cache.set_many(by_key, DETAILS_CACHE_TIMEOUT)
        found.update(fresh)
    return found


def _proposal_pool(article: Article) -> QuerySet[Article]:
    """Grouped articles close enough in time to be about the same happening."""
    window = dt.timedelta(days=grouping.WINDOW_DAYS)
    others = Article.objects.filter(event__isnull=False).exclude(pk=article.pk)
    if article.published_on is not None:
        near = Q(published_on__range=(article.published_on - window, article.published_on + window))
    else:
        # No date: articles imported around the same time (the stricter threshold applies).
        created = article.created or timezone.now()
        near = Q(created__range=(created - window, created + window))
    pool = others.filter(near | Q(event_id=article.event_id) if article.event_id else near)
    fields = ("pk", "event_id", "published_on", "content_hash", "outlet__name")
    return pool.select_related("outlet").only(*fields).order_by("-pk")[:PROPOSAL_POOL]


_ID = attrgetter("id")


class _Pool:
    """The grouped articles a batch's new articles may join, read in one query: those
    near any of them in time (as :func:`_proposal_pool` picks them), then each new
    article once it is grouped, as the next single import would find it."""

    def __init__(self, articles: list[Article]) -> None:
        window = dt.timedelta(days=grouping.WINDOW_DAYS)
        dates = [a.published_on for a in articles if a.published_on is not None]
        times = [a.created or timezone.now() for a in articles if a.published_on is None]
        near = Q(pk__in=[])
        if dates:
            near |= Q(published_on__range=(min(dates) - window, max(dates) + window))
        if times:
            near |= Q(created__range=(min(times) - window, max(times) + window))
        fields = ("pk", "event_id", "published_on", "created", "content_hash", "outlet__name")
        grouped = Article.objects.filter(near, event__isnull=False).select_related("outlet")
        self.articles = list(grouped.only(*fields))
        # The events the batch's articles joined, each read once: the batch changes them
        # only through these instances (_event_took).
        self.events: dict[int, Event] = {}
        self.created: set[int] = set()  # the events made for the batch's articles
        # Article id -> fingerprint: each article is compared with many of the batch's.
        self.fingerprints: dict[int, grouping.Fingerprint] = {}
        self.joined: dict[int, list[int]] = {}  # event id -> the new articles it took
        # (Article id, compared by date) -> the article as proposals compare with it: a
        # grouped article keeps its event and text for the rest of the batch.
        self.candidates: dict[tuple[int, bool], grouping.Candidate] = {}

    def event(self, pk: int) -> Event:
        if pk not in self.events:
            self.events[pk] = Event.objects.get(pk=pk)
        return self.events[pk]

    def save_events(self) -> None:
        """Write the new articles' events, one UPDATE per event."""
        for event_id, article_ids in self.joined.items():
            Article.objects.filter(pk__in=article_ids).update(event=event_id)
        self.joined = {}

    def candidate(self, other: Article, *, dated: bool) -> grouping.Candidate:
        """:func:`_candidate`, made once per grouped article of the batch."""
        key = (other.id, dated)
        found = self.candidates.get(key)
        if found is None:
            found = self.candidates[key] = _candidate(other, self.fingerprints, dated=dated)
        return found

    def near(self, article: Article) -> list[Article]:
        """The articles :func:`_proposal_pool` would find for this new article."""
        # (``id``, not ``pk``: a plain attribute, read for every pair of the batch.)
        window = dt.timedelta(days=grouping.WINDOW_DAYS)
        if article.published_on is not None:
            first, last = article.published_on - window, article.published_on + window
            found = [
                other
                for other in self.articles
                if other.published_on is not None
                and first <= other.published_on <= last
                and other.id != article.id
            ]
        else:
            created = article.created or timezone.now()
            first, last = created - window, created + window
            found = [o for o in self.articles if first <= o.created <= last and o.id != article.id]
        found.sort(key=_ID, reverse=True)
        return found[:PROPOSAL_POOL]


def _proposed_event(article: Article, batch: _Pool | None = None) -> Event:
    fp = _fingerprint(article)
    # The next articles of an import compare themselves with this one.
    _local_fingerprints.set_many({_fingerprint_key(article): fp})
    # An undated article is compared by its import date's window, not by date.
    dated = article.published_on is not None
    if batch is None:
        pool = list(_proposal_pool(article))
        fingerprints = _fingerprints(pool)
        candidates = [_candidate(other, fingerprints, dated=dated) for other in pool]
    else:
        pool = batch.near(article)
        fingerprints = batch.fingerprints
        fingerprints.update(_fingerprints([o for o in pool if o.id not in fingerprints]))
        candidates = [batch.candidate(other, dated=dated) for other in pool]
    proposal = grouping.propose(fp, article.published_on, candidates)
    if proposal is not None:
        if batch is not None:
            return batch.event(proposal.event_id)
        return Event.objects.get(pk=proposal.event_id)
    current = article.event
    if current is not None and not current.articles.exclude(pk=article.pk).exists():
        # Alone in its event already: keep it (re-running changes nothing).
        return current
    event = _event_create_for(article)
    if batch is not None:
        batch.events[event.pk] = event
        batch.created.add(event.pk)
    return event


def _candidate(
    other: Article, fingerprints: dict[int, grouping.Fingerprint], *, dated: bool
) -> grouping.Candidate:
    return grouping.Candidate(
        event_id=other.event_id,
        article_id=other.pk,
        published_on=other.published_on if dated else None,
        fingerprint=fingerprints[other.pk],
    )


def _unique_event_slug(title: str, date: dt.date | None) -> str:
    base = slugify(title)[:180].strip("-") or "event"
    if date is not None:
        base = f"{base}-{date:%Y-%m-%d}"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _event_create_for(article: Article) -> Event:
    title = article.title[:300]
    return Event.objects.create(
        title=title,
        slug=_unique_event_slug(title, article.published_on),
        date=article.published_on,
        place=grouping.place_of(article.title, article.text)[:200],
    )


def _event_took(event: Event, article: Article) -> None:
    """An article joined: the event's date is its earliest article's."""
    if article.published_on and (event.date is None or article.published_on < event.date):
        Event.objects.filter(pk=event.pk).update(date=article.published_on)
        page_versions.bump_site()  # the event's page
        event.date = article.published_on


def _event_lost(event: Event) -> None:
    """An article left: an event left empty goes, the others are recomputed."""
    if not event.articles.exists():
        event.delete()
    else:
        event_refresh(event=event)


# ------------------------------------------------------------------------------
# Matches and flags
# ------------------------------------------------------------------------------
def _casualty_details(article: Article) -> dict[tuple[int, int], tuple[str, bool]]:
    """The extractor's subject and running-total flag for each figure in the article.

    Claims do not store them, so they are read again from the text, cached by
    content: an article's text rarely changes, its event's flags often do.
    """
    key = f"claims:casualty-details:{EXTRACTOR_VERSION}:{article.content_hash}"
    details = _local_details.get_many([key]).get(key)
    if details is None and _shared_cache():
        details = cache.get(key)
    if details is None:
        details = consistency.casualty_details(article.text)
        if _shared_cache():
            cache.set(key, details, DETAILS_CACHE_TIMEOUT)
    _local_details.set_many({key: details})
    return details


def casualty_details_keep(*, article: Article, candidates: list) -> None:
    """The importer has just extracted the article's text: keep what the flags need
    from it, so that checking the figures does not extract the text a second time."""
    key = f"claims:casualty-details:{EXTRACTOR_VERSION}:{article.content_hash}"
    _local_details.set_many({key: consistency.details_from(candidates)})


def _speaker(claim: Claim, relays: list[str]) -> consistency.Speaker | None:
    claimant = claim.claimant
    if claimant is None:
        return None
    organization = claimant.affiliation
    return consistency.speaker_of(
        claimant.name,
        kind=claimant.kind,
        role=claimant.role,
        aliases=claimant.aliases or [],
        affiliation=(
            [organization.name, *(organization.aliases or [])] if organization is not None else []
        ),
        relays=relays,
    )


def _source(article: Article) -> str:
    """The outlet, or the headline when the article has none (cut at a word)."""
    if article.outlet:
        return article.outlet.name
    title = article.title
    if len(title) > 60:
        title = title[:60].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"“{title}”"


def facts_for(
    articles: Iterable[Article],
    claims: Iterable[Claim],
    *,
    casualties_only: bool = False,
    relays: dict[int, list[str]] | None = None,
) -> dict[int, consistency.Fact]:
    """The claims as the consistency rules see them (claim id -> fact).

    ``articles`` need their text and outlet; ``claims`` their claimant (with
    its affiliation) and, for attributions, their relays (unless
    ``casualties_only``: then attributions only name whom a figure cites), read
    with them or given by claim id in ``relays`` (their claimants' names).
    """
    relays = relays or {}
    # Claimant id and relays -> speaker: an event's attributions name a few speakers.
    speakers: dict[tuple, consistency.Speaker | None] = {}
    articles = {a.pk: a for a in articles}
    by_article: dict[int, list[Claim]] = {}
    for claim in claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    facts: dict[int, consistency.Fact] = {}
    for article_id, items in by_article.items():
        article = articles[article_id]
        text = article.text
        details = None
        attributions = [
            c
            for c in items
            if c.kind == Claim.Kind.ATTRIBUTION
            and c.claimant
            and not _is_outlet(c.claimant.name, article)
        ]
        for claim in items:
            common = {
                "id": claim.pk,
                "article_id": article_id,
                "kind": claim.kind,
                "exact": claim.exact,
                "sentence": claim.sentence,
                "source": _source(article),
            }
            if casualties_only and claim.kind != Claim.Kind.CASUALTY:
                continue
            if claim.kind == Claim.Kind.ATTRIBUTION:
                names = relays.get(claim.pk)
                if names is None:
                    names = [r.claimant.name for r in claim.relays.all()]
                key = (claim.claimant_id, *names)
                if key not in speakers:
                    speakers[key] = _speaker(claim, names)
                facts[claim.pk] = consistency.Fact(
                    **common,
                    speaker=speakers[key],
                    quote=consistency.quoted(claim.exact),
                )
                continue
            if claim.kind != Claim.Kind.CASUALTY:
                facts[claim.pk] = consistency.Fact(**common)
                continue
            if details is None:
                details = _casualty_details(article)
            parts = tuple(
                (int(p["count"]), str(p.get("who", "")))
                for p in claim.parts or []
                if isinstance(p, dict) and isinstance(p.get("count"), int)
            )
            count_min, count_max = claim.count_min, claim.count_max
            whole = ""
            if len(parts) == 1 and (count_min, count_max) in ((None, None), (parts[0][0],) * 2):
                # One group is no breakdown: "all 5 aboard" may come as 5 people in
                # the count or as one part [{"count": 5, "who": "aboard"}].
                (count_min, whole), parts = parts[0], ()
                count_max = count_min
            found = consistency.details_for_span(details, claim.start, claim.end)
            subject, cumulative = found or (whole or " and ".join(who for _, who in parts), False)
            reading = consistency.read_in_article(
                text,
                claim.start,
                claim.end,
                title=article.title,
                published_on=article.published_on,
            )
            cited = claim.claimant.name if claim.claimant else ""
            if _is_outlet(cited, article):
                cited = ""
            if not cited:
                s_start = reading.sentence_start if reading.sentence else -1
                s_end = s_start + len(reading.sentence)
                for other in attributions:
                    if s_start >= 0 and other.start < s_end and other.end > s_start:
                        cited = other.claimant.name
                        break
            facts[claim.pk] = consistency.Fact(
                **{**common, "sentence": reading.sentence or claim.sentence},
                context=reading.context,
                cited=cited,
                count_min=count_min,
                count_max=count_max,
                category=claim.category,
                parts=parts,
                subject=subject,
                cumulative=cumulative or reading.cumulative,
                background=reading.background,
                update=reading.update,
                published_on=article.published_on,
            )
    return facts


def _is_outlet(name: str, article: Article) -> bool:
    """Whether a claimant is the article's own outlet ("told the Courier", "EPT's
    correspondent"): an outlet is never the source it cites for its own report."""
    if article.outlet is None or not name:
        return False
    return _names_outlet(name, article.outlet.name)


@lru_cache(maxsize=4096)
def _names_outlet(name: str, outlet: str) -> bool:
    """:func:`_is_outlet` by the names alone: an event's claims cite a few names."""
    outlet = outlet.lower()
    words = set(re.findall(r"\w+", outlet)) - {"the", "of", "and", "for"}
    initials = "".join(w[0] for w in re.findall(r"\w+", outlet) if w in words)
    name_words = set(re.findall(r"\w+", name.lower())) - {"the"}
    return bool(name_words) and (name_words <= words or name.lower() == initials)


def active_claims(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    return claims.exclude(status=Claim.Status.DISMISSED).exclude(
        anchor_state=Claim.AnchorState.ORPHANED
    )


def _is_active(claim: Claim) -> bool:
    """:func:`active_claims`, for one claim in hand."""
    return (
        claim.status != Claim.Status.DISMISSED and claim.anchor_state != Claim.AnchorState.ORPHANED
    )


@transaction.atomic
def event_refresh(*, event: Event, changed: Article | None = None) -> None:
    """Recompute the matches and flags of every claim of the event's articles.

    With ``changed`` (an article just imported into the event, or re-imported),
    only the pairs involving that article's claims are scored again: a claim's
    reading depends on its own article alone, so the other pairs would score as
    they did. Flags are always recomputed for the whole event.
    """
    _event_refresh(event, arrivals=None if changed is None else [changed])


class _InHand:
    """A batch's new articles and every claim they have, as the batch wrote them: the
    refresh of their events takes them from here rather than reading them again. Their
    claimants (with affiliations) are read once for the whole batch, as they are now."""

    def __init__(
        self,
        articles: list[Article],
        written: list[tuple[Claim, list[Claimant]]],
        new_events: set[int],
    ) -> None:
        self.claims: dict[int, list[Claim]] = {article.pk: [] for article in articles}
        # Events made for these articles: they hold no other article, match or flag.
        self.new_events = new_events
        ids = set()
        for claim, via in written:
            self.claims[claim.article_id].append(claim)
            ids.update(relay.pk for relay in via)
            if claim.claimant_id is not None:
                ids.add(claim.claimant_id)
        claimants = Claimant.objects.select_related("affiliation").in_bulk(ids)
        for claim, _via in written:
            if claim.claimant_id is not None:
                claim.claimant = claimants[claim.claimant_id]
        self.relays = {
            claim.pk: [claimants[relay.pk].name for relay in via] for claim, via in written
        }


def articles_events_refresh(
    *, articles: list[Article], written: list[tuple[Claim, list[Claimant]]] | None = None
) -> None:
    """Group articles just imported (in no event yet), in their order, then recompute
    the matches and flags of each event they joined once (articles.batch).

    The result is that of :func:`article_events_refresh` for one article after
    another: each article is compared with those grouped before it, and its claims
    are matched with the claims its event held when it joined. ``written``: every
    claim of these articles as the caller just wrote them, with its relay chain.
    """
    with transaction.atomic():
        arrivals: dict[int, tuple[Event, list[Article]]] = {}
        pool = _Pool(articles)
        for article in articles:
            event, _left = _article_propose(article, pool=pool)
            pool.articles.append(article)
            if event is not None:
                arrivals.setdefault(event.pk, (event, []))[1].append(article)
        pool.save_events()
        in_hand = _InHand(articles, written, pool.created) if written is not None else None
        for event, joined in arrivals.values():
            _event_refresh(event, arrivals=joined, in_hand=in_hand, batched=True)
        # The flags of every claim of those events may have changed, and their public
        # pages' fingerprints notice the new matches and flags.
        claims_refresh_queue_state(
            claim_ids=Claim.objects.filter(article__event__in=list(arrivals)).values("pk")
        )
        Event.objects.filter(pk__in=list(arrivals)).update(updated=timezone.now())


def _event_refresh(
    event: Event,
    *,
    arrivals: list[Article] | None,
    in_hand: _InHand | None = None,
    batched: bool = False,
) -> None:
    """event_refresh for articles that joined (or changed) one after another: the pairs
    each one's claims make with the claims there when it came are scored; every pair
    when ``arrivals`` is None. The arrivals ``in_hand`` holds are not read again, nor is
    anything of an event made for them. ``batched``: the caller refreshes the claims'
    queue state and stamps the event afterwards, once for all the events it refreshes."""
    held = [a for a in arrivals or [] if in_hand is not None and a.pk in in_hand.claims]
    new = in_hand is not None and event.pk in in_hand.new_events
    in_event = Claim.objects.filter(article__event=event)
    if new:
        articles, claims = held, []
    else:
        skipped = [article.pk for article in held]
        articles = [*event.articles.exclude(pk__in=skipped).select_related("outlet"), *held]
        claims = list(
            active_claims(in_event.exclude(article__in=skipped))
            .select_related("claimant__affiliation")
            .prefetch_related("relays__claimant")
            .order_by("pk")
        )
    if held:
        claims += [c for a in held for c in in_hand.claims[a.pk] if _is_active(c)]
        claims.sort(key=lambda claim: claim.pk)
    facts = facts_for(articles, claims, relays=in_hand.relays if held else None)
    touched = None
    if arrivals is None:
        proposals = consistency.propose_matches(list(facts.values()))
    else:
        proposals, touched = _arrival_matches(facts, arrivals, in_hand)

    def scored_now(key: tuple[int, int]) -> bool:
        return touched is None or key[0] in touched or key[1] in touched

    ids = in_event.values("pk")
    existing: dict[tuple[int, int], tuple[int, float, str]] = {}
    if not new:
        # Rows, unordered: a refresh compares them, it does not list them.
        rows = (
            ClaimMatch.objects.filter(Q(claim_a__in=ids) | Q(claim_b__in=ids))
            .order_by()
            .values_list("pk", "claim_a_id", "claim_b_id", "score", "status")
        )
        # (pk, score, status) by pair: an instance is made only for a match rescored.
        existing = {(a, b): (pk, score, status) for pk, a, b, score, status in rows}
    proposed = ClaimMatch.Status.PROPOSED
    stale = [
        m[0]
        for key, m in existing.items()
        if m[2] == proposed and scored_now(key) and key not in proposals
    ]
    if stale:
        ClaimMatch.objects.filter(pk__in=stale).delete()
    rescored = []
    for key, score in proposals.items():
        match = existing.get(key)
        if match is None or match[2] != proposed or match[1] == score:
            continue
        pk, _old, status = match
        rescored.append(
            ClaimMatch(pk=pk, claim_a_id=key[0], claim_b_id=key[1], score=score, status=status)
        )
    ClaimMatch.objects.bulk_update(rescored, ["score"])
    # ignore_conflicts: a refresh running at the same time may have made the same pair.
    bulk.insert_rows(
        ClaimMatch,
        ["claim_a_id", "claim_b_id", "score"],
        [(a, b, score) for (a, b), score in proposals.items() if (a, b) not in existing],
        ignore_conflicts=True,
    )
    confirmed = ClaimMatch.Status.CONFIRMED
    linked = {key for key in proposals if key not in existing} | {
        key
        for key, (_pk, _score, status) in existing.items()
        if status == confirmed or (status == proposed and (key in proposals or not scored_now(key)))
    }
    drafts = consistency.find_flags(facts.values(), linked)
    if not new:
        ClaimFlag.objects.filter(claim__in=ids).delete()
    bulk.insert_rows(
        ClaimFlag,
        ["claim_id", "kind", "other_id", "others", "message"],
        [
            (d.claim_id, d.kind, d.other_id, [_named(facts[pk]) for pk in d.others], d.message)
            for d in drafts
        ],
    )
    if not batched:
        claims_refresh_queue_state(claim_ids=ids)
        # The public event page's fingerprint notices the new matches and flags.
        Event.objects.filter(pk=event.pk).update(updated=timezone.now())
    page_versions.bump_site()  # ...and so does its shared-cache version


def _arrival_matches(
    facts: dict[int, consistency.Fact], arrivals: list[Article], in_hand: _InHand | None
) -> tuple[dict[tuple[int, int], float], set[int]]:
    """The pairs the arriving articles' claims make, each with the claims of the
    articles there before it; and the ids of all their claims."""
    arriving = [article.pk for article in arrivals]
    claims_of: dict[int, set[int]] = {pk: set() for pk in arriving}
    if in_hand is not None and all(pk in in_hand.claims for pk in arriving):
        for pk in arriving:
            claims_of[pk].update(claim.pk for claim in in_hand.claims[pk])
    else:
        # Query: every claim of the arriving articles, dismissed ones too (their
        # proposed matches go).
        rows = Claim.objects.filter(article__in=arriving).values_list("article_id", "pk")
        for article_id, pk in rows:
            claims_of[article_id].add(pk)
    present = [fact for fact in facts.values() if fact.article_id not in claims_of]
    by_article: dict[int, list[consistency.Fact]] = {pk: [] for pk in arriving}
    for fact in facts.values():
        if fact.article_id in by_article:
            by_article[fact.article_id].append(fact)
    proposals = consistency.propose_matches_in_turn(present, list(by_article.values()))
    return proposals, set().union(*claims_of.values())


def _named(fact: consistency.Fact) -> dict:
    """A claim a flag names, as the flag stores it: enough to link it on any page."""
    return {"id": fact.id, "exact": fact.exact[:300], "source": fact.source}


def claim_events_refresh(*, claim: Claim) -> None:
    """After a claim changed (numbers, kind, dismissed, restored): its event's flags."""
    event_id = Article.objects.filter(pk=claim.article_id).values_list("event_id", flat=True)
    event = Event.objects.filter(pk__in=event_id).first()
    if event is not None:
        event_refresh(event=event)


# ------------------------------------------------------------------------------
# Reviewers' writes
# ------------------------------------------------------------------------------
def _require_reviewer(user: AbstractBaseUser) -> None:
    if not user_is_reviewer(user):
        raise NotAllowed("Only reviewers and editors can do this.")


def _assign(article: Article, event: Event, by: AbstractBaseUser) -> None:
    article.event = event
    article.event_confirmed = True
    article._history_user = by  # who moved it, for the article's history
    article.save(update_fields=["event", "event_confirmed", "updated"])


@transaction.atomic
def article_event_confirm(*, article: Article, by: AbstractBaseUser) -> Article:
    """The proposed event is right: proposals will leave the article alone."""
    _require_reviewer(by)
    article = _locked(article)
    if article.event_id is None:
        raise ServiceError("This article is not part of an event yet.")
    _assign(article, article.event, by)
    return article


@transaction.atomic
def article_event_move(*, article: Article, event: Event, by: AbstractBaseUser) -> Article:
    """Put the article in another event (confirmed), and recompute both events."""
    _require_reviewer(by)
    article = _locked(article)
    previous = article.event
    if previous is not None and previous.pk == event.pk:
        raise ServiceError("The article is already in that event.")
    _assign(article, event, by)
    _event_took(event, article)
    if previous is not None:
        _event_lost(previous)
    event_refresh(event=event)
    return article


@transaction.atomic
def article_event_split(*, article: Article, by: AbstractBaseUser) -> Event:
    """Take the article out of its event into a new event of its own (confirmed)."""
    _require_reviewer(by)
    article = _locked(article)
    previous = article.event
    if previous is not None and not previous.articles.exclude(pk=article.pk).exists():
        raise ServiceError("The article is already alone in its event.")
    event = _event_create_for(article)
    _assign(article, event, by)
    if previous is not None:
        _event_lost(previous)
    event_refresh(event=event)
    return event


@transaction.atomic
def article_event_changed(*, article: Article, previous: Event | None) -> None:
    """After an article was saved with another event chosen by hand (the admin): the
    event it joined and the one it left recompute their matches and flags, and an
    event left empty goes. (The caller marks the choice confirmed.)"""
    if article.event_id is not None:
        event = Event.objects.get(pk=article.event_id)
        _event_took(event, article)
        event_refresh(event=event)
    if previous is not None and previous.pk != article.event_id:
        _event_lost(previous)


@transaction.atomic
def event_update(
    *,
    event: Event,
    by: AbstractBaseUser,
    title: str,
    date: dt.date | None,
    place: str,
    summary: str,
) -> Event:
    """Edit what the event pages say about the happening (the slug stays: links keep working)."""
    _require_reviewer(by)
    title = " ".join(title.split())
    if not title:
        raise ServiceError("An event needs a title.")
    event.title = title[:300]
    event.date = date
    event.place = " ".join(place.split())[:200]
    event.summary = summary.strip()
    event.save()
    return event


# ------------------------------------------------------------------------------
# Reads
# ------------------------------------------------------------------------------
