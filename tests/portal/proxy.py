"""A round-robin TCP proxy for tests, standing in for nginx in front of several portal workers.

Each new client connection goes to the next backend and bytes are piped both ways unchanged, so
HTTP/1.1 keep-alive stays on one worker for the connection's life (as with nginx's default
upstream). ``connections[i]`` counts the connections sent to backend ``i``. A backend that refuses
a connection is skipped for the next (nginx's ``proxy_next_upstream error``), and noted in
``connect_errors``; when none can be reached the client gets a 502.

    with RoundRobinProxy([("127.0.0.1", 8001), ("127.0.0.1", 8002)]) as proxy:
        httpx.get(proxy.url + "/status.json")
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import threading

CHUNK = 64 * 1024
CONNECT_TRIES = 4
BAD_GATEWAY = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class RoundRobinProxy:
    def __init__(self, backends: list[tuple[str, int]]) -> None:
        self.backends = list(backends)
        self.connections = [0] * len(self.backends)
        self.connect_errors: list[str] = []  # backends that refused a connection (then the next was tried)
        self.port = 0
        self._next = itertools.cycle(range(len(self.backends)))
        self._ready = threading.Event()
        self._thread = threading.Thread(target=asyncio.run, args=(self._main(),), daemon=True)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> RoundRobinProxy:
        self._thread.start()
        assert self._ready.wait(10), "the proxy did not start"
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(10)

    __enter__ = start

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _main(self) -> None:
        self._loop, self._stopping = asyncio.get_running_loop(), asyncio.Event()
        server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        await self._stopping.wait()
        server.close()  # open connections' tasks are cancelled as asyncio.run ends

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        for _ in range(CONNECT_TRIES):
            index = next(self._next)
            try:
                backend_reader, backend_writer = await asyncio.open_connection(*self.backends[index])
                break
            except OSError as exc:  # nothing was sent yet: try the next backend, as nginx does
                self.connect_errors.append(f"{self.backends[index]}: {exc!r}")
        else:
            client_writer.write(BAD_GATEWAY)  # an answer, not a reset, when no backend can be reached
            with contextlib.suppress(ConnectionError):
                await client_writer.drain()
            client_writer.close()
            return
        self.connections[index] += 1
        try:
            await asyncio.gather(_pipe(client_reader, backend_writer), _pipe(backend_reader, client_writer))
        finally:
            for writer in (client_writer, backend_writer):
                writer.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy until end of stream, then half-close the other side (a reply may still be on its way)."""
    with contextlib.suppress(ConnectionError):
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
