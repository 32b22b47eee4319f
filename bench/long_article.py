"""Benchmark: one article at the token cap, its analysis time and the analysis process's peak memory.

    .venv/bin/python bench/long_article.py [--tokens N]

Builds one body of news prose from the paragraphs of tests/golden/stories (taken in order, again
and again, until the next would pass ``--tokens``, by default ``normalize.article.MAX_ARTICLE_TOKENS``,
the most one article may hold), analyses it as ingest does (``pipeline.analyze_articles``, the
pipeline loaded first), and prints its tokens, the seconds and the peak resident memory beside that
of the loaded pipeline (``VmHWM``, reset before the analysis). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyscope.analyze import nlp  # noqa: E402
from storyscope.model import Article  # noqa: E402
from storyscope.normalize.article import MAX_ARTICLE_TOKENS  # noqa: E402
from storyscope.pipeline import analyze_articles  # noqa: E402

TOKEN = re.compile(r"\w+|[^\w\s]")  # as the cap counts them


def prose(tokens: int) -> tuple[str, int]:
    files = sorted((ROOT / "tests" / "golden" / "stories").glob("*.txt"))
    paragraphs = [line for f in files for line in f.read_text(encoding="utf-8").splitlines()
                  if len(TOKEN.findall(line)) >= 8]  # body paragraphs, not bylines or labels
    chosen, count = [], 0
    while True:
        for paragraph in paragraphs:
            size = len(TOKEN.findall(paragraph))
            if count + size > tokens:
                return "\n".join(chosen), count
            chosen.append(paragraph)
            count += size


def peak_mib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return int(re.search(r"VmHWM:\s+(\d+)", status.read())[1]) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokens", type=int, default=MAX_ARTICLE_TOKENS)
    args = parser.parse_args()
    text, tokens = prose(args.tokens)
    nlp.load()
    with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
        handle.write("5")  # the peak from here on
    loaded = peak_mib()
    started = time.perf_counter()
    [outcome] = analyze_articles([Article(id="0" * 16, source="long", format="text", text=text,
                                          published="2025-01-01")])
    seconds = time.perf_counter() - started
    figures = {"tokens": tokens, "characters": len(text), "seconds": round(seconds, 1), "peak_mib": peak_mib(),
               "pipeline_mib": loaded, "outcome": type(outcome).__name__}
    print(f"{tokens:,} tokens ({len(text):,} characters): {seconds:.1f} s, peak {figures['peak_mib']} MiB "
          f"({loaded} MiB with the pipeline loaded); {figures['outcome']}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
