"""Uploads from the page land only in the upload area, with type and size enforced."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from rag import Assistant, RagError, Settings
from tests.conftest import HashEmbeddings


@pytest.fixture
def bot(tmp_path: Path) -> Assistant:
    return Assistant(Settings(home=tmp_path / "home", max_upload_mb=0.001, _env_file=None),
                     llm="extractive", embeddings=HashEmbeddings())


def _upload(tmp_path: Path, orig_name: str, data: bytes) -> SimpleNamespace:
    temp = tmp_path / "gradio-temp"
    temp.mkdir(exist_ok=True)
    f = temp / "upload.bin"
    f.write_bytes(data)
    return SimpleNamespace(name=str(f), orig_name=orig_name)


def test_traversal_names_stay_inside_the_upload_area(bot: Assistant, tmp_path: Path) -> None:
    from ui.app import _save_uploads

    (saved,) = _save_uploads(bot, [_upload(tmp_path, "../../../etc/evil notes.md", b"# hi\n")])
    area = (bot.settings.home / "uploads").resolve()
    assert saved.parent == area and saved.name == "evil notes.md"
    assert not (tmp_path / "etc").exists()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("tool.exe", b"MZ", "unsupported file type: tool.exe"),
    ("big.txt", b"x" * 5000, "file too large: big.txt"),
])
def test_rejected_uploads(
    bot: Assistant, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    from ui.app import _save_uploads

    with pytest.raises(RagError, match=message):
        _save_uploads(bot, [_upload(tmp_path, name, data)])
