"""Helpers for the tests that add articles through the web app (tests/web/test_intake.py and
tests/web/test_ssrf_canary.py): an app over a fresh store, its CSRF tokens, URL jobs by the
API and by the form, and waiting for a job to finish."""

from __future__ import annotations

import re
import time

from storyscope.config import Settings
from storyscope.web import create_app, intake

MAX_BYTES = 20_000
MAX_TOTAL = 60_000
JOB_SECONDS = 120


def intake_app(tmp_path_factory, name: str, **options):
    """An app over a new SQLite store; ``options`` as ``intake.Intake`` (``allow_networks=...``)."""
    db = f"sqlite:///{tmp_path_factory.mktemp(name) / 'intake.db'}"
    app = create_app(db, allowed_hosts=["testserver"])
    intake.configure(app, Settings(max_bytes=MAX_BYTES, workers=1), max_total_bytes=MAX_TOTAL, **options)
    return app


def api_token(client) -> dict[str, str]:
    body = client.get("/api/csrf").json()
    return {body["header"]: body["token"]}


def form_token(client) -> str:
    return re.search(r'name="csrf_token" value="([0-9a-f]{64})"', client.get("/add").text).group(1)


def wait_for(client, job: dict) -> dict:
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        state = client.get(job["status"]).json()
        if state["state"] == "done":
            return state
        time.sleep(0.2)
    raise AssertionError(f"job {job['id']} did not finish")


def fetch_by_api(client, url: str) -> dict:
    """The finished job of POST /api/articles/url."""
    response = client.post("/api/articles/url", json={"url": url}, headers=api_token(client))
    assert response.status_code == 202
    return wait_for(client, response.json())


def fetch_by_form(client, url: str) -> dict:
    """The finished job of the form's POST /add/url (token field, same-site Origin), as the API shows it."""
    response = client.post("/add/url", data={"csrf_token": form_token(client), "url": url},
                           headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    job_page = response.headers["location"]
    return wait_for(client, {"id": job_page, "status": job_page.replace("/add/jobs/", "/api/jobs/")})
