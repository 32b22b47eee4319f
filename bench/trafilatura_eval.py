"""storyscope's page cleaning on trafilatura's own evaluation corpus, scored as that project scores
itself, next to trafilatura's fast extraction in the same run.

    .venv/bin/python bench/trafilatura_eval.py PATH/TO/trafilatura/tests [--limit N] [--english]

PATH holds ``evaldata.json`` and the pages under ``cache/`` and ``eval/`` (a snapshot of the
trafilatura repository, kept outside this project: none of its pages is committed here). Each
page lists text segments that must be kept ("with") and boilerplate that must be dropped
("without"): a kept "with" is a true positive, a missing one a false negative, a kept "without" a
false positive. storyscope's output is what it stores: the title, then the clean body.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def storyscope_text(html: str, url: str) -> str | None:
    from storyscope.errors import StoryscopeError
    from storyscope.model import RawDocument
    from storyscope.normalize.article import to_article

    try:
        article = to_article(RawDocument(url, "html", html=html, url=url))
    except StoryscopeError:
        return None
    return "\n".join(filter(None, [article.title, article.text]))


def trafilatura_text(html: str, url: str) -> str | None:
    import trafilatura

    return trafilatura.extract(html, url=url, fast=True)


def read_page(root: Path, name: str) -> bytes | None:
    for folder in ("eval", "cache"):
        path = root / folder / name
        if path.exists():
            return path.read_bytes()
    return None


def tally(text: str | None, entry: dict, counts: dict) -> None:
    flat = " ".join((text or "").split())
    for segment in entry.get("with", []):
        counts["tp" if " ".join(segment.split()) in flat else "fn"] += 1
    for segment in entry.get("without", []):
        counts["fp" if " ".join(segment.split()) in flat else "tn"] += 1


def figures(counts: dict) -> dict:
    p = counts["tp"] / ((counts["tp"] + counts["fp"]) or 1)
    r = counts["tp"] / ((counts["tp"] + counts["fn"]) or 1)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / ((p + r) or 1), 3), **counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tests", type=Path, help="trafilatura's tests/ folder (evaldata.json, cache/, eval/)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--english", action="store_true", help="only pages whose segments read as English")
    args = parser.parse_args()
    from storyscope.ingest.decode import decode_bytes
    from storyscope.ingest.detect import detect_format
    from storyscope.errors import StoryscopeError

    data = json.loads((args.tests / "evaldata.json").read_text(encoding="utf-8"))
    entries = list(data.items())[: args.limit]
    tools = {"storyscope": storyscope_text, "trafilatura (fast)": trafilatura_text}
    counts = {name: {"tp": 0, "fn": 0, "fp": 0, "tn": 0} for name in tools}
    seconds = dict.fromkeys(tools, 0.0)
    refused: list[str] = []
    used = 0
    for url, entry in entries:
        raw = read_page(args.tests, entry["file"])
        if raw is None:
            continue
        if args.english and not _english(entry):
            continue
        used += 1
        try:
            detect_format(raw, entry["file"])
            html = decode_bytes(raw)
        except StoryscopeError as exc:
            refused.append(f"{entry['file']}: {exc}")
            html = raw.decode("utf-8", "replace")
            results = {"storyscope": None}
        else:
            results = {}
        for name, extract in tools.items():
            if name in results:
                tally(None, entry, counts[name])
                continue
            started = time.perf_counter()
            text = extract(html, url)
            seconds[name] += time.perf_counter() - started
            if name == "storyscope" and text is None:
                refused.append(f"{entry['file']}: no article text found")
            tally(text, entry, counts[name])
    print(f"{used} pages")
    for name in tools:
        print(f"{name:<20} {json.dumps(figures(counts[name]))}  {seconds[name]:.1f} s")
    print(f"storyscope stored no text for {len(refused)} pages")
    for line in refused[:20]:
        print("  " + line)


_ENGLISH = {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was"}


def _english(entry: dict) -> bool:
    words = " ".join(entry.get("with", [])).lower().split()
    return bool(words) and sum(w in _ENGLISH for w in words) / len(words) > 0.08


if __name__ == "__main__":
    main()
