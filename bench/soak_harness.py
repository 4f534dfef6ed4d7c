"""Soak test: many requests through each of our clients against the release
mock with random faults on, checking that no fault reaches the user and that
memory stays flat.

Started by bench/soak, which builds and installs everything first. For each
client (Python sync, Python asyncio, Node) in a fresh child process
(bench/clients/soak_python.py, bench/clients/soak_node.mjs): one
auto-paginated walk over every directory, then N get_directory calls from a
pool of workers. The mock is reset before each client, so each
starts from the same point of the same fault sequence. Exits 1 if a bound is
violated.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, List, Tuple

from harness import machine

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "target"
OUT = TARGET / "soak"
API_KEY = "sk_test_soak"
KINDS = ["503", "429", "drop", "slow"]
FAILING = ["503", "429", "drop"]
RSS_BOUND_MB = 10.0


def clients(py: str) -> Dict[str, Tuple[str, List[str], Path]]:
    """name -> (label, command prefix, working directory)"""
    py_client = [py, str(REPO / "bench" / "clients" / "soak_python.py")]
    node_dir = TARGET / "soak-node"
    return {
        "py-sync": ("Python WorkOSClient (threads)", py_client + ["sync"], REPO),
        "py-async": ("Python AsyncWorkOSClient (asyncio)", py_client + ["async"], REPO),
        "node": ("Node WorkOS", ["node", "--expose-gc", str(node_dir / "soak_node.mjs")], node_dir),
    }


class Mock:
    def __init__(self, args: argparse.Namespace) -> None:
        command = [
            str(TARGET / "release" / "workos-dsync-mock"), "--port", "0", "--api-key", API_KEY,
            "--seed", "7", "--count", str(args.directories),
            "--fault-rate", str(args.fault_rate), "--fault-kinds", ",".join(KINDS),
            "--fault-seed", str(args.fault_seed), "--slow-ms", str(args.slow_ms),
            # The clients retry max_retries times: with at most that many
            # failing faults in a row, any failure they report is a bug.
            "--fault-max-consecutive", str(args.max_retries),
        ]
        self.command = " ".join(command[1:])
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise SystemExit(f"mock did not start: {line!r}")
        self.url = line[len("listening on "):]

    def admin(self, method: str, path: str) -> Any:
        req = urllib.request.Request(f"{self.url}/__mock/{path}", method=method,
                                     data=b"" if method == "POST" else None)
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.load(resp)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def run_client(command: List[str], cwd: Path, config: Dict[str, Any], timeout_s: float) -> Dict[str, Any]:
    proc = subprocess.Popen(command + [json.dumps(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=cwd)
    # A hung client must not hang the run (or `make test`).
    killer = threading.Timer(timeout_s, proc.kill)
    killer.start()
    try:
        assert proc.stdout is not None and proc.stderr is not None
        out, err = proc.stdout.read(), proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        killer.cancel()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} exited {code} (timeout {timeout_s:.0f} s):\n{err.decode()}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result["peak_rss"] = usage.ru_maxrss * 1024
    return result


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def soak(args: argparse.Namespace) -> Tuple[List[Dict[str, Any]], List[str], str]:
    OUT.mkdir(parents=True, exist_ok=True)
    mock = Mock(args)
    violations: List[str] = []
    rows: List[Dict[str, Any]] = []
    try:
        ids = [d["id"] for d in mock.admin("GET", "directories")]
        ids_file = OUT / "ids.json"
        ids_file.write_text(json.dumps(ids))
        pages = -(-len(ids) // 100)
        config = {"url": mock.url, "key": API_KEY, "requests": args.requests, "concurrency": args.concurrency,
                  "ids": str(ids_file), "directories": len(ids), "max_retries": args.max_retries,
                  "timeout": args.timeout}
        every = clients(sys.executable)
        for name in args.clients.split(","):
            label, command, cwd = every[name]
            # Random faults back to the start of their sequence, counters and log cleared.
            mock.admin("POST", "reset")
            r = run_client(command, cwd, config, args.client_timeout)
            faults = mock.admin("GET", "random-faults")
            calls = r["gets"] + pages
            failing = sum(faults["faulted"][k] for k in FAILING)
            rss = {int(k): v for k, v in r["rss"].items()}
            rss_from, rss_to = rss.get(args.requests // 10), rss.get(args.requests)
            growth = None if rss_from is None or rss_to is None else rss_to - rss_from
            row = {
                "client": name, "label": label, "gets": r["gets"], "walk": r["walk"], "failures": r["failures"],
                "failure_samples": r["failure_samples"], "wall": r["wall"], "cpu": r["cpu"],
                "calls_per_s": calls / r["wall"], "mock_requests": faults["requests"],
                "faulted": faults["faulted"], "spared": faults["spared"], "rss": rss,
                "rss_from": rss_from, "rss_to": rss_to, "rss_growth": growth, "peak_rss": r["peak_rss"],
            }
            rows.append(row)

            problems = []
            if r["failures"]:
                problems.append(f"{r['failures']} user-visible failure(s), e.g. {r['failure_samples'][:3]}")
            if r["gets"] != args.requests:
                problems.append(f"{r['gets']} gets completed, expected {args.requests}")
            if growth is None:
                problems.append("no RSS samples")
            elif args.enforce_rss and growth >= RSS_BOUND_MB * 1e6:
                problems.append(f"RSS grew {mb(growth)} from get {args.requests // 10:,} to {args.requests:,}"
                                f" (bound {RSS_BOUND_MB:.0f} MB)")
            missing = [k for k in KINDS if faults["faulted"][k] == 0]
            if missing:
                problems.append(f"no {', '.join(missing)} faults happened: the soak did not test them")
            # Each failing fault costs exactly one retry and nothing else does.
            if faults["requests"] != calls + failing:
                problems.append(f"the mock saw {faults['requests']} API requests, expected "
                                f"{calls} calls + {failing} retries")
            violations += [f"{name}: {p}" for p in problems]
            rss_text = "n/a" if growth is None else f"{mb(rss_from)} -> {mb(rss_to)} ({growth / 1e6:+.1f} MB)"
            print(f"{name:9} {r['gets']:,} gets + walk of {r['walk']['count']:,} in {r['wall']:.1f} s "
                  f"({row['calls_per_s']:,.0f} calls/s), failures {r['failures']}, "
                  f"mock: {faults['requests']:,} requests, faults "
                  + " ".join(f"{k}={faults['faulted'][k]}" for k in KINDS)
                  + f", spared {faults['spared']}; RSS {rss_text}"
                  + ("" if args.enforce_rss else " (not enforced)")
                  + ("" if not problems else "  <-- " + "; ".join(problems)),
                  flush=True)
    finally:
        mock.stop()
    return rows, violations, mock.command


def sources() -> str:
    """Which code was measured, since the figures are only as good as that."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"commit {commit}" + (" with uncommitted changes" if dirty else "")


def section(args: argparse.Namespace, rows: List[Dict[str, Any]], mock_command: str, seconds: float) -> str:
    n = args.requests
    lines = [
        "## Soak",
        "",
        f"Written by `bench/soak` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} from {sources()}; "
        f"the whole run took {seconds / 60:.1f} min. Machine: {machine()}.",
        "",
        f"Per client, in a fresh process: one auto-paginated walk over all {rows[0]['walk']['count']:,} "
        f"directories (100 a page), then {n:,} `get_directory` calls from {args.concurrency} workers (threads, "
        f"asyncio tasks, async functions), against the release mock with random faults "
        f"(`{mock_command}`): {args.fault_rate:.0%} of API requests fail with 503, 429 (`Retry-After: 0`) or a "
        f"dropped connection, or answer {args.slow_ms} ms late, never more than {args.max_retries} failing "
        f"faults in a row for one request. Clients: `max_retries` {args.max_retries} (the default backoff), "
        f"timeout {args.timeout:g} s. RSS is sampled after a full garbage collection.",
        "",
        "| client | failures | calls/s | wall | client CPU | mock requests | 503 | 429 | drop | slow | spared "
        f"| RSS at get {n // 10:,} | RSS at get {n:,} | growth (bound {RSS_BOUND_MB:.0f} MB) | peak RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        f = r["faulted"]
        lines.append(
            f"| {r['label']} | {r['failures']} | {r['calls_per_s']:,.0f} | {r['wall']:.1f} s | {r['cpu']:.1f} s "
            f"| {r['mock_requests']:,} | {f['503']:,} | {f['429']:,} | {f['drop']:,} | {f['slow']:,} "
            f"| {r['spared']} | {mb(r['rss_from'])} | {mb(r['rss_to'])} | {r['rss_growth'] / 1e6:+.1f} MB "
            f"| {mb(r['peak_rss'])} |"
        )
    lines += [
        "",
        "\"calls/s\" counts the client's calls (gets and pages), not its retries; \"mock requests\" counts "
        "every attempt the mock received, which is the calls plus one retry per failing fault (checked). "
        "\"spared\" is how often the mock served a request instead of failing it a fourth time in a row: "
        "with independent faults, each would have been a user-visible failure after the client's "
        f"{args.max_retries} retries. Wall time is mostly backoff: each 503 or dropped connection "
        "waits 125-250 ms before its retry (429s wait for `Retry-After: 0`, that is not at all), which "
        "the workers overlap.",
        "",
    ]
    return "\n".join(lines)


def record(text: str) -> Path:
    """Replaces the Soak section of bench/RESULTS.md (bench/run keeps it when
    it rewrites the rest)."""
    path = REPO / "bench" / "RESULTS.md"
    current = path.read_text() if path.exists() else "# Benchmark results\n"
    start = current.find("\n## Soak\n")
    if start >= 0:
        end = current.find("\n## ", start + 1)
        current = current[:start] + ("" if end < 0 else current[end:])
    path.write_text(current.rstrip("\n") + "\n\n" + text)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="5,000 gets over 1,000 directories; RSS reported, not enforced")
    parser.add_argument("--requests", type=int, default=None, help="gets per client (default 100,000)")
    parser.add_argument("--directories", type=int, default=None, help="directories to walk (default 5,000)")
    parser.add_argument("--concurrency", type=int, default=64, help="workers per client")
    parser.add_argument("--clients", default="py-sync,py-async,node")
    parser.add_argument("--fault-rate", type=float, default=0.1)
    parser.add_argument("--fault-seed", type=int, default=7)
    parser.add_argument("--slow-ms", type=int, default=50)
    parser.add_argument("--max-retries", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=10.0, help="the clients' per-attempt timeout, seconds")
    parser.add_argument("--no-record", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args()
    args.requests = args.requests or (5_000 if args.quick else 100_000)
    args.directories = args.directories or (1_000 if args.quick else 5_000)
    # At 5,000 requests RSS is still settling (allocator arenas, V8 heap
    # sizing), so a 10 MB bound there would measure warm-up, not leaks.
    args.enforce_rss = not args.quick
    args.client_timeout = 300 if args.quick else 1800
    if args.directories < args.concurrency:
        raise SystemExit("--directories must be at least --concurrency (each worker owns some ids)")

    started = time.perf_counter()
    rows, violations, mock_command = soak(args)
    seconds = time.perf_counter() - started
    if not args.quick and not args.no_record:
        print(f"wrote {record(section(args, rows, mock_command, seconds))}")
    (OUT / "results.json").write_text(json.dumps(rows, indent=1))
    if violations:
        print("SOAK FAILED:\n  " + "\n  ".join(violations))
        sys.exit(1)
    print(f"soak passed: {len(rows)} clients, {args.requests:,} gets each, 0 failures, in {seconds:.0f} s")


if __name__ == "__main__":
    main()
