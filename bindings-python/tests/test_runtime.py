"""The runtime under real use: asyncio concurrency and cancellation, threads,
the GIL, fork, Ctrl-C, interpreter exit. All against the mock over HTTP."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from typing import Any, List

from conftest import Mock, async_client_for, client_for

import workos_dsync

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
    mock.fault({"method": "GET", "path": f"/directories/{dir_id}", "delay_ms": 5000})

    async def main() -> None:
        client = async_client_for(mock)
        task = asyncio.ensure_future(client.directory_sync.get_directory(dir_id))
        await asyncio.sleep(0.2)
        task.cancel()
        started = time.monotonic()
        try:
            await task
        except asyncio.CancelledError:
            pass
        else:
            raise AssertionError("the task was not cancelled")
        assert time.monotonic() - started < 2.0
        # The client still works, on a fresh connection.
        assert (await client.directory_sync.get_directory(dir_id)).id == dir_id
        with_timeout = asyncio.wait_for(client.directory_sync.list_directories(), 10)
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


def test_sync_calls_release_the_gil(mock: Mock) -> None:
    mock.reset(count=1)
    dir_id = mock.directories()[0]["id"]
    mock.fault({"method": "GET", "path": f"/directories/{dir_id}", "delay_ms": 1000})
    client = client_for(mock)
    done = threading.Event()

    def slow_call() -> None:
        client.directory_sync.get_directory(dir_id)
        done.set()

    t = threading.Thread(target=slow_call)
    t.start()
    time.sleep(0.05)  # let the call start and block
    spins = 0
    while not done.is_set():
        spins += 1
    t.join()
    # Holding the GIL for the second-long call would leave this thread a few
    # switch intervals at most; released, it spins the whole time.
    assert spins > 200_000, spins


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
    mock.fault({"method": "GET", "path": f"/directories/{dir_id}", "delay_ms": 10_000})
    code = _script(
        mock,
        f"""
        c = WorkOSClient(api_key=KEY, base_url=URL)
        print("calling", flush=True)
        try:
            c.directory_sync.get_directory({dir_id!r})
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(3)
        """,
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "calling"
    time.sleep(0.3)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    elapsed = time.monotonic() - sent
    assert proc.returncode == 3 and "interrupted" in out
    # The server would have answered after 10 s: far longer than this bound.
    assert elapsed < 5, f"KeyboardInterrupt took {elapsed:.2f}s"


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
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"


def test_event_loops_come_and_go_without_leaking_descriptors(mock: Mock) -> None:
    # Each loop gets a wake-up pipe for finished calls; it must close with the loop.
    mock.reset(count=2)
    ids = [d["id"] for d in mock.directories()]
    client = async_client_for(mock)

    async def burst() -> int:
        return len(await asyncio.gather(*(client.directory_sync.get_directory(ids[0]) for _ in range(20))))

    import gc

    assert asyncio.run(burst()) == 20
    gc.collect()
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(30):
        assert asyncio.run(burst()) == 20
    gc.collect()
    time.sleep(0.2)
    gc.collect()
    after = len(os.listdir("/proc/self/fd"))
    assert after - before < 10, f"{before} descriptors before, {after} after 30 event loops"


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
