"""Fake carrier tracking APIs at the network boundary: one local HTTP server (127.0.0.1) answering
each path with recorded bodies in the carriers' formats (tests/tracking/recorded/), or with the
statuses a test queues (429 with Retry-After, 500, a body that is not JSON, a slow answer)."""

import json
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str, **replace: str) -> bytes:
    """A recorded body, with placeholders ({number}, …) filled in."""
    text = (RECORDED / name).read_text(encoding="utf-8")
    for key, value in replace.items():
        text = text.replace("{" + key + "}", value)
    return text.encode()


class FakeCarriers:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.bodies: dict[str, bytes] = {}
        self.queued: dict[str, deque] = defaultdict(deque)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                fake.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                if fake.queued[self.path]:
                    status, body, headers, delay = fake.queued[self.path].popleft()
                else:
                    body = fake.bodies.get(self.path)
                    status, headers, delay = (200 if body is not None else 404), {}, 0.0
                    if body is None:
                        body = json.dumps({"status": 404, "title": "No result found"}).encode()
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, path: str, body: bytes) -> None:
        self.bodies[path] = body

    def queue(
        self,
        path: str,
        status: int,
        body: bytes = b"{}",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """The next request for `path` gets this answer (then the recorded body again)."""
        self.queued[path].append((status, body, headers or {}, delay))

    def reset(self) -> None:
        self.requests.clear()
        self.bodies.clear()
        self.queued.clear()

    def paths(self) -> list[str]:
        return [path for path, _headers in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
