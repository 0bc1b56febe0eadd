"""The browser chat, driven for real: Gradio on a loopback port, headless Chromium, gradio_client.

Assertions are on what a user sees: the streamed answer names Keith Kellogg with a
marker, clicking it shows the highlighted sentence, hostile documents stay inert.
"""

from __future__ import annotations

import shutil

import pytest

from rag import Assistant, Settings
from rag.llm import free_port
from tests.conftest import ARTICLE, ROOT

pytestmark = pytest.mark.slow
ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE = """# Zorblax handbook

The zorblax code word is <script>alert('xss')</script> swordfish <img src=x onerror="alert(1)"> \
and ![pixel](http://203.0.113.9/leak.png) is an image.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    from ui.app import launch

    home = tmp_path_factory.mktemp("ui-home")
    docs = home / "docs"
    docs.mkdir()
    shutil.copy(ARTICLE, docs / ARTICLE.name)
    (docs / "hostile.md").write_text(HOSTILE)
    bot = Assistant(Settings(home=home, _env_file=None), llm="extractive")
    bot.ingest([docs])
    port = free_port()
    demo = launch(bot, port=port, block=False)
    yield f"http://127.0.0.1:{port}/"
    demo.close()
    bot.close()


def test_gradio_client_gets_answer_with_citations(server: str) -> None:
    from gradio_client import Client

    client = Client(server, verbose=False)
    answer = client.predict("Which adviser was excluded from the process?", [], api_name="/ask")
    assert not answer["abstained"]
    quote = answer["citations"][0]
    assert "Keith Kellogg" in quote["quote"]
    assert ARTICLE.read_text(encoding="utf-8")[quote["start"] : quote["end"]] == quote["quote"]
    follow = client.predict("What kind of adviser is he?",
                            [["Which adviser was excluded from the process?", answer["text"]]],
                            api_name="/ask")
    assert "defence adviser" in follow["text"]


def test_readme_gradio_client_block_runs(server: str) -> None:
    """The README's script against the browser server, with this server's address."""
    from tests.test_readme import run_readme_block

    scope = run_readme_block("Browser chat", {}, address=server)
    assert "Keith Kellogg" in scope["answer"]["citations"][0]["quote"]


@pytest.fixture
def page(server: str):
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    if exe is None:
        pytest.fail("Debian's chromium is not installed (make test installs it)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        pg = browser.new_page()
        pg.off_host = []  # requests that tried to leave 127.0.0.1
        pg.dialogs = []

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
                return r.continue_()
            pg.off_host.append(r.request.url)
            return r.abort()

        pg.route("**/*", route)
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        pg.goto(server)
        yield pg
        browser.close()


def _ask(page, question: str) -> None:
    box = page.locator("#rag-question textarea")
    box.fill(question)
    box.press("Enter")


def test_browser_answer_marker_click_highlights_the_source(page) -> None:
    _ask(page, "Who was left out of the process?")
    marker = page.locator("#rag-chat a.rag-cite").first
    marker.wait_for(timeout=60_000)
    bubble = page.locator("#rag-chat .message").last
    assert "Keith Kellogg" in bubble.inner_text()
    marker.click()
    source = page.locator("#rag-src-1-1")
    source.wait_for(state="visible")
    page.wait_for_function("document.querySelector('#rag-src-1-1').classList.contains('rag-flash')")
    assert "Keith Kellogg" in source.locator("mark.rag-quote").inner_text()
    assert source.is_visible() and source.bounding_box() is not None
    page.screenshot(path=str(ARTIFACTS / "chat-citation.png"), full_page=True)
    assert page.dialogs == [] and page.off_host == []


def test_hostile_document_renders_as_inert_text(page) -> None:
    _ask(page, "What is the zorblax code word?")
    page.locator("#rag-chat a.rag-cite").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # give any injected image or script time to fire
    chat_text = page.locator("#rag-chat").inner_text()
    assert "<script>alert('xss')</script>" in chat_text, "payload shown as text"
    assert "swordfish" in chat_text
    sources = page.locator("#rag-sources")
    assert "onerror" in sources.inner_text()
    assert page.locator("#rag-chat img[src='x'], #rag-sources img").count() == 0
    page.screenshot(path=str(ARTIFACTS / "chat-hostile.png"), full_page=True)
    assert page.dialogs == []
    assert page.off_host == [], f"requests left loopback: {page.off_host}"


@pytest.mark.parametrize("path", [
    "gradio_api/file=/etc/passwd", "file=/etc/passwd",
    "gradio_api/file=..%2f..%2f..%2fetc%2fpasswd",
    "gradio_api/file=%2e%2e/%2e%2e/etc/passwd", "static/..%2f..%2f..%2fetc/passwd",
])
def test_no_arbitrary_file_serving(server: str, path: str) -> None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(server + path, timeout=10) as resp:
            body = resp.read().decode(errors="replace")
            status = resp.status
    except urllib.error.HTTPError as exc:
        status, body = exc.code, ""
    assert "root:x:0:0" not in body
    assert 400 <= status < 500 or "root:" not in body
