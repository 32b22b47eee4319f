"""A dossier's first view reads what ingest stored: it never loads the spaCy pipeline. Only a page
stored before ingest kept its label candidates makes it load, once: the candidates are then kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from .conftest import copy_sqlite

SRC = Path(__file__).resolve().parents[2] / "src"

# Builds the first story's dossier in a fresh process, as a server's first view does, and reports
# whether the pipeline was loaded (analyze.nlp.load is the one place that loads it) and its package imported.
FIRST_VIEW = """
import json, sys
from storyscope.analyze import nlp
from storyscope.store import Store
from storyscope.web.views import DossierCache

with Store.open(sys.argv[1]) as store:
    data = DossierCache().get(store, store.stories()[0].id)
print(json.dumps({"loads": nlp.load.cache_info().misses,
                  "model_modules": sorted(m for m in sys.modules if m.startswith("en_core_web")),
                  "labels": len(data["labels"])}))
"""


def first_view(db: str) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", FIRST_VIEW, db], check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def stored_without_candidates(db: str) -> int:
    engine = sa.create_engine(db)
    try:
        with engine.connect() as conn:
            return conn.scalar(sa.text("SELECT count(*) FROM articles WHERE phrases IS NULL"))
    finally:
        engine.dispose()


def test_the_first_view_of_a_dossier_never_loads_spacy(web_db, tmp_path):
    db = copy_sqlite(web_db, tmp_path / "fresh.db")
    seen = first_view(db)
    assert seen["labels"] > 0  # word choice was learned, from the stored candidates
    assert seen["loads"] == 0 and seen["model_modules"] == []


def test_pages_stored_without_candidates_get_them_once(web_db, tmp_path):
    db = copy_sqlite(web_db, tmp_path / "old.db")
    engine = sa.create_engine(db)
    with engine.begin() as conn:  # as pages stored before migration 0006 are
        conn.execute(sa.text("UPDATE articles SET phrases = NULL"))
        conn.execute(sa.text("DELETE FROM dossiers"))
    engine.dispose()
    seen = first_view(db)
    assert seen["loads"] == 1 and seen["model_modules"] and seen["labels"] > 0
    assert stored_without_candidates(db) == 0
    with sa.create_engine(db).begin() as conn:
        conn.execute(sa.text("DELETE FROM dossiers"))
    again = first_view(db)
    assert again["loads"] == 0 and again["labels"] == seen["labels"]
