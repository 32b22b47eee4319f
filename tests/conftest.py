"""Shared fixtures: the example corpus ingested once per session, and a CLI runner; hygiene: a test
that leaves a thread or a running event loop behind fails, and so does the session when its
fixtures do (``leaves_nothing_running``); under ``CI`` a skipped test fails (``pytest_runtest_makereport``)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storyscope.config import Settings
from storyscope.library import ingest_paths

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
EXAMPLE_COUNT = 5
CLI_TIMEOUT = 120  # seconds; a hung run fails instead of stalling the suite


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory) -> str:
    """A SQLite URL holding the five example articles, ingested once with one worker."""
    url = f"sqlite:///{tmp_path_factory.mktemp('examples') / 'examples.db'}"
    summary = ingest_paths([str(EXAMPLES)], url, workers=1, settings=Settings())
    assert summary.added == EXAMPLE_COUNT and not summary.failures, summary
    return url


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def cli():
    """``cli("ingest", ...)`` runs the storyscope command line in a subprocess."""
    return run_cli


def run_cli(*args: str, cwd: Path | None = None, columns: int = 200) -> subprocess.CompletedProcess[str]:
    """Run ``storyscope ARGS`` in a fresh interpreter, as a user would, with a wide terminal
    (``columns`` characters)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYSCOPE_")}
    env.update(COLUMNS=str(columns), NO_COLOR="1", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "storyscope.cli.app", *args],
        capture_output=True, text=True, encoding="utf-8", timeout=CLI_TIMEOUT, env=env, cwd=cwd or REPO,
    )


# ---------------------------------------------------------------- hygiene

SETTLE_S = float(os.environ.get("STORYSCOPE_TEST_SETTLE_S", "5"))  # how long a thread a test stopped may take to end before it counts as left behind
_LOOP_FRAMES = {"run_forever", "_run_once", "run_until_complete"}  # asyncio.base_events


def runs_event_loop(thread: threading.Thread) -> bool:
    """True when ``thread`` is inside an asyncio event loop's run (seen in its current stack)."""
    frame = sys._current_frames().get(thread.ident)
    while frame is not None:
        code = frame.f_code
        if code.co_name in _LOOP_FRAMES and code.co_filename.endswith(os.path.join("asyncio", "base_events.py")):
            return True
        frame = frame.f_back
    return False


def left_running(before: set[threading.Thread]) -> list[str]:
    """Threads started since ``before`` that are still running after ``SETTLE_S``: every non-daemon
    one, and daemon ones that run an event loop; each described."""
    deadline = time.monotonic() + SETTLE_S
    while True:
        left = [t for t in threading.enumerate()
                if t not in before and t.is_alive() and (not t.daemon or runs_event_loop(t))]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return [f"{t.name} ({'daemon thread running an event loop' if t.daemon else 'non-daemon thread'}"
            f"{', ' + t.__class__.__module__ + '.' + t.__class__.__qualname__ if type(t) is not threading.Thread else ''})"
            for t in left]


@pytest.fixture(autouse=True)
def leaves_nothing_running():
    """Fails the test (at teardown) when it leaves a thread or an event loop running; threads that
    ran before it (a module's or the session's fixtures) are theirs to stop."""
    before = set(threading.enumerate())
    yield
    left = left_running(before)
    if left:
        pytest.fail(f"the test left running: {'; '.join(left)}", pytrace=False)


def pytest_sessionfinish(session, exitstatus):
    """The session's and modules' fixtures have all been torn down: nothing may still run."""
    left = left_running({threading.main_thread()})
    if left:
        print(f"\nhygiene: left running after every fixture was torn down: {'; '.join(left)}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# ---------------------------------------------------------------- CI runs everything

def _skip_fails_under_ci(report) -> None:
    """Under ``CI`` (``CI=true bash .ci/run``) a skip is a failure: CI must run every test. An
    expected failure (xfail) is no skip."""
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, and CI is set, where every test must run: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _skip_fails_under_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _skip_fails_under_ci(outcome.get_result())
