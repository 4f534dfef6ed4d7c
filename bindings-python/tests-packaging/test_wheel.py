"""The wheel under test: its platform tag as auditwheel reads it, its metadata
as PyPI shows it, and twine's check of both release files."""

from __future__ import annotations

import email.parser
import platform
import re
import subprocess
import sys
import zipfile
from email.message import Message
from pathlib import Path
from typing import List, Tuple

import pytest

from conftest import REPO


def tool(*args: str) -> "subprocess.CompletedProcess[str]":
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True)


def metadata(wheel: Path) -> Tuple[Message, List[str]]:
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(z.read(meta).decode()), names


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="manylinux is for Linux wheels")
def test_auditwheel_finds_the_wheel_manylinux_2_17_compatible(wheel: Path) -> None:
    arch = platform.machine()
    assert wheel.name.endswith(f"-cp39-abi3-manylinux2014_{arch}.manylinux_2_17_{arch}.whl"), wheel.name
    r = tool("auditwheel", "show", str(wheel))
    print(r.stdout)
    assert r.returncode == 0, r.stdout + r.stderr
    text = " ".join(r.stdout.split())  # auditwheel wraps its lines
    m = re.search(rf'consistent with the following platform tag: "manylinux_(\d+)_(\d+)_{arch}"', text)
    assert m, text
    assert (int(m[1]), int(m[2])) <= (2, 17), f"the wheel needs glibc {m[1]}.{m[2]}: {text}"


def test_wheel_metadata_licence_urls_classifiers_and_readme(wheel: Path) -> None:
    meta, names = metadata(wheel)
    assert meta["Name"] == "workos-dsync"
    assert meta["Requires-Python"] == ">=3.9"
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    with zipfile.ZipFile(wheel) as z:
        licence = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
        assert z.read(licence).decode() == (REPO / "LICENSE").read_text()
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert set(urls) == {"Homepage", "Documentation", "Repository", "Issues"}, urls
    assert all(u.startswith("https://github.com/workos-dsync/workos-dsync") for u in urls.values()), urls
    classifiers = meta.get_all("Classifier") or []
    for c in ["Programming Language :: Rust", "Typing :: Typed", "Programming Language :: Python :: 3.9",
              "Operating System :: POSIX :: Linux", "Operating System :: MacOS",
              "Operating System :: Microsoft :: Windows"]:
        assert c in classifiers, classifiers
    assert meta["Description-Content-Type"].startswith("text/markdown")
    readme = (REPO / "bindings-python" / "README.md").read_text()
    assert meta.get_payload().strip() == readme.strip()
    assert "](http" in readme and "](./" not in readme, "PyPI renders only absolute links"
    for f in ["workos_dsync/__init__.py", "workos_dsync/errors.py", "workos_dsync/py.typed", "workos_dsync/_native.pyi"]:
        assert f in names, names
    assert any(re.fullmatch(r"workos_dsync/_native\.(abi3\.so|pyd)", n) for n in names), names


def test_twine_check_strict_passes_for_the_wheel_and_the_sdist(wheel: Path, sdist: Path) -> None:
    r = tool("twine", "check", "--strict", str(wheel), str(sdist))
    print(r.stdout, r.stderr)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("PASSED") == 2, r.stdout


def test_licence_copies_are_the_repository_licence() -> None:
    # The Python and npm packages need the file inside their own folder.
    licence = (REPO / "LICENSE").read_text()
    assert "MIT License" in licence
    for copy in ["bindings-python/LICENSE", "bindings-node/LICENSE"]:
        assert (REPO / copy).read_text() == licence, f"{copy} differs from LICENSE"
