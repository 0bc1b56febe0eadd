"""The sources panel's HTML: the quote highlighted in its passage, read as text."""

from rag.records import Answer, Citation, Passage
from ui.render import sources_html

TEXT = (
    "## Fallout\n\nFar more consequential was the call. It took place early in the morning.\n\n"
    "## Next"
)


def test_source_context_shows_headings_as_text_and_the_quote_marked():
    quote = "It took place early in the morning."
    start = TEXT.index(quote)
    answer = Answer(
        text=f"{quote} [1]", abstained=False,
        citations=[Citation(1, "/docs/call.md", start, start + len(quote), quote, "The call")],
        passages=[Passage("/docs/call.md", 0, len(TEXT), TEXT, 1.0)],
    )
    page = sources_html([(1, "When did the call take place?", answer)])
    assert f'<mark class="rag-quote">{quote}</mark>' in page
    assert "…Fallout\n\nFar more consequential was the call. <mark" in page  # no "## "
    assert "</mark>\n\nNext…" in page
    assert "##" not in page


def test_the_answer_says_which_backend_answered() -> None:
    from rag.records import Answer
    from ui.render import answer_markdown

    shown = answer_markdown(Answer("Keith Kellogg [1].", False, backend="local"), 1)
    assert 'answered by: local</small>' in shown
