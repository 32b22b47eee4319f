"""Benchmark: what other clients wait while one client is slow or heavy, on loopback.

    flock /tmp/bench.lock .venv/bin/python bench/slow_clients.py --seconds 8

Serves an empty store with ``storyscope serve`` (one process, ``--body-timeout`` as given) and
measures ``GET /api/stories`` latency, one request after another, in three phases of
``--seconds`` each: alone (the baseline), while ``--trickles`` connections send a body one byte
every 0.2 s, and while one client posts a pasted HTML text of ``--paste-mb`` megabytes (posted
again as soon as it is answered). Prints p50/p99 per phase with its ratio to the baseline, how
long the slow connections were held and how long each paste took; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def big_html(megabytes: float) -> str:
    words = "council budget river bridge school library harbour vote report mayor funding repair".split()
    paragraphs, size, i = [], 0, 0
    while size < megabytes * 1_000_000:
        p = (f"<p>Paragraph {i}: the {words[i % 12]} {words[i * 7 % 12]} plan was discussed on day {i % 28 + 1}, "
             f"with {i * 13 % 997} residents attending and {words[i * 5 % 12]} figures read aloud.</p>\n")
        paragraphs.append(p)
        size += len(p)
        i += 1
    return f"<html><head><title>Long minutes</title></head><body><article>{''.join(paragraphs)}</article></body></html>"


def latencies(base: str, seconds: float) -> list[float]:
    out = []
    end = time.monotonic() + seconds
    with httpx.Client(timeout=300) as client:
        while time.monotonic() < end:
            started = time.perf_counter()
            assert client.get(f"{base}/api/stories").status_code == 200
            out.append((time.perf_counter() - started) * 1000)
    return out


def summary(name: str, values: list[float], baseline: dict | None) -> dict:
    ordered = sorted(values)
    row = {"phase": name, "requests": len(values), "p50_ms": round(statistics.median(ordered), 2),
           "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2)}
    if baseline:
        row["p50_ratio"] = round(row["p50_ms"] / baseline["p50_ms"], 2)
        row["p99_ratio"] = round(row["p99_ms"] / baseline["p99_ms"], 2)
    print(row, flush=True)
    return row


def trickle(port: int, token: str, cookie: str, stop: threading.Event, held: list[float]) -> None:
    """One connection sending a body a byte at a time until the server cuts it (or the phase ends)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall((f"POST /api/articles/url HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-CSRF-Token: {token}\r\n"
                      f"Cookie: {cookie}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n").encode())
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                if sock.recv(65536) == b"":
                    break
                continue  # the refusal arrived; wait for the close
            except TimeoutError:
                pass
            try:
                sock.sendall(b" ")
            except OSError:
                break
    held.append(time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--trickles", type=int, default=20)
    parser.add_argument("--paste-mb", type=float, default=10.0)
    parser.add_argument("--body-timeout", type=float, default=3.0, help="0: do not pass the option (a server without it)")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="slow-clients-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYSCOPE_")}
    options = ["--body-timeout", str(args.body_timeout)] if args.body_timeout else []
    server = subprocess.Popen([sys.executable, "-m", "storyscope.cli.app", "serve", "--db", f"sqlite:///{home / 's.db'}",
                               "--port", str(port), *options], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/static/style.css")
                break
            except httpx.TransportError:
                time.sleep(0.2)
        rows = [summary("alone", latencies(base, args.seconds), None)]

        csrf = httpx.get(f"{base}/api/csrf")
        cookie = "; ".join(f"{k}={v}" for k, v in csrf.cookies.items())
        stop, held = threading.Event(), []
        threads = [threading.Thread(target=trickle, args=(port, csrf.json()["token"], cookie, stop, held))
                   for _ in range(args.trickles)]
        for t in threads:
            t.start()
        rows.append(summary(f"{args.trickles} trickling bodies", latencies(base, args.seconds), rows[0]))
        stop.set()
        for t in threads:
            t.join()

        text = big_html(args.paste_mb)
        pastes, done = [], threading.Event()

        def paste():
            with httpx.Client(timeout=600) as client:
                token = client.get(f"{base}/api/csrf").json()["token"]
                while not done.is_set():
                    started = time.perf_counter()
                    status = client.post(f"{base}/api/articles", data={"text": text}, headers={"X-CSRF-Token": token}).status_code
                    pastes.append((status, round(time.perf_counter() - started, 2)))

        poster = threading.Thread(target=paste)
        poster.start()
        time.sleep(0.3)
        rows.append(summary(f"pasting {args.paste_mb:g} MB of HTML", latencies(base, args.seconds), rows[0]))
        done.set()
        poster.join()
        held.sort()
        extra = {"trickle_held_s": {"min": round(held[0], 2), "max": round(held[-1], 2)} if held else None,
                 "pastes_status_s": pastes}
        print(extra)
        print(json.dumps({"rows": rows, **extra}))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
