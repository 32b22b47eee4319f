"""SSRF: every spelling of "this machine" is refused before any connection, on every surface.

A canary (a listening socket on 127.0.0.1, and on [::1] at the same port when IPv6 loopback
works) records every connection it accepts. Its address in many spellings (decimal, hex,
octal and short IPv4, IPv4-mapped, 6to4 and NAT64 IPv6, 0.0.0.0, localhost variants, user
info and fragment tricks, ideographic full stops, https) and redirects into it from a server
on 127.0.0.2 that the fetch may reach (allow_networks "127.0.0.2/32") go through the web form
(POST /add/url), the JSON API (POST /api/articles/url) and, for a handful, the CLI
(``storyscope ingest URL``). Each must be refused with a one-line reason naming the URL, and
the canary must have accepted nothing: a refusal that comes after the connection would still
have let the request reach an internal service. The canary's own probe connection proves it
counts, and is the barrier before each count (accepts are first in, first out).
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient
from local_server import redirect, serving

from storyscope.library import export_articles
from storyscope.store import Store

from .intake_helpers import fetch_by_api, fetch_by_form, intake_app

pytestmark = pytest.mark.slow  # the web jobs load spaCy, and the CLI cases start storyscope

ALLOWED = "127.0.0.2/32"
LOOPBACK = "a loopback address"
ARTICLE = ("Ferry service resumes on the north line\n"
           "The north line ferry resumed service on Wednesday after storm damage was repaired, "
           "the harbour authority said.\n"
           "\"Crossings run every hour again,\" spokeswoman Ida Berg said on May 15, 2024.\n")
PAGE = ("<html><head><title>Bridge repairs finish early</title></head><body><article>"
        "<h1>Bridge repairs finish early</h1><p>Repairs on the Mill Street bridge ended two weeks "
        "early, the county said on Thursday.</p><p>\"Traffic returns on Monday,\" engineer Tom Reyes "
        "said on August 1, 2024.</p></article></body></html>")

# (URL with {p} for the canary's port, fragments one of which the reason must contain)
SPELLINGS = [
    ("http://127.0.0.1:{p}/", ["127.0.0.1 is a loopback address"]),
    ("http://2130706433:{p}/", ["2130706433 resolves to 127.0.0.1, a loopback address"]),
    ("http://0x7f000001:{p}/", ["0x7f000001 resolves to 127.0.0.1, a loopback address"]),
    ("http://0177.0.0.1:{p}/", ["0177.0.0.1 resolves to 127.0.0.1, a loopback address"]),
    ("http://0x7f.1:{p}/", ["0x7f.1 resolves to 127.0.0.1, a loopback address"]),
    ("http://127.1:{p}/", ["127.1 resolves to 127.0.0.1, a loopback address"]),
    ("http://[::ffff:127.0.0.1]:{p}/", [LOOPBACK]),
    ("http://[::ffff:7f00:1]:{p}/", ["::ffff:7f00:1 is a loopback address"]),
    ("http://0.0.0.0:{p}/", ["0.0.0.0 is an unspecified address"]),
    ("http://0:{p}/", ["0 resolves to 0.0.0.0, an unspecified address"]),
    ("http://localhost:{p}/", ["localhost resolves to 127.0.0.1, a loopback address"]),
    # the trailing dot resolves like localhost with glibc; some resolvers find no such name
    ("http://localhost.:{p}/", [LOOPBACK, "the host name does not resolve"]),
    ("http://LOCALHOST:{p}/", ["localhost resolves to 127.0.0.1, a loopback address"]),
    ("http://user@127.0.0.1:{p}/", ["URLs with credentials are not fetched"]),
    ("http://a.example@127.0.0.1:{p}/", ["URLs with credentials are not fetched"]),
    ("http://127.0.0.1:{p}#@example.com/", ["127.0.0.1 is a loopback address"]),
    ("http://127\u30020\u30020\u30021:{p}/", ["127.0.0.1 is a loopback address"]),  # IDNA: 。 is a dot
    ("http://[::1]:{p}/", ["::1 is a loopback address"]),
    ("http://[0:0:0:0:0:ffff:127.0.0.1]:{p}/", [LOOPBACK]),
    ("https://127.0.0.1:{p}/", ["127.0.0.1 is a loopback address"]),
    ("http://[2002:7f00:1::]:{p}/", ["2002:7f00:1:: is a 6to4 address of 127.0.0.1, a loopback address"]),
    ("http://[64:ff9b::7f00:1]:{p}/", ["64:ff9b::7f00:1 is a NAT64 address of 127.0.0.1, a loopback address"]),
]

# path on the allowed server -> (Location it answers with, the refused target as the reason names it)
REDIRECTS = {
    "/to-plain": ("http://127.0.0.1:{p}/", "http://127.0.0.1:{p}/: 127.0.0.1 is a loopback address"),
    "/to-decimal": ("http://2130706433:{p}/", "http://2130706433:{p}/: 2130706433 resolves to 127.0.0.1, a loopback"),
    "/to-hex": ("http://0x7f000001:{p}/", "http://0x7f000001:{p}/: 0x7f000001 resolves to 127.0.0.1, a loopback"),
    "/to-localhost": ("http://localhost:{p}/", "http://localhost:{p}/: localhost resolves to 127.0.0.1, a loopback"),
    "/to-mapped": ("http://[::ffff:127.0.0.1]:{p}/", "http://[::ffff:127.0.0.1]:{p}/: ::ffff:127.0.0.1 resolves to"),
    "/to-scheme-relative": ("//127.0.0.1:{p}/", "http://127.0.0.1:{p}/: 127.0.0.1 is a loopback address"),
    "/chain": ("/chain/next", "http://127.0.0.1:{p}/: 127.0.0.1 is a loopback address"),  # relative, allowed
    "/chain/next": ("http://127.0.0.1:{p}/", "http://127.0.0.1:{p}/: 127.0.0.1 is a loopback address"),
}
CLI_SPELLINGS = ["http://2130706433:{p}/", "http://0x7f000001:{p}/", "http://[::ffff:127.0.0.1]:{p}/",
                 "http://localhost:{p}/"]
SURFACES = {"form": fetch_by_form, "api": fetch_by_api}


class Canary:
    """Listeners on one port of 127.0.0.1 (and ::1 when it can be bound) that accept, record and
    close every connection."""

    def __init__(self) -> None:
        self.peers: list[tuple] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.servers = [socket.create_server(("127.0.0.1", 0))]
        self.port = self.servers[0].getsockname()[1]
        self.ipv6 = False
        try:  # IPV6_V6ONLY is set: 127.0.0.1 is the other listener's
            self.servers.append(socket.create_server(("::1", self.port), family=socket.AF_INET6))
            self.ipv6 = True
        except OSError:
            pass
        self.threads = [threading.Thread(target=self._accept, args=(s,), daemon=True) for s in self.servers]
        for thread in self.threads:
            thread.start()

    def _accept(self, server: socket.socket) -> None:
        server.settimeout(0.1)
        while not self.stopping.is_set():
            try:
                connection, peer = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self.lock:
                self.peers.append(peer[:2])
            connection.close()

    def hits(self) -> list[tuple]:
        """Every peer accepted so far except our probes. A probe is connected to each listener
        first and waited for: accepts are first in, first out, so nothing is still in the backlog."""
        for server in self.servers:
            family, address = server.family, server.getsockname()[:2]
            with socket.socket(family) as probe:
                probe.settimeout(5)
                probe.connect(address)
                mine = probe.getsockname()[:2]
                deadline = time.monotonic() + 5
                while mine not in self.peers:
                    assert time.monotonic() < deadline, f"the canary on {address} did not see its probe"
                    time.sleep(0.01)
            with self.lock:
                self.peers.remove(mine)
        with self.lock:
            return list(self.peers)

    def reset(self) -> None:
        self.hits()
        with self.lock:
            self.peers.clear()

    def close(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()
        for server in self.servers:
            server.close()


@pytest.fixture(scope="module")
def canary():
    canary = Canary()
    try:
        # it provably counts: a plain connection is seen, and only then is the count reset
        with socket.create_connection(("127.0.0.1", canary.port), timeout=5) as plain:
            peer = plain.getsockname()[:2]
        assert canary.hits() == [peer]
        canary.reset()
        assert canary.hits() == []
        yield canary
    finally:
        canary.close()


@pytest.fixture
def untouched(canary):
    """The canary, reset; the test asserts ``canary.hits() == []`` once its case has run."""
    canary.reset()
    return canary


@pytest.fixture(scope="module")
def allowed_site(canary):
    """A server on 127.0.0.2 (allowed) that serves a page and redirects into the canary."""
    routes = {path: redirect(location.format(p=canary.port)) for path, (location, _) in REDIRECTS.items()}
    routes["/bridge.html"] = (200, {"Content-Type": "text/html"}, PAGE.encode())
    with serving(routes, host="127.0.0.2") as base:
        yield base


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    with TestClient(intake_app(tmp_path_factory, "ssrf", allow_networks=ALLOWED)) as client:
        yield client


def _spelling(canary: Canary, template: str) -> str:
    """The URL of a spelling. Without IPv6 loopback the [::1] canary cannot listen, and the [::1]
    spelling still runs: its reason ("::1 is a loopback address") comes from the address check,
    which runs before a connection is tried (one tried without IPv6 would fail otherwise), so the
    refusal is shown to precede connecting even with no canary on [::1] to count."""
    return template.format(p=canary.port)


def _refused_job(job: dict, url: str) -> str:
    """The one failure's reason, after checking that nothing was stored and the URL is named."""
    assert job["articles"] == [] and job["stored"] == 0, job
    [failure] = job["failures"]
    assert failure["source"] == url and failure["code"] == "fetch-refused" and "\n" not in failure["reason"]
    return failure["reason"]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("template, reasons", SPELLINGS, ids=[t for t, _ in SPELLINGS])
def test_every_spelling_of_the_canary_is_refused_before_connecting(web, untouched, surface, template, reasons):
    url = _spelling(untouched, template)
    reason = _refused_job(SURFACES[surface](web, url), url)
    assert any(fragment in reason for fragment in reasons), reason
    assert untouched.hits() == []


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("path", [p for p in REDIRECTS if p != "/chain/next"])
def test_a_redirect_from_the_allowed_server_into_the_canary_is_refused(web, untouched, allowed_site, surface, path):
    url = f"{allowed_site}{path}"
    reason = _refused_job(SURFACES[surface](web, url), url)
    assert reason.startswith("redirected to " + REDIRECTS[path][1].format(p=untouched.port)), reason
    assert untouched.hits() == []


@pytest.mark.parametrize("surface", SURFACES)
def test_the_allowed_server_itself_is_fetched(web, untouched, allowed_site, surface):
    job = SURFACES[surface](web, f"{allowed_site}/bridge.html")
    assert job["failures"] == [] and job["stored"] == 1  # the refusals above are the checks', not a dead server's
    assert web.get(f"/api/articles/{job['articles'][0]['id']}").json()["url"] == f"{allowed_site}/bridge.html"
    assert untouched.hits() == []


# ---------------------------------------------------------------- the CLI

@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A working directory whose storyscope.toml allows the 127.0.0.2 server, as a user would set it."""
    folder = tmp_path_factory.mktemp("cli-ssrf")
    (folder / "storyscope.toml").write_text(f'allow_networks = "{ALLOWED}"\n', encoding="utf-8")
    return folder


def _ingest(cli, workdir, folder, *inputs: str):
    db = f"sqlite:///{folder / 'cli.db'}"
    return db, cli("ingest", *inputs, "--db", db, "--no-cluster", "--workers", "1", "--quiet", cwd=workdir)


def _stored_failures(db: str) -> dict[str, str]:
    with Store.open(db) as store:
        return {f.source: f.reason for f in store.failures()}


@pytest.mark.parametrize("template", CLI_SPELLINGS + ["redirect /chain"])
def test_the_cli_refuses_the_canary_and_stores_nothing(cli, workdir, tmp_path, untouched, allowed_site, template):
    if template.startswith("redirect "):
        url, reason = f"{allowed_site}/chain", "redirected to " + REDIRECTS["/chain"][1]
    else:
        url, [reason] = template, dict(SPELLINGS)[template]
    url, reason = url.format(p=untouched.port), reason.format(p=untouched.port)
    db, run = _ingest(cli, workdir, tmp_path, url)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"{url}: " in run.stderr and reason in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert export_articles(db) == [] and reason in _stored_failures(db)[url]
    assert untouched.hits() == []


def test_the_cli_stores_the_other_inputs_beside_a_refused_url(cli, workdir, tmp_path, untouched, allowed_site):
    article = tmp_path / "ferry.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    forbidden = f"http://0x7f.1:{untouched.port}/"
    page = f"HTTP{allowed_site.removeprefix('http')}/bridge.html"  # a URL in any case is fetched
    db, run = _ingest(cli, workdir, tmp_path, forbidden, str(article), page)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{forbidden}: 0x7f.1 resolves to 127.0.0.1, a loopback address" in run.stderr
    assert sorted(r["source"] for r in export_articles(db)) == sorted([str(article), page])
    assert untouched.hits() == []


def test_a_bad_allow_networks_setting_stops_the_cli_before_reading(cli, tmp_path):
    (tmp_path / "storyscope.toml").write_text('allow_networks = "10.0.0.0/8, intranet"\n', encoding="utf-8")
    db = tmp_path / "never.db"
    run = cli("ingest", "http://10.1.2.3/", "--db", f"sqlite:///{db}", "--quiet", cwd=tmp_path)
    assert run.returncode == 2 and "setting 'allow_networks'" in run.stderr and "intranet" in run.stderr
    assert not db.exists()
