"""The official SDK's call surface: the directory id as positional, `id=` or
`id_=`, and `request_options=` on every method, sync and asyncio. The core's
behaviour with the options (headers sent, retries, timeouts, every page of a
walk) is the conformance scenarios' (test_conformance.py); here, what is
Python's: argument forms, types, messages, the page keeping its options, and
the stubs as a type checker sees them."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest
from conftest import Mock, async_client_for, client_for

import workos_dsync
from workos_dsync import InvalidArgumentError, RequestOptions

def directory_id(i: int) -> str:
    return f"directory_01RO{i:022}"


IDS = [directory_id(1), directory_id(2)]
OPTION_KEYS = {"extra_headers", "timeout", "max_retries", "idempotency_key", "base_url"}


def add_directories(mock: Mock, count: int = 2) -> None:
    mock.add([{"id": directory_id(i), "name": f"Directory {i}"} for i in range(1, count + 1)])
    mock.clear_log()


def api_log(mock: Mock) -> List[Dict[str, Any]]:
    return [r for r in mock.requests() if not r["path"].startswith("/__mock")]


Call = Callable[..., Any]


def calls(mock: Mock, asynchronous: bool) -> Dict[str, Call]:
    """get, list and delete of a client, each run to its result (awaited for asyncio)."""
    api = (async_client_for if asynchronous else client_for)(mock).directory_sync

    def run(method: str) -> Call:
        def call(*args: Any, **kwargs: Any) -> Any:
            if not asynchronous:
                return getattr(api, method)(*args, **kwargs)

            async def wait() -> Any:
                return await getattr(api, method)(*args, **kwargs)

            return asyncio.run(wait())

        return call

    return {m: run(m) for m in ("get_directory", "list_directories", "delete_directory")}


both = pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])


@both
def test_id_positional_id_and_id_(mock: Mock, asynchronous: bool) -> None:
    add_directories(mock)
    c = calls(mock, asynchronous)
    assert c["get_directory"](IDS[0]).id == IDS[0]
    assert c["get_directory"](id=IDS[0]).id == IDS[0]
    assert c["get_directory"](id_=IDS[0]).id == IDS[0]
    assert c["delete_directory"](id=IDS[0]) is None
    assert c["delete_directory"](id_=IDS[1]) is None
    assert [(r["method"], r["path"]) for r in api_log(mock)] == [
        ("GET", f"/directories/{IDS[0]}"),
        ("GET", f"/directories/{IDS[0]}"),
        ("GET", f"/directories/{IDS[0]}"),
        ("DELETE", f"/directories/{IDS[0]}"),
        ("DELETE", f"/directories/{IDS[1]}"),
    ]


@both
@pytest.mark.parametrize("method", ["get_directory", "delete_directory"])
def test_id_mistakes_are_type_errors(mock: Mock, asynchronous: bool, method: str) -> None:
    add_directories(mock)
    api = (async_client_for if asynchronous else client_for)(mock).directory_sync
    call = getattr(api, method)
    # Raised by the call itself, before any awaiting, and nothing is sent.
    with pytest.raises(TypeError, match=rf"^{method}\(\) missing required argument 'id'$"):
        call()
    with pytest.raises(TypeError, match=rf"^{method}\(\) missing required argument 'id'$"):
        call(id=None, request_options={"max_retries": 0})
    with pytest.raises(TypeError, match="got both 'id' and 'id_'"):
        call(IDS[0], id_=IDS[0])
    with pytest.raises(TypeError, match="got both 'id' and 'id_'"):
        call(id=IDS[0], id_=IDS[1])
    with pytest.raises(TypeError, match="^`id` must be a str, not int$"):
        call(5)
    with pytest.raises(TypeError, match="^`id_` must be a str, not bytes$"):
        call(id_=b"directory_01")
    with pytest.raises(TypeError):
        call(IDS[0], IDS[1])
    with pytest.raises(TypeError):
        call(IDS[0], request_options={}, timeout=1)
    assert api_log(mock) == []


@both
def test_an_empty_id_is_the_cores_invalid_argument(mock: Mock, asynchronous: bool) -> None:
    c = calls(mock, asynchronous)
    for method in ("get_directory", "delete_directory"):
        with pytest.raises(InvalidArgumentError, match="`id` must not be empty"):
            c[method](id="")
        with pytest.raises(InvalidArgumentError, match="`id` must not be empty"):
            c[method](id_="")
    assert api_log(mock) == []


@both
def test_options_go_with_get_list_and_delete(mock: Mock, asynchronous: bool) -> None:
    add_directories(mock)
    c = calls(mock, asynchronous)
    options: RequestOptions = {
        "extra_headers": {"X-Trace-Id": "t-1", "X-Team": "dsync"},
        "timeout": 5,
        "max_retries": 0,
        "base_url": mock.url,
    }
    c["get_directory"](IDS[0], request_options=options)
    c["list_directories"](limit=1, request_options=options)
    c["delete_directory"](IDS[1], request_options={**options, "idempotency_key": "del-2"})
    c["get_directory"](IDS[0])
    headers = [{k: r["headers"].get(k) for k in ("x-trace-id", "x-team", "idempotency-key")} for r in api_log(mock)]
    assert headers == [
        {"x-trace-id": "t-1", "x-team": "dsync", "idempotency-key": None},
        {"x-trace-id": "t-1", "x-team": "dsync", "idempotency-key": None},
        {"x-trace-id": "t-1", "x-team": "dsync", "idempotency-key": "del-2"},
        {"x-trace-id": None, "x-team": None, "idempotency-key": None},
    ]


@both
def test_none_means_not_given(mock: Mock, asynchronous: bool) -> None:
    add_directories(mock)
    c = calls(mock, asynchronous)
    c["get_directory"](IDS[0], request_options=None)
    c["get_directory"](IDS[0], request_options={})
    none: Dict[str, Any] = {k: None for k in OPTION_KEYS}
    c["get_directory"](IDS[0], request_options=none)
    c["list_directories"](request_options=none)
    assert len(api_log(mock)) == 4
    assert all("idempotency-key" not in r["headers"] for r in api_log(mock))


def test_a_page_keeps_its_options_for_its_walk(mock: Mock) -> None:
    add_directories(mock, 5)
    api = client_for(mock).directory_sync
    traced = api.list_directories(limit=2, order="asc", request_options={"extra_headers": {"X-Trace-Id": "walk"}})
    plain = api.list_directories(limit=2, order="asc")
    mock.clear_log()
    # Each page's walk, started after the other call, sends only its own options.
    assert len(list(plain.auto_paging_iter())) == 5
    assert len(list(traced.auto_paging_iter())) == 5
    assert [r["headers"].get("x-trace-id") for r in api_log(mock)] == [None, None, "walk", "walk"]


def test_an_async_page_keeps_its_options_for_its_walk(mock: Mock) -> None:
    add_directories(mock, 5)

    async def main() -> List[str]:
        api = async_client_for(mock).directory_sync
        page = await api.list_directories(limit=2, request_options={"extra_headers": {"X-Trace-Id": "awalk"}})
        return [d.id async for d in page.auto_paging_iter()]

    assert len(asyncio.run(main())) == 5
    assert [r["headers"].get("x-trace-id") for r in api_log(mock)] == ["awalk"] * 3


WRONG_TYPES = [
    ([("timeout", 1)], "^`request_options` must be a dict, not list$"),
    ({"timeot": 1}, '^unknown request option "timeot"; the options are extra_headers, timeout'),
    ({"headers": {}}, 'unknown request option "headers"'),
    ({1: 2}, "^the keys of `request_options` must be str, not int$"),
    ({"timeout": "5"}, "^`timeout` must be a number of seconds, not str$"),
    ({"timeout": True}, "^`timeout` must be a number of seconds, not bool$"),
    ({"max_retries": 1.0}, "^`max_retries` must be an int, not float$"),
    ({"max_retries": False}, "^`max_retries` must be an int, not bool$"),
    ({"extra_headers": [("X-A", "b")]}, "^`extra_headers` must be a dict of str to str, not list$"),
    ({"extra_headers": {b"X-A": "b"}}, "^the header names of `extra_headers` must be str, not bytes$"),
    ({"extra_headers": {"X-A": 1}}, r'^`extra_headers\["X-A"\]` must be a str, not int$'),
    ({"idempotency_key": 7}, "^`idempotency_key` must be a str, not int$"),
    ({"base_url": b"http://127.0.0.1"}, "^`base_url` must be a str, not bytes$"),
]

REFUSED_VALUES = [
    ({"timeout": 0}, "longer than zero"),
    ({"timeout": -1}, "^invalid_argument: `timeout` must be a number of seconds from 0"),
    ({"timeout": float("nan")}, "`timeout` must be a number of seconds from 0 .*, not NaN$"),
    ({"timeout": 10**400}, "`timeout` must be a number of seconds"),
    ({"max_retries": -1}, "^invalid_argument: `max_retries` must be an integer from 0 to 4294967295, not -1$"),
    ({"max_retries": 2**32}, "`max_retries` must be an integer from 0 to 4294967295"),
    ({"extra_headers": {"Authorization": "Bearer sk_other"}}, "`Authorization` header is the client's own"),
    ({"extra_headers": {"idempotency-key": "k"}}, r"use `idempotency_key`"),
    ({"extra_headers": {"X-A": "a\r\nX-Injected: 1"}}, "control characters"),
    ({"extra_headers": {"X A": "v"}}, "not a valid header name"),
    ({"idempotency_key": "k\n"}, "control characters"),
]


@both
@pytest.mark.parametrize("method", ["get_directory", "list_directories", "delete_directory"])
def test_wrong_types_and_refused_values_raise_when_called(mock: Mock, asynchronous: bool, method: str) -> None:
    add_directories(mock)
    api = (async_client_for if asynchronous else client_for)(mock).directory_sync
    args = [] if method == "list_directories" else [IDS[0]]
    # Both raise from the call itself (no awaiting needed), and nothing is sent.
    for options, message in WRONG_TYPES:
        with pytest.raises(TypeError, match=message):
            getattr(api, method)(*args, request_options=options)
    for options, message in REFUSED_VALUES:
        with pytest.raises(InvalidArgumentError, match=message) as info:
            getattr(api, method)(*args, request_options=options)
        assert info.value.kind == "invalid_argument" and isinstance(info.value, ValueError)
    assert api_log(mock) == []
    assert len(mock.directories()) == 2


def test_an_unusable_base_url_is_a_configuration_error(mock: Mock) -> None:
    add_directories(mock)
    api = client_for(mock).directory_sync
    with pytest.raises(workos_dsync.ConfigurationError, match="loopback"):
        api.get_directory(IDS[0], request_options={"base_url": "http://api.workos.test"})
    assert api_log(mock) == []


def test_request_options_is_the_official_typed_dict() -> None:
    from workos_dsync.types import RequestOptions as FromTypes

    assert RequestOptions is FromTypes and "RequestOptions" in workos_dsync.__all__
    assert RequestOptions.__total__ is False
    assert RequestOptions.__optional_keys__ == OPTION_KEYS and not RequestOptions.__required_keys__
    hints = typing.get_type_hints(RequestOptions)
    assert hints == {
        "extra_headers": Dict[str, str],
        "timeout": float,
        "max_retries": int,
        "idempotency_key": str,
        "base_url": str,
    }
    assert RequestOptions(timeout=1.5) == {"timeout": 1.5}


def test_methods_show_their_signatures() -> None:
    for cls in (workos_dsync.DirectorySync, workos_dsync.AsyncDirectorySync):
        for method in ("get_directory", "delete_directory"):
            assert getattr(cls, method).__text_signature__ == "($self, id=None, *, id_=None, request_options=None)"
        assert cls.list_directories.__text_signature__.endswith(", order=None, *, request_options=None)")
    assert "request_options" in (workos_dsync.DirectorySync.get_directory.__doc__ or "")


TYPED_PROGRAM = '''
from typing import Awaitable, List
from workos_dsync import AsyncWorkOSClient, AsyncPage, Directory, RequestOptions, SyncPage, WorkOSClient

options: RequestOptions = {"extra_headers": {"X-Trace-Id": "t"}, "timeout": 2.5, "max_retries": 1}
client = WorkOSClient(api_key="sk_test", base_url="http://127.0.0.1:1")
d: Directory = client.directory_sync.get_directory("directory_1", request_options=options)
d = client.directory_sync.get_directory(id="directory_1")
d = client.directory_sync.get_directory(id_="directory_1")
page: SyncPage = client.directory_sync.list_directories(limit=10, request_options=options)
names: List[str] = [x.name for x in page.auto_paging_iter()]
none: None = client.directory_sync.delete_directory("directory_1", request_options={"idempotency_key": "k"})

aclient = AsyncWorkOSClient(api_key="sk_test")
ad: Awaitable[Directory] = aclient.directory_sync.get_directory("directory_1", request_options=options)
apage: Awaitable[AsyncPage] = aclient.directory_sync.list_directories(request_options=options)
adel: Awaitable[None] = aclient.directory_sync.delete_directory(id="directory_1")

async def walk(p: AsyncPage) -> List[Directory]:
    return [x async for x in p.auto_paging_iter()]

bad_key: RequestOptions = {"timeot": 1}  # E1
bad_type: RequestOptions = {"max_retries": "3"}  # E2
wrong: Directory = aclient.directory_sync.get_directory("directory_1")  # E3
client.directory_sync.get_directory(7)  # E4
'''


def test_stubs_type_a_program(tmp_path: Path) -> None:
    # The stubs' generic bases resolve to the right result per class, and the
    # TypedDict checks keys and value types: mypy reports exactly the four
    # marked lines.
    program = tmp_path / "typed.py"
    program.write_text(TYPED_PROGRAM)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
         "--no-error-summary", "--hide-error-context", str(program)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    lines = TYPED_PROGRAM.splitlines()
    reported = sorted({int(line.split(":")[1]) for line in result.stdout.splitlines() if ": error:" in line})
    marked = [i + 1 for i, line in enumerate(lines) if "  # E" in line]
    assert reported == marked, result.stdout + result.stderr
