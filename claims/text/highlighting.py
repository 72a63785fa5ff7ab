"""Split an article's text into plain and highlighted segments.

Pure Python: given the text and the claim spans to mark, returns segments
that templates render with auto-escaping on (never build HTML here). Claims
may overlap; a segment lists every span covering it, so the page can nest
or stack highlights.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Segment:
    text: str
    start: int
    spans: list[Any] = field(default_factory=list)  # the objects covering this segment
    starts: list[Any] = field(default_factory=list)  # spans that begin here (for anchors)

    @property
    def marked(self) -> bool:
        return bool(self.spans)

    @property
    def top(self) -> Any:
        """The innermost (shortest) span covering the segment."""
        return min(self.spans, key=lambda s: s.end - s.start) if self.spans else None


@dataclass
class Paragraph:
    segments: list[Segment]


def segments(text: str, spans: list[Any]) -> list[Segment]:
    """Cut ``text`` at every span boundary; spans need ``start`` and ``end``."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = {0, len(text)}
    for span in valid:
        cuts.update((span.start, span.end))
    points = sorted(cuts)
    begins: dict[int, list[Any]] = {}
    for span in valid:
        begins.setdefault(span.start, []).append(span)
    result: list[Segment] = []
    active: list[Any] = []
    for left, right in itertools.pairwise(points):
        active = [s for s in active if s.end > left] + begins.get(left, [])
        result.append(
            Segment(
                text=text[left:right],
                start=left,
                spans=sorted(active, key=lambda s: (s.start, -s.end)),
                starts=begins.get(left, []),
            )
        )
    return result


def paragraphs(text: str, spans: list[Any]) -> list[Paragraph]:
    """Segments grouped into paragraphs (split on blank lines), for <p> rendering."""
    result: list[Paragraph] = [Paragraph([])]
    for segment in segments(text, spans):
        pieces = segment.text.split("\n\n")
        offset = segment.start
        for index, piece in enumerate(pieces):
            if index:
                result.append(Paragraph([]))
                offset += 2
            if piece:
                result[-1].segments.append(
                    Segment(
                        text=piece,
                        start=offset,
                        spans=segment.spans,
                        starts=segment.starts if index == 0 else [],
                    )
                )
            offset += len(piece)
    return [p for p in result if p.segments]
