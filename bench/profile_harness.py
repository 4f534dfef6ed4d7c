"""Instructions per sequential get_directory, under callgrind, for the floor,
the Rust core (each runtime configuration) and optionally the Python sync
binding; started by bench/profile, which builds them first.

Each client runs its get-seq workload twice under `valgrind --tool=callgrind`
against the release mock, at N1 and N2 gets, and

    instructions per get = (Ir(N2) - Ir(N1)) / (N2 - N1)

so process start, runtime and client construction, the connection set-up and
exit cancel out. Callgrind counts user-space instructions only (every thread,
one file); the kernel's side shows as system calls per get, counted the same
way with `strace -f -c` when strace is installed. For the clients chosen with
--detail it also prints, per get (the same N2 - N1 difference): exclusive
instructions by crate (from the source file each instruction came from, so
inlined code counts for the crate that wrote it) and the top functions by
inclusive instructions. Everything lands in target/profile/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "target"
OUT = TARGET / "profile"
API_KEY = "sk_test_profile"


def clients(python: str) -> Dict[str, Tuple[str, List[str]]]:
    bench = str(TARGET / "release" / "workos-dsync-bench")
    return {
        "floor": ("floor (std::net, no runtime)", [str(TARGET / "release" / "workos-dsync-floor")]),
        "core": ("core, multi-thread runtime, caller blocks", [bench]),
        "core-spawn": ("core, multi-thread, each call spawned", [bench, "--runtime=spawn"]),
        "core-ct": ("core, runtime::block_on per call", [bench, "--runtime=current-thread"]),
        "python-sync": ("Python sync binding (WorkOSClient)",
                        [python, str(REPO / "bench" / "clients" / "python_client.py"), "ours-sync"]),
    }


class Mock:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [str(TARGET / "release" / "workos-dsync-mock"), "--port", "0", "--api-key", API_KEY,
             "--seed", "7", "--count", "100"],
            stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise SystemExit(f"mock did not start: {line!r}")
        self.url = line[len("listening on "):]
        req = urllib.request.Request(f"{self.url}/directories?limit=1",
                                     headers={"Authorization": f"Bearer {API_KEY}"})
        with urllib.request.urlopen(req) as resp:
            self.first_id = json.load(resp)["data"][0]["id"]

    def reset_log(self) -> None:
        urllib.request.urlopen(urllib.request.Request(f"{self.url}/__mock/requests", method="DELETE")).read()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


# A fixed hash seed keeps CPython's start-up identical between the N1 and N2
# runs (with random seeds it moves by more than a get costs).
ENV = {**os.environ, "PYTHONHASHSEED": "0"}


def run_checked(args: List[str], log: Path) -> None:
    with log.open("w") as f:
        proc = subprocess.run(args, stdout=f, stderr=subprocess.STDOUT, env=ENV)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}); see {log}")


def callgrind(name: str, command: List[str], mock: Mock, n: int) -> Path:
    out = OUT / f"callgrind.{name}.{n}.out"
    mock.reset_log()
    run_checked(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command,
                 "get-seq", mock.url, API_KEY, str(n), mock.first_id], OUT / f"callgrind.{name}.{n}.log")
    return out


def total_ir(path: Path) -> int:
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("summary:") or line.startswith("totals:"):
            return int(line.split()[1])
    raise SystemExit(f"no instruction total in {path}")


def strace_counts(name: str, command: List[str], mock: Mock, n: int) -> Dict[str, int]:
    out = OUT / f"strace.{name}.{n}.txt"
    mock.reset_log()
    run_checked(["strace", "-f", "-c", "-o", str(out), *command, "get-seq", mock.url, API_KEY, str(n),
                 mock.first_id], OUT / f"strace.{name}.{n}.log")
    counts: Dict[str, int] = {}
    for line in out.read_text().splitlines():
        fields = line.split()
        # % time, seconds, usecs/call, calls, [errors,] syscall
        if len(fields) >= 5 and fields[0][0].isdigit() and fields[3].isdigit() and fields[-1] != "total":
            counts[fields[-1]] = int(fields[3])
    return counts


ANNOTATE_LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$")


def annotate(path: Path, inclusive: bool) -> List[Tuple[int, str, str, str]]:
    """(Ir, file, function, object) for every function callgrind_annotate lists."""
    args = ["callgrind_annotate", "--threshold=100", "--auto=no", f"--inclusive={'yes' if inclusive else 'no'}",
            str(path)]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rows = []
    for line in text.splitlines():
        m = ANNOTATE_LINE.match(line)
        if not m or "PROGRAM TOTALS" in line:
            continue
        ir, rest = int(m.group(1).replace(",", "")), m.group(2)
        obj = ""
        if rest.endswith("]") and " [" in rest:
            rest, obj = rest[:-1].rsplit(" [", 1)
        file, _, function = rest.partition(":")
        rows.append((ir, file, function, obj))
    return rows


def crate_of_file(file: str, obj: str) -> str:
    """Whose source an instruction came from: a crate, std, our code or a system library."""
    m = re.search(r"/(?:crates|registry/src/[^/]+|vendor)/([^/]+)/", file)
    if m:
        return re.sub(r"-\d+\.\d+\.\d+.*$", "", m.group(1))
    if "/library/" in file and file.startswith("/rustc/"):
        return "std (core, alloc, std)"
    # Workspace files are named relative to the workspace, or absolute.
    relative = file[len(str(REPO)) + 1:] if file.startswith(str(REPO) + "/") else file
    for ours, label in (("core/", "workos-dsync (core)"), ("bench/rust/", "bench client"),
                        ("bindings-python/", "bindings-python"), ("bindings-node/", "bindings-node")):
        if relative.startswith(ours):
            return label
    base = Path(obj).name if obj else ""
    if base.startswith("libc.so") or base.startswith("ld-linux"):
        return "libc / ld.so"
    if base.startswith("libpython") or base.startswith("python3"):
        return "CPython"
    if base.startswith("_native.abi3.so") or base.startswith("lib_native.so"):
        return "_native (binding, no source info)"
    if base:
        return f"{base} (no source info)"
    return "unknown"


STD_CRATES = {"core", "alloc", "std"}
WORKSPACE_CRATES = {"workos_dsync": "workos-dsync (core)", "workos_dsync_bench": "bench client",
                    "workos_dsync_floor": "bench client", "_native": "bindings-python"}


def crate_of_function(function: str, obj: str) -> str:
    """The crate whose function (symbol) an instruction ran in, inlined code included:
    `<T as Trait>::f` counts for T's crate."""
    name = function
    while True:
        stripped = name.lstrip("<&*").removeprefix("mut ").removeprefix("dyn ").removeprefix("const ")
        if stripped == name:
            break
        name = stripped
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)(::|<)", name)
    if not m:
        return crate_of_file("", obj)  # a C symbol: malloc, memcpy, the loader ...
    crate = m.group(1)
    if crate in STD_CRATES:
        return "std (core, alloc, std)"
    if crate == "serde_core" or crate == "serde":
        return "serde"
    return WORKSPACE_CRATES.get(crate, crate)


def per_get(rows1, rows2, key, reduce, dn: int) -> Dict[str, float]:
    def collect(rows):
        acc: Dict[str, int] = defaultdict(int)
        for r in rows:
            k = key(r)
            acc[k] = reduce(acc[k], r[0])
        return acc
    a, b = collect(rows1), collect(rows2)
    return {k: (b.get(k, 0) - a.get(k, 0)) / dn for k in set(a) | set(b)}


# Frames every thread starts in, which only say "everything on this thread".
ENTRY_FRAME = re.compile(
    r"^(main|\(below main\)|__libc_start_main.*|__libc_start_call_main|0x[0-9a-f]+|start_thread|clone3?"
    r"|std::rt::.*|std::sys::backtrace::.*|.*::main|<std::sys::thread::.*>::new::thread_start"
    r"|core::ops::function::FnOnce::call_once\{\{vtable\.shim\}\}"
    r"|Py_BytesMain|Py_RunMain|pymain_\w+|_PyRun_\w+|run_mod|run_eval_code_obj|PyEval_EvalCode)$")


def short(function: str, width: int = 110) -> str:
    return function if len(function) <= width else function[: width - 1] + "…"


def detail(name: str, f1: Path, f2: Path, dn: int, per_get_ir: float, top: int) -> List[str]:
    lines: List[str] = []
    ex1, ex2 = annotate(f1, False), annotate(f2, False)
    by_crate = per_get(ex1, ex2, lambda r: crate_of_file(r[1], r[3]), lambda acc, ir: acc + ir, dn)
    lines += [f"{name}: exclusive instructions per get by crate (source file of each instruction)",
              f"{'Ir/get':>10} {'share':>6}  crate"]
    for crate, ir in sorted(by_crate.items(), key=lambda kv: -kv[1]):
        if ir >= per_get_ir * 0.005:
            lines.append(f"{ir:10,.0f} {ir / per_get_ir:6.1%}  {crate}")
    lines.append("")
    by_fn_crate = per_get(ex1, ex2, lambda r: crate_of_function(r[2], r[3]), lambda acc, ir: acc + ir, dn)
    lines += [f"{name}: exclusive instructions per get by crate of the function they ran in (inlined code "
              "counts for its caller)", f"{'Ir/get':>10} {'share':>6}  crate"]
    for crate, ir in sorted(by_fn_crate.items(), key=lambda kv: -kv[1]):
        if ir >= per_get_ir * 0.005:
            lines.append(f"{ir:10,.0f} {ir / per_get_ir:6.1%}  {crate}")
    lines.append("")

    in1, in2 = annotate(f1, True), annotate(f2, True)
    # A function inlined into several files is listed once per file; the part
    # holding the calls carries its inclusive cost, so take the largest.
    incl = per_get(in1, in2, lambda r: r[2], max, dn)
    ranked = sorted(incl.items(), key=lambda kv: -kv[1])
    wrappers = [f for f, _ in ranked if ENTRY_FRAME.match(f)]
    lines += [f"{name}: top {top} functions by inclusive instructions per get "
              "(process and thread entry frames omitted: main, lang_start, thread_start ...)",
              f"{'Ir/get':>10} {'share':>6}  function"]
    for function, ir in [kv for kv in ranked if kv[0] not in wrappers][:top]:
        lines.append(f"{ir:10,.0f} {ir / per_get_ir:6.1%}  {short(function)}")
    lines.append("")

    ranked_ex = sorted(per_get(ex1, ex2, lambda r: r[2], lambda acc, ir: acc + ir, dn).items(), key=lambda kv: -kv[1])
    lines += [f"{name}: top {top} functions by exclusive instructions per get", f"{'Ir/get':>10} {'share':>6}  function"]
    for function, ir in ranked_ex[:top]:
        lines.append(f"{ir:10,.0f} {ir / per_get_ir:6.1%}  {short(function)}")
    lines.append("")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n1", type=int, default=100)
    parser.add_argument("--n2", type=int, default=600)
    parser.add_argument("--clients", default="floor,core,core-spawn,core-ct",
                        help="comma-separated, of floor, core, core-spawn, core-ct, python-sync")
    parser.add_argument("--python", default=None,
                        help="the interpreter for python-sync (bench/profile --python sets it up)")
    parser.add_argument("--python-n1", type=int, default=50, help="N1 for python-sync (slow under valgrind)")
    parser.add_argument("--python-n2", type=int, default=550, help="N2 for python-sync")
    parser.add_argument("--detail", default="core", help="clients to break down by crate and function")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-strace", action="store_true", help="skip the system-call counts")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    known = clients(args.python or sys.executable)
    chosen = [c.strip() for c in args.clients.split(",") if c.strip()]
    for c in chosen:
        if c not in known:
            raise SystemExit(f"unknown client {c}; known: {', '.join(known)}")
    if "python-sync" in chosen and not args.python:
        raise SystemExit("python-sync needs --python (run bench/profile --python)")
    use_strace = not args.no_strace and shutil.which("strace") is not None

    mock = Mock()
    results: Dict[str, Dict] = {}
    try:
        for c in chosen:
            label, command = known[c]
            n1, n2 = (args.python_n1, args.python_n2) if c == "python-sync" else (args.n1, args.n2)
            print(f"profiling {c}: callgrind at N={n1} and N={n2}" + (", strace" if use_strace else ""),
                  file=sys.stderr, flush=True)
            # One run first, outside valgrind: Python writes its .pyc files then, not in the N1 run only.
            run_checked([*command, "get-seq", mock.url, API_KEY, "1", mock.first_id], OUT / f"warm-up.{c}.log")
            f1, f2 = callgrind(c, command, mock, n1), callgrind(c, command, mock, n2)
            ir1, ir2 = total_ir(f1), total_ir(f2)
            r = {"label": label, "n1": n1, "n2": n2, "ir1": ir1, "ir2": ir2, "ir_per_get": (ir2 - ir1) / (n2 - n1),
                 "files": (f1, f2)}
            if use_strace:
                s1, s2 = strace_counts(c, command, mock, n1), strace_counts(c, command, mock, n2)
                r["syscalls"] = {k: (s2.get(k, 0) - s1.get(k, 0)) / (n2 - n1) for k in set(s1) | set(s2)}
            results[c] = r
            subprocess.run(["callgrind_annotate", "--inclusive=yes", "--auto=no", str(f2)],
                           stdout=(OUT / f"{c}.inclusive.txt").open("w"), stderr=subprocess.DEVNULL)
            subprocess.run(["callgrind_annotate", "--inclusive=no", "--auto=no", str(f2)],
                           stdout=(OUT / f"{c}.exclusive.txt").open("w"), stderr=subprocess.DEVNULL)
    finally:
        mock.stop()

    floor = results.get("floor", {}).get("ir_per_get")
    core = results.get("core", {}).get("ir_per_get")
    lines = ["Instructions per sequential get_directory (callgrind, user space, all threads):",
             "  Ir/get = (Ir(N2) - Ir(N1)) / (N2 - N1)", ""]
    header = f"{'client':46} {'N1,N2':>9} {'Ir/get':>10} {'/ floor':>8} {'/ core':>7}"
    if use_strace:
        header += f" {'syscalls/get':>12}  main syscalls per get"
    lines.append(header)
    for c, r in results.items():
        vs_floor = f"{r['ir_per_get'] / floor:.2f}x" if floor else "-"
        vs_core = f"{r['ir_per_get'] / core:.2f}x" if core else "-"
        ns = f"{r['n1']},{r['n2']}"
        row = f"{r['label']:46} {ns:>9} {r['ir_per_get']:10,.0f} {vs_floor:>8} {vs_core:>7}"
        if use_strace:
            sc = {k: v for k, v in r["syscalls"].items() if v >= 0.05}
            total = sum(r["syscalls"].values())
            main_calls = ", ".join(f"{k} {v:.2f}" for k, v in sorted(sc.items(), key=lambda kv: -kv[1])[:5])
            row += f" {total:12.2f}  {main_calls}"
        lines.append(row)
    lines.append("")
    for c in [d.strip() for d in args.detail.split(",") if d.strip()]:
        if c in results:
            r = results[c]
            lines += detail(r["label"], *r["files"], r["n2"] - r["n1"], r["ir_per_get"], args.top)
    lines.append(f"Files in {OUT.relative_to(REPO)}/: callgrind.CLIENT.N.out (open with kcachegrind or "
                 "callgrind_annotate), CLIENT.inclusive.txt and CLIENT.exclusive.txt (callgrind_annotate of the N2 "
                 "run), strace.CLIENT.N.txt, summary.txt (this).")
    text = "\n".join(lines) + "\n"
    (OUT / "summary.txt").write_text(text)
    print(text, end="")


if __name__ == "__main__":
    main()
