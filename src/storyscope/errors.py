"""One exception tree for storyscope, each class with a stable ``code``.

A failure on one input is an *outcome* (``model.Failure``), not a crash: the
runner catches ``StoryscopeError`` per article, records it and moves on.

    StoryscopeError
    ├── InputError                  the input cannot become an article
    │   ├── EmptyInput              "empty"       nothing but whitespace
    │   ├── BinaryInput             "binary"      not text (NUL bytes, a known binary signature)
    │   ├── TooLarge                "too-large"   over the configured size cap
    │   ├── UndecodableInput        "undecodable" no text encoding fits
    │   ├── MalformedInput          "malformed"   broken HTML/JSON/feed/WARC structure
    │   └── UnsupportedInput        "unsupported" a format storyscope does not read
    ├── ProcessingTimeout           "timeout"     over the per-article time budget
    ├── AnalysisError               "analysis"    the NLP stage failed on this article
    ├── StoreError                  "store"       the database refused an operation
    ├── NotFound                    "not-found"   no such article/quote/story id or outlet
    ├── BadEdit                     "bad-edit"    a reader's correction that cannot be made (an empty name)
    ├── SearchError                 "search"      a search the full-text index cannot run (malformed syntax)
    │   └── SearchUnavailable       "search-unavailable" no full-text index here (neither SQLite nor PostgreSQL)
    └── ConfigError                 "config"      bad settings or an unknown spaCy pipeline

``str(error)`` is one line naming the input and the reason, fit for a terminal.
"""

from __future__ import annotations


class StoryscopeError(Exception):
    code = "error"

    def __init__(self, reason: str, source: str | None = None):
        self.reason = reason
        self.source = source
        super().__init__(f"{source}: {reason}" if source else reason)


class InputError(StoryscopeError):
    code = "input"


class EmptyInput(InputError):
    code = "empty"


class BinaryInput(InputError):
    code = "binary"


class TooLarge(InputError):
    code = "too-large"


class UndecodableInput(InputError):
    code = "undecodable"


class MalformedInput(InputError):
    code = "malformed"


class UnsupportedInput(InputError):
    code = "unsupported"


class ProcessingTimeout(StoryscopeError):
    code = "timeout"


class AnalysisError(StoryscopeError):
    code = "analysis"


class StoreError(StoryscopeError):
    code = "store"


class NotFound(StoryscopeError):
    code = "not-found"


class BadEdit(StoryscopeError):
    code = "bad-edit"


class SearchError(StoryscopeError):
    code = "search"


class SearchUnavailable(SearchError):
    code = "search-unavailable"


class ConfigError(StoryscopeError):
    code = "config"
