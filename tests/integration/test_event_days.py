"""The day a page reports on, read from a real ingest: a page announcing a happening reports on
the day it announces."""

from storyscope.cluster.features import event_day
from storyscope.library import ingest_paths
from storyscope.store import Store

ANNOUNCEMENT = """Published 20 February 2023

The Harbour Commission will hold its first public hearing at its offices in Portsea, on the west quay, on Wednesday 22 February 2023. Its first witness is expected to be the former harbour master.

The inquiry was set up after a ferry ran aground in the harbour mouth. Critics say its terms are too narrow.
"""
REPORT = """Published 23 February 2023

The Harbour Commission heard its first witness on Wednesday 22 February 2023, the former harbour master, who said the channel had not been dredged for six years.

The inquiry was set up after a ferry ran aground in the harbour mouth.
"""


def _processed(tmp_path, text):
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'days.db'}"
    ingest_paths([str(page)], db, workers=1)
    with Store.open(db) as store:
        (processed,) = list(store.iter_processed())
    return processed


def test_a_page_announcing_a_happening_reports_on_the_day_it_announces(tmp_path):
    processed = _processed(tmp_path, ANNOUNCEMENT)
    assert processed.article.published == "2023-02-20"
    assert event_day(processed).isoformat() == "2023-02-22"


def test_a_page_reporting_a_past_happening_reports_on_that_day(tmp_path):
    processed = _processed(tmp_path, REPORT)
    assert processed.article.published == "2023-02-23"
    assert event_day(processed).isoformat() == "2023-02-22"
