"""The spool: a private directory (mode 0700) where the web app keeps accepted uploads until
their job is done, one sub-directory per job.

It lives beside a SQLite file (``<file>.spool``), in a folder per database under the user's cache
for other stores, or where the ``spool`` setting says. It is kept across restarts, because a job
accepted before a restart is resumed after it; what no waiting job owns is removed on start and
on a clean shutdown.
"""

from __future__ import annotations

import hashlib
import os
import shutil
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


def clear_except(root: Path, kept: Iterable[str]) -> None:
    """Remove everything in the spool but the entries named in ``kept`` (the directories of
    jobs still waiting), then the spool itself when nothing is left in it."""
    keep = set(kept)
    for entry in root.iterdir():
        if entry.name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    remove_if_empty(root)


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
