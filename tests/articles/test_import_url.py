"""Import by URL: fetching is safe against server-side request forgery, every
failure is one clear line, and nothing is written when it fails."""

import datetime as dt
import ipaddress
import socket
from io import StringIO

import pytest
from django.core.management import call_command

from articles.fetching import FetchError, fetch, refusal
from articles.models import Article, ArticleVersion, Outlet
from articles.services import ArticleImportError, article_import_url
from claims.models import Claim
from tests.pageserver import story_page

pytestmark = pytest.mark.django_db


def run_import(*args) -> tuple[str, int]:
    out = StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out)
    except SystemExit as exc:
        return out.getvalue(), exc.code
    return out.getvalue(), 0


def assert_nothing_written():
    assert not Article.objects.exists()
    assert not ArticleVersion.objects.exists()
    assert not Outlet.objects.exists()
    assert not Claim.objects.exists()


# ------------------------------------------------------------------------------
# Fetching
# ------------------------------------------------------------------------------
def test_fetch_returns_the_final_address_bytes_and_declared_charset(page_server):
    target = page_server.add(
        "/story.html", "<p>Olá</p>".encode("latin-1"),
        headers={"Content-Type": "text/html; charset=ISO-8859-1"},
    )  # fmt: skip
    start = page_server.redirect("/s/1", "/story.html#top", status=301)
    page = fetch(start)
    assert page.url == target
    assert page.content == "<p>Olá</p>".encode("latin-1")
    assert page.content_type == "text/html"
    assert page.charset == "ISO-8859-1"


def test_fetch_names_claimtrack_in_its_user_agent(page_server, settings):
    settings.CLAIMTRACK_PUBLISHER_URL = "https://desk.example.org/"
    fetch(page_server.add("/ua", story_page()))
    _path, headers = page_server.requests[-1]
    assert headers["User-Agent"].startswith("Claimtrack/")
    assert "https://desk.example.org/" in headers["User-Agent"]


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.5", "169.254.169.254", "0.0.0.0",
     "224.0.0.1", "100.64.0.1", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1",
     "240.0.0.1"],
)  # fmt: skip
def test_local_private_and_metadata_addresses_are_refused(address):
    assert refusal(ipaddress.ip_address(address))


def test_public_addresses_are_fetchable():
    assert refusal(ipaddress.ip_address("93.184.215.14")) == ""
    assert refusal(ipaddress.ip_address("2606:4700::1111")) == ""


def test_the_local_server_is_refused_without_the_allow_setting(page_server, settings):
    settings.CLAIMTRACK_FETCH_ALLOW = []
    with pytest.raises(FetchError, match=r"^127\.0\.0\.1 is this machine \(loopback\); "):
        fetch(page_server.add("/story.html", story_page()))
    assert page_server.requests == []  # refused before connecting


def test_the_metadata_address_is_refused_even_when_other_local_addresses_are_allowed(settings):
    settings.CLAIMTRACK_FETCH_ALLOW = ["127.0.0.1", "localhost"]
    with pytest.raises(FetchError, match="the cloud metadata service"):
        fetch("http://169.254.169.254/latest/meta-data/")


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:{port}/story.html"]
)
def test_a_redirect_to_a_refused_address_is_refused(page_server, settings, target):
    # The first hop is allowed by its host name; the redirect's address is not.
    settings.CLAIMTRACK_FETCH_ALLOW = ["localhost"]
    page_server.add("/story.html", story_page())
    page_server.redirect("/go", target.format(port=page_server.port))
    with pytest.raises(FetchError, match="Claimtrack does not fetch from there"):
        fetch(page_server.url("/go", host="localhost"))
    assert [path for path, _ in page_server.requests] == ["/go"]


def test_a_host_name_resolving_to_a_private_address_is_refused(monkeypatch, settings):
    settings.CLAIMTRACK_FETCH_ALLOW = []

    def resolve(host, port, *args, **kwargs):
        # A public and a private answer: a rebinding attacker's favourite.
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchError, match=r"news\.example is 10\.0\.0\.7, a private network"):
        fetch("https://news.example/story")


def test_the_connection_goes_to_the_checked_address(page_server, monkeypatch, settings):
    """The name is resolved once, by the check; the socket connects to that address."""
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1", "10.0.0.7"])  # a second lookup would get another answer

    def resolve(host, port, *args, **kwargs):
        if host == "news.example":
            address = next(answers)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    page_server.add("/story.html", story_page())
    page = fetch(page_server.url("/story.html", host="news.example"))
    assert page.content.startswith(b"<!doctype html>")
    _path, headers = page_server.requests[-1]
    assert headers["Host"] == f"news.example:{page_server.port}"


def test_an_unknown_host_is_one_line(monkeypatch):
    def resolve(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchError, match=r"^the server nowhere\.example could not be found$"):
        fetch("https://nowhere.example/story")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/story", "not a web address"),
        ("javascript:alert(1)", "not a web address"),
        ("story.html", "not a web address"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http://example.org:99999/", "not a web address"),
        ("http://example.org/" + "a" * 2100, "longer than 2,000 characters"),
    ],
)
def test_addresses_that_are_not_web_pages_are_refused(url, message):
    with pytest.raises(FetchError, match=message):
        fetch(url)


def test_more_than_five_redirects_are_refused(page_server):
    for n in range(7):
        page_server.redirect(f"/r{n}", f"/r{n + 1}")
    with pytest.raises(FetchError, match="redirects more than 5 times"):
        fetch(page_server.url("/r0"))
    assert len(page_server.requests) == 6


def test_five_redirects_are_followed(page_server):
    for n in range(5):
        page_server.redirect(f"/r{n}", f"/r{n + 1}")
    page_server.add("/r5", story_page())
    assert fetch(page_server.url("/r0")).url == page_server.url("/r5")


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ({"status": 404}, "the server answered 404 Not Found"),
        ({"status": 503}, "the server answered 503 Service Unavailable"),
        ({"headers": {"Content-Type": "image/png"}}, "serves image/png, not a web page"),
        ({"headers": {"Content-Type": "application/pdf"}}, "serves application/pdf"),
    ],
)
def test_error_statuses_and_other_content_types_are_refused(page_server, page, message):
    url = page_server.add("/p", b"<p>x</p>", **page)
    with pytest.raises(FetchError, match=message):
        fetch(url)


@pytest.mark.parametrize("chunks", [1, 8])  # with and without a Content-Length
def test_a_page_over_the_import_limit_is_refused(page_server, settings, chunks):
    settings.CLAIMTRACK_MAX_IMPORT_BYTES = 10_000
    url = page_server.add("/big", b"<p>" + b"x" * 20_000 + b"</p>", chunks=chunks)
    with pytest.raises(FetchError, match=r"larger than the import limit \(10,000 bytes\)"):
        fetch(url)


def test_a_server_that_does_not_answer_in_time_is_refused(page_server, settings):
    settings.CLAIMTRACK_FETCH_TIMEOUT = 0.3
    url = page_server.add("/slow", story_page(), delay=1.5)
    with pytest.raises(FetchError, match=r"^127\.0\.0\.1 did not answer in time$"):
        fetch(url)


def test_a_closed_port_is_one_line(page_server):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(FetchError, match=r"^could not connect to 127\.0\.0\.1$"):
        fetch(f"http://127.0.0.1:{port}/")


# ------------------------------------------------------------------------------
# The service and the command
# ------------------------------------------------------------------------------
def test_import_articles_imports_a_page_by_url_with_title_and_date(page_server):
    url = page_server.add("/2024/03/05/ferry.html", story_page())
    out, status = run_import(url)
    assert status == 0, out
    assert f"{url}: imported: Ferry capsizes off Lesbos, 12 missing" in out
    assert "1 page(s): 1 imported, 0 updated, 0 unchanged, 0 failed" in out
    article = Article.objects.get()
    assert article.url == url
    assert article.published_on == dt.date(2024, 3, 5)
    assert article.source_format == "html"
    assert article.outlet.name == "The Harbour Times"
    assert "Twelve people are missing." in article.text
    assert "Home" not in article.text and "©" not in article.text


def test_importing_the_same_url_again_is_unchanged_then_updated(page_server):
    url = page_server.add("/ferry", story_page())
    assert article_import_url(url=url).status == "imported"
    assert article_import_url(url=url).status == "unchanged"
    page_server.add("/ferry", story_page().replace("Twelve people", "Fourteen people"))
    result = article_import_url(url=url)
    assert result.status == "updated"
    assert Article.objects.count() == 1
    assert "Fourteen people are missing." in result.article.text
    assert result.article.versions.count() == 2


def test_the_final_address_after_redirects_is_the_articles_url(page_server):
    page_server.add("/news/ferry", story_page())
    start = page_server.redirect("/short/abc", "/news/ferry?utm_source=feed&id=7")
    page_server.redirect("/news/ferry?utm_source=feed&id=7", "/news/ferry?id=7&fbclid=x")
    page_server.add("/news/ferry?id=7&fbclid=x", story_page())
    article = article_import_url(url=start).article
    assert article.url == page_server.url("/news/ferry?id=7")


def test_the_history_records_who_imported_by_url(page_server, reviewer):
    article = article_import_url(url=page_server.add("/ferry", story_page()), by=reviewer).article
    assert article.history.get().history_user == reviewer


def test_a_header_charset_decodes_the_page(page_server):
    body = story_page(title="Überschwemmung in Köln").encode("utf-8").replace(b"charset=utf-8", b"")
    latin = body.decode("utf-8").encode("cp1252")
    url = page_server.add(
        "/koeln", latin, headers={"Content-Type": "text/html; charset=windows-1252"}
    )
    assert article_import_url(url=url).article.title == "Überschwemmung in Köln"


@pytest.mark.parametrize(
    ("path", "page", "message"),
    [
        ("/gone", {"status": 404}, "the server answered 404 Not Found"),
        ("/image", {"headers": {"Content-Type": "image/png"}}, "serves image/png"),
    ],
)
def test_a_failed_fetch_prints_one_line_exits_1_and_writes_nothing(
    page_server, path, page, message
):
    url = page_server.add(path, b"<p>x</p>", **page)
    out, status = run_import(url, "--outlet", "New outlet")
    assert status == 1
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{url}: error: the page could not be fetched: ")
    assert message in lines[0]
    assert lines[1] == "1 page(s): 0 imported, 0 updated, 0 unchanged, 1 failed"
    assert_nothing_written()


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:{port}/story.html"]
)
def test_the_command_refuses_local_and_metadata_addresses_and_redirects_to_them(
    page_server, settings, target
):
    settings.CLAIMTRACK_FETCH_ALLOW = ["localhost"]
    page_server.add("/story.html", story_page())
    direct = target.format(port=page_server.port)
    redirect = page_server.redirect("/go", direct).replace("127.0.0.1", "localhost")
    out, status = run_import(direct, redirect)
    assert status == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith(f"{direct}: error: the page could not be fetched: ")
    assert lines[1].startswith(f"{redirect}: error: the page could not be fetched: ")
    assert all("Claimtrack does not fetch from there" in line for line in lines[:2])
    assert lines[2] == "2 page(s): 0 imported, 0 updated, 0 unchanged, 2 failed"
    assert_nothing_written()


def test_a_page_that_is_not_an_article_writes_nothing(page_server):
    url = page_server.add("/empty", "<!doctype html><html><head></head><body></body></html>")
    with pytest.raises(ArticleImportError):
        article_import_url(url=url, outlet_name="New outlet")
    assert_nothing_written()


def test_files_and_pages_can_be_imported_together(page_server, tmp_path):
    path = tmp_path / "bus.txt"
    path.write_text("Bus crash\n\nFive people were injured, police said.")
    out, status = run_import(path, page_server.add("/ferry", story_page()))
    assert status == 0, out
    assert "1 file(s) and 1 page(s): 2 imported" in out


def test_url_option_is_refused_with_an_address(page_server):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--url can only be used with a single file"):
        run_import(page_server.add("/ferry", story_page()), "--url", "https://example.org/x")


def test_dry_run_fetches_and_parses_but_writes_nothing(page_server):
    out, status = run_import(page_server.add("/ferry", story_page()), "--dry-run")
    assert status == 0
    assert "dry run, nothing written: 1 page(s): 1 imported" in out
    assert_nothing_written()
