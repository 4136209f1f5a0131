"""The repository holds only what was written here: no file is a copy of one under ../shared."""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from places import EXAMPLES, ROOT, SHARED, in_ci, missing_shared

# The demo's reference lists ship with the package and may be the same bytes as shared copies.
MAY_SHIP = {
    (EXAMPLES / name).relative_to(ROOT).as_posix()
    for name in (
        "elston-2005-thesis-bibliography.ris",
        "elston-fulop-2002-references.bib",
        "hunter-2011-report-references.csv",
    )
}


def tracked_files() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        reason = f"git ls-files failed here ({exc}); the check needs a git checkout"
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return [name for name in listed.decode("utf-8").split("\0") if name]


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def shared_root() -> Path:
    root = SHARED.parent
    if not root.is_dir():
        missing_shared(root, "the shared folder")
    return root


def test_no_tracked_file_is_a_copy_of_a_shared_file() -> None:
    root = shared_root()
    # Only a file of the same size can be the same bytes: hash just those, on both sides.
    by_size: dict[int, list[str]] = defaultdict(list)
    for name in tracked_files():
        path = ROOT / name
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            if size:  # an empty file copies nothing
                by_size[size].append(name)
    shared_hashes: dict[str, list[Path]] = defaultdict(list)
    for folder, _, files in os.walk(root):
        for file_name in files:
            path = Path(folder, file_name)
            if path.is_file() and path.stat().st_size in by_size:
                shared_hashes[digest(path)].append(path)
    copies = [
        f"{name} is {shared_hashes[digest(ROOT / name)][0]}"
        for names in by_size.values()
        for name in names
        if name not in MAY_SHIP and digest(ROOT / name) in shared_hashes
    ]
    assert not copies, "files copied from ../shared:\n" + "\n".join(copies)


def test_the_demo_lists_allowed_to_ship_are_tracked() -> None:
    tracked = set(tracked_files())
    assert MAY_SHIP <= tracked  # the exception names real files, not stale paths
