"""Embedding backends with real parts: the packaged model in ONNX Runtime against torch,
the export cache, and a real OpenAI-compatible embeddings server (llama.cpp) on loopback
against the store's one-model-per-index rule. No fakes here."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import onnx
import pytest

from rag import Assistant, RagError, Settings
from rag.embeddings import (
    INT8_NAME,
    MODEL_NAME,
    OnnxEmbeddings,
    embedding_identity,
    onnx_embeddings,
    packaged_embeddings,
    server_embeddings,
)
from rag.onnx_export import int8_kernel, int8_kernels_agree
from tests.conftest import ARTICLE, ROOT

pytestmark = pytest.mark.slow

QUESTION = "What did Trump say about the dollar?"
SENTENCES = [
    "Trump said he and Putin discussed the strength of the US dollar.",
    "Keith Kellogg was left out of the process.",
    "",  # an empty chunk still gets a vector: [CLS] [SEP]
    "Ünïcode, accents and ligatures: ﬁne café naïve.",
    "short",
    " ".join(["A sentence long enough to be truncated at 256 tokens."] * 60),
]


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b)) / math.sqrt(
        sum(x * x for x in a) * sum(y * y for y in b)
    )


def test_onnx_vectors_match_torch() -> None:
    """The ONNX export is the same function as sentence-transformers: batches of mixed
    lengths (padding), an empty string and a text past the 256-token limit included."""
    onnx = onnx_embeddings()
    assert isinstance(onnx, OnnxEmbeddings), "the export failed and fell back to torch"
    torch = packaged_embeddings()
    got, want = onnx.embed_documents(SENTENCES), torch.embed_documents(SENTENCES)
    assert len(got) == len(SENTENCES) and all(len(v) == 384 for v in got)
    for text, a, b in zip(SENTENCES, got, want):
        assert _cosine(a, b) >= 0.9999, text
        assert abs(math.fsum(x * x for x in a) - 1.0) < 1e-5  # normalised
    assert _cosine(onnx.embed_query(QUESTION), torch.embed_query(QUESTION)) >= 0.9999
    assert embedding_identity(onnx) == embedding_identity(torch) == MODEL_NAME


def test_onnx_and_torch_retrieve_alike_and_share_an_index(tmp_path: Path) -> None:
    """Golden: the dollar question's best chunk is the paragraph about the Trump-Putin call
    ("... and the strength of the US dollar"), whichever runtime embeds. Dense ranks of
    every chunk agree, and a store built with torch is used by ONNX without re-embedding."""
    torch_bot = Assistant(Settings(home=tmp_path, embeddings="torch", _env_file=None),
                          llm="extractive")
    first = torch_bot.ingest([ROOT / "corpus"])
    assert first.chunks_embedded > 0
    n = torch_bot.store.count()
    torch_dense = torch_bot.store.dense(QUESTION, n)
    torch_top = torch_bot.retrieve(QUESTION, k=3)
    torch_bot.close()

    onnx_bot = Assistant(Settings(home=tmp_path, embeddings="onnx", _env_file=None),
                         llm="extractive")
    assert isinstance(onnx_bot.embeddings, OnnxEmbeddings)
    again = onnx_bot.ingest([ROOT / "corpus"])  # same identity: the index is accepted
    assert again.chunks_embedded == 0
    onnx_dense = onnx_bot.store.dense(QUESTION, n)
    assert [c.id for c, _ in onnx_dense] == [c.id for c, _ in torch_dense]
    assert all(abs(a - b) < 1e-4 for (_, a), (_, b) in zip(onnx_dense, torch_dense))
    onnx_top = onnx_bot.retrieve(QUESTION, k=3)
    assert [p.text for p in onnx_top] == [p.text for p in torch_top]
    assert "strength of the US dollar" in onnx_top[0].text
    onnx_bot.close()


def test_int8_model_is_quantized_and_never_shares_its_index(tmp_path: Path) -> None:
    """RAG_EMBEDDINGS=onnx-int8: really 8-bit, vectors near the float model's but not equal,
    the same best chunk for the dollar question, the kernel path recorded in the index, and a
    different identity: a float-built index refuses it in one line and keeps what it holds.

    How near depends on the CPU (the kernel path, docs/performance.md): worst cosine 0.980
    with AVX-512 VNNI, 0.965 on an AVX2-only EPYC (issue 18), so the bound is only "the same model".
    """
    cache = tmp_path / "onnx-cache"
    fp32, int8 = onnx_embeddings(cache), onnx_embeddings(cache, int8=True)
    assert isinstance(int8, OnnxEmbeddings) and int8.model_file.name == "model-int8.onnx"
    graph = {n.op_type for n in onnx.load(str(int8.model_file)).graph.node}
    assert {"MatMulInteger", "DynamicQuantizeLinear"} <= graph  # really quantized
    assert "QAttention" in graph and "Attention" not in graph  # the QKV products too
    for a, b in zip(fp32.embed_documents(SENTENCES), int8.embed_documents(SENTENCES)):
        assert 0.8 <= _cosine(a, b) < 0.99999
    assert embedding_identity(int8) == INT8_NAME != embedding_identity(fp32)
    assert int8.kernel == int8_kernel() and fp32.kernel == ""

    settings = {"home": tmp_path / "home", "onnx_cache": cache, "_env_file": None}
    quantized = Assistant(Settings(embeddings="onnx-int8", **settings), llm="extractive")
    quantized.ingest([ROOT / "corpus"])
    assert "strength of the US dollar" in quantized.retrieve(QUESTION, k=3)[0].text
    stored = quantized.store.count()
    assert quantized.store.collection.metadata["embedding_kernel"] == int8_kernel()
    quantized.close()
    float_bot = Assistant(Settings(embeddings="onnx", **settings), llm="extractive")
    with pytest.raises(RagError) as refused:
        float_bot.ingest([ROOT / "corpus"])
    message = str(refused.value)
    assert "\n" not in message and INT8_NAME in message
    float_bot.close()
    again = Assistant(Settings(embeddings="onnx-int8", **settings), llm="extractive")
    assert again.store.count() == stored
    again.close()


def test_auto_picks_float_for_a_new_index_and_int8_for_an_int8_index(tmp_path: Path) -> None:
    """RAG_EMBEDDINGS=auto (the default): a new store gets the float model, whose vectors are
    the same on every CPU; a store built by the 8-bit model (an earlier version's default)
    is opened with the 8-bit model, so upgrading never locks a user out of an index, and
    nothing is re-embedded."""
    cache = tmp_path / "onnx-cache"
    fresh = Assistant(Settings(home=tmp_path / "a", onnx_cache=cache, _env_file=None),
                      llm="extractive")
    assert embedding_identity(fresh.embeddings) == MODEL_NAME
    assert "embedding_kernel" not in fresh.store.collection.metadata
    fresh.close()

    old = {"home": tmp_path / "b", "onnx_cache": cache, "_env_file": None}
    built = Assistant(Settings(embeddings="onnx-int8", **old), llm="extractive")
    first = built.ingest([ROOT / "corpus"])
    built.close()
    upgraded = Assistant(Settings(**old), llm="extractive")  # auto
    assert embedding_identity(upgraded.embeddings) == INT8_NAME
    assert upgraded.ingest([ROOT / "corpus"]).chunks_embedded == 0 < first.chunks_embedded
    assert "strength of the US dollar" in upgraded.retrieve(QUESTION, k=3)[0].text
    upgraded.close()


def test_int8_kernel_paths_golden() -> None:
    """Golden, for any CPU: which MLAS path /proc/cpuinfo's flags select, and which pairs
    give the 8-bit model the same vectors (the 32-bit VNNI/AMX sums, exact, vs AVX2's
    saturating 16-bit pair sums)."""
    assert int8_kernel({"avx2", "avx512f", "avx512bw", "avx512_vnni"}) == "avx512-vnni"
    assert int8_kernel({"avx2", "avx512f", "avx512bw"}) == "avx512bw-u8s8"
    assert int8_kernel({"avx2", "avx_vnni"}) == "avx-vnni"
    assert int8_kernel({"avx2"}) == "avx2-u8s8" and int8_kernel(set()) == "sse"
    assert int8_kernel({"avx2", "avx512bw", "avx512_vnni", "amx_int8", "amx_tile"}) == "amx"
    assert int8_kernels_agree("avx512-vnni", "avx-vnni")
    assert not int8_kernels_agree("avx512-vnni", "avx2-u8s8")
    assert int8_kernels_agree("avx2-u8s8", "avx2-u8s8")


class _Quantized:
    """Stands in for the 8-bit model in the store: a name and a kernel path, hashed vectors."""

    def __init__(self, kernel: str) -> None:
        from tests.conftest import HashEmbeddings

        self.inner, self.kernel = HashEmbeddings(), kernel

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


@pytest.mark.parametrize("other", ["same", "differing"])
def test_an_int8_index_from_another_kernel_path_is_warned_about_in_one_line(
    tmp_path: Path, capsys, other: str
) -> None:
    """The store records the kernel path that built an 8-bit index; opened where the path
    gives other vectors (VNNI vs AVX2's u8s8) it says so in one line on stderr, and opened
    on the same path, nothing. Whatever this machine's CPU: the other side is chosen from it."""
    from rag.store import ChunkStore

    here = int8_kernel()
    exact = int8_kernels_agree(here, "avx512-vnni")
    built = here if other == "same" else "avx2-u8s8" if exact else "avx512-vnni"
    first = ChunkStore(tmp_path, _Quantized(built), embedding_model=INT8_NAME)
    assert first.collection.metadata["embedding_kernel"] == built
    first.close()
    capsys.readouterr()
    again = ChunkStore(tmp_path, _Quantized(here), embedding_model=INT8_NAME)
    again.close()
    err = capsys.readouterr().err
    if other == "differing":
        assert err.startswith("warning: this 8-bit index was built with ONNX Runtime's ")
        assert err.count("\n") == 1 and built in err and here in err
        assert "RAG_EMBEDDINGS=onnx" in err
    else:
        assert err == ""


def test_export_is_cached_atomically_and_offline(tmp_path: Path) -> None:
    """A fresh cache folder: the first load exports (hub offline, any network attempt would
    hit a dead proxy), leaves one finished file and no temporary folder; the second load
    reuses it without importing torch."""
    cache = tmp_path / "onnx-cache"
    script = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from rag.embeddings import load_onnx_embeddings\n"
        "t = time.perf_counter()\n"
        "e = load_onnx_embeddings(Path(sys.argv[1]))\n"
        "print(json.dumps({'file': str(e.model_file), 'torch': 'torch' in sys.modules,\n"
        "  'seconds': time.perf_counter() - t, 'v': e.embed_query('hello')[:4]}))\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT),
           "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}

    def load() -> dict:
        out = subprocess.run([sys.executable, "-c", script, str(cache)], env=env, check=False,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr[-2000:]
        return json.loads(out.stdout.strip().splitlines()[-1])

    first = load()
    model = Path(first["file"])
    assert model.is_file() and model.parent.parent == cache
    assert [p.name for p in cache.rglob("*") if p.is_file()] == ["model.onnx"]
    assert not list(cache.glob(".export-*"))
    stamp = model.stat().st_mtime_ns
    second = load()
    assert second["file"] == first["file"] and model.stat().st_mtime_ns == stamp
    assert not second["torch"], "a cached export runs without torch"
    assert all(abs(a - b) < 1e-6 for a, b in zip(first["v"], second["v"]))


def test_damaged_cache_file_is_exported_again(tmp_path: Path) -> None:
    """A cache file that is not a model (disk trouble, a hand edit) is replaced, not
    trusted and not a reason to give up on ONNX."""
    from rag.embeddings import load_onnx_embeddings

    first = load_onnx_embeddings(tmp_path)
    first.model_file.write_bytes(b"not an onnx model")
    again = load_onnx_embeddings(tmp_path)
    assert again.model_file == first.model_file and again.model_file.stat().st_size > 10**7
    assert _cosine(again.embed_query(QUESTION), first.embed_query(QUESTION)) >= 0.9999


def test_failed_export_falls_back_to_torch_with_one_line(tmp_path: Path, capsys) -> None:
    """A cache folder that cannot be created (its parent is a file) is a real export
    failure: the torch model is used instead and stderr says so in one line."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    emb = onnx_embeddings(blocker / "cache")
    assert emb is packaged_embeddings()
    err = capsys.readouterr().err.strip()
    assert err.startswith("warning: ONNX embeddings unavailable") and "\n" not in err
    assert err.endswith("using torch")
    assert emb.embed_query("hello") and embedding_identity(emb) == MODEL_NAME


# --- a real OpenAI-compatible embeddings server -------------------------------------------
@pytest.fixture(scope="module")
def embedding_server(tmp_path_factory: pytest.TempPathFactory):
    """llama.cpp's server (the xllamacpp wheel) with /v1/embeddings on, serving the
    packaged Gemma 3 270M GGUF with mean pooling, on a free loopback port."""
    import xllamacpp

    from rag.llm import free_port, packaged_model_path

    params = xllamacpp.CommonParams()
    params.model.path = str(packaged_model_path(tmp_path_factory.mktemp("models")))
    params.hostnames = ["127.0.0.1"]
    params.port = free_port()
    params.n_ctx = 2048
    params.n_batch = params.n_ubatch = 2048  # an input must fit one micro-batch
    params.n_parallel = 1
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = 2
    params.embedding = True
    params.pooling_type = xllamacpp.llama_pooling_type.LLAMA_POOLING_TYPE_MEAN
    params.verbosity = -1
    server = xllamacpp.Server(params)
    yield server.listening_address.rstrip("/") + "/v1"
    del server  # the C++ destructor stops the server threads


def test_server_embeddings_build_an_index_that_refuses_the_packaged_model(
    embedding_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ingest through RAG_EMBEDDINGS=openai, retrieve, then open the same store with the
    default embeddings: a one-line error naming both models, and nothing is lost."""
    monkeypatch.setenv("RAG_EMBEDDINGS", "openai")
    monkeypatch.setenv("RAG_EMBEDDINGS_URL", embedding_server)
    monkeypatch.setenv("RAG_EMBEDDINGS_MODEL", "gemma3-270m")
    bot = Assistant(Settings(_env_file=None), llm="extractive")
    vector = bot.embeddings.embed_query(QUESTION)
    assert len(vector) == 640  # Gemma 3 270M's width: the server really embedded it
    report = bot.ingest([ARTICLE])
    assert report.chunks_embedded > 0
    passages = bot.retrieve(QUESTION, k=3)
    assert passages and all(p.text for p in passages)
    stored = bot.store.count()
    served = "openai:gemma3-270m@127.0.0.1"
    assert embedding_identity(bot.embeddings) == served
    bot.close()

    monkeypatch.delenv("RAG_EMBEDDINGS")
    other = Assistant(Settings(_env_file=None), llm="extractive")
    with pytest.raises(RagError) as refused:
        other.ingest([ARTICLE])
    message = str(refused.value)
    assert "\n" not in message and served in message and MODEL_NAME in message

    monkeypatch.setenv("RAG_EMBEDDINGS", "openai")
    back = Assistant(Settings(_env_file=None), llm="extractive")
    assert back.store.count() == stored
    assert back.retrieve(QUESTION, k=3)[0].text == passages[0].text
    back.close()


def test_unreachable_embeddings_server_is_a_one_line_error() -> None:
    """Nothing listens on the port: ingest-time and question-time calls both say which
    server failed, in one line, instead of a client traceback."""
    from rag.llm import free_port

    url = f"http://127.0.0.1:{free_port()}/v1"
    settings = Settings(embeddings="openai", embeddings_url=url, max_retries=0, timeout=5,
                        _env_file=None)
    emb = server_embeddings(settings)
    for call in (lambda: emb.embed_documents(["a", "b"]), lambda: emb.embed_query("a")):
        with pytest.raises(RagError) as failed:
            call()
        assert str(failed.value).startswith(f"embeddings server {url} failed: ")
        assert "\n" not in str(failed.value)
    with pytest.raises(RagError, match="needs RAG_EMBEDDINGS_URL or OPENAI_API_KEY"):
        server_embeddings(Settings(embeddings="openai", _env_file=None))


def test_the_answerer_scores_a_sentence_the_same_whatever_was_asked_before():
    """8-bit activations are scaled per batch: batched, a sentence's vector depends on its
    batch-mates, so answers would depend on the cache's history. Embedded alone, they don't."""
    from rag.embeddings import dot, onnx_embeddings
    from rag.extractive import ExtractiveAnswerer

    model = onnx_embeddings(int8=True)
    question = "How did Trump describe his conversation with Putin?"
    sentence = "The former president characterised the conversation as “long and productive.”"
    others = ["Ukraine’s response was notably muted.", "word " * 120]
    batched = model.embed_documents([question, sentence, *others])
    assert dot(batched[1], model.embed_documents([sentence])[0]) < 0.9999  # the effect is real
    fresh, warmed = (
        ExtractiveAnswerer(model.embed_documents),
        ExtractiveAnswerer(model.embed_documents),
    )
    warmed._similarities("An unrelated question?", others)  # other sentences cached first
    assert fresh._similarities(question, [sentence, *others]) == warmed._similarities(
        question, [sentence, *others]
    )
