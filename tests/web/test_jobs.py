"""Upload jobs against real `storyscope serve` processes: a job survives SIGKILL mid-way and
stores each article once; a clean shutdown leaves no upload directory and a start removes stale
ones; past the queue's bounds a POST is answered 503 with Retry-After and nothing reaches the
spool; jobs are listed in submission order."""

from __future__ import annotations

import re
import signal
import sqlite3
import threading
from pathlib import Path

import pytest
from local_server import serving

from storyscope.config import Settings
from storyscope.web import intake

from .served_app import Served

PASTED = "A pasted report"
TOWNS = ["Riverton", "Port Elm", "Ashford", "Millbrook", "Lakeside", "Stonebridge", "Fairhaven", "Oakridge"]
WORKS = ["flood barriers", "the harbour wall", "a new library wing", "the tram depot", "two bridges"]


def article(n: int, padding: int = 0) -> str:
    """A short news text, different for each ``n``; ``padding`` more sentences make it longer."""
    town, work = TOWNS[n % len(TOWNS)], WORKS[n % len(WORKS)]
    lines = [f"{town} finishes work on {work} ({n})",
             f"The council of {town} said on Tuesday that work on {work} ended after {n + 3} weeks.",
             f"\"We kept every promise,\" council leader Ana Ruiz said on March {n % 27 + 1}, 2024.",
             f"The project cost {n + 2} million dollars, according to the town's accounts."]
    lines += [f"Residents of {town} met {k + 2} times to discuss the plans for {work}." for k in range(padding)]
    return "\n".join(lines) + "\n"


def store_path(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    folder.mkdir(exist_ok=True)
    return folder / "store.db"


def spool_files(spool: Path) -> list[str]:
    """The files in the spool but the servers' lock files."""
    found = spool.rglob("*") if spool.exists() else []
    return sorted(str(p.relative_to(spool)) for p in found if p.is_file() and p.name != ".lock")


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["killed", "terminated"])
def test_a_job_stopped_mid_way_resumes_on_start_and_stores_each_article_once(tmp_path, how):
    path = store_path(tmp_path)
    db = f"sqlite:///{path}"
    files = {f"report-{n:02d}.txt": article(n).encode() for n in range(40)}
    first = Served(db, tmp_path, workers=1).start()
    try:
        accepted = first.upload(files, {"text": article(99), "title": PASTED})
        assert accepted.status_code == 202, accepted.text
        job_id = accepted.json()["id"]
        before = first.wait_until(job_id, lambda job: job["done"] >= 2)
    finally:
        exit_code = first.stop(how)
    assert before["state"] != "done", "the job ended before the server was stopped: nothing was tested"
    assert exit_code == (0 if how == signal.SIGTERM else -how)
    assert spool_files(Path(f"{path}.spool")), "the waiting job's uploads were not kept for the restart"

    second = Served(db, tmp_path, workers=1).start()
    try:
        job = second.wait_until(job_id, lambda job: job["state"] == "done")
        listed = second.get("/api/jobs").json()["jobs"]
    finally:
        assert second.stop() == 0
    assert job["resumed"] == 1 and job["error"] is None and job["failures"] == []
    assert job["done"] == job["total"] == len(files) + 1 and job["stored"] == len(files) + 1
    assert sorted(a["source"] for a in job["articles"]) == sorted([*files, PASTED])
    assert [j["id"] for j in listed] == [job_id]
    with sqlite3.connect(path) as conn:
        stored = dict(conn.execute("SELECT source, COUNT(*) FROM articles GROUP BY source"))
    assert stored == {name: 1 for name in [*files, PASTED]}
    assert spool_files(Path(f"{path}.spool")) == []


@pytest.mark.slow
def test_a_clean_shutdown_leaves_no_upload_directory(tmp_path):
    path = store_path(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    served = Served(f"sqlite:///{path}", tmp, workers=1).start()
    try:
        accepted = served.upload({"one.txt": article(1).encode(), "two.txt": article(2).encode()})
        assert accepted.status_code == 202, accepted.text
        job = served.wait_until(accepted.json()["id"], lambda job: job["state"] == "done")
        assert job["added"] == 2
    finally:
        exit_code = served.stop(signal.SIGTERM)
    assert list(tmp.iterdir()) == [], "the server left files or directories in its TMPDIR"
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.startswith("store.db-")) == ["store.db"]
    assert exit_code == 0  # it exited (running its exit handlers), not killed by the signal


@pytest.mark.slow
def test_a_start_removes_upload_directories_no_waiting_job_owns(tmp_path):
    path = store_path(tmp_path)
    spool = Path(f"{path}.spool")
    stale = spool / "slot-0" / "job-left-by-a-crash"
    stale.mkdir(parents=True)
    (stale / "upload-0000").write_bytes(b"half a file")
    (spool / "stray").write_bytes(b"?")
    served = Served(f"sqlite:///{path}", tmp_path, workers=1).start()
    try:
        assert spool_files(spool) == [], "a start kept upload files of jobs the store does not know"
    finally:
        served.stop()


@pytest.fixture
def slow_site():
    """A local site whose /slow.html answers only once ``release`` is set (within the fetch's read timeout)."""
    release = threading.Event()
    page = ("<html><head><title>Depot opens</title></head><body><article><h1>Depot opens</h1>"
            "<p>The tram depot in Ashford opened on Monday, the council said.</p></article></body></html>").encode()

    def slow(handler):
        release.wait(8)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(page)))
        handler.end_headers()
        handler.wfile.write(page)

    routes = {"/slow.html": slow, "/fast.html": (200, {"Content-Type": "text/html"}, page.replace(b"Monday", b"Friday"))}
    with serving(routes) as base:
        yield base, release


@pytest.mark.slow
def test_past_the_queue_bounds_a_post_is_answered_503_and_nothing_is_spooled(tmp_path, slow_site):
    base, release = slow_site
    path = store_path(tmp_path)
    spool = Path(f"{path}.spool")
    served = Served(f"sqlite:///{path}", tmp_path, workers=1, queue_jobs=2, queue_bytes=6000,
                    allow_networks="127.0.0.1/32").start()
    try:
        busy = served.add_url(f"{base}/slow.html")  # the worker waits on it
        assert busy.status_code == 202
        served.wait_until(busy.json()["id"], lambda job: job["state"] == "running")
        waiting = served.upload({"long.txt": article(3, padding=45).encode()})
        assert waiting.status_code == 202, waiting.text
        held = spool_files(spool)

        over_bytes = served.upload({"longer.txt": article(4, padding=45).encode()})
        assert over_bytes.status_code == 503
        assert int(over_bytes.headers["Retry-After"]) > 0
        assert "\n" not in over_bytes.json()["detail"] and "spool" in over_bytes.json()["detail"]
        assert len(held) == 1 and spool_files(spool) == held  # the waiting job's one file only

        second_url = served.add_url(f"{base}/fast.html")
        assert second_url.status_code == 202  # no bytes to spool, and a place in the queue left
        over_count = served.upload({"short.txt": article(5).encode()})
        assert over_count.status_code == 503 and int(over_count.headers["Retry-After"]) > 0
        assert "queue" in over_count.json()["detail"]
        form_token = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', served.get("/add").text).group(1)
        by_form = served.post_form("/add", {"csrf_token": form_token}, {"short.txt": article(5).encode()})
        assert by_form.status_code == 503 and "Retry-After" in by_form.headers
        assert served.add_url(f"{base}/fast.html?again").status_code == 503
        assert spool_files(spool) == held
        release.set()

        accepted = [busy.json()["id"], waiting.json()["id"], second_url.json()["id"]]
        for job_id in accepted:
            assert served.wait_until(job_id, lambda job: job["state"] == "done")["error"] is None
        listed = [job["id"] for job in served.get("/api/jobs").json()["jobs"]]
        page = served.get("/add/jobs").text
        again = served.upload({"short.txt": article(5).encode()})
        assert again.status_code == 202  # room again once the queue has drained
    finally:
        release.set()
        served.stop()
    assert listed == accepted
    assert [page.index(f'id="job-{job_id}"') for job_id in accepted] == sorted(page.index(f'id="job-{j}"') for j in accepted)


def test_a_job_stopped_by_every_restart_is_reported_failed_with_the_reason(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    first = intake.Intake(db, Settings(workers=1))
    job = intake.Job("0123456789abcdef", [("https://example.com/a", "https://example.com/a")],
                     state="running", resumed=intake.RESUMES)
    job.spool, job.slot = first.claim_slots().identity, first.claim_slots().own.name
    first.save(job)  # as a server that died mid-job, for the last time allowed, left it
    first.stop()

    second = intake.Intake(db, Settings(workers=1))
    second.start()
    try:
        shown = second.find(job.id)
    finally:
        second.stop()
    assert shown["state"] == "done" and shown["resumed"] == intake.RESUMES + 1
    assert shown["error"] == f"the job stopped: {intake.RESUMES} restarts of the server interrupted it"
    assert shown["done"] == 0 and shown["articles"] == []
