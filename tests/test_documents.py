"""PDF manuals and office files: the text citations slice, page numbers, readable titles.

Each file is made in the test by the format's own library (or, for PDF, by hand), loaded,
and checked for the one guarantee: `doc.text[start:end] == quote` for every sentence.
"""

from pathlib import Path

import pytest

from rag.chunking import split_document
from rag.citations import verify
from rag.loaders import load_document
from rag.pdf import page_at, pages_text
from rag.records import Passage
from rag.text import sentence_spans
from tests.conftest import make_pdf
from ui.render import sources_html

_BODY = [
    "The shell reads its input and divides it into words and operators, employing the",
    "quoting rules to select which meanings to assign to the various words and struc-",
    "tures of the command line.",
]


def test_pages_text_drops_running_headers_and_page_numbers_and_joins_hyphens():
    """Golden: the running header ("Chapter 3: Basic Shell Features N") and the page numbers
    recur on every page and go; "struc-" + "tures" is one word again; the sentence that runs
    over the page break stays one sentence, and its second page is page 2."""
    pages = [
        ["Chapter 3: Basic Shell Features 5", *_BODY,
         "It then parses these tokens into commands and constructs, removes the meaning of", "5"],
        ["Chapter 3: Basic Shell Features 6", "certain words.", "3.1 Shell Syntax",
         "When the shell reads input, it proceeds through a sequence of operations.", "6"],
        ["Chapter 3: Basic Shell Features 7", "The shell ignores the comment symbol.", "7"],
    ]
    text = pages_text(["\n".join(p) for p in pages])
    assert "Chapter" not in text and "\n5\n" not in text
    assert "words and structures\nof the command line." in text  # the word moves up a line
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    assert ("It then parses these tokens into commands and constructs, removes the meaning of\n"
            "\fcertain words.") in sentences
    assert "3.1 Shell Syntax" in sentences  # a heading of its own (marked "### ")
    assert "### 3.1 Shell Syntax" in text
    assert page_at(text, text.index("When the shell")) == 2
    assert page_at(text, text.index("The shell ignores")) == 3


def test_a_built_in_compound_keeps_its_hyphen():
    text = pages_text(["A shell built-in runs in the shell. Every built-\nin command is listed."])
    assert "Every built-in\ncommand" in text


def test_pdf_citation_carries_its_page_in_the_record_and_the_sources_panel(tmp_path: Path):
    """A three-page PDF made here: the quote on page 2 is cited as page 2, through the chunk's
    page and the form feeds before the quote; the sources panel says "page 2"."""
    pdf = tmp_path / "manual.pdf"
    pdf.write_bytes(make_pdf([
        ["Shell Manual 1", "The Shell Manual", *_BODY, "1"],
        ["Shell Manual 2", "Word splitting happens after parameter expansion is complete.", "2"],
        ["Shell Manual 3", "Quote removal comes last of all.", "3"],
    ]))
    doc = load_document(pdf)
    assert doc.title == "The Shell Manual"
    assert "Shell Manual 2" not in doc.text and "structures\nof the command line." in doc.text
    for a, b in sentence_spans(doc.text):
        assert doc.text[a:b].strip() == doc.text[a:b]
    chunk = split_document(doc, 800, 120)[0]
    assert chunk.page == 1
    passage = Passage(str(pdf), chunk.start, chunk.end, chunk.text, 1.0, doc.title, page=chunk.page)
    answer = verify("Word splitting happens after parameter expansion is complete [1].", [passage])
    (citation,) = answer.citations
    assert citation.page == 2
    assert doc.text[citation.start : citation.end] == citation.quote
    from rag.records import Answer

    html = sources_html([(1, "When is word splitting done?",
                          Answer(answer.text, False, answer.citations, passages=[passage]))])
    assert "manual.pdf, page 2" in html


def test_citations_of_other_files_have_no_page():
    text = "Word splitting happens after parameter expansion is complete."
    answer = verify(f"{text} [1]", [Passage("/a.md", 0, len(text), text, 1.0)])
    assert answer.citations[0].page is None


def _check_offsets(doc) -> None:
    spans = sentence_spans(doc.text)
    assert spans
    for a, b in spans:
        assert doc.text[a:b] == doc.text[a:b].strip()


def test_docx_headings_lists_and_tables(tmp_path: Path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Release Guide", level=0)
    document.add_heading("Installing", level=1)
    document.add_paragraph("Run the installer as root. It takes a minute.")
    document.add_paragraph("first step without a stop", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "--jobs", "5"
    path = tmp_path / "guide.docx"
    document.save(path)
    doc = load_document(path)
    assert doc.title == "Release Guide"
    assert "## Installing\n\nRun the installer as root." in doc.text
    assert "- first step without a stop" in doc.text and "| --jobs | 5 |" in doc.text
    assert [doc.text[a:b] for a, b in sentence_spans(doc.text)][2:5] == [
        "Run the installer as root.", "It takes a minute.", "first step without a stop"]
    _check_offsets(doc)
    assert split_document(doc, 800, 120)[0].page is None


def test_odt_headings_lists_and_tables(tmp_path: Path):
    odfdo = pytest.importorskip("odfdo")
    document = odfdo.Document("text")
    document.body.append(odfdo.Header(1, "Installing"))
    document.body.append(odfdo.Paragraph("Run the installer as root. It takes a minute."))
    document.body.append(odfdo.List(["first step without a stop"]))
    document.meta.title = "Release Guide"
    path = tmp_path / "guide.odt"
    document.save(path)
    doc = load_document(path)
    assert doc.title == "Release Guide"
    assert (
        "## Installing\n\nRun the installer as root. It takes a minute.\n\n"
        "- first step without a stop"
    ) in doc.text
    _check_offsets(doc)


def test_epub_chapters_in_reading_order(tmp_path: Path):
    epub = pytest.importorskip("ebooklib.epub")
    book = epub.EpubBook()
    book.set_identifier("id1")
    book.set_title("The Shell Book")
    book.set_language("en")
    chapters = []
    for i, body in enumerate(["<h1>Words</h1><p>Words are split at blanks. Quotes keep them.</p>",
                              "<h1>Pipes</h1><p>A pipe joins two commands.</p>"], 1):
        ch = epub.EpubHtml(title=f"c{i}", file_name=f"c{i}.xhtml", lang="en")
        ch.content = f"<html><body>{body}</body></html>"
        book.add_item(ch)
        chapters.append(ch)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = chapters
    path = tmp_path / "book.epub"
    epub.write_epub(str(path), book)
    doc = load_document(path)
    assert doc.title == "The Shell Book"
    assert doc.text.index("Words are split at blanks.") < doc.text.index(
        "A pipe joins two commands."
    )
    assert "Quotes keep them." in [doc.text[a:b] for a, b in sentence_spans(doc.text)]
    _check_offsets(doc)


@pytest.mark.parametrize(("name", "top", "title"), [
    ("sedfaq.txt",
     "\nArchive-Name: editor-faq/sed\nPosting-Frequency: irregular\n\n      THE SED FAQ\n\n",
     "THE SED FAQ"),
    ("lsof.txt",
     "-----------------------------\nVic Abell <abe@purdue.edu>\nOctober 13, 2014\n\n", "lsof"),
    ("valgrind.txt", "\n\nValgrind FAQ\nRelease 3.19.0 11 Apr 2022\n~~~~~~~~~~~~~~\n\n",
     "Valgrind FAQ"),
    ("procps.txt", "Why does ps complain about a bogus dash?\n\n", "procps"),
])
def test_a_plain_text_title_is_its_title_line_or_else_its_file_name(
    tmp_path: Path, name, top, title
):
    """Above a FAQ's title stand Usenet headers, rules, signatures and dates: passed over. A
    text that opens with a question or a sentence has no title line: its file name."""
    path = tmp_path / name
    path.write_text(top + "The answer is in the manual. It says so.\n")
    assert load_document(path).title == title


@pytest.mark.skipif(
    not Path("/usr/share/doc/bash/bashref.pdf").exists(), reason="apt-get install bash-doc"
)
def test_the_bash_reference_manual():
    """The real manual (Debian's bash-doc): no running header is left, hyphens are joined, the
    page of a known sentence is its page in the PDF (printed page 35, the 41st sheet)."""
    doc = load_document("/usr/share/doc/bash/bashref.pdf")
    assert doc.title == "Bash Reference Manual"
    assert "Chapter 3: Basic Shell Features 35" not in doc.text
    assert "control structures" in doc.text and "control struc-" not in doc.text
    quote = "The process list is run asynchronously, and its input or output appears as a filename."
    assert quote in [doc.text[a:b].replace("\n", " ") for a, b in sentence_spans(doc.text)]
    assert page_at(doc.text, doc.text.index("The process list is run asynchronously")) == 41
