"""Shared fixtures: the example corpus ingested once per session, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
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
