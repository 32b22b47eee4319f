"""One run over good and bad inputs together: every good article is stored, every bad input
is reported once by name, and the run still succeeds."""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyscope.store import Store

pytestmark = pytest.mark.slow

HARBOUR = ("The city council voted on Tuesday to expand the harbour at Tema. "
           "\"We will build it within two years,\" Mayor Ana Ruiz said after the vote. ") * 4
DROUGHT = ("Farmers in the Rift valley said the drought had cut maize yields by 40 percent this year. "
           "Officials said 12 districts would receive aid before March. ") * 4

# file name -> what part of the source names the failure
BAD_INPUTS = {
    "empty.txt": "empty.txt",
    "picture.txt": "picture.txt",
    "garbage.txt": "garbage.txt",
    "feed.jsonl": "feed.jsonl#2",
    "crawl.warc.gz": "crawl.warc.gz",
}


def truncated_warc_gz() -> bytes:
    """A gzipped WARC with one HTML response, cut off inside that record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    html = f"<html><head><title>Harbour</title></head><body><article><p>{HARBOUR}</p></article></body></html>"
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("http://example.com/harbour", "response",
                                                  payload=io.BytesIO(html.encode()), http_headers=http))
    whole = buffer.getvalue()
    assert gzip.decompress(whole).startswith(b"WARC/1")
    return whole[: len(whole) // 2]


@pytest.fixture(scope="module")
def batch(tmp_path_factory, cli, examples_dir):
    folder = tmp_path_factory.mktemp("batch") / "inputs"
    shutil.copytree(examples_dir, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "garbage.txt").write_bytes(bytes(range(128, 256)) * 3)  # no text encoding fits
    (folder / "feed.jsonl").write_text("\n".join([
        json.dumps({"title": "Harbour vote", "text": HARBOUR, "outlet": "Port Daily"}),
        '{"title": "broken", "text": ',
        json.dumps({"title": "Drought", "text": DROUGHT, "outlet": "Valley News"}),
    ]) + "\n", encoding="utf-8")
    (folder / "crawl.warc.gz").write_bytes(truncated_warc_gz())
    url = f"sqlite:///{folder.parent / 'batch.db'}"
    result = cli("ingest", str(folder), "--db", url, "--workers", "1", "-q")
    return folder, url, result


def test_run_succeeds(batch):
    _, _, result = batch
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"could not be read\W+5\b", result.stdout), result.stdout


def test_every_good_article_is_stored(batch, examples_dir):
    _, url, _ = batch
    with Store.open(url) as store:
        rows = store.list_articles()
        processed = list(store.iter_processed())
    assert len(rows) == 5 + 2
    sources = sorted(p.article.source.rsplit("/", 1)[-1] for p in processed)
    examples = sorted(p.name for p in examples_dir.glob("*.txt"))
    assert sources == sorted(examples + ["feed.jsonl#1", "feed.jsonl#3"])
    assert {p.article.title for p in processed} >= {"Harbour vote", "Drought"}


def test_one_failure_recorded_per_bad_input(batch):
    folder, url, _ = batch
    with Store.open(url) as store:
        failures = store.failures()
    named = sorted(f.source.rsplit("/", 1)[-1] for f in failures)
    assert named == sorted(BAD_INPUTS.values()), failures
    for failure in failures:
        assert failure.source.startswith(str(folder))
        assert failure.reason and "\n" not in failure.reason
    codes = {f.source.rsplit("/", 1)[-1]: f.code for f in failures}
    assert codes["empty.txt"] == "empty"
    assert codes["picture.txt"] == "binary"
    assert codes["feed.jsonl#2"] == "malformed"
    assert codes["crawl.warc.gz"] == "malformed"
    assert codes["garbage.txt"] in {"undecodable", "binary"}


def test_stderr_names_each_bad_input_once(batch):
    _, _, result = batch
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == len(BAD_INPUTS), result.stderr
    for name in BAD_INPUTS.values():
        assert sum(f"/{name}:" in line for line in lines) == 1, (name, result.stderr)
