"""The documentation keeps up with the code: every command, option and setting is documented
(the lists come from the CLI app and the settings class, so a new one without docs fails), and
every internal link in README.md and docs/*.md resolves to a file and, with #anchor, a heading."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import typer.main

from storyscope.cli.app import app
from storyscope.config import SETTING_DOCS

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
COMMANDS_PAGE = ROOT / "docs" / "commands.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 150  # the README is a front door; the rest lives in docs/

CLI = typer.main.get_command(app)
COMMANDS = sorted(CLI.commands)

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def long_options(params) -> list[str]:
    return sorted({name for param in params for name in param.opts if name.startswith("--")})


def mentions(text: str, command: str) -> bool:
    """``storyscope <command>`` as a whole word (``rename`` is not ``rename-outlet``)."""
    return re.search(rf"storyscope {re.escape(command)}(?![\w-])", text) is not None


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = CODE_SPAN.sub(lambda m: m.group(0)[1:-1], heading).strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(text: str) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for heading in HEADING.findall(FENCE.sub("", text)):
        slug = anchor(heading)
        found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return found


def broken_links(page: Path) -> list[str]:
    """Each relative link or #anchor in ``page`` that leads nowhere, with the reason."""
    text = page.read_text(encoding="utf-8")
    prose = CODE_SPAN.sub("", FENCE.sub("", text))
    broken = []
    for target in LINK.findall(prose):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: lead outside
            continue
        path, _, fragment = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file {file}")
        elif fragment and file.suffix == ".md" and fragment not in anchors(file.read_text(encoding="utf-8")):
            broken.append(f"{target}: no heading #{fragment} in {file.name}")
    return broken


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def commands_page() -> str:
    return COMMANDS_PAGE.read_text(encoding="utf-8")


def test_the_cli_has_commands():
    assert {"ingest", "articles", "show", "quotes", "export", "serve"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_readme_table_lists_the_command(readme, command):
    assert any(mentions(row, command) for row in table_rows(readme)), \
        f"README.md's table of commands has no row for `storyscope {command}`"


@pytest.mark.parametrize("command", COMMANDS)
def test_the_command_and_its_options_are_documented(commands_page, command):
    rows = [row for row in table_rows(commands_page) if mentions(row.split(" | ")[0], command)]
    assert rows, f"docs/commands.md has no row for `storyscope {command}`"
    missing = [o for o in long_options(CLI.commands[command].params) if not any(o in row for row in rows)]
    assert not missing, f"docs/commands.md's row for `storyscope {command}` does not name {missing}"


def test_options_of_storyscope_itself_are_documented(commands_page):
    missing = [o for o in long_options(CLI.params) if o not in commands_page]
    assert not missing, f"docs/commands.md does not name {missing}"


@pytest.mark.parametrize("setting", sorted(SETTING_DOCS))
def test_setting_is_documented(commands_page, setting):
    rows = [row for row in table_rows(commands_page) if row.startswith(f"| `{setting}` |")]
    assert rows, f"docs/commands.md's settings table has no row for `{setting}`"


def test_environment_variables_are_documented(commands_page):
    named = all(f"STORYSCOPE_{s.upper()}" in commands_page for s in SETTING_DOCS)
    assert named or "STORYSCOPE_<NAME>" in commands_page, \
        "docs/commands.md must say how STORYSCOPE_* variables map to settings"


def test_the_readme_is_a_front_door(readme):
    lines = readme.count("\n")
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; move detail to docs/"
    for command in ("make run", "make test", "storyscope serve"):
        assert command in readme, f"README.md never says `{command}`"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_internal_links_resolve(page):
    assert not broken_links(page), "\n".join(broken_links(page))


def test_every_docs_page_is_linked_from_the_readme(readme):
    unlinked = [p.name for p in PAGES[1:] if f"(docs/{p.name}" not in readme]
    assert not unlinked, f"README.md links no {unlinked}"


def test_a_broken_link_or_anchor_is_found(tmp_path):
    (tmp_path / "other.md").write_text("# Other page\n\n## A dossier's first view (`make bench`)\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n[fine](other.md#a-dossiers-first-view-make-bench) [self](#title)\n"
        "[gone](missing.md) [no heading](other.md#nowhere) [no local heading](#nothing)\n"
        "`[in code](ignored.md)` [outside](https://example.com/x.md)\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        f"missing.md: no such file {tmp_path / 'missing.md'}",
        "other.md#nowhere: no heading #nowhere in other.md",
        "#nothing: no heading #nothing in page.md",
    ]
