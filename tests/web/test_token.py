"""With a token configured, every request must carry it: bearer header or the sign-in cookie."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from storyscope.web import create_app
from storyscope.web.sessions import FREE_GUESSES, SESSION_COOKIE

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def guarded(web_db):
    with TestClient(create_app(web_db, token=TOKEN)) as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/api/stories", "/api/articles", "/openapi.json",
                                  "/api/stories/abcd"])
def test_without_the_token_everything_is_401(guarded, path):
    response = guarded.get(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "an access token is required (sign in at /login)"}
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_wrong_token_is_401(guarded):
    assert guarded.get("/api/stories", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert guarded.get("/api/stories", headers={"Authorization": TOKEN}).status_code == 401  # no scheme
    guarded.cookies.set(SESSION_COOKIE, "nope")
    try:
        assert guarded.get("/api/stories").status_code == 401
        guarded.cookies.set(SESSION_COOKIE, TOKEN)  # the cookie is a session, not the token itself
        assert guarded.get("/api/stories").status_code == 401
    finally:
        guarded.cookies.clear()


def test_the_bearer_header_lets_requests_through(guarded):
    response = guarded.get("/api/stories", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.json()["total"] == 1


def test_the_sign_in_form_sets_a_strict_http_only_cookie(web_db):
    with TestClient(create_app(web_db, token=TOKEN)) as client:
        assert client.get("/login").status_code == 200
        refused = client.post("/login", data={"token": "nope"}, follow_redirects=False)
        assert refused.status_code == 401 and "nope" not in refused.text
        response = client.post("/login", data={"token": TOKEN}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/"
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert TOKEN.lower() not in cookie  # a random session id, not the token
        assert client.get("/").status_code == 200  # the client now carries the cookie


def test_two_sign_ins_get_different_sessions(web_db):
    with TestClient(create_app(web_db, token=TOKEN)) as client:
        first = client.post("/login", data={"token": TOKEN}, follow_redirects=False).cookies[SESSION_COOKIE]
        second = client.post("/login", data={"token": TOKEN}, follow_redirects=False).cookies[SESSION_COOKIE]
        assert first != second and TOKEN not in (first, second)


def test_guessing_the_token_is_braked_per_address(web_db):
    with TestClient(create_app(web_db, token=TOKEN)) as client:
        for _ in range(FREE_GUESSES):
            assert client.post("/login", data={"token": "guess"}, follow_redirects=False).status_code == 401
        braked = client.post("/login", data={"token": TOKEN}, follow_redirects=False)  # even the right one waits
        assert braked.status_code == 429 and int(braked.headers["retry-after"]) >= 1
        assert SESSION_COOKIE not in braked.cookies
        time.sleep(int(braked.headers["retry-after"]))
        assert client.post("/login", data={"token": TOKEN}, follow_redirects=False).status_code == 303
        # a success clears the count: the next wrong guess is answered at once
        assert client.post("/login", data={"token": "guess"}, follow_redirects=False).status_code == 401


def test_without_a_token_configured_nothing_is_asked(client):
    assert client.get("/api/stories").status_code == 200
