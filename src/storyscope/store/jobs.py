"""Upload jobs of the web app: each job's state and its inputs and progress (JSON text), in
submission order. The web app owns what the JSON holds; the store only keeps it."""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa

from .schema import jobs

FINISHED = "done"


def save(conn: sa.Connection, job_id: str, state: str, data: dict, at: datetime) -> None:
    """Insert the job, or update its state and data when it is already kept."""
    text = json.dumps(data, ensure_ascii=False)
    updated = conn.execute(sa.update(jobs).where(jobs.c.id == job_id).values(state=state, data=text))
    if updated.rowcount == 0:
        conn.execute(sa.insert(jobs).values(id=job_id, state=state, data=text, submitted_at=at))


def get(conn: sa.Connection, job_id: str) -> dict | None:
    text = conn.scalar(sa.select(jobs.c.data).where(jobs.c.id == job_id))
    return None if text is None else json.loads(text)


def recent(conn: sa.Connection, limit: int) -> list[dict]:
    """The last ``limit`` jobs submitted, oldest first."""
    latest = sa.select(jobs.c.seq, jobs.c.data).order_by(jobs.c.seq.desc()).limit(limit).subquery()
    return [json.loads(text) for text in conn.scalars(sa.select(latest.c.data).order_by(latest.c.seq))]


def unfinished(conn: sa.Connection) -> list[dict]:
    """The jobs not done, in submission order (the order they run in)."""
    query = sa.select(jobs.c.data).where(jobs.c.state != FINISHED).order_by(jobs.c.seq)
    return [json.loads(text) for text in conn.scalars(query)]


def forget_finished(conn: sa.Connection, keep: int) -> None:
    """Delete finished jobs beyond the last ``keep`` submitted (their pages go with them)."""
    kept = sa.select(jobs.c.seq).order_by(jobs.c.seq.desc()).limit(keep).scalar_subquery()
    conn.execute(sa.delete(jobs).where(jobs.c.state == FINISHED, jobs.c.seq.not_in(kept)))
