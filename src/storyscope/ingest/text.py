"""Plain text -> one RawDocument. A text file states no metadata; normalize finds it."""

from __future__ import annotations

from collections.abc import Iterator

from storyscope.errors import EmptyInput
from storyscope.model import RawDocument


def read_text(source: str, text: str) -> Iterator[RawDocument]:
    """One ``RawDocument(format="text")``; ``EmptyInput`` when only whitespace."""
    if not text.strip():
        raise EmptyInput("file holds only whitespace")
    yield RawDocument(source=source, format="text", text=text)
