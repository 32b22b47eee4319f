"""Supply chain: every dependency is pinned with hashes, and the audit reads pip-audit strictly."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("audit_dependencies", ROOT / "tools" / "audit_dependencies.py")
audit = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = audit  # dataclasses look their module up while the class is made
spec.loader.exec_module(audit)


def _requirements(lock: Path) -> list[str]:
    """Each requirement of a pip-compile lock with its continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", lock.read_text(encoding="utf-8"))
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("name", [*audit.LOCKS, "pip.txt"])
def test_every_locked_requirement_is_pinned_with_a_hash(name):
    requirements = _requirements(ROOT / "requirements" / name)
    assert len(requirements) > (0 if name == "pip.txt" else 5)
    for requirement in requirements:
        assert re.match(r"^[A-Za-z0-9._-]+==[^ ]+ ", requirement), requirement
        assert "--hash=sha256:" in requirement, requirement


def test_make_install_installs_every_lock_with_hashes_required():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    install = [line for line in makefile.splitlines() if "pip install" in line and "--require-hashes" in line][-1]
    for name in audit.LOCKS:
        assert f"requirements/{name}" in install


def test_pip_is_upgraded_from_its_own_lock_first_to_the_version_the_dev_lock_audits():
    """A new venv's pip (23) refuses the locks (it mis-resolves lxml[html_clean] under hashes)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and "--require-hashes" in line]
    assert len(installs) == 2 and "requirements/pip.txt" in installs[0]
    [pinned] = _requirements(ROOT / "requirements" / "pip.txt")
    assert pinned.split(" ")[0] in [r.split(" ")[0] for r in _requirements(ROOT / "requirements" / "dev.txt")]


def test_ci_runs_the_audit():
    assert "make audit" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _dependency(name, version="1.0", vulns=()):
    return {"name": name, "version": version, "vulns": [{"id": v[0], "aliases": list(v[1:])} for v in vulns]}


def test_a_known_vulnerability_fails_and_is_named():
    report = {"dependencies": [_dependency("safe"), _dependency("leaky", "2.1", [("PYSEC-1", "CVE-1")])]}
    status, line = audit.read_report(report, {}).verdict(require=False)
    assert status == 1 and "leaky==2.1: PYSEC-1" in line and "2 of 2 dependencies audited" in line


def test_a_vulnerability_written_down_by_an_alias_is_excepted():
    report = {"dependencies": [_dependency("leaky", "2.1", [("PYSEC-1", "GHSA-abcd")])]}
    result = audit.read_report(report, {"GHSA-abcd": "GHSA-abcd leaky parser unused"})
    assert result.excepted == {"leaky==2.1": ["PYSEC-1"]}
    assert result.verdict(require=True) == (0, "audit passed: 1 of 1 dependencies audited, "
                                               "0 known vulnerabilities, 1 written-down exceptions")


def test_skipped_dependencies_are_not_called_audited():
    # What pip-audit reports when PyPI's advisory data cannot be reached: everything skipped, exit 0.
    report = {"dependencies": [{"name": "alembic", "skip_reason": "Dependency not found on PyPI"},
                               _dependency("safe")]}
    result = audit.read_report(report, {})
    status, line = result.verdict(require=False)
    assert status == 0 and line.startswith("audit incomplete: 1 of 2 dependencies audited")
    assert "not audited: alembic" in line
    assert result.verdict(require=True)[0] == 1


def test_an_exception_without_a_reason_is_refused(tmp_path):
    lines = tmp_path / "exceptions.txt"
    lines.write_text("# comment\nGHSA-1 pkg  used only in tests\nPYSEC-2 pkg\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"exceptions.txt:3: an exception needs an id, a package and a reason"):
        audit.read_exceptions(lines)


def test_the_project_exceptions_file_reads():
    assert isinstance(audit.read_exceptions(), dict)
