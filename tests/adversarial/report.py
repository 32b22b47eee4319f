"""The full-size hostile run: every corpus input alone, through the real ingest, measured.

    .venv/bin/python -m tests.adversarial.report [--line-mb 200] [--deadline 120] [--details]

Writes the corpus with the full sizes (a 200 MB single line, a 4 GiB sparse file, a
1 GiB gzip bomb), ingests each input in a forked child (harness.run_one: SIGKILL past
the deadline, peak RSS from wait4) and prints per reader: inputs tried, read /
refused / crashed, worst time and worst peak RSS of one input. Crashed = an
exception escaped ingest, the child died or was killed at the deadline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

from .corpus import FULL_LINE_BYTES, MB, READERS, write_corpus
from .harness import Result, run_one, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--line-mb", type=float, default=FULL_LINE_BYTES / MB)
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds before an input's child is killed")
    parser.add_argument("--article-seconds", type=float, default=30.0, help="the run's per-article budget")
    parser.add_argument("--details", action="store_true", help="one line per input too")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="storyscope-hostile-"))
    try:
        corpus = write_corpus(root / "corpus", line_bytes=int(args.line_mb * MB), sentinel_dir=root)
        warm()
        work = root / "runs"
        work.mkdir()
        results: dict[str, list[tuple[str, Result]]] = defaultdict(list)
        for item in corpus.inputs:
            target = corpus.folder / item.name
            if item.reader == "sidecar":
                if not item.name.endswith(("sources.csv", "sources.json")):
                    continue  # the folder (article + sidecar) is one input
                target = target.parent
            result = run_one(target, work, deadline=args.deadline, article_seconds=args.article_seconds)
            results[item.reader].append((item.name, result))
            if args.details:
                reasons = "; ".join(f"{code}: {reason[:80]}" for _, code, reason in result.failures[:2])
                print(f"  {result.verdict:8} {result.seconds:6.1f} s {result.peak_rss_mb:6.0f} MB  {item.name}  {reasons}"
                      + (" KILLED" if result.killed else "") + (f"\n{result.crash}" if result.crash else ""),
                      flush=True)
        leaked = [p.name for p in work.iterdir() if corpus.secret.encode() in p.read_bytes()]
        print(f"\nline {args.line_mb:g} MB, sparse {os.path.getsize(corpus.folder / 'text/sparse.txt') / 2**30:g} GiB,"
              f" deadline {args.deadline:g} s, budget {args.article_seconds:g} s/article")
        print("| reader | inputs | read | refused | crashed | worst time | worst peak RSS |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        total = defaultdict(int)
        for reader in READERS:
            rows = results.get(reader, [])
            if not rows:
                continue
            counts = {v: sum(r.verdict == v for _, r in rows) for v in ("read", "refused", "crashed")}
            worst_time = max(rows, key=lambda row: row[1].seconds)
            worst_rss = max(rows, key=lambda row: row[1].peak_rss_mb)
            for key, value in counts.items():
                total[key] += value
            total["inputs"] += len(rows)
            print(f"| {reader} | {len(rows)} | {counts['read']} | {counts['refused']} | {counts['crashed']} | "
                  f"{worst_time[1].seconds:.1f} s ({Path(worst_time[0]).name}) | "
                  f"{worst_rss[1].peak_rss_mb:.0f} MB ({Path(worst_rss[0]).name}) |")
        print(f"| all | {total['inputs']} | {total['read']} | {total['refused']} | {total['crashed']} | | |")
        print(f"XXE sentinel in a store: {'YES ' + ', '.join(leaked) if leaked else 'no'}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
