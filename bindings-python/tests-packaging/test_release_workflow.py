"""The release workflow (.github/workflows/release.yml), which cannot run here:
its triggers, jobs and target matrices, the paths and pinned versions it
shares with the rest of the repository, and the wiring between its jobs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List, Set

import pytest
import yaml

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "release.yml"

# Every platform gets a wheel, an npm package and (but musl) a JVM library.
PYTHON_TARGETS = {
    ("x86_64-unknown-linux-gnu", "manylinux2014"),
    ("aarch64-unknown-linux-gnu", "manylinux2014"),
    ("x86_64-unknown-linux-musl", "musllinux_1_2"),
    ("aarch64-unknown-linux-musl", "musllinux_1_2"),
    ("x86_64-apple-darwin", None),
    ("aarch64-apple-darwin", None),
    ("x86_64-pc-windows-msvc", None),
}
NODE_TARGETS = {
    "x86_64-unknown-linux-gnu.2.17",
    "aarch64-unknown-linux-gnu.2.17",
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
}
JVM_DIRS = {"linux-x86-64", "linux-aarch64", "darwin-x86-64", "darwin-aarch64", "win32-x86-64"}
JOBS = {
    "python-wheels", "python-sdist", "publish-pypi", "node-addons", "publish-npm",
    "swift-xcframework", "jvm-natives", "jvm-jar", "github-release",
}


@pytest.fixture(scope="module")
def workflow() -> Dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text())


def jobs(workflow: Dict[Any, Any]) -> Dict[str, Any]:
    return workflow["jobs"]


def matrix(workflow: Dict[Any, Any], job: str) -> List[Dict[str, Any]]:
    return workflow["jobs"][job]["strategy"]["matrix"]["include"]


def runs(workflow: Dict[Any, Any]) -> List[str]:
    return [step["run"] for job in jobs(workflow).values() for step in job["steps"] if "run" in step]


def test_runs_on_version_tags_only(workflow: Dict[Any, Any]) -> None:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert on == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}


def test_has_every_job_and_each_needs_an_existing_one(workflow: Dict[Any, Any]) -> None:
    assert set(jobs(workflow)) == JOBS
    for name, job in jobs(workflow).items():
        needs = job.get("needs", [])
        for need in [needs] if isinstance(needs, str) else needs:
            assert need in JOBS, f"{name} needs {need}"
        assert job.get("runs-on") and job.get("steps"), name


def test_python_wheels_for_every_platform_with_their_compatibility_tags(workflow: Dict[Any, Any]) -> None:
    entries = matrix(workflow, "python-wheels")
    assert {(e["target"], e.get("compatibility")) for e in entries} == PYTHON_TARGETS
    assert len(entries) == len(PYTHON_TARGETS)
    for e in entries:
        assert e["os"] == {"linux": "ubuntu-latest", "apple": "macos-latest", "windows": "windows-latest"}[
            next(k for k in ("linux", "apple", "windows") if k in e["target"])], e
    build = next(s["run"] for s in jobs(workflow)["python-wheels"]["steps"] if "maturin build" in s.get("run", ""))
    assert "--zig --compatibility" in build and "--target ${{ matrix.target }}" in build


def test_pypi_gets_the_wheels_and_sdist_through_trusted_publishing(workflow: Dict[Any, Any]) -> None:
    job = jobs(workflow)["publish-pypi"]
    assert set(job["needs"]) == {"python-wheels", "python-sdist"}
    assert job["permissions"] == {"id-token": "write"}
    assert any(s.get("uses", "").startswith("pypa/gh-action-pypi-publish@") for s in job["steps"])
    assert "maturin sdist" in " ".join(s.get("run", "") for s in jobs(workflow)["python-sdist"]["steps"])


def test_npm_addons_match_package_json_targets_and_platform_packages(workflow: Dict[Any, Any]) -> None:
    entries = matrix(workflow, "node-addons")
    assert {e["target"] for e in entries} == NODE_TARGETS and len(entries) == len(NODE_TARGETS)
    assert all(e.get("zig") is True for e in entries if "linux" in e["target"])
    package = json.loads((REPO / "bindings-node" / "package.json").read_text())
    assert {t.split(".")[0] for t in NODE_TARGETS} == set(package["napi"]["targets"])
    assert len(list((REPO / "bindings-node" / "npm").glob("*/package.json"))) == len(NODE_TARGETS)
    publish = jobs(workflow)["publish-npm"]
    assert publish["needs"] == "node-addons"
    assert any("bindings-node/scripts/pack --all" in s.get("run", "") for s in publish["steps"])


def test_swift_xcframework_and_jvm_jar_go_to_the_github_release(workflow: Dict[Any, Any]) -> None:
    swift = " ".join(s.get("run", "") for s in jobs(workflow)["swift-xcframework"]["steps"])
    for part in ["build-xcframework", "compute-checksum", "release-manifest", "WorkOSDSyncFFI.xcframework.zip"]:
        assert part in swift
    assert {e["dir"] for e in matrix(workflow, "jvm-natives")} == JVM_DIRS
    assert "build-jar" in " ".join(s.get("run", "") for s in jobs(workflow)["jvm-jar"]["steps"])
    release = jobs(workflow)["github-release"]
    assert set(release["needs"]) == {"swift-xcframework", "jvm-jar"}
    assert release["permissions"] == {"contents": "write"}


def test_every_repository_path_it_names_exists(workflow: Dict[Any, Any]) -> None:
    named: Set[str] = set()
    for run in runs(workflow):
        named.update(re.findall(r"\b((?:bindings-[a-z]+|scripts|core|cli|mock)/[\w.-]+(?:/[\w.-]+)*)", run))
    assert {"bindings-python/Cargo.toml", "bindings-node/scripts/pack", "bindings-swift/scripts/build-xcframework",
            "bindings-swift/scripts/release-manifest", "bindings-kotlin/scripts/build-jar"} <= named, named
    missing = [p for p in named if not (REPO / p).exists()]
    assert missing == [], missing


def test_every_matrix_value_it_uses_is_defined(workflow: Dict[Any, Any]) -> None:
    for name, job in jobs(workflow).items():
        used = set(re.findall(r"matrix\.(\w+)", json.dumps(job)))
        entries = job.get("strategy", {}).get("matrix", {}).get("include", [])
        defined = {k for e in entries for k in e}
        assert used <= defined, f"{name} uses matrix.{sorted(used - defined)} that no entry sets"


def test_pins_match_what_make_test_uses(workflow: Dict[Any, Any]) -> None:
    test_all = (REPO / "scripts" / "test-all").read_text()
    env = workflow["env"]
    assert re.search(rf"^MATURIN_VERSION={re.escape(env['MATURIN_VERSION'])}$", test_all, re.M)
    for package, pin in [("ziglang", env["ZIGLANG_VERSION"]), ("cargo-zigbuild", env["CARGO_ZIGBUILD_VERSION"])]:
        found = set(re.findall(rf'"{package}==([^"]+)"', test_all))
        assert found == {pin}, f"{package}: scripts/test-all pins {found}, the workflow {pin}"
    versions = dict(re.findall(r"^(\w+_VERSION)=(\S+)$", test_all, re.M))
    jar = next(s["run"] for s in jobs(workflow)["jvm-jar"]["steps"] if "kotlin-compiler@" in s.get("run", ""))
    assert f"kotlin-compiler@{versions['KOTLIN_VERSION']}" in jar and f"jna:{versions['JNA_VERSION']}" in jar


def test_apple_builds_target_the_swift_package_floors(workflow: Dict[Any, Any]) -> None:
    manifest = (REPO / "bindings-swift" / "Package.swift").read_text()
    m = re.search(r"platforms: \[\.macOS\(\.v(\w+)\), \.iOS\(\.v(\w+)\)\]", manifest)
    assert m, "bindings-swift/Package.swift: no `platforms: [.macOS(..), .iOS(..)]`"
    macos, ios = m[1].replace("_", "."), m[2].replace("_", ".")
    assert workflow["env"]["MACOSX_DEPLOYMENT_TARGET"] == macos
    assert workflow["env"]["IPHONEOS_DEPLOYMENT_TARGET"] in (ios, f"{ios}.0")
