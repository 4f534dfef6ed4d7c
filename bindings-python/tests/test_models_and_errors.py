"""Models, errors, typing and packaging of the installed wheel."""

from __future__ import annotations

import asyncio
import inspect
import os
import pickle
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import Mock, async_client_for, client_for

import workos_dsync
from workos_dsync import errors
from workos_dsync._native import ERROR_KINDS

DIRECTORY = {
    "object": "directory",
    "id": "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1",
    "organization_id": "org_01HZ8RPZ0B9V3F2S0Q8K5N1T4C",
    "external_key": "kx8DPq2LmN4sT7vW",
    "type": "okta scim v2.0",
    "state": "linked",
    "name": "Acme Robotics",
    "domain": "acme-robotics.com",
    "metadata": {"users": {"active": 42, "inactive": 3}, "groups": 5},
    "created_at": "2024-03-01T10:00:00.000Z",
    "updated_at": "2024-03-02T11:30:00.000Z",
}


def test_tests_use_the_installed_wheel() -> None:
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert Path(workos_dsync.__file__).resolve().is_relative_to(site), workos_dsync.__file__


def test_directory_attributes_equality_and_wire_dict(mock: Mock) -> None:
    other = {**DIRECTORY, "id": "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M2", "name": "Acme Rockets"}
    mock.add([DIRECTORY, other])
    client = client_for(mock)
    d = client.directory_sync.get_directory(DIRECTORY["id"])
    assert d.id == DIRECTORY["id"] and d.name == "Acme Robotics"
    assert d.type == "okta scim v2.0" and isinstance(d.type, str)
    assert d.state == "linked"
    assert d.domain == "acme-robotics.com"
    assert d.metadata is not None and d.metadata.users.active == 42 and d.metadata.groups == 5
    assert d.to_dict() == DIRECTORY
    assert d == client.directory_sync.get_directory(id_=DIRECTORY["id"])
    listed = {x.id: x for x in client.directory_sync.list_directories().data}
    assert listed[DIRECTORY["id"]] == d, "equal by value, though fetched separately"
    assert listed[other["id"]] != d
    assert d != DIRECTORY, "a model is not its dict"
    assert "Acme Robotics" in repr(d) and repr(d).startswith("Directory(id='directory_")


def test_getters_are_exactly_the_wire_fields(mock: Mock) -> None:
    # to_dict() is the core's serde shape; the getters are written out in Rust
    # (pyo3 cannot derive them for the core's structs): they must name the same
    # fields, so a field added to the core fails here until it has its getter.
    mock.add([DIRECTORY])
    client = client_for(mock)
    d = client.directory_sync.get_directory(DIRECTORY["id"])
    page = client.directory_sync.list_directories()

    def getters(obj: object) -> set[str]:
        return {name for name, attr in vars(type(obj)).items() if inspect.isgetsetdescriptor(attr)}

    assert d.metadata is not None
    for model in (d, d.metadata, d.metadata.users, page.list_metadata, page):
        assert getters(model) == set(model.to_dict()), type(model).__name__
    assert d.to_dict() == DIRECTORY and list(d.to_dict()) == list(DIRECTORY), "the API's field order"


def test_models_are_immutable(mock: Mock) -> None:
    mock.add([DIRECTORY])
    d = client_for(mock).directory_sync.get_directory(DIRECTORY["id"])
    with pytest.raises(AttributeError):
        d.name = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        d.metadata.groups = 1  # type: ignore[misc, union-attr]


def test_unknown_enum_values_and_missing_optionals(mock: Mock) -> None:
    odd = {**DIRECTORY, "type": "brand new hr", "state": "hibernating"}
    del odd["domain"], odd["metadata"]
    mock.add([odd])
    d = client_for(mock).directory_sync.get_directory(odd["id"])
    assert (d.type, d.state, d.domain, d.metadata) == ("brand new hr", "hibernating", None, None)
    assert d.to_dict() == odd


def test_page_shape(mock: Mock) -> None:
    mock.reset(count=15)
    page = client_for(mock).directory_sync.list_directories(limit=10)
    assert page.object == "list"
    assert len(page.data) == 10
    assert page.list_metadata.after == page.data[-1].id
    assert page.list_metadata.before is None
    wire = page.to_dict()
    assert wire["list_metadata"] == {"before": None, "after": page.data[-1].id}
    assert [d["id"] for d in wire["data"]] == [d.id for d in page.data]
    assert repr(page).startswith("SyncPage(data=<10 directories>")


def test_auto_paging_is_lazy(mock: Mock) -> None:
    mock.reset(count=50)
    page = client_for(mock).directory_sync.list_directories(limit=10)
    mock.clear_log()
    it = page.auto_paging_iter()
    first = [next(it) for _ in range(15)]
    assert [d.id for d in first[:10]] == [d.id for d in page.data]
    assert len(mock.requests()) == 1, "15 items: the first page is in hand, one more fetched"
    assert len(first) + len(list(it)) == 50


def test_every_kind_has_its_class_and_hierarchy() -> None:
    assert set(ERROR_KINDS) == set(errors.CLASSES_BY_KIND)
    for kind, cls in errors.CLASSES_BY_KIND.items():
        assert cls.kind == kind
        assert issubclass(cls, workos_dsync.WorkOSError) and issubclass(cls, Exception)
    http = ["bad_request", "authentication", "authorization", "not_found", "conflict",
            "unprocessable_entity", "rate_limited", "server", "api"]
    for kind in http:
        assert issubclass(errors.CLASSES_BY_KIND[kind], workos_dsync.APIError)
    assert issubclass(workos_dsync.InvalidArgumentError, ValueError)
    for name in errors.__all__:
        assert getattr(workos_dsync, name) is getattr(errors, name)


def test_errors_pickle_with_their_fields(mock: Mock) -> None:
    mock.fault({"method": "GET", "path": "/directories", "status": 422, "times": 1,
                "headers": {"Retry-After": "3"},
                "body": {"message": "Validation failed", "code": "invalid_request_parameters",
                         "errors": [{"field": "limit", "code": "invalid_limit"}]}})
    with pytest.raises(workos_dsync.UnprocessableEntityError) as info:
        client_for(mock, max_retries=0).directory_sync.list_directories()
    err = info.value
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is type(err)
    for field in ("kind", "message", "status_code", "code", "request_id", "errors", "retry_after"):
        assert getattr(copy, field) == getattr(err, field), field
    assert str(copy) == str(err)
    assert err.errors[0]["field"] == "limit" and err.retry_after == 3.0
    for cls in errors.CLASSES_BY_KIND.values():
        e = cls("boom", status_code=500, code="c", request_id="req_1")
        assert pickle.loads(pickle.dumps(e)).request_id == "req_1"


def test_bad_arguments_raise_before_sending(mock: Mock) -> None:
    client = client_for(mock)
    mock.clear_log()
    with pytest.raises(workos_dsync.InvalidArgumentError, match="limit"):
        client.directory_sync.list_directories(limit=0)
    with pytest.raises(ValueError, match="order"):
        client.directory_sync.list_directories(order="sideways")
    with pytest.raises(workos_dsync.InvalidArgumentError, match="id"):
        client.directory_sync.get_directory("")
    with pytest.raises(workos_dsync.InvalidArgumentError):
        client.directory_sync.delete_directory("..")
    with pytest.raises(TypeError):
        client.directory_sync.get_directory(123)  # type: ignore[arg-type]
    assert mock.requests() == []


# Numbers the core's types cannot hold, per argument; each must be
# InvalidArgumentError (a ValueError), never OverflowError, and send nothing.
OUT_OF_RANGE = {
    "max_retries": [-1, -(10**20), 2**32, 10**20],
    "request_timeout": [-1, -0.001, float("nan"), float("inf"), float("-inf"), 1e300, 10**400, -(10**400)],
}
LIMITS_OUT_OF_RANGE = [0, -1, 101, 2**63, 10**20, -(10**20), 10**400]


@pytest.mark.parametrize("client_class", [workos_dsync.WorkOSClient, workos_dsync.AsyncWorkOSClient])
def test_numbers_out_of_range_are_invalid_arguments(mock: Mock, client_class: type) -> None:
    mock.reset(count=1)
    mock.clear_log()
    for name, values in OUT_OF_RANGE.items():
        for value in values:
            with pytest.raises(workos_dsync.InvalidArgumentError, match=name) as info:
                client_class(api_key=mock.api_key, base_url=mock.url, **{name: value})
            assert isinstance(info.value, ValueError) and not isinstance(info.value, OverflowError)
            assert info.value.kind == "invalid_argument", repr(value)
    # bool is an int to Python, but never a count or a duration here.
    for name in OUT_OF_RANGE:
        with pytest.raises(TypeError, match=name):
            client_class(api_key=mock.api_key, base_url=mock.url, **{name: True})

    if client_class is workos_dsync.WorkOSClient:
        api = client_for(mock).directory_sync
        for limit in LIMITS_OUT_OF_RANGE:
            with pytest.raises(workos_dsync.InvalidArgumentError, match="limit"):
                api.list_directories(limit=limit)
        with pytest.raises(TypeError, match="limit"):
            api.list_directories(limit=True)
        with pytest.raises(TypeError, match="limit"):
            api.list_directories(limit=5.0)  # type: ignore[arg-type]
        # Past 4300 digits Python refuses str(); the message gives the size instead.
        huge = 10**5000
        with pytest.raises(workos_dsync.InvalidArgumentError, match=f"an int of {huge.bit_length()} bits"):
            api.list_directories(limit=huge)
        with pytest.raises(workos_dsync.InvalidArgumentError, match="a negative int of"):
            client_for(mock, max_retries=-huge)
    else:

        async def main() -> None:
            api = async_client_for(mock).directory_sync
            for limit in LIMITS_OUT_OF_RANGE:
                with pytest.raises(workos_dsync.InvalidArgumentError, match="limit"):
                    await api.list_directories(limit=limit)
            with pytest.raises(TypeError, match="limit"):
                await api.list_directories(limit=False)

        asyncio.run(main())
    assert mock.requests() == []


@pytest.mark.parametrize("client_class", [workos_dsync.WorkOSClient, workos_dsync.AsyncWorkOSClient])
def test_wrong_types_are_type_errors(mock: Mock, client_class: type) -> None:
    # A wrong type is a TypeError, as in Node; a value of the right type out of
    # range is the core's invalid_argument (above).
    for name, value in [
        ("max_retries", "3"),
        ("max_retries", 3.0),
        ("max_retries", False),
        ("request_timeout", "5"),
        ("request_timeout", [5]),
        ("api_key", 5),
        ("base_url", b"http://127.0.0.1"),
    ]:
        kwargs = {"api_key": mock.api_key, "base_url": mock.url, name: value}
        with pytest.raises(TypeError) as info:
            client_class(**kwargs)
        assert not isinstance(info.value, workos_dsync.WorkOSError), (name, value)
    # The core's message names the option as Python spells it.
    with pytest.raises(workos_dsync.InvalidArgumentError, match=r"`request_timeout` must be a number of seconds from 0"):
        client_class(api_key=mock.api_key, base_url=mock.url, request_timeout=-1)
    with pytest.raises(workos_dsync.InvalidArgumentError, match=r"`max_retries` must be an integer from 0 to 4294967295, not -1$"):
        client_class(api_key=mock.api_key, base_url=mock.url, max_retries=-1)


def test_numbers_at_the_ends_of_their_ranges_are_accepted(mock: Mock) -> None:
    mock.reset(count=1)
    assert "max_retries=4294967295" in repr(client_for(mock, max_retries=2**32 - 1))
    for timeout in (30, 2.5, 1e18):
        client = client_for(mock, max_retries=0, request_timeout=timeout)
        assert len(client.directory_sync.list_directories(limit=1).data) == 1
        assert len(client.directory_sync.list_directories(limit=100).data) == 1


def test_the_key_shows_nowhere(mock: Mock) -> None:
    secret = "sk_test_super_secret_value"
    client = client_for(mock, api_key=secret)
    with pytest.raises(workos_dsync.AuthenticationError) as info:
        client.directory_sync.list_directories()
    texts = [repr(client), repr(client.directory_sync), str(info.value), repr(info.value),
             repr(pickle.dumps(info.value))]
    assert not any(secret in t for t in texts), texts


def test_configuration_errors_surface_on_call(mock: Mock) -> None:
    client = client_for(mock, base_url="http://api.example.com")
    with pytest.raises(workos_dsync.ConfigurationError, match="loopback"):
        client.directory_sync.list_directories()
    # Zero is a timeout no call can meet: unusable, like the other bindings' zero.
    with pytest.raises(workos_dsync.ConfigurationError, match="timeout"):
        workos_dsync.WorkOSClient(api_key="k", base_url=mock.url, request_timeout=0).directory_sync.get_directory("x")


def test_environment_configures_the_client(mock: Mock, monkeypatch: pytest.MonkeyPatch) -> None:
    mock.reset(count=3)
    monkeypatch.setenv("WORKOS_API_KEY", mock.api_key)
    monkeypatch.setenv("WORKOS_BASE_URL", mock.url)
    assert len(workos_dsync.WorkOSClient().directory_sync.list_directories().data) == 3


def test_stubs_match_the_runtime_module() -> None:
    # mypy's stubtest imports the installed package and compares every public
    # name and signature with the .pyi stubs.
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "workos_dsync"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_seed_example_runs(mock: Mock) -> None:
    mock.reset(count=24)
    example = Path(__file__).resolve().parents[1] / "examples" / "seed.py"
    env = {**os.environ, "WORKOS_API_KEY": mock.api_key, "WORKOS_BASE_URL": mock.url}
    result = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "all: 24 directories" in result.stdout
    assert "async all: 23 directories" in result.stdout
    assert len(mock.directories()) == 23
