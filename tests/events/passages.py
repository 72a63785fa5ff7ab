"""Facts from short passages, read the way claims.events reads stored claims."""

from __future__ import annotations

import datetime as dt

from claims.events import consistency
from claims.extraction import extract

AUG_1 = dt.date(2016, 8, 1)


def facts_of(
    *articles: str | tuple[str, str] | tuple[str, str, dt.date | None],
    published_on: dt.date | None = AUG_1,
) -> list[consistency.Fact]:
    """One fact per extracted candidate; each passage is an article ("Outlet 1", ...).

    A passage may come as (source, text) or (source, text, date); all are
    published on ``published_on`` otherwise. Ids count up from 1 in text order.
    """
    facts = []
    for index, item in enumerate(articles, start=1):
        if isinstance(item, str):
            item = (f"Outlet {index}", item)
        source, text, day = (*item, published_on) if len(item) == 2 else item
        candidates = extract(text)
        speakers = [c for c in candidates if c.kind == "attribution" and c.claimant]
        for c in candidates:
            common = {
                "id": len(facts) + 1,
                "article_id": index,
                "kind": c.kind,
                "exact": c.exact,
                "sentence": c.sentence,
                "source": source,
            }
            if c.kind == "attribution":
                speaker = None
                if c.claimant:
                    speaker = consistency.speaker_of(
                        c.claimant.name,
                        kind=c.claimant.kind,
                        role=c.claimant.role,
                        aliases=c.claimant.aliases,
                        affiliation=[c.claimant.affiliation],
                        relays=[v.name for v in c.via],
                    )
                facts.append(
                    consistency.Fact(**common, speaker=speaker, quote=consistency.quoted(c.exact))
                )
                continue
            if c.kind != "casualty":
                facts.append(consistency.Fact(**common))
                continue
            reading = consistency.read_in_article(text, c.start, c.end, title="", published_on=day)
            cited = next(
                (
                    s.claimant.name
                    for s in speakers
                    if s.sentence == c.sentence and s.claimant is not None
                ),
                "",
            )
            facts.append(
                consistency.Fact(
                    **{**common, "sentence": reading.sentence},
                    context=reading.context,
                    cited=cited,
                    count_min=c.count_min,
                    count_max=c.count_max,
                    category=c.category,
                    parts=tuple((p["count"], p.get("who", "")) for p in c.parts),
                    subject=c.subject,
                    cumulative=c.cumulative or reading.cumulative,
                    background=reading.background,
                    update=reading.update,
                    published_on=day,
                )
            )
    return facts


def casualties(facts: list[consistency.Fact]) -> list[consistency.Fact]:
    return [f for f in facts if f.kind == "casualty"]


def by_quote(facts: list[consistency.Fact], exact: str) -> consistency.Fact:
    (found,) = [f for f in facts if f.exact == exact]
    return found


def all_linked(facts: list[consistency.Fact]) -> set[tuple[int, int]]:
    """Every pair the matcher proposes."""
    return set(consistency.propose_matches(facts))
