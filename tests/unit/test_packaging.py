"""Installing storyscope builds its metadata with the venv's setuptools (``make install`` passes
--no-build-isolation): that must go without a deprecation warning and carry the licence."""

from __future__ import annotations

import subprocess
import sys
from email.parser import Parser
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_metadata_builds_without_warnings_and_names_the_licence(tmp_path):
    build = ("import sys; from setuptools import build_meta; "
             "print(build_meta.prepare_metadata_for_build_wheel(sys.argv[1]))")
    done = subprocess.run([sys.executable, "-W", "always", "-c", build, str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr, done.stderr
    metadata = Parser().parsestr((tmp_path / done.stdout.strip().splitlines()[-1] / "METADATA").read_text())
    assert metadata["License-Expression"] == "MIT"
    assert "LICENSE" in metadata.get_all("License-File")


def test_make_install_says_each_step_before_it_runs(tmp_path):
    """pip runs --quiet (a minute or more of silence the first time): a line says what comes."""
    plan = subprocess.run(["make", "-n", "install", f"VENV={tmp_path / 'venv'}"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert plan.returncode == 0, plan.stderr
    lines = plan.stdout.splitlines()
    installs = [i for i, line in enumerate(lines) if "pip install" in line]
    assert len(installs) == 3
    for index in installs:
        assert lines[index - 1].startswith('echo "make install: '), lines[index - 1]
