"""Every scenario of tests/conformance/ through the Python binding, sync and
asyncio, against the mock server over HTTP. Format: tests/README.md."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import (
    Any, AsyncIterator, Awaitable, Callable, Coroutine, Dict, Iterator, List, NamedTuple, Optional, Set, Tuple,
)

import pytest
from conftest import REPO, Mock

from workos_dsync import AsyncWorkOSClient, WorkOSClient, WorkOSError

SCENARIOS = sorted((REPO / "tests" / "conformance").glob("*.json"))
assert len(SCENARIOS) >= 40, f"expected the conformance scenarios in {REPO}/tests/conformance"

# The keys a scenario may use, one list per part of it, shared by every
# language's runner. Any other key fails the scenario: a runner that skipped an
# expectation it cannot read would hold a test that cannot fail.
KEYS_FILE = REPO / "tests" / "conformance-keys.json"
SECTIONS = ("scenario", "setup", "client", "call", "options", "params", "expect", "error", "request")


def load_keys() -> Dict[str, Set[str]]:
    try:
        data = json.loads(KEYS_FILE.read_text())
    except (OSError, ValueError) as e:
        raise RuntimeError(f"cannot load the allowed keys from {KEYS_FILE}: {e}") from e
    keys: Dict[str, Set[str]] = {}
    for section in SECTIONS:
        names = data.get(section) if isinstance(data, dict) else None
        if not isinstance(names, list) or not all(isinstance(k, str) for k in names):
            raise RuntimeError(f"{KEYS_FILE} has no section {section!r} (an array of key names)")
        keys[section] = set(names)
    return keys


KEYS = load_keys()


def known(obj: Dict[str, Any], section: str, what: str) -> None:
    """Fails on a key that `section` of tests/conformance-keys.json does not allow."""
    unknown = set(obj) - KEYS[section]
    assert not unknown, f"unknown keys {unknown} in {what}"


def setup(mock: Mock, scenario: Dict[str, Any]) -> Dict[str, Any]:
    s = scenario.get("setup", {})
    known(s, "setup", "setup")
    mock.admin("POST", "reset", s.get("reset", {"count": 0}))
    if "directories" in s:
        mock.admin("POST", "directories", s["directories"])
    if "faults" in s:
        mock.admin("POST", "faults", s["faults"])
    mock.clear_log()
    opts = s.get("client", {})
    known(opts, "client", "setup.client")
    kwargs: Dict[str, Any] = {
        "api_key": opts.get("api_key", mock.api_key),
        "base_url": opts.get("base_url", mock.url),
    }
    if "max_retries" in opts:
        kwargs["max_retries"] = opts["max_retries"]
    if "timeout_ms" in opts:
        kwargs["request_timeout"] = opts["timeout_ms"] / 1000
    return kwargs


Outcome = Tuple[Any, Optional[WorkOSError], Optional[int]]


def request_options(call: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """`call.options` as the `request_options` dict of every method (seconds, not ms)."""
    if "options" not in call:
        return None
    o = call["options"]
    known(o, "options", "call.options")
    opts = {k: o[k] for k in ("max_retries", "extra_headers", "idempotency_key", "base_url") if k in o}
    if "timeout_ms" in o:
        opts["timeout"] = o["timeout_ms"] / 1000
    return opts


async def as_is(value: Any) -> Any:
    return value


async def awaited(value: Any) -> Any:
    return await value


async def each_sync(iterator: Iterator[Any]) -> AsyncIterator[Any]:
    for item in iterator:
        yield item


def each_async(iterator: AsyncIterator[Any]) -> AsyncIterator[Any]:
    return iterator


def run_sync(runner: Coroutine[Any, Any, Outcome]) -> Outcome:
    """The outcome of a runner with the sync client, which finishes on its first step."""
    try:
        runner.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    runner.close()
    raise AssertionError("the runner suspended with the sync client")


class Mode(NamedTuple):
    """One client and how the runner meets its answers: `result` turns what a
    call returned into its value, `each` an `auto_paging_iter()` into an async
    iterator, and `run` runs the runner; so one runner serves both clients."""

    client: Callable[..., Any]
    result: Callable[[Any], Awaitable[Any]]
    each: Callable[[Any], AsyncIterator[Any]]
    run: Callable[[Coroutine[Any, Any, Outcome]], Outcome]


# The sync client's answers are values and plain iterators, taken as they are:
# the runner never suspends, so `run_sync` drives it without an event loop, as a
# sync program calls. The asyncio client's are awaited, in `asyncio.run`.
MODES = {
    "sync": Mode(WorkOSClient, as_is, each_sync, run_sync),
    "async": Mode(AsyncWorkOSClient, awaited, each_async, asyncio.run),
}


# `list_all` is the first page (of 100 unless the scenario sets a limit, as the
# core's auto-paging does) followed by its `auto_paging_iter()`.


async def run_call(client: Any, call: Dict[str, Any], mode: Mode) -> Outcome:
    api = client.directory_sync
    op = call["op"]
    params = call.get("params", {})
    opts = request_options(call)
    items: List[Any] = []
    try:
        if op == "get":
            return (await mode.result(api.get_directory(call["id"], request_options=opts))).to_dict(), None, None
        if op == "delete":
            return await mode.result(api.delete_directory(call["id"], request_options=opts)), None, None
        if op == "list":
            return (await mode.result(api.list_directories(**params, request_options=opts))).to_dict(), None, None
        if op == "list_all":
            page = await mode.result(api.list_directories(**{"limit": 100, **params}, request_options=opts))
            async for d in mode.each(page.auto_paging_iter()):
                items.append(d.to_dict())
            return items, None, len(items)
    except WorkOSError as e:
        return None, e, len(items)
    raise AssertionError(f"unknown op {op!r}")


def check(mock: Mock, expect: Dict[str, Any], outcome: Outcome) -> None:
    known(expect, "expect", "expect")
    result, error, items = outcome
    if "error" in expect:
        assert error is not None, f"expected error {expect['error']}, got result {result}"
        check_error(expect["error"], error)
    else:
        assert error is None, f"expected success, got {error!r}"
        check_result(expect, result)
    if "items_before_error" in expect:
        assert items == expect["items_before_error"]
    log = mock.requests()
    count = expect.get("request_count", len(expect["requests"]) if "requests" in expect else None)
    if count is not None:
        assert len(log) == count, f"expected {count} requests, the mock logged {json.dumps(log, indent=1)}"
    for i, want in enumerate(expect.get("requests", [])):
        check_request(i, want, log[i])
    if "mock_directory_count" in expect:
        assert len(mock.directories()) == expect["mock_directory_count"]


def dirs_of(result: Any) -> List[Dict[str, Any]]:
    if isinstance(result, list):
        return result
    if isinstance(result, dict):
        return result.get("data", [])
    return []


def check_result(expect: Dict[str, Any], result: Any) -> None:
    if "result" in expect:
        assert result == expect["result"]
    dirs = dirs_of(result)
    if "result_ids" in expect:
        assert [d["id"] for d in dirs] == expect["result_ids"]
    if "result_count" in expect:
        assert len(dirs) == expect["result_count"]
    if "result_sorted" in expect:
        keys = [(d["created_at"], d["id"]) for d in dirs]
        assert len({d["id"] for d in dirs}) == len(dirs), "an id repeats"
        want = sorted(keys, reverse=expect["result_sorted"] == "desc")
        assert expect["result_sorted"] in ("asc", "desc")
        assert keys == want


def check_error(want: Dict[str, Any], err: WorkOSError) -> None:
    known(want, "error", "expect.error")
    assert err.kind == want["kind"], repr(err)
    if "status" in want:
        assert err.status_code == want["status"], repr(err)
    if "code" in want:
        assert err.code == want["code"], repr(err)
    if "message_contains" in want:
        assert want["message_contains"] in err.message, repr(err)
    if "request_id" in want:
        assert bool(err.request_id) == want["request_id"], repr(err)
    if "errors" in want:
        assert len(err.errors) == len(want["errors"])
        for w, g in zip(want["errors"], err.errors):
            for k, v in w.items():
                assert g.get(k) == v, f"field error {k}: {g}"
    if "retry_after" in want:
        assert err.retry_after is not None and int(err.retry_after) == want["retry_after"]


def check_request(i: int, want: Dict[str, Any], got: Dict[str, Any]) -> None:
    known(want, "request", "expect.requests[]")
    assert got["method"] == want["method"], f"request {i}: {got}"
    assert got["path"] == want["path"], f"request {i}: {got}"
    if "query" in want:
        actual = got["query_params"] or {}
        assert set(actual) == set(want["query"]), f"request {i}: {got}"
        for k, v in want["query"].items():
            assert v == "*" or actual[k] == v, f"request {i}: {got}"
    if "user_agent_prefix" in want:
        assert (got["user_agent"] or "").startswith(want["user_agent_prefix"])
        assert " python/" in got["user_agent"]
    if "headers" in want:
        # The log has the names in lower case; null means the header was absent.
        logged = got.get("headers") or {}
        for name, value in want["headers"].items():
            assert logged.get(name.lower()) == value, f"request {i}: header {name} should be {value!r}; {got}"


def load(path: Path) -> Dict[str, Any]:
    scenario = json.loads(path.read_text())
    known(scenario, "scenario", "the scenario")
    assert scenario["name"] == path.stem
    known(scenario["call"], "call", "call")
    known(scenario["call"].get("params", {}), "params", "call.params")
    known(scenario["call"].get("options", {}), "options", "call.options")
    return scenario


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
@pytest.mark.parametrize("mode", list(MODES.values()), ids=list(MODES))
def test_scenario(mock: Mock, mode: Mode, path: Path) -> None:
    scenario = load(path)
    client = mode.client(**setup(mock, scenario))
    outcome = mode.run(run_call(client, scenario["call"], mode))
    check(mock, scenario["expect"], outcome)
