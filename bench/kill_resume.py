"""Benchmark: ``storyscope ingest`` killed with SIGKILL at 200 points per backend, each store resumed
to the clean reference.

    flock /tmp/bench.lock .venv/bin/python bench/kill_resume.py --backend sqlite --points 200 --seed 6

The check is tests/reliability/harness.py's ``kill_and_resume``, the one the test
(tests/reliability/test_kill_and_resume.py, 50 points) runs: the corpus of
tests/reliability/corpus.py ingested cleanly twice side by side (they must agree: the reference,
and the wall time T of a run), then two chains side by side, each killing ``ingest --workers 2``
after a delay drawn from [0, 1.1 T] again and again on one store (checked after every kill), the
store completed by a last run and compared with the reference (every version of every article with
its child rows, the search index, the outlet line counts, the failures, the export), until
``--points`` kills in all hit a running process.

Seeded: store N of chain thread C draws its delays from ``Random(f"{seed * 100 + C}/{N}")``, so
the same seed draws the same delays (as fractions of T) on every run. Resumable: after each store
the chains so far are written to ``--state`` (default
bench/results/kill_resume/BACKEND-seed-S.json); a run with the same backend and seed continues
from there (the reference is made again; T with it) and adds its kills to the count, and a run
that finds the count reached does nothing. ``--seconds`` begins no new store after that long. Prints the figures; the last line is one JSON object.
Exit status 1 when a store broke a check or differed from the reference.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from reliability.corpus import build  # noqa: E402
from reliability.harness import Chains, clean_reference, kill_and_resume  # noqa: E402


def load(path: Path, chains: int) -> list[Chains]:
    if not path.exists():
        return [Chains() for _ in range(chains)]
    saved = json.loads(path.read_text(encoding="utf-8"))["chains"]
    if len(saved) != chains:
        raise SystemExit(f"{path} holds {len(saved)} chain threads, not {chains}")
    return [Chains(**c) for c in saved]


def save(path: Path, meta: dict, done: list[Chains]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps({**meta, "chains": [vars(c) for c in done]}, indent=1), encoding="utf-8")
    os.replace(partial, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--points", type=int, default=200, help="kills that hit a running process, in all")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--chains", type=int, default=2, help="chain threads side by side")
    parser.add_argument("--seconds", type=float, help="begin no new store after this long (resume later)")
    parser.add_argument("--state", type=Path, help="default: bench/results/kill_resume/BACKEND-seed-S.json")
    args = parser.parse_args()
    state = args.state or ROOT / "bench" / "results" / "kill_resume" / f"{args.backend}-seed-{args.seed}.json"
    done = load(state, args.chains)
    before = sum(len(c.delays) for c in done)
    meta = {"backend": args.backend, "seed": args.seed, "points": args.points}
    started = time.perf_counter()
    failed = None
    figures: dict = {}
    if before >= args.points:
        print(f"{state}: {before} kill points already, the goal is {args.points}: nothing to do")
    with tempfile.TemporaryDirectory(prefix="kill-resume-") as tmp:
        folder = Path(tmp)
        corpus = build(folder / "corpus")
        try:
            if before < args.points:
                expected, duration = clean_reference(args.backend, corpus, folder)
                print(f"{args.backend}: the reference has {len(expected[0]['articles'])} article versions; "
                      f"a clean run takes T = {duration:.1f} s; {before} kill points from earlier runs", flush=True)
                figures = kill_and_resume(args.backend, corpus, folder, points=args.points, seed=args.seed,
                                          chains=args.chains, expected=expected, duration=duration, done=done,
                                          on_store=lambda chains: save(state, meta, chains),
                                          until=args.seconds and time.monotonic() + args.seconds)
        except AssertionError as exc:
            failed = "".join(traceback.format_exception_only(exc))[-3000:]
        finally:
            save(state, meta, done)
    total = sum(len(c.delays) for c in done)
    summary = {**meta, "state": str(state), "kill_points_total": total, "kill_points_this_run": total - before,
               "stores_total": sum(c.stores for c in done), "after_storing_total": sum(c.writing for c in done),
               "outlived_total": sum(c.completed for c in done), "completed_by_rerun_total": sum(c.reruns for c in done),
               "seconds_this_run": round(time.perf_counter() - started, 1), "failed": failed,
               "this_run": {k: v for k, v in figures.items() if k != "chains"}}
    print(f"\n{args.backend}, seed {args.seed}: {total} kill points in all ({total - before} this run, goal "
          f"{args.points}), {summary['stores_total']} stores each resumed and compared with the reference, "
          f"{summary['after_storing_total']} kills after the run had stored something, "
          f"{summary['outlived_total']} drawn delays the run outlived, {summary['completed_by_rerun_total']} stores "
          f"completed by a --workers 1 re-run; {'FAILED: ' + failed if failed else '0 differences, 0 broken stores'}")
    if figures:
        print(f"this run: T = {figures['T_s']} s; all kill points so far: delays {figures['delay_min_s']}-{figures['delay_max_s']} s "
              f"(median {figures['delay_median_s']}; by thirds of [0, 1.1 T]: {figures['by_thirds_of_span']}), "
              f"{figures['seconds']:.0f} s")
    print(json.dumps(summary))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
