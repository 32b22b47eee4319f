"""What a real ``storyscope serve`` refuses before reading a request, and what it keeps off the
event loop (``web/guard.py``, ``web/intake.py``): each case as a client on loopback sends it."""

from __future__ import annotations

import select
import threading
import time

import httpx
import pytest

from storyscope.web.intake import pasted_document

from .conftest import copy_sqlite
from .live_serve import raw_connection, read_answer, serving_store

pytestmark = pytest.mark.slow

ALLOWED = "news.internal"
BODY_SECONDS = 3


@pytest.fixture(scope="module")
def port(web_db, tmp_path_factory):
    db = copy_sqlite(web_db, tmp_path_factory.mktemp("guard") / "guard.db")
    with serving_store(db, "--allow-host", ALLOWED, "--body-timeout", str(BODY_SECONDS)) as port:
        yield port


def base(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def csrf_header(port: int, browser: httpx.Client) -> dict[str, str]:
    """The CSRF header for requests of ``browser`` (its cookie jar holds what the token is bound to)."""
    body = browser.get(f"{base(port)}/api/csrf").json()
    return {body["header"]: body["token"]}


def raw_csrf(port: int) -> tuple[str, str]:
    """A CSRF token and the Cookie header line it is bound to, for requests sent over raw sockets."""
    response = httpx.get(f"{base(port)}/api/csrf")
    return response.json()["token"], "Cookie: " + "; ".join(f"{k}={v}" for k, v in response.cookies.items())


def article_count(port: int) -> int:
    return httpx.get(f"{base(port)}/api/articles").json()["total"]


def big_html(paragraphs: int) -> str:
    """A long, plausible page: the kind of text a reader might paste by mistake."""
    words = "council budget river bridge school library harbour vote report mayor funding repair".split()
    body = "".join(f"<p>Paragraph {i}: the {words[i % 12]} {words[i * 7 % 12]} plan was discussed on day {i % 28 + 1}, "
                   f"with {i * 13 % 997} residents attending and {words[i * 5 % 12]} figures read aloud.</p>\n"
                   for i in range(paragraphs))
    return f"<html><head><title>Long council minutes</title></head><body><article>{body}</article></body></html>"


# ---------------------------------------------------------------- 1. nothing heavy on the event loop

def test_a_large_pasted_text_does_not_hold_other_clients(port):
    text = big_html(40_000)
    started = time.perf_counter()
    assert not hasattr(pasted_document(text, {}), "code")  # it parses (a document, not a Failure)
    parse_seconds = time.perf_counter() - started
    finished: dict[str, float] = {}

    def post_big():
        with httpx.Client() as browser:
            response = browser.post(f"{base(port)}/api/articles", data={"text": text},
                                    headers=csrf_header(port, browser), timeout=120)
        finished["post"] = time.perf_counter()
        finished["post_status"] = response.status_code

    poster = threading.Thread(target=post_big)
    poster.start()
    time.sleep(min(0.5, parse_seconds / 4))  # the body is on its way and being read
    asked = time.perf_counter()
    assert httpx.get(f"{base(port)}/api/stories", timeout=120).status_code == 200
    finished["get"] = time.perf_counter()
    poster.join()
    assert finished["post_status"] == 202
    # the small request does not wait for the big one's parse
    assert finished["get"] < finished["post"], (finished, parse_seconds)
    assert finished["get"] - asked < parse_seconds / 2, (finished["get"] - asked, parse_seconds)


def test_a_pasted_text_over_the_character_cap_is_refused_unparsed():
    failure = pasted_document("<p>" + "x" * 20_000_001 + "</p>", {})
    assert failure.code == "too-large" and "character limit" in failure.reason


# ---------------------------------------------------------------- 2. DNS rebinding

@pytest.mark.parametrize("host", ["attacker.example", "127.0.0.1.attacker.example", "localhost.example", ""])
def test_a_foreign_host_gets_no_csrf_token(port, host):
    response = httpx.get(f"{base(port)}/api/csrf", headers={"Host": f"{host}:{port}" if host else ""})
    assert response.status_code in (400, 421)
    assert "token" not in response.json() and "loopback" in response.json()["detail"]


def test_a_rebound_post_with_matching_origin_and_token_stores_nothing(port):
    before = article_count(port)
    foreign = f"attacker.example:{port}"
    with httpx.Client() as browser:
        response = browser.post(f"{base(port)}/api/articles", data={"text": "<p>Planted words.</p>" * 20},
                                headers={**csrf_header(port, browser), "Host": foreign, "Origin": f"http://{foreign}"})
    assert response.status_code == 421
    assert article_count(port) == before


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "LOCALHOST", f"{ALLOWED}:{{port}}"])
def test_loopback_and_allowed_hosts_are_answered(port, host):
    assert httpx.get(f"{base(port)}/api/csrf", headers={"Host": host.format(port=port)}).status_code == 200


def test_allow_host_is_in_the_help(cli):
    assert "--allow-host" in cli("serve", "--help").stdout


# ---------------------------------------------------------------- 3. refused before the body

def test_a_large_body_without_a_token_is_refused_before_it_is_sent(port):
    sock = raw_connection(port, timeout=10)
    with sock:
        sock.sendall(f"POST /api/articles/url HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                     "Content-Type: application/json\r\nContent-Length: 300000000\r\n\r\n".encode() + b'{"url": "' + b"a" * 1000)
        answer = read_answer(sock)  # answered (and closed) with 299,998,990 bytes still unsent
    assert answer.startswith(b"HTTP/1.1 403"), answer[:200]
    assert b"CSRF" in answer


def test_a_stated_length_over_the_cap_is_refused_before_the_body(port):
    sock = raw_connection(port, timeout=10)
    with sock:
        token, cookie = raw_csrf(port)
        sock.sendall(f"POST /api/articles/url HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-CSRF-Token: {token}\r\n{cookie}\r\n"
                     "Content-Type: application/json\r\nContent-Length: 300000000\r\n\r\n".encode())
        answer = read_answer(sock)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_chunked_body_is_cut_when_it_passes_the_cap(port):
    sock = raw_connection(port, timeout=20)
    token, cookie = raw_csrf(port)
    sent = 0
    with sock:
        sock.sendall(f"POST /api/articles/url HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-CSRF-Token: {token}\r\n{cookie}\r\n"
                     "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
        chunk = b"a" * 8192
        try:
            while sent < 50_000_000:  # far past the cap: the server must cut it long before
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        except OSError:
            pass  # the server closed the connection
        answer = read_answer(sock)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 50_000_000


# ---------------------------------------------------------------- 5. a slow client cannot hold the server

TRICKLE_SECONDS = 0.25
TRICKLE_STEPS = 60  # 15 s of trickling: five times the server's bound


def _trickle(port: int, opening: bytes, step: bytes) -> tuple[int, bytes, list[int]]:
    """Send ``opening``, then ``step`` every TRICKLE_SECONDS while another client asks for the
    stories; stops when the server answers or closes. Gives the steps sent, the answer, and the
    other client's statuses."""
    others = []
    with raw_connection(port, timeout=30) as sock:
        sock.sendall(opening)
        steps = 0
        answer = b""
        for steps in range(1, TRICKLE_STEPS + 1):
            readable, _, _ = select.select([sock], [], [], TRICKLE_SECONDS)
            if readable:
                answer = read_answer(sock)
                break
            try:
                sock.sendall(step)
            except OSError:
                break
            others.append(httpx.get(f"{base(port)}/api/stories", timeout=30).status_code)
    return steps, answer, others


def test_a_body_trickling_in_is_cut(port):
    token, cookie = raw_csrf(port)
    opening = (f"POST /api/articles/url HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-CSRF-Token: {token}\r\n{cookie}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {TRICKLE_STEPS + 10}\r\n\r\n").encode()
    steps, answer, others = _trickle(port, opening, b" ")
    assert steps < TRICKLE_STEPS, "the server waited for the whole trickle"
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert others and set(others) == {200}  # the others were answered meanwhile


def test_headers_that_never_end_are_cut(port):
    opening = f"GET /api/stories HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode()
    steps, answer, others = _trickle(port, opening, b"X-Padding: 1\r\n")
    assert steps < TRICKLE_STEPS, "the server waited for headers without end"
    assert b"200 OK" not in answer
    assert others and set(others) == {200}


def test_body_timeout_is_in_the_help(cli):
    assert "--body-timeout" in cli("serve", "--help").stdout
