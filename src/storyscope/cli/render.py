"""Rich renderings of library results for the terminal."""

from __future__ import annotations

import difflib
import textwrap
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..model import outlet_label, story_outlets

if TYPE_CHECKING:  # only for annotations: listings must not import the analysis stages
    from ..compare.records import StoryComparison
    from ..model import Article, ProcessedArticle, Story
    from ..run.local import IngestSummary

QUOTE_STYLE = "bold yellow"
DATE_STYLE = "cyan"
NUMBER_STYLE = "magenta"
SPEAKER_STYLE = "green"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 story', '2 stories', '0 events'."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def fit(text: str, width: int, lines: int = 1) -> str:
    """``text`` in at most ``lines`` lines of ``width`` characters, cut at a word boundary with
    an ellipsis when it does not fit (a word longer than a line is cut: there is no boundary)."""
    width = max(width, 2)
    wrapped = textwrap.wrap(" ".join(text.split()), width)
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    last = textwrap.shorten(" ".join(wrapped[lines - 1:]), width - 1, placeholder="")
    last = last or wrapped[lines - 1][:width - 1]
    return "\n".join(wrapped[:lines - 1] + [last + "…"])


def shown_outlet_or_suggest(outlet: str, known: list[str]) -> str:
    """The message for an outlet with no articles, naming close outlet names if there are any."""
    close = difflib.get_close_matches(outlet, known, n=3, cutoff=0.6)
    close += [k for k in known if outlet.casefold() in k.casefold() and k not in close][:3 - len(close)]
    return f"no articles from outlet {outlet!r}" + (f"; did you mean {', '.join(map(repr, close))}?" if close else "")


# Each table sizes its one free text column to what the terminal leaves: Rich would otherwise
# squeeze it into a narrow column of many lines or cut its words.
BORDERS = 3  # a column's padding (2) and its border (1)


def _free_width(terminal: int, fixed: list[int], least: int = 12) -> int:
    return max(least, terminal - 1 - sum(width + BORDERS for width in fixed) - BORDERS)


def articles_table(rows: list, width: int) -> Table:
    """One row per article: id, publication day, outlet, counts, title (outlet and title in at most
    two lines each)."""
    table = Table(caption="q/d/n: quotes, dates, numbers" + ("; v: version" if any(r.version > 1 for r in rows) else ""))
    fixed = [10, 11, 16, 8]
    title_width = _free_width(width, fixed)
    table.add_column("id", width=fixed[0], no_wrap=True)
    table.add_column("published", width=fixed[1], no_wrap=True)
    table.add_column("outlet", width=fixed[2], no_wrap=True)
    table.add_column("q/d/n", justify="right", width=fixed[3], no_wrap=True)
    table.add_column("title", max_width=title_width, no_wrap=True)
    for row in rows:
        published = (row.published or "?") + ("*" if row.published_inferred else "")
        title = (row.title or "") + (f" (v{row.version})" if row.version > 1 else "")
        table.add_row(row.id[:10], published, fit(outlet_label(row.outlet), fixed[2], lines=2),
                      f"{row.quotes}/{row.dates}/{row.numbers}", fit(title, title_width, lines=2))
    return table


def quotes_table(found: list, width: int) -> Table:
    """One row per quote: its article, the speaker with the cue and kind under it, and the quote in
    at most two lines (``storyscope show <article>`` has the whole text)."""
    table = Table(caption=f"{counted(len(found), 'quote')}; the whole text: storyscope show <article>")
    fixed = [10, 20]
    quote_width = _free_width(width, fixed, least=20)
    table.add_column("article", width=fixed[0], no_wrap=True)
    table.add_column("speaker", width=fixed[1], no_wrap=True)
    table.add_column("quote", max_width=quote_width, no_wrap=True)
    for article_id, quote in found:
        speaker = fit(quote.speaker or f"? ({quote.speaker_text})", fixed[1])
        table.add_row(article_id[:10], Text(speaker) + Text(f"\n{fit(f'{quote.cue} · {quote.kind}', fixed[1])}", style="dim"),
                      fit(quote.text, quote_width, lines=2))
    return table


def summary_table(summary: IngestSummary) -> Table:
    table = Table(title="storyscope ingest", show_header=False)
    rate = summary.read / summary.seconds if summary.seconds else 0.0
    rows = [
        ("documents read", summary.read),
        ("added", summary.added),
        ("unchanged (already stored)", summary.unchanged),
        ("new versions", summary.new_versions),
        ("could not be read", len(summary.failures)),
        ("words", summary.words),
        ("formats", ", ".join(f"{k} {v}" for k, v in sorted(summary.by_format.items())) or "-"),
        ("time", f"{summary.seconds:.1f} s ({rate:.1f} documents/s)"),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    return table


def article_panel(processed: ProcessedArticle) -> Panel:
    a = processed.article
    published = (a.published or "unknown") + (f" ({a.published_note})" if a.published_note else "")
    made = " (made from its lead: the page shows no headline)" if a.title_basis == "made from the lead" else ""
    lines = [
        f"[bold]{escape(a.title or '(no title)')}[/bold]{made}",
        f"id {a.id} · source {a.source}",
        f"outlet {outlet_label(a.outlet)}" + (f" (from {a.outlet_basis})" if a.outlet_basis else ""),
        f"author {a.author or 'unknown'} · dateline {a.dateline or '-'} · published {published}",
    ]
    if a.url:
        lines.append(f"url {a.url}")
    counts = processed.analysis
    lines.append(f"{len(counts.sentences)} sentences · {len(counts.quotes)} quotes · "
                 f"{len(counts.dates)} dates · {len(counts.numbers)} numbers · {len(a.boilerplate)} residue lines")
    return Panel("\n".join(lines), title="article", expand=False)


def marked_text(processed: ProcessedArticle) -> Text:
    """The clean body with quotes, dates and numbers styled, and each speaker after its quote."""
    text = Text(processed.article.text)
    for q in processed.analysis.quotes:
        text.stylize(QUOTE_STYLE, q.start, q.end)
    for d in processed.analysis.dates:
        text.stylize(DATE_STYLE, d.start, d.end)
    for n in processed.analysis.numbers:
        text.stylize(NUMBER_STYLE, n.start, n.end)
    legend = Text("\n\nquotes: ", style="dim")
    for q in processed.analysis.quotes:
        legend.append(f"\n  [{q.kind}] ", style="dim")
        legend.append(q.speaker or f"? ({q.speaker_text})", style=SPEAKER_STYLE)
        legend.append(f" {q.cue}: {q.text[:100]}")
    legend.append("\ndates: ", style="dim")
    legend.append(", ".join(f"{d.text} = {d.value}" for d in processed.analysis.dates) or "-", style=DATE_STYLE)
    legend.append("\nnumbers: ", style="dim")
    legend.append(", ".join(f"{n.text} ({n.unit or '?'})" for n in processed.analysis.numbers) or "-", style=NUMBER_STYLE)
    return text + legend


def residue_table(article: Article) -> Table:
    table = Table("removed as", "line", title="page residue (not part of the article)")
    for line in article.boilerplate:
        table.add_row(line.reason, line.text[:120])
    return table


def _span(story: Story) -> str:
    dates = [e.date for e in story.events if e.date]
    return f"{min(dates)} – {max(dates)}" if dates else "?"


def stories_table(stories: list[Story], rows: dict, width: int = 80) -> Table:
    """One row per story: id, title (at most two lines), articles, outlets (``model.story_outlets``),
    events, the days its events report."""
    table = Table(title=counted(len(stories), "story", "stories"),
                  caption="art.: articles, outl.: outlets, ev.: events")
    fixed = [8, 4, 5, 3, 23]
    title_width = _free_width(width, fixed)
    table.add_column("id", width=fixed[0], no_wrap=True)
    table.add_column("title", max_width=min(title_width, 60), no_wrap=True)
    table.add_column("art.", justify="right", width=fixed[1], no_wrap=True)
    table.add_column("outl.", justify="right", width=fixed[2], no_wrap=True)
    table.add_column("ev.", justify="right", width=fixed[3], no_wrap=True)
    table.add_column("reported days", width=fixed[4], no_wrap=True)
    for story in stories:
        outlets = story_outlets(rows[a].outlet for a in story.articles if a in rows)
        table.add_row(story.id[:8], fit(story.title or "", min(title_width, 60), lines=2), str(len(story.articles)),
                      str(len(outlets)), str(len(story.events)), _span(story))
    return table


def duplicates_table(groups: list, rows: dict) -> Table:
    """One block per group of near-duplicate articles, earliest first: each article's day,
    outlet and title, and its overlap with the group's first article (where that pair was confirmed)."""
    table = Table(title=f"{counted(len(groups), 'group')} of near-duplicate articles",
                  caption="overlap: share of word 5-grams two bodies have in common (Jaccard)")
    table.add_column("group", justify="right", no_wrap=True)
    table.add_column("id", min_width=10, no_wrap=True)
    table.add_column("published", min_width=10, no_wrap=True)
    table.add_column("outlet", max_width=20, overflow="ellipsis", no_wrap=True)
    table.add_column("overlap", justify="right", no_wrap=True)
    table.add_column("title", overflow="ellipsis", no_wrap=True, max_width=40)
    for number, group in enumerate(groups, 1):
        first = group.articles[0]
        with_first = {b if a == first else a: overlap for a, b, overlap in group.pairs if first in (a, b)}
        for article_id in group.articles:
            row = rows.get(article_id)
            overlap = "first" if article_id == first else (f"{with_first[article_id]:.2f}" if article_id in with_first else "")
            table.add_row(str(number) if article_id == first else "", article_id[:10],
                          (row.published if row else None) or "?", outlet_label(row.outlet if row else None),
                          overlap, (row.title if row else None) or "", end_section=article_id == group.articles[-1])
    return table


def story_tree(story: Story, rows: dict) -> Tree:
    """The story's events in time order, each with its articles and their outlets."""
    tree = Tree(f"[bold]{story.title or story.id}[/bold]  ({story.id}, {counted(len(story.articles), 'article')})")
    for event in story.events:
        branch = tree.add(f"[cyan]{event.date or '?'}[/cyan]  {event.title or ''}  [dim]{event.id}[/dim]")
        for article_id in event.articles:
            row = rows.get(article_id)
            if row:
                branch.add(f"{row.published or '?'}  [green]{escape(outlet_label(row.outlet))}[/green]  "
                           f"{row.title or ''}  [dim]{article_id[:10]}[/dim]")
    return tree


STATUS_STYLE = {"corroborated": "green", "single-source": "yellow", "contradicted": "bold red"}


def claims_table(comparison: StoryComparison, limit: int = 40) -> Table:
    """The claims in dossier order (contradicted, corroborated by the most independent sources,
    then each outlet's exclusives, a section per outlet), each with its independent sources and,
    dimmed, why a source counts once for several carriers. Narrow enough for 80 columns."""
    claims = comparison.claims[:limit]
    shown = f"the first {len(claims)} in dossier order" if len(claims) < len(comparison.claims) else "in dossier order"
    table = Table(title=f"claims ({len(comparison.claims)}; {shown})")
    table.add_column("status", no_wrap=True)
    table.add_column("independent sources", max_width=26, overflow="fold")
    table.add_column("claim", overflow="fold", ratio=1)
    for i, c in enumerate(claims):
        status = f"[{STATUS_STYLE[c.status]}]{'exclusive' if c.exclusive_to else c.status}[/]\n" \
                 f"[dim]{len(c.sources)} source{'s' if len(c.sources) != 1 else ''}[/]"
        sources = "\n".join(escape(s.name) + (f" [dim]({escape(s.reason.split('; ', 1)[1])})[/]" if "; " in s.reason else "")
                            for s in c.sources)
        if c.exclusive_to and i and claims[i - 1].exclusive_to == c.exclusive_to:
            status = sources = ""  # one outlet's exclusives: named once, at the top of its section
        text = c.text if len(c.text) <= 200 else c.text[:199].rstrip() + "…"
        conflicts = "".join(f" [bold red]≠ {escape(x)}[/]" for x in c.conflicts)
        following = claims[i + 1] if i + 1 < len(claims) else None
        # a rule between statuses, and between one outlet's exclusives and the next outlet's
        section = following is not None and (following.status, following.exclusive_to) != (c.status, c.exclusive_to)
        table.add_row(status, sources, "• " + escape(text) + conflicts, end_section=section)
    return table


def numbers_table(comparison: StoryComparison) -> Table:
    table = Table(title="numbers given by more than one outlet")
    table.add_column("counted", no_wrap=True)
    table.add_column("by outlet", overflow="fold")
    for thing in comparison.numbers:
        reports = "; ".join(f"{r.outlet}: {r.text}" + (f" (per {r.attributed_to})" if r.attributed_to else "")
                            for r in thing.reports)
        table.add_row(("[bold red]≠ [/]" if thing.disagree else "") + thing.unit, reports)
    return table


def voices_table(comparison: StoryComparison) -> Table:
    table = Table(title="voices per outlet (quotes, quoted words)")
    table.add_column("outlet", no_wrap=True)
    table.add_column("who speaks", overflow="fold")
    for outlet in comparison.voices:
        table.add_row(f"{outlet.outlet} ({outlet.quoted_words} words)",
                      ", ".join(f"{v.speaker}" + (f" [{v.affiliation}]" if v.affiliation and v.affiliation != v.speaker else "")
                                + f" {v.quotes}/{v.words}" for v in outlet.voices[:8]))
    return table
