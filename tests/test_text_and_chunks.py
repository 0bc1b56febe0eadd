"""Sentence spans and chunks: offsets always slice the text exactly."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from rag.chunking import place_pieces, split_document
from rag.loaders import LoadedDocument, load_document
from rag.text import content_terms, mentioned, sentence_spans
from tests.conftest import ARTICLE


def test_sentence_spans_golden() -> None:
    """Two sentences end at '.'/'!'; the heading marker '# ' is trimmed from the third."""
    text = "One thing. Two things!\n# Three"
    assert [text[a:b] for a, b in sentence_spans(text)] == ["One thing.", "Two things!", "Three"]


def test_sentence_spans_keep_abbreviations_together() -> None:
    text = "Talks with Mr. Smith went well. Then U.S. officials left."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Talks with Mr. Smith went well.", "Then U.S. officials left."]


def test_content_terms_stem_and_drop_stop_words() -> None:
    assert content_terms("The negotiations failed") == ["negoti", "fail"]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_sentence_spans_are_ordered_slices(text: str) -> None:
    last = 0
    for a, b in sentence_spans(text):
        assert last <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()
        last = b


def test_article_chunks_slice_the_document_and_carry_sections() -> None:
    doc = load_document(ARTICLE)
    chunks = split_document(doc, 800, 120)
    assert 8 <= len(chunks) <= 20
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert c.title.startswith("Trump's Call with Putin")
    kellogg = next(c for c in chunks if "Keith Kellogg" in c.text)
    assert kellogg.section == "Strategic Consequences and European Responses"
    assert kellogg.search_text.startswith("Trump's Call with Putin")


words = st.text(alphabet="abcdefgh XYZ.,\n#", min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=120), st.integers(50, 400))
# repeated text: the splitter's add_start_index placed the last "X" on the one at 39, so
# offset 50 was covered by no chunk
@example(parts=["X", "X", "X", "XX", "XX", "XXXXXX", "XXXXXX", "XXXXXXXXXX", "XXXXXXXXXXXX", "X"],
         size=50)
def test_chunks_slice_exactly_and_cover_the_document(parts: list[str], size: int) -> None:
    text = " ".join(parts)
    doc = LoadedDocument("/x.md", text, "t")
    chunks = split_document(doc, size, size // 5)
    covered = [False] * len(text)
    for c in chunks:
        assert text[c.start : c.end] == c.text
        for i in range(c.start, c.end):
            covered[i] = True
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())


def test_repeated_text_chunks_sit_where_the_splitter_cut() -> None:
    """Golden: "X X X XX ... X" (51 characters) at size 50 is two chunks, the first 49
    characters, then the last "X" on its own at 50, not on the "X" at 39 that a search
    from the overlap finds first."""
    text = "X X X XX XX XXXXXX XXXXXX XXXXXXXXXX XXXXXXXXXXXX X"
    chunks = split_document(LoadedDocument("/x.md", text, "t"), 50, 10)
    assert [(c.start, c.end) for c in chunks] == [(0, 49), (50, 51)]
    assert place_pieces("X X X", ["X X", "X X"]) == [0, 2]


def test_a_name_one_typing_slip_away_is_mentioned_only_when_asked_for():
    text = "Most notably Keith Kellogg, a defence adviser, and Volodymyr Zelensky. Use setattr()."
    names = set(content_terms("Kelogg Zelenksy"))
    assert mentioned(text, names) == set()
    assert mentioned(text, names, misspelt=True) == names
    # not for a different first letter (CPython is not Python) or code (getattr is not setattr)
    assert mentioned("Python objects", {"cpython"}, misspelt=True) == set()
    assert mentioned(text, {"getattr"}, misspelt=True) == set()
    # too short to guess
    assert mentioned(text, set(content_terms("Kelly")), misspelt=True) == set()


def test_a_code_name_written_as_is_is_mentioned_whatever_its_stem():
    """"sorted" stems to "sort"; the name asked about is in the text as written."""
    text = (
        "sorted(iterable, /, *, key=None, reverse=False)\n\n"
        "Return a new sorted list from the items."
    )
    assert mentioned(text, {"sorted"}) == {"sorted"}
    assert mentioned("Sort the list in place.", {"sorted"}) == set()
