"""One benchmark workload through one Python client, as bench/harness.py runs it:

    python python_client.py CLIENT WORKLOAD BASE_URL API_KEY N ID

CLIENT is ours-sync, ours-async (workos_dsync) or peer-sync, peer-async (the
official `workos` package, retries off). Prints one JSON line: wall and CPU
seconds (user + system, every thread of the process) around the workload,
the number of items and the process's peak RSS. `first-call` also times the
import and the client.
"""

import asyncio
import json
import sys
import time

started_wall, started_cpu = time.perf_counter(), time.process_time()
client_name, workload, base_url, api_key, n, dir_id = sys.argv[1:7]
n = int(n)


def make_client():
    if client_name == "ours-sync":
        from workos_dsync import WorkOSClient

        return WorkOSClient(api_key=api_key, base_url=base_url, max_retries=0)
    if client_name == "ours-async":
        from workos_dsync import AsyncWorkOSClient

        return AsyncWorkOSClient(api_key=api_key, base_url=base_url, max_retries=0)
    if client_name == "peer-sync":
        from workos import WorkOSClient

        return WorkOSClient(api_key=api_key, client_id="client_bench", base_url=base_url, max_retries=0)
    if client_name == "peer-async":
        from workos import AsyncWorkOSClient

        return AsyncWorkOSClient(api_key=api_key, client_id="client_bench", base_url=base_url, max_retries=0)
    raise SystemExit(f"unknown client {client_name}")


def run_sync(client) -> int:
    api = client.directory_sync
    if workload in ("get-seq", "first-call"):
        for _ in range(n):
            api.get_directory(dir_id)
        return n
    if workload == "get-concurrent":
        # A sync client has no concurrency of its own: threads are how it is used.
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=32) as pool:
            return len(list(pool.map(lambda _: api.get_directory(dir_id), range(n))))
    if workload in ("paginate", "paginate-mem"):
        return sum(1 for _ in api.list_directories(limit=100).auto_paging_iter())
    raise SystemExit(f"unknown workload {workload}")


async def run_async(client) -> int:
    api = client.directory_sync
    if workload in ("get-seq", "first-call"):
        for _ in range(n):
            await api.get_directory(dir_id)
        return n
    if workload == "get-concurrent":
        return len(await asyncio.gather(*(api.get_directory(dir_id) for _ in range(n))))
    if workload in ("paginate", "paginate-mem"):
        page = await api.list_directories(limit=100)
        count = 0
        async for _ in page.auto_paging_iter():
            count += 1
        return count
    raise SystemExit(f"unknown workload {workload}")


if workload != "first-call":
    client = make_client()
    started_wall, started_cpu = time.perf_counter(), time.process_time()
else:
    client = make_client()
count = asyncio.run(run_async(client)) if client_name.endswith("async") else run_sync(client)
wall, cpu = time.perf_counter() - started_wall, time.process_time() - started_cpu


def peak_rss_mb():
    """Peak RSS of this process since exec (VmHWM): wait4's figure in the
    harness starts from the harness's own RSS, inherited at exec."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


print(json.dumps({"wall": wall, "cpu": cpu, "count": count, "rss_mb": peak_rss_mb()}))
