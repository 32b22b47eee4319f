"""Every test checks something: a test function with no ``assert``, no ``pytest.raises``/``warns``/
``fail`` and no call to a checking helper of the test tree (named ``assert…``/``check…``) passes
whatever the code does. Found by reading the test files with ``ast``; the code under test's own
``check_…`` functions (``check_bind``) are not checks."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
PYTEST_CHECKS = {"raises", "warns", "fail", "deprecated_call", "approx"}


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def helpers(trees: list[ast.Module]) -> set[str]:
    """The checking helpers the test tree defines: functions named assert…/check… (leading _ aside)."""
    return {node.name for tree in trees for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.name.lstrip("_").startswith(("assert", "check"))}


def checks(function: ast.AST, checking: set[str]) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = _called_name(node)
            # pytest's checks, a library's assert_… (numpy, mocks) and the test tree's own helpers
            if name in PYTEST_CHECKS or name.startswith("assert") or name in checking:
                return True
            # playwright's web-first assertions: expect(locator).to_have_text(…)
            func = node.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) and _called_name(func.value) == "expect":
                return True
    return False


def unchecked(sources: dict[str, str]) -> list[str]:
    """``file:line name`` of each test function in ``sources`` (path -> text) that checks nothing."""
    trees = {path: ast.parse(text) for path, text in sources.items()}
    checking = helpers(list(trees.values()))
    return [f"{path}:{node.lineno} {node.name}" for path, tree in trees.items() for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test")
            and not checks(node, checking)]


def test_every_test_in_the_suite_checks_something():
    sources = {str(path.relative_to(TESTS)): path.read_text(encoding="utf-8")
               for path in sorted(TESTS.rglob("*.py"))}
    assert len([p for p in sources if Path(p).name.startswith("test_")]) > 100
    assert unchecked(sources) == []


def test_the_finder_tells_a_test_that_checks_nothing():
    source = '''
from storyscope.web.security import check_bind
import pytest

def _check_read(path):
    assert path

def test_calls_only(): check_bind("127.0.0.1", None)
def test_asserts(): assert 1
def test_raises():
    with pytest.raises(KeyError): {}["x"]
def test_uses_a_helper(): _check_read("a")
def test_runs_and_ignores(): sorted([2, 1])
def test_expects(page): expect(page).to_have_title("x")
'''
    assert unchecked({"t.py": source}) == ["t.py:8 test_calls_only", "t.py:13 test_runs_and_ignores"]  # not test_expects
