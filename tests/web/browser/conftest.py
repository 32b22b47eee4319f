"""Real headless Chromium (Debian's package, driven by playwright) against the real app under Uvicorn.

``browser`` is one Chromium for the session; ``start_server(db)`` serves a store on a free
loopback port in a background thread (stopped at the end of the session; ``start_module_server``
and ``start_test_server`` stop theirs at the end of the module or the test, so no test leaves a
server running); ``live_url`` is the
app over ``web_db`` (the clustered copy of the example store); ``page`` is a fresh browser
context and tab that records every dialog, page error and console message, so a test can
assert that nothing ran.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
import uvicorn

from storyscope.web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_TIMEOUT = 20  # seconds for Uvicorn to answer
PAGE_TIMEOUT_MS = 15_000  # every wait in the browser fails instead of hanging


@pytest.fixture(scope="session")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium package "
                    "(`make install` installs it with apt-get; never `playwright install`)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server_scope() -> Iterator[Callable[..., str]]:
    """``start(db, token=None)`` serves the app over ``db`` in a thread and returns its base URL;
    every server started is stopped (and its thread joined) when the scope ends."""
    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(db: str, token: str | None = None) -> str:
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(db, token), host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
        thread.start()
        running.append((server, thread))
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive():
                pytest.fail(f"uvicorn stopped before it answered on 127.0.0.1:{port}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"uvicorn did not answer on 127.0.0.1:{port} within {START_TIMEOUT} s", pytrace=False)
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # it accepts connections
        return f"http://127.0.0.1:{port}"

    try:
        yield start
    finally:
        for server, _ in running:
            server.should_exit = True
        for _, thread in running:
            thread.join(timeout=10)


@pytest.fixture(scope="session")
def start_server():
    """``start_server(db, token=None)``: a server for the whole session (``server_scope``)."""
    with server_scope() as start:
        yield start


@pytest.fixture(scope="module")
def start_module_server():
    """``start_module_server(db, token=None)``: a server stopped when the module's tests are done."""
    with server_scope() as start:
        yield start


@pytest.fixture
def start_test_server():
    """``start_test_server(db, token=None)``: a server stopped when the test is done."""
    with server_scope() as start:
        yield start


@pytest.fixture(scope="session")
def live_url(web_db, start_server) -> str:
    return start_server(web_db)


@dataclass
class Watched:
    """What a page did that no page of ours should: dialogs, uncaught errors, CSP refusals."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m or "Refused to" in m]


def open_page(browser, **context_options):
    context = browser.new_context(**context_options)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    watched = Watched()

    def on_dialog(dialog):
        watched.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.on("console", lambda message: watched.console.append(f"{message.type}: {message.text}"))
    return context, page, watched


@pytest.fixture
def page(browser):
    """A fresh context and tab; after the test, no dialog may have opened and no script error occurred."""
    context, tab, watched = open_page(browser)
    tab.watched = watched
    yield tab
    context.close()
    assert not watched.dialogs, f"a dialog opened: {watched.dialogs}"
    assert not watched.errors, f"a script error: {watched.errors}"
