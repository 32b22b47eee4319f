"""A real HTTP server on 127.0.0.1 (or another loopback address, ``::1`` too) for tests that
fetch: ``with serving(routes) as base: ...``; given an ``ssl.SSLContext`` it speaks HTTPS.

``routes`` maps a path to ``(status, headers, body)`` or to a function that gets the
request handler and answers itself (for slow or endless answers).
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


def redirect(location: str, status: int = 302) -> tuple[int, dict[str, str], bytes]:
    return status, {"Location": location}, b""


@contextmanager
def serving(routes: dict[str, Answer], host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Serve ``routes`` on a free port of ``host`` (127.0.0.1); yields ``http://HOST:PORT``
    (``http://[::1]:PORT`` for an IPv6 host, ``https://`` with ``tls``)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            answer = routes.get(self.path, (404, {}, b"not here"))
            if callable(answer):
                answer(self)
                return
            status, headers, body = answer
            self.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):  # keep the test output quiet
            pass

    class Server(ThreadingHTTPServer):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

    server = Server((host, 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        literal = f"[{host}]" if ":" in host else host
        yield f"{'https' if tls is not None else 'http'}://{literal}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
