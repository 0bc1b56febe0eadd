"""Typed settings, read once at the edges (CLI, UI, scripts) from env and `.env`.

Every variable has the `RAG_` prefix except the standard `OPENAI_API_KEY` and
`OPENAI_BASE_URL`. `RAG_HOME` moves every data path at once (tests use it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

Backend = Literal["auto", "openai", "local", "extractive"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="RAG_", env_file=".env", extra="ignore", populate_by_name=True
    )

    home: Path = Field(Path(".rag"), description="data folder: store, records, models")
    persist_dir: Path | None = Field(None, description="Chroma folder (default: HOME/store)")
    collection: str = "corpus"
    chroma_url: str | None = Field(None, description="use a Chroma server instead of a folder")

    llm: Backend = "auto"
    openai_model: str = "gpt-4o-mini"
    openai_api_key: SecretStr | None = Field(None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, validation_alias="OPENAI_BASE_URL")
    local_model: Path | None = Field(None,
                                     description="GGUF file (default: packaged Qwen2.5-Coder-1.5B)")
    timeout: float = Field(60.0, description="seconds per model call")
    max_retries: int = Field(2, description="retries per model call (3 calls at most)")
    max_tokens: int = 400
    reader_budget: int | None = Field(
        None, description="prompt tokens of candidate sentences (default: 220 local, 1500 server)"
    )

    embeddings: Literal["auto", "onnx", "onnx-int8", "torch", "openai"] = Field(
        "auto",
        description="packaged model in ONNX Runtime (8-bit or float) or torch, or an OpenAI "
        "server; auto: onnx (float) for a new index, onnx-int8 for an index built with it",
    )
    embeddings_url: str | None = Field(
        None, description="OpenAI-compatible embeddings server (default: OPENAI_BASE_URL)"
    )
    embeddings_model: str = Field("text-embedding-3-small", description="for `openai`")
    onnx_cache: Path | None = Field(
        None, description="ONNX export cache (default: ~/.cache/rag-assistant/onnx)"
    )

    top_k: int = Field(5, description="passages given to the answerer")
    chunk_size: int = 800
    chunk_overlap: int = 120
    max_question_chars: int = 4000
    max_upload_mb: float = 20.0

    host: str = "127.0.0.1"
    port: int = 7860
    auth: str | None = Field(None, description="'user:password' to protect the web UI")

    @property
    def store_dir(self) -> Path:
        return self.persist_dir or self.home / "store"

    def resolved_backend(self) -> str:
        """`auto` means OpenAI when it is configured, else the offline default."""
        if self.llm != "auto":
            return self.llm
        if self.openai_api_key or self.openai_base_url:
            return "openai"
        return "extractive"
