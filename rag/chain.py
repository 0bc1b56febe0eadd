"""The answer chain, the same for every backend: condense -> retrieve -> generate -> verify.

`generator` is any LangChain Runnable taking {"question", "passages"} and streaming text:
a chat model behind the prompt, or the extractive answerer. Retrieval, citation mapping
and verification are shared, so every backend is held to the same evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableLambda

from rag.citations import ABSTAIN_TEXT, Similarity, Verified, verify, verify_draft
from rag.errors import RagError
from rag.prompts import answer_messages, condense_messages
from rag.reader import Draft, SentenceReader
from rag.records import Answer, Passage

Retrieve = Callable[[str, int], list[Passage]]
_PRONOUN = re.compile(
    r"\b(he|she|it|they|him|her|his|hers|its|their|them|this|that|these|those|there|"
    r"the same|other|else|more)\b",
    re.IGNORECASE,
)


def chat_generator(chat_model: Runnable) -> Runnable:
    prompt: Runnable = RunnableLambda(lambda x: answer_messages(x["question"], x["passages"]))
    return prompt | chat_model | StrOutputParser()


def chat_condenser(chat_model: Runnable) -> Runnable:
    prompt: Runnable = RunnableLambda(lambda x: condense_messages(x["question"], x["history"]))
    return prompt | chat_model | StrOutputParser()


def heuristic_condense(question: str, history: list[tuple[str, str]]) -> str:
    """Without a model, a follow-up borrows the previous turn's words for retrieval.

    Example: ("What else did she write?", [("Who wrote the first program?", "Ada Lovelace [1]")])
    -> "What else did she write? (Who wrote the first program? Ada Lovelace)"
    """
    if not history or not (_PRONOUN.search(question) or len(question.split()) <= 4):
        return question
    asked, answered = history[-1]
    answered = re.sub(r"\s*\[\d+\]", "", answered)[:300]
    return f"{question} ({asked} {answered})"


class AnswerChain:
    def __init__(
        self,
        retrieve: Retrieve,
        generator: Runnable,
        *,
        backend: str,
        condenser: Runnable | None = None,
        similarity: Similarity | None = None,
        k: int = 5,
    ) -> None:
        self.retrieve = retrieve
        self.generator = generator
        self.condenser = condenser
        self.similarity = similarity
        self.backend = backend
        self.k = k

    def standalone(self, question: str, history: list[tuple[str, str]]) -> str:
        if not history:
            return question
        if self.condenser is None:
            return heuristic_condense(question, history)
        rewritten = self.condenser.invoke({"question": question, "history": history}).strip()
        # a small model may go on
        rewritten = (rewritten.splitlines() or [""])[0].strip().strip('"')
        return rewritten if 3 < len(rewritten) < 1000 else question

    def _generate(self, question: str, passages: list[Passage]) -> Iterator[str | Draft]:
        if isinstance(self.generator, SentenceReader):
            return self.generator.stream(question, passages)
        return self.generator.stream({"question": question, "passages": passages})

    def stream(self, question: str, history: list[tuple[str, str]]) -> Iterator[str | Answer]:
        """Text pieces as the model writes them, then the verified `Answer`."""
        draft: str | Draft = ""
        try:
            standalone = self.standalone(question, history)
            passages = self.retrieve(standalone, self.k)
            if passages:
                for piece in self._generate(standalone, passages):
                    if isinstance(piece, Draft):
                        draft = piece
                    else:
                        draft = draft + piece if isinstance(draft, str) else draft
                        yield piece
        except RagError:
            raise
        except Exception as exc:  # noqa: BLE001 - model server down, timeout, malformed reply
            detail = (str(exc).strip().splitlines() or [""])[0][:300]
            raise RagError(f"{self.backend} model failed: {type(exc).__name__}: {detail}") from None
        checked: Verified | None
        if isinstance(draft, Draft):
            checked = verify_draft(draft, passages, self.similarity)
        else:
            checked = verify(draft, passages, self.similarity) if draft else None
        yield Answer(
            text=checked.text if checked else ABSTAIN_TEXT,
            abstained=checked.abstained if checked else True,
            citations=checked.citations if checked else [],
            claims=checked.claims if checked else [],
            question=question,
            standalone_question=standalone,
            backend=self.backend,
            passages=passages,
        )
