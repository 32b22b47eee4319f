"""The upload spool: private, one slot per live server, a dead server's slot taken over, nothing
but waiting jobs' files kept."""

from __future__ import annotations

import stat

from storyscope.web.spool import Slots, default_location, open_spool


def test_the_spool_is_private_even_when_it_was_not(tmp_path):
    root = tmp_path / "store.db.spool"
    root.mkdir(mode=0o755)
    root.chmod(0o755)
    assert stat.S_IMODE(open_spool(root).stat().st_mode) == 0o700


def test_the_default_spool_is_beside_a_sqlite_file_and_per_database_otherwise(tmp_path, monkeypatch):
    assert default_location(f"sqlite:///{tmp_path}/a.db") == tmp_path / "a.db.spool"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    one = default_location("postgresql://postgres:secret@127.0.0.1:5432/one")
    other = default_location("postgresql://postgres@127.0.0.1:5432/other")
    assert one.parent == other.parent == tmp_path / "cache" / "storyscope" / "spool" and one != other
    assert "secret" not in str(one)


def test_a_live_server_keeps_its_slot_and_a_dead_ones_slot_is_taken_over(tmp_path):
    root = open_spool(tmp_path / "spool")
    first, second = Slots(root), Slots(root)
    assert first.own.name != second.own.name  # two live servers never share a slot
    (first.own / "job-a").mkdir()
    (first.own / "job-a" / "upload-0000").write_bytes(b"waiting")
    (second.own / "job-b").mkdir()
    second.clear([])
    assert (first.own / "job-a" / "upload-0000").exists()  # another live server's files are untouched
    assert not (second.own / "job-b").exists()

    first.release()  # the first server ends with a job still waiting, as if it had died
    third = Slots(root)
    assert set(third.locks) == {first.own.name}  # the dead server's slot, not the live one's
    assert third.own == first.own and (third.own / "job-a" / "upload-0000").exists()
    second.release()
    third.release()


def test_release_removes_empty_slots_and_the_spool_keeps_waiting_files(tmp_path):
    root = open_spool(tmp_path / "spool")
    server = Slots(root)
    waiting = server.own / "job-w"
    waiting.mkdir()
    (waiting / "upload-0000").write_bytes(b"x")
    (server.own / "job-done").mkdir()
    (root / "stray").write_bytes(b"?")
    server.clear([f"{server.own.name}/job-w"])
    server.release()
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.name != ".lock") == \
        [server.own.name, f"{server.own.name}/job-w", f"{server.own.name}/job-w/upload-0000"]
    after_restart = Slots(root)
    assert after_restart.own == server.own  # the next server takes the slot and its waiting job
    after_restart.clear([])
    after_restart.release()
    assert not root.exists()
