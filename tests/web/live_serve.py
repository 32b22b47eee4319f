"""A real ``storyscope serve`` in a child process, for tests that need real sockets:
``with serving_store(db, "--body-timeout", "2") as port: ...``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving_store(db: str, *options: str, env: dict[str, str] | None = None) -> Iterator[int]:
    """``storyscope serve --db db OPTIONS`` on a free loopback port; yields the port once it answers."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STORYSCOPE_")}
    server = subprocess.Popen([sys.executable, "-m", "storyscope.cli.app", "serve", "--db", db, "--port", str(port), *options],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**clean, **(env or {})})
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/static/style.css", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def raw_connection(port: int, timeout: float = 30) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.settimeout(timeout)
    return sock


def read_answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)
