"""Claims as spreadsheet rows: the CSV export of the API and of ``export_claims``.

One row per claim, the columns of ``EXPORT_COLUMNS``, from the same dictionary
as the JSON export (``selectors.claim_as_dict``). Text that a spreadsheet would
run as a formula is quoted, since article text and claimant names come from
outside the newsroom.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from .models import Claim
from .selectors import claim_as_dict

EXPORT_COLUMNS = [
    "id", "article", "article_title", "kind", "statement", "exact", "start", "end", "sentence",
    "claimant", "claimant_kind", "claimant_is_outlet", "via", "attribution", "count_min",
    "count_max", "category", "parts",
    "status", "anchor_state", "origin", "extractor_version", "verdict_rating",
    "verdict_label", "verdict_status", "verdict_published_at", "verdict_version",
    "event_id", "event_title", "matches", "flags",
]  # fmt: skip


# What a spreadsheet reads as the start of a formula (OWASP's list), and the full-width
# forms that some locales of Excel treat the same way.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def _cell(value: Any) -> Any:
    """Quote text cells that a spreadsheet would run as a formula ("=HYPERLINK(...)")."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def export_row(claim: Claim) -> list[Any]:
    row = claim_as_dict(claim)
    claimant = row["claimant"] or {}
    quantity = row["quantity"] or {}
    verdict = row["verdict"] or {}
    values = {
        **row,
        "article_title": claim.article.title,
        "claimant": claimant.get("name", ""),
        "claimant_kind": claimant.get("kind", ""),
        "claimant_is_outlet": "yes" if claimant.get("outlet") else "",
        "via": " > ".join(row["via"]),
        "count_min": quantity.get("min"),
        "count_max": quantity.get("max"),
        "category": quantity.get("category", ""),
        "parts": json.dumps(quantity.get("parts") or [], ensure_ascii=False),
        "verdict_rating": verdict.get("rating", ""),
        "verdict_label": verdict.get("label", ""),
        "verdict_status": verdict.get("status", ""),
        "verdict_published_at": verdict.get("published_at") or "",
        "verdict_version": verdict.get("version", ""),
        "event_id": (row["event"] or {}).get("id"),
        "event_title": (row["event"] or {}).get("title", ""),
        "matches": " ".join(str(pk) for pk in row["matches"]),
        "flags": " | ".join(f"{f['kind']}: {f['message']}" for f in row["flags"]),
    }
    return [_cell("" if values[name] is None else values[name]) for name in EXPORT_COLUMNS]


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(claims: Iterable[Claim]) -> Iterator[str]:
    """The header and one CSV line per claim (CRLF-terminated), produced as they are read."""
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    for claim in claims:
        yield writer.writerow(export_row(claim))
