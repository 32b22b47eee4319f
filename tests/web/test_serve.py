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


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST", " ::1 "])
def test_loopback_needs_no_token(host):
    # check_bind refuses by raising ConfigError and accepts by returning nothing
    assert check_bind(host, None) is None and check_bind(host, "") is None


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


def test_serve_help_warns_that_token_shows_in_ps(cli):
    help_text = " ".join(cli("serve", "--help").stdout.split())
    assert "--token-file" in help_text and "ps" in help_text and "STORYSCOPE_TOKEN" in help_text


def test_an_unreadable_token_file_stops_serve(cli, examples_db, tmp_path):
    result = cli("serve", "--db", examples_db, "--token-file", str(tmp_path / "missing"), "--port", "1")
    assert result.returncode == 2 and "cannot read the token file" in result.stderr
    empty = tmp_path / "empty"
    empty.write_text("\n")
    result = cli("serve", "--db", examples_db, "--token-file", str(empty), "--port", "1")
    assert result.returncode == 2 and "is empty" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("given", ["file", "environment"])
def test_the_token_from_a_file_or_the_environment_stays_out_of_ps(web_db, tmp_path, given):
    from .live_serve import serving_store

    token = "from-" + given + "-tok"
    options, env = (), {}
    if given == "file":
        (tmp_path / "token").write_text(token + "\n")
        options = ("--token-file", str(tmp_path / "token"))
    else:
        env = {"STORYSCOPE_TOKEN": token}
    with serving_store(web_db, *options, env=env) as port:
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/api/stories").status_code == 401
        assert httpx.get(f"{base}/api/stories", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        command_lines = [p.read_bytes() for p in __import__("pathlib").Path("/proc").glob("[0-9]*/cmdline")
                         if p.exists() and b"storyscope" in _readable(p)]
        assert command_lines and not any(token.encode() in line for line in command_lines)


def _readable(path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""
