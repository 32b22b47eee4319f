"""The XSS corpus (xss_corpus.py) ingested for real, grouped into stories, served, and every page
visited in Chromium: no script runs, no payload becomes markup, no unsafe address becomes a link.

Each page is visited twice: once as served, and once with the Content-Security-Policy bypassed,
so that escaping alone is shown to hold (the CSP would otherwise hide an escaping bug).
"""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

import pytest
from markupsafe import escape

from storyscope.config import Settings
from storyscope.library import cluster_stories, ingest_paths

from .conftest import open_page
from .xss_corpus import PAYLOADS, SAFE_URL_PREFIXES, TEMPLATE_RESULT, write_corpus

pytestmark = pytest.mark.slow

# what no rendered page may hold: elements a payload would bring, handlers, unsafe addresses
DOM_PROBLEMS = """() => {
  const problems = [];
  const show = e => e.outerHTML.slice(0, 160);
  for (const e of document.querySelectorAll(
      'iframe, frame, object, embed, base, math, textarea, meta[http-equiv], img:not([src^="/static/"])'))
    problems.push('element: ' + show(e));
  for (const s of document.scripts)
    if (!(s.getAttribute('src') || '').startsWith('/static/') || s.textContent.trim())
      problems.push('script: ' + show(s));
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      const name = a.name.toLowerCase(), value = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (name.startsWith('on')) problems.push('handler: ' + show(e));
      if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href', 'poster'].includes(name)
          && (name === 'srcdoc' || /^(javascript|data|vbscript):/.test(value)))
        problems.push('address: ' + show(e));
      if (name === 'style' && /javascript|expression|url\\(/.test(value)) problems.push('style: ' + show(e));
    }
  }
  for (const s of document.querySelectorAll('style'))
    if (/javascript|expression/.test(s.textContent)) problems.push('style element: ' + show(s));
  for (const a of document.links)
    if (!['http:', 'https:'].includes(a.protocol)) problems.push('link: ' + show(a));
  return problems;
}"""


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def site(tmp_path_factory, start_module_server):
    """The corpus ingested into a fresh store, clustered and served: ``(base_url, articles, stories)``
    with ``articles`` the API records by id and ``stories`` the clustered stories."""
    folder = tmp_path_factory.mktemp("xss")
    written = write_corpus(folder / "corpus")
    db = f"sqlite:///{folder / 'xss.db'}"
    summary = ingest_paths([str(folder / "corpus")], db, workers=1, settings=Settings())
    assert summary.added == len(written) and not summary.failures, summary
    stories = cluster_stories(db)
    assert stories
    base = start_module_server(db)
    listed = get_json(f"{base}/api/articles?limit=200")["items"]
    assert len(listed) == len(written)
    articles = {a["id"]: get_json(f"{base}/api/articles/{a['id']}") for a in listed}
    return base, articles, stories


def every_page(base: str, articles: dict, stories: list) -> list[str]:
    hostile = quote(PAYLOADS["script"], safe="")
    pages = ["/", f"/?q={hostile}", f"/?q={quote('Harbour')}", f"/stories/{hostile}", f"/articles/{hostile}",
             "/api/stories", "/api/articles?limit=200", f"/api/stories?q={hostile}", f"/api/articles/{hostile}"]
    pages += [f"/stories/{s.id}" for s in stories] + [f"/api/stories/{s.id}" for s in stories]
    pages += [f"/articles/{a}" for a in articles] + [f"/api/articles/{a}" for a in articles]
    # two articles side by side (consecutive ones of each story), people and organisations
    pairs = [(s.articles[i], s.articles[i + 1]) for s in stories for i in range(len(s.articles) - 1)]
    pages += [f"/compare/{a}/{b}" for a, b in pairs] + [f"/api/compare/{a}/{b}" for a, b in pairs]
    entities = get_json(f"{base}/api/entities?limit=200")["items"]
    pages += ["/entities", f"/entities?q={hostile}", "/api/entities?limit=200"]
    # search: words the payload articles share, and a payload as the query (a 400 page at worst)
    pages += [f"/search?q={w}" for w in ("pier", "miners", "library", "xss", "script")]
    pages += [f"/search?q={hostile}", f"/search?speaker={hostile}", "/api/search?q=pier"]
    pages += [f"/entities/{e['id']}" for e in entities] + [f"/api/entities/{e['id']}" for e in entities]
    # each outlet's page with its correction form (the names are payloads), and an unknown one
    pages += [f"/outlet?name={quote(o, safe='')}" for o in sorted({a["outlet"] for a in articles.values() if a["outlet"]})]
    pages += [f"/outlet?name={hostile}"]
    return [base + p for p in pages]


def unknown_id(url: str) -> bool:
    """A page asked for by an id that is a payload: a 404 that must not repeat it."""
    return "/stories/%3C" in url or "/articles/%3C" in url or url.endswith("/outlet?name=" + quote(PAYLOADS["script"], safe=""))


def expected_status(url: str) -> tuple[int, ...]:
    if unknown_id(url):
        return (404,)
    if "/search?" in url and "%3C" in url:
        return (200, 400)  # a payload as FTS5 syntax may be malformed: a message, never a 500
    return (200,)


def test_every_payload_is_stored_as_written(site):
    """The corpus reaches the pages intact (else the tests below would prove nothing)."""
    _, articles, _ = site
    titles = [a["title"] or "" for a in articles.values()]
    for name, payload in PAYLOADS.items():
        assert any(payload in t for t in titles), name
    assert sum(payload in (a["text"] or "") for a in articles.values() for payload in PAYLOADS.values()) >= 12
    assert any((a["url"] or "").lower().startswith("javascript:") for a in articles.values())


@pytest.mark.parametrize("csp", ["enforced", "bypassed"])
def test_no_script_runs_on_any_page(browser, site, csp):
    base, articles, stories = site
    context, page, watched = open_page(browser, bypass_csp=csp == "bypassed")
    found: dict[str, list[str]] = {}
    try:
        for url in every_page(base, articles, stories):
            response = page.goto(url, wait_until="load")
            assert response is not None, url
            assert response.status in expected_status(url), (url, response.status)
            headers = response.headers
            policy = headers.get("content-security-policy", "")
            for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'"):
                assert directive in policy, (url, policy)
            assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, (url, policy)
            assert headers.get("x-content-type-options") == "nosniff", url
            for details in page.locator("details").all():  # open what is collapsed
                details.evaluate("d => { d.open = true }")
            for mark in page.locator("mark").all()[:2]:  # hover what a handler would listen on
                mark.hover()
            problems = page.evaluate(DOM_PROBLEMS)
            if page.evaluate("() => window.__xss") is not None:
                problems.append("window.__xss was set")
            assert page.locator("a[href^='javascript:' i]").count() == 0, url
            if problems:
                found[url] = problems
    finally:
        context.close()
    assert not watched.dialogs, f"a dialog opened: {watched.dialogs}"
    assert not watched.errors, f"a script ran and failed: {watched.errors}"
    assert not watched.csp_violations(), f"the CSP refused something a page tried: {watched.csp_violations()}"
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_the_html_carries_each_payload_only_escaped(page, site):
    base, articles, stories = site
    for url in every_page(base, articles, stories):
        response = page.goto(url)
        body, dom = response.text(), page.content()
        if "/api/" in url:
            # JSON holds the payloads as data; served as JSON (with nosniff) it is shown as text
            assert response.headers["content-type"].startswith("application/json"), url
            body = ""
        else:
            assert response.headers["content-type"].startswith("text/html"), url
        for name, payload in PAYLOADS.items():
            if any(c in payload for c in "<>\"'"):
                assert payload not in body, (url, name)
        for raw in ("<script>window.__xss", "<script>alert", "<img src=x", "<svg onload", "<iframe", "<object",
                    "<base ", "<meta http-equiv", "<math>", "</textarea><script", '<a href="javascript:'):
            assert raw not in body and raw not in dom, (url, raw)
        assert TEMPLATE_RESULT not in body and "looploop" not in body, url
        if unknown_id(url):
            assert response.status == 404 and "__xss" not in response.text(), url  # errors never echo the request


def test_each_article_page_shows_its_payloads_as_text(page, site):
    base, articles, _ = site
    for article_id, a in articles.items():
        response = page.goto(f"{base}/articles/{article_id}")
        body = response.text()
        assert page.locator("h1").text_content() == a["title"], article_id  # shown as written, not parsed
        assert str(escape(a["title"])) in body, article_id
        outlet = page.locator("dl.metadata dd").first.text_content()
        assert outlet.startswith(a["outlet"]), (article_id, outlet)
        if a["author"]:
            assert str(escape(a["author"])) in body, article_id
        text = page.locator("div.text").text_content()
        assert text == a["text"], article_id  # every character of the text, highlighted or not, as text
        for name, payload in PAYLOADS.items():
            if payload in a["text"] and any(c in payload for c in "<>\"'"):
                assert payload not in body and str(escape(payload)) in body, (article_id, name)
        if "{{ 7*7919 }}" in a["title"]:
            assert "{{ 7*7919 }}" in body, "a template expression in an article is shown as written"


def test_unsafe_addresses_are_shown_but_never_linked(page, site):
    base, articles, _ = site
    checked_unsafe = checked_safe = 0
    for article_id, a in articles.items():
        url = a["url"]
        if not url:
            continue
        page.goto(f"{base}/articles/{article_id}")
        links = page.locator("dl.metadata a")
        if url.startswith(SAFE_URL_PREFIXES):
            # an http(s) address is a link whose target is exactly the address, quotes and all
            assert links.count() == 1, article_id
            assert links.first.get_attribute("href") == url, (article_id, links.first.get_attribute("href"))
            assert "noopener" in (links.first.get_attribute("rel") or "")
            checked_safe += 1
        else:
            assert links.count() == 0, (article_id, url)
            assert page.locator("dl.metadata .unsafe-url").text_content() == url, article_id
            assert page.locator("dl.metadata").filter(has_text="not linked").count() == 1, article_id
            checked_unsafe += 1
    assert checked_unsafe >= 8 and checked_safe >= 2, (checked_unsafe, checked_safe)
