"""The LLM reader with a scripted model: parsing and verification edge cases.

Each test scripts what a model replies and checks what the user is shown: only claims the
cited sentences support, each with a citation whose offsets slice the source exactly.
"""

from __future__ import annotations

import json

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from rag.citations import verify_draft
from rag.reader import Draft, SentenceReader, answer_so_far, parse_reply
from rag.records import Passage
from tests.conftest import ARTICLE, HashEmbeddings

SOURCE = (
    "Pete Hegseth addressed the Ramstein meeting at NATO headquarters. His speech, at times "
    "self-contradictory, drew criticism from European officials.\n\n"
    "Keith Kellogg, the special envoy for Ukraine, was left out of the process. "
    "The Kremlin's account of the call was far more restrained."
)
PASSAGE = Passage("doc.txt", 100, 100 + len(SOURCE), SOURCE, 1.0, title="EU Global")


def _rank(question: str, passages: list[Passage]):
    """Every sentence in document order, scored 1: the tests choose what the model reads."""
    from rag.text import sentence_spans

    return [(1.0, n, p, s, e) for n, p in enumerate(passages, 1) for s, e in sentence_spans(p.text)]


def _scripted(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(r) for r in replies]))


def _read(reply: str) -> tuple[list[str], Draft]:
    reader = SentenceReader(_scripted(reply), _rank)
    events = list(reader.stream("question?", [PASSAGE]))
    return [e for e in events if isinstance(e, str)], events[-1]


def _quote(start: int, end: int) -> str:
    return SOURCE[start - PASSAGE.start : end - PASSAGE.start]


def test_candidates_are_numbered_sentences_with_their_context() -> None:
    reader = SentenceReader(_scripted(""), _rank)
    cands = reader.candidates("q", [PASSAGE])
    assert [c.number for c in cands] == [1, 2, 3, 4]
    assert (
        cands[2].text
        == "Keith Kellogg, the special envoy for Ukraine, was left out of the process."
    )
    assert cands[2].context == "EU Global"


def test_budget_keeps_the_prompt_small() -> None:
    """Each sentence costs len/4 + 4 tokens: the first 20, the second 18, the others more
    than 10: a 30-token budget holds only the first."""
    reader = SentenceReader(_scripted(""), _rank, budget_tokens=30)
    assert len(reader.candidates("q", [PASSAGE])) == 1


def test_answer_streams_from_inside_the_json_and_is_cited_exactly() -> None:
    pieces, draft = _read(json.dumps({"evidence": [3], "answer": "Keith Kellogg was left out."}))
    assert "".join(pieces) == "Keith Kellogg was left out."
    checked = verify_draft(draft, [PASSAGE])
    assert not checked.abstained and checked.text == "Keith Kellogg was left out [1]."
    c = checked.citations[0]
    assert c.quote == _quote(c.start, c.end) == draft.candidates[2].text


def test_bad_json_is_read_leniently() -> None:
    """A reply cut off mid-string still gives its answer and evidence."""
    _, draft = _read('{"evidence": [3], "answer": "Keith Kellogg was left out of the process')
    assert "reply is not valid JSON" in draft.notes
    assert draft.sentences == [("Keith Kellogg was left out of the process", [3])]
    assert verify_draft(draft, [PASSAGE]).claims[0].supported


def test_evidence_numbers_out_of_range_are_dropped() -> None:
    _, draft = _read(json.dumps({"evidence": [9, 0, 3], "answer": "Kellogg was left out."}))
    assert draft.sentences == [("Kellogg was left out.", [3])]
    assert "evidence out of range: [9, 0]" in draft.notes


def test_a_sentence_citing_the_wrong_candidate_is_re_pointed() -> None:
    _, draft = _read(
        json.dumps({"evidence": [1], "answer": "The Kremlin's account was restrained."})
    )
    checked = verify_draft(draft, [PASSAGE])
    assert checked.claims[0].supported
    c = checked.citations[0]
    assert _quote(c.start, c.end) == "The Kremlin's account of the call was far more restrained."


def test_a_claim_goes_to_the_candidate_holding_all_its_words_not_most() -> None:
    """Cited [1] holds four of the claim's six words (enough alone); [3], two paragraphs on,
    holds all six: the citation goes to [3]."""
    text = ("The defence ministers met at NATO headquarters in Brussels for the meeting.\n\n"
            "Coffee was served.\n\n"
            "The meeting at NATO headquarters in Brussels ended without a joint statement.")
    passage = Passage("news.txt", 0, len(text), text, 1.0)
    claim = "The meeting at NATO headquarters in Brussels ended without a statement."
    reader = SentenceReader(_scripted(json.dumps({"evidence": [1], "answer": claim})), _rank)
    checked = verify_draft(list(reader.stream("How did it end?", [passage]))[-1], [passage])
    assert checked.claims[0].supported
    assert [c.quote for c in checked.citations] == [
        "The meeting at NATO headquarters in Brussels ended without a joint statement."]


def test_words_of_the_sentence_itself_beat_words_of_its_section_title() -> None:
    """Both sentences sit under "EU Global Editorial Staff", so with the context line each
    holds four of the claim's six words; only [1] holds them itself, and the citation goes there."""
    text = ("The editorial team at EU Global works together.\n\n"
            "Drawing on many experts, the team ensures balance.")
    passage = Passage("about.txt", 0, len(text), text, 1.0, title="Report",
                      section="About the authors: EU Global Editorial Staff")
    claim = "The editorial team at EU Global wrote this piece."
    reader = SentenceReader(_scripted(json.dumps({"evidence": [2], "answer": claim})), _rank)
    checked = verify_draft(list(reader.stream("Who wrote it?", [passage]))[-1], [passage])
    assert [c.quote for c in checked.citations] == [
        "The editorial team at EU Global works together."
    ]


def test_a_claim_joining_two_sentences_cites_both() -> None:
    """[3] holds most of the claim; "far more restrained" is only in [1], two paragraphs up:
    the claim carries both citations."""
    text = ("The Kremlin's readout of the call was far more restrained.\n\n"
            "Coffee was served.\n\n"
            "Trump's narrative of the call suggested a sweeping diplomatic breakthrough, while "
            "the Kremlin's account was cautious.")
    passage = Passage("call.txt", 0, len(text), text, 1.0)
    claim = ("The Kremlin's account was far more restrained than Trump's narrative of a sweeping "
             "diplomatic breakthrough.")
    reader = SentenceReader(_scripted(json.dumps({"evidence": [3], "answer": claim})), _rank)
    checked = verify_draft(list(reader.stream("How did they differ?", [passage]))[-1], [passage])
    assert checked.text == claim[:-1] + " [1][2]."
    assert [c.quote for c in checked.citations] == [text.split("\n\n")[2], text.split("\n\n")[0]]
    assert checked.claims[0].citations == [1, 2]
    assert all(text[c.start:c.end] == c.quote for c in checked.citations)


def test_a_fact_the_cited_sentence_lacks_is_not_shown() -> None:
    """The model's own knowledge (a port number) cited to a sentence that gives no port."""
    _, draft = _read(json.dumps({"evidence": [3], "answer": "Kellogg's office uses port 6379."}))
    checked = verify_draft(draft, [PASSAGE])
    assert checked.abstained and not checked.claims[0].supported
    assert "6379" not in checked.text


def test_a_paraphrase_resting_on_the_sentence_before_is_supported() -> None:
    """'His speech, at times self-contradictory' names Hegseth only in the sentence before:
    the citation is the stretch of both sentences."""
    _, draft = _read(
        json.dumps({"evidence": [2], "answer": "Pete Hegseth gave a self-contradictory speech."})
    )
    checked = verify_draft(draft, [PASSAGE])
    assert checked.claims[0].supported
    c = checked.citations[0]
    assert _quote(c.start, c.end).startswith("Pete Hegseth addressed")
    assert _quote(c.start, c.end).endswith("drew criticism from European officials.")


def test_words_about_the_passages_are_not_facts() -> None:
    _, draft = _read(json.dumps({"evidence": [3], "answer":
                     "This passage directly supports the answer that Kellogg was left out. "
                     "Sentence 3 supports this."}))
    checked = verify_draft(draft, [PASSAGE])
    assert checked.text == "Kellogg was left out [1]."
    assert [c.supported for c in checked.claims] == [True, False]


def test_an_answer_of_only_a_marker_quotes_the_evidence() -> None:
    _, draft = _read(json.dumps({"evidence": [4], "answer": "[4]"}))
    checked = verify_draft(draft, [PASSAGE])
    assert (
        checked.citations[0].quote == "The Kremlin's account of the call was far more restrained."
    )


def test_nothing_answers_is_a_decline() -> None:
    _, draft = _read(json.dumps({"evidence": [], "answer": ""}))
    assert draft.declined and verify_draft(draft, [PASSAGE]).abstained


def test_a_server_ignoring_the_schema_writes_prose_with_markers() -> None:
    pieces, draft = _read("Keith Kellogg was left out of the process [3].")
    assert "[3]" not in "".join(pieces)
    assert draft.sentences == [("Keith Kellogg was left out of the process.", [3])] or \
        draft.sentences == [("Keith Kellogg was left out of the process .", [3])]


@pytest.mark.parametrize(("raw", "seen"), [
    ('{"evid', None),
    ('{"evidence": [2], "answer": "Keith Kel', "Keith Kel"),
    ('{"evidence": [2], "answer": "say \\"no\\" now', 'say "no" now'),
    ('{"evidence": [2], "answer": "cut \\', "cut "),
    ('{"evidence": [2], "answer": "caf\\u00e9" }', "café"),
])
def test_answer_so_far_decodes_a_partial_reply(raw: str, seen: str | None) -> None:
    assert answer_so_far(raw) == seen


def test_parse_reply_never_raises_on_garbage() -> None:
    for raw in ["", "{", "[1, 2]", '{"evidence": "x", "answer": 5}', "null"]:
        draft = parse_reply(raw, [])
        assert isinstance(draft, Draft)


def test_assistant_uses_the_reader_for_a_chat_model(tmp_path) -> None:
    """Through the Assistant: the scripted model's answer is verified against the article and
    its citation offsets slice the article to exactly the quote."""
    from rag import Assistant

    text = ARTICLE.read_text(encoding="utf-8")
    model = _scripted(json.dumps({"evidence": [1, 2, 3],
                                  "answer": "Keith Kellogg was excluded from the process."}))
    bot = Assistant(persist_dir=tmp_path / "s", embeddings=HashEmbeddings(), chat_model=model)
    bot.ingest([ARTICLE])
    answer = bot.ask("Which adviser was excluded from the process?")
    bot.close()
    assert not answer.abstained and "Kellogg" in answer.text
    for c in answer.citations:
        assert text[c.start : c.end] == c.quote
    assert "Kellogg" in answer.citations[0].quote


def test_a_number_only_in_the_section_title_does_not_support_a_claim() -> None:
    """'8.14. JSON Types' numbers a section; 'introduced in PostgreSQL 8.14' is invented."""
    text = "The jsonb type stores a decomposed binary form of JSON."
    passage = Passage(
        "pg.html", 0, len(text), text, 1.0, title="PostgreSQL", section="8.14. JSON Types"
    )
    reader = SentenceReader(_scripted(json.dumps(
        {"evidence": [1], "answer": "The jsonb type was introduced in PostgreSQL 8.14."})), _rank)
    draft = list(reader.stream("When was jsonb introduced?", [passage]))[-1]
    assert verify_draft(draft, [passage]).abstained
