"""A real HTTP server on loopback that keeps every request it receives and answers as told:
it stands in for an SMS gateway or a 企业微信/钉钉 group robot in the tests."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Hit:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any  # the JSON sent


@dataclass
class Hook:
    """What the server received, and what it answers next (status and JSON)."""

    port: int = 0
    hits: list[Hit] = field(default_factory=list)
    status: int = 200
    answer: Any = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})

    def url(self, path: str = "/robot/send", **query: str) -> str:
        q = f"?{urllib.parse.urlencode(query)}" if query else ""
        return f"http://127.0.0.1:{self.port}{path}{q}"


@contextmanager
def webhook_server() -> Iterator[Hook]:
    hook = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            parts = urllib.parse.urlsplit(self.path)
            hook.hits.append(Hit(parts.path, dict(urllib.parse.parse_qsl(parts.query)),
                                 {k.lower(): v for k, v in self.headers.items()}, json.loads(raw or b"null")))
            data = json.dumps(hook.answer, ensure_ascii=False).encode("utf-8")
            self.send_response(hook.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:  # quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()
