"""`storyscope serve`: loopback by default, a public address only with a token; it really serves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from storyscope.errors import ConfigError
from storyscope.web.security import check_bind


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "example.org"])
def test_serve_refuses_a_public_host_without_a_token(cli, examples_db, host):
    result = cli("serve", "--db", examples_db, "--host", host, "--port", "1")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: refusing to listen on")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST", "::1"])
def test_loopback_needs_no_token(host):
    check_bind(host, None)


def test_a_token_allows_a_public_host():
    check_bind("0.0.0.0", "tok")
    with pytest.raises(ConfigError):
        check_bind("0.0.0.0", "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_answers_on_loopback(web_db):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYSCOPE_")}
    server = subprocess.Popen([sys.executable, "-m", "storyscope.cli.app", "serve", "--db", web_db,
                               "--port", str(port), "--token", "tok"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stories", headers={"Authorization": "Bearer tok"})
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["total"] == 1
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=30)
