"""The runtime under real use: asyncio concurrency and cancellation, threads,
the GIL, fork, Ctrl-C, interpreter exit. Against the mock over HTTP, except
the GIL test, whose server must be Python code in this process."""

from __future__ import annotations

import asyncio
import gc
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, List

import pytest
from conftest import Mock, async_client_for, client_for, request_logged, wait_until, wait_until_async

import workos_dsync
from workos_dsync._native import in_flight_calls

# Used by the multiprocessing children (fork start method: inherited as is).
_FORKED_CLIENT: Any = None


def test_500_concurrent_gets_with_gather(mock: Mock) -> None:
    mock.reset(count=20)
    ids = [d["id"] for d in mock.directories()]

    async def main() -> List[Any]:
        client = async_client_for(mock)
        return await asyncio.gather(
            *(client.directory_sync.get_directory(ids[i % len(ids)]) for i in range(500))
        )

    results = asyncio.run(main())
    assert [d.id for d in results] == [ids[i % len(ids)] for i in range(500)]
    # A call stops counting before its result is handed over.
    assert in_flight_calls() == 0


def test_async_errors_and_async_paging(mock: Mock) -> None:
    mock.reset(count=45)

    async def main() -> int:
        client = async_client_for(mock)
        try:
            await client.directory_sync.get_directory("directory_missing")
        except workos_dsync.NotFoundError as e:
            assert e.request_id
        else:
            raise AssertionError("expected NotFoundError")
        page = await client.directory_sync.list_directories(limit=10, order="asc")
        return len([d async for d in page.auto_paging_iter()])

    assert asyncio.run(main()) == 45


def test_cancelling_a_task_cancels_the_request(mock: Mock) -> None:
    mock.reset(count=1)
    dir_id = mock.directories()[0]["id"]
    path = f"/directories/{dir_id}"
    # Far longer than any wait below: only an abort ends the call in time.
    mock.fault({"method": "GET", "path": path, "delay_ms": 300_000})

    async def main() -> None:
        client = async_client_for(mock, max_retries=0, request_timeout=600)
        task = asyncio.ensure_future(client.directory_sync.get_directory(dir_id))
        await wait_until_async(lambda: request_logged(mock, "GET", path), "the request reaches the mock")
        assert in_flight_calls() == 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await wait_until_async(lambda: in_flight_calls() == 0, "the cancelled call ends")
        # The client still works, on a fresh connection.
        assert (await client.directory_sync.get_directory(dir_id)).id == dir_id
        with_timeout = asyncio.wait_for(client.directory_sync.list_directories(), 30)
        assert len((await with_timeout).data) == 1

    asyncio.run(main())


def test_eight_threads_share_one_sync_client(mock: Mock) -> None:
    mock.reset(count=16)
    ids = [d["id"] for d in mock.directories()]
    client = client_for(mock)
    failures: List[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(50):
                want = ids[(n + i) % len(ids)]
                assert client.directory_sync.get_directory(want).id == want
            assert len(list(client.directory_sync.list_directories(limit=5).auto_paging_iter())) == 16
        except BaseException as e:  # noqa: BLE001 - reported below
            failures.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_sync_calls_release_the_gil() -> None:
    # The server answering the call is Python code on another thread of this
    # process: it can run only if the calling thread lets go of the GIL while
    # it waits. Holding it, the call would wait out its timeout instead.
    in_flight_while_serving: List[int] = []
    body = json.dumps(
        {"object": "directory", "id": "directory_gil", "organization_id": "org_gil", "external_key": "gil",
         "type": "okta scim v2.0", "state": "linked", "name": "GIL",
         "created_at": "2024-01-01T00:00:00.000Z", "updated_at": "2024-01-01T00:00:00.000Z"}
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            in_flight_while_serving.append(in_flight_calls())
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        client = workos_dsync.WorkOSClient(api_key="sk_test_gil", base_url=url, max_retries=0, request_timeout=30)
        assert client.directory_sync.get_directory("directory_gil").id == "directory_gil"
        assert in_flight_while_serving == [1], "served once, while the call was counted"
        assert in_flight_calls() == 0
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _get_in_child(dir_id: str) -> str:
    return _FORKED_CLIENT.directory_sync.get_directory(dir_id).id


def test_fork_child_uses_old_and_new_clients(mock: Mock) -> None:
    global _FORKED_CLIENT
    mock.reset(count=3)
    ids = [d["id"] for d in mock.directories()]
    client = client_for(mock)
    assert client.directory_sync.get_directory(ids[0]).id == ids[0]  # pool and runtime in use

    pid = os.fork()
    if pid == 0:  # the child: report through the exit code only
        code = 1
        try:
            assert client.directory_sync.get_directory(ids[1]).id == ids[1]
            fresh = client_for(mock)
            assert len(fresh.directory_sync.list_directories().data) == 3

            async def in_child() -> str:
                return (await async_client_for(mock).directory_sync.get_directory(ids[2])).id

            assert asyncio.run(in_child()) == ids[2]
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    # The parent is unaffected.
    assert client.directory_sync.get_directory(ids[2]).id == ids[2]

    _FORKED_CLIENT = client
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(3) as pool:
        assert pool.map(_get_in_child, ids * 3) == ids * 3


def _script(mock: Mock, body: str) -> str:
    return textwrap.dedent(
        f"""
        import asyncio, sys, time
        from workos_dsync import WorkOSClient, AsyncWorkOSClient
        URL, KEY = {mock.url!r}, {mock.api_key!r}
        """
    ) + textwrap.dedent(body)


def test_ctrl_c_interrupts_a_blocked_call(mock: Mock) -> None:
    mock.reset(count=1)
    dir_id = mock.directories()[0]["id"]
    mock.fault({"method": "GET", "path": f"/directories/{dir_id}", "delay_ms": 300_000})
    # Earlier tests logged the same path (same seed, same id): without this,
    # the wait below can match one of theirs and Ctrl-C comes before the call.
    mock.clear_log()
    code = _script(
        mock,
        f"""
        import signal
        # As an interactive user has it, whatever this test was started from:
        # a shell's background job inherits SIGINT ignored, and a Python
        # started so installs no KeyboardInterrupt handler.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        c = WorkOSClient(api_key=KEY, base_url=URL, max_retries=0, request_timeout=600)
        print("calling", flush=True)
        try:
            c.directory_sync.get_directory({dir_id!r})
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(3)
        """,
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "calling"
        wait_until(lambda: request_logged(mock, "GET", f"/directories/{dir_id}"), "the call reaches the mock")
        proc.send_signal(signal.SIGINT)
        # The server answers only after 300 s (and the client waits that long):
        # a call that ignored Ctrl-C would still be blocked when this gives up.
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 3 and "interrupted" in out
    finally:
        proc.kill()
        proc.wait()


def test_interpreter_exits_promptly_after_use(mock: Mock) -> None:
    mock.reset(count=3)
    code = _script(
        mock,
        """
        c = WorkOSClient(api_key=KEY, base_url=URL)
        assert len(c.directory_sync.list_directories().data) == 3
        async def main():
            a = AsyncWorkOSClient(api_key=KEY, base_url=URL)
            page = await a.directory_sync.list_directories()
            pending = asyncio.ensure_future(a.directory_sync.list_directories())
            return len(page.data)
        assert asyncio.run(main()) == 3
        print("done", flush=True)
        """,
    )
    # A runtime thread that kept the process alive would make it run for ever;
    # two minutes is no bound on speed, only on hanging.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"


def test_event_loops_come_and_go_without_leaking_descriptors(mock: Mock) -> None:
    # Each loop gets a wake-up pipe for finished calls; it must close with the loop.
    mock.reset(count=2)
    ids = [d["id"] for d in mock.directories()]
    client = async_client_for(mock)

    async def burst() -> int:
        return len(await asyncio.gather(*(client.directory_sync.get_directory(ids[0]) for _ in range(20))))

    def pipes() -> int:
        # Pipes only: pooled connections to the mock come and go on their own.
        fds = "/proc/self/fd"
        count = 0
        for fd in os.listdir(fds):
            try:
                count += os.readlink(f"{fds}/{fd}").startswith("pipe:")
            except OSError:  # closed while listed
                pass
        return count

    assert asyncio.run(burst()) == 20
    gc.collect()
    before = pipes()
    for _ in range(30):
        assert asyncio.run(burst()) == 20

    def closed() -> bool:
        # A loop's pipe closes once the loop is collected and the runtime
        # threads have let go of its last completion.
        gc.collect()
        return pipes() <= before

    wait_until(closed, f"pipes of 30 event loops closed ({before} before)")


def test_loops_without_readers_still_get_their_results(mock: Mock) -> None:
    # Some loops (Windows' proactor, some third-party ones) cannot watch a pipe:
    # results then come back through call_soon_threadsafe.
    mock.reset(count=3)

    class NoReaderLoop(asyncio.SelectorEventLoop):
        def add_reader(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
            raise NotImplementedError("this loop cannot watch descriptors")

    async def main() -> int:
        client = async_client_for(mock)
        page = await client.directory_sync.list_directories()
        results = await asyncio.gather(*(client.directory_sync.get_directory(d.id) for d in page.data))
        return len(results)

    loop = NoReaderLoop()
    try:
        assert loop.run_until_complete(main()) == 3
    finally:
        loop.close()
