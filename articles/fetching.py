"""Fetch a web page for import, safely.

A reviewer (or a feed) gives Claimtrack an address and the server goes to get
it. That is a classic server-side request forgery hole: the address may name
the machine itself, the office network or the cloud's metadata service. So:

* only ``http`` and ``https``, no user name or password in the address;
* the host is resolved here, every address it resolves to is checked
  (loopback, private, link-local, multicast, reserved, unspecified, shared and
  the cloud metadata addresses are refused) and the connection goes to the
  address that was checked, so a DNS answer that changes between the check and
  the connection ("DNS rebinding") gains nothing; the Host header and TLS name
  stay the page's own;
* redirects are followed by hand, at most :data:`MAX_REDIRECTS`, and every hop
  is checked the same way;
* the body is streamed and cut off past the import limit, with connect and
  read timeouts and an overall deadline;
* only HTML and text content types are accepted.

``settings.CLAIMTRACK_FETCH_ALLOW`` lists hosts, addresses or networks that may
be fetched although they are local (an intranet CMS, the tests' own server).

:func:`fetch` raises :class:`FetchError` with a message for the user.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

MAX_REDIRECTS = 5
# What a page may be served as; anything else is not an article we can read.
CONTENT_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "text/x-markdown",
}
# The cloud providers' instance metadata services (AWS, GCP, Azure, OpenStack…);
# they are link-local anyway, named here so the refusal says what they are.
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
}
_REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """The page cannot be fetched; the message is shown to the user as is.

    ``transient`` when trying again later may work (a timeout, a refused
    connection, a 5xx or 429 answer): background jobs retry those with backoff.
    """

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class FetchedPage:
    url: str  # the final address, after redirects, without its #fragment
    content: bytes
    content_type: str  # "text/html", … ("" when the server named none)
    charset: str  # as declared in the Content-Type header, or ""
    # Conditional GET (feeds): 304 when the server says nothing changed since the
    # ETag / Last-Modified sent; the validators to send next time.
    status: int = 200
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Refused(Exception):
    """Raised inside the connection: the host resolved to an address we refuse."""


@dataclass(frozen=True)
class _Allow:
    hosts: frozenset[str]
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> _Allow:
        hosts, networks = set(), []
        for entry in entries:
            entry = entry.strip().lower()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                hosts.add(entry.rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        if any(address in network for network in self.networks):
            return True
        # A host allowed by name may be local, but never the metadata service.
        return host.lower().rstrip(".") in self.hosts and address not in METADATA_ADDRESSES


def refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Why Claimtrack does not fetch from this address, or "" when it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address in METADATA_ADDRESSES:
        return "the cloud metadata service"
    if address.is_loopback:
        return "this machine (loopback)"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_private:
        return "a private network address"
    if address.is_reserved or not address.is_global:
        return "a reserved address"
    return ""


class _CheckedBackend(httpcore.NetworkBackend):
    """Resolves the host itself and connects only to an address it checked."""

    def __init__(self, allow: _Allow) -> None:
        self._backend = httpcore.SyncBackend()
        self._allow = allow

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable | None = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise FetchError(f"the server {host} could not be found") from None
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
        # Every address is checked: a name that resolves to a public and a private
        # address is refused, whichever of them a connection would have used.
        for address in addresses:
            why = refusal(address)
            if why and not self._allow.allows(host, address):
                literal = host.strip("[]") == str(address)
                named = f"{host} is" if literal else f"{host} is {address},"
                raise _Refused(f"{named} {why}; Claimtrack does not fetch from there")
        error: Exception | None = None
        for address in addresses:
            try:
                return self._backend.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None  # getaddrinfo returns at least one address or raises
        raise error

    def connect_unix_socket(self, *args: object, **kwargs: object) -> httpcore.NetworkStream:
        raise _Refused("Claimtrack does not fetch from local sockets")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _CheckedTransport(httpx.HTTPTransport):
    def __init__(self, allow: _Allow) -> None:
        super().__init__(trust_env=False)
        # Same pool as httpx builds, with the checking backend; never a proxy.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=4,
            max_keepalive_connections=2,
            network_backend=_CheckedBackend(allow),
        )


def user_agent() -> str:
    return f"Claimtrack/0.1 (fact-checking; +{settings.CLAIMTRACK_PUBLISHER_URL})"


def _check_url(url: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise FetchError(f"{url[:80]!r} is not a web address") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url[:80]!r} is not a web address: expected http:// or https://…")
    if parts.username or parts.password:
        raise FetchError("addresses with a user name or password are not fetched")
    if len(url) > 2000:
        raise FetchError("the address is longer than 2,000 characters")
    return url.split("#", 1)[0]


def _content_type(response: httpx.Response) -> tuple[str, str]:
    header = response.headers.get("content-type", "")
    if not header:
        return "", ""
    message = Message()
    message["content-type"] = header
    return message.get_content_type().lower(), (message.get_param("charset") or "").strip()


def fetch(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    content_types: frozenset[str] | set[str] | None = None,
) -> FetchedPage:
    """Fetch ``url`` as described in the module docstring; :class:`FetchError` if not.

    ``headers`` are sent too (``If-None-Match``, ``If-Modified-Since``: a 304 answer
    is then a page with ``not_modified`` and no content); ``content_types`` replaces
    the types accepted (a feed is XML or JSON, not a web page).
    """
    url = _check_url(url)
    accepted = CONTENT_TYPES if content_types is None else content_types
    limit = settings.CLAIMTRACK_MAX_IMPORT_BYTES
    seconds = settings.CLAIMTRACK_FETCH_TIMEOUT
    deadline = time.monotonic() + 3 * seconds
    allow = _Allow.parse(settings.CLAIMTRACK_FETCH_ALLOW)
    headers = {
        "User-Agent": user_agent(),
        "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
        **(headers or {}),
    }
    timeout = httpx.Timeout(seconds, connect=min(seconds, 5.0))
    with httpx.Client(
        transport=_CheckedTransport(allow),
        headers=headers,
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
    ) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            host = urlsplit(url).hostname or url
            try:
                with client.stream("GET", url) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        url = _check_url(urljoin(url, response.headers["location"]))
                        continue
                    final = str(response.url).split("#", 1)[0]
                    validators = {
                        "etag": response.headers.get("etag", ""),
                        "last_modified": response.headers.get("last-modified", ""),
                    }
                    if response.status_code == 304:  # our conditional GET: nothing new
                        return FetchedPage(final, b"", "", "", status=304, **validators)
                    content_type, charset = _page_type(response, accepted)
                    content = _read(response, limit=limit, deadline=deadline)
                    return FetchedPage(
                        url=final,
                        content=content,
                        content_type=content_type,
                        charset=charset,
                        **validators,
                    )
            except (FetchError, _Refused) as exc:
                transient = getattr(exc, "transient", False)
                raise FetchError(str(exc), transient=transient) from None
            except httpx.TimeoutException:
                raise FetchError(f"{host} did not answer in time", transient=True) from None
            except httpx.ConnectError as exc:
                if isinstance(exc.__context__, ssl.SSLError) or "SSL" in str(exc):
                    raise FetchError(f"the secure connection to {host} failed") from None
                raise FetchError(f"could not connect to {host}", transient=True) from None
            except httpx.HTTPError as exc:
                reason = type(exc).__name__
                raise FetchError(
                    f"the connection to {host} failed ({reason})", transient=True
                ) from None
    raise FetchError(f"the page redirects more than {MAX_REDIRECTS} times")


def _page_type(
    response: httpx.Response, accepted: frozenset[str] | set[str] = frozenset(CONTENT_TYPES)
) -> tuple[str, str]:
    if response.status_code >= 400:
        phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
        transient = response.status_code >= 500 or response.status_code in (408, 429)
        raise FetchError(f"the server answered {response.status_code}{phrase}", transient=transient)
    if response.status_code != 200:
        raise FetchError(f"the server answered {response.status_code}, not a page")
    content_type, charset = _content_type(response)
    # A server that names no type gets the benefit of the doubt: the parser still
    # refuses what is binary.
    if content_type and content_type not in accepted:
        raise FetchError(f"the address serves {content_type}, not a web page (HTML or text)")
    return content_type, charset


def _read(response: httpx.Response, *, limit: int, deadline: float) -> bytes:
    too_large = f"the page is larger than the import limit ({limit:,} bytes)"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(too_large)
    chunks, size = [], 0
    # Decoded bytes are counted, so a small compressed body cannot expand past the limit.
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(too_large)
        if time.monotonic() > deadline:
            raise FetchError(f"{response.url.host} sent the page too slowly")
        chunks.append(chunk)
    return b"".join(chunks)
