"""Known vulnerabilities in the locked dependencies: pip-audit over every lock file, read strictly.

    .venv/bin/python tools/audit_dependencies.py [--require]

pip-audit looks each pinned version up in PyPI's advisory data (its JSON API). When that
service cannot be reached it marks every dependency "not found on PyPI", skips it, and still
prints "No known vulnerabilities found" with exit status 0. A dependency that was skipped was
not audited, so this reads pip-audit's JSON report and says how many were really checked:

- any known vulnerability not listed in ``requirements/audit-exceptions.txt`` fails (exit 1);
- a dependency that could not be audited is named; with ``--require`` (or the environment
  variable ``STORYSCOPE_REQUIRE_AUDIT=1``) that fails too, otherwise it is reported and the
  run passes, so a machine without a route to the advisory data can still run CI.

Exceptions file: one vulnerability per line, ``ID  package  reason``; ``#`` starts a comment.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("base.txt", "dev.txt", "embeddings.txt")
EXCEPTIONS = ROOT / "requirements" / "audit-exceptions.txt"


@dataclass
class Audit:
    audited: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # package -> pip-audit's reason
    vulnerable: dict[str, list[str]] = field(default_factory=dict)  # "package==version" -> ids
    excepted: dict[str, list[str]] = field(default_factory=dict)

    def verdict(self, require: bool) -> tuple[int, str]:
        """Exit status and the one-line summary."""
        counts = (f"{len(self.audited)} of {len(self.audited) + len(self.skipped)} dependencies audited, "
                  f"{sum(map(len, self.vulnerable.values()))} known vulnerabilities, "
                  f"{sum(map(len, self.excepted.values()))} written-down exceptions")
        if self.vulnerable:
            found = "; ".join(f"{package}: {', '.join(ids)}" for package, ids in sorted(self.vulnerable.items()))
            return 1, f"audit failed: {counts} ({found})"
        if self.skipped:
            why = next(iter(self.skipped.values()))
            status = 1 if require else 0
            verb = "failed" if require else "incomplete"
            return status, f"audit {verb}: {counts}; not audited: {_names(self.skipped)} (pip-audit: {why})"
        return 0, f"audit passed: {counts}"


def _names(packages, shown: int = 6) -> str:
    names = sorted(packages)
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def read_exceptions(path: Path = EXCEPTIONS) -> dict[str, str]:
    """Vulnerability id -> the line that excuses it. A line without a reason is an error."""
    found: dict[str, str] = {}
    if not path.exists():
        return found
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(None, 2)
        if len(parts) < 3:
            raise ValueError(f"{path.name}:{number}: an exception needs an id, a package and a reason")
        found[parts[0]] = line
    return found


def read_report(report: dict, exceptions: dict[str, str]) -> Audit:
    """Sort pip-audit's JSON report (``-f json``) into audited, skipped, vulnerable and excepted."""
    audit = Audit()
    for dependency in report.get("dependencies", []):
        name = dependency["name"]
        if "skip_reason" in dependency:
            audit.skipped[name] = dependency["skip_reason"]
            continue
        audit.audited.append(name)
        pinned = f"{name}=={dependency.get('version', '?')}"
        for vulnerability in dependency.get("vulns", []):
            ids = {vulnerability["id"], *vulnerability.get("aliases", [])}
            excused = sorted(ids & exceptions.keys())
            (audit.excepted if excused else audit.vulnerable).setdefault(pinned, []).append(vulnerability["id"])
    return audit


def run_pip_audit(locks: list[Path]) -> dict:
    """pip-audit's JSON report over the lock files, without installing anything."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--disable-pip",
                   "--require-hashes", "-f", "json", "-o", str(out)]
        for lock in locks:
            command += ["-r", str(lock)]
        done = subprocess.run(command, capture_output=True, text=True)
        if not out.exists():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"pip-audit exited with {done.returncode}: {last}")
        return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--require", action="store_true",
                        help="fail when a dependency could not be audited (default: report it)")
    args = parser.parse_args()
    require = args.require or os.environ.get("STORYSCOPE_REQUIRE_AUDIT") == "1"
    try:
        exceptions = read_exceptions()
    except ValueError as error:
        print(f"audit failed: {error}")
        return 1
    try:
        report = run_pip_audit([ROOT / "requirements" / name for name in LOCKS])
    except RuntimeError as error:
        print(f"audit {'failed' if require else 'not run'}: {error}")
        return 1 if require else 0
    status, line = read_report(report, exceptions).verdict(require)
    print(line)
    return status


if __name__ == "__main__":
    sys.exit(main())
