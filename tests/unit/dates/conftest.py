"""Each test reads its dates afresh: the readers' caches are emptied before it.

``_candidates`` and ``_dateparser_resolve`` keep their answers per text. A text an earlier test
already read (in this process, or in the process a test runner forked this one from, as mutmut
does after its clean run) would be answered from the cache, and the test would not run the code
it is there to check."""

from __future__ import annotations

import pytest

from storyscope.dates import reading, resolving


@pytest.fixture(autouse=True)
def fresh_date_caches():
    reading._candidates.cache_clear()
    resolving._dateparser_resolve.cache_clear()
    yield
