"""spaCy without torch: thinc imports torch whenever it is installed, and the optional
``embeddings`` extra installs it. That costs every process that loads spaCy about a second and
180 MiB (each ingest worker, the server, every CLI command), for nothing: the spaCy pipelines
storyscope runs use thinc's numpy operations. So torch is hidden while thinc decides what it
has; the embeddings extra imports torch itself when it is switched on (compare/embeddings.py).
"""

from __future__ import annotations

import sys


def keep_torch_out_of_thinc() -> None:
    """Import thinc's compatibility table with torch unimportable, unless torch is loaded already
    (then thinc may use it: nothing is saved by hiding it)."""
    if "torch" in sys.modules or "thinc.compat" in sys.modules:
        return
    sys.modules["torch"] = None  # an ImportError for "import torch" while thinc.compat runs
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["torch"]
