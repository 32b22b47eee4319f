"""Malformed uploads against a real ``storyscope serve`` on 127.0.0.1, sent over raw sockets so that
no client library mends the request: each is refused with a short 4xx (or, when only the client's
file name is hostile, accepted under a name the server makes up), none is a 5xx or hangs, the
server answers the next request, nothing lands outside its private upload directory and its
log holds no traceback."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .test_serve import _free_port

pytestmark = pytest.mark.slow

SECONDS = 15  # longest wait for one answer: longer is a hang
START_SECONDS = 60
JOB_SECONDS = 120
BOUNDARY = "sScopeBoundary7e3a"
ARTICLE = ("Ferry service resumes in Northport\n"
           "The Northport ferry resumed its crossings on Monday after storm repairs, the harbour office said.\n"
           "\"Every boat is back on the water,\" harbour master Ines Vale said on May 6, 2024.\n")
MAX_MESSAGE = 300  # characters of a refusal's detail: one short line, never the request echoed
HOSTILE_NAMES = ("passwd", "windows", "ABSOLUTE", "absolute-evil")  # and any name with "evil"


@dataclass
class Server:
    port: int
    home: Path  # the server's cwd and TMPDIR: its upload directory lives here
    log: Path  # stderr
    access: Path  # stdout: uvicorn's access log
    process: subprocess.Popen
    token: str = ""
    cookie: str = ""  # the browser cookie the token is bound to (name=value)
    jobs: list[str] = field(default_factory=list)  # ids of accepted jobs, awaited before the file check


@dataclass
class Answer:
    status: int | None  # None: the server closed the connection without an answer
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


def exchange(port: int, request: bytes, *, shut_write: bool = False) -> Answer:
    """Send ``request`` as is and read the answer until the server closes (every request says
    ``Connection: close``); a server that stays silent longer than SECONDS fails the test."""
    with socket.create_connection(("127.0.0.1", port), timeout=SECONDS) as sock:
        deadline = time.monotonic() + SECONDS
        try:
            sock.sendall(request)
            if shut_write:
                sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading all: its answer is still read below
        received = bytearray()
        while True:
            assert time.monotonic() < deadline, "the server did not answer in time"
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            except TimeoutError:
                raise AssertionError("the server did not answer in time") from None
            if not chunk:
                break
            received += chunk
    if not received:
        return Answer(None, {}, b"")
    head, _, body = bytes(received).partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return Answer(int(status_line.split()[1]), headers, body)


def get(server: Server, path: str) -> Answer:
    return exchange(server.port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                                 "Connection: close\r\n\r\n".encode())


def post(server: Server, body: bytes, content_type: str | None = None, *, length: int | None = None,
         headers: tuple[str, ...] = (), shut_write: bool = False) -> Answer:
    """POST ``body`` to /api/articles with the CSRF header and a same-site Origin; ``length`` is the
    Content-Length stated (default: the body's; -1: none), ``headers`` extra header lines."""
    lines = ["POST /api/articles HTTP/1.1", f"Host: 127.0.0.1:{server.port}",
             f"Origin: http://127.0.0.1:{server.port}", f"X-CSRF-Token: {server.token}", f"Cookie: {server.cookie}",
             "Connection: close"]
    if content_type is not None:
        lines.append(f"Content-Type: {content_type}")
    stated = len(body) if length is None else length
    if stated >= 0:
        lines.append(f"Content-Length: {stated}")
    head = ("\r\n".join(lines + list(headers)) + "\r\n\r\n").encode("latin-1")
    return exchange(server.port, head + body, shut_write=shut_write)


def part(disposition: bytes | None, content: bytes = b"", *, extra: bytes = b"") -> bytes:
    """One multipart part (its headers then its content), without the boundary lines."""
    head = (b"Content-Disposition: " + disposition + b"\r\n" if disposition is not None else b"") + extra
    return head + b"\r\n" + content


def multipart(*parts: bytes, boundary: str = BOUNDARY, closed: bool = True) -> bytes:
    delimiter = b"--" + boundary.encode()
    body = b"".join(delimiter + b"\r\n" + p + b"\r\n" for p in parts)
    return body + (delimiter + b"--\r\n" if closed else b"")


FORM = f"multipart/form-data; boundary={BOUNDARY}"
TEXT_PART = part(b'form-data; name="text"', ARTICLE.encode())


def upload(name: bytes, content: bytes = ARTICLE.encode()) -> bytes:
    return multipart(part(b'form-data; name="files"; filename="' + name + b'"', content,
                          extra=b"Content-Type: text/plain\r\n"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("multipart-serve")
    port = _free_port()
    log, access = home / "serve.err", home / "serve.out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYSCOPE_")}
    env.update(TMPDIR=str(home), PYTHONUNBUFFERED="1")
    with open(log, "wb") as stderr, open(access, "wb") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "storyscope.cli.app", "serve", "--db", f"sqlite:///{home / 'x.db'}",
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=home, env=env, stdout=stdout, stderr=stderr)
    running = Server(port, home, log, access, process)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                csrf = get(running, "/api/csrf")
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert csrf.status == 200 and csrf.json()["header"] == "X-CSRF-Token"
        running.token = csrf.json()["token"]
        running.cookie = csrf.headers["set-cookie"].partition(";")[0]
        yield running
    finally:
        process.terminate()
        process.wait(timeout=30)


def finished(server: Server, job_id: str) -> dict:
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        state = get(server, f"/api/jobs/{job_id}")
        assert state.status == 200
        if state.json()["state"] == "done":
            return state.json()
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish")


def still_serving(server: Server) -> None:
    assert server.process.poll() is None, "the server died"
    assert get(server, "/api/stories").status == 200


def refused(answer: Answer, statuses: set[int]) -> str:
    """The detail of a refusal whose status is in ``statuses``: JSON, one short line."""
    assert answer.status in statuses, (answer.status, answer.body[:500])
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and len(detail) <= MAX_MESSAGE
    return detail


# Why these statuses:
#  400 "bad request": Starlette's multipart parser refuses the form (MultiPartException, shown
#      with the app's fixed wording) or h11 refuses the HTTP framing ("Invalid HTTP request received.",
#      not JSON: checked apart);
#  400 "nothing to add": the form parsed but holds no file and no text (the intake's NOTHING);
#  400 "the upload ended before ...": the body stopped before the closing delimiter, so a part
#      may be missing or cut (the intake's CUT_SHORT): the parts that came whole are not taken;
#  411: no Content-Length (the intake reads only a body of stated size; chunked has none). With a
#      malformed chunk in the same packet uvicorn answers its own 400 first and the app's 411 is
#      refused (which the app must take quietly: see the log check at the end).
BAD_FORM = "bad request"
NOTHING = "nothing to add: choose files or paste a text"
CUT_SHORT = "the upload ended before its last part was complete: nothing from it was added"
FILE_PART = part(b'form-data; name="files"; filename="whole.txt"', ARTICLE.encode(),
                 extra=b"Content-Type: text/plain\r\n")

FORM_CASES = {
    "no boundary parameter": ("multipart/form-data", multipart(TEXT_PART), BAD_FORM),
    "empty boundary": ('multipart/form-data; boundary=""', multipart(TEXT_PART), BAD_FORM),
    "boundary of 300 characters": ("multipart/form-data; boundary=" + "b" * 300,
                                   multipart(TEXT_PART, boundary="b" * 300), BAD_FORM),
    "body never holds the boundary": (FORM, b"just some bytes\r\n" * 50, BAD_FORM),
    "opening boundary, no closing one": (FORM, multipart(TEXT_PART, closed=False), CUT_SHORT),
    "a whole file, then one cut off": (
        FORM, multipart(FILE_PART, closed=False) + b"--" + BOUNDARY.encode() + b"\r\n"
        + part(b'form-data; name="files"; filename="cut.txt"', ARTICLE.encode()[:100]), CUT_SHORT),
    "part without Content-Disposition": (FORM, multipart(part(None, ARTICLE.encode())), BAD_FORM),
    "Content-Disposition without name": (FORM, multipart(part(b"form-data", ARTICLE.encode())), BAD_FORM),
    "Content-Disposition without name, with filename": (
        FORM, multipart(part(b'form-data; filename="a.txt"', ARTICLE.encode())), BAD_FORM),
    "file name of 10,000 characters": (FORM, upload(b"n" * 10_000 + b".txt"), BAD_FORM),
    "header line of 100 KB in a part": (
        FORM, multipart(part(b'form-data; name="text"', ARTICLE.encode(), extra=b"X-Pad: " + b"p" * 100_000 + b"\r\n")),
        BAD_FORM),
    "10,000 tiny fields": (FORM, multipart(*(part(f'form-data; name="f{i}"'.encode(), b"x") for i in range(10_000))),
                           BAD_FORM),
    "10,000 tiny files": (FORM, multipart(*(part(f'form-data; name="files"; filename="{i}.txt"'.encode(), b"x")
                                            for i in range(10_000))), BAD_FORM),
    "latin-1 field name and value": (FORM, multipart(part(b'form-data; name="t\xe9xt\xff"', b"caf\xe9 \xe0 la cr\xe8me")),
                                     NOTHING),
}


@pytest.mark.parametrize("case", list(FORM_CASES))
def test_a_malformed_form_is_refused_with_a_short_400(server, case):
    content_type, body, expected = FORM_CASES[case]
    answer = post(server, body, content_type)
    assert refused(answer, {400}) == expected
    still_serving(server)


def test_a_body_shorter_than_its_content_length_does_not_hang_the_server(server):
    body = multipart(TEXT_PART)
    # the client half-closes before the stated length: uvicorn takes the end of input as a
    # disconnect and closes the connection; there is no one left to answer
    answer = post(server, body, FORM, length=len(body) + 10_000, shut_write=True)
    assert answer.status is None
    still_serving(server)


def test_a_body_longer_than_its_content_length_is_cut_there(server):
    body = multipart(TEXT_PART)
    # the form ends inside the text part: no closing boundary within the stated length
    answer = post(server, body + b"trailing junk " * 100, FORM, length=len(body) // 2)
    assert refused(answer, {400}) == CUT_SHORT
    still_serving(server)


@pytest.mark.parametrize("length", [-1, 0], ids=["chunked only", "chunked and Content-Length"])
def test_chunked_with_a_malformed_chunk_size_is_refused(server, length):
    body = b"zz-not-hex\r\n" + multipart(TEXT_PART) + b"\r\n0\r\n\r\n"
    answer = post(server, body, FORM, length=length, headers=("Transfer-Encoding: chunked",))
    assert answer.status in {400, 411}, (answer.status, answer.body[:500])
    assert len(answer.body) <= MAX_MESSAGE
    still_serving(server)


def test_a_good_upload_is_accepted_and_stored(server):
    answer = post(server, upload(b"ferry.txt"), FORM)
    assert answer.status == 202, answer.body[:500]
    server.jobs.append(answer.json()["id"])
    job = finished(server, answer.json()["id"])
    assert job["added"] == 1 and job["failures"] == [] and job["inputs"] == ["ferry.txt"]
    assert job["articles"][0]["source"] == "ferry.txt"


@pytest.mark.parametrize(("name", "label"), [
    (b"../../etc/passwd", "passwd"),
    (b"..\\..\\windows\\passwd", "passwd"),
    (b"/ABSOLUTE/absolute-evil", "absolute-evil"),
    (b"evil\x00name\x01\x1b[31m\x7f.txt", "evilname[31m.txt"),
], ids=["dot-dot", "backslashes", "absolute", "NUL and controls"])
def test_a_hostile_file_name_is_only_a_label(server, name, label):
    # the file itself is fine: it is stored under a name the server makes up, labelled by the
    # last part of the client's name with the unprintable characters dropped
    name = name.replace(b"/ABSOLUTE", str(server.home).encode())
    answer = post(server, upload(name), FORM)
    assert answer.status == 202, answer.body[:500]
    assert answer.json()["inputs"] == [label]
    server.jobs.append(answer.json()["id"])
    still_serving(server)


def test_nothing_was_written_outside_and_nothing_went_wrong_inside(server):
    for job_id in server.jobs:
        assert finished(server, job_id)["error"] is None
    still_serving(server)
    # the server's cwd and TMPDIR (recursively), then where a name walking out of them would land
    near = [server.home.parent, server.home.parent.parent, Path.cwd(), Path(tempfile.gettempdir())]
    found = [p for p in [*server.home.rglob("*"), *(q for place in near for q in place.iterdir())]
             if p.name in HOSTILE_NAMES or "evil" in p.name]
    assert found == []
    server.process.terminate()
    server.process.wait(timeout=30)
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log and "Exception in ASGI" not in log, log[-3000:]
    statuses = re.findall(r'" (\d{3})', server.access.read_text(encoding="utf-8", errors="replace"))
    assert statuses and not [s for s in statuses if s.startswith("5")]
