"""Export stored articles as JSON, JSON Lines or CSV.

The JSON form is one object ``{"articles": [...], "stories": [...]}`` described
by ``export.schema.json`` beside this file; ``stories`` is filled by the
comparison stage and is empty until a store has stories.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from importlib import resources

from ..model import ProcessedArticle

FORMATS = ("json", "jsonl", "csv")
CSV_FIELDS = ("id", "source", "url", "outlet", "author", "published", "published_inferred", "title",
              "dateline", "version", "words", "quotes", "dates", "numbers", "text")


def article_record(processed: ProcessedArticle, version: int | None = None) -> dict:
    """One article as the export's plain dict: metadata, clean text, residue and extracted facts."""
    article, analysis = processed.article, processed.analysis
    return {
        "id": article.id,
        "source": article.source,
        "format": article.format,
        "url": article.url,
        "outlet": article.outlet,
        "outlet_basis": article.outlet_basis,
        "author": article.author,
        "dateline": article.dateline,
        "published": article.published,
        "published_inferred": article.published_inferred,
        "published_basis": article.published_basis,
        "published_note": article.published_note,
        "stated_day": article.stated_day,
        "fetched": article.fetched,
        "title": article.title,
        "title_basis": article.title_basis,
        "version": version,
        "text": article.text,
        "boilerplate": [{"text": r.text, "reason": r.reason} for r in article.boilerplate],
        "sentences": [{"text": s.text, "start": s.start, "end": s.end} for s in analysis.sentences],
        "entities": [{"text": e.text, "label": e.label, "canonical": e.canonical, "start": e.start,
                      "end": e.end, "sentence": e.sentence} for e in analysis.entities],
        "quotes": [asdict(q) for q in analysis.quotes],
        "dates": [asdict(d) for d in analysis.dates],
        "numbers": [asdict(n) for n in analysis.numbers],
        "extra": article.extra,
        "model": analysis.model,
    }


def schema() -> dict:
    return json.loads(resources.files(__package__).joinpath("export.schema.json").read_text(encoding="utf-8"))


def write_json(records: Iterable[dict], out: io.TextIOBase, stories: list[dict] | None = None) -> None:
    """Stream the JSON object without holding every article in memory at once."""
    out.write('{"articles": [')
    for i, record in enumerate(records):
        out.write(",\n" if i else "\n")
        out.write(json.dumps(record, ensure_ascii=False))
    out.write('\n], "stories": ' + json.dumps(stories or [], ensure_ascii=False) + "}\n")


def write_jsonl(records: Iterable[dict], out: io.TextIOBase) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(records: Iterable[dict], out: io.TextIOBase) -> None:
    """One row per article: metadata, counts and the clean text (facts are in the JSON forms)."""
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        row = dict(record)
        row["words"] = len(record["text"].split())
        for kind in ("quotes", "dates", "numbers"):
            row[kind] = len(record[kind])
        writer.writerow(row)


def write(fmt: str, records: Iterator[dict], out: io.TextIOBase, stories: list[dict] | None = None) -> None:
    if fmt == "json":
        write_json(records, out, stories)
    elif fmt == "jsonl":
        write_jsonl(records, out)
    elif fmt == "csv":
        write_csv(records, out)
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
