import datetime as dt
import re
from pathlib import Path

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
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "the file is binary (a PDF document), not text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary (a ZIP archive, perhaps a Word"),
        (b"\xff\xfeT\x00i\x00\x00\xd8", "starts as UTF-16 text but is not valid UTF-16"),
        (b"Title\n\n" + b"\x01\x02\x03\x04abcd" * 100, "the file is binary, not text"),
        (b"---\nTitle\n---\n\n", "no body text"),  # an empty date line alone is no error
        (b"---\ndate: 2024-03-05\n---\nJust a paragraph.", "no 'title' and the text no heading"),
        (
            b"A Russian Mi-8 helicopter has been shot down by ground fire in Syria following "
            b"delivery of humanitarian supplies to Aleppo, the Defense Ministry said. Three crew "
            b"and two officers died, according to a Kremlin statement.\n\nMore text.",
            "no title: the first line is a paragraph",
        ),
        (b"---\nA title with no closing line\n01/08/2016\nBody", "header is not closed"),
        (b"Title without opening line\n\n---\n\n01/08/2016\n\nBody", "header is incomplete"),
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


# ------------------------------------------------------------------------------
# Seed format: what editors' tools do to a file
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: raw.replace(b"\n", b"\r\n"),
        lambda raw: raw.replace(b"\n", b"\r"),
        lambda raw: b"\xef\xbb\xbf" + raw,
        lambda raw: b"\n".join(line + b"  \t" for line in raw.split(b"\n")),
        lambda raw: raw.replace(b"\n\n", b"\n \t\n"),
        lambda raw: raw.replace(b"\n\n", b"\n\n\n\n"),
        lambda raw: raw.strip() + b"\n\n\n",
        lambda raw: raw.replace(b"01/08/2016", b"  01/08/2016\t"),
    ],
    ids=["crlf", "cr", "bom", "trailing-space", "tabs-on-blank-lines", "extra-blank-lines",
         "stripped", "padded-date"],
)  # fmt: skip
def test_seed_survives_line_endings_bom_and_stray_whitespace(seed_bytes, mangle):
    clean = parse_article(seed_bytes)
    mangled = parse_article(mangle(seed_bytes))
    assert mangled.source_format == "seed"
    assert (mangled.title, mangled.published_on) == (SEED_TITLE, dt.date(2016, 8, 1))
    assert mangled.text == clean.text
    assert mangled.links == clean.links
    assert mangled.content_hash == clean.content_hash


def test_seed_title_with_a_colon_is_not_front_matter():
    article = parse_article("---\nSyria: Russian helicopter shot down\n---\n01/08/2016\n\nBody.")
    assert article.source_format == "seed"
    assert article.title == "Syria: Russian helicopter shot down"
    assert article.published_on == dt.date(2016, 8, 1)


def test_parsing_is_stable(seed_bytes):
    assert parse_article(seed_bytes).content_hash == parse_article(seed_bytes).content_hash


def test_source_keeps_the_input_as_given(seed_bytes):
    crlf = seed_bytes.replace(b"\n", b"\r\n")
    assert parse_article(crlf).source == crlf.decode()


# ------------------------------------------------------------------------------
# Markdown with front matter
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "date"),
    [
        ('date: "2024-03-05"', dt.date(2024, 3, 5)),
        ("date: '2024-03-05'", dt.date(2024, 3, 5)),
        ("date: 2024-03-05T23:30:00+01:00", dt.date(2024, 3, 5)),
        ("date: 2024-03-05T10:00:00.000Z", dt.date(2024, 3, 5)),
        ("date: 2024-03-05 10:00", dt.date(2024, 3, 5)),
        ("date: 05/03/2024", dt.date(2024, 3, 5)),
        ("date: March 5, 2024", dt.date(2024, 3, 5)),
        ("date: 5 March 2024", dt.date(2024, 3, 5)),
        ("date: Tue, 05 Mar 2024 10:00:00 GMT", dt.date(2024, 3, 5)),
        ("published: 2024-03-05", dt.date(2024, 3, 5)),
        ("date:", None),
    ],
)
def test_front_matter_dates(header, date):
    article = parse_article(f"---\ntitle: Quake\n{header}\n---\nBody.", filename="q.md")
    assert article.published_on == date


def test_front_matter_title_with_an_unquoted_colon_is_read_as_meant():
    article = parse_article(
        "---\ntitle: Breaking: quake hits coast\nauthor: Jane Doe\n---\nBody.", filename="q.md"
    )
    assert article.title == "Breaking: quake hits coast"
    assert article.author == "Jane Doe"


def test_front_matter_author_list_and_other_keys():
    article = parse_article(
        "---\ntitle: Q\nauthors: [Ann Lee, Bo Chen]\npublisher: Wire\nlink: https://ex.org/q\n"
        "tags:\n  - quake\n---\nBody.",
        filename="q.md",
    )
    assert (article.author, article.outlet, article.url) == (
        "Ann Lee, Bo Chen",
        "Wire",
        "https://ex.org/q",
    )


@pytest.mark.parametrize(
    "source",
    [
        "---\ndate: 2024-03-05\n---\n# Quake hits coast\n\nTwo people were hurt.",
        "Quake hits coast\n================\n\nTwo people were hurt.",
        "## Quake hits coast\n\nTwo people were hurt.",
    ],
    ids=["front-matter-without-title", "setext-heading", "level-2-heading"],
)
def test_markdown_heading_is_the_title_when_no_title_is_given(source):
    article = parse_article(source, filename="q.md")
    assert article.title == "Quake hits coast"
    assert article.text == "Two people were hurt."


def test_markdown_inline_html_tables_and_strikethrough_become_plain_text():
    article = parse_article(
        "# T\n\nSome <b>bold</b> and ~~struck~~ text,<br>on two lines.\n\n"
        '<div class="box">\n<p>A paragraph in HTML &amp; more.</p>\n</div>\n\n'
        "| Town | Dead |\n|---|---|\n| Ama | 3 |\n",
        filename="t.md",
    )
    assert article.text == (
        "Some bold and struck text, on two lines.\n\nA paragraph in HTML & more.\n\n"
        "Town | Dead\n\nAma | 3"
    )


def test_whitespace_oddities_are_normalised_but_quotes_kept():
    article = parse_article(
        "---\ntitle: \u201cQuake\u201d\u00a0hits\n---\n"
        "The\u00a0ministry said:\t\u201cfive\u00a0dead\u201d. It\u2019s Mos\u00adcow\u200b.\n",
        filename="q.md",
    )
    assert article.title == "\u201cQuake\u201d hits"
    assert article.text == "The ministry said: \u201cfive dead\u201d. It\u2019s Moscow."


@pytest.mark.parametrize(
    "source",
    [
        "Bus crash\n---------\n05/03/2024\n\nFive were injured.",
        "# Bus crash\n\n2024-03-05\n\nFive were injured.",
    ],
    ids=["seed-without-opening-line", "heading-then-date"],
)
def test_markdown_date_line_under_the_heading(source):
    article = parse_article(source)
    assert (article.title, article.published_on) == ("Bus crash", dt.date(2024, 3, 5))
    assert article.text == "Five were injured."


def test_plain_text_date_line_under_the_title():
    article = parse_article("Bus crash\n\n05/03/2024\n\nFive were injured.")
    assert article.published_on == dt.date(2024, 3, 5)
    assert article.text == "Five were injured."


# ------------------------------------------------------------------------------
# HTML: a real news page
# ------------------------------------------------------------------------------
PAGE = (Path(__file__).parent / "pages" / "harbour_times.html").read_text()
PAGE_TEXT = (
    "Coastguard says the vessel was carrying more than 100 people when it overturned in rough "
    "seas\n\n"
    "At least 14 people have died and dozens more are missing after an overcrowded ferry "
    "capsized off the Greek island of Lesbos, the Hellenic coastguard said on Sunday.\n\n"
    "\u201cWe have recovered 14 bodies so far,\u201d a coastguard spokesperson, Nikos Alexiou, "
    "told state broadcaster ERT. \u201cThe search continues.\u201d\n\n"
    "Survivors described scenes of panic. \u201cThe water came in from everywhere,\u201d said one "
    "man, aged 27, from Afghanistan. He said his cousin was still missing.\n\n"
    "The coastguard said 78 people had been rescued & taken to Mytilene, where 11 were treated "
    "in hospital. It could not confirm reports that the captain had been arrested.\n\n"
    "\u2018A tragedy foretold\u2019\n\n"
    "Aid groups have repeatedly warned about conditions on the route.\n\n"
    "This is the third deadly sinking in the Aegean this year,\n\n"
    "said Maria Papadopoulou of the Hellenic Council for Refugees.\n\n"
    "Additional reporting by Reuters."
)
CANONICAL = "https://www.harbourtimes.example/world/2023/jul/09/ferry-capsizes-lesbos"


def test_news_page_metadata_comes_from_the_page_head():
    article = parse_article(PAGE, filename="ferry.html")
    assert article.source_format == "html"
    assert article.title == "Ferry capsizes off Lesbos: 14 dead, dozens missing"
    assert article.published_on == dt.date(2023, 7, 9)
    assert article.url == CANONICAL
    assert article.author == "Helena Smith"
    assert article.outlet == "The Harbour Times"


def test_news_page_body_is_only_the_story():
    text = parse_article(PAGE, filename="ferry.html").text
    assert text == PAGE_TEXT
    for furniture in ["cookie", "Subscribe", "Share", "Photograph", "By Helena", "06.45",
                      "Advertisement", "Sign up", "Comments", "Most viewed", "Privacy",
                      "Related stories", "Greece", "dataLayer", "font-size"]:  # fmt: skip
        assert furniture not in text


def test_news_page_links_are_absolute_and_placed():
    article = parse_article(PAGE, filename="ferry.html")
    inline = [link for link in article.links if link.inline]
    related = [link for link in article.links if not link.inline]
    (ert,) = inline
    assert ert.url == "https://www.ert.gr"
    assert article.text[ert.position : ert.position + len(ert.text)] == "state broadcaster ERT"
    assert [(link.text, link.url) for link in related] == [
        ("Hundreds feared dead in Pylos shipwreck",
         "https://www.harbourtimes.example/world/2023/jun/14/pylos"),
        ("Migrant boat sinks off Crete", "https://www.harbourtimes.example/world/2022/dec/1/x"),
        ("Hundreds feared dead in Pylos shipwreck",
         "https://www.harbourtimes.example/world/2023/jun/14/pylos"),
    ]  # fmt: skip
    # The "Related stories" box stood after the quote paragraph.
    assert article.text[: related[0].position].endswith("\u201cThe search continues.\u201d")


@pytest.mark.parametrize(
    "edit",
    [
        lambda page: page.replace("<article", "<div").replace("</article>", "</div>"),
        lambda page: page.replace("<article", "<div").replace("</article>", "</div>")
        .replace("<main", "<div").replace("</main>", "</div>"),
        lambda page: page.replace("\n", "\r\n"),
    ],
    ids=["without-article", "without-article-or-main", "crlf"],
)  # fmt: skip
def test_news_page_gives_the_same_story_without_article_or_main_elements(edit):
    article = parse_article(edit(PAGE), filename="ferry.html")
    assert article.title == "Ferry capsizes off Lesbos: 14 dead, dozens missing"
    assert article.text == PAGE_TEXT


def test_news_page_parses_identically_twice():
    first = parse_article(PAGE, filename="ferry.html")
    second = parse_article(PAGE.encode(), filename="ferry.html")
    assert first.content_hash == second.content_hash
    assert first.links == second.links


def test_page_without_metadata_falls_back_to_headline_time_and_byline():
    bare = re.sub(
        r"<head>.*</head>", "<head><title>Ferry | World | The Harbour Times</title></head>",
        PAGE, flags=re.DOTALL,
    )  # fmt: skip
    article = parse_article(bare, filename="ferry.html")
    assert article.title == "Ferry capsizes off Lesbos: 14 dead, dozens missing"
    assert article.published_on == dt.date(2023, 7, 9)
    assert article.author == "Helena Smith"
    assert (article.url, article.outlet) == ("", "")
    assert article.text == PAGE_TEXT


def test_site_name_and_tracking_parameters_are_stripped():
    page = (
        '<html><head><meta property="og:title" content="Quake kills 5 | Daily Planet">'
        '<meta property="og:site_name" content="Daily Planet">'
        '<meta property="og:url" content="https://planet.example/quake?id=7&utm_source=x&fbclid=y#top">'
        "</head><body><article><p>Five died.</p></article></body></html>"
    )
    article = parse_article(page)
    assert article.title == "Quake kills 5"
    assert article.url == "https://planet.example/quake?id=7"


def test_wordpress_page_keeps_the_post_and_drops_comments_sharing_and_footer():
    page = """<!doctype html><html><head>
    <meta property="og:title" content="Quake kills 5 &#8211; Local News">
    <meta property="og:site_name" content="Local News"></head>
    <body class="single single-post postid-12 author-jane">
    <header id="masthead" class="site-header"><p class="site-title">Local News</p>
    <p class="site-description">News you can use</p></header>
    <main id="main"><article class="post-12 post type-post hentry category-news tag-quake">
    <header class="entry-header"><h1 class="entry-title">Quake kills 5</h1>
    <div class="entry-meta"><time datetime="2024-03-05T10:00:00+00:00">March 5, 2024</time>
    <span class="byline"> by <a rel="author" href="/author/jane/">Jane Doe</a></span></div></header>
    <div class="entry-content"><p>Five people died.</p><p>The mayor declared a day of mourning.</p>
    <div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><a href="x">Twitter</a></div>
    <div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3>
    <p><a href="https://local.example/older">Older quake</a></p></div></div>
    <footer class="entry-footer">Posted in <a href="/c/news">News</a></footer></article>
    <div id="comments" class="comments-area"><h2>One thought</h2><p>So sad.</p></div></main>
    <footer class="site-footer"><p>Proudly powered by WordPress</p></footer></body></html>"""
    article = parse_article(page, filename="quake.html")
    assert article.title == "Quake kills 5"
    assert (article.author, article.outlet) == ("Jane Doe", "Local News")
    assert article.published_on == dt.date(2024, 3, 5)
    assert article.text == "Five people died.\n\nThe mayor declared a day of mourning."
    assert [(lnk.text, lnk.inline) for lnk in article.links] == [("Older quake", False)]


def test_page_rendered_by_javascript_is_read_from_its_json_ld():
    page = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "WebPage", "url": "https://x.example/dam"},
      {"@type": ["NewsArticle"], "headline": "Dam bursts", "datePublished": "2024-01-02T08:00Z",
       "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chen"}],
       "publisher": {"@type": "Organization", "name": "X News"},
       "mainEntityOfPage": {"@id": "https://x.example/dam"},
       "articleBody": "Twelve people are missing.\\nThe army was deployed."}]}
    </script></head><body><div id="root"></div><script>render()</script></body></html>"""
    article = parse_article(page, filename="dam.html")
    assert article.title == "Dam bursts"
    assert article.published_on == dt.date(2024, 1, 2)
    assert (article.author, article.outlet) == ("Ann Lee, Bo Chen", "X News")
    assert article.url == "https://x.example/dam"
    assert article.text == "Twelve people are missing.\n\nThe army was deployed."


def test_broken_json_ld_is_ignored():
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle",</script>'
        "</head><body><h1>Quake</h1><p>Five died.</p></body></html>"
    )
    article = parse_article(page)
    assert (article.title, article.text) == ("Quake", "Five died.")


def test_html_line_breaks_entities_and_invisible_characters():
    page = (
        "<h1>Floods &amp; landslides</h1>"
        "<div class='text'>First line<br>same paragraph<br><br>Second paragraph</div>"
        "<p>5&nbsp;dead &mdash; &quot;many&quot; &#8220;hurt&#8221; caf&eacute; 3&lt;4 "
        "Mos\u00adcow\u200b</p>"
    )
    article = parse_article(page)
    assert article.title == "Floods & landslides"
    assert article.text == (
        "First line same paragraph\n\nSecond paragraph\n\n"
        '5 dead \u2014 "many" \u201churt\u201d caf\u00e9 3<4 Moscow'
    )


def test_unclosed_paragraphs_and_list_items_are_closed_like_browsers_do():
    markdown = "# T\n\n<div><p>One<p>Two<ul><li>Three<li>Four</ul><p>Five</div>\n"
    assert parse_article(markdown).text == "One\n\nTwo\n\nThree\n\nFour\n\nFive"


def test_html_that_declares_its_charset_is_read_in_it():
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><article><h1>Caf\u00e9 fire</h1>'
        "<p>Two were hurt at the caf\u00e9 \u201cLe Coin\u201d.</p></article></body></html>"
    ).encode("cp1252")
    article = parse_article(page, filename="cafe.html")
    assert article.title == "Caf\u00e9 fire"
    assert article.text == "Two were hurt at the caf\u00e9 \u201cLe Coin\u201d."


def test_a_page_with_no_story_text_is_refused():
    page = (
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    with pytest.raises(ParseError, match="no body text"):
        parse_article(page)


def test_absurdly_deep_markup_is_flattened_not_a_crash():
    page = "<body><h1>T</h1>" + "<div>" * 5000 + "<p>Deep</p>" + "</div>" * 5000 + "<p>Out</p>"
    assert parse_article(page).text == "Deep\n\nOut"


def test_live_blog_keeps_every_post():
    page = """<html><body><header><h1 class="logo">Daily</h1></header><main>
    <h1>Live: quake updates</h1><div class="posts">
    <article><h2>10:00</h2><p>Death toll rises to 12.</p></article>
    <article><h2>09:00</h2><p>Rescuers reach the village.</p></article>
    <article><h2>08:00</h2><p>A 6.1 quake struck at dawn, officials said.</p></article>
    </div></main></body></html>"""
    article = parse_article(page)
    assert article.title == "Live: quake updates"
    text = article.text
    assert "Daily" not in text
    posts = ["Death toll rises to 12.", "Rescuers reach the village.", "A 6.1 quake struck"]
    assert all(post in text for post in posts)
    assert text.index(posts[0]) < text.index(posts[1]) < text.index(posts[2])


def test_the_site_logo_is_not_the_headline():
    page = """<html><head><title>Quake kills 5 - Daily</title></head><body>
    <header class="site"><h1 class="logo">Daily</h1></header>
    <div class="story"><h2 class="headline">Quake kills 5</h2><p>Five people died.</p>
    <div role="note"><p>Editor's note: the toll was corrected from 6 to 5.</p></div></div>
    </body></html>"""
    article = parse_article(page)
    assert article.title == "Quake kills 5"
    assert article.text == (
        "Five people died.\n\nEditor's note: the toll was corrected from 6 to 5."
    )


# ------------------------------------------------------------------------------
# Character sets
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw",
    [
        "Café fire\n\nTwo were hurt in Genève.".encode("utf-8-sig"),
        "Café fire\n\nTwo were hurt in Genève.".encode("utf-16"),  # with its byte order mark
        "Café fire\n\nTwo were hurt in Genève.".encode("utf-16-be").join([b"\xfe\xff", b""]),
        "Café fire\n\nTwo were hurt in Genève.".encode("utf-32"),
        "Café fire\n\nTwo were hurt in Genève.".encode("cp1252"),  # nothing declared
    ],
)
def test_byte_order_marks_and_undeclared_latin1_decode(raw):
    article = parse_article(raw)
    assert article.title == "Café fire"
    assert article.text == "Two were hurt in Genève."


def test_a_latin1_web_page_without_a_charset_reads_right():
    raw = (
        "<html><head><title>Élection à Genève</title></head><body><article>"
        "<h1>Élection à Genève</h1><p>Le président a déclaré que les résultats étaient "
        "«\xa0très serrés\xa0». Un électeur sur deux s’est abstenu, selon la chancellerie.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    article = parse_article(raw)
    assert article.title == "Élection à Genève"
    assert "« très serrés »" in article.text and "s’est abstenu" in article.text


def test_the_servers_charset_comes_before_the_pages_own():
    raw = '<meta charset="utf-8"><title>Köln</title><p>Straße gesperrt.</p>'.encode("cp1252")
    assert parse_article(raw, charset="windows-1252").title == "Köln"
    # A wrong label does not garble the page: the bytes decide.
    assert parse_article(raw, charset="utf-8").title == "Köln"
