"""Generated worst cases for the importer: the largest, densest files it accepts.

Each generator returns the bytes of one article file just under a byte budget
(the importer's size limit by default). Tests assert that importing them stays
within fixed sizes and query counts; `make bench` times them (bench/worstcase.py).
"""

from __future__ import annotations

import random

SPEAKERS = [
    "the Defense Ministry", "a police spokesman", "the Red Crescent", "the regional governor",
    "the civil defence service", "a hospital director", "the army", "local officials",
]  # fmt: skip


def _phrase(rng: random.Random) -> str:
    return f"{rng.choice(SPEAKERS).capitalize()} said at least {rng.randint(2, 900)} people died"


def one_line(size: int, *, seed: int = 1) -> bytes:
    """A seed-format file whose body is a single line of "X said at least N people
    died" phrases joined by commas: one sentence, thousands of claims."""
    rng = random.Random(seed)
    head = "---\nOne long line\n---\n01/02/2024\n\n"
    parts: list[str] = []
    length = len(head) + 2
    while True:
        phrase = _phrase(rng)
        if length + len(phrase) + 2 > size:
            break
        parts.append(phrase)
        length += len(phrase) + 2
    return (head + ", ".join(parts) + ".\n").encode()


def many_paragraphs(
    size: int,
    *,
    paragraphs: int = 10_000,
    seed: int = 2,
    title: str = "Ten thousand paragraphs",
    date: str = "01/02/2024",
) -> bytes:
    """A seed-format file of ``paragraphs`` short paragraphs, each with a casualty
    figure and an attribution (two claims a paragraph)."""
    rng = random.Random(seed)
    head = f"---\n{title}\n---\n{date}\n\n"
    body: list[str] = []
    length = len(head)
    for i in range(paragraphs):
        paragraph = (
            f"At least {rng.randint(2, 900)} people were killed in district {i}, "
            f"{rng.choice(SPEAKERS)} said."
        )
        if length + len(paragraph) + 2 > size:
            break
        body.append(paragraph)
        length += len(paragraph) + 2
    return (head + "\n\n".join(body) + "\n").encode()


def deep_html(size: int, *, depth: int = 10_000, seed: int = 3) -> bytes:
    """An HTML page whose body nests ``depth`` elements, each with a claim in it."""
    rng = random.Random(seed)
    head = "<!doctype html><html><head><title>Deep nesting</title></head><body>"
    tail = "</body></html>"
    opened: list[str] = []
    length = len(head) + len(tail)
    for i in range(depth):
        chunk = f"<div><p>At least {rng.randint(2, 900)} people died in block {i}, police said.</p>"
        if length + len(chunk) + len("</div>") > size:
            break
        opened.append(chunk)
        length += len(chunk) + len("</div>")
    return (head + "".join(opened) + "</div>" * len(opened) + tail).encode()


SYLLABLES = ["ka", "ro", "mi", "ten", "var", "lo", "sek", "dra", "ul", "bin", "tor", "zam"]


def many_speakers(size: int, *, seed: int = 4) -> bytes:
    """One paragraph of sentences, each by a speaker named nowhere else, then a
    pronoun and a definite description that look back over all of them."""
    rng = random.Random(seed)
    head = "---\nMany speakers\n---\n01/02/2024\n\n"
    body: list[str] = []
    length = len(head)
    while True:
        first = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        last = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        sentence = (
            f"Mayor {first} {last} said {rng.randint(2, 900)} people were killed. "
            f"He said the ministry of {last} reported {rng.randint(2, 90)} injured."
        )
        if length + len(sentence) + 1 > size:
            break
        body.append(sentence)
        length += len(sentence) + 1
    return (head + " ".join(body) + "\n").encode()
