import datetime as dt

import pytest

from articles.parsing import ParseError, detect_format, parse_article
from tests.conftest import SEED_TITLE


def test_seed_title_date_and_format(seed_bytes):
    article = parse_article(seed_bytes)
    assert article.source_format == "seed"
    assert article.title == SEED_TITLE
    assert article.published_on == dt.date(2016, 8, 1)  # DD/MM/YYYY: 1 August


def test_seed_read_more_links_become_links_not_text(seed_bytes):
    article = parse_article(seed_bytes)
    assert [link.text for link in article.links] == [
        "2 Russian pilots killed as ISIS shoots down chopper near Palmyra – MoD",
        "Mi-28N gunship crashes near Homs, both pilots dead – Russian Defense Ministry",
    ]
    assert all(link.url == "#" and not link.inline for link in article.links)
    assert "READ MORE" not in article.text
    assert "Read more" not in article.text
    assert "Mi-28N gunship crashes near Homs" not in article.text
    # The first link stood after the first paragraph.
    first_paragraph_end = article.text.index("\n\n")
    assert article.links[0].position == first_paragraph_end


def test_seed_text_is_canonical(seed_bytes):
    text = parse_article(seed_bytes).text
    assert text.startswith("A Russian Mi-8 helicopter has been shot down")
    assert "*" not in text  # emphasis removed
    assert '"On August 1, an Mi-8 transport helicopter' in text  # quotation marks kept
    assert "\n\n\n" not in text  # one blank line between paragraphs
    assert all(p == p.strip() and p for p in text.split("\n\n"))
    assert "as [the crew] tried" in text  # bracketed editorial insertions are not links


def test_markdown_with_front_matter():
    source = (
        "---\ntitle: Flood kills *12* in river valley\ndate: 2024-03-05\n"
        "url: https://news.example.org/flood\noutlet: Example News\nauthor: Jane Doe\n---\n\n"
        "At least **12 people** died, officials said. See [the report](https://ex.org/r).\n\n"
        "Rescuers are still searching.\n"
    )
    article = parse_article(source, filename="flood.md")
    assert article.source_format == "markdown"
    assert article.title == "Flood kills 12 in river valley"
    assert article.published_on == dt.date(2024, 3, 5)
    assert article.url == "https://news.example.org/flood"
    assert article.outlet == "Example News"
    assert article.author == "Jane Doe"
    assert article.text == (
        "At least 12 people died, officials said. See the report.\n\nRescuers are still searching."
    )
    (link,) = article.links
    assert link.inline
    assert article.text[link.position : link.position + len(link.text)] == "the report"


def test_markdown_heading_title():
    article = parse_article("# Quake hits coast\n\nTwo people were hurt.\n", filename="q.md")
    assert article.title == "Quake hits coast"
    assert article.text == "Two people were hurt."


def test_plain_text_first_line_is_title():
    article = parse_article(b"Bus crash\n\nFive were injured.\n\n\n\nPolice said so.")
    assert article.source_format == "text"
    assert article.title == "Bus crash"
    assert article.text == "Five were injured.\n\nPolice said so."


def test_html_keeps_paragraphs_and_drops_scripts_styles_navigation():
    html = """<!doctype html><html><head><title>Site | Ferry sinks</title>
    <meta property="og:site_name" content="Harbour Times">
    <meta property="article:published_time" content="2023-07-09T10:00:00Z">
    <link rel="canonical" href="https://harbour.example.org/ferry">
    <style>p { color: red }</style><script>alert("x")</script></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Ferry sinks off the coast</h1>
    <p>Nine passengers are <b>missing</b>, the coast guard said.</p>
    <p>Rescue boats &amp; helicopters joined the <a href="https://ex.org/s">search</a>.</p>
    <p><a href="https://harbour.example.org/older">Read more: earlier sinking</a></p>
    </article><footer>© Harbour Times</footer></body></html>"""
    article = parse_article(html, filename="ferry.html")
    assert article.source_format == "html"
    assert article.title == "Ferry sinks off the coast"
    assert article.outlet == "Harbour Times"
    assert article.url == "https://harbour.example.org/ferry"
    assert article.published_on == dt.date(2023, 7, 9)
    assert article.text == (
        "Nine passengers are missing, the coast guard said.\n\n"
        "Rescue boats & helicopters joined the search."
    )
    assert "alert" not in article.text and "Home" not in article.text
    assert [(lnk.text, lnk.inline) for lnk in article.links] == [
        ("search", True),
        ("earlier sinking", False),
    ]


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        ("---\nTitle\n---\n01/01/2020\nBody", "seed"),
        ("---\ntitle: T\n---\nBody", "markdown"),
        ("<html><body><p>x</p></body></html>", "html"),
        ("Title\nBody", "text"),
    ],
)
def test_detect_format(source, fmt):
    assert detect_format(source) == fmt


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\n ", "the file is empty"),
        (b"Title\x00\x01\x02binary", "binary"),
        (b"Title\n\ncaf\xe9 au lait", "not UTF-8 text (invalid byte 0xe9 at offset 10)"),
        (b"---\nA title with no closing line\n01/08/2016\nBody", "header is not closed"),
        (b"---\nTitle\n---\nyesterday\nBody", "expected the date as DD/MM/YYYY"),
        (b"---\nTitle\n---\n31/02/2016\nBody", "no such day"),
        (b"---\nTitle\n---\n01/08/2016\n", "no body text"),
        (b"---\nauthor: Jane\n---\nBody", "no 'title'"),
        (b"---\ntitle: [unclosed\n---\nBody", "not valid YAML"),
        (b"---\ntitle: T\ndate: 2020-13-45\n---\nBody", "invalid date"),
        (b"Just a title", "no body text"),
    ],
)
def test_malformed_input_gives_one_clear_error(raw, message):
    with pytest.raises(ParseError) as info:
        parse_article(raw)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_oversized_file_is_refused():
    raw = b"Title\n\n" + b"x" * (2 * 1024 * 1024)
    with pytest.raises(ParseError, match="too large"):
        parse_article(raw)


def test_crlf_and_bom_are_normalised():
    article = parse_article("\ufeffTitle\r\n\r\nLine one\r\ncontinues.".encode())
    assert article.title == "Title"
    assert article.text == "Line one continues."
