"""The Assistant with fast fakes (hash embeddings, scripted chat model) and a real Chroma."""

from pathlib import Path

import pytest
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from rag import Answer, Assistant, RagError
from tests.conftest import ARTICLE, HashEmbeddings


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.md").write_text(
        "# Alpha\n\nThe alpha reactor runs on thorium. It was built in 1999.\n"
    )
    (folder / "b.txt").write_text("Bravo notes.\n\nThe bravo bridge is painted red.\n")
    return folder


def test_ingest_is_idempotent_and_tracks_changes(tmp_path: Path) -> None:
    emb = HashEmbeddings()
    bot = Assistant(persist_dir=tmp_path / "s", embeddings=emb, llm="extractive")
    docs = _corpus(tmp_path / "docs")
    first = bot.ingest([docs])
    assert len(first.added) == 2 and first.chunks_embedded == 2
    calls = emb.embedded

    again = bot.ingest([docs])
    assert len(again.unchanged) == 2 and again.chunks_embedded == 0
    assert emb.embedded == calls, "an unchanged corpus must embed nothing"

    (docs / "b.txt").write_text("Bravo notes.\n\nThe bravo bridge is painted blue now.\n")
    changed = bot.ingest([docs])
    assert [Path(p).name for p in changed.updated] == ["b.txt"]
    assert changed.chunks_embedded == 1 and changed.chunks_deleted == 1
    assert bot.store.count() == 2

    (docs / "a.md").unlink()
    pruned = bot.ingest([docs], prune=True)
    assert [Path(p).name for p in pruned.removed] == ["a.md"]
    assert bot.store.count() == 1
    assert [Path(d.source).name for d in bot.documents()] == ["b.txt"]


def test_bad_file_in_folder_is_skipped_but_named_file_is_an_error(tmp_path: Path) -> None:
    bot = Assistant(persist_dir=tmp_path / "s", embeddings=HashEmbeddings(), llm="extractive")
    docs = _corpus(tmp_path / "docs")
    (docs / "bad.pdf").write_bytes(b"%PDF-1.4 broken")
    report = bot.ingest([docs])
    assert len(report.added) == 2
    assert [Path(p).name for p, _ in report.skipped] == ["bad.pdf"]
    with pytest.raises(RagError, match="bad.pdf"):
        bot.ingest([docs / "bad.pdf"])
    assert bot.store.count() == 2, "a failed ingest must not lose what is stored"


def test_store_folder_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    bot = Assistant(persist_dir=blocker / "store", embeddings=HashEmbeddings(), llm="extractive")
    with pytest.raises(RagError, match="store folder is not writable"):
        bot.ingest([ARTICLE])


@pytest.mark.parametrize(("question", "message"), [("", "empty"), ("   \n", "empty"),
                                                    ("x" * 100_000, "too long")])
def test_bad_questions(fake_bot: Assistant, question: str, message: str) -> None:
    with pytest.raises(RagError, match=message):
        fake_bot.ask(question)


def test_asking_an_empty_index_says_so(fake_bot: Assistant) -> None:
    with pytest.raises(RagError, match="index is empty"):
        fake_bot.ask("anything?")


def test_chat_model_answer_is_verified_and_cited(tmp_path: Path) -> None:
    """A scripted model answers with one true and one invented sentence."""
    model = GenericFakeChatModel(messages=iter([AIMessage(
        "Keith Kellogg, a prominent defence adviser, was excluded [1]. "
        "He resigned in protest the next morning [1]."
    )]))
    bot = Assistant(persist_dir=tmp_path / "s", embeddings=HashEmbeddings(), chat_model=model)
    bot.ingest([ARTICLE])
    events = list(bot.stream("Which adviser was excluded from the process?"))
    assert all(isinstance(e, str) for e in events[:-1]) and len(events) > 2, "tokens stream first"
    answer = events[-1]
    assert isinstance(answer, Answer) and not answer.abstained
    assert [c.supported for c in answer.claims] == [True, False]
    (cite,) = answer.citations
    assert "Keith Kellogg" in cite.quote
    assert ARTICLE.read_text(encoding="utf-8")[cite.start : cite.end] == cite.quote
    assert "resigned" not in answer.text


def test_store_refuses_a_second_embedding_model(tmp_path: Path) -> None:
    Assistant(persist_dir=tmp_path / "s", embeddings=HashEmbeddings()).ingest([ARTICLE])
    other = HashEmbeddings()
    other.model_name = "another-model"
    with pytest.raises(RagError, match="built with embedding model 'test-hash'"):
        Assistant(persist_dir=tmp_path / "s", embeddings=other).ingest([ARTICLE])


def test_reingest_of_large_documents_embeds_nothing(tmp_path: Path, monkeypatch) -> None:
    """Documents bigger than one indexing batch must not be partly deleted and re-embedded
    (LangChain's incremental cleanup runs per batch). The file-digest shortcut is cleared so
    the chunk-level path is what is tested."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(2):
        (docs / f"big{i}.md").write_text(
            "\n\n".join(f"Paragraph {j} of {i}. " * 12 for j in range(600))
        )
    emb = HashEmbeddings()
    bot = Assistant(persist_dir=tmp_path / "s", embeddings=emb)
    first = bot.ingest([docs])
    assert first.chunks_embedded > 256
    bot.store.files.delete_keys(bot.store.files.list_keys())
    calls = emb.embedded
    again = bot.ingest([docs])
    assert again.chunks_embedded == 0 and emb.embedded == calls
    assert bot.store.count() == first.chunks_embedded


def test_document_larger_than_chromas_max_batch(tmp_path: Path) -> None:
    """One file with more chunks than Chroma takes in one add (5,461) still indexes."""
    big = tmp_path / "huge.txt"
    big.write_text("\n\n".join(f"Entry {i}: token{i} value." for i in range(6000)))
    bot = Assistant(persist_dir=tmp_path / "s", embeddings=HashEmbeddings(), llm="extractive")
    bot.settings = bot.settings.model_copy(update={"chunk_size": 40, "chunk_overlap": 0})
    report = bot.ingest([big])
    assert report.chunks_embedded == bot.store.count() > 5461
    assert any("token5999" in p.text for p in bot.retrieve("token5999", k=2))


def test_unknown_backend_is_a_clear_error() -> None:
    with pytest.raises(RagError, match="unknown backend 'gpt5'"):
        Assistant(llm="gpt5")
