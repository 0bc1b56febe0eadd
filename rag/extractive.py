"""The offline answerer: quote the passage sentences that best answer the question.

No language model, so it cannot invent anything: every answer sentence is a verbatim
source sentence with its marker. It stands in the chat model's place in the chain
(a LangChain Runnable taking {"question", "passages"}), and abstains when no sentence
matches the question well enough.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace

from langchain_core.runnables import RunnableGenerator

from rag.citations import ABSTAIN_TEXT
from rag.embeddings import dot, embed_each
from rag.kinds import AnswerKind, expected_kind
from rag.name_matching import (
    about_a_sibling,
    as_code,
    asked_names,
    dotted_api,
    last_sentence,
    named_in,
    spelled,
)
from rag.page_structure import (
    box_heading,
    declared_name,
    declares,
    defined_above,
    entry_line,
    heading_line,
    is_heading,
    line_at,
    prose,
    question_above,
    release_notes,
    term,
)
from rag.question_types import (
    asked_attribute,
    asks_about_changes,
    asks_overview,
    asks_what_it_does,
    code_names,
    setting_names,
)
from rag.records import Passage
from rag.text import (
    content_terms,
    identifiers,
    mentioned,
    mentions,
    sentence_spans,
    stem_matches,
)
from rag.weights import Weights

Embed = Callable[[list[str]], list[list[float]]]

CACHE_SENTENCES = 50_000  # about 80 MB of vectors at most
_EXPLAIN = re.compile(r"\s*(why|how (?!many|much|long|old|often|big|large)\w+)\b", re.IGNORECASE)
# "It focused on ...", "These are known as ...", "His speech ...": about what the sentence
# before names
_POINTS_BACK = re.compile(r"(It|This|That|These|Those|Such|They|He|She|His|Her|Their)\b")
MIN_SCORE = 0.24  # below this best-sentence score the answerer abstains (mid-gap on five dev sets)


class ExtractiveAnswerer:
    def __init__(self, embed: Embed | None = None, follow: int = 1,
                 weights: Weights | None = None) -> None:
        """`follow`: how many following sentences of the same paragraph to quote too
        (an answer often completes in the next sentence: "... default. Default 5 s.").
        `weights`: the scoring weights (`Weights()` by default)."""
        self.embed = embed
        self.follow = follow
        self._cache: dict[str, list[float]] = {}
        self._cache_lock = threading.Lock()
        self.weights = weights or Weights()

    def runnable(self) -> RunnableGenerator:
        def generate(inputs: Iterator[dict]) -> Iterator[str]:
            for item in inputs:
                text = self.answer(item["question"], item["passages"])
                # stream word by word so every backend looks the same to callers
                yield from re.findall(r"\S+\s*", text)

        return RunnableGenerator(generate, name="extractive_answerer")

    def answer(self, question: str, passages: list[Passage]) -> str:
        if passages and asks_overview(question):
            return self.overview(passages[0])
        ranked = self.rank(question, passages)
        if not ranked or ranked[0][0] < MIN_SCORE:
            return ABSTAIN_TEXT
        _, n, p, s, e = ranked[0]
        spans = sentence_spans(p.text)
        quoted = [(a, b) for a, b in spans if s <= a < e]
        # the next sentence often completes the answer: "... default. Default 5 s.", "It focused
        # on ...", or the reason a "why" question asks for
        longer = bool(_EXPLAIN.match(question))  # "why"/"how": the reason may come next
        for a, b in [(a, b) for a, b in spans if a >= e][: self.follow]:
            short = b - a <= self.weights.follow_chars
            goes_on = longer or _POINTS_BACK.match(p.text[a:b])  # "It focused on ...": same subject
            new_paragraph = "\n\n" in p.text[quoted[-1][1] : a]
            if new_paragraph or not (short or goes_on) or not prose(p.text[a:b], 2):
                break
            quoted.append((a, b))
        answer = " ".join(f"{p.text[a:b]} [{n}]" for a, b in quoted)
        kind = expected_kind(question)
        if kind and kind.also_quote and not kind.also_quote(answer):  # a date without the day
            more = next((r for r in ranked[1:]
                         if r[0] >= MIN_SCORE and kind.also_quote(r[2].text[r[3] : r[4]])), None)
            if more:
                answer += f" {more[2].text[more[3] : more[4]]} [{more[1]}]"
        return answer

    def overview(self, lead: Passage, sentences: int = 2) -> str:
        """"What is this article about?": the document's opening sentences, which retrieval puts
        first, quoted; its title is a heading and says less."""
        spans = [(a, b) for a, b in sentence_spans(lead.text)
                 if prose(lead.text[a:b]) and heading_line(lead.text, a) is None][:sentences]
        if not spans:
            return ABSTAIN_TEXT
        return " ".join(f"{lead.text[a:b]} [1]" for a, b in spans)

    def focus(self, question: str, passages: list[Passage], sentences: int = 3) -> list[Passage]:
        """The passages cut down to their best `sentences` sentences in all (others emptied,
        numbering kept) and without their title > section headings: a small local model reads
        such a prompt (~150 tokens) in under half a second, instead of 2,000 tokens in four,
        and has less to get lost in. Measured on new article questions (first token p50): four
        sentences with headings 0.63 s, without 0.45-0.51 s, three without 0.41-0.45 s. The
        best three hold the evidence as often as four on the article sets (2 fewer of 57 on
        the Python docs)."""
        keep: dict[int, list[tuple[int, int]]] = {}
        for _, n, p, s, e in self.rank(question, passages)[:sentences]:
            keep.setdefault(n, []).append((s, e))
        return [
            replace(p, text=" ".join(p.text[s:e] for s, e in _merged(keep.get(n, []))),
                    title="", section="")
            for n, p in enumerate(passages, 1)
        ]

    def rank(self, question: str,
             passages: list[Passage]) -> list[tuple[float, int, Passage, int, int]]:
        """(score, passage number, passage, start, end) for every sentence, best first."""
        # "We're on httpd 2.4.25. Since which version ...?": the scene's numbers and examples
        # (404.php) are the user's, not the documents'; those of the question asked must match
        last = last_sentence(question)
        asked = identifiers(last)
        names = asked_names(question) | {w for w in asked if w[0].isdigit()}
        code = {w for w in code_names(question) if not w[0].isdigit()}
        everything = "\n".join(p.with_headings for p in passages)
        # "My class TestDataBuilder isn't a test. What can I set ...?": a name of the user's
        # own that no passage has tells the passages nothing apart
        asked_terms = set(content_terms(last))
        kept = asked_terms | asked | mentioned(everything, names | code)
        names, code = names & kept, code & kept
        if not mentions(everything, asked):
            return []  # the question names a code name or version no retrieved passage has
        summary = asks_what_it_does(question)  # "What does json.dumps return?"
        if summary and any(not as_code(n, everything) for n in asked if dotted_api(n)):
            # "What does typing.override do?" and the passages only say "Override this ..."
            return []
        flags = {o for o in setting_names(last) if o.startswith("-")}
        if any(not re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", everything, re.IGNORECASE)
               for f in flags):
            return []  # "what does the --buffer flag do" and no passage has --buffer
        words = set(content_terms(everything))
        attribute = set(content_terms(asked_attribute(question) or ""))
        if attribute and not attribute & words:
            return []  # "the agenda of the conference" and no passage mentions an agenda
        cands = [(n, p, s, e) for n, p in enumerate(passages, 1)
                 for s, e in _with_antecedents(p.text)]
        cands = [(n, p, s, e) for n, p, s, e in cands
                 if prose(p.text[s:e]) and not is_heading(p.text, s)]
        if not cands:
            return []
        q_terms = set(content_terms(question))
        sent_terms = [set(content_terms(p.text[s:e])) for _, p, s, e in cands]
        # idf over the candidate sentences: words every sentence shares say little
        df: dict[str, int] = {}
        for held in sent_terms:
            for t in held:
                df[t] = df.get(t, 0) + 1
        # the scene's words ("I configured a Redis entry in CACHES ...") count half: they say which
        # passage, the question asked says which sentence
        idf = {t: math.log(1 + len(cands) / (1 + df.get(t, 0)))
               * (1.0 if t in asked_terms else self.weights.scene_weight) for t in q_terms}
        total = sum(idf.values()) or 1.0
        def lexical_score(terms: set[str]) -> float:
            return sum(idf[t] for t in q_terms if stem_matches(t, terms)) / total

        kind = expected_kind(question)
        term_asked = kind.subject_of(question) if kind else None
        if kind and kind.subject and not term_asked:
            kind = None  # "When I ..., what is X?": the clause hides the term
        if term_asked and not all(stem_matches(t, words) for t in content_terms(term_asked)):
            return []  # "What is variable hoisting?" and no passage has the word "hoisting"
        # a glossary entry's definition, under its term's line ("duck-typing"), is read with
        # that line
        glossary = [line_at(p.text, defined_above(p.text, s, term_asked)) if term_asked else None
                    for _, p, s, _ in cands]
        # each sentence's API entry, if any
        entries = [entry_line(p.text, s, p.entry or None) for _, p, s, _ in cands]
        # a sentence in an API entry is about the name declared ("Serialize obj to a JSON formatted
        # str" in json.dumps's entry), as a glossary entry's is about its term, when the question
        # names it ("What does json.dumps return?"; "__debug__" is not "debug")
        subjects = [f"{word or ''} {named_in(declared_name(entry or ''), question)}"
                    for word, entry in zip(glossary, entries)]
        lexical = [lexical_score(terms | set(content_terms(subject)))
                   for terms, subject in zip(sent_terms, subjects)]
        option_lines = [term(p.text, s) for _, p, s, _ in cands]  # its option entry, if any
        semantic = self._similarities(question, [
            _in_context(p.text[s:e], entry or option or word or box_heading(p, s))
            for (_, p, s, e), entry, option, word in zip(cands, entries, option_lines, glossary)])
        options = setting_names(question)
        # an FAQ: "### Why do HTTPS connections sometimes take 30 seconds?" and then the answer,
        # which need not repeat the question's words: its first sentence is matched as the
        # heading too
        asked_above = {i: h for i, h in enumerate(question_above(p, s) for _, p, s, _ in cands)
                       if h}
        above: dict[int, float] = {}
        if asked_above:
            above = dict(zip(asked_above, self._similarities(question, list(asked_above.values()))))
            semantic = [max(v, above.get(i, v)) for i, v in enumerate(semantic)]
            lexical = [max(v, lexical_score(set(content_terms(asked_above[i]))))
                       if i in asked_above else v for i, v in enumerate(lexical)]
        # per passage, not per sentence: stemming a whole passage for each of its sentences
        # "the FAQ": Frequently Asked Questions
        acronyms = set(re.findall(r"\b[A-Z]{3,6}\b", question))
        names -= {a.lower() for a in acronyms}
        # "my tiny API responses": the user's own, unless asked about
        acronyms = {a for a in acronyms if a in last}
        lacks_names = {n: bool(names) and not mentions(p.with_headings, names, misspelt=True)
                       or any(not spelled(a, p.with_headings) for a in acronyms)
                       for n, p in enumerate(passages, 1)}
        # a chunk from the middle of a function's page may name it only in its title or section
        lacks_code = {n: bool(code) and not mentions(p.with_headings, code)
                      for n, p in enumerate(passages, 1)}
        base = [self.weights.lexical_weight * lex + (1 - self.weights.lexical_weight) * sem
                for lex, sem in zip(lexical, semantic)]
        # ... and a heading that asks the same in other words ("Why is it called Python?" for
        # "Where does the name of the language come from?", cosine 0.85) vouches for it
        # without shared words
        vouched = {i for i, cos in above.items() if cos >= self.weights.same_question}
        base = [max(b, above[i]) if i in vouched else b for i, b in enumerate(base)]
        current = not asks_about_changes(question)
        scored = []
        for i, (n, p, s, e) in enumerate(cands):
            sentence = p.text[s:e]
            score = base[i] - self.weights.rank_penalty * (n - 1)
            if kind and kind.completes and not kind.offers(sentence, question):
                e = _completion(p.text, e, kind, question)  # "... is locked. Default five seconds."
                sentence = p.text[s:e]
            head = kind.heading(p.text, s, term_asked) if kind and kind.heading else None
            # "exception subprocess.TimeoutExpired" / "Subclass of ..., raised when ...": the
            # name is the answer
            if kind and head is not None:
                s, sentence = head, p.text[head:e]
                if kind.heading_bonus:  # the glossary entry of the term asked about
                    score += getattr(self.weights, kind.heading_bonus)
            fits = kind is not None and (kind.offers(sentence, question)
                                         or kind.heading_vouches and i in vouched)
            lacking = kind and kind.at_least and not kind.at_least(sentence)
            if lacking or not fits and kind and kind.required(question):
                continue  # "how many" without a number, "which city" without a place: no answer
            if fits:
                score += self.weights.type_weight
                # "On 12 February 2025, ... two releases shipped." then "... version 2.0 of the
                # server.": the date, next to the sentence about what was asked
                score += self.weights.context_weight * max(_neighbours(cands, base, i), default=0.0)
            elif kind and kind.miss:
                score -= getattr(self.weights, kind.miss)
            if sentence.rstrip().endswith("?"):
                # a question in the text restates, it does not answer
                score -= self.weights.type_weight
            if current and release_notes(p):
                score -= self.weights.release_notes_penalty
            if lacks_names[n]:
                score -= self.weights.missing_name_penalty
            if lacks_code[n]:
                score -= self.weights.code_penalty  # the chunk may sit under the function's heading
            elif code and about_a_sibling(sentence, code):
                # about sqlite3_close_v2 when sqlite3_close was asked
                score -= self.weights.code_penalty
            if attribute:  # "the period of the generator": a sentence naming a period
                named = attribute <= sent_terms[i]
                score += self.weights.attribute_bonus if named else -self.weights.attribute_bonus
            # the reference entry of the function or option asked about
            line = option_lines[i]
            option = line and options & setting_names(line)
            if code and declares(entries[i], code) or option:
                score += self.weights.entry_bonus
                entry = entries[i]
                if summary and entry and _first_after(p.text, entry, s):
                    # "What does json.dumps return?": its entry's first sentence
                    score += self.weights.entry_bonus
            scored.append((score, n, p, s, e))
        scored.sort(key=lambda r: r[0], reverse=True)
        return scored

    def _similarities(self, question: str, sentences: list[str]) -> list[float]:
        """Cosine of the question with each sentence. Sentence vectors are cached: the same
        passages come back for many questions, and embedding them is most of an answer's cost."""
        if self.embed is None:
            return [0.0] * len(sentences)
        missing = list(dict.fromkeys(s for s in sentences if s not in self._cache))
        vectors = embed_each(self.embed, [question, *missing])
        with self._cache_lock:
            for sentence, vector in zip(missing, vectors[1:]):
                self._cache[sentence] = vector
            while len(self._cache) > CACHE_SENTENCES:
                self._cache.pop(next(iter(self._cache)))  # oldest first
            found = [self._cache.get(s) for s in sentences]
        q = vectors[0]
        fresh = dict(zip(missing, vectors[1:]))
        return [dot(q, v if v is not None else fresh[s]) for s, v in zip(sentences, found)]


def _with_antecedents(text: str) -> list[tuple[int, int]]:
    """Sentence spans, where a sentence that opens by pointing back ("These are known as
    possessive quantifiers.") starts at the sentence before it in its paragraph: it is scored
    and quoted with what "these" refers to."""
    spans = sentence_spans(text)
    out = []
    for i, (s, e) in enumerate(spans):
        if i:
            b_start, b_end = spans[i - 1]
            same_paragraph = "\n\n" not in text[b_end:s]
            if same_paragraph and _POINTS_BACK.match(text[s:e]) and prose(text[b_start:b_end]):
                s = b_start
        out.append((s, e))
    return out


def _neighbours(cands: list, base: list[float], i: int) -> list[float]:
    """Base scores of the candidates right before and after candidate i in its passage."""
    return [base[j] for j in (i - 1, i + 1) if 0 <= j < len(cands) and cands[j][0] == cands[i][0]]




def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans as one: a sentence and the pair it starts must not be quoted twice."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out








def _completion(text: str, end: int, kind: AnswerKind, question: str, look: int = 2) -> int:
    """End of the next sentence (of the same paragraph, within `look`) that holds the kind of
    answer asked for, or `end` unchanged."""
    for a, b in [(a, b) for a, b in sentence_spans(text) if a >= end][:look]:
        if "\n\n" in text[end:a]:
            break
        if kind.offers(text[a:b], question):
            return b
    return end


def _first_after(text: str, line: str, start: int) -> bool:
    """The span at `start` comes right after `line` in the text (not: the line is inherited)."""
    at = text.rfind(line, 0, start)
    return at >= 0 and not text[at + len(line) : start].strip()








def _in_context(sentence: str, entry: str | None) -> str:
    """A sentence as it is embedded for the semantic score: inside a reference entry, after
    its declaration ("Path.mkdir(mode=0o777, parents=False, exist_ok=False): If parents is
    false ..."), since entry sentences rarely name what they describe."""
    return f"{entry}: {sentence}" if entry else sentence

