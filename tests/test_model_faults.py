"""A model server that fails: 429s, 500s, hangs, drops the stream, sends bad JSON.

A stub OpenAI-compatible server on 127.0.0.1 plays each fault; the user gets an answer
or a one-line error, and no question costs more than 3 upstream calls.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rag import Assistant, RagError, Settings
from tests.conftest import ARTICLE, HashEmbeddings

GOOD = "Keith Kellogg, a prominent defence adviser, was excluded [1]."


def _chunk(content: str | None, finish: str | None = None) -> bytes:
    delta = {"content": content} if content is not None else {}
    body = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "stub",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body)}\n\n".encode()


class Stub:
    """Plays scripted behaviours, one per request: 'ok', '429', '500', 'hang', 'drop', 'bad'."""

    def __init__(self) -> None:
        self.script: list[str] = []
        self.calls = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", 0)))
                stub.calls += 1
                mode = stub.script.pop(0) if stub.script else "ok"
                if mode in ("429", "500"):
                    self.send_response(int(mode))
                    self.send_header("content-type", "application/json")
                    self.send_header("retry-after", "0")
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "stub says no"}}')
                    return
                if mode == "hang":
                    time.sleep(5)
                    return
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                if mode == "bad":
                    self.wfile.write(b"data: {not json\n\n")
                    return
                words = GOOD.split(" ")
                for i, w in enumerate(words):
                    self.wfile.write(_chunk(w + ("" if i == len(words) - 1 else " ")))
                    self.wfile.flush()
                    if mode == "drop" and i == 3:
                        self.connection.shutdown(2)  # server closes mid-stream
                        return
                self.wfile.write(_chunk(None, "stop") + b"data: [DONE]\n\n")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    s = Stub()
    yield s
    s.close()


@pytest.fixture
def bot(stub: Stub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Assistant:
    monkeypatch.setenv("OPENAI_BASE_URL", stub.url)
    settings = Settings(home=tmp_path, timeout=1.0, max_retries=2, _env_file=None)
    b = Assistant(settings, embeddings=HashEmbeddings())
    b.ingest([ARTICLE])
    return b


@pytest.mark.parametrize("script", [["429", "ok"], ["500", "500", "ok"], ["hang", "ok"]])
def test_transient_faults_are_retried_and_answered(
    bot: Assistant, stub: Stub, script: list
) -> None:
    stub.script = list(script)
    answer = bot.ask("Which adviser was excluded from the process?")
    assert not answer.abstained and "Keith Kellogg" in answer.citations[0].quote
    assert stub.calls == len(script) <= 3


@pytest.mark.parametrize(("script", "message"), [
    (["500", "500", "500", "500"], "Error code: 500"),
    (["hang", "hang", "hang", "hang"], "Timeout"),
    (["bad"], "openai model failed"),
])
def test_persistent_faults_give_one_line_error_after_at_most_3_calls(
    bot: Assistant, stub: Stub, script: list, message: str
) -> None:
    stub.script = list(script)
    with pytest.raises(RagError, match=message) as err:
        bot.ask("Which adviser was excluded from the process?")
    assert "\n" not in str(err.value)
    assert stub.calls <= 3


def test_stream_dropped_midway_keeps_only_verified_text(bot: Assistant, stub: Stub) -> None:
    """The partial sentence 'Keith Kellogg, a prominent' is still checked against the source."""
    stub.script = ["drop"]
    try:
        answer = bot.ask("Which adviser was excluded from the process?")
    except RagError as exc:
        assert "openai model failed" in str(exc)
        return
    for c in answer.citations:
        assert ARTICLE.read_text(encoding="utf-8")[c.start : c.end] == c.quote
    assert stub.calls <= 3


def _established_to(port: int) -> int:
    """Client-side TCP connections of this machine to `port` that are still open."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            remote_port = int(fields[2].split(":")[1], 16)
            if remote_port == port and fields[3] == "01":  # 01 = ESTABLISHED
                count += 1
    return count


def test_faults_leak_no_connections(bot: Assistant, stub: Stub) -> None:
    """Ten questions through 500s, drops and bad JSON leave at most the pool's keep-alive."""
    port = stub.server.server_address[1]
    for _ in range(5):
        stub.script = ["500", "ok", "drop", "bad"]
        for _ in range(2):
            try:
                bot.ask("Which adviser was excluded from the process?")
            except RagError:
                pass
    time.sleep(0.5)
    assert _established_to(port) <= 2
    assert stub.calls <= 10 * 3
