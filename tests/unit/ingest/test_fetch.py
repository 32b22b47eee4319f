"""URL ingest against a real server on 127.0.0.1: what is refused (and why, in one line), and what
an explicitly allowed network lets through."""

from __future__ import annotations

import ipaddress
import time

import pytest
from local_server import redirect, serving

from storyscope.errors import TooLarge
from storyscope.ingest.fetch import FetchRefused, fetch_documents, fetch_url, forbidden_reason
from storyscope.model import Failure, RawDocument

from .builders import page

LOCAL = "127.0.0.1/32"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def _streaming(piece: bytes, count: int, pause: float):
    """An answer without Content-Length that sends ``piece`` ``count`` times, ``pause`` s apart."""

    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        try:
            for _ in range(count):
                handler.wfile.write(piece)
                handler.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass  # the client gave up, as it should

    return answer


@pytest.fixture(scope="module")
def server():
    routes = {
        "/story.html": (200, HTML, page().encode()),
        "/to-story": redirect("/story.html"),
        "/to-private": redirect("http://10.0.0.7/admin"),
        "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
        "/to-ipv6-loopback": redirect("http://[::1]:8000/"),
        "/loop": redirect("/loop"),
        "/missing": (404, {}, b"gone"),
        "/big": (200, {"Content-Type": "text/plain"}, b"word " * 2000),
        "/endless": _streaming(b"word " * 200, 10_000, 0),  # far over any cap here
        "/slow": _streaming(b"x", 100, 0.3),  # far longer than any deadline here
    }
    with serving(routes) as base:
        yield base


def _failure(url: str, **options) -> Failure:
    [item] = list(fetch_documents(url, **options))
    assert isinstance(item, Failure), item
    assert item.source == url and "\n" not in item.reason
    return item


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://10.1.2.3/", "10.1.2.3 is a private address"),
    ("http://192.168.1.1/router", "192.168.1.1 is a private address"),
    ("http://172.16.0.5/", "172.16.0.5 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata address"),
    ("http://[fd00:ec2::254]/", "fd00:ec2::254 is the cloud metadata address"),
    ("http://169.254.10.1/", "a link-local address"),
    ("http://[::1]:8000/", "::1 is a loopback address"),
    ("http://[::ffff:127.0.0.1]/", "a loopback address"),
    ("http://0.0.0.0/", "an unspecified address"),
    ("http://224.0.0.1/", "a multicast address"),
    ("http://localhost/", "localhost resolves to 127.0.0.1, a loopback address"),
    ("ftp://example.com/file", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("javascript:alert(1)", "only http and https"),
    ("http://user:secret@example.com/", "credentials"),
    ("http:///nohost", "no host"),
])
def test_non_public_addresses_and_other_schemes_are_refused_in_one_line(url, reason):
    failure = _failure(url)
    assert failure.code == FetchRefused.code
    assert reason in failure.reason


def test_the_local_server_itself_is_refused_without_an_allowed_network(server):
    assert "127.0.0.1 is a loopback address" in _failure(f"{server}/story.html").reason


def test_an_allowed_network_lets_the_page_in_with_its_url(server):
    [document] = list(fetch_documents(f"{server}/story.html", allow=LOCAL))
    assert isinstance(document, RawDocument) and document.format == "html"
    assert document.url == f"{server}/story.html" and document.source == f"{server}/story.html"
    assert document.title == "Officials invited to visit"
    assert document.extra["canonical_url"] == "https://example.com/news/visit"  # the page's own claim, kept


def test_redirects_are_followed_by_hand_and_the_final_address_recorded(server):
    [document] = list(fetch_documents(f"{server}/to-story", allow=[LOCAL]))
    assert document.url == f"{server}/story.html"


@pytest.mark.parametrize("path, reason", [
    ("/to-private", "redirected to http://10.0.0.7/admin: 10.0.0.7 is a private address"),
    ("/to-metadata", "redirected to http://169.254.169.254/latest/meta-data/: 169.254.169.254 is the cloud metadata"),
    ("/to-ipv6-loopback", "redirected to http://[::1]:8000/: ::1 is a loopback address"),
])
def test_a_redirect_from_an_allowed_server_to_a_forbidden_address_is_refused(server, path, reason):
    assert reason in _failure(f"{server}{path}", allow=LOCAL).reason


def test_the_metadata_address_stays_refused_even_inside_an_allowed_network():
    assert "metadata" in _failure("http://169.254.169.254/", allow="169.254.0.0/16").reason
    assert forbidden_reason(ipaddress.ip_address("169.254.1.1"), [ipaddress.ip_network("169.254.0.0/16")]) is None


@pytest.mark.parametrize("address, reason", [
    ("2002:7f00:1::", "a 6to4 address of 127.0.0.1, a loopback address"),
    ("2002:c0a8:101::1", "a 6to4 address of 192.168.1.1, a private address"),
    ("2002:a9fe:a9fe::", "a 6to4 address of 169.254.169.254, the cloud metadata address"),
    ("64:ff9b::7f00:1", "a NAT64 address of 127.0.0.1, a loopback address"),
    ("64:ff9b::a00:1", "a NAT64 address of 10.0.0.1, a private address"),
    ("64:ff9b::a9fe:a9fe", "a NAT64 address of 169.254.169.254, the cloud metadata address"),
    # Teredo: server 65.54.227.120, client 127.0.0.1 (stored inverted in the last 32 bits)
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "a Teredo address of 127.0.0.1, a loopback address"),
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "a Teredo address of 10.0.0.1, a private address"),
])
def test_an_ipv4_address_embedded_in_ipv6_is_judged_too(address, reason):
    assert forbidden_reason(ipaddress.ip_address(address)) == reason


def test_an_embedded_public_ipv4_adds_no_refusal_and_an_allowed_one_passes():
    assert forbidden_reason(ipaddress.ip_address("2002:808:808::1")) is None  # 6to4 of 8.8.8.8
    allowed = [ipaddress.ip_network("127.0.0.2/32")]
    assert forbidden_reason(ipaddress.ip_address("2002:7f00:2::"), allowed) is None
    assert "metadata" in forbidden_reason(ipaddress.ip_address("64:ff9b::a9fe:a9fe"), [ipaddress.ip_network("0.0.0.0/0")])


@pytest.mark.parametrize("url, reason", [
    ("http://[2002:7f00:1::]:8000/", "2002:7f00:1:: is a 6to4 address of 127.0.0.1, a loopback address; not fetched"),
    ("http://[64:ff9b::7f00:1]/", "64:ff9b::7f00:1 is a NAT64 address of 127.0.0.1, a loopback address"),
    ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "a Teredo address of 127.0.0.1, a loopback address"),
])
def test_a_url_with_an_embedded_forbidden_ipv4_is_refused_before_connecting(url, reason):
    assert reason in _failure(url).reason


def test_an_international_host_name_is_checked_and_sent_in_its_ascii_form(server):
    port = server.rsplit(":", 1)[1]
    # ideographic full stops are dots to IDNA (and to getaddrinfo): this is 127.0.0.1
    assert "127.0.0.1 is a loopback address" in _failure(f"http://127\u30020\u30020\u30021:{port}/story.html").reason
    [document] = list(fetch_documents(f"http://127\u30020\u30020\u30021:{port}/story.html", allow=LOCAL))
    assert isinstance(document, RawDocument) and document.title == "Officials invited to visit"
    assert "not a valid international name" in _failure(f"http://{'a' * 70}\u00fc.example/").reason


def test_more_than_five_redirects_are_refused(server):
    assert "more than 5 redirects" in _failure(f"{server}/loop", allow=LOCAL).reason


def test_an_error_status_is_refused(server):
    assert "HTTP 404" in _failure(f"{server}/missing", allow=LOCAL).reason


def test_a_declared_size_over_the_cap_is_refused_before_reading(server):
    failure = _failure(f"{server}/big", allow=LOCAL, max_bytes=5000)
    assert failure.code == TooLarge.code and "10000 bytes is over the 5000-byte limit" in failure.reason


def test_an_endless_body_is_cut_at_the_cap(server):
    with pytest.raises(TooLarge, match="more than 50000 bytes; stopped reading"):
        fetch_url(f"{server}/endless", allow=LOCAL, max_bytes=50_000)


def test_a_slow_server_hits_the_total_deadline(server):
    started = time.monotonic()
    failure = _failure(f"{server}/slow", allow=LOCAL, deadline_seconds=1.0, read_seconds=5.0)
    assert "deadline" in failure.reason and time.monotonic() - started < 3


def test_a_silent_server_hits_the_read_timeout(server):
    failure = _failure(f"{server}/slow", allow=LOCAL, read_seconds=0.1)
    assert "did not" in failure.reason or "stopped sending" in failure.reason


def test_an_unresolvable_host_is_one_line():
    assert "does not resolve" in _failure("http://nothing-here.invalid/").reason
