"""The `rag` command: ingest, ask, chat, serve, docs, eval. Parses arguments, calls `Assistant`.

Errors print as one line (`error: ...`) with exit code 1, never a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from rag.errors import RagError
from rag.records import Answer
from rag.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Grounded answers over your documents, with exact citations.")

LlmOption = Annotated[str | None, typer.Option("--llm", help="auto, openai, local or extractive")]
ExcludeOption = Annotated[
    list[str] | None, typer.Option("--exclude", help="glob of paths to skip (repeatable)")
]
StoreOption = Annotated[Path | None, typer.Option("--store", help="store folder (RAG_PERSIST_DIR)")]


def _assistant(llm: str | None = None, store: Path | None = None):
    from rag.assistant import Assistant

    if llm not in (None, "auto", "openai", "local", "extractive"):
        raise RagError(f"unknown backend '{llm}': use auto, openai, local or extractive")
    return Assistant(Settings(), llm=llm, persist_dir=store)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders")],
    prune: Annotated[bool, typer.Option(
        help="remove documents deleted from these folders")] = False,
    exclude: ExcludeOption = None,
    store: StoreOption = None,
) -> None:
    """Index .txt, .md, .html, .pdf, .docx, .odt and .epub files (folders are walked)."""
    from tqdm import tqdm

    bot = _assistant(store=store)
    bar = None

    def progress(done: int, total: int, path: str) -> None:
        nonlocal bar
        if total > 3 and bar is None:
            bar = tqdm(total=total, unit="file", desc="ingest", file=sys.stderr)
        if bar is not None:
            bar.update(1)

    report = bot.ingest(paths, prune=prune, progress=progress, exclude=exclude or ())
    if bar is not None:
        bar.close()
    for path, reason in report.skipped:
        typer.echo(f"warning: skipped {path}: {reason}", err=True)
    typer.echo(report.summary())


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="the question")],
    as_json: Annotated[bool, typer.Option("--json", help="print the Answer as JSON")] = False,
    llm: LlmOption = None,
    store: StoreOption = None,
) -> None:
    """Answer one question, with citations."""
    bot = _assistant(llm, store)
    try:
        answer = bot.ask(question)
    finally:
        bot.close()
    if as_json:
        typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_answer(answer))


def format_answer(answer: Answer) -> str:
    lines = [answer.text]
    for c in answer.citations:
        lines.append(f"  [{c.number}] {Path(c.source).name}:{c.start}-{c.end} \"{c.quote}\"")
    dropped = [c.text for c in answer.claims if not c.supported]
    for text in dropped:
        lines.append(f"  (unsupported, not shown as fact: \"{text}\")")
    return "\n".join(lines)


@app.command()
def chat(llm: LlmOption = None, store: StoreOption = None) -> None:
    """Chat in the terminal; follow-up questions use the conversation. Ctrl-D quits."""
    bot = _assistant(llm, store)
    history: list[tuple[str, str]] = []
    typer.echo(f"Ask about your documents ({bot.backend} backend). Ctrl-D to quit.")
    try:
        while True:
            try:
                question = input("\n> ")
            except EOFError:
                break
            if not question.strip():
                continue
            try:
                answer = None
                for event in bot.stream(question, history):
                    if isinstance(event, Answer):
                        answer = event
                if answer is None:
                    raise RagError("the assistant gave no answer")
                typer.echo(format_answer(answer))
                history.append((question, answer.text))
            except RagError as exc:
                typer.echo(f"error: {exc}", err=True)
    finally:
        bot.close()


@app.command()
def docs(store: StoreOption = None) -> None:
    """List the indexed documents."""
    for d in _assistant(store=store).documents():
        typer.echo(f"{d.chunks:6d} chunks  {d.indexed_at}  {d.title}  ({d.source})")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default 7860)")] = None,
    ingest_path: Annotated[list[Path] | None, typer.Option("--ingest", help="index first")] = None,
    llm: LlmOption = None,
    store: StoreOption = None,
) -> None:
    """Open the browser chat (http://127.0.0.1:7860 by default)."""
    _limit_malloc_arenas()
    from ui.app import launch

    bot = _assistant(llm, store)
    if ingest_path:
        typer.echo(bot.ingest(ingest_path).summary())
    launch(bot, host=host or bot.settings.host, port=port or bot.settings.port)


@app.command("eval")
def evaluate(
    qa: Annotated[Path, typer.Option("--qa", help="question set, JSON lines")],
    corpus: Annotated[list[Path] | None,
                      typer.Option("--corpus", help="documents to index")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
    baseline: Annotated[bool, typer.Option(
        help="also score the LangChain tutorial pipeline")] = True,
    exclude: ExcludeOption = None,
    llm: LlmOption = None,
    store: StoreOption = None,
    write_snapshot: Annotated[Path | None, typer.Option(
        "--write-snapshot", help="write each question's answer and citations here")] = None,
    diff: Annotated[Path | None, typer.Option(
        "--diff", help="list the answers that differ from this snapshot; exit 1 if any")] = None,
) -> None:
    """Score retrieval, answers, citations and abstention on a question set."""
    from rag import snapshot
    from rag.evaluation import run_eval, table

    old = snapshot.read_snapshot(diff) if diff else None  # a bad file fails before the run
    bot = _assistant(llm, store)
    try:
        report = run_eval(qa, corpus or [Path("corpus")], bot, baseline=baseline,
                          exclude=exclude or ())
    finally:
        bot.close()
    rows = report["results"][bot.backend]["rows"]
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
    else:
        typer.echo(f"{report['questions']} questions from {qa}\n" + table(report))
    if write_snapshot:
        snapshot.write_snapshot(write_snapshot, rows)
    if old is not None:
        changes = snapshot.diff(old, snapshot.snapshot(rows))
        typer.echo("\n".join(changes) if changes
                   else f"no answer changed ({len(rows)} questions, {diff})", err=as_json)
        if changes:
            raise typer.Exit(1)


def _limit_malloc_arenas(arenas: int = 2) -> None:
    """Restart the server process once with glibc's malloc arenas capped.

    Each worker thread otherwise gets its own arena, and resident memory creeps up about
    10% under sustained load with no leak behind it; two arenas keep it flat (measured by
    tests/test_reliability.py::test_soak_concurrent_clients). glibc reads the setting only
    at process start, hence the exec, done before anything heavy is imported.
    """
    if sys.platform != "linux" or "MALLOC_ARENA_MAX" in os.environ:
        return
    env = {**os.environ, "MALLOC_ARENA_MAX": str(arenas)}
    os.execve(sys.executable, [sys.executable, "-m", "rag.cli", *sys.argv[1:]], env)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        code = app(standalone_mode=False)  # typer.Exit(n) comes back as n here
    except RagError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - usage errors and anything unexpected: one line
        import click

        if isinstance(exc, click.exceptions.NoArgsIsHelpError):
            sys.exit(0)
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        typer.echo(f"error: unexpected {type(exc).__name__}: "
                   f"{str(exc).splitlines()[0] if str(exc) else ''}", err=True)
        sys.exit(2)
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":
    main()
