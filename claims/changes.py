"""Reads of the changes to published fact-checks that wait for an editor: what
each would change, as lines an editor reads (before → after, long texts as a
word diff), and the sentence that becomes the public correction note."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from .models import Claim, Claimant, Evidence, PendingChange, Source, Verdict
from .text.diff import word_diff

LABELS = {
    "kind": "Kind",
    "claimant": "Claimant",
    "via": "Relayed via",
    "count_min": "Minimum",
    "count_max": "Maximum",
    "category": "Category",
    "parts": "Parts",
    "start": "Start",
    "end": "End",
    "exact": "Quote",
    "sentence": "Sentence",
    "statement": "Statement",
    "rating": "Rating",
    "rationale": "Rationale",
    "stance": "Stance",
    "url": "Address",
    "title": "Title",
    "publisher": "Publisher",
    "archive_url": "Archived copy",
    "accessed_on": "Accessed on",
}
# Shown as a word diff rather than as two values side by side.
TEXTS = {"exact", "sentence", "statement", "rationale"}
CHOICES = {
    "rating": dict(Verdict.Rating.choices),
    "stance": dict(Evidence.Stance.choices),
    "category": dict(Claim.Category.choices),
}
# "kind" means a claim's kind on a claim, a source's kind on a source.
KIND_CHOICES = {
    PendingChange.Kind.CLAIM: dict(Claim.Kind.choices),
    PendingChange.Kind.SOURCE: dict(Source.Kind.choices),
}


@dataclass
class ChangeLine:
    label: str
    before: str
    after: str
    diff: list[tuple[str, str]] | None = None


@dataclass
class DescribedChange:
    change: PendingChange
    lines: list[ChangeLine] = field(default_factory=list)
    subject: str = ""  # the source a source change is about, when there is one
    summary: str = ""  # proposed text of the public correction note


def pending_changes() -> QuerySet[PendingChange]:
    """Changes waiting for an editor, oldest first, with what their cards show."""
    return (
        PendingChange.objects.pending()
        .select_related("claim", "claim__article", "claim__article__outlet", "proposed_by")
        .select_related("verdict", "source")
        .order_by("created", "pk")
    )


def pending_changes_of_claim(claim: Claim) -> QuerySet[PendingChange]:
    """The claim's own pending changes, and those of the sources it cites."""
    sources = Evidence.objects.filter(claim=claim).values("source_id")
    by_claim = PendingChange.objects.pending().filter(claim=claim)
    by_source = PendingChange.objects.pending().filter(
        kind=PendingChange.Kind.SOURCE, source_id__in=sources
    )
    return (by_claim | by_source).select_related("proposed_by").order_by("created", "pk")


def _ids(changes: Iterable[PendingChange], names: set[str]) -> set[int]:
    found: set[int] = set()
    for change in changes:
        for values in (change.proposed, change.before):
            for name in names:
                value = values.get(name)
                if isinstance(value, int):
                    found.add(value)
                elif isinstance(value, list):
                    found.update(v for v in value if isinstance(v, int))
    return found


def _field_order(name: str) -> tuple[int, str]:
    order = list(LABELS)
    return (order.index(name) if name in order else len(order), name)


def _parts(value: Any) -> str:
    if not isinstance(value, list) or not value:
        return "—"
    shown = []
    for part in value:
        if isinstance(part, dict):
            shown.append(f"{part.get('count', '?')} {part.get('who', '')}".strip())
    return ", ".join(shown) or "—"


def describe(changes: Iterable[PendingChange]) -> list[DescribedChange]:
    """Each change as lines an editor reads; names looked up in three queries at most,
    however many changes there are."""
    changes = list(changes)
    claimant_ids = _ids(changes, {"claimant", "via"})
    claimants = dict(Claimant.objects.filter(pk__in=claimant_ids).values_list("pk", "name"))
    evidence_ids = _ids([c for c in changes if c.kind != PendingChange.Kind.SOURCE], {"evidence"})
    evidence = {}
    if evidence_ids:
        evidence = dict(Evidence.objects.filter(pk__in=evidence_ids).values_list("pk", "source_id"))
    source_ids = _ids([c for c in changes if c.kind != PendingChange.Kind.SOURCE], {"source"})
    source_ids |= set(evidence.values())
    source_ids |= {c.source_id for c in changes if c.source_id}
    sources = {s.pk: s for s in Source.objects.filter(pk__in=source_ids)} if source_ids else {}

    def source_name(pk: Any) -> str:
        source = sources.get(pk)
        if source is None:
            return "a source no longer on file"
        return f"“{source.title}”" + (f" ({source.publisher})" if source.publisher else "")

    def shown(change: PendingChange, name: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if name == "claimant":
            return claimants.get(value, "a claimant no longer on file")
        if name == "via":
            return " → ".join(claimants.get(v, "?") for v in value)
        if name == "parts":
            return _parts(value)
        if name == "kind":
            return str(KIND_CHOICES.get(change.kind, {}).get(value, value))
        if name in CHOICES:
            return str(CHOICES[name].get(value, value))
        return str(value)

    described = []
    for change in changes:
        item = DescribedChange(change=change)
        proposed, before = change.proposed, change.before
        if change.kind == PendingChange.Kind.EVIDENCE_ADD:
            item.subject = source_name(proposed.get("source"))
            item.lines.append(ChangeLine("Source", "—", item.subject))
            item.lines.append(
                ChangeLine("Stance", "—", shown(change, "stance", proposed.get("stance")))
            )
            item.summary = f"Source added: {item.subject}."
        elif change.kind == PendingChange.Kind.EVIDENCE_REMOVE:
            item.subject = source_name(
                evidence.get(proposed.get("evidence"), proposed.get("source"))
            )
            item.lines.append(ChangeLine("Source", item.subject, "— (removed)"))
            item.summary = f"Source removed: {item.subject}."
        elif change.kind == PendingChange.Kind.EVIDENCE_CHANGE:
            item.subject = source_name(evidence.get(proposed.get("evidence")))
            old = shown(change, "stance", before.get("stance"))
            new = shown(change, "stance", proposed.get("stance"))
            item.lines.append(ChangeLine(f"Stance of {item.subject}", old, new))
            item.summary = (
                f"The stance of {item.subject} changed from {old.lower()} to {new.lower()}."
            )
        else:
            if change.kind == PendingChange.Kind.SOURCE:
                item.subject = source_name(change.source_id)
            # In the fields' own order: PostgreSQL's jsonb keeps no key order.
            for name in sorted(proposed, key=_field_order):
                value = proposed[name]
                if name == "version":
                    continue
                label = LABELS.get(name, name.replace("_", " ").capitalize())
                old = before.get(name)
                line = ChangeLine(label, shown(change, name, old), shown(change, name, value))
                if name in TEXTS:
                    line.diff = word_diff(str(old or ""), str(value or ""))
                item.lines.append(line)
            if change.kind == PendingChange.Kind.VERDICT:
                item.summary = change.note
            else:
                what = "; ".join(_summary_part(line, change) for line in item.lines)
                prefix = "Source" if change.kind == PendingChange.Kind.SOURCE else "Claim"
                item.summary = f"{prefix} corrected: {what}."
        described.append(item)
    return described


def describe_one(change: PendingChange) -> DescribedChange:
    return describe([change])[0]


def _summary_part(line: ChangeLine, change: PendingChange) -> str:
    """One change in the public correction note. The claim as checked is quoted in
    full, old and new: it is what the fact-check is about."""
    if line.label == LABELS["statement"]:
        before = change.before.get("statement") or ""
        after = change.proposed.get("statement") or ""
        return f"the claim checked now reads “{after}” (it read “{before}”)"
    if line.diff is None:
        return f"{line.label.lower()} {line.before} → {line.after}"
    return f"{line.label.lower()} reworded"
