"""With a token configured, every request must carry it: bearer header or the sign-in cookie."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from storyscope.web import create_app
from storyscope.web.security import TOKEN_COOKIE

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
    guarded.cookies.set(TOKEN_COOKIE, "nope")
    try:
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
        assert client.get("/").status_code == 200  # the client now carries the cookie


def test_without_a_token_configured_nothing_is_asked(client):
    assert client.get("/api/stories").status_code == 200
