"""A URL -> its documents, fetched without letting the caller reach what it should not.

``fetch_url`` speaks only http and https and refuses any address that is not on the
public internet (loopback, private, link-local, reserved, multicast, unspecified, and
the cloud metadata address always), for every address the host name resolves to; an
IPv6 address that carries an IPv4 one (mapped, 6to4, NAT64, Teredo) is judged by both. The
connection goes to the address that was checked (the host name travels in the Host
header and TLS SNI), so a second, different DNS answer cannot slip past the check.
Redirects are followed by hand, at most ``max_redirects``, each target checked again.
Connect and read timeouts, a total deadline and a size cap bound every fetch.

``allow`` lists networks that may be fetched from although they are not public (an
intranet, a test server on 127.0.0.1); it never opens the metadata address.

``fetch_documents`` reads the bytes with the normal ingest (``read_bytes``) and records
the URL as the article's address. Every refusal is a ``Failure`` with one line naming
the URL and the reason; nothing here raises for a bad URL or a bad server.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import httpx

from storyscope.errors import InputError, TooLarge
from storyscope.ingest.dispatch import DEFAULT_MAX_BYTES, read_bytes
from storyscope.model import Failure, RawDocument

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CONNECT_SECONDS = 5.0
READ_SECONDS = 10.0
DEADLINE_SECONDS = 30.0
MAX_REDIRECTS = 5
USER_AGENT = "storyscope (+https://github.com/storyscope)"


class FetchRefused(InputError):
    """The URL is not fetched, or its server's answer is not used."""

    code = "fetch-refused"


@dataclass(frozen=True)
class Fetched:
    url: str  # where the bytes came from, after redirects
    data: bytes
    content_type: str
    fetched: str = field(default_factory=lambda: datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))


def parse_networks(text: str | Iterable[str]) -> tuple[Network, ...]:
    """``"10.1.0.0/16, 127.0.0.1"`` (or a list of such) as networks; a bad one is a ``ValueError``."""
    items = text.split(",") if isinstance(text, str) else text
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip())


def forbidden_reason(address: IPAddress, allow: Iterable[Network] = ()) -> str | None:
    """Why ``address`` may not be fetched from, or None when it may."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:  # ::ffff:127.0.0.1 is 127.0.0.1
        address = mapped
    for kind, embedded in _embedded_ipv4(address):
        # a relay or gateway may deliver it to that IPv4 address: judge that address too
        reason = forbidden_reason(embedded, allow)
        if reason:
            return f"{kind} address of {embedded}, {reason}"
    if address in METADATA_ADDRESSES:
        return "the cloud metadata address"
    if any(address in network for network in allow if network.version == address.version):
        return None
    for kind, test in (("a loopback", address.is_loopback), ("an unspecified", address.is_unspecified),
                       ("a link-local", address.is_link_local), ("a multicast", address.is_multicast),
                       ("a private", address.is_private), ("a reserved", address.is_reserved)):
        if test:
            return f"{kind} address"
    if not address.is_global:
        return "not a public address"
    return None


def _embedded_ipv4(address: IPAddress) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address carries by a translation scheme: 6to4 (2002::/16),
    the NAT64 well-known prefix (64:ff9b::/96, its last 32 bits) and Teredo (the client)."""
    if address.version != 6:
        return []
    found = []
    if address.sixtofour is not None:
        found.append(("a 6to4", address.sixtofour))
    if address in NAT64_PREFIX:
        found.append(("a NAT64", ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)))
    if address.teredo is not None:
        found.append(("a Teredo", address.teredo[1]))
    return found


class _Fetcher:
    def __init__(self, url: str, *, max_bytes: int, allow: tuple[Network, ...], connect_seconds: float,
                 read_seconds: float, deadline_seconds: float, max_redirects: int):
        self.url = url
        self.max_bytes = max_bytes
        self.allow = allow
        self.connect_seconds = connect_seconds
        self.read_seconds = read_seconds
        self.deadline = time.monotonic() + deadline_seconds
        self.deadline_seconds = deadline_seconds
        self.max_redirects = max_redirects

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise FetchRefused(f"took longer than the {self.deadline_seconds:g} s deadline")
        return left

    def run(self) -> Fetched:
        target = self.url
        with httpx.Client(follow_redirects=False, trust_env=False, verify=True) as client:
            for hop in range(self.max_redirects + 1):
                try:
                    location, fetched = self._get(client, target)
                except InputError as exc:
                    if hop:  # name the target the server sent us to
                        raise type(exc)(f"redirected to {target}: {exc.reason}") from None
                    raise
                if fetched is not None:
                    return fetched
                target = location
        raise FetchRefused(f"more than {self.max_redirects} redirects")

    def _get(self, client: httpx.Client, url: str) -> tuple[str, Fetched | None]:
        parts = _check_url(url)
        host, port = _ascii_host(parts.hostname), parts.port or (443 if parts.scheme == "https" else 80)
        address = self._checked_address(host, port)
        literal = f"[{address}]" if address.version == 6 else str(address)
        pinned = parts._replace(netloc=f"{literal}:{port}").geturl()
        # host[:port] (credentials are refused above), an international name in IDNA: headers are ASCII
        host_header = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port is not None else "")
        timeout = httpx.Timeout(connect=min(self.connect_seconds, self.remaining()),
                                read=min(self.read_seconds, self.remaining()), write=self.read_seconds, pool=self.connect_seconds)
        extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
        request = client.build_request("GET", pinned, headers={"Host": host_header, "User-Agent": USER_AGENT,
                                                               "Accept-Encoding": "identity"},
                                       timeout=timeout, extensions=extensions)
        try:
            response = client.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchRefused("the server did not answer in time") from None
        except httpx.HTTPError as exc:
            raise FetchRefused(f"cannot connect ({type(exc).__name__})") from None
        try:
            if response.status_code in REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise FetchRefused(f"HTTP {response.status_code} redirect without a Location")
                return urljoin(url, location), None
            if not 200 <= response.status_code < 300:
                raise FetchRefused(f"the server answered HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise TooLarge(f"{declared} bytes is over the {self.max_bytes}-byte limit")
            return url, Fetched(url, self._body(response), response.headers.get("content-type", ""))
        finally:
            response.close()

    def _body(self, response: httpx.Response) -> bytes:
        data = bytearray()
        try:
            for chunk in response.iter_raw():
                data += chunk
                if len(data) > self.max_bytes:
                    raise TooLarge(f"more than {self.max_bytes} bytes; stopped reading")
                self.remaining()
        except httpx.TimeoutException:
            raise FetchRefused("the server stopped sending (read timeout)") from None
        except httpx.HTTPError as exc:
            raise FetchRefused(f"the transfer failed ({type(exc).__name__})") from None
        return bytes(data)

    def _checked_address(self, host: str, port: int) -> IPAddress:
        """The first address ``host`` resolves to, once every one of them is allowed."""
        addresses = _resolve(host, port, self.remaining())
        for address in addresses:
            reason = forbidden_reason(address, self.allow)
            if reason:
                where = f"{address} is" if host == str(address) else f"{host} resolves to {address},"
                raise FetchRefused(f"{where} {reason}; not fetched")
        return addresses[0]


def _check_url(url: str):
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises for a port out of range
    except ValueError:
        raise FetchRefused("not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchRefused("only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchRefused("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("URLs with credentials are not fetched")
    return parts._replace(scheme=parts.scheme.lower(), fragment="")


def _ascii_host(host: str) -> str:
    """The host name as DNS, the Host header and TLS see it: an international name in its IDNA
    (xn--) form, as getaddrinfo would encode it (ideographic full stops become dots)."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchRefused("the host name is not a valid international name") from None


def _resolve(host: str, port: int, seconds: float) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal is itself), within ``seconds``."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    pool = ThreadPoolExecutor(max_workers=1)  # getaddrinfo has no timeout of its own
    future = pool.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=seconds)
    except FutureTimeout:
        raise FetchRefused("the host name did not resolve in time") from None
    except (OSError, UnicodeError):
        raise FetchRefused("the host name does not resolve") from None
    finally:
        pool.shutdown(wait=False)
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])  # drop an IPv6 zone
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchRefused("the host name does not resolve")
    return addresses


def fetch_url(url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, allow: str | Iterable[str] | Iterable[Network] = (),
              connect_seconds: float = CONNECT_SECONDS, read_seconds: float = READ_SECONDS,
              deadline_seconds: float = DEADLINE_SECONDS, max_redirects: int = MAX_REDIRECTS) -> Fetched:
    """The body at ``url``; a ``FetchRefused`` or ``TooLarge`` (reason without the URL) otherwise."""
    networks = parse_networks(allow) if isinstance(allow, str) else tuple(
        n if isinstance(n, (ipaddress.IPv4Network, ipaddress.IPv6Network)) else ipaddress.ip_network(n, strict=False)
        for n in allow)
    return _Fetcher(url, max_bytes=max_bytes, allow=networks, connect_seconds=connect_seconds,
                    read_seconds=read_seconds, deadline_seconds=deadline_seconds, max_redirects=max_redirects).run()


def fetch_documents(url: str, **options) -> Iterator[RawDocument | Failure]:
    """The documents at ``url`` (options as ``fetch_url``), read like a file, each with the URL as
    its address (a page's own canonical address is kept in ``extra``); or one ``Failure``."""
    try:
        fetched = fetch_url(url, **options)
    except InputError as exc:
        yield Failure(url, exc.code, exc.reason)
        return
    name = _name_hint(fetched)
    for item in read_bytes(url, fetched.data, name=name, max_bytes=options.get("max_bytes", DEFAULT_MAX_BYTES)):
        yield _with_url(item, fetched) if isinstance(item, RawDocument) else item


def _with_url(document: RawDocument, fetched: Fetched) -> RawDocument:
    """Pages and texts are the article at the fetched address; records of a feed or an archive
    keep their own address when they state one."""
    document = replace(document, fetched=document.fetched or fetched.fetched)
    if document.format in ("html", "text"):
        extra = document.extra
        if document.url and document.url != fetched.url:
            extra = {**extra, "canonical_url": document.url}
        return replace(document, url=fetched.url, extra=extra)
    return document if document.url else replace(document, url=fetched.url)


def _name_hint(fetched: Fetched) -> str:
    """A file name that tells ``detect_format`` what the content type says, when content leaves it open."""
    kind = fetched.content_type.split(";", 1)[0].strip().lower()
    for marker, suffix in (("html", ".html"), ("rss", ".xml"), ("atom", ".xml"), ("xml", ".xml"),
                           ("jsonl", ".jsonl"), ("ndjson", ".jsonl"), ("json", ".json"), ("plain", ".txt")):
        if marker in kind:
            return "fetched" + suffix
    return urlsplit(fetched.url).path.rsplit("/", 1)[-1][-100:]
