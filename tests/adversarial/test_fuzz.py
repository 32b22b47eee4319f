"""A short run of the fuzzer (bench/fuzz.py runs it at volume): every reader and ingest, 0 crashes.

The same library function as the bench, with the same seeded inputs, for a few dozen inputs per
reader and a few through ingest; then that its shards resume and add up, and that what it counts as
a crash (an exception outside the input errors, a hang past the deadline, memory past the cap, a
worker that dies) is counted, on targets planted to do each.
"""

from __future__ import annotations

import json
import os
import re
import time

import pytest

from reliability.mixed_load import bench_module

fuzz = bench_module("fuzz")

SEED = 15
PER_READER = 12
INGESTS = 3


@pytest.fixture(scope="module")
def pool():
    return fuzz.build_pool()


def test_a_short_run_of_every_reader_and_ingest_finds_no_crash(pool, tmp_path):
    goals = {name: PER_READER for name in fuzz.READERS} | {"ingest": INGESTS}
    result = fuzz.run_shard(seed=SEED, shard=0, shards=1, goals=goals, state_path=tmp_path / "shard-0.json", pool=pool)
    crashes = {name: entry["crash_list"] for name, entry in result.state["targets"].items() if entry["crashes"]}
    assert crashes == {}
    assert result.finished and result.inputs == goals
    for name, entry in result.state["targets"].items():
        assert entry["read"] + entry["refused"] == goals[name], name
        assert entry["slowest"]["seconds"] < fuzz.DEADLINE
        assert 0 < entry["peak_rss_mb"] < fuzz.MEMORY_MB
    assert sum(entry["read"] for entry in result.state["targets"].values()) > 0  # not everything refused


def test_inputs_are_the_same_on_every_run(pool):
    assert fuzz.pool_digest(fuzz.build_pool()) == fuzz.pool_digest(pool)  # random bytes, paths, gzip times fixed
    for name in ("html", "bytes", "sidecar"):
        first = [fuzz.make_case(SEED, name, number, pool) for number in range(20)]
        assert [fuzz.make_case(SEED, name, number, pool) for number in range(20)] == first
        assert len({case.data for case in first}) > 15  # and they differ from each other
        assert {case.origin == "generated" for case in first} == {True, False}  # drawn and mutated


def test_shards_resume_and_their_counts_add_up(pool, tmp_path):
    goals = {"json": 9, "gzip": 7}
    for shard in (0, 1):
        path = tmp_path / f"shard-{shard}.json"
        first = fuzz.run_shard(seed=SEED, shard=shard, shards=2, goals=goals, state_path=path, pool=pool,
                               seconds=0)  # stops before the first input: nothing run, state written
        assert first.inputs == {} and not first.finished
        done = fuzz.run_shard(seed=SEED, shard=shard, shards=2, goals=goals, state_path=path, pool=pool)
        assert done.finished
        again = fuzz.run_shard(seed=SEED, shard=shard, shards=2, goals=goals, state_path=path, pool=pool)
        assert again.inputs == {} and again.finished  # a finished shard does nothing
    totals = fuzz.totals(tmp_path / "shard-0.json")
    assert {name: t["inputs"] for name, t in totals.items()} == goals  # 5 + 4 and 4 + 3
    assert json.loads((tmp_path / "shard-1.json").read_text())["targets"]["json"]["next"] == 4
    more = fuzz.run_shard(seed=SEED, shard=0, shards=2, goals={"json": 13, "gzip": 7},
                          state_path=tmp_path / "shard-0.json", pool=pool)
    assert more.inputs == {"json": 2}  # numbers 10 and 12: a larger goal continues where it stopped


def raises(case):
    raise ValueError("a reader bug")


def refuses(case):
    from storyscope.errors import MalformedInput

    raise MalformedInput("not readable")


def hangs(case):
    time.sleep(30)


def hogs(case):
    return [b"x" * (300 * 1024 * 1024)]  # 300 MiB, every page touched


def dies(case):
    os.abort()


def test_what_the_fuzzer_counts_as_a_crash(pool, tmp_path):
    targets = {"raises": raises, "refuses": refuses, "hangs": hangs, "hogs": hogs, "dies": dies}
    goals = {name: 2 for name in targets}
    # a worker is a fork of this process (in the whole suite, large): the cap is 200 MiB above its size
    with open("/proc/self/status", encoding="ascii") as status:
        resident_mb = int(re.search(r"VmRSS:\s+(\d+)", status.read())[1]) // 1024
    result = fuzz.run_shard(seed=SEED, shard=0, shards=1, goals=goals, state_path=tmp_path / "planted.json",
                            pool=pool, targets=targets, deadline=1.0, memory_mb=resident_mb + 200)
    entries = result.state["targets"]
    assert {name: e["crashes"] for name, e in entries.items()} == {"raises": 2, "refuses": 0, "hangs": 2, "hogs": 2,
                                                                    "dies": 2}
    assert entries["refuses"]["refused"] == 2
    assert entries["raises"]["crash_list"][0]["detail"].startswith("ValueError: a reader bug")
    hang = entries["hangs"]["crash_list"][0]["detail"]
    assert hang.startswith("hang: no outcome after 1 s")
    assert "where it was" in hang and re.search(r'line \d+ in hangs\b', hang)  # the worker's own stack
    # past the cap: measured (its peak) or stopped by the address-space backstop on the way
    assert entries["hogs"]["crash_list"][0]["detail"].startswith(("memory: peak ", "MemoryError"))
    assert entries["dies"]["crash_list"][0]["detail"].startswith("died: exit -6")
    assert result.crashes == 8


def test_a_crash_that_no_longer_happens_is_marked_fixed(pool, tmp_path):
    path = tmp_path / "shard-0.json"
    fuzz.run_shard(seed=SEED, shard=0, shards=1, goals={"json": 3}, state_path=path, pool=pool, targets={"json": raises})
    assert fuzz.recheck(state_path=path, pool=pool, targets={"json": raises}) == {"json": 3}  # still crashing
    assert fuzz.recheck(state_path=path, pool=pool, targets={"json": refuses}) == {"json": 0}  # "mended"
    entry = json.loads(path.read_text())["targets"]["json"]
    assert (entry["crashes"], entry["refused"], entry["crash_list"]) == (0, 3, [])
    assert [f["number"] for f in entry["fixed"]] == [0, 1, 2] and {f["now"] for f in entry["fixed"]} == {"refused"}


def test_a_pool_from_a_commit_is_that_commits_seed_files(pool):
    """``--pool-commit``: the pool as the seed files were at a commit, so a run resumes after the
    tree's corpora change. At HEAD it is the tree's own pool when those folders are unchanged."""
    import subprocess

    changed = subprocess.run(["git", "-C", str(fuzz.ROOT), "status", "--porcelain", "--", *fuzz.POOL_PATHS],
                             capture_output=True, text=True, check=True).stdout
    at_head = fuzz.build_pool("HEAD")
    assert [seed.name for seed in at_head] == [seed.name for seed in pool] or changed
    if not changed:
        assert fuzz.pool_digest(at_head) == fuzz.pool_digest(pool)
    with pytest.raises(subprocess.CalledProcessError):
        fuzz.build_pool("no-such-commit")
