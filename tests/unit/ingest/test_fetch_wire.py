"""URL ingest on the wire, against real servers on the loopback (HTTP, HTTPS, IPv6): what the
request carries, which port and certificate an https URL gets, the exact one-line reasons for
timeouts and failed connections, the deadline, allowed networks written with host bits, and how
the content type decides the format where the content leaves it open."""

from __future__ import annotations

import ipaddress
import random
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest
from local_server import serving

from storyscope.ingest.fetch import FetchRefused, fetch_documents, fetch_url, parse_networks
from storyscope.model import Failure, RawDocument

from .builders import page

LOCAL = "127.0.0.1/32"
HTML = {"Content-Type": "text/html; charset=utf-8"}
# a self-signed certificate for DNS:localhost (no IP address), valid until 2126
LOCALHOST_PEM = Path(__file__).parent / "tls" / "localhost.pem"
FRAGMENT = b"<p>The ministry said on Monday that officials would be allowed to visit.</p>"


def _failure(url: str, **options) -> Failure:
    [item] = list(fetch_documents(url, **options))
    assert isinstance(item, Failure), item
    assert item.source == url and "\n" not in item.reason
    return item


def _echo(handler):
    """Answers with the request headers the server saw, one ``name: value`` a line."""
    body = "".join(f"{name}: {value}\n" for name, value in handler.headers.items()).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _silent(handler):
    """Accepts the request and answers nothing for a while."""
    time.sleep(1.5)


@pytest.fixture(scope="module")
def server():
    routes = {
        "/story.html": (200, HTML, page().encode()),
        "/echo": _echo,
        "/silent": _silent,
        "/fragment": (200, HTML, FRAGMENT),
        "/fragment.html": (200, {"Content-Type": "application/octet-stream"}, FRAGMENT),
        "/untyped.html": (200, {}, FRAGMENT),
        "/broken-json": (200, {"Content-Type": "application/json"}, b"{bad json"),
    }
    with serving(routes) as base:
        yield base


def _headers_seen(fetched_text: str) -> dict[str, str]:
    return {name.lower(): value for name, value in
            (line.split(": ", 1) for line in fetched_text.splitlines() if ": " in line)}


# -- the request ----------------------------------------------------------------------------------


def test_the_host_header_carries_the_name_and_an_explicit_port(server):
    port = server.rsplit(":", 1)[1]
    seen = _headers_seen(fetch_url(f"{server}/echo", allow=LOCAL).data.decode())
    assert seen["host"] == f"127.0.0.1:{port}"
    # connected to the checked address, but the server is told the name the URL gave
    seen = _headers_seen(fetch_url(f"http://localhost:{port}/echo", allow=[LOCAL, "::1/128"]).data.decode())
    assert seen["host"] == f"localhost:{port}"
    assert seen["accept-encoding"] == "identity" and seen["user-agent"].startswith("storyscope")


def test_an_allowed_ipv6_server_is_fetched_at_its_bracketed_address():
    try:
        context = serving({"/story.html": (200, HTML, page().encode())}, host="::1")
        base = context.__enter__()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    try:
        fetched = fetch_url(f"{base}/story.html", allow="::1/128")
        assert fetched.url == f"{base}/story.html" and b"Officials invited to visit" in fetched.data
    finally:
        context.__exit__(None, None, None)


# -- https: the certificate, the name it is checked against, the default port ---------------------


def _tls_server_context(names_seen: list) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(LOCALHOST_PEM)
    context.sni_callback = lambda _sock, name, _ctx: names_seen.append(name)
    return context


@pytest.fixture(scope="module")
def tls_server():
    names_seen: list = []
    with serving({"/story.html": (200, HTML, page().encode())}, tls=_tls_server_context(names_seen)) as base:
        yield base, names_seen


def test_an_https_server_with_an_untrusted_certificate_is_refused(tls_server):
    base, _ = tls_server
    failure = _failure(f"{base}/story.html", allow=LOCAL)
    assert failure.code == FetchRefused.code and failure.reason == "cannot connect (ConnectError)"


def test_an_https_url_to_a_forbidden_address_is_refused_for_the_address_not_the_scheme():
    assert _failure("https://127.0.0.1/").reason == "127.0.0.1 is a loopback address; not fetched"
    assert _failure("HTTPS://10.0.0.1/x").reason == "10.0.0.1 is a private address; not fetched"


def test_an_https_name_is_sent_as_sni_and_its_certificate_checked_against_the_name(tls_server, monkeypatch):
    """Trusting the test certificate (httpx reads its trust store from ``certifi.where``), a fetch
    of https://localhost connects to 127.0.0.1 and must still verify the certificate for localhost."""
    import certifi

    monkeypatch.setattr(certifi, "where", lambda: str(LOCALHOST_PEM))
    base, names_seen = tls_server
    port = base.rsplit(":", 1)[1]
    names_seen.clear()
    fetched = fetch_url(f"https://localhost:{port}/story.html", allow=[LOCAL, "::1/128"])
    assert b"Officials invited to visit" in fetched.data
    assert names_seen == ["localhost"]


def test_an_https_url_without_a_port_connects_to_port_443():
    # a loopback address of its own, so that parallel runs do not share the port
    address = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(2, 254)}"
    listener = socket.socket()
    try:
        listener.bind((address, 443))
    except OSError:
        listener.close()
        pytest.skip("cannot listen on port 443 here")
    listener.listen(1)
    listener.settimeout(5)
    accepted = []

    def accept():
        try:
            connection, _ = listener.accept()
            accepted.append(True)
            connection.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        failure = _failure(f"https://{address}/story.html", allow="127.0.0.0/8", deadline_seconds=3)
        thread.join(5)
        assert accepted == [True], failure.reason  # nothing listens on port 80 there
    finally:
        listener.close()


# -- timeouts, failed connections and the deadline ------------------------------------------------


def test_a_server_that_answers_nothing_is_refused_with_the_read_timeout_reason(server):
    started = time.monotonic()
    failure = _failure(f"{server}/silent", allow=LOCAL, read_seconds=0.2)
    assert failure.reason == "the server did not answer in time" and time.monotonic() - started < 1.4


def test_a_closed_port_is_refused_as_a_failed_connection():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert _failure(f"http://127.0.0.1:{port}/", allow=LOCAL).reason == "cannot connect (ConnectError)"


def test_a_deadline_under_a_second_still_lets_a_quick_fetch_through(server):
    [document] = list(fetch_documents(f"{server}/story.html", allow=LOCAL, deadline_seconds=0.9))
    assert isinstance(document, RawDocument) and document.title == "Officials invited to visit"


def test_a_host_name_that_resolves_too_slowly_is_refused_within_the_deadline(monkeypatch):
    """No local resolver can be made slow, so ``getaddrinfo`` itself is held back here."""
    release = threading.Event()

    def slow_getaddrinfo(*_args, **_kwargs):
        release.wait(3)
        raise socket.gaierror("no answer")

    monkeypatch.setattr(socket, "getaddrinfo", slow_getaddrinfo)
    started = time.monotonic()
    try:
        failure = _failure("http://slow.example/", deadline_seconds=0.5)
    finally:
        release.set()
    assert failure.reason == "the host name did not resolve in time"
    assert time.monotonic() - started < 2


# -- allowed networks written with host bits ------------------------------------------------------


def test_an_allowed_network_written_with_host_bits_is_its_network():
    assert parse_networks("10.1.2.3/16, 127.0.0.1") == (ipaddress.ip_network("10.1.0.0/16"),
                                                       ipaddress.ip_network("127.0.0.1/32"))


@pytest.mark.parametrize("allow", ["127.0.0.1/8", ["127.0.0.1/8"]])
def test_a_server_in_an_allowed_network_written_with_host_bits_is_fetched(server, allow):
    fetched = fetch_url(f"{server}/story.html", allow=allow)
    assert b"Officials invited to visit" in fetched.data


# -- the content type where the content leaves the format open ------------------------------------


def test_a_fragment_served_as_html_is_read_as_a_page(server):
    [document] = list(fetch_documents(f"{server}/fragment", allow=LOCAL))
    assert isinstance(document, RawDocument) and document.format == "html"


@pytest.mark.parametrize("path", ["/fragment.html", "/untyped.html"])
def test_without_a_telling_content_type_the_url_s_file_name_decides(server, path):
    [document] = list(fetch_documents(f"{server}{path}", allow=LOCAL))
    assert isinstance(document, RawDocument) and document.format == "html"
    assert document.url == f"{server}{path}"


def test_a_broken_body_served_as_json_is_reported_as_invalid_json(server):
    failure = _failure(f"{server}/broken-json", allow=LOCAL)
    assert failure.reason.startswith("invalid JSON")


# -- the reason for a refused scheme --------------------------------------------------------------


@pytest.mark.parametrize("url", ["ftp://example.com/file", "file:///etc/passwd"])
def test_a_scheme_other_than_http_is_refused_with_exactly_this_reason(url):
    assert _failure(url).reason == "only http and https URLs are fetched"
