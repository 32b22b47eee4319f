"""spaCy without torch: thinc imports torch whenever it is installed, and the optional
``embeddings`` extra installs it. That costs every process that loads spaCy about a second and
180 MiB (each ingest worker, the server, every CLI command), for nothing: the spaCy pipelines
storyscope runs use thinc's numpy operations. So torch is hidden while thinc decides what it
has; the embeddings extra imports torch itself when it is switched on (compare/embeddings.py).

``hide_torch_from_thinc()`` costs nothing at start-up: it only watches for thinc's compatibility
table being imported (by spaCy, whenever that happens) and hides torch while it runs, so commands
that never load spaCy (``--help``, listings) do not pay for importing thinc.
"""

from __future__ import annotations

import importlib.abc
import sys

_WATCHED = "thinc.compat"


def keep_torch_out_of_thinc() -> None:
    """Import thinc's compatibility table now with torch unimportable, unless torch is loaded
    already (then thinc may use it: nothing is saved by hiding it)."""
    if "torch" in sys.modules or _WATCHED in sys.modules:
        return
    sys.modules["torch"] = None  # an ImportError for "import torch" while thinc.compat runs
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["torch"]


class _TorchlessLoader(importlib.abc.Loader):
    """Runs thinc.compat's own loader with torch unimportable."""

    def __init__(self, loader: importlib.abc.Loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        if "torch" in sys.modules:
            self.loader.exec_module(module)
            return
        sys.modules["torch"] = None
        try:
            self.loader.exec_module(module)
        finally:
            del sys.modules["torch"]


class _WatchForThinc(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != _WATCHED:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _TorchlessLoader(spec.loader)
                return spec
        return None


def hide_torch_from_thinc() -> None:
    """From now on, whoever imports thinc.compat first imports it without torch."""
    if _WATCHED not in sys.modules and not any(isinstance(f, _WatchForThinc) for f in sys.meta_path):
        sys.meta_path.insert(0, _WatchForThinc())
