"""The closing-delimiter watcher sees the mark wherever the body is cut into messages."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from storyscope.web.form_end import ClosingDelimiter, watched

BODY = b"--xyz\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nsome text\r\n--xyz--\r\n"


def through(watcher_of, chunks: list[bytes]) -> tuple[bool, bytes]:
    """Every chunk read through the watcher: whether it saw the mark, and the body passed on."""
    messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]

    async def receive():
        return messages.pop(0)

    watcher = watcher_of(receive)

    async def read_all():
        return b"".join([(await watcher())["body"] for _ in range(len(chunks))])

    passed = finished(read_all())
    return watcher.seen, passed


def finished(coroutine):
    """The result of a coroutine that never waits (here every message is at hand), without an
    event loop: another test may have left one running in this thread."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise AssertionError("the coroutine waited")


@pytest.mark.parametrize("cut", range(1, len(BODY)))
def test_the_mark_is_seen_wherever_the_body_is_cut(cut):
    seen, passed = through(lambda r: ClosingDelimiter(r, b"xyz"), [BODY[:cut], BODY[cut:]])
    assert seen and passed == BODY


def test_the_mark_is_seen_across_one_byte_messages():
    assert through(lambda r: ClosingDelimiter(r, b"xyz"), [bytes([b]) for b in BODY])[0]


@pytest.mark.parametrize("body", [BODY[:-9], BODY.replace(b"--xyz--", b"--xyz\r\n"), BODY.replace(b"xyz--", b"xyw--")],
                         ids=["cut before the mark", "no closing mark", "another boundary's mark"])
def test_a_body_without_its_mark_is_noticed(body):
    assert through(lambda r: ClosingDelimiter(r, b"xyz"), [body[:20], body[20:]])[0] is False


@pytest.mark.parametrize(("content_type", "kind"), [
    ("multipart/form-data; boundary=xyz", ClosingDelimiter),
    ('multipart/form-data; boundary="xyz"', ClosingDelimiter),
    ("multipart/form-data", type(None)),
    ('multipart/form-data; boundary=""', type(None)),
    ("application/x-www-form-urlencoded", type(None)),
])
def test_only_a_multipart_body_with_a_boundary_is_watched(content_type, kind):
    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-type", content_type.encode())]}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    _, watcher = watched(Request(scope, receive))
    assert isinstance(watcher, kind)
