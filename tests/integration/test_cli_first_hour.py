"""What a newcomer meets in the first hour with the command line, in real subprocesses against a
real SQLite file (and the PostgreSQL test server): a mistyped store is named and never created,
the usual ways of writing a database work, tables fit 80 columns, plurals and one-line errors."""

from __future__ import annotations

import re

import pytest

from storyscope.store import Store
from tests.postgres_server import fresh_schema

pytestmark = pytest.mark.slow

READ_COMMANDS = [("articles",), ("stories",), ("quotes",), ("show", "abc123"), ("story", "abc123"), ("export",),
                 ("report", "abc123"), ("duplicates",), ("merge", "abc123", "def456"), ("split", "abc123"),
                 ("rename", "abc123", "A title"), ("rename-outlet", "Old", "New")]
SUBCOMMANDS = ["ingest", "articles", "show", "quotes", "export", "cluster", "duplicates", "stories", "story",
               "report", "merge", "split", "rename", "rename-outlet", "serve"]


@pytest.fixture(scope="module")
def store_file(tmp_path_factory, cli, examples_dir):
    """The examples ingested and grouped through the CLI; the SQLite file's path."""
    path = tmp_path_factory.mktemp("first-hour") / "news.db"
    result = cli("ingest", str(examples_dir), "--db", f"sqlite:///{path}", "--workers", "1", "-q")
    assert result.returncode == 0, result.stderr
    return path


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_read_command_on_a_missing_store_names_it_and_creates_nothing(tmp_path, cli, command):
    for written, path in [(f"sqlite:///{tmp_path}/no/such/dir/x.db", tmp_path / "no/such/dir/x.db"),
                          (str(tmp_path / "misspelt.db"), tmp_path / "misspelt.db")]:
        result = cli(*command, "--db", written)
        assert result.returncode != 0
        assert one_line(result.stderr) == f"error: no such database: {path}"
        assert "No stories yet" not in result.stdout and result.stdout.strip() == ""
        assert not path.exists() and not (tmp_path / "no").exists()


def test_a_plain_path_is_a_sqlite_file(store_file, cli):
    as_path = cli("stories", "--db", str(store_file))
    as_url = cli("stories", "--db", f"sqlite:///{store_file}")
    assert as_path.returncode == 0, as_path.stderr
    assert as_path.stdout == as_url.stdout and "1 story" in as_path.stdout


def test_postgres_urls_mean_postgresql_through_psycopg(cli, examples_dir):
    from storyscope.store.location import database_url

    assert database_url("postgres://me@db.example:5432/news") == "postgresql+psycopg://me@db.example:5432/news"
    assert database_url("postgresql://me@db.example/news") == "postgresql+psycopg://me@db.example/news"
    assert database_url("postgresql+psycopg://me@db.example/news") == "postgresql+psycopg://me@db.example/news"
    with fresh_schema() as url:
        short = "postgres://" + url.split("://", 1)[1]
        assert cli("ingest", "--no-cluster", "-q", "--workers", "1", "--db", short,
                   str(next(examples_dir.glob("*.txt")))).returncode == 0
        result = cli("articles", "--db", short)
        assert result.returncode == 0, result.stderr
        with Store.open(url) as store:
            assert [r.id[:10] for r in store.list_articles()] == re.findall(r"│ ([0-9a-f]{10}) │", result.stdout)


def test_an_unusable_database_says_what_to_write(cli):
    result = cli("articles", "--db", "mysql+nodriver://someone@host/db")
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert "write a file path (storyscope.db), sqlite:///path/to/file.db or postgresql://" in line


def table_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(("│", "┃"))]


@pytest.mark.parametrize("command", [("stories",), ("articles",), ("quotes",), ("articles", "--limit", "2")])
def test_tables_fit_80_columns_with_their_right_border(store_file, cli, command):
    result = cli(*command, "--db", f"sqlite:///{store_file}", columns=80)
    assert result.returncode == 0, result.stderr
    assert all(len(line) <= 80 for line in result.stdout.splitlines()), result.stdout
    rows = table_lines(result.stdout)
    assert rows and all(line.rstrip().endswith(("│", "┃")) for line in rows), result.stdout


def cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"[│┃]", line)[1:-1]]


def column(stdout: str, index: int) -> list[str]:
    """A column's text per row: the cells of a row's lines joined (a row ends at its next id)."""
    texts: list[list[str]] = []
    for line in stdout.splitlines():
        if not line.startswith("│"):
            continue
        row = cells(line)
        if row[0]:
            texts.append([])
        if texts and row[index]:
            texts[-1].append(row[index])
    return [" ".join(t) for t in texts]


def test_shortened_titles_end_at_a_word_with_an_ellipsis(store_file, cli):
    result = cli("articles", "--db", f"sqlite:///{store_file}", columns=80)
    with Store.open(f"sqlite:///{store_file}") as store:
        titles = [r.title for r in store.list_articles()]
    shown = column(result.stdout, 4)
    assert len(shown) == len(titles)
    shortened = [s for s in shown if s.endswith("…")]
    assert shortened, "80 columns are too narrow for every example title"
    for text in shortened:
        words = text[:-1].split()
        whole = next(t for t in titles if " ".join(t.split()[:len(words)]) == " ".join(words))
        assert len(whole.split()) > len(words)  # whole words only, and some left out


def test_the_quotes_table_gives_each_quote_at_most_two_lines(store_file, cli):
    result = cli("quotes", "--db", f"sqlite:///{store_file}", columns=80)
    with Store.open(f"sqlite:///{store_file}") as store:
        count = len(store.quotes())
    body = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert count and len(body) <= 2 * count
    assert "storyscope show" in result.stdout  # where the whole quote is


def test_one_story_is_one_story(store_file, cli):
    result = cli("stories", "--db", f"sqlite:///{store_file}")
    assert re.search(r"^\s*1 story\s*$", result.stdout, re.M), result.stdout


def test_version(cli):
    result = cli("--version")
    assert result.returncode == 0 and re.fullmatch(r"storyscope \d+\.\d+\.\d+\n", result.stdout)


@pytest.mark.parametrize("name", [None, *SUBCOMMANDS])
def test_help_is_plain_and_names_an_example(cli, name):
    result = cli(*([name] if name else []), "--help")
    assert result.returncode == 0, result.stderr
    assert "<bool>" not in result.stdout and "{" not in result.stdout.split("Usage:", 1)[1].splitlines()[0]
    assert re.search(rf"Example: storyscope {name or ''}", result.stdout), result.stdout


def test_a_negative_limit_is_refused_in_one_line(store_file, cli):
    result = cli("articles", "--limit", "-1", "--db", f"sqlite:///{store_file}")
    assert result.returncode == 2 and result.stdout == ""
    assert "--limit" in one_line(result.stderr)


def test_an_unknown_outlet_is_named_with_close_names(store_file, cli):
    result = cli("articles", "--outlet", "Nope", "--db", f"sqlite:///{store_file}")
    assert result.returncode != 0 and result.stdout == ""
    assert one_line(result.stderr) == "error: no articles from outlet 'Nope'"
    close = cli("articles", "--outlet", "wion", "--db", f"sqlite:///{store_file}")
    assert one_line(close.stderr) == "error: no articles from outlet 'wion'; did you mean 'WION'?"


def test_a_report_into_a_missing_folder_is_refused(store_file, cli, tmp_path):
    with Store.open(f"sqlite:///{store_file}") as store:
        story = store.stories()[0]
    target = tmp_path / "no" / "such" / "r.html"
    result = cli("report", story.id[:8], "--out", str(target), "--db", f"sqlite:///{store_file}")
    assert result.returncode != 0
    assert "does not exist" in one_line(result.stderr) and str(target.parent) in result.stderr
    assert not (tmp_path / "no").exists()


def test_the_progress_bar_counts_a_folders_inputs_from_the_start(tmp_path, examples_dir):
    """On a terminal (a pseudo-terminal here) the bar shows n/5 for a folder of five pages, never n/?."""
    import os
    import pty
    import subprocess
    import sys

    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYSCOPE_")}
    env.update(COLUMNS="100", TERM="xterm", PYTHONIOENCODING="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "storyscope.cli.app", "ingest", str(examples_dir), "--db",
                                f"sqlite:///{tmp_path / 'p.db'}", "--workers", "1"], stdout=subprocess.DEVNULL,
                               stderr=secondary, env=env)
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the process closed its end
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(timeout=120) == 0
    os.close(primary)
    counts = re.findall(r"(\d+)/(\d+|\?)", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace")))
    assert counts, shown[-2000:]
    assert all(total == "5" for _done, total in counts), sorted(set(counts))
