"""The soak workload through one of our Python clients, as bench/soak_harness.py runs it:

    python soak_python.py sync|async CONFIG_JSON

CONFIG_JSON: {"url", "key", "requests", "concurrency", "ids" (a file with a
JSON array of directory ids), "directories", "max_retries", "timeout"}.

One auto-paginated walk over every directory, then `requests` get_directory
calls from `concurrency` workers; prints one JSON line: failures (with a few
samples), the walk's outcome, RSS at every tenth of the gets, wall and CPU
seconds. The walk comes first so that the memory it leaves to the allocator
counts in the baseline, not as growth during the gets.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import threading
import time
from typing import Any, Dict, List

mode, config_text = sys.argv[1:3]
cfg = json.loads(config_text)
N: int = cfg["requests"]
C: int = cfg["concurrency"]
with open(cfg["ids"]) as f:
    IDS: List[str] = json.load(f)
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


class Tally:
    """Completed gets, failures, and RSS at every tenth of the run. Shared by
    threads (sync) or tasks (asyncio); the lock is uncontended in asyncio."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = 0
        self.failures = 0
        self.samples: List[str] = []
        self.rss: Dict[int, int] = {}
        self.marks = {N * k // 10 for k in range(1, 11)}

    def completed(self, error: str | None) -> None:
        with self.lock:
            self.done += 1
            done = self.done
            if error is not None:
                self.failures += 1
                if len(self.samples) < 5:
                    self.samples.append(error)
            if done in self.marks:
                # Collected first, so growth means memory still referenced,
                # not garbage the collector has yet to visit.
                gc.collect()
                self.rss[done] = rss_bytes()


def describe(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"[:300]


def assignments(worker: int) -> List[str]:
    """The ids one worker asks for: request numbers worker, worker + C ...
    Each worker owns ids[worker::C], so no id is ever requested twice at the
    same time: the mock's cap on consecutive faults is per request target."""
    mine = IDS[worker::C]
    return [mine[k % len(mine)] for k in range(len(range(worker, N, C)))]


def check_walk(seen: List[str], error: str | None) -> Dict[str, Any]:
    ok = error is None and len(set(seen)) == len(seen) == cfg["directories"] and set(seen) == set(IDS)
    return {"count": len(seen), "unique": len(set(seen)), "ok": ok, "error": error}


def run_sync() -> Dict[str, Any]:
    from concurrent.futures import ThreadPoolExecutor

    from workos_dsync import WorkOSClient

    client = WorkOSClient(api_key=cfg["key"], base_url=cfg["url"], max_retries=cfg["max_retries"],
                          request_timeout=cfg["timeout"])
    api = client.directory_sync
    tally = Tally()

    def worker(w: int) -> None:
        for want in assignments(w):
            try:
                got = api.get_directory(want).id
                tally.completed(None if got == want else f"asked for {want}, got {got}")
            except Exception as e:  # every failure is counted, none may escape
                tally.completed(describe(e))

    seen: List[str] = []
    error = None
    try:
        for d in api.list_directories(limit=100).auto_paging_iter():
            seen.append(d.id)
    except Exception as e:
        error = describe(e)
    walk = check_walk(seen, error)
    del seen
    with ThreadPoolExecutor(max_workers=C) as pool:
        for f in [pool.submit(worker, w) for w in range(C)]:
            f.result()
    return {"tally": tally, "walk": walk}


async def run_async() -> Dict[str, Any]:
    from workos_dsync import AsyncWorkOSClient

    client = AsyncWorkOSClient(api_key=cfg["key"], base_url=cfg["url"], max_retries=cfg["max_retries"],
                               request_timeout=cfg["timeout"])
    api = client.directory_sync
    tally = Tally()

    async def worker(w: int) -> None:
        for want in assignments(w):
            try:
                got = (await api.get_directory(want)).id
                tally.completed(None if got == want else f"asked for {want}, got {got}")
            except Exception as e:
                tally.completed(describe(e))

    seen: List[str] = []
    error = None
    try:
        page = await api.list_directories(limit=100)
        async for d in page.auto_paging_iter():
            seen.append(d.id)
    except Exception as e:
        error = describe(e)
    walk = check_walk(seen, error)
    del seen
    await asyncio.gather(*(worker(w) for w in range(C)))
    return {"tally": tally, "walk": walk}


started_wall, started_cpu = time.perf_counter(), time.process_time()
result = run_sync() if mode == "sync" else asyncio.run(run_async())
wall, cpu = time.perf_counter() - started_wall, time.process_time() - started_cpu
tally: Tally = result["tally"]
print(json.dumps({
    "gets": tally.done,
    "failures": tally.failures + (0 if result["walk"]["ok"] else 1),
    "failure_samples": tally.samples + ([] if result["walk"]["ok"] else [f"walk: {result['walk']}"]),
    "walk": result["walk"],
    "rss": {str(k): v for k, v in sorted(tally.rss.items())},
    "wall": wall,
    "cpu": cpu,
}))
