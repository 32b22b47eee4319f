"""README.md documents every CLI command and every setting (the list comes from the code)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from storyscope.cli.app import app
from storyscope.config import SETTING_DOCS

README = Path(__file__).resolve().parents[2] / "README.md"
COMMANDS = sorted(typer.main.get_command(app).commands)


@pytest.fixture(scope="module")
def readme() -> str:
    assert README.is_file(), f"{README} is missing: it must document every command and setting"
    return README.read_text(encoding="utf-8")


def test_the_cli_has_commands():
    assert {"ingest", "articles", "show", "quotes", "export"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_documented(readme, command):
    assert f"storyscope {command}" in readme, f"README.md never shows `storyscope {command}`"


@pytest.mark.parametrize("setting", sorted(SETTING_DOCS))
def test_setting_is_documented(readme, setting):
    assert f"`{setting}`" in readme, f"README.md does not document the setting `{setting}`"


def test_environment_variables_are_documented(readme):
    named = all(f"STORYSCOPE_{s.upper()}" in readme for s in SETTING_DOCS)
    assert named or "STORYSCOPE_<NAME>" in readme, "README.md must say how STORYSCOPE_* variables map to settings"
