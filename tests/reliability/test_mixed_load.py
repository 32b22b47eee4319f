"""Ingest writers and API readers at once on one served store, for a bounded time, per backend.

The harness is ``mixed_load.py`` (``bench/mixed_load.py`` runs it longer and prints the figures):
the example articles stored as ``COPIES`` five-article stories, ``storyscope serve`` on 127.0.0.1,
then for ``SECONDS``: ``WRITERS`` loops of ``storyscope ingest`` (clustering included) on new
batches, one client uploading batches through ``POST /api/articles``, and ``READERS`` clients
cycling over the story list, dossiers, story and article pages, article records, the article
list and search. No answer may be a 5xx or a transport error, no lock, deadlock or serialization
failure may show anywhere (answers, writers' output, jobs, the server's log), every batch a writer
or an upload reported stored must be in the store exactly once and nothing else, the store must
pass its checks (SQLite ``PRAGMA integrity_check`` and foreign keys, version chains), and every
endpoint must have answered successfully (so a run that did nothing cannot pass). The figures are
printed (``pytest -s``).
"""

from __future__ import annotations

import json

import pytest

from reliability.harness import new_store
from reliability.mixed_load import run

pytestmark = pytest.mark.slow

SECONDS = 40
WRITERS = 2
READERS = 4
COPIES = 60  # 300 base articles: enough that copies of one example page no longer share rare keys
BATCH = 5
GRACE = 120  # for the last ingest started before the deadline to finish


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_writers_and_readers_at_once(backend, tmp_path):
    with new_store(backend, tmp_path / "store") as url:
        outcome = run(url, seconds=SECONDS, writers=WRITERS, readers=READERS, copies=COPIES, batch_size=BATCH,
                      grace=GRACE)
    print(f"\n{backend}: {json.dumps(outcome.as_dict())}")
    samples = {name: e.samples for name, e in outcome.endpoints.items() if e.samples}
    assert outcome.server_errors == 0, samples
    assert outcome.transport_errors == 0, samples
    assert outcome.lock_errors == 0, outcome.as_dict()
    assert outcome.writer_problems == []
    assert outcome.store_problems == []
    assert outcome.server_log_problems == []
    table = outcome.table()
    # each failing endpoint with its count and the requests that failed (route with id, status, body)
    assert {name: (row["errors"], row["failed_requests"]) for name, row in table.items() if row["errors"]} == {}
    assert {name for name, row in table.items() if not row["ok"]} == set()  # every endpoint answered
    assert {r.writer for r in outcome.runs if r.reported_stored} == set(range(WRITERS))  # each wrote
    assert any(u.done and u.stored for u in outcome.uploads)
    articles = outcome.articles
    assert articles["in_store"] >= articles["base"] + articles["by_writers"] + articles["by_uploads"]
