"""Hostile articles: every payload tries to set ``window.__xss`` or open a dialog if it ever runs.

``write_corpus(folder)`` writes them as JSON, JSON Lines, HTML and plain text (with a
``sources.csv`` sidecar giving the text files hostile titles, outlets, authors and addresses).
Each article tells one of three ordinary news events, so the articles group into stories whose
dossiers (brief, claims, numbers, voices, timeline) quote the payloads back.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

# name -> the payload, as a reader's page would have to show it
PAYLOADS: dict[str, str] = {
    "script": "<script>window.__xss=1;alert('script')</script>",
    "img-onerror": "<img src=x onerror=\"window.__xss=1;alert('img')\">",
    "svg-onload": "<svg onload=window.__xss=1;alert('svg')>",
    "attr-breakout": "\"><script>window.__xss=1;alert('breakout')</script>",
    "single-quote-breakout": "'><img src=x onerror=window.__xss=1>",
    "textarea": "</textarea><script>window.__xss=1;alert('textarea')</script>",
    "title-close": "</title><script>window.__xss=1</script>",
    "template": "{{ 7*7919 }} {% for x in range(3) %}loop{% endfor %} ${7*7919}",
    "rtl": "\u202egnp.exe\u202c <scr\u200bipt>window.__xss=1</scr\u200bipt> \uff1cscript\uff1ewindow.__xss=1\uff1c/script\uff1e",
    "iframe-srcdoc": "<iframe srcdoc=\"<script>parent.__xss=1;parent.alert('srcdoc')</script>\"></iframe>",
    "css": "<div style=\"background:url(javascript:window.__xss=1);width:expression(alert('css'))\">x</div>"
           "<style>body{background:url('javascript:alert(1)')}</style>",
    "event-double-quote": "\" onmouseover=\"window.__xss=1\" autofocus onfocus=\"alert('dq')\" x=\"",
    "event-single-quote": "' onmouseover='window.__xss=1' autofocus onfocus='alert(1)' x='",
    "javascript-link": "<a href=\"javascript:window.__xss=1;alert('link')\">read more</a>",
    "data-link": "<a href=\"data:text/html,<script>alert('data')</script>\">open</a>",
    "meta-refresh": "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('meta')\">",
    "base": "<base href=\"javascript:alert('base')//\">",
    "object": "<object data=\"javascript:alert('object')\"></object><embed src=\"javascript:alert('embed')\">",
    "mxss": "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1></style></mglyph></table></mtext></math>",
}
TEMPLATE_RESULT = "55433"  # 7*7919: what {{ 7*7919 }} would print if the text reached a template engine

# the article address (url) each article gives: none of these may become a link but the http ones
URLS: list[str] = [
    "javascript:window.__xss=1;alert('url')",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "https://example.org/\"><script>window.__xss=1</script>",
    "http://example.org/?q=' onmouseover='window.__xss=1",
]
SAFE_URL_PREFIXES = ("https://example.org/", "http://example.org/")

EVENTS = [
    {
        "topic": "Harbour council",
        "title": "Harbour council votes on the new pier",
        "lines": [
            "The harbour council of Port Ellery voted on Tuesday to build a new pier at the old ferry landing.",
            "\"The pier will be ready by next summer {p},\" council chair Maria Lund said after the vote.",
            "The project will cost about 4 million euros {p}, according to the council's budget office.",
            "Fishermen said they had waited ten years for the landing to be repaired.",
            "Work on the pier will begin on 3 June 2024, the council said.",
        ],
    },
    {
        "topic": "Mine rescue",
        "title": "Rescuers reach trapped miners in Kellan valley",
        "lines": [
            "Rescuers reached 12 miners trapped underground in the Kellan valley coal mine on Friday.",
            "\"All twelve are alive and talking to us {p},\" rescue chief Tomas Berg told reporters.",
            "The miners had been trapped for 36 hours after a tunnel collapsed {p}, the mine operator said.",
            "Families waited at the mine entrance through the night.",
            "The operator said an inquiry into the collapse would open on 10 May 2024.",
        ],
    },
    {
        "topic": "City budget",
        "title": "Aldmoor city budget cuts library hours",
        "lines": [
            "The Aldmoor city council approved a budget on Monday that cuts library opening hours by 20 percent.",
            "\"We had no other choice this year {p},\" mayor Helen Voss said at the council meeting.",
            "Library staff said 15 jobs would be lost {p} under the plan.",
            "Residents protested outside the town hall before the vote.",
            "The new opening hours take effect on 1 July 2024, the council said.",
        ],
    },
]
RESIDUE = ["Share this article {p}", "Subscribe to our newsletter", "Advertisement", "© 2024 All rights reserved"]


def url(index: int) -> str:
    """The index-th address: each article its own (the same address twice would be two versions of one article)."""
    base = URLS[index % len(URLS)]
    return base if index < len(URLS) else f"{base}#{index}"


def article(index: int, name: str, payload: str) -> dict:
    event = EVENTS[index % len(EVENTS)]
    lines = [line.format(p=payload) for line in event["lines"]]
    return {
        "url": url(index),
        "title": f"{event['title']} {payload}",
        "outlet": f"Outlet {index} {payload}",
        "author": f"Reporter {name} {payload}",
        "published": f"2024-05-{1 + index % 27:02d}",
        "text": "\n".join(lines),
        "kicker": payload,  # an unknown key: kept in extra
    }


def write_corpus(folder: Path) -> list[dict]:
    """Write every payload as an article into ``folder``; return the articles as written."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = [article(i, name, payload) for i, (name, payload) in enumerate(PAYLOADS.items())]
    json_part, jsonl_part, html_part, text_part = (articles[0:5], articles[5:10], articles[10:14], articles[14:])
    for i, a in enumerate(json_part):
        (folder / f"article{i}.json").write_text(json.dumps(a, ensure_ascii=False), encoding="utf-8")
    (folder / "batch.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in jsonl_part),
                                        encoding="utf-8")
    sidecar = []
    for i, a in enumerate(html_part):
        name = f"page{i}.html"
        (folder / name).write_text(html_page(a), encoding="utf-8")
        sidecar.append({"file": name, **{k: a[k] for k in ("url", "outlet", "published", "author", "title")}})
    for i, a in enumerate(text_part):
        name = f"plain{i}.txt"
        residue = [line.format(p=a["kicker"]) for line in RESIDUE]
        (folder / name).write_text("\n".join([residue[0], residue[1], a["text"], residue[2], residue[3]]) + "\n",
                                   encoding="utf-8")
        sidecar.append({"file": name, **{k: a[k] for k in ("url", "outlet", "published", "author", "title")}})
    with (folder / "sources.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["file", "url", "outlet", "published", "author", "title"])
        writer.writeheader()
        writer.writerows(sidecar)
    return articles


def html_page(a: dict) -> str:
    """A web page whose metadata carries the payload as escaped attribute/text values, and whose
    body carries it both as text (escaped, so it survives extraction) and as live markup."""
    from html import escape

    paragraphs = "\n".join(f"<p>{escape(line)}</p>" for line in a["text"].split("\n"))
    return f"""<!doctype html>
<html><head><meta charset="utf-8">
<title>{escape(a['title'])}</title>
<meta property="og:title" content="{escape(a['title'], quote=True)}">
<meta property="og:site_name" content="{escape(a['outlet'], quote=True)}">
<meta name="author" content="{escape(a['author'], quote=True)}">
<meta property="article:published_time" content="{a['published']}">
<link rel="canonical" href="{escape(a['url'], quote=True)}">
</head><body>
<nav><a href="/">Home</a> {a['kicker']}</nav>
<article><h1>{escape(a['title'])}</h1>
{paragraphs}
</article>
<footer>Share this article {a['kicker']}</footer>
</body></html>
"""
