"""The Gradio page: chat with streamed answers, clickable citations, sources, documents.

`build_app(assistant)` builds the Blocks; `launch` serves them on loopback by default.
API endpoints for `gradio_client`: `/chat` (the page's handler) and `/ask`
(question + history in, the whole Answer with citations out, as JSON).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import gradio as gr

from rag.assistant import Assistant
from rag.errors import RagError
from rag.loaders import KINDS, SUPPORTED
from rag.records import Answer
from ui.render import CSS, HEAD, answer_markdown, inert, sources_html

EXAMPLES = [
    "What is this document about?",  # works on any corpus
    "Who was left out of the process?",
    "What did Trump say he and Putin had agreed to do?",
    "How did the Kremlin describe the call?",
]
BACKEND_NAMES = {"extractive": "extractive (quotes the documents, no language model)",
                 "local": "local GGUF model", "openai": "OpenAI-compatible model"}


def build_app(bot: Assistant) -> gr.Blocks:
    with gr.Blocks(title="Ask the documents") as demo:
        turns = gr.State([])  # [(turn, question, Answer)]
        gr.Markdown("## Ask the documents\n"
                    "Every sentence of an answer links to the passage it rests on.")
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(height=520, label="Chat", elem_id="rag-chat",
                                         sanitize_html=True, feedback_options=None)
                    box = gr.Textbox(placeholder="Ask a question and press Enter",
                                     show_label=False, elem_id="rag-question", max_lines=4)
                    with gr.Row():
                        send = gr.Button("Ask", variant="primary")
                        clear = gr.Button("Clear chat")
                    gr.Examples(EXAMPLES, inputs=box, label="Try")
                with gr.Column(scale=2):
                    sources = gr.HTML(sources_html([]), label="Sources", elem_id="rag-sources")
            gr.Markdown(f"<small>Backend: {BACKEND_NAMES.get(bot.backend, bot.backend)}</small>")
        with gr.Tab("Documents"):
            upload = gr.File(label="Add documents (.txt, .md, .html, .pdf, .docx, .odt, .epub)",
                             file_count="multiple", file_types=sorted(SUPPORTED))
            add = gr.Button("Add to index")
            status = gr.Markdown()
            table = gr.Dataframe(headers=["title", "file", "chunks", "indexed at"],
                                 value=lambda: _documents(bot), interactive=False)

        def respond(message: str, history: list, state: list):
            history = list(history or [])
            if not message or not message.strip():
                yield history, sources_html(state), state, ""
                return
            history += [{"role": "user", "content": inert(message)},
                        {"role": "assistant", "content": "…"}]
            pairs = [(q, a.text) for _, q, a in state]
            draft = ""
            try:
                for event in bot.stream(message, pairs):
                    if isinstance(event, Answer):
                        turn = len(state) + 1
                        state = [*state, (turn, message, event)]
                        history[-1] = {"role": "assistant", "content": answer_markdown(event, turn)}
                    else:
                        draft += event
                        history[-1] = {"role": "assistant", "content": inert(draft)}
                        yield history, gr.skip(), state, ""
            except RagError as exc:
                history[-1] = {"role": "assistant", "content": f"**Error:** {inert(str(exc))}"}
            yield history, sources_html(state), state, ""

        chat_io = ([box, chatbot, turns], [chatbot, sources, turns, box])
        box.submit(respond, *chat_io, api_name="chat")
        send.click(respond, *chat_io, api_visibility="private")
        clear.click(lambda: ([], sources_html([]), [], ""), None, [chatbot, sources, turns, box],
                    api_visibility="private")

        def ingest(files: list | None, progress=gr.Progress()):  # noqa: B008
            if not files:
                return "Choose one or more files first.", _documents(bot)
            try:
                saved = _save_uploads(bot, files)
                progress(0, desc="indexing")
                report = bot.ingest(saved,
                                    progress=lambda d, t, _: progress(d / t, desc="indexing"))
            except RagError as exc:
                return f"**Error:** {inert(str(exc))}", _documents(bot)
            skipped = "".join(f"\n- skipped {inert(Path(p).name)}: {inert(r)}"
                              for p, r in report.skipped)
            return inert(report.summary()) + skipped, _documents(bot)

        add.click(ingest, [upload], [status, table], api_visibility="private")

        def ask_api(question: str, history: list | None = None) -> dict:
            """One question (and optional [[question, answer], ...] history) -> Answer as JSON."""
            try:
                pairs = [(str(q), str(a)) for q, a in (history or [])]
                return bot.ask(question, pairs).to_dict()
            except RagError as exc:
                raise gr.Error(str(exc)) from None

        gr.api(ask_api, api_name="ask")
    return demo


def _documents(bot: Assistant) -> list[list]:
    try:
        return [[d.title, Path(d.source).name, d.chunks, d.indexed_at] for d in bot.documents()]
    except RagError:
        return []


def _save_uploads(bot: Assistant, files: list) -> list[Path]:
    """Copy uploads into the upload area under safe names; enforce type and size limits."""
    area = (bot.settings.home / "uploads").resolve()
    area.mkdir(parents=True, exist_ok=True)
    limit = bot.settings.max_upload_mb * 2**20
    saved = []
    for f in files:
        src = Path(getattr(f, "name", f))
        name = re.sub(r"[^\w.\- ]", "_", Path(getattr(f, "orig_name", None) or src.name).name)
        name = name.lstrip(".") or "upload"
        if Path(name).suffix.lower() not in SUPPORTED:
            raise RagError(f"unsupported file type: {name} (use {KINDS})")
        if src.stat().st_size > limit:
            raise RagError(f"file too large: {name} (limit {bot.settings.max_upload_mb:g} MB)")
        target = (area / name).resolve()
        if target.parent != area:
            raise RagError(f"bad file name: {name}")
        shutil.copyfile(src, target)
        saved.append(target)
    return saved


def launch(
    bot: Assistant, host: str = "127.0.0.1", port: int = 7860, *, block: bool = True,
    queue_size: int = 64, concurrency: int = 4,
) -> gr.Blocks:
    """Serve the page. Loopback by default, never a share link; a bounded queue answers a
    flood with "queue full" instead of falling over. `block=False` returns the running app."""
    auth = None
    if bot.settings.auth:
        user, _, password = bot.settings.auth.partition(":")
        auth = (user, password)
    demo = build_app(bot).queue(default_concurrency_limit=concurrency, max_size=queue_size)
    demo.launch(
        server_name=host, server_port=port, share=False, auth=auth, css=CSS, head=HEAD,
        max_file_size=f"{int(bot.settings.max_upload_mb)}mb", footer_links=["api"],
        prevent_thread_lock=not block, quiet=not block,
    )
    return demo
