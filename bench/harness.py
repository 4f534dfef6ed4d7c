"""Runs every workload through every client against the release mock server,
side by side in one run, and writes the results table and chart.

Besides the pairs (ours vs the official SDK) it runs the floor
(`workos-dsync-floor`: std::net, one keep-alive connection, serde_json into the
core's models), the same floor with each get handed to a worker thread and
back, each async language's event-loop floors (`bench/clients/loop_floor.*`:
the loop doing one exchange itself, one bare loop turn, and for Node a turn
plus `JSON.parse` of a directory) and the Rust core
in three runtime configurations, and checks issue #14's goals: the core within
2x of the floor, every binding within 1.25x of the core, and 10x less CPU than
the official SDK, per sequential get.

Started by bench/run, which builds and installs everything first. Each
measurement is a fresh child process running one workload (bench/clients/ and
bench/rust/); the child reports wall and CPU seconds around its workload, the
parent adds the child's peak RSS from wait4. Every figure is the median of the
repetitions, and every ratio is ours / official from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Tuple

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "target"
API_KEY = "sk_test_bench"
PEER_PY_VERSION = "10.8.0"
PEER_NODE_VERSION = "11.0.0"

# name -> (label, language, command prefix)
def clients(py: str) -> Dict[str, Tuple[str, str, List[str]]]:
    node_dir = TARGET / "bench-node"
    py_client = [py, str(REPO / "bench" / "clients" / "python_client.py")]
    node_client = ["node", str(node_dir / "node_client.mjs")]
    core = str(TARGET / "release" / "workos-dsync-bench")
    py_floor = [py, str(REPO / "bench" / "clients" / "loop_floor.py")]
    node_floor = ["node", str(REPO / "bench" / "clients" / "loop_floor.mjs")]
    return {
        "floor": ("floor: std::net, no runtime (workos-dsync-floor)", "rust",
                  [str(TARGET / "release" / "workos-dsync-floor")]),
        # The same exchange on a worker thread the caller hands each get to: the least a call
        # whose I/O runs off the caller's thread (every async binding's) can cost.
        "floor-handoff": ("floor, each get handed to a worker thread and back (workos-dsync-floor --handoff)",
                          "rust", [str(TARGET / "release" / "workos-dsync-floor"), "--handoff"]),
        # The bindings' shared runtime is tokio's multi-thread one with its default worker count
        # (bindings-python/src/runtime.rs, napi-rs's default runtime, bindings-swift/src/runtime.rs):
        # "rust" blocks on it from the caller's thread, "rust-spawn" spawns each call onto it.
        "rust": ("Rust core, multi-thread runtime, caller blocks", "rust", [core]),
        "rust-spawn": ("Rust core, shared runtime, each call spawned", "rust", [core, "--runtime=spawn"]),
        # Each call through workos_dsync::runtime::block_on, on the calling thread's own runtime.
        "rust-ct": ("Rust core, runtime::block_on per call", "rust", [core, "--runtime=current-thread"]),
        "py-ours-sync": ("workos_dsync WorkOSClient", "python", py_client + ["ours-sync"]),
        "py-peer-sync": (f"workos {PEER_PY_VERSION} WorkOSClient", "python", py_client + ["peer-sync"]),
        "py-ours-async": ("workos_dsync AsyncWorkOSClient", "python", py_client + ["ours-async"]),
        "py-peer-async": (f"workos {PEER_PY_VERSION} AsyncWorkOSClient", "python", py_client + ["peer-async"]),
        "node-ours": ("workos-dsync (Node)", "node", node_client + ["ours"]),
        "node-peer": (f"@workos-inc/node {PEER_NODE_VERSION}", "node", node_client + ["peer"]),
        # No client at all: the language's own event loop doing the I/O of one get, and one loop
        # turn per "get" with no I/O (the least any async client in that language adds).
        "py-loop-floor": ("asyncio exchange floor: Protocol + json.loads (loop_floor.py exchange)", "python",
                          py_floor + ["exchange"]),
        "node-loop-floor": ("Node exchange floor: net.Socket + JSON.parse (loop_floor.mjs exchange)", "node",
                            node_floor + ["exchange"]),
        "py-loop-turn": ("asyncio turn floor: one loop turn per get, no I/O (loop_floor.py turn)", "python",
                         py_floor + ["turn"]),
        "node-loop-turn": ("Node turn floor: one loop turn per get, no I/O (loop_floor.mjs turn)", "node",
                           node_floor + ["turn"]),
        "node-loop-decode": ("Node decode floor: one loop turn and JSON.parse of a directory per get "
                             "(loop_floor.mjs decode)", "node", node_floor + ["decode"]),
        **mobile_clients(),
    }


# The Swift and Kotlin clients bench/build-mobile built (each only where its toolchain is).
MOBILE = {
    "swift": ("WorkOSDSync (Swift package)", TARGET / "bench-swift" / "SwiftClient"),
    "kotlin": ("dev.workosdsync (Kotlin, JVM)", TARGET / "bench-kotlin" / "KotlinClient"),
}


def mobile_clients() -> Dict[str, Tuple[str, str, List[str]]]:
    return {name: (label, name, [str(path)]) for name, (label, path) in MOBILE.items() if path.exists()}


PAIRS = [
    ("Python sync", "py-ours-sync", "py-peer-sync"),
    ("Python asyncio", "py-ours-async", "py-peer-async"),
    ("Node", "node-ours", "node-peer"),
]

# The core's configuration each binding runs calls in: Python's sync client
# blocks on its thread's own runtime (workos_dsync::runtime::block_on); the
# asyncio client and Node spawn each call on the core's shared runtime
# (workos_dsync::runtime::shared()).
CORE_OF = {"py-ours-sync": "rust-ct", "py-ours-async": "rust-spawn", "node-ours": "rust-spawn",
           # Swift and Kotlin await calls spawned on the same shared runtime (bindings-swift/src/runtime.rs).
           "swift": "rust-spawn", "kotlin": "rust-spawn"}

RUST = ["floor", "floor-handoff", "rust", "rust-spawn", "rust-ct"]

# Each async binding's event-loop floors: one exchange done by the loop, one loop turn.
LOOP_FLOOR_OF = {"py-ours-async": "py-loop-floor", "node-ours": "node-loop-floor"}
LOOP_TURN_OF = {"py-ours-async": "py-loop-turn", "node-ours": "node-loop-turn"}
# One turn and the result object built the way the binding builds it (Node: JSON.parse). None for
# asyncio: json.loads costs more than our binding's result objects, so it would bound nothing.
LOOP_DECODE_OF = {"node-ours": "node-loop-decode"}

# Workloads a client does not run: the floor has one blocking connection (no
# concurrency); the spawned core differs from the core only in how a get runs;
# the hand-off and loop floors exist for the per-get comparison only.
ONLY_GET_SEQ = {"get-concurrent", "paginate", "paginate-mem", "first-call"}
SKIP = {
    "floor": {"get-concurrent"},
    "rust-spawn": {"get-concurrent", "paginate", "paginate-mem"},
    "floor-handoff": ONLY_GET_SEQ,
    "py-loop-floor": ONLY_GET_SEQ,
    "node-loop-floor": ONLY_GET_SEQ,
    "py-loop-turn": ONLY_GET_SEQ,
    "node-loop-turn": ONLY_GET_SEQ,
    "node-loop-decode": ONLY_GET_SEQ,
}

# Issue #14's goals, per sequential get (client CPU).
GOAL_CORE_VS_FLOOR = 2.0
GOAL_BINDING_VS_CORE = 1.25
GOAL_OFFICIAL_VS_OURS = 10.0

def make_workloads(seq, concurrent, size, mem_size):
    """workload -> (description, n, dataset size), for these sizes."""
    return {
        "get-seq": (f"{seq:,} sequential get", seq, size),
        "get-concurrent": (f"{concurrent:,} concurrent get", concurrent, size),
        "paginate": (f"auto-paginate {size:,}", 0, size),
        "paginate-mem": (f"peak RSS, auto-paginate {mem_size:,}", 0, mem_size),
        "first-call": ("fresh process: import + first call", 1, size),
    }


FULL = make_workloads(seq=2000, concurrent=1000, size=10_000, mem_size=100_000)
QUICK = make_workloads(seq=100, concurrent=100, size=1_000, mem_size=2_000)


class MockServer:
    def __init__(self, count: int) -> None:
        self.proc = subprocess.Popen(
            [str(TARGET / "release" / "workos-dsync-mock"), "--port", "0", "--api-key", API_KEY,
             "--seed", "7", "--count", str(count)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise SystemExit(f"mock did not start: {line!r}")
        self.url = line[len("listening on "):]
        req = urllib.request.Request(f"{self.url}/directories?limit=1", headers={"Authorization": f"Bearer {API_KEY}"})
        with urllib.request.urlopen(req) as resp:
            self.first_id = json.load(resp)["data"][0]["id"]
        self.count = count

    def reset_log(self) -> None:
        # The log is capped, but clearing keeps the mock's memory flat between runs.
        urllib.request.urlopen(urllib.request.Request(f"{self.url}/__mock/requests", method="DELETE")).read()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def measure(command: List[str], workload: str, mock: MockServer, n: int) -> Dict[str, float]:
    args = command + [workload, mock.url, API_KEY, str(n), mock.first_id]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=TARGET / "bench-node")
    assert proc.stdout is not None and proc.stderr is not None
    started = time.perf_counter()
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    process_wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err.decode()}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    expected = mock.count if workload.startswith("paginate") else n
    if result["count"] != expected:
        raise SystemExit(f"{' '.join(args)} returned {result['count']} items, expected {expected}")
    if workload == "first-call":
        # The whole process, from exec to exit: interpreter start, import, client, one call.
        result["wall"], result["cpu"] = process_wall, usage.ru_utime + usage.ru_stime
    # The child's own peak (VmHWM) when it reports one: wait4's ru_maxrss is
    # at least the harness's RSS at the fork, which a child inherits at exec.
    rss_mb = result.get("rss_mb") or usage.ru_maxrss / 1024
    return {
        "wall": result["wall"],
        "cpu": result["cpu"],
        "rss_mb": rss_mb,
        "process_wall": process_wall,
        "process_cpu": usage.ru_utime + usage.ru_stime,
    }


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError):
        pass
    def version(cmd: List[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"
    return (
        f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Node {version(['node', '--version'])}, "
        f"{version(['rustc', '--version'])}"
    )


def fmt_time(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s >= 0.1 else f"{s * 1000:.1f} ms"


def ratio(ours: float, peer: float) -> str:
    if peer <= 0:
        return "n/a"
    r = ours / peer
    return f"**{r:.2f}**" + (f" ({peer / ours:.1f}x less)" if r < 1 and ours > 0 else "")


def fmt_us(s: float) -> str:
    return f"{s * 1e6:.1f} µs" if s < 100e-6 else f"{s * 1e6:.0f} µs"


def per_get_section(workloads: Dict, medians: Dict, quick: bool) -> List[str]:
    """The CPU-per-sequential-get table and issue #14's goals, pass or fail."""
    names = clients("python")
    n = workloads["get-seq"][1]
    per = {c: medians[(c, "get-seq")]["cpu"] / n for c in names if (c, "get-seq") in medians}
    floor, core = per["floor"], per["rust"]
    x = lambda a, b: f"{a / b:.2f}x" if b > 0 else "n/a"
    lines = [
        "## Client CPU per sequential get (issue #14)",
        "",
        f"Median client CPU of the {workloads['get-seq'][0]} workload divided by its {n:,} gets (the one "
        "connection set-up included). *floor*: `bench/rust/src/floor.rs`, one keep-alive HTTP/1.1 "
        "connection on `std::net`, `serde_json` into the core's `Directory`. *core*: the Rust core through "
        "`workos-dsync-bench`; *current-thread* makes each call through `runtime::block_on` from a plain "
        "thread, which runs it on that thread's own current-thread runtime, exactly as Python's sync client "
        "calls; *spawned* runs each call as a task on the core's shared "
        "one-worker runtime (`runtime::shared()`), as the asyncio client, Node, Swift and Kotlin do; "
        "*multi-thread* is tokio's default multi-thread runtime with the caller blocking on it, which no "
        "binding uses any more (the configuration issue #14 first measured). *hand-off floor*: the floor's "
        "exchange on a worker thread that the caller hands each get to and waits for. *loop floors* "
        "(`bench/clients/loop_floor.py`, `loop_floor.mjs`), no client at all: *exchange*, the language's "
        "own event loop doing one keep-alive exchange per get; *turn*, one bare loop turn per get, no I/O; "
        "*decode* (Node), a turn and `JSON.parse` of a directory; turn and decode are measured after "
        "20,000 untimed rounds.",
        "",
        "| client | CPU per get | / floor | / core multi-thread | / core spawned | / core current-thread "
        "| official SDK per get | official / ours |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def vs_core(c: str) -> str:
        return " | ".join(x(per[c], per[k]) if k in per else "n/a" for k in ("rust", "rust-spawn", "rust-ct"))

    def unpaired(cs: List[str]) -> List[str]:
        return [f"| {names[c][0]} | {fmt_us(per[c])} | {x(per[c], floor)} | {vs_core(c)} | | |"
                for c in cs if c in per]

    lines += unpaired(RUST)
    for title, ours, peer in PAIRS:
        lines.append(
            f"| {title}: {names[ours][0]} | {fmt_us(per[ours])} | {x(per[ours], floor)} | {vs_core(ours)} "
            f"| {fmt_us(per[peer])} | {x(per[peer], per[ours])} |")
    lines += unpaired([*MOBILE, *LOOP_FLOOR_OF.values(), *LOOP_TURN_OF.values(), *LOOP_DECODE_OF.values()])

    def row(goal: str, measured: float, target: str, ok: bool) -> str:
        return f"| {goal} | {measured:.2f}x | {target} | {'**pass**' if ok else '**FAIL**'} |"

    lines += [
        "",
        "### Goals vs measured" + (" (smoke run: indicative only)" if quick else ""),
        "",
        "| goal (client CPU per sequential get) | measured | target | result |",
        "|---|---|---|---|",
    ]
    for config, what in (("rust-ct", "runtime::block_on per call, as Python's sync client"),
                         ("rust-spawn", "shared runtime, each call spawned, as asyncio and Node"),
                         ("rust", "multi-thread runtime, caller blocks (no binding runs this way)")):
        if config in per:
            r = per[config] / floor
            lines.append(row(f"Rust core ({what}) / floor", r, f"≤ {GOAL_CORE_VS_FLOOR:g}x",
                             r <= GOAL_CORE_VS_FLOOR))
    for title, ours, _ in PAIRS:
        base = CORE_OF[ours]
        r = per[ours] / per[base]
        lines.append(row(f"{title} binding / Rust core in the same configuration ({names[base][0]})", r,
                         f"≤ {GOAL_BINDING_VS_CORE:g}x", r <= GOAL_BINDING_VS_CORE))
    for c in MOBILE:
        if c in per:
            base = CORE_OF[c]
            r = per[c] / per[base]
            lines.append(row(f"{names[c][0]} / Rust core in the same configuration ({names[base][0]})", r,
                             f"≤ {GOAL_BINDING_VS_CORE:g}x", r <= GOAL_BINDING_VS_CORE))
    for title, ours, peer in PAIRS:
        r = per[peer] / per[ours]
        lines.append(row(f"{title}: official SDK ({names[peer][0]}) / ours", r, f"≥ {GOAL_OFFICIAL_VS_OURS:g}x",
                         r >= GOAL_OFFICIAL_VS_OURS))
    missing = [label for c, (label, _) in MOBILE.items() if c not in per]
    if missing:
        lines += ["", f"Not measured in this run (no toolchain; see bench/build-mobile): {', '.join(missing)}."]
    lines += [""]
    lines += what_no_client_avoids(per, names)
    return lines


def what_no_client_avoids(per: Dict[str, float], names: Dict) -> List[str]:
    """What the async configurations cost before any client work (handing a call to another
    thread; the language's event loop), and so what the goals leave for the client."""
    if "floor-handoff" not in per or not any(c in per for c in LOOP_TURN_OF.values()):
        return []
    floor, handoff = per["floor"], per["floor-handoff"]
    spawned, on_thread = per.get("rust-spawn"), per.get("rust-ct")
    lines = [
        "### What the async configurations cost before any client work",
        "",
        "An async binding's call cannot block its caller's event loop, so its I/O either runs on another "
        "thread (the core's shared runtime, as now) or is driven by the event loop itself. The first costs "
        "at least one hand-off each way; the second at least one turn of the loop per get.",
        "",
        "| measured | value |",
        "|---|---|",
        f"| hand-off floor / floor: one hand-off to a worker thread and back, and nothing else added "
        f"| {handoff / floor:.2f}x ({fmt_us(handoff)} against {fmt_us(floor)}) |",
    ]
    if spawned:
        lines.append(f"| Rust core spawned / hand-off floor | {spawned / handoff:.2f}x |")
    for title, ours, _ in PAIRS:
        turn, exchange = LOOP_TURN_OF.get(ours), LOOP_FLOOR_OF.get(ours)
        if turn not in per or ours not in per:
            continue
        allowance = (GOAL_BINDING_VS_CORE - 1) * per[CORE_OF[ours]]
        lines.append(
            f"| {title}: what the binding may add to the core it runs on ({GOAL_BINDING_VS_CORE - 1:g} × "
            f"{fmt_us(per[CORE_OF[ours]])}), what ours adds, and one loop turn "
            f"| {fmt_us(allowance)}; ours {fmt_us(per[ours] - per[CORE_OF[ours]])}; "
            f"a turn {fmt_us(per[turn])} |")
        decode = LOOP_DECODE_OF.get(ours)
        if decode in per:
            lines.append(f"| {title}: one loop turn and the result object built as ours builds it "
                         f"({names[decode][0]}) | {fmt_us(per[decode])} |")
        if on_thread:
            allowance = (GOAL_BINDING_VS_CORE - 1) * on_thread
            least, what = (per[decode], "a turn and the result object") if decode in per else (per[turn], "one loop turn")
            lines.append(
                f"| {title}: the same allowance if calls ran on the loop's thread with no hand-off "
                f"(the core then costs about what it costs on the caller's thread, {fmt_us(on_thread)}) "
                f"| {fmt_us(allowance)}: {what} {least / allowance:.1f}x that |")
        if exchange in per:
            lines.append(f"| {title}: ours / its exchange floor (the loop doing the I/O, no client) "
                         f"| {per[ours] / per[exchange]:.2f}x |")
    return lines + [""]


def workload_rows(workloads: Dict, medians: Dict, cs: List[str], baseline) -> List[str]:
    """`| workload | client | CPU | CPU / baseline | wall | peak RSS |` for each workload and client
    measured; `baseline(workload)` is the medians the CPU is divided by (or None)."""
    rows = []
    for w, (desc, _, _) in workloads.items():
        base = baseline(w)
        for c in cs:
            m = medians.get((c, w))
            if m is None:
                continue
            vs = f"{m['cpu'] / base['cpu']:.2f}x" if base and base["cpu"] > 0 else "—"
            rows.append(f"| {desc} | {clients('python')[c][0]} | {fmt_time(m['cpu'])} | {vs} "
                        f"| {fmt_time(m['wall'])} | {m['rss_mb']:.0f} MB |")
    return rows


def write_results(out_dir: Path, workloads: Dict, medians: Dict, reps: int, mem_reps: int, quick: bool,
                  seconds: float) -> Path:
    lines = [
        "# Benchmark results" + (" (quick smoke run: not for comparison)" if quick else ""),
        "",
        f"Written by `bench/run{' --quick' if quick else ''}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{reps} repetition(s) ({mem_reps} of the memory workload), medians; the whole run took {seconds / 60:.1f} min.",
        "",
        f"Machine: {machine()}. Mock: the release build of `workos-dsync-mock` on 127.0.0.1, "
        "seeded for each workload, on the same machine.",
        "",
        "Ratios are **ours / official** from the same run: below 1 is better for us. CPU is the client "
        "process's user + system time (all threads) around the workload, which a noisy shared machine "
        "disturbs less than wall time; peak RSS is the whole client process's.",
        "",
        f"Note: the official Node SDK's `autoPagination()` waits 350 ms between pages by design, so its "
        "pagination wall times are mostly those waits; compare CPU there.",
        "",
    ]
    lines += per_get_section(workloads, medians, quick)
    for title, ours, peer in PAIRS:
        lines += [f"## {title}: {clients('python')[ours][0]} vs {clients('python')[peer][0]}", "",
                  "| workload | CPU ours | CPU official | CPU ratio | wall ours | wall official | wall ratio | peak RSS ours | peak RSS official | RSS ratio |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for w, (desc, n, _) in workloads.items():
            a, b = medians[(ours, w)], medians[(peer, w)]
            lines.append(
                f"| {desc} | {fmt_time(a['cpu'])} | {fmt_time(b['cpu'])} | {ratio(a['cpu'], b['cpu'])} "
                f"| {fmt_time(a['wall'])} | {fmt_time(b['wall'])} | {ratio(a['wall'], b['wall'])} "
                f"| {a['rss_mb']:.0f} MB | {b['rss_mb']:.0f} MB | {ratio(a['rss_mb'], b['rss_mb'])} |"
            )
        per = workloads["get-seq"][1]
        a, b = medians[(ours, "get-seq")], medians[(peer, "get-seq")]
        lines += ["", f"Client CPU per sequential request: ours {a['cpu'] / per * 1e6:.0f} µs, "
                      f"official {b['cpu'] / per * 1e6:.0f} µs ({b['cpu'] / a['cpu']:.1f}x).", ""]
    present = [c for c in MOBILE if (c, "get-seq") in medians]
    if present:
        lines += ["## Swift and Kotlin (no official SDK here to compare with)", "",
                  "Both await calls spawned on the core's shared runtime. `/ core` is CPU over the Rust "
                  "core's: with each call spawned for sequential gets, on the multi-thread runtime for the other "
                  "workloads. Kotlin runs in a fresh JVM per "
                  "workload, so its JIT compiler's and GC's threads are in its CPU, as they are in a "
                  "user's process.", "",
                  "| workload | client | CPU | / core | wall | peak RSS |", "|---|---|---|---|---|---|"]
        lines += workload_rows(workloads, medians, present,
                               lambda w: medians.get(("rust-spawn", w)) or medians.get(("rust", w)))
        lines += [""]
    lines += ["## Rust: the core in each runtime configuration, and the floor", "",
              "| workload | client | CPU | CPU / floor | wall | peak RSS |", "|---|---|---|---|---|---|"]
    lines += workload_rows(workloads, medians, RUST, lambda w: medians.get(("floor", w)))
    lines += ["", "![ratios](results.png)" if not quick else "", ""]
    path = out_dir / "RESULTS.md"
    # bench/soak records its own section here; a benchmark run must not erase it.
    previous = path.read_text() if path.exists() else ""
    soak = previous.find("\n## Soak\n")
    if soak >= 0:
        lines += [previous[soak + 1:].rstrip("\n"), ""]
    path.write_text("\n".join(lines))
    return path


def chart(out_dir: Path, workloads: Dict, medians: Dict) -> Optional[Path]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib missing: no chart", file=sys.stderr)
        return None
    metrics = [("cpu", "CPU"), ("wall", "wall"), ("rss_mb", "peak RSS")]
    fig, axes = plt.subplots(1, len(PAIRS), figsize=(15, 5.5), sharex=True)
    for ax, (title, ours, peer) in zip(axes, PAIRS):
        names = [workloads[w][0] for w in workloads]
        y = range(len(names))
        for i, (key, label) in enumerate(metrics):
            ratios = [medians[(ours, w)][key] / medians[(peer, w)][key] for w in workloads]
            ax.barh([v + (i - 1) * 0.27 for v in y], ratios, height=0.27, label=label)
        ax.axvline(1.0, color="black", linewidth=1)
        ax.set_xscale("log")
        ax.set_yticks(list(y))
        ax.set_yticklabels(names if ax is axes[0] else [""] * len(names))
        ax.invert_yaxis()
        ax.set_title(f"{title}: ours / official")
        ax.set_xlabel("ratio (log scale; < 1 is better for workos-dsync)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(metrics), frameon=False)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    path = out_dir / "results.png"
    fig.savefig(path, dpi=110)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny workloads, one repetition: a smoke test")
    parser.add_argument("--reps", type=int, default=None, help="repetitions (default 5, 1 with --quick)")
    parser.add_argument("--mem-reps", type=int, default=1,
                        help="repetitions of the 100,000-directory memory workload (peak RSS barely varies)")
    parser.add_argument("--out", type=Path, default=None, help="where to write RESULTS.md and results.png")
    args = parser.parse_args()
    workloads = QUICK if args.quick else FULL
    reps = args.reps or (1 if args.quick else 5)
    out_dir = args.out or (TARGET / "bench-quick" if args.quick else REPO / "bench")
    out_dir.mkdir(parents=True, exist_ok=True)
    all_clients = clients(sys.executable)
    started = time.perf_counter()

    mocks: Dict[int, MockServer] = {}
    samples: Dict[Tuple[str, str], List[Dict[str, float]]] = {}
    try:
        for size in sorted({w[2] for w in workloads.values()}):
            mocks[size] = MockServer(size)
        for rep in range(reps):
            for w, (desc, n, size) in workloads.items():
                if w == "paginate-mem" and rep >= args.mem_reps:
                    continue
                # Alternate the order so neither side always runs on a warmer machine.
                names = list(all_clients) if rep % 2 == 0 else list(reversed(all_clients))
                for name in names:
                    if w in SKIP.get(name, ()):
                        continue
                    mocks[size].reset_log()
                    m = measure(all_clients[name][2], w, mocks[size], n)
                    samples.setdefault((name, w), []).append(m)
                    print(f"rep {rep + 1}/{reps} {w:15} {name:14} cpu {m['cpu']:.3f}s wall {m['wall']:.3f}s "
                          f"rss {m['rss_mb']:.0f} MB", flush=True)
    finally:
        for mock in mocks.values():
            mock.stop()
    medians = {
        key: {k: statistics.median(s[k] for s in runs) for k in runs[0]} for key, runs in samples.items()
    }
    (out_dir / "results.json").write_text(json.dumps(
        {f"{c}/{w}": m for (c, w), m in medians.items()}, indent=1, sort_keys=True))
    path = write_results(out_dir, workloads, medians, reps, min(reps, args.mem_reps), args.quick,
                         time.perf_counter() - started)
    png = chart(out_dir, workloads, medians)
    print(f"wrote {path}" + (f" and {png}" if png else ""))


if __name__ == "__main__":
    main()
