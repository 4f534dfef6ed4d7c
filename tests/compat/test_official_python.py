"""The official WorkOS Python SDK (PyPI `workos`, pinned in scripts/test-all),
unchanged, against our mock server: the mock must be a drop-in test server.

Run by `make test-compat`, which starts the mock and passes its URL in
COMPAT_MOCK_URL. Every test resets the mock through its admin API
(mock/README.md) and checks concrete values: ids, counts, error classes,
status codes, and what the mock received.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any, Dict, List

import pytest
import workos
from workos import (
    AuthenticationError,
    NotFoundError,
    UnprocessableEntityError,
    WorkOSClient,
)

KEY = "sk_test_mock"
URL = os.environ.get("COMPAT_MOCK_URL", "")
if not URL:
    raise RuntimeError("COMPAT_MOCK_URL is not set: run `make test-compat`, which starts the mock")


def admin(method: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{URL}/__mock/{path}", data=data, method=method)
    req.add_header("content-type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read() or b"null")


def reset(directories: Any = None) -> List[Dict[str, Any]]:
    """An empty mock, then `directories` (admin body), and an empty request log."""
    admin("POST", "reset", {"count": 0})
    created = admin("POST", "directories", directories) if directories is not None else []
    admin("DELETE", "requests")
    return created


def api_requests() -> List[Dict[str, Any]]:
    return [r for r in admin("GET", "requests") if not r["path"].startswith("/__mock")]


def client(api_key: str = KEY) -> WorkOSClient:
    return WorkOSClient(api_key=api_key, base_url=URL, max_retries=0)


def test_sdk_is_the_pinned_release() -> None:
    from importlib.metadata import version

    assert version("workos") == "10.8.0"
    assert workos.WorkOSClient is WorkOSClient


def test_get_directory() -> None:
    reset(
        [
            {
                "id": "directory_01COMPATGET",
                "organization_id": "org_01COMPAT",
                "external_key": "ext_compat",
                "type": "gsuite directory",
                "state": "linked",
                "name": "Compat Corp",
                "domain": "compat.test",
                "metadata": {"users": {"active": 42, "inactive": 3}, "groups": 5},
                "created_at": "2024-03-01T12:00:00.000Z",
                "updated_at": "2024-03-02T12:00:00.000Z",
            }
        ]
    )
    d = client().directory_sync.get_directory("directory_01COMPATGET")
    assert d.id == "directory_01COMPATGET"
    assert d.organization_id == "org_01COMPAT"
    assert d.external_key == "ext_compat"
    assert d.type.value == "gsuite directory"
    assert d.state.value == "linked"
    assert d.name == "Compat Corp"
    assert d.domain == "compat.test"
    assert d.metadata is not None
    assert (d.metadata.users.active, d.metadata.users.inactive, d.metadata.groups) == (42, 3, 5)
    assert d.created_at.isoformat() == "2024-03-01T12:00:00+00:00"
    assert d.updated_at.isoformat() == "2024-03-02T12:00:00+00:00"
    reqs = api_requests()
    assert [(r["method"], r["path"], r["authorized"], r["status"]) for r in reqs] == [
        ("GET", "/directories/directory_01COMPATGET", True, 200)
    ]


def filter_fixture() -> List[Dict[str, Any]]:
    """Ten matches for org_A + "acme" + acme.test, in creation order, among
    directories that each miss one of the three filters."""
    dirs: List[Dict[str, Any]] = []
    for i in range(10):
        dirs.append({"id": f"directory_match_{i:02}", "organization_id": "org_A", "name": f"ACME Widgets {i:02}", "domain": "acme.test"})
        dirs.append({"id": f"directory_other_org_{i:02}", "organization_id": "org_B", "name": f"Acme {i:02}", "domain": "acme.test"})
        dirs.append({"id": f"directory_other_name_{i:02}", "organization_id": "org_A", "name": f"Globex {i:02}", "domain": "acme.test"})
        dirs.append({"id": f"directory_other_domain_{i:02}", "organization_id": "org_A", "name": f"Acme {i:02}", "domain": "acme.example"})
    return dirs


def test_list_directories_every_parameter() -> None:
    reset(filter_fixture())
    page = client().directory_sync.list_directories(
        organization_id="org_A",
        search="acme",
        domain="acme.test",
        limit=3,
        after="directory_match_01",
        before="directory_match_08",
        order="asc",
    )
    assert [d.id for d in page.data] == ["directory_match_02", "directory_match_03", "directory_match_04"]
    reqs = api_requests()
    assert len(reqs) == 1
    assert reqs[0]["path"] == "/directories"
    assert reqs[0]["query_params"] == {
        "organization_id": "org_A",
        "search": "acme",
        "domain": "acme.test",
        "limit": "3",
        "after": "directory_match_01",
        "before": "directory_match_08",
        "order": "asc",
    }


def test_list_directories_filters_after_and_metadata() -> None:
    reset(filter_fixture())
    page = client().directory_sync.list_directories(
        organization_id="org_A", search="acme", domain="acme.test", limit=4, after="directory_match_05", order="asc"
    )
    assert [d.id for d in page.data] == [f"directory_match_{i:02}" for i in (6, 7, 8, 9)]
    assert page.list_metadata.before == "directory_match_06"
    assert page.list_metadata.after is None
    assert page.has_more() is False


def test_list_directories_before_desc() -> None:
    reset(filter_fixture())
    page = client().directory_sync.list_directories(
        organization_id="org_A", search="ACME", domain="acme.test", limit=2, before="directory_match_04", order="desc"
    )
    # Newest first: the two matches that precede match_04 in descending order.
    assert [d.id for d in page.data] == ["directory_match_06", "directory_match_05"]
    assert page.list_metadata.before == "directory_match_06"
    assert page.list_metadata.after == "directory_match_05"


def test_list_directories_default_page_is_ten_newest_first() -> None:
    created = reset({"generate": 25, "seed": 3})
    page = client().directory_sync.list_directories()
    assert [d.id for d in page.data] == [d["id"] for d in reversed(created)][:10]
    assert page.list_metadata.after == created[-10]["id"]
    assert api_requests()[0]["query_params"] == {"order": "desc"}


def test_auto_paging_over_300_directories() -> None:
    created = reset({"generate": 300, "seed": 7})
    assert len(created) == 300
    page = client().directory_sync.list_directories(limit=100, order="asc")
    ids = [d.id for d in page.auto_paging_iter()]
    assert len(ids) == 300
    assert ids == [d["id"] for d in created]
    reqs = api_requests()
    assert len(reqs) == 3
    assert [r["query_params"].get("after") for r in reqs] == [None, created[99]["id"], created[199]["id"]]
    assert all(r["query_params"]["limit"] == "100" and r["query_params"]["order"] == "asc" for r in reqs)


def test_auto_paging_default_walks_300_newest_first() -> None:
    created = reset({"generate": 300, "seed": 11})
    ids = [d.id for d in client().directory_sync.list_directories().auto_paging_iter()]
    assert ids == [d["id"] for d in reversed(created)]
    assert len(set(ids)) == 300
    assert len(api_requests()) == 30  # the API's page size, 10, as no limit was given


def test_delete_then_get_is_not_found() -> None:
    created = reset({"generate": 3, "seed": 5})
    victim = created[1]["id"]
    sdk = client()
    assert sdk.directory_sync.delete_directory(victim) is None
    assert [d["id"] for d in admin("GET", "directories")] == [created[0]["id"], created[2]["id"]]
    with pytest.raises(NotFoundError) as info:
        sdk.directory_sync.get_directory(victim)
    assert type(info.value) is NotFoundError
    assert info.value.status_code == 404
    assert info.value.code == "entity_not_found"
    assert info.value.message == "Directory not found"
    assert (info.value.request_id or "").startswith("req_")
    assert [(r["method"], r["status"]) for r in api_requests()] == [("DELETE", 202), ("GET", 404)]


@pytest.mark.parametrize(
    ("method", "verb"), [("get_directory", "GET"), ("delete_directory", "DELETE")]
)
def test_missing_id_is_404(method: str, verb: str) -> None:
    reset({"generate": 2, "seed": 5})
    with pytest.raises(NotFoundError) as info:
        getattr(client().directory_sync, method)("directory_missing")
    assert info.value.status_code == 404
    assert info.value.code == "entity_not_found"
    assert [(r["method"], r["path"]) for r in api_requests()] == [
        (verb, "/directories/directory_missing")
    ]
    assert len(admin("GET", "directories")) == 2, "nothing was deleted"


def test_wrong_key_is_401() -> None:
    created = reset({"generate": 2, "seed": 5})
    bad = client(api_key="sk_test_wrong")
    with pytest.raises(AuthenticationError) as info:
        bad.directory_sync.get_directory(created[0]["id"])
    assert type(info.value) is AuthenticationError
    assert info.value.status_code == 401
    assert info.value.code == "unauthorized"
    with pytest.raises(AuthenticationError):
        bad.directory_sync.list_directories()
    with pytest.raises(AuthenticationError):
        bad.directory_sync.delete_directory(created[0]["id"])
    assert len(admin("GET", "directories")) == 2
    reqs = api_requests()
    assert [(r["method"], r["authorized"], r["status"]) for r in reqs] == [
        ("GET", False, 401),
        ("GET", False, 401),
        ("DELETE", False, 401),
    ]


def test_limit_zero_is_422() -> None:
    reset({"generate": 2, "seed": 5})
    # The SDK does not check limit itself: the request goes out and the API refuses it.
    with pytest.raises(UnprocessableEntityError) as info:
        client().directory_sync.list_directories(limit=0)
    assert type(info.value) is UnprocessableEntityError
    assert info.value.status_code == 422
    assert info.value.code == "invalid_request_parameters"
    assert [(e["field"], e["code"]) for e in info.value.errors] == [("limit", "invalid_limit")]
    assert [r["query_params"]["limit"] for r in api_requests()] == ["0"]


def test_limit_over_100_is_422() -> None:
    reset()
    with pytest.raises(UnprocessableEntityError) as info:
        client().directory_sync.list_directories(limit=101)
    assert info.value.status_code == 422
    assert [(e["field"], e["code"]) for e in info.value.errors] == [("limit", "invalid_limit")]


def test_unknown_order_is_422() -> None:
    reset()
    # `order` takes a plain string too, sent as given.
    with pytest.raises(UnprocessableEntityError) as info:
        client().directory_sync.list_directories(order="sideways")
    assert info.value.status_code == 422
    assert [(e["field"], e["code"]) for e in info.value.errors] == [("order", "invalid_order")]


REPO = Path(__file__).resolve().parents[2]


def readme_block(marker: str, fence: str, name: str = "README.md") -> str:
    """The first ```fence block after `marker` in a README."""
    readme = (REPO / name).read_text()
    assert marker in readme, f"{name} has no {marker}"
    after = readme.split(marker, 1)[1]
    assert f"```{fence}\n" in after, f"README.md has no ```{fence} block after {marker}"
    return after.split(f"```{fence}\n", 1)[1].split("\n```", 1)[0] + "\n"


def test_readme_example() -> None:
    # The README's example, as written, but for the port: it points at a mock
    # on 8765, this test at the suite's mock on a free port.
    code = readme_block("<!-- compat-python -->", "python")
    # mock/README.md may show the same example: then it must be this one.
    if "<!-- compat-python -->" in (REPO / "mock" / "README.md").read_text():
        assert readme_block("<!-- compat-python -->", "python", "mock/README.md") == code
    assert code.count("127.0.0.1:8765") == 1
    port = URL.rsplit(":", 1)[1]
    code = code.replace("127.0.0.1:8765", f"127.0.0.1:{port}")
    reset([{"name": n} for n in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf")])
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKOS_")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "['Golf', 'Foxtrot', 'Echo', 'Delta', 'Charlie']\n"
    assert [(r["method"], r["query_params"]) for r in api_requests()] == [("GET", {"limit": "5", "order": "desc"})]


def test_dropin_program() -> None:
    # dropin_official.py, unchanged, with this SDK. bindings-python/tests/test_dropin.py
    # runs it with only its import changed to workos_dsync; both must print the
    # same lines (dropin_official_python.json) and send the same requests.
    expected = json.loads((REPO / "tests" / "compat" / "dropin_official_python.json").read_text())
    reset(expected["directories"])
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKOS_")}
    env.update(WORKOS_API_KEY=KEY, WORKOS_BASE_URL=URL)
    program = REPO / "tests" / "compat" / "dropin_official.py"
    out = subprocess.run([sys.executable, str(program)], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == expected["stdout"]
    reqs = api_requests()
    assert len(reqs) == len(expected["requests"]), json.dumps(reqs, indent=1)
    for i, (got, want) in enumerate(zip(reqs, expected["requests"])):
        assert (got["method"], got["path"], got["status"]) == (want["method"], want["path"], want["status"]), (i, got)
        if "query" in want:
            assert got["query_params"] == want["query"], (i, got)
        for name, value in want["headers"].items():
            assert got["headers"].get(name) == value, (i, name, got)
