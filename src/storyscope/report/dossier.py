"""One story's dossier as JSON, Markdown or a self-contained HTML page.

The HTML page loads nothing from the network: styles inline, charts as inline
SVG drawn here. All article text is escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..compare.brief import brief, event_briefs
from ..compare.records import StoryComparison
from ..model import ProcessedArticle, Story

FORMATS = ("html", "md", "json")
_env = Environment(loader=PackageLoader("storyscope.report", "templates"),
                   autoescape=select_autoescape(enabled_extensions=("html.j2",)), trim_blocks=True, lstrip_blocks=True)


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
        return _env.get_template("dossier.html.j2").render(d=data, charts=charts(data))
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def charts(data: dict) -> dict[str, Markup]:
    """The dossier's pictures as inline SVG/HTML, for the report and the web page alike:
    coverage over time, the outlets × claims matrix, voices by kind, label usage."""
    return {"coverage": _coverage_chart(data), "voices": _voices_chart(data), "matrix": _matrix(data),
            "labels": _labels_chart(data)}


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
    counts = Counter((a["outlet"] or "unknown", (a["published"] or "????-??")[:7]) for a in data["articles"])
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


def _matrix(data: dict) -> Markup:
    """Outlets × the most widely carried claims: who carries what, and the claim's status."""
    outlets = sorted({o for c in data["claims"] for o in c["outlets"]})
    claims = sorted(data["claims"], key=lambda c: -len(c["outlets"]))[:15]
    head = "".join(f"<th>{escape(o)}</th>" for o in outlets)
    rows = []
    for c in claims:
        cells = "".join(
            f'<td class="{c["status"]}">●</td>' if o in c["outlets"] else
            ('<td class="omitted">–</td>' if c["id"] in data["omissions"].get(o, []) else "<td></td>")
            for o in outlets)
        rows.append(f'<tr><th class="claim">{escape(_short(c["text"], 110))}</th>{cells}</tr>')
    return Markup(f'<table class="matrix"><tr><th></th>{head}</tr>{"".join(rows)}</table>')
