"""A small web server on 127.0.0.1 for the import-by-URL tests.

Each test sets the pages it needs: ``page_server.add("/story.html", body, ...)``,
``page_server.redirect("/old", "/new")``. Local addresses are refused by the
fetcher unless allowed, so the fixture allows 127.0.0.1 (the setting
CLAIMTRACK_FETCH_ALLOW) for the test; tests about refusals override it again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Page:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    chunks: int = 1  # send the body in this many pieces, without a Content-Length


class PageServer:
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.not_modified = 0  # 304 answers sent
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                page = server.pages.get(self.path) or Page(404, b"<h1>Not here</h1>")
                if page.delay:
                    time.sleep(page.delay)
                etag = page.headers.get("ETag", "")
                if page.status == 200 and etag and self.headers.get("If-None-Match") == etag:
                    # A conditional GET of an unchanged page (feeds are polled this way).
                    server.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(page.status)
                headers = {"Content-Type": "text/html; charset=utf-8", **page.headers}
                for name, value in headers.items():
                    if value:
                        self.send_header(name, value)
                if page.chunks > 1:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    size = -(-len(page.body) // page.chunks)
                    for start in range(0, len(page.body), size):
                        self.wfile.write(page.body[start : start + size])
                    return
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, body: bytes | str, **options: object) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.pages[path] = Page(body=body, **options)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.pages[path] = Page(status=status, headers={"Location": to})
        return self.url(path)


@pytest.fixture
def page_server(settings) -> Iterator[PageServer]:
    """A running PageServer; 127.0.0.1 is allowed for the test's duration."""
    settings.CLAIMTRACK_FETCH_ALLOW = ["127.0.0.1"]
    server = PageServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def story_page(
    title: str = "Ferry capsizes off Lesbos, 12 missing",
    *,
    date: str = "2024-03-05",
    body: str = "",
) -> str:
    """A plain news page with a headline, a date and a few paragraphs."""
    body = body or (
        "<p>A ferry carrying 40 passengers capsized off the coast of Lesbos on Tuesday, "
        "the coast guard said. Twelve people are missing.</p>"
        "<p>Rescue teams pulled 28 people from the water, according to the port authority. "
        "Two of them were taken to hospital in Mytilene.</p>"
        "<p>The cause of the accident was not yet known, a spokesman said on Tuesday "
        "evening, adding that the search would continue through the night.</p>"
    )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{title} | The Harbour Times</title>"
        f'<meta property="article:published_time" content="{date}T09:30:00Z">'
        '<meta property="og:site_name" content="The Harbour Times">'
        f"</head><body><header><nav><a href=/>Home</a> <a href=/world>World</a></nav></header>"
        f"<article><h1>{title}</h1><p class=byline>By Maria Papadaki</p>{body}</article>"
        "<footer>© The Harbour Times</footer></body></html>"
    )
