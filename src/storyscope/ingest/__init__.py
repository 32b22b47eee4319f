"""Ingest: the outside world -> ``RawDocument`` (one per article) or ``Failure``.

The only stage that reads files, stdin or the network. ``read_sources`` takes
paths; ``read_bytes`` takes bytes obtained any other way.
"""

from storyscope.ingest.decode import decode_bytes
from storyscope.ingest.detect import detect_format
from storyscope.ingest.dispatch import DEFAULT_MAX_BYTES, read_bytes
from storyscope.ingest.sources import UNREADABLE, read_sources

__all__ = ["DEFAULT_MAX_BYTES", "UNREADABLE", "decode_bytes", "detect_format", "read_bytes", "read_sources"]
