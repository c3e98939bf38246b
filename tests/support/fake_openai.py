"""A local OpenAI-compatible server for tests: chat completions and audio transcriptions.

Each endpoint answers from a queue of scripted behaviours, falling back to a default. A
behaviour is a callable taking the decoded request and returning (status, body, delay_seconds),
so tests can make the server answer well, fail with 500, stall past a client's timeout, or send
malformed JSON. Every request is recorded for assertions.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Behaviour = Callable[[dict[str, Any]], tuple[int, bytes, float]]


def chat_reply(content: str, delay: float = 0.0) -> Behaviour:
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
    }
    payload = json.dumps(body).encode()
    return lambda request: (200, payload, delay)


def transcription_reply(text: str, delay: float = 0.0) -> Behaviour:
    payload = json.dumps({"text": text}).encode()
    return lambda request: (200, payload, delay)


def status_reply(status: int, body: bytes = b'{"error": {"message": "boom"}}') -> Behaviour:
    return lambda request: (status, body, 0.0)


def raw_reply(body: bytes, delay: float = 0.0) -> Behaviour:
    return lambda request: (200, body, delay)


class FakeOpenAI:
    """Start with ``with FakeOpenAI() as fake:``; point clients at ``fake.base_url``."""

    def __init__(self) -> None:
        self.chat: deque[Behaviour] = deque()
        self.audio: deque[Behaviour] = deque()
        self.default_chat: Behaviour = chat_reply("{}")
        self.default_audio: Behaviour = transcription_reply("")
        self.requests: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self, path: str) -> Behaviour | None:
        if path.endswith("/chat/completions"):
            return self.chat.popleft() if self.chat else self.default_chat
        if path.endswith("/audio/transcriptions"):
            return self.audio.popleft() if self.audio else self.default_audio
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                request = _decode(self.path, self.headers.get("Content-Type", ""), raw)
                fake.requests.append(request)
                behaviour = fake._next(self.path)
                if behaviour is None:
                    status, body, delay = 404, b'{"error": {"message": "no such route"}}', 0.0
                else:
                    status, body, delay = behaviour(request)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

        return Handler


def _decode(path: str, content_type: str, raw: bytes) -> dict[str, Any]:
    request: dict[str, Any] = {"path": path}
    if content_type.startswith("application/json"):
        request["json"] = json.loads(raw or b"{}")
    elif content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
        )
        fields: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[name] = part.get_payload(decode=True)
        request["form"] = fields
    return request
