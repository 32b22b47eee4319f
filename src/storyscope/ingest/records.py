"""JSON records -> RawDocuments: one object, an array of objects, or JSON Lines.

Each record stands alone: a bad line or array item becomes a Failure for
that record (``path#N``, 1-based) while the others are still read. Keys
storyscope knows fill RawDocument fields; every other key is kept in
``extra`` so nothing the producer sent is dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from storyscope.errors import EmptyInput, InputError, MalformedInput
from storyscope.ingest.decode import clean_text
from storyscope.model import Failure, RawDocument

FIELDS = ("url", "title", "text", "html", "outlet", "published", "author", "fetched")
_BODY = ("text", "html")

# Deeply nested JSON overflows the parser's recursion; that is a malformed input.
_JSON_ERRORS = (ValueError, RecursionError)
# An extra field nested deeper than this is left out (its place says so): the parser accepts
# nesting that pickling it to an analysis process, or storing it, cannot take.
MAX_EXTRA_DEPTH = 32
DEEP_EXTRA = f"(left out: nested more than {MAX_EXTRA_DEPTH} levels deep)"


def read_records(source: str, text: str, *, lines: bool = False) -> Iterator[RawDocument | Failure]:
    """Records of a JSON document, or of JSON Lines when ``lines`` is true.

    A JSON document that turns out to hold several values one after another
    is read as JSON Lines, whatever its name.
    """
    if not text.strip():
        raise EmptyInput("file holds only whitespace")
    if not lines:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg != "Extra data":
                raise MalformedInput(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
            lines = True
        except RecursionError:
            raise MalformedInput("invalid JSON: nested too deeply") from None
        except ValueError as exc:  # e.g. an integer of over 4300 digits (int_max_str_digits)
            raise MalformedInput(f"invalid JSON: {exc}") from None
        else:
            yield from _read_value(source, value)
            return
    yield from _read_lines(source, text)


def record_document(source: str, record: Any) -> RawDocument:
    """One record as a ``RawDocument``; raises ``InputError`` when it cannot be one."""
    if not isinstance(record, dict):
        raise MalformedInput(f"record is {_kind(record)}, not an object")
    fields = {key: _field(key, record.get(key)) for key in FIELDS}
    if not any(fields[key] and fields[key].strip() for key in _BODY):
        raise EmptyInput("record has no text or html")
    for key in FIELDS:
        if key not in _BODY and fields[key] is not None and not fields[key].strip():
            fields[key] = None  # a blank metadata value states nothing
    extra = {key: DEEP_EXTRA if _deeper_than(value, MAX_EXTRA_DEPTH) else value
             for key, value in record.items() if key not in FIELDS}
    return RawDocument(source=source, format="json", extra=extra, **fields)


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects nest inside ``value`` more than ``limit`` levels (no recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth >= limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def _read_value(source: str, value: Any) -> Iterator[RawDocument | Failure]:
    if isinstance(value, dict):
        yield record_document(source, value)
        return
    if not isinstance(value, list):
        raise MalformedInput(f"JSON holds {_kind(value)}, not an object or a list of objects")
    if not value:
        raise EmptyInput("JSON array holds no records")
    for number, record in enumerate(value, 1):
        yield _record_or_failure(f"{source}#{number}", record)


def _read_lines(source: str, text: str) -> Iterator[RawDocument | Failure]:
    seen = False
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        seen = True
        part = f"{source}#{number}"
        try:
            record = json.loads(line)
        except _JSON_ERRORS as exc:
            detail = f"column {exc.colno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else (
                "nested too deeply" if isinstance(exc, RecursionError) else str(exc))
            yield Failure(part, MalformedInput.code, f"line {number} is not valid JSON ({detail})")
            continue
        yield _record_or_failure(part, record)
    if not seen:
        raise EmptyInput("file holds only whitespace")


def _record_or_failure(source: str, record: Any) -> RawDocument | Failure:
    try:
        return record_document(source, record)
    except InputError as exc:
        return Failure(source, exc.code, exc.reason)


def _field(key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # e.g. "published": 2019
    raise MalformedInput(f"field {key!r} is {_kind(value)}, not a string")


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
