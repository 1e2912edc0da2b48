"""A fault-injecting HTTP proxy on 127.0.0.1 for the sync fault tests (threads, standard library only).

It understands just enough HTTP/1.1 to know where a request ends (headers, then `Content-Length` bytes),
so that it can misbehave at the request level the way real networks and middleboxes do:

- `drop`: take the request and close the connection without forwarding it;
- `delay`: hold the request, and the response, for a random while;
- `cut_request`: forward part of the request, then close both sides (the server sees a torn request);
- `cut_response`: forward the request, then deliver only part of the response (the server applied it,
  the client cannot know);
- `duplicate`: forward the request twice (one after the other, or both at once) and deliver the
  answer to the second: the client's one push reaches the server as two;
- `late`: hold the request past the client's read timeout, then forward it anyway (the server applies a
  push the client has given up on).

Each request goes to the server on a fresh connection with `Connection: close`, and the client's
connection is closed after each answer, so a fault never leaks into the next request.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

FAULTS = ("drop", "delay", "cut_request", "cut_response", "duplicate", "late")
_HEADER_LIMIT = 64 * 1024


@dataclass
class FaultPlan:
    """How often and how hard to misbehave. `weights` picks among `FAULTS` once a request is chosen
    (with probability `rate`) to be faulted; `forced` faults are used first, in order."""

    rate: float = 0.0
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "drop": 2,
            "delay": 3,
            "cut_request": 2,
            "cut_response": 3,
            "duplicate": 3,
            "late": 0.3,
        }
    )
    max_delay_s: float = 0.2
    late_s: float = 5.5  # a little over the tests' read timeout
    forced: list[str] = field(default_factory=list)


class FaultProxy:
    """`FaultProxy(upstream_port, rng).start()` → listens on `self.port`; always `stop()` it."""

    def __init__(
        self,
        upstream_port: int,
        rng: random.Random | None = None,
        plan: FaultPlan | None = None,
        *,
        host: str = "127.0.0.1",  # another 127.x address looks like another computer to the client
    ) -> None:
        self.upstream_port = upstream_port
        self.host = host
        self.rng = rng or random.Random(0)
        self.plan = plan or FaultPlan()
        self.counts: Counter[str] = Counter()
        self.paths: list[str] = []  # request lines seen, for tests that check what the client sent
        self.headers_seen: list[bytes] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._threads: set[threading.Thread] = set()
        self._sockets: set[socket.socket] = set()
        self._stopping = threading.Event()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FaultProxy:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, 0))
        listener.listen(64)
        self._listener = listener
        self.port = listener.getsockname()[1]
        self._spawn(self._accept_loop)
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._listener is not None:
            _close(self._listener)  # shutdown() is what wakes a thread blocked in accept()
        with self._lock:
            sockets = list(self._sockets)
            threads = list(self._threads)
        for sock in sockets:
            _close(sock)
        for thread in threads:
            thread.join(timeout=10)

    def set_rate(self, rate: float) -> None:
        self.plan.rate = rate

    def force(self, *faults: str) -> None:
        """Apply these faults to the next requests, in order (regardless of `rate`)."""
        with self._lock:
            self.plan.forced.extend(faults)

    # -- internals -----------------------------------------------------------------------------------

    def _spawn(self, target, *args) -> None:  # noqa: ANN001
        thread = threading.Thread(target=self._run_tracked, args=(target, *args), daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()

    def _run_tracked(self, target, *args) -> None:  # noqa: ANN001
        try:
            target(*args)
        finally:
            with self._lock:
                self._threads.discard(threading.current_thread())

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        _close(sock)

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._track(client)
            self._spawn(self._serve, client)

    def _choose(self) -> str:
        with self._lock:
            if self.plan.forced:
                return self.plan.forced.pop(0)
            if self.rng.random() >= self.plan.rate:
                return "pass"
            names = list(self.plan.weights)
            return self.rng.choices(names, weights=[self.plan.weights[n] for n in names])[0]

    def _serve(self, client: socket.socket) -> None:
        try:
            client.settimeout(30)
            request = _read_request(client)
            if request is None:
                return
            with self._lock:
                self.paths.append(request.split(b"\r\n", 1)[0].decode("latin-1"))
                self.headers_seen.append(request.split(b"\r\n\r\n", 1)[0])
            fault = self._choose()
            self.counts[fault] += 1
            with self._lock:
                fraction = self.rng.random()
                delay = self.rng.uniform(0, self.plan.max_delay_s)
                concurrent = self.rng.random() < 0.5
            request = _with_connection_close(request)
            if fault == "drop":
                return
            if fault == "cut_request":
                self._forward_partial(request, fraction)
                return
            if fault == "delay":
                time.sleep(delay)
            if fault == "late":
                time.sleep(self.plan.late_s)
            if fault == "duplicate":
                response = self._forward_twice(request, concurrent)
            else:
                response = self._forward(request)
            if response is None:
                return
            if fault == "delay":
                time.sleep(delay)
            if fault == "cut_response":
                response = response[: int(len(response) * fraction * 0.95)]
            client.sendall(response)
        except OSError:
            pass
        finally:
            self._untrack(client)

    def _connect(self) -> socket.socket | None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
        except OSError:
            return None  # the server is down (restarting): the client sees its connection closed
        self._track(upstream)
        return upstream

    def _forward(self, request: bytes) -> bytes | None:
        upstream = self._connect()
        if upstream is None:
            return None
        try:
            upstream.sendall(request)
            chunks = []
            while True:
                chunk = upstream.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
            return b"".join(chunks) or None
        except OSError:
            return None
        finally:
            self._untrack(upstream)

    def _forward_twice(self, request: bytes, concurrent: bool) -> bytes | None:
        if not concurrent:
            self._forward(request)
            return self._forward(request)
        results: list[bytes | None] = [None, None]

        def send(slot: int) -> None:
            results[slot] = self._forward(request)

        first = threading.Thread(target=send, args=(0,), daemon=True)
        first.start()
        send(1)
        first.join(timeout=30)
        return results[1] if results[1] is not None else results[0]

    def _forward_partial(self, request: bytes, fraction: float) -> None:
        upstream = self._connect()
        if upstream is None:
            return
        try:
            upstream.sendall(request[: max(1, int(len(request) * fraction * 0.95))])
        except OSError:
            pass
        finally:
            self._untrack(upstream)


def _read_request(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > _HEADER_LIMIT:
            return None
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head + b"\r\n\r\n" + body[:length]


def _with_connection_close(request: bytes) -> bytes:
    head, _, body = request.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
