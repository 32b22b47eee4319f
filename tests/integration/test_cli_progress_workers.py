"""`storyscope ingest` on a terminal: the progress bar is drawn and the analysis workers are forked
from the command's process (sharing its loaded spaCy pipeline), not started by a forkserver.

A thread of the progress bar's would make run/local.py choose the forkserver, whose workers
each load a pipeline of their own (more memory, and a load inside every run).
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time

import psutil
import pytest

pytestmark = pytest.mark.slow

TIMEOUT_S = 120


def test_ingest_on_a_terminal_forks_its_workers(tmp_path, examples_dir):
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYSCOPE_")}
    env.update(COLUMNS="120", TERM="xterm")
    command = [sys.executable, "-m", "storyscope.cli.app", "ingest", str(examples_dir), "--workers", "2",
               "--db", f"sqlite:///{tmp_path / 'store.db'}", "--no-cluster"]
    process = subprocess.Popen(command, stdin=terminal, stdout=subprocess.PIPE, stderr=terminal, env=env)
    os.close(terminal)
    children: set[str] = set()
    drawn = b""
    started = time.monotonic()
    os.set_blocking(controller, False)
    while process.poll() is None and time.monotonic() - started < TIMEOUT_S:
        try:
            for child in psutil.Process(process.pid).children(recursive=True):
                children.add(" ".join(child.cmdline()))  # empty while a process starts or ends
        except psutil.Error:
            pass
        try:
            drawn += os.read(controller, 65536)
        except (BlockingIOError, OSError):
            pass
        time.sleep(0.01)
    out = process.communicate(timeout=TIMEOUT_S)[0].decode()
    os.close(controller)
    assert process.returncode == 0, out
    assert b"ingesting" in drawn  # the progress bar was on
    children.discard("")
    assert children, "no worker process seen"
    assert not any("forkserver" in c for c in children), children
    assert all("storyscope.cli.app" in c for c in children), children  # forks of the command itself
