"""A real ``storyscope serve`` process for the tests that stop and restart the server: start it
over a store with chosen settings, talk to it with its CSRF token, stop it with a signal."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

START_SECONDS = 60
JOB_SECONDS = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """``storyscope serve --db DB`` on a free loopback port; ``settings`` become STORYSCOPE_* variables
    and ``tmpdir`` the process's TMPDIR (to see what it leaves there)."""

    def __init__(self, db: str, tmpdir: Path, **settings: object):
        self.db, self.tmpdir, self.settings = db, tmpdir, settings
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        # one browser: the CSRF token is bound to the cookie its GET /api/csrf sets
        self.client = httpx.Client(timeout=60)

    def start(self) -> Served:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STORYSCOPE_")}
        env.update({f"STORYSCOPE_{k.upper()}": str(v) for k, v in self.settings.items()}, TMPDIR=str(self.tmpdir))
        self.process = subprocess.Popen([sys.executable, "-m", "storyscope.cli.app", "serve", "--db", self.db,
                                         "--port", str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                self.headers = {(body := self.client.get(f"{self.base}/api/csrf").json())["header"]: body["token"]}
                return self
            except httpx.TransportError:
                assert self.process.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)

    def stop(self, how: signal.Signals = signal.SIGTERM) -> int | None:
        """Send ``how`` and wait for the process to end; its exit code (negative: the signal that
        ended it), or None when it had ended already."""
        if self.process is None or self.process.poll() is not None:
            return None
        self.process.send_signal(how)
        return self.process.wait(timeout=60)

    def get(self, path: str) -> httpx.Response:
        return self.client.get(self.base + path, timeout=30)

    def upload(self, files: dict[str, bytes], fields: dict[str, str] | None = None) -> httpx.Response:
        """POST /api/articles with these files (name -> content) and form ``fields`` (a pasted text)."""
        parts = [("files", (name, data, "text/plain")) for name, data in files.items()]
        return self.client.post(f"{self.base}/api/articles", files=parts, data=fields or {}, headers=self.headers,
                          timeout=60)

    def add_url(self, url: str) -> httpx.Response:
        return self.client.post(f"{self.base}/api/articles/url", json={"url": url}, headers=self.headers, timeout=60)

    def job(self, job_id: str) -> dict:
        response = self.get(f"/api/jobs/{job_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def wait_until(self, job_id: str, done: callable, seconds: float = JOB_SECONDS) -> dict:
        """The job once ``done(job)`` holds."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            job = self.job(job_id)
            if done(job):
                return job
            time.sleep(0.1)
        raise AssertionError(f"job {job_id} never reached the awaited state: {self.job(job_id)}")

    def post_form(self, path: str, data: dict[str, str], files: dict[str, bytes]) -> httpx.Response:
        """A browser's form POST (same-site Origin, the token in ``data``)."""
        parts = [("files", (name, content, "text/plain")) for name, content in files.items()]
        return self.client.post(self.base + path, data=data, files=parts, headers={"Origin": self.base},
                          follow_redirects=False, timeout=60)
