"""Stories from the command line: listing, one story, and readers' edits that survive re-clustering."""

import json
import shutil

import pytest

from storyscope.store import Store


@pytest.fixture(scope="module")
def stories_db(tmp_path_factory, examples_dir, cli):
    """The examples plus one unrelated article, ingested (and clustered) through the CLI."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in examples_dir.iterdir():
        shutil.copy(path, folder / path.name)
    (folder / "zz_football.txt").write_text(
        "Coach named for national football team\n"
        "The football federation on Tuesday named Lena Holm as head coach of the national team.\n"
        "Holm, 44, signed a three-year contract and will lead the side at next summer's tournament.\n"
        "\"We want to play brave, attacking football,\" Holm told reporters at the stadium.\n",
        encoding="utf-8")
    db = f"sqlite:///{tmp_path_factory.mktemp('db') / 's.db'}"
    result = cli("ingest", str(folder), "--db", db, "--workers", "1", "-q")
    assert result.returncode == 0, result.stderr
    assert "2 stories" in result.stdout
    return db


def _stories(db):
    with Store.open(db) as store:
        return store.stories(), {row.id: row for row in store.list_articles()}


def test_stories_lists_the_xinjiang_story_and_the_singleton(stories_db, cli):
    result = cli("stories", "--db", stories_db)
    assert result.returncode == 0
    found, rows = _stories(stories_db)
    sizes = sorted(len(s.articles) for s in found)
    assert sizes == [1, 5]
    for story in found:
        assert story.id[:8] in result.stdout


def test_story_shows_events_with_outlets(stories_db, cli):
    found, rows = _stories(stories_db)
    big = max(found, key=lambda s: len(s.articles))
    result = cli("story", big.id[:6], "--db", stories_db)
    assert result.returncode == 0, result.stderr
    assert "WION" in result.stdout and "2022-02-19" in result.stdout


def test_edits_survive_reclustering(stories_db, cli):
    found, rows = _stories(stories_db)
    big = max(found, key=lambda s: len(s.articles))
    single = min(found, key=lambda s: len(s.articles))
    assert cli("merge", big.articles[0], single.articles[0], "--db", stories_db).returncode == 0
    assert cli("rename", single.articles[0], "Everything together", "--db", stories_db).returncode == 0
    assert cli("cluster", "--db", stories_db).returncode == 0
    found, _ = _stories(stories_db)
    assert [(len(s.articles), s.title) for s in found] == [(6, "Everything together")]
    assert cli("split", single.articles[0], "--db", stories_db).returncode == 0
    found, _ = _stories(stories_db)
    assert sorted(len(s.articles) for s in found) == [1, 5]


def test_export_carries_stories(stories_db, cli):
    result = cli("export", "--db", stories_db)
    exported = json.loads(result.stdout)
    ids = {a["id"] for a in exported["articles"]}
    assert exported["stories"] and all(set(s["articles"]) <= ids for s in exported["stories"])


def test_unknown_story_is_one_line(stories_db, cli):
    result = cli("story", "zzzzzz", "--db", stories_db)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error:") and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_report_formats(stories_db, cli, tmp_path, fmt):
    found, _ = _stories(stories_db)
    big = max(found, key=lambda s: len(s.articles))
    out = tmp_path / f"report.{fmt}"
    result = cli("report", big.id[:8], "--format", fmt, "--out", str(out), "--db", stories_db)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(text)
        assert data["story"]["id"] == big.id and len(data["articles"]) == len(big.articles)
        assert all(c["status"] in {"corroborated", "single-source", "contradicted"} for c in data["claims"])
    elif fmt == "md":
        assert text.startswith("# ") and "## Claims" in text
    else:
        assert text.startswith("<!doctype html>") and "<svg" in text
        # self-contained: nothing is fetched when the page is opened
        assert "<script" not in text and 'src="http' not in text and "<link" not in text


def test_report_escapes_article_text():
    from storyscope.compare.records import StoryComparison
    from storyscope.model import Article, ArticleAnalysis, Event, ProcessedArticle, Story
    from storyscope.report.dossier import dossier, render

    evil = '<script>alert("x")</script>'
    article = ProcessedArticle(Article(id="a" * 16, source="x", format="text", text="Body.", title=evil,
                                       outlet=evil), ArticleAnalysis())
    story = Story("s" + "a" * 12, evil, (article.article.id,), (Event("e" + "a" * 12, evil, None, (article.article.id,)),))
    html = render("html", dossier(story, StoryComparison(story.id), {article.article.id: article}))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_report_names_both_sides_of_a_copy():
    from storyscope.compare.records import StoryComparison
    from storyscope.cluster.reuse import Reuse
    from storyscope.model import Article, ArticleAnalysis, Event, ProcessedArticle, Story
    from storyscope.report.dossier import dossier, render

    def processed(aid, outlet):
        return ProcessedArticle(Article(id=aid * 16, source=aid, format="text", text="Body.", outlet=outlet,
                                        published="2025-01-0" + ("1" if aid == "a" else "2")), ArticleAnalysis())

    a, b = processed("a", "Wire"), processed("b", "Client")
    story = Story("s" + "a" * 12, "T", (a.article.id, b.article.id), (Event("e" + "a" * 12, "T", None, (a.article.id, b.article.id)),))
    comparison = StoryComparison(story.id, copies=(Reuse(a.article.id, b.article.id, "verbatim", 1.0, 1.0, ()),))
    data = dossier(story, comparison, {a.article.id: a, b.article.id: b})
    for fmt in ("md", "html"):
        text = render(fmt, data)
        assert "Client" in text and "Wire" in text and "unknown outlet" not in text


def test_an_outlet_correction_applies_to_its_pages_and_an_unknown_one_is_one_line(stories_db, cli):
    with Store.open(stories_db) as store:
        before = {row.id: row.outlet for row in store.list_articles()}
    old = next(o for o in before.values() if o)
    result = cli("rename-outlet", old, "Corrected Outlet", "--db", stories_db)
    assert result.returncode == 0, result.stderr
    count = sum(o == old for o in before.values())
    assert f"{count} {'page' if count == 1 else 'pages'} of {old!r}" in result.stdout
    with Store.open(stories_db) as store:
        after = {row.id: row.outlet for row in store.list_articles()}
    assert after == {i: "Corrected Outlet" if o == old else o for i, o in before.items()}
    missing = cli("rename-outlet", "No Such Outlet", "X", "--db", stories_db)
    assert missing.returncode == 2 and missing.stderr.strip().count("\n") == 0
    assert "No Such Outlet" in missing.stderr
    empty = cli("rename-outlet", "Corrected Outlet", " ", "--db", stories_db)
    assert empty.returncode == 2 and empty.stderr.strip() == "error: the new name is empty"
