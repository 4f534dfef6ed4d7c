"""The release artifacts `make test` builds (scripts/test-all python), checked
as a user and a package index see them: the wheel's platform tag, both files'
metadata, the sdist built from source in a fresh venv, and the release
workflow that builds them for every platform.

Run with the build venv's Python (target/venv-build), which has maturin,
auditwheel, twine and PyYAML; the files are in target/wheels/.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Iterator, List

import pytest

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "target" / "wheels"
MOCK_BIN = REPO / "target" / "debug" / "workos-dsync-mock"


def one(pattern: str) -> Path:
    found: List[Path] = sorted(DIST.glob(pattern))
    assert len(found) == 1, f"expected one {pattern} in {DIST}, found {found}"
    return found[0]


@pytest.fixture(scope="session")
def wheel() -> Path:
    return one("workos_dsync-*.whl")


@pytest.fixture(scope="session")
def sdist() -> Path:
    return one("workos_dsync-*.tar.gz")


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    """The mock API (the workspace's debug binary) with five directories."""
    proc = subprocess.Popen(
        [str(MOCK_BIN), "--port", "0", "--count", "5", "--api-key", "sk_test_mock"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline().strip()
    try:
        assert first.startswith("listening on "), f"mock did not start: {first!r}"
        yield first[len("listening on ") :]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
