"""Shared fixtures: the mock server binary over real HTTP on 127.0.0.1.

The mock is the workspace's `workos-dsync-mock` binary (``WORKOS_DSYNC_MOCK_BIN``,
default ``target/debug/workos-dsync-mock``), started once per test session;
each test resets it through the admin API.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterator, List, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
MOCK_BIN = Path(os.environ.get("WORKOS_DSYNC_MOCK_BIN", REPO / "target" / "debug" / "workos-dsync-mock"))
API_KEY = "sk_test_mock"


class Mock:
    def __init__(self, url: str) -> None:
        self.url = url
        self.api_key = API_KEY

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.url}/__mock/{path}", data=data, method=method)
        req.add_header("content-type", "application/json")
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read() or b"null")

    def reset(self, count: int = 0, seed: int = 1) -> None:
        self.admin("POST", "reset", {"count": count, "seed": seed})

    def add(self, directories: Any) -> List[Any]:
        return self.admin("POST", "directories", directories)

    def fault(self, fault: Any) -> None:
        self.admin("POST", "faults", fault)

    def requests(self) -> List[Any]:
        return self.admin("GET", "requests")

    def clear_log(self) -> None:
        self.admin("DELETE", "requests")

    def directories(self) -> List[Any]:
        return self.admin("GET", "directories")


def start_mock(*args: str) -> "tuple[subprocess.Popen[str], str]":
    if not MOCK_BIN.exists():
        raise RuntimeError(f"mock binary {MOCK_BIN} missing: run `cargo build -p workos-dsync-mock` first")
    proc = subprocess.Popen(
        [str(MOCK_BIN), "--port", "0", "--api-key", API_KEY, *args],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline().strip()
    if not first.startswith("listening on "):
        proc.kill()
        raise RuntimeError(f"mock did not start: {first!r}")
    return proc, first[len("listening on ") :]


@pytest.fixture(scope="session")
def mock_server() -> Iterator[Mock]:
    proc, url = start_mock()
    try:
        yield Mock(url)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def mock(mock_server: Mock) -> Mock:
    mock_server.reset(count=0)
    return mock_server


@pytest.fixture(autouse=True)
def _no_ambient_config(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests configure clients explicitly; the environment must not leak in.
    monkeypatch.delenv("WORKOS_API_KEY", raising=False)
    monkeypatch.delenv("WORKOS_BASE_URL", raising=False)


def client_for(mock: Mock, **options: Any) -> Any:
    from workos_dsync import WorkOSClient

    options.setdefault("api_key", mock.api_key)
    options.setdefault("base_url", mock.url)
    return WorkOSClient(**options)


def async_client_for(mock: Mock, **options: Any) -> Any:
    from workos_dsync import AsyncWorkOSClient

    options.setdefault("api_key", mock.api_key)
    options.setdefault("base_url", mock.url)
    return AsyncWorkOSClient(**options)


def first_id(mock: Mock) -> Optional[str]:
    dirs = mock.directories()
    return dirs[0]["id"] if dirs else None


# Long enough that only a broken feature, never a slow or loaded machine,
# keeps a polled condition from holding.
POLL_TIMEOUT = 30.0


def wait_until(condition: Callable[[], bool], what: str, timeout: float = POLL_TIMEOUT) -> None:
    """Polls `condition` until it holds; fails the test with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still not so after {timeout:.0f} s")
        time.sleep(0.01)


async def wait_until_async(condition: Callable[[], bool], what: str, timeout: float = POLL_TIMEOUT) -> None:
    """`wait_until` for a coroutine: the event loop runs between polls."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still not so after {timeout:.0f} s")
        await asyncio.sleep(0.01)


def request_logged(mock: Mock, method: str, path: str) -> bool:
    """Whether the mock has received (not necessarily answered) such a request."""
    return any(r["method"] == method and r["path"] == path for r in mock.requests())
