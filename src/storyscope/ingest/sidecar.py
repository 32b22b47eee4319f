"""Per-file metadata from a ``sources.csv`` or ``sources.json`` in a directory.

A collector often knows better than the page (the outlet of a syndicated
story, the date a text file was published), so what the sidecar states
overrides what a reader inferred. Rows match files of the same directory by
file name. A malformed sidecar is reported once and ignored; the files are
still read.

``sources.csv``: a header row with ``file`` and any of ``url, outlet,
published, author, title``. ``sources.json``: a list of such objects, or an
object mapping file name -> object. Other columns/keys go to ``extra``.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from storyscope.errors import InputError, MalformedInput
from storyscope.ingest.decode import decode_bytes
from storyscope.model import RawDocument

SIDECAR_NAMES = ("sources.csv", "sources.json")
FIELDS = ("url", "outlet", "published", "author", "title")
# Gold annotations (tests/golden/CONVENTIONS.md) sit beside articles and are not articles.
_ANNOTATION_SUFFIX = ".gold.json"
_MAX_SIDECAR_BYTES = 10_000_000

Overrides = dict[str, dict[str, Any]]  # file name -> field -> value ("extra" -> dict)


def is_sidecar(name: str) -> bool:
    """True for metadata files that describe articles rather than being one."""
    return name in SIDECAR_NAMES or name.endswith(_ANNOTATION_SUFFIX)


def load_sidecars(directory: str) -> tuple[Overrides, list[tuple[str, InputError]]]:
    """Overrides from the sidecars in ``directory``, and the errors of malformed ones."""
    overrides: Overrides = {}
    errors: list[tuple[str, InputError]] = []
    for name in SIDECAR_NAMES:
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        try:
            rows = _parse(path, name)
        except InputError as exc:
            errors.append((path, exc))
            continue
        for file, row in rows.items():
            overrides.setdefault(file, {}).update(row)
    return overrides, errors


def apply_overrides(document: RawDocument, row: Mapping[str, Any]) -> RawDocument:
    """``document`` with the sidecar's fields in place of the reader's."""
    fields = {key: value for key, value in row.items() if key in FIELDS}
    extra = row.get("extra")
    if extra:
        fields["extra"] = {**document.extra, **extra}
    return replace(document, **fields) if fields else document


def _parse(path: str, name: str) -> Overrides:
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_SIDECAR_BYTES + 1)
    except OSError as exc:
        raise MalformedInput(f"sidecar cannot be read ({exc.strerror})") from None
    if len(data) > _MAX_SIDECAR_BYTES:
        raise MalformedInput(f"sidecar is over {_MAX_SIDECAR_BYTES} bytes")
    text = decode_bytes(data)
    entries = _csv_entries(text) if name.endswith(".csv") else _json_entries(text)
    return dict(_row(entry, number) for number, entry in enumerate(entries, 1))


def _csv_entries(text: str) -> list[dict[str, Any]]:
    # Each row is paired with the header cell by cell, so a row costs its own length: DictReader
    # fills every column a short row lacks, and a header of 30,000 columns over 10,000 short
    # rows (a 288 kB file) took 33 s. A missing cell is an empty one, which overrides nothing.
    try:
        rows = csv.reader(io.StringIO(text))
        header = next(rows, None)
        if not header or "file" not in header:
            raise MalformedInput("sources.csv has no 'file' column")
        entries = []
        for row in rows:
            if len(row) > len(header):
                raise MalformedInput(f"sources.csv line {rows.line_num} has more cells than the header")
            if row:
                entries.append(dict(zip(header, row)))
    except csv.Error as exc:
        raise MalformedInput(f"sources.csv is not valid CSV ({exc})") from None
    return entries


def _json_entries(text: str) -> list[dict[str, Any]]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise MalformedInput(f"sources.json is not valid JSON ({exc})") from None
    if isinstance(value, dict):
        if not all(isinstance(entry, dict) for entry in value.values()):
            raise MalformedInput("sources.json must map each file name to an object")
        return [{**entry, "file": file} for file, entry in value.items()]
    if isinstance(value, list) and all(isinstance(entry, dict) for entry in value):
        return value
    raise MalformedInput("sources.json must be a list of objects or an object of objects")


def _row(entry: dict[str, Any], number: int) -> tuple[str, dict[str, Any]]:
    file = entry.get("file")
    if not isinstance(file, str) or not file.strip():
        raise MalformedInput(f"sidecar entry {number} names no file")
    row: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in entry.items():
        if key == "file" or value is None or (isinstance(value, str) and not value.strip()):
            continue  # an empty cell overrides nothing
        if key in FIELDS:
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise MalformedInput(f"sidecar entry {number}: {key!r} must be a string")
            row[key] = str(value).strip()
        else:
            extra[key] = value
    if extra:
        row["extra"] = extra
    return file.strip(), row
