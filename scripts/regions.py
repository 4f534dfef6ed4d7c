"""Generated regions inside hand-written files, for scripts/generate-errors and
scripts/generate-models.

A region sits between two comment lines,

    // BEGIN generated from SOURCE (NAME): edit that file, then run TOOL
    // END generated from SOURCE (NAME)

(`#` in Python; Markdown uses `<!-- NAME:begin ... -->` and
`<!-- NAME:end -->`). Only the lines between them are written, indented as the
BEGIN line is; the rest of each file is hand-written. Renderers depend on the
source alone (no dates, no environment), so the output is deterministic.

Standard library only.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent

Render = Callable[[], List[str]]
Targets = Dict[str, Sequence[Tuple[str, Render]]]


class SourceError(Exception):
    """The source or a target file is not as the generator expects."""


def _markers(source: str, path: str, region: str) -> Tuple[str, str]:
    name = re.escape(region)
    if path.endswith(".md"):
        return (rf"<!--\s*{name}:begin\b", rf"<!--\s*{name}:end\s*-->")
    code = r"(?://|#)\s*"
    src = re.escape(source)
    return (
        rf"{code}BEGIN generated from {src} \({name}\)",
        rf"{code}END generated from {src} \({name}\)",
    )


def regenerate(source: str, path: str, text: str, regions: Sequence[Tuple[str, Render]]) -> str:
    """`text` with every region of `path` rewritten by its renderer."""
    lines = text.split("\n")
    for region, render in regions:
        begin_re, end_re = _markers(source, path, region)
        begins = [i for i, line in enumerate(lines) if re.search(begin_re, line)]
        ends = [i for i, line in enumerate(lines) if re.search(end_re, line)]
        if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
            raise SourceError(
                f"{path}: expected one BEGIN and one END marker of region ({region}), "
                f"found {len(begins)} and {len(ends)}"
            )
        b, e = begins[0], ends[0]
        indent = re.match(r"\s*", lines[b]).group(0)  # type: ignore[union-attr]
        lines[b + 1 : e] = [f"{indent}{line}" if line else "" for line in render()]
    return "\n".join(lines)


def main(tool: str, source: str, argv: List[str], load: Callable[[], Tuple[Targets, str]]) -> int:
    """Rewrites (or with `--check` compares) every target; returns the exit status.

    `load` reads the source and returns the targets and a short summary of
    what was read ("14 kinds"); it raises SourceError when the source is bad.
    """
    if argv not in ([], ["--check"]):
        print(f"usage: {tool} [--check]", file=sys.stderr)
        return 2
    check = argv == ["--check"]
    try:
        targets, summary = load()
        drifted: Dict[str, str] = {}
        for path, regions in targets.items():
            file = ROOT / path
            if not file.exists():
                raise SourceError(f"{path}: missing")
            old = file.read_text(encoding="utf-8")
            new = regenerate(source, path, old, regions)
            if new != old:
                drifted[path] = new
        # Written only once every file regenerated: a bad marker changes nothing.
        if not check:
            for path, new in drifted.items():
                (ROOT / path).write_text(new, encoding="utf-8")
    except SourceError as e:
        print(f"{tool}: {e}", file=sys.stderr)
        return 1
    if check:
        for path, new in drifted.items():
            print(f"{tool}: {path} differs from {source} (run scripts/{tool})", file=sys.stderr)
            old = (ROOT / path).read_text(encoding="utf-8")
            diff = list(difflib.unified_diff(
                old.split("\n"), new.split("\n"), f"{path} (now)", f"{path} (generated)", n=1, lineterm=""
            ))
            for line in diff[:40]:
                print(f"    {line}", file=sys.stderr)
            if len(diff) > 40:
                print(f"    ... {len(diff) - 40} more lines", file=sys.stderr)
        if drifted:
            return 1
        print(f"{tool}: {len(targets)} files match {source} ({summary})")
        return 0
    for path in drifted:
        print(f"{tool}: wrote {path}")
    if not drifted:
        print(f"{tool}: {len(targets)} files already match {source}")
    return 0
