"""One story's dossier as JSON, Markdown or a self-contained HTML page.

The HTML page loads nothing from the network: styles inline, charts as inline
SVG drawn here. All article text is escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..compare.brief import brief, event_briefs
from ..compare.records import StoryComparison
from ..model import ProcessedArticle, Story, outlet_label, story_outlets

FORMATS = ("html", "md", "json")
_env = Environment(loader=PackageLoader("storyscope.report", "templates"),
                   autoescape=select_autoescape(enabled_extensions=("html.j2",)), trim_blocks=True, lstrip_blocks=True)
_env.filters.update(outlet_label=outlet_label, story_outlets=story_outlets)  # one spelling and count (model.py)


def dossier(story: Story, comparison: StoryComparison, articles: dict[str, ProcessedArticle]) -> dict:
    """Everything the report shows, as plain data (the JSON format is exactly this)."""
    def about(article_id: str) -> dict:
        a = articles[article_id].article
        return {"id": a.id, "outlet": a.outlet, "title": a.title, "published": a.published,
                "published_inferred": a.published_inferred, "published_basis": a.published_basis, "url": a.url,
                "source": a.source}

    def sentence(article_id: str, index: int) -> str:
        sentences = articles[article_id].analysis.sentences
        return sentences[index].text if index < len(sentences) else ""

    return {
        "story": {"id": story.id, "title": story.title},
        "articles": [about(a) for a in story.articles if a in articles],
        "brief": [asdict(b) for b in brief(comparison.claims)],
        "events": [{"id": e.id, "title": e.title, "date": e.date, "first_date": e.first_date, "last_date": e.last_date,
                    "articles": [about(a) for a in e.articles if a in articles],
                    "brief": [asdict(b) for b in event_briefs(story, comparison.claims)[e.id]]}
                   for e in story.events],
        # in dossier order (compare.story.dossier_order); "exclusive_to" names a single-source claim's outlet
        "claims": [{"id": c.id, "text": c.text, "status": c.status, "outlets": list(c.outlets),
                    "independent_outlets": list(c.independent_outlets), "sources": [asdict(x) for x in c.sources],
                    "exclusive_to": c.exclusive_to, "conflicts": list(c.conflicts),
                    "versions": [asdict(v) for v in c.versions]} for c in comparison.claims],
        "omissions": {o: list(ids) for o, ids in comparison.omissions.items()},
        "numbers": [{"unit": n.unit, "disagree": n.disagree, "reports": [asdict(r) for r in n.reports]}
                    for n in comparison.numbers],
        "voices": [{"outlet": v.outlet, "quoted_words": v.quoted_words, "voices": [asdict(x) for x in v.voices],
                    "groups": [asdict(g) for g in v.groups]} for v in comparison.voices],
        "timeline": [{**asdict(t), "sentences": [sentence(a, i) for a, i in t.citations]} for t in comparison.timeline],
        "people": comparison.people,
        "entities": [asdict(e) for e in comparison.entities],
        "labels": [{"heads": list(g.heads), "by_outlet": g.by_outlet(), "usage": g.usage()} for g in comparison.labels],
        "copies": [{"source": about(r.source), "copy": about(r.copy), "kind": r.kind, "share_of_copy": r.share_of_copy}
                   for r in comparison.copies if r.source in articles and r.copy in articles],
    }


def render(fmt: str, data: dict) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "md":
        return _env.get_template("dossier.md.j2").render(d=data)
    if fmt == "html":
        return _env.get_template("dossier.html.j2").render(d=data, charts=charts(data), css=Markup(dossier_css()))
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def charts(data: dict, link: bool = False) -> dict[str, Markup]:
    """The dossier's pictures as inline SVG/HTML, for the report and the web page alike:
    coverage over time, the outlets × claims matrix, the claims list, voices by kind, label
    usage. ``link``: link cited articles to the web app's pages."""
    return {"coverage": _coverage_chart(data), "voices": _voices_chart(data), "matrix": _matrix(data),
            "claims": _claims_list(data, link), "labels": _labels_chart(data)}


# Colour-blind-safe categorical palette (Okabe–Ito), then greys.
_PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000", "#999999", "#cccccc")


_LABEL_WIDTH = 290  # room for "The Times of Central Asia · 2019-01"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bar_rows(rows: list[tuple[str, float, str]], width: int = 520) -> Markup:
    """A horizontal bar chart as inline SVG: (label, value, note) rows."""
    return _stacked_rows([(label, [("", value)], note) for label, value, note in rows], width=width, legend=False)


def _stacked_rows(rows: list[tuple[str, list[tuple[str, float]], str]], width: int = 520,
                  legend: bool = True, full: bool = False) -> Markup:
    """Horizontal stacked bars as inline SVG: (label, [(segment, value), …], note) rows. Segments
    with the same name share a colour across rows; ``full`` draws every row at full width (shares)."""
    names = list(dict.fromkeys(name for _, segments, _ in rows for name, _ in segments))
    colour = {name: _PALETTE[min(i, len(_PALETTE) - 1)] for i, name in enumerate(names)}
    top = max((sum(v for _, v in segments) for _, segments, _ in rows), default=1) or 1
    key_height = 18 * len(names) + 6 if legend else 0
    height = 22 * len(rows) + 10 + key_height
    parts = [f'<svg role="img" width="{width + _LABEL_WIDTH + 160}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, segments, note) in enumerate(rows):
        y, x = 5 + 22 * i, float(_LABEL_WIDTH)
        total = sum(v for _, v in segments) or 1
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(_short(label, 44))}</text>')
        for name, value in segments:
            length = max(1.0, width * value / (total if full else top))
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="16" fill="{colour[name]}">'
                         f'<title>{escape(name)}: {value:g}</title></rect>')
            x += length
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 13}" font-size="11">{escape(note)}</text>')
    if legend:
        for i, name in enumerate(names):
            y = 22 * len(rows) + 12 + 18 * i
            parts.append(f'<rect x="{_LABEL_WIDTH}" y="{y}" width="12" height="12" fill="{colour[name]}"></rect>'
                         f'<text x="{_LABEL_WIDTH + 18}" y="{y + 11}" font-size="11">{escape(_short(name, 60))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _coverage_chart(data: dict) -> Markup:
    """Articles per outlet per month: who covered the story when."""
    counts = Counter((outlet_label(a["outlet"]), (a["published"] or "????-??")[:7]) for a in data["articles"])
    rows = [(f"{outlet} · {month}", n, str(n)) for (outlet, month), n in sorted(counts.items(), key=lambda x: x[0][1])]
    return _bar_rows(rows)


def _voices_chart(data: dict) -> Markup:
    """Per outlet, its quoted words split by kind of voice (officials, UN bodies, witnesses, …)."""
    rows = [(outlet["outlet"], [(g["kind"], g["words"]) for g in outlet["groups"]],
             f"{outlet['quoted_words']} quoted words") for outlet in data["voices"]]
    return _stacked_rows(rows, full=True)


def _labels_chart(data: dict, targets: int = 6) -> Markup:
    """How often each outlet uses each label, for the targets where word choice is most telling:
    those named with different head nouns ("centre" / "camp") or in scare quotes, then the most
    widely named."""
    def telling(group: dict) -> tuple:
        quoted = any(label.startswith("“") for counts in group["usage"].values() for label in counts)
        return (-(len(group["heads"]) > 1 or quoted), -len(group["usage"]))

    charts = []
    for group in sorted(data["labels"], key=telling)[:targets]:
        rows = [(outlet, sorted(counts.items(), key=lambda kv: -kv[1]), str(sum(counts.values())))
                for outlet, counts in sorted(group["usage"].items())]
        charts.append(Markup(f'<h3>{escape(" / ".join(group["heads"]))}</h3>') + _stacked_rows(rows))
    return Markup("").join(charts)


MATRIX_CLAIMS = 200  # rows of the matrix; the claims list below it has them all
STATUS_HEADINGS = {"contradicted": "Contradicted", "corroborated": "Corroborated", "single-source": "Exclusives"}


def outlet_columns(data: dict) -> list[tuple[str, int]]:
    """The matrix's outlets, each with its copy family's number (0: copies no one, no one copies it).
    Outlets whose pages copy one another sit side by side, largest family first, so a row of dots
    that is really one text is seen as such; within a family, and among the rest, the outlets that
    carry the most claims come first."""
    outlets = list(dict.fromkeys(o for c in data["claims"] for o in c["outlets"]))
    carried = Counter(o for c in data["claims"] for o in c["outlets"])
    linked: dict[str, set[str]] = {o: {o} for o in outlets}
    for copy in data["copies"]:
        a, b = (_carrier(copy[side]) for side in ("source", "copy"))
        if a in linked and b in linked and linked[a] is not linked[b]:
            merged = linked[a] | linked[b]
            for o in merged:
                linked[o] = merged
    families = sorted({id(g): g for g in linked.values() if len(g) > 1}.values(),
                      key=lambda g: (-len(g), min(g)))
    number = {o: n for n, g in enumerate(families, 1) for o in g}
    return sorted(((o, number.get(o, 0)) for o in outlets),
                  key=lambda on: (on[1] == 0, on[1], -carried[on[0]], on[0].casefold()))


def _carrier(article: dict) -> str:
    """An article as claims name their carriers (compare.claims.carrier_name)."""
    return outlet_label(article["outlet"], article["id"])


def _matrix(data: dict) -> Markup:
    """Outlets × claims, claims in dossier order: who carries what, and each claim's status.
    The layout (rows, sticky edges, its own scrolling box) is explained in web/static/dossier.css."""
    columns = outlet_columns(data)
    claims = data["claims"][:MATRIX_CLAIMS]
    head = []
    for i, (outlet, family) in enumerate(columns):
        starts = family and (i == 0 or columns[i - 1][1] != family)
        classes = " ".join(x for x in ("family" if family else "", "family-start" if starts else "") if x)
        note = f" (copy family {family})" if family else ""
        head.append(f'<th scope="col" class="{classes}" title="{escape(outlet)}{note}"><span>{escape(outlet)}</span></th>')
    starts = {i for i, (_, family) in enumerate(columns) if family and (i == 0 or columns[i - 1][1] != family)}
    rows, status = [], None
    for c in claims:
        if c["status"] != status:
            status = c["status"]
            count = sum(1 for x in claims if x["status"] == status)
            rows.append(f'<tr class="group"><th class="claim" scope="rowgroup">{STATUS_HEADINGS[status]} ({count})</th>'
                        f'<td colspan="{len(columns)}"></td></tr>')
        omitted = {o for o, ids in data["omissions"].items() if c["id"] in ids}
        cells = []
        for i, (outlet, _) in enumerate(columns):
            edge = ' family-start' if i in starts else ''
            if outlet in c["outlets"]:
                cells.append(f'<td class="{c["status"]}{edge}">●</td>')
            elif outlet in omitted:
                cells.append(f'<td class="omitted{edge}" title="{escape(outlet)} leaves it out">–</td>')
            else:
                cells.append(f'<td class="{edge.strip()}"></td>' if edge else "<td></td>")
        sources = len(c["sources"])
        rows.append(f'<tr data-status="{c["status"]}" data-sources="{sources}"><th class="claim" scope="row" '
                    f'title="{escape(c["text"])}"><span>{escape(c["text"])}</span></th>{"".join(cells)}</tr>')
    more = (f'<p class="meta">The first {MATRIX_CLAIMS} of {len(data["claims"])} claims; the list below has them all.</p>'
            if len(data["claims"]) > MATRIX_CLAIMS else "")
    return Markup(f'<div class="matrix-box" tabindex="0" role="region" aria-label="outlets × claims">'
                  f'<table class="matrix"><thead><tr><th class="claim" scope="col">claim</th>{"".join(head)}</tr></thead>'
                  f'<tbody>{"".join(rows)}</tbody></table></div>{more}')


def _claims_list(data: dict, link: bool) -> Markup:
    """Every claim in dossier order, under its heading (exclusives under their outlet), each with
    its independent sources and why each counts, then every outlet's version. ``link``: the
    versions link to the web app's article pages."""
    parts, status, owner = ['<div class="claims-list">'], None, None
    for c in data["claims"]:
        if c["status"] != status:
            status, owner = c["status"], None
            count = sum(1 for x in data["claims"] if x["status"] == status)
            parts.append(f'<h3>{STATUS_HEADINGS[status]} <span class="count">({count})</span></h3>')
        if status == "single-source" and c["exclusive_to"] != owner:
            owner = c["exclusive_to"]
            count = sum(1 for x in data["claims"] if x["status"] == status and x["exclusive_to"] == owner)
            parts.append(f'<h4>{escape(owner)} <span class="count">({count})</span></h4>')
        conflicts = "".join(f' <span class="conflict">≠ {escape(x)}</span>' for x in c["conflicts"])
        n = len(c["sources"])
        parts.append(f'<details class="claim" data-status="{c["status"]}" data-sources="{n}"><summary>'
                     f'<span class="{c["status"]}">{c["status"]}</span> · {n} independent source{"s" if n != 1 else ""}'
                     f' · {escape(c["text"])}{conflicts}</summary><ul class="sources">')
        parts.extend(f'<li><b>{escape(x["name"])}</b>: {escape(x["reason"])}</li>' for x in c["sources"])
        parts.append('</ul><ul class="versions">')
        for v in c["versions"]:
            verb = f': “{escape(v["verb"])}”' if v["verb"] else ""
            where = f'{escape(v["article"])} #{v["sentence"]}'
            if link:
                where = f'<a href="/articles/{escape(v["article"])}">{where}</a>'
            parts.append(f'<li><b>{escape(outlet_label(v["outlet"]))}</b> <span class="stance {escape(v["stance"])}">'
                         f'{escape(v["stance"])}{verb}</span> {escape(v["text"])} <span class="cite">'
                         f'{escape(" → ".join(v["chain"]))} · {where}</span></li>')
        parts.append("</ul></details>")
    parts.append("</div>")
    return Markup("".join(parts))


def dossier_css() -> str:
    """The matrix's and claims list's styles, kept in one file for the web page and the report."""
    return resources.files("storyscope").joinpath("web/static/dossier.css").read_text(encoding="utf-8")
