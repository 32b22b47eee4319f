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
        return {"id": a.id, "outlet": a.outlet, "title": a.title, "published": a.published, "url": a.url,
                "source": a.source}

    def sentence(article_id: str, index: int) -> str:
        sentences = articles[article_id].analysis.sentences
        return sentences[index].text if index < len(sentences) else ""

    return {
        "story": {"id": story.id, "title": story.title},
        "articles": [about(a) for a in story.articles if a in articles],
        "brief": [asdict(b) for b in brief(comparison.claims)],
        "events": [{"id": e.id, "title": e.title, "date": e.date, "articles": [about(a) for a in e.articles if a in articles],
                    "brief": [asdict(b) for b in event_briefs(story, comparison.claims)[e.id]]}
                   for e in story.events],
        "claims": [{"id": c.id, "text": c.text, "status": c.status, "outlets": list(c.outlets),
                    "independent_outlets": list(c.independent_outlets),
                    "versions": [asdict(v) for v in c.versions]} for c in comparison.claims],
        "omissions": {o: list(ids) for o, ids in comparison.omissions.items()},
        "numbers": [{"unit": n.unit, "disagree": n.disagree, "reports": [asdict(r) for r in n.reports]}
                    for n in comparison.numbers],
        "voices": [{"outlet": v.outlet, "quoted_words": v.quoted_words, "voices": [asdict(x) for x in v.voices]}
                   for v in comparison.voices],
        "timeline": [{**asdict(t), "sentences": [sentence(a, i) for a, i in t.citations]} for t in comparison.timeline],
        "people": comparison.people,
        "labels": [{"heads": list(g.heads), "by_outlet": g.by_outlet()} for g in comparison.labels],
        "copies": [{"source": about(r.source), "copy": about(r.copy), "kind": r.kind, "share_of_copy": r.share_of_copy}
                   for r in comparison.copies if r.source in articles and r.copy in articles],
    }


def render(fmt: str, data: dict) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "md":
        return _env.get_template("dossier.md.j2").render(d=data)
    if fmt == "html":
        charts = {"coverage": _coverage_chart(data), "voices": _voices_chart(data), "matrix": _matrix(data)}
        return _env.get_template("dossier.html.j2").render(d=data, charts=charts)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _bar_rows(rows: list[tuple[str, float, str]], width: int = 520) -> Markup:
    """A horizontal bar chart as inline SVG: (label, value, note) rows."""
    top = max((v for _, v, _ in rows), default=1) or 1
    height = 22 * len(rows) + 10
    parts = [f'<svg role="img" width="{width + 260}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value, note) in enumerate(rows):
        y = 5 + 22 * i
        length = max(1, int(width * value / top))
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(label[:34])}</text>'
                     f'<rect x="240" y="{y}" width="{length}" height="16" fill="#4a78a8"></rect>'
                     f'<text x="{246 + length}" y="{y + 13}" font-size="11">{escape(note)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _coverage_chart(data: dict) -> Markup:
    """Articles per outlet per month: who covered the story when."""
    counts = Counter((a["outlet"] or "unknown", (a["published"] or "????-??")[:7]) for a in data["articles"])
    rows = [(f"{outlet} · {month}", n, str(n)) for (outlet, month), n in sorted(counts.items(), key=lambda x: x[0][1])]
    return _bar_rows(rows)


def _voices_chart(data: dict) -> Markup:
    rows = []
    for outlet in data["voices"]:
        for voice in outlet["voices"][:4]:
            rows.append((f"{outlet['outlet']}: {voice['speaker']}", voice["words"], f"{voice['words']} words"))
    return _bar_rows(rows)


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
        rows.append(f'<tr><th class="claim">{escape(c["text"][:110])}</th>{cells}</tr>')
    return Markup(f'<table class="matrix"><tr><th></th>{head}</tr>{"".join(rows)}</table>')
