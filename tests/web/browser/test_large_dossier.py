"""A story of 50 outlets and 100 claims in real Chromium: the page never scrolls sideways, the
outlets × claims matrix scrolls inside its own box with its header row in view, and claims come
in dossier order (contradicted, corroborated by the most independent sources, exclusives by outlet).

The 50 pages are generated as text files, ingested for real (spaCy) and filed as one story
through the store. Each page carries its share of the planned claims among short lines of its
own, so no two pages share enough to be copies and every outlet is an independent source.
"""

from __future__ import annotations

import csv
import json
import random
import urllib.request
from collections import Counter

import pytest

from storyscope.config import Settings
from storyscope.library import ingest_paths
from storyscope.model import Event, Story
from storyscope.store import Store

from .test_flow import shoot

pytestmark = pytest.mark.slow

OUTLETS, CONTRADICTED, CORROBORATED = 50, 3, 47
EXCLUSIVES = {k: 2 if k < 10 else 1 if k < 40 else 0 for k in range(OUTLETS)}  # 50 in all
SYLLABLES = ["vel", "mor", "tan", "kesh", "bru", "lin", "dor", "ast", "qui", "ren", "sol", "pav", "gri", "nux",
             "har", "bel", "cos", "tiv", "ompa", "lur", "zen", "fal", "odi", "wex"]
TEMPLATES = ["{0} and {1} residents said {2} {3} reopened near {4}.",
             "Officials from {0} told {1} that {2} {3} closed beside {4}.",
             "Volunteers in {0} and {1} rebuilt {2} {3} outside {4}."]


def names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct made-up proper names ("Velmorkesh"): words no two claims share."""
    found: set[str] = set()
    while len(found) < count:
        found.add("".join(rng.sample(SYLLABLES, 3)).capitalize())
    return sorted(found)


def plan(rng: random.Random):
    """Outlet names, and each claim as (status, {outlet: sentence}); contradicted claims give two
    counts of one thing, half their carriers each."""
    words = iter(names(rng, 5 * (CONTRADICTED + CORROBORATED + sum(EXCLUSIVES.values())) + OUTLETS))
    outlets = [f"The {next(words)} {kind}" for kind in ("Courier", "Herald", "Post", "Gazette", "Times") * 10]
    claims = []
    for i, (unit, high, low) in enumerate([("dockworkers", "about 3,200", "fewer than 900"),
                                           ("nurses", "some 1,400", "only 450"), ("drivers", "nearly 2,600", "under 700")]):
        a, b, c, d, e = (next(words) for _ in range(5))
        carriers = rng.sample(range(OUTLETS), 6)
        claims.append(("contradicted", {o: f"{a} and {b} officials in {c} {d} counted {high if n % 2 else low} {unit} near {e}."
                                         for n, o in enumerate(carriers)}))
    for j in range(CORROBORATED):
        sentence = TEMPLATES[j % len(TEMPLATES)].format(*(next(words) for _ in range(5)))
        claims.append(("corroborated", dict.fromkeys(rng.sample(range(OUTLETS), 2 + (j * 7) % 19), sentence)))
    for o, n in EXCLUSIVES.items():
        for _ in range(n):
            claims.append(("single-source", {o: TEMPLATES[o % len(TEMPLATES)].format(*(next(words) for _ in range(5)))}))
    return outlets, claims


def write_pages(folder, outlets, claims, rng) -> None:
    """One page per outlet: a headline, its claims and three times as many short lines of its own."""
    folder.mkdir()
    with open(folder / "sources.csv", "w", newline="", encoding="utf-8") as handle:
        rows = csv.writer(handle)
        rows.writerow(["file", "published", "outlet"])
        for k, outlet in enumerate(outlets):
            carried = [carriers[k] for _, carriers in claims if k in carriers]
            own = [f"Edition {k} note {n}." for n in range(3 * len(carried) + 3)]  # too short to be claims
            body = carried + own
            rng.shuffle(body)
            name = f"page{k:02d}.txt"
            (folder / name).write_text(f"Harbour towns report, part {k}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
            rows.writerow([name, "2024-05-02", outlet])


@pytest.fixture(scope="module")
def large_story(tmp_path_factory, start_module_server):
    """``(base_url, story id, outlets, planned claims)`` for the generated story, served."""
    rng = random.Random(50)
    outlets, claims = plan(rng)
    assert len(claims) == 100 and len(outlets) == len(set(outlets)) == OUTLETS
    folder = tmp_path_factory.mktemp("large")
    write_pages(folder / "pages", outlets, claims, rng)
    db = f"sqlite:///{folder / 'large.db'}"
    summary = ingest_paths([str(folder / "pages")], db, workers=1, settings=Settings())
    assert summary.added == OUTLETS and not summary.failures, summary
    with Store.open(db) as store:
        ids = tuple(r.id for r in store.list_articles(limit=OUTLETS + 1))
        assert {r.outlet for r in store.list_articles(ids=list(ids))} == set(outlets)
        story = Story("s" + "5" * 12, "Harbour towns", ids, (Event("e" + "5" * 12, None, "2024-05-02", ids),))
        store.replace_stories([story])
    base = start_module_server(db)
    # the first dossier of a 50-page story takes a while: computed once here, then cached for the page
    with urllib.request.urlopen(f"{base}/api/stories/{story.id}", timeout=300) as response:
        dossier = json.load(response)
    return base, story.id, outlets, claims, dossier


def test_the_json_api_gives_the_planned_claims_in_dossier_order(large_story):
    _, _, outlets, claims, dossier = large_story
    got = dossier["claims"]
    statuses = [c["status"] for c in got]
    assert Counter(statuses) == Counter(status for status, _ in claims), Counter(statuses)
    assert statuses == sorted(statuses, key=["contradicted", "corroborated", "single-source"].index)
    corroborated = [c for c in got if c["status"] == "corroborated"]
    # every outlet is independent: a claim has as many sources as carriers, the most carried first
    assert [len(c["sources"]) for c in corroborated] == sorted(
        (len(carriers) for status, carriers in claims if status == "corroborated"), reverse=True)
    assert all(s["reason"] == f"outlet {s['name']}" for c in got for s in c["sources"])
    exclusive_owners = [c["exclusive_to"] for c in got if c["status"] == "single-source"]
    expected = sorted((outlets[o] for o, n in EXCLUSIVES.items() for _ in range(n)), key=str.casefold)
    assert exclusive_owners == expected


def test_fifty_outlets_and_a_hundred_claims_read_well(large_story, page, tmp_path):
    base, story_id, outlets, claims, dossier = large_story
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(f"{base}/stories/{story_id}")
    assert response.status == 200

    # the page itself never scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), \
        page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")

    # the matrix is larger than its box both ways and scrolls inside it
    box = page.locator("div.matrix-box")
    sizes = box.evaluate("b => ({sw: b.scrollWidth, cw: b.clientWidth, sh: b.scrollHeight, ch: b.clientHeight})")
    assert sizes["sw"] > sizes["cw"] and sizes["sh"] > sizes["ch"], sizes
    assert page.locator("table.matrix thead th[title]").count() == OUTLETS
    box.scroll_into_view_if_needed()
    box.evaluate("b => { b.scrollTop = 900; b.scrollLeft = 300; }")
    assert box.evaluate("b => [b.scrollTop, b.scrollLeft]") == [900, 300]

    # after scrolling inside the box, the header row is still at its top and the claims at its left
    frame = box.bounding_box()
    header = page.locator("table.matrix thead th[title]").nth(3).bounding_box()
    assert abs(header["y"] - frame["y"]) <= 2, (header, frame)
    assert frame["x"] <= header["x"] and header["x"] + header["width"] <= frame["x"] + frame["width"]
    visible_row = page.locator("table.matrix tbody tr[data-status] th.claim").nth(30).bounding_box()
    assert abs(visible_row["x"] - frame["x"]) <= 2, (visible_row, frame)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    # dossier order, in the matrix and in the claims list alike
    for rows in ("table.matrix tbody tr[data-status]", "div.claims-list details[data-status]"):
        found = page.locator(rows).evaluate_all(
            "rows => rows.map(r => [r.dataset.status, Number(r.dataset.sources)])")
        assert [s for s, _ in found] == [c["status"] for c in dossier["claims"]]
        assert [s for s, _ in found][:CONTRADICTED] == ["contradicted"] * CONTRADICTED
        counts = [n for s, n in found if s == "corroborated"]
        assert len(counts) == CORROBORATED and counts == sorted(counts, reverse=True) and counts[-1] >= 2
        assert {n for s, n in found if s == "single-source"} == {1}
    owners = page.locator("div.claims-list h4").evaluate_all("hs => hs.map(h => h.firstChild.textContent.trim())")
    assert owners == sorted((outlets[o] for o, n in EXCLUSIVES.items() if n), key=str.casefold)

    # what a reader sees: the matrix from its top, then scrolled inside its box (header still in view)
    box.evaluate("b => { b.scrollTop = 0; b.scrollLeft = 0; }")
    page.locator("h2", has_text="Outlets × claims").evaluate("h => h.scrollIntoView()")
    top, scrolled = tmp_path / "dossier-50-outlets.png", tmp_path / "dossier-50-outlets-scrolled.png"
    top.write_bytes(page.screenshot())  # not path=: see test_flow.shoot
    box.evaluate("b => { b.scrollTop = 900; b.scrollLeft = 300; }")
    scrolled.write_bytes(page.screenshot())
    print(f"\nscreenshots: {top} {scrolled}")
