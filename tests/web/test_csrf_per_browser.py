"""A CSRF token belongs to one browser: to its session when a token guards the app, to the
random id of its cookie otherwise (``web/csrf.py``). Each ``TestClient`` below is one browser
(one cookie jar) over the same app."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from storyscope.web import create_app
from storyscope.web.csrf import BROWSER_COOKIE

from .intake_helpers import api_token, intake_app

ACCESS = "per-browser-access-token"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return intake_app(tmp_path_factory, "csrf-per-browser")


def rename(browser: TestClient, headers: dict[str, str]) -> int:
    """A POST every browser may make but for its CSRF token (renaming an outlet nothing has)."""
    return browser.post("/api/outlets/rename", json={"old": "No Such Outlet", "new": "Another"}, headers=headers).status_code


def test_a_token_read_by_one_browser_is_refused_from_another(app):
    with TestClient(app) as mine, TestClient(app) as theirs:
        token = api_token(mine)
        assert rename(mine, token) == 404  # past the CSRF check: the outlet is unknown
        theirs.get("/api/csrf")  # the other browser has its own cookie, and so its own token
        assert rename(theirs, token) == 403
        assert api_token(theirs) != token


def test_the_form_token_is_bound_to_the_browser_too(app):
    with TestClient(app) as mine, TestClient(app) as theirs:
        field = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', mine.get("/add").text).group(1)
        theirs.get("/add")
        refused = theirs.post("/add", data={"csrf_token": field, "text": "A pasted text."},
                              headers={"Origin": "http://testserver"}, follow_redirects=False)
        assert refused.status_code == 403


def test_a_browser_without_its_cookie_is_refused(app):
    with TestClient(app) as mine:
        token = api_token(mine)
        mine.cookies.clear()
        assert rename(mine, token) == 403


def test_the_browser_cookie_is_http_only_and_strict(app):
    with TestClient(app) as browser:
        cookie = browser.get("/api/csrf").headers["set-cookie"]
        assert cookie.startswith(f"{BROWSER_COOKIE}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert "set-cookie" not in browser.get("/api/csrf").headers  # given once, then kept


def test_the_origin_check_is_kept(app):
    with TestClient(app) as browser:
        headers = {**api_token(browser), "Origin": "http://elsewhere.example"}
        assert rename(browser, headers) == 403


def test_signed_in_browsers_get_tokens_bound_to_their_sessions(web_db):
    app = create_app(web_db, token=ACCESS)
    with TestClient(app) as mine, TestClient(app) as theirs:
        for browser in (mine, theirs):
            assert browser.post("/login", data={"token": ACCESS}, follow_redirects=False).status_code == 303
        token = api_token(mine)
        assert rename(mine, token) == 404
        assert rename(theirs, token) == 403
