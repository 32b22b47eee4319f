"""`storyscope duplicates` finds a republished copy in a real store, locally and on Dask alike."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from storyscope.errors import ConfigError
from storyscope.library import find_duplicates
from storyscope.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture
def with_copy(examples_db, tmp_path) -> tuple[str, str, str]:
    """The examples plus one of them republished by another outlet with its last paragraph cut:
    (store URL, the original's id, the copy's id)."""
    db = tmp_path / "copies.db"
    shutil.copy(examples_db.removeprefix("sqlite:///"), db)
    url = f"sqlite:///{db}"
    with Store.open(url) as store:
        original = max(store.iter_processed(), key=lambda p: len(p.article.text))
        paragraphs = original.article.text.split("\n")
        copy = dataclasses.replace(original.article, id="republished-copy", url="https://copies.example/1",
                                   outlet="Copies Daily", text="\n".join(paragraphs[:-1]),
                                   published="2099-01-01")  # later than the original
        store.add(dataclasses.replace(original, article=copy))
    return url, original.article.id, copy.id


def test_the_copy_is_listed_with_its_original(with_copy, cli):
    url, original, copy = with_copy
    (group,) = find_duplicates(url)
    assert group.articles == (original, copy) and group.lowest_overlap > 0.8
    result = cli("duplicates", "--db", url)
    assert result.returncode == 0, result.stderr
    assert "1 group of near-duplicate articles" in result.stdout
    assert original[:10] in result.stdout and copy[:10] in result.stdout and "Copies Daily" in result.stdout
    on_dask = cli("duplicates", "--db", url, "--executor", "dask", "--workers", "1")
    assert on_dask.returncode == 0, on_dask.stderr
    assert on_dask.stdout == result.stdout


def test_the_examples_alone_hold_no_duplicates(examples_db, cli):
    assert find_duplicates(examples_db) == []
    result = cli("duplicates", "--db", examples_db)
    assert result.returncode == 0 and "no near-duplicate articles at overlap 0.5" in result.stdout


def test_a_threshold_out_of_range_is_one_line_of_error(examples_db, cli):
    with pytest.raises(ConfigError, match="above 0 and at most 1"):
        find_duplicates(examples_db, threshold=1.5)
    result = cli("duplicates", "--db", examples_db, "--threshold", "0")
    assert result.returncode == 2 and "--threshold" in result.stderr
