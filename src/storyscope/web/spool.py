"""The spool: a private directory (mode 0700) where the web app keeps accepted uploads until
their job is done, one sub-directory per job.

It lives beside a SQLite file (``<file>.spool``), in a folder per database under the user's cache
for other stores, or where the ``spool`` setting says. It is kept across restarts, because a job
accepted before a restart is resumed after it; what no waiting job owns is removed on start and
on a clean shutdown.

Several servers may share a store and a spool: each holds a slot of the spool (``slot-N``, locked
with ``flock`` while the process lives) and keeps its jobs' files there. A starting server takes
a free slot, and every slot whose server has died (its lock is free): it resumes the jobs kept
there and clears what they do not own, and never touches the slot of a server still running.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import socket
import stat
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa

from ..errors import ConfigError


def default_location(db: str) -> Path:
    """Beside the SQLite file; for other stores (or SQLite in memory) a folder per database under
    the user's cache, named by a digest of the URL without its password."""
    url = sa.make_url(db)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:" \
            and not url.database.startswith("file:"):
        return Path(url.database).resolve().with_name(Path(url.database).name + ".spool")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return cache / "storyscope" / "spool" / digest


def open_spool(location: str | os.PathLike) -> Path:
    """The spool directory, created if missing; refused when another user owns it, and made
    private (0700) when it is not."""
    root = Path(location)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = root.stat()
    if info.st_uid != os.getuid():
        raise ConfigError(f"the spool directory {root} belongs to another user")
    if stat.S_IMODE(info.st_mode) != 0o700:
        root.chmod(0o700)
    return root


def remove_if_empty(root: Path) -> None:
    try:
        root.rmdir()
    except OSError:  # not empty (a waiting job's files), or gone already
        pass


def size_of(directory: str | os.PathLike | None) -> int:
    """Bytes in the files of ``directory`` (0 when it is missing)."""
    if not directory or not os.path.isdir(directory):
        return 0
    return sum(entry.stat().st_size for entry in os.scandir(directory) if entry.is_file())


class Slots:
    """The slots of one spool that this process holds, the first of them its own for new jobs."""

    def __init__(self, root: Path):
        self.root = root
        self.identity = f"{socket.gethostname()}:{root.resolve()}"  # which jobs of the store are kept here
        self.locks: dict[str, int] = {}  # slot name -> the descriptor of its locked file
        for entry in sorted(root.glob("slot-*")):
            self._take(entry.name)  # a dead server's slot: its jobs are ours to resume
        number = 0
        while not self.locks:
            self._take(f"slot-{number}", create=True)
            number += 1
        self.own = root / next(iter(self.locks))

    def _take(self, name: str, create: bool = False) -> None:
        directory = self.root / name
        if create:
            directory.mkdir(mode=0o700, exist_ok=True)
        try:
            handle = os.open(directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:  # removed meanwhile by the server leaving it
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a live server holds it
            os.close(handle)
            return
        self.locks[name] = handle

    def clear(self, kept: Iterable[str]) -> None:
        """Remove from the held slots everything but ``kept`` (paths relative to the spool), and
        from the spool whatever is not a slot (no server owns it)."""
        keep = set(kept)
        strays = [e for e in self.root.iterdir() if not (e.name.startswith("slot-") and e.is_dir())]
        held = [e for name in self.locks for e in (self.root / name).iterdir()]
        for entry in strays + held:
            if str(entry.relative_to(self.root)) in keep or entry.name == ".lock":
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)

    def release(self) -> None:
        """Give the slots up; an empty one is removed, and the spool when no slot is left in it."""
        for name, handle in self.locks.items():
            directory = self.root / name
            if [e.name for e in directory.iterdir()] == [".lock"]:
                (directory / ".lock").unlink(missing_ok=True)
                remove_if_empty(directory)
            os.close(handle)
        self.locks.clear()
        remove_if_empty(self.root)
