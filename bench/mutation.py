"""Mutation testing of the core modules with mutmut, one module at a time (a bench, not CI).

    .venv/bin/python bench/mutation.py residue
    .venv/bin/python bench/mutation.py quotes --sample 300 --seed 1
    .venv/bin/python bench/mutation.py fetch --tests tests/unit/ingest/test_fetch.py --json out.json

mutmut (requirements/dev.in) changes one operator, constant or call at a time in the module's
source and runs the tests that cover it against each change; a change that no test notices (a
survivor) is behaviour nothing checks. Each module runs only its own test subset (MODULES below,
or ``--tests``), and mutmut itself runs, for each mutant, only the tests that called the mutated
function, so one module takes minutes, not the hours of the whole suite.

The run happens in a scratch copy of src/, tests/ and examples/ (``--workdir``, by default under
the system's temp directory), with a pyproject.toml that holds the module's [tool.mutmut] table:
the repository's own files are never touched. ``--sample N --seed S`` runs N mutants drawn with the
seed (mutmut generates them all first; the draw is the same for the same source and seed).

Prints the score (killed / total, where total counts killed, timed-out and surviving mutants and
those no selected test reaches) and writes the survivors with their diffs to the workdir's
survivors.txt; the last line is one JSON object. Run it under ``flock /tmp/bench.lock`` on a shared
machine: it forks one test process at a time (``--children``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# module -> (source files to mutate, the tests that cover them)
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "residue": (["src/storyscope/normalize/residue.py"], ["tests/unit/normalize/test_residue.py"]),
    "quotes": (["src/storyscope/analyze/quotes.py"],
               ["tests/unit/analyze/test_quotes.py", "tests/unit/analyze/test_speakers.py",
                "tests/unit/analyze/test_quote_cases.py"]),
    "dates": (["src/storyscope/dates/reading.py", "src/storyscope/dates/resolving.py"], ["tests/unit/dates"]),
    # not test_embeddings.py: it loads the sentence model (20 s) for each mutant it reaches
    "claims": (["src/storyscope/compare/claims.py"],
               [f"tests/unit/compare/{name}.py" for name in ("test_compare", "test_figures", "test_labels",
                "test_pair_and_entities", "test_stance_and_voices", "test_claim_alignment")]),
    "fetch": (["src/storyscope/ingest/fetch.py"], ["tests/unit/ingest/test_fetch.py", "tests/unit/ingest/test_fetch_wire.py"]),
}
# mutmut's exit-code verdicts, grouped as the score counts them
KILLED = {"killed", "timeout", "caught by type check"}
COUNTED = KILLED | {"survived", "no tests", "suspicious", "segfault"}


def prepare(workdir: Path, sources: list[str], tests: list[str]) -> None:
    """A fresh scratch copy of the project with the module's mutmut configuration."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".hypothesis")
    for name in ("src", "tests", "examples"):
        shutil.copytree(REPO / name, workdir / name, ignore=ignore)
    config = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    config += "\n[tool.mutmut]\n" + "\n".join([
        'source_paths = ["src"]',
        f"only_mutate = {json.dumps(sources)}",
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]',
        'also_copy = ["examples"]',
        "",
    ])
    (workdir / "pyproject.toml").write_text(config, encoding="utf-8")


def mutmut(workdir: Path, *args: str, log=None) -> subprocess.CompletedProcess:
    # the scratch copy's src/ must be the only storyscope on the path: no PYTHONPATH to the repository
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(NO_COLOR="1", TERM="dumb", STORYSCOPE_MUTATION="1")
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=workdir, env=env, text=True,
                          stdout=log or subprocess.PIPE, stderr=subprocess.STDOUT)


def verdicts(workdir: Path, sources: list[str]) -> dict[str, str]:
    """mutant name -> status, from mutmut's per-file records."""
    from mutmut.stats import status_by_exit_code  # noqa: PLC0415 (mutmut is a dev tool, imported when used)

    found: dict[str, str] = {}
    for source in sources:
        meta = workdir / "mutants" / (source + ".meta")
        data = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
        for name, code in data.get("exit_code_by_key", {}).items():
            found[name] = status_by_exit_code[code] if code is not None else "not checked"
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", choices=sorted(MODULES))
    parser.add_argument("--tests", nargs="+", help="the tests to run against each mutant (default: the module's own)")
    parser.add_argument("--sample", type=int, default=0, help="run this many mutants, drawn with --seed (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--children", type=int, default=1, help="test processes at a time")
    parser.add_argument("--workdir", type=Path, help="scratch directory (default: <tmp>/storyscope-mutation/MODULE)")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args()

    sources, tests = MODULES[args.module]
    tests = args.tests or tests
    workdir = args.workdir or Path(tempfile.gettempdir()) / "storyscope-mutation" / args.module
    prepare(workdir, sources, tests)
    started = time.monotonic()
    with open(workdir / "mutmut.log", "w", encoding="utf-8") as log:
        names: list[str] = []
        if args.sample:
            # generate every mutant (and the test-to-function map) without running any, then draw
            mutmut(workdir, "run", "--max-children", str(args.children), "storyscope.no_such_function*", log=log)
            everything = sorted(verdicts(workdir, sources))
            names = random.Random(args.seed).sample(everything, min(args.sample, len(everything)))
        done = mutmut(workdir, "run", "--max-children", str(args.children), *names, log=log)
    seconds = time.monotonic() - started
    found = verdicts(workdir, sources)
    if names:
        found = {name: found[name] for name in names}
    if done.returncode != 0 or not found:
        print((workdir / "mutmut.log").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
        print(f"mutmut failed (exit {done.returncode}); see {workdir / 'mutmut.log'}", file=sys.stderr)
        return 1

    counted = {name: status for name, status in found.items() if status in COUNTED}
    killed = sorted(name for name, status in counted.items() if status in KILLED)
    survivors = sorted(name for name, status in counted.items() if status not in KILLED)
    with open(workdir / "survivors.txt", "w", encoding="utf-8") as out:
        for name in survivors:
            shown = mutmut(workdir, "show", name)
            out.write(re.sub(r"\x1b\[[0-9;]*m", "", shown.stdout) + "\n")
    by_status: dict[str, int] = {}
    for status in found.values():
        by_status[status] = by_status.get(status, 0) + 1
    result = {
        "module": args.module, "sources": sources, "tests": tests,
        "sample": args.sample or None, "seed": args.seed if args.sample else None,
        "mutants": len(found), "counted": len(counted), "killed": len(killed), "survived": len(survivors),
        "score": round(len(killed) / len(counted), 3) if counted else None,
        "by_status": by_status, "seconds": round(seconds), "survivors": survivors,
        "survivor_diffs": str(workdir / "survivors.txt"),
    }
    print(f"{args.module}: {len(killed)}/{len(counted)} killed ({result['score']:.1%}), "
          f"{len(survivors)} survived; {by_status}; {seconds:.0f} s")
    print(f"survivors with their diffs: {workdir / 'survivors.txt'}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "survivors"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
