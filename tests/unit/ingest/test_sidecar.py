import json

from storyscope.ingest.sources import read_sources
from storyscope.model import Failure

from .builders import page

TEXT = "Officials said on Monday that the visit would go ahead.\n"


def test_csv_sidecar_overrides_what_the_reader_inferred(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.html").write_text(page())
    (tmp_path / "c.txt").write_text(TEXT)
    (tmp_path / "sources.csv").write_text(
        "file,url,outlet,published,author,title,desk\n"
        "a.txt,https://wire.example/a,Wire Service,2019-01-07,Ann Lee,Visit approved,World\n"
        "b.html,,Syndicating Outlet,,,,\n"
    )
    a, b, c = read_sources([str(tmp_path)])
    assert (a.url, a.outlet, a.published, a.author, a.title) == (
        "https://wire.example/a", "Wire Service", "2019-01-07", "Ann Lee", "Visit approved"
    )
    assert a.extra == {"desk": "World"}
    # Empty cells override nothing: the page's own metadata stays.
    assert b.outlet == "Syndicating Outlet" and b.author == "Jane Doe" and b.title == "Officials invited to visit"
    assert c.outlet is None


def test_json_sidecar_as_list_or_mapping(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "sources.json").write_text(json.dumps({"a.txt": {"outlet": "Mapped", "published": 2019}}))
    [doc] = read_sources([str(tmp_path)])
    assert doc.outlet == "Mapped" and doc.published == "2019"
    (tmp_path / "sources.json").write_text(json.dumps([{"file": "a.txt", "outlet": "Listed"}]))
    [doc] = read_sources([str(tmp_path / "a.txt")])  # a file named directly gets its directory's sidecar too
    assert doc.outlet == "Listed"


def test_sidecar_applies_to_every_record_of_a_container(tmp_path):
    (tmp_path / "r.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n')
    (tmp_path / "sources.csv").write_text("file,outlet\nr.jsonl,Bulk Outlet\n")
    assert [d.outlet for d in read_sources([str(tmp_path)])] == ["Bulk Outlet", "Bulk Outlet"]


def test_malformed_sidecar_is_one_failure_and_files_are_still_read(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.txt").write_text(TEXT)
    (tmp_path / "sources.json").write_text('{"a.txt": ')
    results = list(read_sources([str(tmp_path)]))
    failures = [r for r in results if isinstance(r, Failure)]
    assert len(failures) == 1 and len(results) == 3
    assert failures[0].source == str(tmp_path / "sources.json")
    assert failures[0].code == "malformed" and failures[0].reason.startswith("sidecar ignored: sources.json is not valid JSON")


def test_csv_sidecar_problems_are_named(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    for content, reason in [
        ("name,outlet\na.txt,X\n", "no 'file' column"),
        ("file,outlet\na.txt,X,extra cell\n", "line 2 has more cells than the header"),
        ('file,outlet,title\nb.txt,"Two\nlines"\na.txt,X,T,extra\n', "line 4 has more cells"),  # lines, not rows
        ("file,outlet\n,X\n", "entry 1 names no file"),
    ]:
        (tmp_path / "sources.csv").write_text(content)
        failure, doc = read_sources([str(tmp_path)])
        assert reason in failure.reason and doc.outlet is None


def test_a_short_csv_row_fills_only_its_own_cells(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.txt").write_text(TEXT)
    (tmp_path / "sources.csv").write_text("file,outlet,title,author\na.txt,Short Row\n\nb.txt,,Only Title,\n")
    a, b = read_sources([str(tmp_path)])
    assert (a.outlet, a.title, a.author) == ("Short Row", None, None)
    assert (b.outlet, b.title) == (None, "Only Title")
