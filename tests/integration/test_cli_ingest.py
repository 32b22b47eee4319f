"""The CLI end to end, in real subprocesses, against a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from storyscope.library import export_articles
from storyscope.store import Store

pytestmark = pytest.mark.slow

EXAMPLE_COUNT = 5
ID_CELL = re.compile(r"^[0-9a-f]{4,16}…?$")


def summary_value(stdout: str, label: str) -> int:
    """The number beside ``label`` in the ingest summary table."""
    match = re.search(rf"^\W*{re.escape(label)}\W+(\d+)\b", stdout, re.M)
    assert match, f"no {label!r} row in:\n{stdout}"
    return int(match.group(1))


def table_rows(stdout: str) -> list[list[str]]:
    """Body rows of a Rich table: cells of lines whose first cell is an article id."""
    rows = []
    for line in stdout.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃|]", line)[1:-1]]
        if cells and ID_CELL.match(cells[0]):
            rows.append(cells)
    return rows


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory, cli, examples_dir):
    """The examples ingested once through the CLI; returns (url, first run)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'x.db'}"
    first = cli("ingest", str(examples_dir), "--db", url, "--workers", "1", "-q")
    return url, first


def test_first_ingest_adds_every_example(cli_db, cli):
    _, first = cli_db
    assert first.returncode == 0, first.stderr
    assert "storyscope ingest" in first.stdout
    assert summary_value(first.stdout, "documents read") == EXAMPLE_COUNT
    assert summary_value(first.stdout, "added") == EXAMPLE_COUNT
    assert summary_value(first.stdout, "unchanged (already stored)") == 0
    assert summary_value(first.stdout, "could not be read") == 0
    assert "Traceback" not in first.stderr


def test_second_ingest_is_idempotent(cli_db, cli, examples_dir):
    url, _ = cli_db
    again = cli("ingest", str(examples_dir), "--db", url, "--workers", "1", "-q")
    assert again.returncode == 0, again.stderr
    assert summary_value(again.stdout, "added") == 0
    assert summary_value(again.stdout, "unchanged (already stored)") == EXAMPLE_COUNT
    assert summary_value(again.stdout, "new versions") == 0
    listed = cli("articles", "--db", url)
    assert listed.returncode == 0, listed.stderr
    assert len(table_rows(listed.stdout)) == EXAMPLE_COUNT
    with Store.open(url) as store:
        assert store.counts()["articles"] == EXAMPLE_COUNT
        assert store.counts()["versions"] == EXAMPLE_COUNT


def test_show_prints_title_residue_and_speakers(cli_db, cli):
    url, _ = cli_db
    record = next(r for r in export_articles(url) if r["boilerplate"] and any(q["speaker"] for q in r["quotes"]))
    shown = cli("show", record["id"][:8], "--db", url)
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert record["title"] and record["title"] in out
    assert record["id"] in out
    assert "page residue (not part of the article)" in out
    for line in record["boilerplate"]:
        assert line["reason"] in out
    speakers = {q["speaker"] for q in record["quotes"] if q["speaker"]}
    assert speakers
    for speaker in speakers:
        assert speaker in out, speaker


def test_quotes_filters_by_speaker(cli_db, cli):
    url, _ = cli_db
    result = cli("quotes", "--speaker", "Geng", "--db", url)
    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    with Store.open(url) as store:
        expected = store.quotes("Geng")
        everyone = store.quotes()
    assert expected and len(expected) < len(everyone)
    assert len(rows) == len(expected)
    assert {cells[1] for cells in rows} == {"Geng Shuang"}  # the speaker column, nobody else


def test_export_json(cli_db, cli):
    url, _ = cli_db
    result = cli("export", "--format", "json", "--db", url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["stories"]) == 1  # the five pages tell one running story
    assert sorted(data["stories"][0]["articles"]) == sorted(a["id"] for a in data["articles"])
    assert len(data["articles"]) == EXAMPLE_COUNT
    assert len({a["id"] for a in data["articles"]}) == EXAMPLE_COUNT


def test_export_jsonl(cli_db, cli):
    url, _ = cli_db
    result = cli("export", "--format", "jsonl", "--db", url)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == EXAMPLE_COUNT
    assert all(r["text"] and r["sentences"] for r in records)


def test_export_csv(cli_db, cli):
    url, _ = cli_db
    result = cli("export", "-f", "csv", "--db", url)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == EXAMPLE_COUNT
    by_id = {r["id"]: r for r in rows}
    for record in export_articles(url):
        row = by_id[record["id"]]
        assert row["text"] == record["text"]  # multi-line bodies survive CSV quoting
        assert int(row["quotes"]) == len(record["quotes"])


def test_only_bad_inputs_exit_1_with_one_error_line(tmp_path, cli):
    inputs = tmp_path / "bad"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    result = cli("ingest", str(inputs), "--db", f"sqlite:///{tmp_path / 'bad.db'}", "--workers", "1", "-q")
    assert result.returncode == 1, result.stderr
    lines = error_lines(result.stderr)
    errors = [line for line in lines if line.startswith("error:")]
    assert errors == ["error: no article could be read from the given inputs"], result.stderr
    assert "Traceback" not in result.stderr
    assert any("empty.txt" in line for line in lines)
    assert any("image.bin" in line for line in lines)
    assert summary_value(result.stdout, "could not be read") == 2


def test_show_unknown_id_exits_2_with_one_line(cli_db, cli):
    url, _ = cli_db
    result = cli("show", "nonexistent", "--db", url)
    assert result.returncode == 2
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "nonexistent" in lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_unknown_model_exits_2_naming_it(tmp_path, workers, cli, examples_dir):
    # With workers > 1 this used to respawn failing pool workers forever.
    result = cli("ingest", str(examples_dir), "--db", f"sqlite:///{tmp_path / 'm.db'}",
                     "--model", "no_such_pipeline_xx", "--workers", workers, "-q")
    assert result.returncode == 2, result.stderr[-2000:]
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("error: ") and "no_such_pipeline_xx" in lines[0]
