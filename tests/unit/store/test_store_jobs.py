"""The web app's upload jobs in the store, on each backend: kept across opening the store again,
listed in submission order, the unfinished ones apart, old finished ones forgotten."""

from __future__ import annotations

from storyscope.store import Store


def _data(job_id: str, state: str, n: int) -> dict:
    return {"id": job_id, "state": state, "inputs": [f"file-{n}.txt"], "note": "ünïcode"}


def test_jobs_are_kept_in_submission_order_and_updated_in_place(store_url):
    with Store.open(store_url) as store:
        for n, job_id in enumerate(["c3", "a1", "b2"]):  # ids in no order: submission decides
            store.save_job(job_id, "queued", _data(job_id, "queued", n))
        store.save_job("a1", "done", _data("a1", "done", 9))
    with Store.open(store_url) as store:  # another process's view
        assert [d["id"] for d in store.recent_jobs(10)] == ["c3", "a1", "b2"]
        assert store.job("a1") == _data("a1", "done", 9)
        assert [d["id"] for d in store.unfinished_jobs()] == ["c3", "b2"]
        assert [d["id"] for d in store.recent_jobs(2)] == ["a1", "b2"]  # the last two, oldest first
        assert store.job("ffff") is None


def test_finished_jobs_beyond_the_kept_number_are_forgotten_and_waiting_ones_never(store_url):
    with Store.open(store_url) as store:
        store.save_job("w0", "queued", _data("w0", "queued", 0))
        for n in range(1, 6):
            store.save_job(f"d{n}", "done", _data(f"d{n}", "done", n))
        store.save_job("d6", "done", _data("d6", "done", 6), keep=3)
        assert [d["id"] for d in store.recent_jobs(10)] == ["w0", "d4", "d5", "d6"]
        assert [d["id"] for d in store.unfinished_jobs()] == ["w0"]
