"""Integration: the packaged embedding model, a real Chroma store, real model servers.

These assert on content: the right fact, the right passage, offsets that slice the
document to exactly the quote.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rag import Assistant, Settings
from tests.conftest import ARTICLE, ROOT

pytestmark = pytest.mark.slow


def _check_offsets(answer, text: str) -> None:
    for c in answer.citations:
        assert text[c.start : c.end] == c.quote


def test_excluded_adviser_is_kellogg_with_exact_offsets(
    real_bot: Assistant, article_text: str
) -> None:
    answer = real_bot.ask("Which adviser was excluded from the process?")
    assert not answer.abstained and "Keith Kellogg" in answer.text
    assert any("Keith Kellogg" in c.quote for c in answer.citations)
    _check_offsets(answer, article_text)
    assert "[1]" in answer.text


def test_retrieve_returns_kellogg_passage_first(real_bot: Assistant, article_text: str) -> None:
    passages = real_bot.retrieve("Keith Kellogg", k=3)
    assert len(passages) == 3 and "Keith Kellogg" in passages[0].text
    for p in passages:
        assert article_text[p.start : p.end] == p.text
    assert passages[0].score >= passages[1].score >= passages[2].score


def test_a_date_question_retrieves_the_passage_with_the_date(
    real_bot: Assistant, article_text: str
) -> None:
    """Fused at rank 6 (the question shares no word with the article's opening); answer-kind
    re-ordering brings the one passage with a date into the five, and the answer names it."""
    question = "On what date did the events the article describes take place?"
    passages = real_bot.retrieve(question, k=5)
    assert any("On 12 February 2025" in p.text for p in passages)
    answer = real_bot.ask(question)
    assert "12 February 2025" in answer.text
    assert any(c.quote.startswith("On 12 February 2025") for c in answer.citations)
    _check_offsets(answer, article_text)


@pytest.mark.parametrize("question", ["What is this article about?", "Summarize the document"])
def test_what_the_article_is_about_is_answered_by_its_opening(
    real_bot: Assistant, article_text: str, question: str
) -> None:
    """No sentence matches "article" or "about": it was declined. Its opening answers it."""
    answer = real_bot.ask(question)
    assert not answer.abstained
    assert answer.citations[0].quote.startswith(
        "On 12 February 2025, the international community witnessed"
    )
    assert answer.citations[-1].quote.startswith("Two key developments underscored this perception")
    _check_offsets(answer, article_text)


def test_what_is_a_term_finds_its_glossary_entry(tmp_path: Path, real_bot: Assistant) -> None:
    """Sixteen how-tos say "coroutine" more often than the glossary, whose entry is fused below
    the five; the chunks nearest the bare term hold it, and the answer quotes it."""
    topics = ["tasks", "event loops", "timeouts", "cancellation", "queues", "streams",
              "subprocesses", "locks", "semaphores", "events", "futures", "threads", "signals",
              "sockets", "pipes", "barriers"]
    for i, topic in enumerate(topics):
        (tmp_path / f"howto{i}.md").write_text(
            f"# Coroutines and {topic}\n\nA coroutine that works with {topic} is declared with "
            "async def. Await the coroutine to run it; calling a coroutine function returns a "
            "coroutine object, and nothing runs until the coroutine is awaited or wrapped in a "
            f"task. Coroutines that use {topic} should not block the loop.\n")
    entries = {
        "awaitable": "An object that can be used in an await expression.",
        "BDFL": "Benevolent Dictator For Life, a.k.a. Guido van Rossum, Python’s creator.",
        "binary file": "A file object able to read and write bytes-like objects.",
        "callback": "A subroutine function which is passed as an argument to be executed in "
                    "the future.",
        "class": "A template for creating user-defined objects.",
        "coroutine": "Coroutines are a more generalized form of subroutines. Subroutines are "
                     "entered at one point and exited at another point.",
        "decorator": "A function returning another function, usually applied as a function "
                     "transformation.",
        "dictionary": "An associative array, where arbitrary keys are mapped to values.",
        "docstring": "A string literal which appears as the first expression in a class, "
                     "function or module.",
        "expression": "A piece of syntax which can be evaluated to some value.",
        "extension module": "A module written in C or C++, using Python’s C API to interact "
                            "with the core.",
        "file object": "An object exposing a file-oriented API to an underlying resource.",
        "finder": "An object that tries to find the loader for a module that is being imported.",
        "function": "A series of statements which returns some value to a caller.",
    }
    (tmp_path / "glossary.md").write_text(
        "# Glossary\n\n" + "".join(f"{k}\n\n{v}\n\n" for k, v in entries.items())
    )
    bot = Assistant(
        Settings(home=tmp_path / "home", _env_file=None),
        llm="extractive",
        embeddings=real_bot.embeddings,
    )
    bot.ingest([tmp_path])
    answer = bot.ask("What is a coroutine?")
    assert answer.citations[0].source.endswith("glossary.md")
    assert "Coroutines are a more generalized form of subroutines" in answer.text
    text = (tmp_path / "glossary.md").read_text()
    assert all(text[c.start : c.end] == c.quote for c in answer.citations)
    bot.close()


def test_a_bare_function_name_finds_its_reference_entry(
    tmp_path: Path, real_bot: Assistant
) -> None:
    """"enumerate" stems like "enumeration", which the enum pages say everywhere; the chunk that
    declares enumerate() is found by its declaration, and the answer quotes its entry."""
    for i, topic in enumerate(["members", "values", "aliases", "flags", "iteration", "pickling"]):
        (tmp_path / f"enum{i}.md").write_text(
            f"# Enumerations: {topic}\n\nAn enumeration is a set of symbolic names bound to "
            f"unique values. Enumerations can be iterated over, and the {topic} of an enumeration "
            "are enumerated in definition order. What an enumeration returns when iterated is its "
            "members.\n")
    builtins = {
        "divmod(a, b)": "Take two numbers as arguments and return a pair of numbers consisting "
                        "of their quotient and remainder.",
        "enumerate(iterable, start=0)": "Return an enumerate object. iterable must be a "
                                        "sequence, an iterator, or some other object which "
                                        "supports iteration.",
        "eval(expression, globals=None, locals=None)": "The arguments are a string and optional "
                                                       "globals and locals.",
    }
    (tmp_path / "functions.md").write_text("# Built-in Functions\n\n" + "".join(
        f"{k}\n\n{v}\n\n" for k, v in builtins.items()) + "\n\n".join(
        f"Filler paragraph {i} about other built-in functions and their arguments."
        for i in range(30)))
    # an index page lists the name too, with no description: not its entry
    (tmp_path / "genindex.md").write_text("# Index\n\nenumerate() (built-in function)\n\n"
                                          "enum (module)\n\nEnum (class in enum)\n")
    bot = Assistant(
        Settings(home=tmp_path / "home", _env_file=None),
        llm="extractive",
        embeddings=real_bot.embeddings,
    )
    bot.ingest([tmp_path])
    answer = bot.ask("What does enumerate return?")
    assert answer.text.startswith("Return an enumerate object.")
    assert answer.citations[0].source.endswith("functions.md")
    text = (tmp_path / "functions.md").read_text()
    assert all(text[c.start : c.end] == c.quote for c in answer.citations)
    bot.close()


def test_follow_up_uses_history(real_bot: Assistant) -> None:
    first = real_bot.ask("Who was left out of the process?")
    follow = real_bot.ask("What kind of adviser is he?", history=[(first.question, first.text)])
    assert "defence adviser" in follow.text
    assert follow.standalone_question != follow.question


def test_unanswerable_question_abstains(real_bot: Assistant) -> None:
    answer = real_bot.ask("Who is the current Prime Minister of Japan?")
    assert answer.abstained and answer.citations == []
    assert "don't contain" in answer.text


def test_cli_ask_json(tmp_path: Path) -> None:
    env = {**os.environ, "RAG_HOME": str(tmp_path / "home")}
    rag = [sys.executable, "-m", "rag.cli"]
    subprocess.run([*rag, "ingest", str(ROOT / "corpus")], env=env, check=True,
                   capture_output=True, cwd=tmp_path)
    out = subprocess.run([*rag, "ask", "--json", "Who was excluded from the process?"], check=False,
                         env=env, capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert any("Keith Kellogg" in c["quote"] for c in answer["citations"])
    bad = subprocess.run([*rag, "ingest", str(tmp_path / "missing")], env=env, check=False,
                         capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.strip() == f"error: path does not exist: {tmp_path / 'missing'}"


def test_api_from_a_script_outside_the_repo(tmp_path: Path) -> None:
    script = tmp_path / "use_rag.py"
    script.write_text(textwrap.dedent(f"""
        from rag import Assistant
        bot = Assistant(persist_dir="store")
        report = bot.ingest([{str(ROOT / 'corpus')!r}])
        a = bot.ask("Which adviser was excluded from the process?")
        text = open(a.citations[0].source, encoding="utf-8").read()
        c = a.citations[0]
        print(len(report.added), a.abstained, text[c.start:c.end] == c.quote, "Kellogg" in c.quote)
    """))
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                         check=False, text=True,
                         env={**os.environ, "RAG_HOME": str(tmp_path / "h")})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "False", "True", "True"]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory):
    """llama.cpp's OpenAI-compatible server over the packaged GGUF, on a loopback port."""
    from rag.llm import LocalModelServer, packaged_model_path

    server = LocalModelServer(packaged_model_path(tmp_path_factory.mktemp("models")))
    yield server
    server.close()


def _grounded(answer, text: str) -> None:
    """Whatever a weak model says, only verified sentences may be shown as fact."""
    _check_offsets(answer, text)
    for claim in answer.claims:
        if not claim.supported:
            assert claim.text not in answer.text
    if not answer.abstained:
        assert answer.citations


def test_openai_backend_against_a_real_openai_compatible_server(
    llama_server, real_bot: Assistant, article_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server.base_url)
    settings = Settings(home=real_bot.settings.home, _env_file=None, max_tokens=60,
                        max_retries=0, timeout=60)
    bot = Assistant(settings, llm="auto", embeddings=real_bot.embeddings)
    assert bot.backend == "openai"
    events = list(bot.stream("Which adviser was excluded from the process?"))
    answer = events[-1]
    assert answer.backend == "openai" and len(events) > 1, "the server streamed tokens"
    _grounded(answer, article_text)


def test_openai_backend_with_unreachable_server_gives_one_line_error(
    real_bot: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rag import RagError
    from rag.llm import free_port

    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    settings = Settings(home=real_bot.settings.home, _env_file=None, max_retries=1, timeout=5)
    bot = Assistant(settings, embeddings=real_bot.embeddings)
    with pytest.raises(RagError, match="openai model failed: .*Connection") as err:
        bot.ask("Which adviser was excluded?")
    assert "\n" not in str(err.value)


def test_second_writer_gets_a_clear_error(tmp_path: Path, real_bot: Assistant) -> None:
    """While one process holds the store's write lock, another ingest fails with one line."""
    store = tmp_path / "store"
    holder = Assistant(persist_dir=store, embeddings=real_bot.embeddings)
    holder.ingest([ARTICLE])
    with holder.store.writing():
        out = subprocess.run(
            [sys.executable, "-m", "rag.cli", "ingest", str(ARTICLE), "--store", str(store)],
            capture_output=True, text=True, cwd=tmp_path, check=False,
            env={**os.environ, "RAG_HOME": str(tmp_path / "h")},
        )
    assert out.returncode == 1
    assert out.stderr.strip() == f"error: store folder is being written by another process: {store}"
    assert holder.store.count() == 15
