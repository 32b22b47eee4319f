"""Benchmark: how fast the command line answers, in fresh processes, on a small store.

    flock /tmp/bench.lock .venv/bin/python bench/startup.py [--repeat 7] [--before /path/to/other/src]

Builds a store of the five example pages (ingested once), then times each command below in a new
interpreter ``--repeat`` times and prints the median wall time, against the interpreter alone
(``python -c pass``) in the same run; ``--before SRC`` times the same commands with another source
tree first on the path (a checkout's ``src`` of an earlier commit), for a ratio within one run.
Then ``python -X importtime`` of ``--help`` and of ``show`` lists the slowest imports (cumulative).
Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [["--help"], ["--version"], ["stories"], ["articles", "--limit", "5"], ["show", "{article}"]]


def run(src: Path, args: list[str], env: dict) -> float | None:
    """Seconds for one run, or None when the command fails (an older tree may lack it)."""
    env = dict(env, PYTHONPATH=str(src))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "storyscope.cli.app", *args], env=env, capture_output=True, text=True)
    return time.perf_counter() - start if done.returncode == 0 else None


def median_of(repeat: int, measure) -> float:
    return statistics.median(measure() for _ in range(repeat))


def top_imports(src: Path, args: list[str], env: dict, count: int = 8) -> list[tuple[str, float]]:
    """The slowest imports by cumulative time (ms), outermost first among equals."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "storyscope.cli.app", *args],
                          env=dict(env, PYTHONPATH=str(src)), capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _self, cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
            if cumulative.isdigit():
                rows.append((name, int(cumulative) / 1000))
    return sorted(rows, key=lambda r: -r[1])[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--before", type=Path, help="another source tree (its src folder) to time first")
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYSCOPE_")}
    env.update(COLUMNS="80", NO_COLOR="1")
    src = ROOT / "src"
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'small.db'}"
        subprocess.run([sys.executable, "-m", "storyscope.cli.app", "ingest", str(ROOT / "examples"), "--db", db,
                        "--workers", "1", "-q"], env=dict(env, PYTHONPATH=str(src)), check=True, capture_output=True)
        sys.path.insert(0, str(src))
        from storyscope.store import Store

        with Store.open(db) as store:
            article = store.list_articles(limit=1)[0].id[:8]
        interpreter = median_of(options.repeat, lambda: _time([sys.executable, "-c", "pass"]))
        results = []
        for command in COMMANDS:
            args = [a.format(article=article) for a in command] + (["--db", db] if command[0][0] != "-" else [])
            # now and before alternate, so a busy machine slows both alike
            now_times, before_times = [], []
            for _ in range(options.repeat):
                now_times.append(run(src, args, env))
                if options.before:
                    before_times.append(run(options.before, args, env))
            if None in now_times:
                raise SystemExit(f"storyscope {' '.join(args)} failed")
            now = statistics.median(now_times)
            row = {"command": "storyscope " + " ".join(command).format(article=article), "median_s": round(now, 3)}
            if options.before:
                before = None if None in before_times else statistics.median(before_times)
                row["before_s"] = None if before is None else round(before, 3)
                row["ratio"] = None if before is None else round(before / now, 2)
            results.append(row)
        offenders = {"--help": top_imports(src, ["--help"], env),
                     "show": top_imports(src, ["show", article, "--db", db], env)}
    print(f"interpreter alone (python -c pass): {interpreter:.3f} s; median of {options.repeat} runs each")
    print(f"{'command':<34} {'now':>8}" + (f" {'before':>8} {'ratio':>6}" if options.before else ""))
    for row in results:
        print(f"{row['command']:<34} {row['median_s']:>7.3f}s"
              + (_before(row) if options.before else ""))
    for name, rows in offenders.items():
        print(f"slowest imports of `storyscope {name}` (cumulative ms): "
              + ", ".join(f"{module} {ms:.0f}" for module, ms in rows))
    print(json.dumps({"interpreter_s": round(interpreter, 3), "repeat": options.repeat, "commands": results,
                      "imports": {k: [[m, round(ms, 1)] for m, ms in v] for k, v in offenders.items()}}))


def _before(row: dict) -> str:
    if row["before_s"] is None:
        return f" {'(fails)':>8} {'':>6}"
    return f" {row['before_s']:>7.3f}s {row['ratio']:>5.2f}x"


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
