"""Paths, http(s) URLs and stdin -> documents: the only code in storyscope that opens files.

Everything is bounded before it is read (``stat`` first, then at most
``max_bytes + 1`` bytes), and nothing about one input can stop the others:
each problem becomes a ``Failure`` with a one-line reason. A URL is fetched by
``fetch.fetch_documents`` (public addresses only unless ``allow`` names a network;
every refusal is a ``Failure`` naming the URL), the same code the web intake uses.
"""

from __future__ import annotations

import glob
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from storyscope.errors import TooLarge, UnsupportedInput
from storyscope.ingest.dispatch import DEFAULT_MAX_BYTES, read_bytes
from storyscope.ingest.fetch import Network, fetch_documents
from storyscope.ingest.sidecar import Overrides, apply_overrides, is_sidecar, load_sidecars
from storyscope.model import Failure, RawDocument

UNREADABLE = "unreadable"  # the operating system refused: not found, permission denied, ...
STDIN_SOURCE = "<stdin>"
URL_SCHEMES = ("http://", "https://")


def read_sources(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None,
    allow: str | Iterable[Network] = (),
) -> Iterator[RawDocument | Failure]:
    """Documents of every file, directory (recursively, in sorted order), glob pattern, http(s)
    URL or ``"-"`` (stdin).

    Hidden files and folders and sidecar files are skipped inside
    directories; a ``sources.csv``/``sources.json`` beside a file overrides
    its metadata. ``allow``: networks a URL may be fetched from although they
    are not public (the ``allow_networks`` setting). Never raises for a bad input.
    """
    sidecars = _Sidecars()
    for entry in iter_inputs(paths):
        if isinstance(entry, Failure):
            yield entry
        elif entry == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
        elif is_url(entry):
            yield from fetch_documents(entry, max_bytes=max_bytes, allow=allow)
        else:
            yield from _read_file(entry, sidecars, max_bytes)


def iter_inputs(paths: Iterable[str]) -> Iterator[str | Failure]:
    """The files ``paths`` name, in order, expanded as they are reached (never all at once):
    a directory's files recursively, a glob pattern that names no file its sorted matches;
    ``"-"`` (stdin) and http(s) URLs (``is_url``) pass through; what cannot be an input is a
    ``Failure``. Opens no file and fetches nothing."""
    if isinstance(paths, str):
        paths = [paths]  # one path, not its characters
    for path in paths:
        if path == "-" or is_url(path):
            yield path
        elif "://" in path:  # ftp://, file://: never fetched, and not a file name either
            yield Failure(path, UnsupportedInput.code, "only http and https URLs are fetched; save the page and pass the file")
        elif os.path.isdir(path):
            yield from _walk(path)
        elif glob.has_magic(path) and not os.path.lexists(path):
            matches = sorted(glob.iglob(path, recursive=True))
            if not matches:
                yield Failure(path, UNREADABLE, "no file matches this pattern")
            for match in matches:
                if os.path.isdir(match):
                    yield from _walk(match)
                elif not is_sidecar(os.path.basename(match)):
                    yield match
        else:
            yield path


def is_url(entry: str) -> bool:
    """An input to fetch rather than open: http:// or https://, in any case (HTTP:// too)."""
    return entry[:8].lower().startswith(URL_SCHEMES)


def _read_file(path: str, sidecars: _Sidecars, max_bytes: int) -> Iterator[RawDocument | Failure]:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            # Only links reach here as directories: _walk does not descend into them.
            reason = "a linked directory, not followed (it could loop)" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            yield Failure(path, UnsupportedInput.code, reason)
            return
        if info.st_size > max_bytes:
            yield Failure(path, TooLarge.code, f"{info.st_size} bytes is over the {max_bytes}-byte limit")
            return
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        yield Failure(path, UNREADABLE, _os_reason(exc))
        return
    directory, name = os.path.split(path)
    rows, failures = sidecars.load(directory or ".")
    yield from failures
    row = rows.get(name)
    for document in read_bytes(path, data, name=name, max_bytes=max_bytes):
        yield apply_overrides(document, row) if row and isinstance(document, RawDocument) else document


def _read_stdin(stream: BinaryIO, max_bytes: int) -> Iterator[RawDocument | Failure]:
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        yield Failure(STDIN_SOURCE, UNREADABLE, _os_reason(exc))
        return
    if len(data) > max_bytes:
        yield Failure(STDIN_SOURCE, TooLarge.code, f"standard input is over the {max_bytes}-byte limit")
        return
    yield from read_bytes(STDIN_SOURCE, data, max_bytes=max_bytes)


def _walk(directory: str) -> Iterator[str | Failure]:
    """Files below ``directory`` in sorted order; hidden entries and sidecars left out."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield Failure(directory, UNREADABLE, _os_reason(exc))
        return
    for entry in entries:
        if entry.name.startswith(".") or is_sidecar(entry.name):
            continue
        # Never follow a link to a directory: it could loop back up the tree.
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        else:
            yield entry.path


def _os_reason(exc: OSError) -> str:
    return f"cannot be read: {(exc.strerror or str(exc)).lower()}"


class _Sidecars:
    """Loads each directory's sidecars once, so a malformed one is reported once."""

    def __init__(self) -> None:
        self._rows: dict[str, Overrides] = {}

    def load(self, directory: str) -> tuple[Overrides, list[Failure]]:
        """The directory's overrides, and on first sight the failures of bad sidecars."""
        if directory in self._rows:
            return self._rows[directory], []
        rows, errors = load_sidecars(directory)
        self._rows[directory] = rows
        return rows, [Failure(path, exc.code, f"sidecar ignored: {exc.reason}") for path, exc in errors]
