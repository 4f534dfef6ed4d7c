"""The sdist: it carries everything the build needs (the core crate it depends
on by path, the lock file, the licence), and pip builds and installs it from
source into a fresh venv, in an isolated build environment that inherits the
cargo configuration (CARGO_HOME: on a machine without crates.io, the vendored
crates), after which the package makes a call against the mock."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import tarfile
from pathlib import Path


def test_sdist_carries_the_core_crate_lock_file_and_licence(sdist: Path) -> None:
    with tarfile.open(sdist) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    for f in ["pyproject.toml", "PKG-INFO", "README.md", "LICENSE", "Cargo.toml", "Cargo.lock",
              "bindings-python/Cargo.toml", "bindings-python/src/lib.rs", "python/workos_dsync/__init__.py",
              "python/workos_dsync/py.typed", "core/Cargo.toml", "core/src/lib.rs"]:
        assert f in names, f"{f} is not in {sdist.name}"


def test_sdist_builds_from_source_in_a_fresh_venv_and_calls_the_mock(sdist: Path, mock_url: str, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The build backend pip fetches is the maturin `make test` uses, and no
    # cached wheel or target folder stands in for the build: maturin gives every
    # file of an sdist the same old mtime, so a shared CARGO_TARGET_DIR would
    # take the path crates for unchanged and link yesterday's code.
    constraints = tmp_path / "constraints.txt"
    constraints.write_text(f"maturin=={importlib.metadata.version('maturin')}\n")
    env = dict(os.environ, PIP_CONSTRAINT=str(constraints), PIP_BUILD_CONSTRAINT=str(constraints))
    env.pop("CARGO_TARGET_DIR", None)
    env.pop("CARGO_BUILD_TARGET_DIR", None)
    r = subprocess.run([str(python), "-m", "pip", "install", "-v", "--no-cache-dir", str(sdist)],
                       env=env, capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, (r.stdout + r.stderr)[-6000:]
    assert "Building wheel for workos-dsync" in r.stdout, r.stdout[-3000:]
    assert "Compiling workos-dsync-python" in r.stdout + r.stderr, "the extension was not compiled from the sdist"

    call = (
        "import sys, workos_dsync\n"
        "client = workos_dsync.WorkOSClient(api_key='sk_test_mock', base_url=sys.argv[1])\n"
        "page = client.directory_sync.list_directories(limit=2)\n"
        "print(workos_dsync.__file__, len(list(page.auto_paging_iter())))\n"
    )
    r = subprocess.run([str(python), "-c", call, mock_url], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    module, count = r.stdout.split()
    assert Path(module).is_relative_to(venv), module
    assert count == "5"
