"""workos_dsync as a drop-in for the official SDK: tests/compat/dropin_official.py,
a program written for PyPI `workos` 10.8.0, with only its import line changed,
against the mock. tests/compat/test_official_python.py runs the same program,
unchanged, with the official SDK; both must print what
tests/compat/dropin_official_python.json says and send the requests it lists."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest
from conftest import REPO, Mock

PROGRAM = REPO / "tests" / "compat" / "dropin_official.py"
EXPECTED = json.loads((REPO / "tests" / "compat" / "dropin_official_python.json").read_text())

# The only change a user makes: the package the names come from (the official
# SDK exports its client, its errors and RequestOptions at the top level, and
# so does workos_dsync).
IMPORTS = {"from workos import ": "from workos_dsync import "}
OFFICIAL_IMPORT = re.compile(r"\s*(from|import)\s+workos\b")


def port(source: str) -> str:
    """The program with its imports mapped by IMPORTS; fails if any other line
    would have to change, or if it imports the official SDK another way."""
    lines = source.splitlines(keepends=True)
    ported: List[str] = []
    for line in lines:
        for official, ours in IMPORTS.items():
            if line.startswith(official):
                line = ours + line[len(official) :]
                break
        else:
            assert not OFFICIAL_IMPORT.match(line), f"an import the mapping does not cover: {line!r}"
        ported.append(line)
    changed = [(a, b) for a, b in zip(lines, ported) if a != b]
    assert len(ported) == len(lines)
    assert changed, "the program has no import to change"
    assert all(a.startswith(tuple(IMPORTS)) for a, _ in changed), changed
    return "".join(ported)


def check_requests(logged: List[Dict[str, Any]], expected: List[Dict[str, Any]]) -> None:
    api = [r for r in logged if not r["path"].startswith("/__mock")]
    assert len(api) == len(expected), json.dumps(api, indent=1)
    for i, (got, want) in enumerate(zip(api, expected)):
        assert (got["method"], got["path"], got["status"]) == (want["method"], want["path"], want["status"]), (i, got)
        if "query" in want:
            assert got["query_params"] == want["query"], (i, got)
        for name, value in want["headers"].items():
            assert got["headers"].get(name) == value, (i, name, got)


def test_port_changes_only_the_import() -> None:
    source = PROGRAM.read_text()
    ported = port(source)
    assert "from workos_dsync import AuthenticationError, NotFoundError, RequestOptions, WorkOSClient\n" in ported
    diff = [(a, b) for a, b in zip(source.splitlines(), ported.splitlines()) if a != b]
    assert len(diff) == 1, diff


def test_official_program_runs_on_workos_dsync(mock: Mock, tmp_path: Path) -> None:
    program = tmp_path / "dropin.py"
    program.write_text(port(PROGRAM.read_text()))
    mock.add(EXPECTED["directories"])
    mock.clear_log()
    env = {**os.environ, "WORKOS_API_KEY": mock.api_key, "WORKOS_BASE_URL": mock.url}
    out = subprocess.run([sys.executable, str(program)], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == EXPECTED["stdout"]
    check_requests(mock.requests(), EXPECTED["requests"])


def test_port_refuses_an_import_it_cannot_map() -> None:
    for line in ("import workos\n", "from workos._errors import NotFoundError\n", "from workos.types import X\n"):
        with pytest.raises(AssertionError, match="does not cover"):
            port("x = 1\n" + line)
    with pytest.raises(AssertionError, match="no import"):
        port("import os\n")
