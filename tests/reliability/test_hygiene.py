"""The suite's own hygiene (tests/conftest.py), run on a small suite of its own in a fresh pytest:
a test that leaves a thread or a running event loop behind fails, a session whose fixtures leave
one fails, and under ``CI`` a skipped test fails (an expected failure stays one)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

CONFTEST = f"""
import importlib.util
spec = importlib.util.spec_from_file_location("suite_conftest", {str(TESTS / "conftest.py")!r})
suite = importlib.util.module_from_spec(spec)
spec.loader.exec_module(suite)
leaves_nothing_running = suite.leaves_nothing_running
pytest_runtest_makereport = suite.pytest_runtest_makereport
pytest_make_collect_report = suite.pytest_make_collect_report
pytest_sessionfinish = suite.pytest_sessionfinish
"""

SUITE = """
import asyncio, threading, time
import pytest

def test_skipped():
    pytest.skip("this machine lacks something")

@pytest.mark.xfail(strict=True, reason="known")
def test_expected_failure():
    assert False

def test_leaves_a_thread():
    threading.Thread(target=time.sleep, args=(3,), name="sleeper").start()

def test_leaves_an_event_loop():
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, name="loop-runner", daemon=True).start()

def test_stops_what_it_starts():
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    time.sleep(0.1)
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()
"""


def run_suite(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_suite.py").write_text(SUITE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(STORYSCOPE_TEST_SETTLE_S="1", **({"CI": "true"} if ci else {}))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "-p", "no:randomly",
                           str(tmp_path)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)


def outcomes(output: str) -> dict[str, str]:
    """Test name -> PASSED, FAILED, ERROR, SKIPPED, XFAIL from ``-rA``'s short summary."""
    found = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("PASSED", "FAILED", "ERROR", "SKIPPED", "XFAIL") and "::" in line:
            name = next(p for p in parts if "::" in p).split("::")[-1]
            found.setdefault(name, set()).add(parts[0])
    return {name: "+".join(sorted(kinds)) for name, kinds in found.items()}


def test_threads_and_event_loops_left_behind_fail_the_test(tmp_path):
    run = run_suite(tmp_path, ci=False)
    found = outcomes(run.stdout)
    assert found["test_leaves_a_thread"] == "ERROR+PASSED", run.stdout  # passed, then failed at teardown
    assert found["test_leaves_an_event_loop"] == "ERROR+PASSED", run.stdout
    assert found["test_stops_what_it_starts"] == "PASSED"
    assert found["test_expected_failure"] == "XFAIL"
    assert "SKIPPED [1] test_suite.py:6: this machine lacks something" in run.stdout
    assert "the test left running: sleeper (non-daemon thread)" in run.stdout
    assert "loop-runner (daemon thread running an event loop)" in run.stdout
    # the loop thread still runs when the session ends: that fails the session too
    assert "hygiene: left running after every fixture was torn down: loop-runner" in run.stderr
    assert run.returncode == 1


def test_under_ci_a_skip_is_a_failure(tmp_path):
    run = run_suite(tmp_path, ci=True)
    found = outcomes(run.stdout)
    assert found["test_skipped"] == "FAILED", run.stdout
    assert "SKIPPED" not in run.stdout
    assert "skipped, and CI is set, where every test must run: " in run.stdout
    assert "this machine lacks something" in run.stdout
    assert found["test_expected_failure"] == "XFAIL"
