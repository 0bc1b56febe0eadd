"""Loading files: text offsets, metadata, and one clear error per kind of bad input."""

from pathlib import Path

import pytest

from rag.errors import RagError
from rag.loaders import discover, load_document
from tests.conftest import ARTICLE, make_pdf


def test_markdown_front_matter_becomes_metadata_and_offsets_match_the_file() -> None:
    doc = load_document(ARTICLE)
    assert doc.metadata["publisher"] == "EU Global"
    assert doc.metadata["topic_date"] == "2025-02-12"
    assert doc.text == ARTICLE.read_text(encoding="utf-8")
    assert "Share post" not in doc.text
    assert doc.text[doc.body_start :].lstrip().startswith("# Trump")


def test_html_keeps_headings_and_drops_scripts(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><head><title>Guide</title><script>alert(1)</script></head><body>"
                    "<h2>Install</h2><p>Run <b>pip</b> now.</p></body></html>")
    doc = load_document(page)
    assert doc.title == "Guide"
    assert "## Install" in doc.text and "Run pip now." in doc.text and "alert" not in doc.text


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(make_pdf([["Keith Kellogg was excluded"]]))
    assert "Keith Kellogg was excluded" in load_document(pdf).text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", make_pdf([[]]), "PDF has no text layer"),
        ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
        ("blob.txt", b"\x00\x01\x02binary", "binary file"),
        ("empty.md", b"   \n", "file is empty"),
        ("data.xlsx", b"PK..", "unsupported file type"),
    ],
)
def test_bad_files_get_one_line_errors_naming_the_file(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RagError) as err:
        load_document(path)
    assert message in str(err.value) and name in str(err.value)
    assert "\n" not in str(err.value)


def test_discover_errors_for_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(RagError, match="path does not exist"):
        discover([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(
        RagError, match="no .txt, .md, .html, .pdf, .docx, .odt or .epub files in folder"
    ):
        discover([tmp_path / "empty"])


def test_discover_walks_folders_and_lists_unsupported_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("# A\n\ntext")
    (tmp_path / "b.txt").write_text("text")
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.md").write_text("x")
    files, skipped = discover([tmp_path])
    assert sorted(p.name for p in files) == ["a.md", "b.txt"]
    assert [Path(p).name for p, _ in skipped] == ["c.png"]


def test_non_utf8_text_and_very_long_lines(tmp_path: Path) -> None:
    from rag.chunking import split_document

    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 cr\xe8me: the menu of 1999.\n".encode("cp1252"))
    assert "Café crème" in load_document(latin).text
    long = tmp_path / "long.txt"
    long.write_text("word " * 200_000)  # one 1 MB line
    doc = load_document(long)
    chunks = split_document(doc, 800, 120)
    assert len(chunks) > 1000 and all(doc.text[c.start : c.end] == c.text for c in chunks)


def test_html_table_cells_stay_apart_and_page_chrome_goes(tmp_path: Path) -> None:
    """Apache's directive boxes are tables: "Default:" and its value are two cells."""
    page = tmp_path / "core.html"
    page.write_text(
        "<html><body><div id='page-header'>Modules | Directives | FAQ</div>"
        "<h2>KeepAliveTimeout Directive</h2>"
        "<table><tr><th>Default:</th><td>KeepAliveTimeout 5</td></tr>"
        "<tr><th>Context:</th><td>server config</td></tr></table>"
        "<p>The number of seconds the server waits.</p>"
        "<div id='footer'>Copyright</div></body></html>"
    )
    text = load_document(page).text
    assert "Default: KeepAliveTimeout 5\n\nContext: server config" in text
    assert "Modules" not in text and "Copyright" not in text
