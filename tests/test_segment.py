"""Sentences on hard-wrapped text: a line break inside a paragraph does not end one.

Golden examples for each layout rule, then a Hypothesis property: whatever the wrap width,
the sentences found in a wrapped text are exactly the sentences it was made of, and a
citation of any of them quotes the whole sentence.
"""

import textwrap

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rag.citations import verify
from rag.records import Passage
from rag.text import content_terms, sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_a_wrapped_paragraph_is_one_sentence_per_sentence():
    """The issue's example: wrapped at about 70 columns, the line ends "... only in the" and the
    sentence goes on to "courts". Each sentence is whole, line breaks and all."""
    text = ("Any litigation relating to this License may be brought only in the\n"
            "courts of the place where the defendant has its principal place of\n"
            "business. Nothing in this section shall be held to limit that right.\n")
    assert _sentences(text) == [
        ("Any litigation relating to this License may be brought only in the\ncourts of the place "
        "where the defendant has its principal place of\nbusiness."),
        "Nothing in this section shall be held to limit that right.",
    ]


def test_blank_line_heading_list_item_and_table_row_end_sentences():
    """None of these lines ends in a full stop, and each still ends its sentence: the blank
    line, the Markdown heading, each list item (its wrapped line stays with it), each table row."""
    text = ("The first paragraph has no stop\n\n"
            "## Installing the tool\n"
            "- the first item wraps onto\n  a second line\n"
            "- the second item\n"
            "| option | default |\n"
            "| --jobs | 5 |\n"
            "A closing line")
    assert _sentences(text) == [
        "The first paragraph has no stop", "Installing the tool",
        "the first item wraps onto\n  a second line", "the second item",
        "| option | default |", "| --jobs | 5 |", "A closing line",
    ]


def test_an_underlined_heading_and_a_line_broken_on_purpose_end_sentences():
    """"Status: deprecated" is short where the text wraps at ~70 columns and "When:" would have
    fitted on it: the writer broke the line on purpose. The underline makes a heading."""
    text = ("Removed features\n================\n\n"
            "This list names the features that are scheduled to be removed from the\n"
            "package, with the release that removes each\n\n"
            "What: the fallback of the source format\n"
            "Status: deprecated\n"
            "When: 1.17.x\n")
    assert _sentences(text) == [
        "Removed features",
        ("This list names the features that are scheduled to be removed from the\npackage, with "
        "the release that removes each"),
        "What: the fallback of the source format", "Status: deprecated", "When: 1.17.x",
    ]


def test_abbreviations_code_names_and_unwrapped_paragraphs_as_before():
    text = "Talks with Mr. Smith went well. See datetime.MAXYEAR now. Then U.S. officials left."
    assert _sentences(text) == [
        "Talks with Mr. Smith went well.", "See datetime.MAXYEAR now.", "Then U.S. officials left."]


def test_a_lower_case_term_after_a_full_line_begins_its_own_sentence():
    """A PDF's definition list: the term "popd" follows a full line ending a sentence, and
    does not run into it (on one line, "zero. popd" would read as one sentence)."""
    text = ("Removes the directory from the stack, which is listed by dirs, starting with zero.\n"
            "popd\nRemoves elements from the directory stack.")
    first, second = _sentences(text)[:2]
    assert first.endswith("starting with zero.") and second.startswith("popd")


_WORDS = ["shell", "reads", "input", "words", "line", "command", "quoting", "rules", "expands",
          "the", "value", "of", "each", "file", "name", "returns", "status", "and", "to", "in"]
sentence = st.builds(
    lambda words, stop: " ".join([words[0].capitalize(), *words[1:]]) + stop,
    st.lists(st.sampled_from(_WORDS), min_size=2, max_size=24), st.sampled_from([".", "?", "!"]))
paragraph = st.lists(sentence, min_size=1, max_size=5)


@settings(max_examples=150, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=5), st.integers(20, 90), st.booleans())
def test_wrapped_text_yields_exactly_its_sentences_and_citations_quote_them_whole(
    paragraphs: list[list[str]], width: int, items: bool
) -> None:
    """Hard-wrap paragraphs (or list items, wrapped with a hanging indent) at any width; the
    spans are the sentences, each whole, none across a blank line or an item; verifying an
    answer that restates a sentence cites exactly that sentence."""
    blocks, expected = [], []
    for sentences in paragraphs:
        body = " ".join(sentences)
        if items:
            blocks.append(textwrap.fill(body, width, initial_indent="- ", subsequent_indent="  "))
        else:
            blocks.append(textwrap.fill(body, width))
        expected += sentences
    text = ("\n" if items else "\n\n").join(blocks) + "\n"
    spans = sentence_spans(text)
    found = [" ".join(text[a:b].split()) for a, b in spans]
    assert found == expected
    for a, b in spans:
        assert "\n\n" not in text[a:b] and text[a:b] == text[a:b].strip()
    passage = Passage("/faq.txt", 100, 100 + len(text), text, 1.0)
    claim = max(expected, key=lambda s: len(set(content_terms(s))))
    assume(content_terms(claim))  # "The the." claims nothing
    cited = verify(f"{claim} [1]", [passage]).citations
    assert cited and cited[0].quote in {text[a:b] for a, b in spans}
    assert text[cited[0].start - 100 : cited[0].end - 100] == cited[0].quote


def test_a_citation_marker_after_the_stop_closes_its_sentence():
    """The offline answerer writes "quote. [1] next quote. [1]": each marker stays with the
    sentence before it, so the verifier checks each sentence against its own passage."""
    draft = "Keith Kellogg was excluded. [1] He was “a defence adviser.” [2]"
    assert _sentences(draft) == [
        "Keith Kellogg was excluded. [1]",
        "He was “a defence adviser.” [2]",
    ]
