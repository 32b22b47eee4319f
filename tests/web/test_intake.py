"""Adding articles from the browser and the API, into a real store, with a real server on 127.0.0.1
to fetch from: uploads (good and bad together), pasted text, caps, file names, cross-site
requests, URL ingest and its refusals, the job page."""

from __future__ import annotations

import os
import re
import threading
import time
from io import BytesIO
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from local_server import redirect, serving
from starlette.datastructures import UploadFile

from storyscope.web import intake

from .intake_helpers import (
    JOB_SECONDS, MAX_BYTES, MAX_TOTAL, api_token, fetch_by_api, form_token, intake_app, wait_for,
)

ARTICLE = ("Flood barriers reopen in Riverton\n"
           "The city of Riverton reopened its flood barriers on Tuesday after a week of repairs, "
           "the mayor said.\n"
           "\"We are ready for the spring rains,\" Mayor Ana Ruiz told reporters on March 3, 2024.\n"
           "Repairs cost 4 million dollars, according to the city council.\n")
OTHER = ("Harbour workers end strike\n"
         "Dock workers in Port Elm ended a nine-day strike on Friday, their union said.\n"
         "\"The deal protects every job,\" union leader Sam Okafor said after the vote on June 7, 2024.\n")
PAGE = ("<html><head><title>Library opens late</title><meta property=\"og:site_name\" content=\"Elm Gazette\">"
        "</head><body><article><h1>Library opens late</h1>"
        "<p>The town library will open until 10 p.m. from next month, the council said on Monday.</p>"
        "<p>\"Students asked for it,\" librarian Mia Chen said on April 2, 2024.</p></article></body></html>")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(intake_app(tmp_path_factory, "intake")) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def site():
    """A local site; ``site.release`` lets the slow page answer."""
    release = threading.Event()

    def slow(handler):
        release.wait(JOB_SECONDS)
        body = PAGE.encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    routes = {"/library.html": (200, {"Content-Type": "text/html"}, PAGE.encode()),
              "/to-private": redirect("http://192.168.0.10/"), "/slow.html": slow}
    with serving(routes) as base:
        yield base, release


@pytest.fixture(scope="module")
def intranet_client(tmp_path_factory):
    """An app that may fetch from 127.0.0.1 (an explicitly allowed network), and nowhere else private."""
    with TestClient(intake_app(tmp_path_factory, "intranet", allow_networks="127.0.0.1/32")) as test_client:
        yield test_client


def _upload(client, files, data=None, headers=None) -> dict:
    response = client.post("/api/articles", files=files, data=data or {}, headers=headers or api_token(client))
    assert response.status_code == 202, response.text
    return wait_for(client, response.json())


def _stored(client, article_id: str) -> dict:
    response = client.get(f"/api/articles/{article_id}")
    assert response.status_code == 200
    return response.json()


def test_a_good_and_a_bad_file_in_one_request_store_the_good_and_report_the_bad(client):
    before = _upload(client, [("files", ("earlier.txt", OTHER.encode(), "text/plain"))])
    [earlier] = before["articles"]
    job = _upload(client, [("files", ("floods.txt", ARTICLE.encode(), "text/plain")),
                           ("files", ("broken.json", b'{"title": "cut off', "application/json")),
                           ("files", ("blank.txt", b"   \n", "text/plain"))])
    assert job["total"] == 3 and job["done"] == 3 and job["added"] == 1
    [article] = job["articles"]
    assert _stored(client, article["id"])["source"] == "floods.txt"
    assert article["story"] and client.get(f"/api/stories/{article['story']}").status_code == 200
    reasons = {f["source"]: f for f in job["failures"]}
    assert set(reasons) == {"broken.json", "blank.txt"}
    assert reasons["blank.txt"]["code"] == "empty" and reasons["broken.json"]["code"] == "malformed"
    assert all("\n" not in f["reason"] for f in job["failures"])
    assert _stored(client, earlier["id"])["title"]  # what was stored before is still there


def test_pasted_text_is_stored_with_its_fields(client):
    fields = {"text": OTHER.replace("Port Elm", "Port Ash"), "title": "Strike over at Port Ash",
              "outlet": "Coast Herald", "url": "https://coast.example/strike", "published": "2024-06-08",
              "author": "Lee Park"}
    job = _upload(client, None, data=fields)
    [article] = job["articles"]
    record = _stored(client, article["id"])
    assert (record["title"], record["outlet"], record["url"], record["published"], record["author"]) == (
        "Strike over at Port Ash", "Coast Herald", "https://coast.example/strike", "2024-06-08", "Lee Park")
    assert record["published_inferred"] is False and "Port Ash" in record["text"]


def test_a_pasted_address_that_is_not_http_is_refused(client):
    job = _upload(client, None, data={"text": ARTICLE, "url": "javascript:alert(1)"})
    assert job["articles"] == [] and "http or https" in job["failures"][0]["reason"]


def test_a_file_over_the_cap_is_refused_and_the_rest_stored(client):
    job = _upload(client, [("files", ("huge.txt", b"word " * (MAX_BYTES // 4), "text/plain")),
                           ("files", ("fine.txt", ARTICLE.replace("Riverton", "Lakeside").encode(), "text/plain"))])
    assert [a["source"] for a in job["articles"]] == ["fine.txt"]
    [failure] = job["failures"]
    assert failure["source"] == "huge.txt" and failure["code"] == "too-large"
    assert f"over the {MAX_BYTES}-byte limit" in failure["reason"]


def test_a_request_over_the_total_cap_is_refused_whole(client):
    files = [("files", (f"part{i}.txt", b"word " * (MAX_BYTES // 5 - 1), "text/plain")) for i in range(4)]
    response = client.post("/api/articles", files=files, headers=api_token(client))
    assert response.status_code == 413 and str(MAX_TOTAL) in response.json()["detail"]


def test_a_path_in_the_file_name_is_only_a_label(client):
    job = _upload(client, [("files", ("../../etc/passwd", ARTICLE.replace("Riverton", "Hillford").encode(),
                                      "text/plain"))])
    [article] = job["articles"]
    assert article["source"] == "passwd" and _stored(client, article["id"])["source"] == "passwd"
    root = Path(client.app.state.intake.root)
    assert not (root.parent / "etc").exists() and not (root / "etc").exists()
    # each job's private copies are gone once it is done (the server's lock on its slot stays)
    assert [p.name for p in root.iterdir()] == [".lock"]


def test_an_upload_is_saved_under_a_generated_name(tmp_path):
    saved = intake.save_upload(UploadFile(BytesIO(b"text"), filename="../../etc/passwd"), str(tmp_path), 3, 100)
    [name] = os.listdir(tmp_path)
    assert re.fullmatch(r"upload-0003-[0-9a-f]{16}", name) and saved.path == str(tmp_path / name)
    assert intake.display_name("..\\..\\Windows\\win.ini") == "win.ini"
    assert intake.display_name("../..") == "upload" and intake.display_name("a\x00b\n.txt") == "ab.txt"


@pytest.mark.parametrize("path, kwargs", [
    ("/api/articles", {"data": {"text": ARTICLE}}),
    ("/api/articles/url", {"json": {"url": "https://example.com/"}}),
    ("/add", {"data": {"text": ARTICLE}}),
    ("/add/url", {"data": {"url": "https://example.com/"}}),
])
def test_a_post_without_the_right_csrf_token_is_refused(client, path, kwargs):
    missing = client.post(path, **kwargs)
    wrong = client.post(path, headers={"X-CSRF-Token": "0" * 64}, **kwargs)
    field = client.post(path, **{**kwargs, "data": {**kwargs.get("data", {}), "csrf_token": "forged"}}) \
        if "data" in kwargs else wrong
    for response in (missing, wrong, field):
        assert response.status_code == 403
        assert "CSRF token" in response.text and "\n" not in response.text.strip().splitlines()[0]


@pytest.mark.parametrize("path, kwargs", [
    ("/api/articles", {"data": {"text": ARTICLE}}),
    ("/api/articles/url", {"json": {"url": "https://example.com/"}}),
    ("/add", {"data": {"text": ARTICLE}}),
])
@pytest.mark.parametrize("header", [{"Origin": "https://evil.example"}, {"Origin": "null"},
                                    {"Sec-Fetch-Site": "cross-site"}])
def test_a_cross_site_post_is_refused_even_with_the_token(client, path, kwargs, header):
    response = client.post(path, headers={**api_token(client), **header}, **kwargs)
    assert response.status_code == 403 and "cross-site" in response.text


def test_the_form_carries_the_token_and_answers_with_the_job_page(client):
    form = client.get("/add")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    token = form_token(client)
    response = client.post("/add", data={"csrf_token": token, "text": ARTICLE.replace("Riverton", "Oakdale")},
                           headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert response.status_code == 303
    job_page = response.headers["location"]
    assert re.fullmatch(r"/add/jobs/[0-9a-f]{16}", job_page)
    wait_for(client, {"id": job_page, "status": job_page.replace("/add/jobs/", "/api/jobs/")})
    page = client.get(job_page).text
    assert "Done: 1 of 1 inputs" in page and "/articles/" in page and "its story" in page
    assert 'http-equiv="refresh"' not in page
    empty = client.post("/add", data={"csrf_token": token}, follow_redirects=False)
    assert empty.status_code == 400 and "nothing to add" in empty.text


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:9/", "127.0.0.1 is a loopback address"),
    ("http://[::1]/", "::1 is a loopback address"),
    ("http://10.0.0.1/", "10.0.0.1 is a private address"),
    ("http://192.168.1.20/admin", "192.168.1.20 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata address"),
    ("http://localhost:8000/", "localhost resolves to 127.0.0.1, a loopback address"),
    ("file:///etc/passwd", "only http and https"),
])
def test_url_ingest_refuses_forbidden_addresses_on_the_job_page(client, url, reason):
    job = fetch_by_api(client, url)
    assert job["articles"] == []
    [failure] = job["failures"]
    assert failure["source"] == url and reason in failure["reason"]
    page = client.get(job["page"]).text
    assert reason in page and "1 input could not be read" in page


def test_the_local_site_is_refused_without_the_allowed_network(client, site):
    base, _release = site
    job = fetch_by_api(client, f"{base}/library.html")
    assert "127.0.0.1 is a loopback address" in job["failures"][0]["reason"]


def test_an_allowed_network_is_fetched_and_the_article_carries_the_url(intranet_client, site):
    base, _release = site
    client = intranet_client
    job = fetch_by_api(client, f"{base}/library.html")
    assert job["failures"] == []
    [article] = job["articles"]
    record = _stored(client, article["id"])
    assert record["url"] == f"{base}/library.html" and record["source"] == f"{base}/library.html"
    assert record["title"] == "Library opens late" and record["fetched"]


def test_a_redirect_from_an_allowed_server_to_a_private_address_is_refused(intranet_client, site):
    base, _release = site
    job = fetch_by_api(intranet_client, f"{base}/to-private")
    assert "redirected to http://192.168.0.10/: 192.168.0.10 is a private address" in job["failures"][0]["reason"]


def test_the_job_page_shows_progress_and_refreshes_until_done(intranet_client, site):
    base, release = site
    client = intranet_client
    token = form_token(client)
    response = client.post("/add/url", data={"csrf_token": token, "url": f"{base}/slow.html"},
                           follow_redirects=False)
    assert response.status_code == 303
    job_page = response.headers["location"]
    deadline = time.monotonic() + 10
    while "Working" not in (page := client.get(job_page)).text and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "Working: 0 of 1 inputs done" in page.text
    assert '<meta http-equiv="refresh" content="1">' in page.text and page.headers["refresh"] == "1"
    release.set()
    job = wait_for(client, {"id": job_page, "status": job_page.replace("/add/jobs/", "/api/jobs/")})
    assert job["done"] == 1 and job["stored"] == 1
    done = client.get(job_page)
    assert "refresh" not in done.headers and "Done: 1 of 1 inputs" in done.text


def test_an_unknown_job_is_a_404(client):
    assert client.get("/api/jobs/0123456789abcdef").status_code == 404
    assert client.get("/add/jobs/0123456789abcdef").status_code == 404
    assert client.get("/add/jobs/..%2F..%2Fetc").status_code in (404, 422)
