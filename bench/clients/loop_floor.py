"""asyncio's floors, for bench/harness.py to measure the asyncio client
against: what asyncio itself costs per get, before any client work.

    python loop_floor.py exchange|turn WORKLOAD BASE_URL API_KEY N ID

`get-seq` and `first-call` only.

`exchange`: the least a get costs when asyncio's event loop does the I/O
itself. One keep-alive HTTP/1.1 connection made with
`loop.create_connection` (an `asyncio.Protocol`, the loop's cheapest
streaming interface), each request one `transport.write` of prebuilt bytes,
the response framed by `Content-Length` and its body decoded by `json.loads`
into a dict. No client, no model, no retries, no timeouts: what remains is
asyncio's own cost of one request and one response. Anything but a 200 with
a `Content-Length` stops the run.

`turn`: each "get" is one future resolved by a callback on the next loop
iteration (`call_soon`), nothing else: no I/O, no system call but the loop's
own poll. Any asyncio client pays at least this per get, however it does its
I/O, because the awaiting coroutine resumes only on a later turn of the
loop. A lower bound, then: a real get also needs a wake-up from a file
descriptor. It is measured after 20,000 untimed turns, as Node's is.

(No `decode` floor here, unlike Node's: `json.loads` costs more than our
binding's way of handing out a directory, so it would bound nothing.)

Prints the same JSON line as python_client.py.
"""

import asyncio
import json
import sys
import time
from urllib.parse import urlsplit

mode, workload, base_url, api_key, n, dir_id = sys.argv[1:7]
n = int(n)
if mode not in ("exchange", "turn"):
    raise SystemExit(f"loop_floor.py: exchange or turn, not {mode}")
if workload not in ("get-seq", "first-call"):
    raise SystemExit(f"loop_floor.py runs get-seq and first-call only, not {workload}")
WARM_UP = 20_000


def check(directory) -> None:
    if directory["id"] != dir_id:
        raise SystemExit(f"asked for {dir_id}, got {directory['id']}")


class Exchange(asyncio.Protocol):
    """One keep-alive connection; `get()` is the body of the next response."""

    def __init__(self, request: bytes) -> None:
        self.request = request
        self.buf = bytearray()
        self.waiter = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError(f"the server closed the connection: {exc}"))

    def data_received(self, data: bytes) -> None:
        self.buf += data
        head_end = self.buf.find(b"\r\n\r\n")
        if head_end < 0:
            return
        head = bytes(self.buf[:head_end]).lower()
        if not head.startswith(b"http/1.1 200 "):
            raise SystemExit(f"unexpected response {bytes(self.buf[:head_end])!r}")
        at = head.find(b"\r\ncontent-length:")
        if at < 0:
            raise SystemExit("response without Content-Length")
        end = head.find(b"\r\n", at + 2)
        length = int(head[at + 17:end if end >= 0 else len(head)])
        body_end = head_end + 4 + length
        if len(self.buf) < body_end:
            return
        body = bytes(self.buf[head_end + 4:body_end])
        del self.buf[:body_end]
        waiter, self.waiter = self.waiter, None
        waiter.set_result(body)

    async def get(self) -> bytes:
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(self.request)
        return await self.waiter


async def connect() -> Exchange:
    url = urlsplit(base_url)
    if url.scheme != "http":
        raise SystemExit(f"loop_floor.py speaks plain http:// only, not {base_url}")
    request = (
        f"GET {url.path.rstrip('/')}/directories/{dir_id} HTTP/1.1\r\nHost: {url.netloc}\r\n"
        f"Authorization: Bearer {api_key}\r\nUser-Agent: loop-floor\r\nAccept: */*\r\n\r\n"
    ).encode()
    loop = asyncio.get_running_loop()
    _, exchange = await loop.create_connection(lambda: Exchange(request), url.hostname, url.port)
    return exchange


async def main() -> "tuple[float, float]":
    """CPU and wall clock when the measured gets start."""
    loop = asyncio.get_running_loop()
    if mode == "exchange":
        exchange = await connect()
        started = time.process_time(), time.perf_counter()
        for _ in range(n):
            check(json.loads(await exchange.get()))
        exchange.transport.close()
        return started

    async def turn() -> None:
        waiter = loop.create_future()
        loop.call_soon(waiter.set_result, None)
        await waiter

    for _ in range(max(n, WARM_UP)):
        await turn()
    started = time.process_time(), time.perf_counter()
    for _ in range(n):
        await turn()
    return started


started_cpu, started_wall = asyncio.run(main())
cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started_wall


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


print(json.dumps({"wall": wall, "cpu": cpu, "count": n, "rss_mb": peak_rss_mb()}))
