"""A read-only project folder can still be read; a read-only leftover -shm does not block writes
once the folder is writable again (issue 15, item 16). Run in a child process that the file
permissions bind (as root: without the capabilities that override them)."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys

import pytest

from places import EXAMPLES

_PR_CAPBSET_DROP = 24
_OVERRIDES = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def _bound_by_permissions() -> None:
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _OVERRIDES:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def review(*args) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [sys.executable, "-m", "review", *map(str, args)],
            capture_output=True,
            text=True,
            preexec_fn=_bound_by_permissions,
            timeout=120,
        )
    except subprocess.SubprocessError as exc:
        pytest.skip(f"cannot run a process bound by file permissions here: {exc}")


@pytest.fixture
def root(cli, tmp_path):
    root = tmp_path / "project"
    assert cli("init", root).code == 0
    csv = EXAMPLES / "hunter-2011-report-references.csv"
    assert cli("--project", root, "import", csv, "--source", "Hunter").code == 0
    probe = review("--version")
    if probe.returncode != 0:
        pytest.skip(f"cannot run a process bound by file permissions here: {probe.stderr}")
    return root


def test_a_read_only_folder_can_still_be_read(root, tmp_path):
    for path in root.iterdir():
        path.chmod(0o444 if path.is_file() else 0o555)
    root.chmod(0o555)
    try:
        for args in (("status",), ("prisma", "--format", "json"),
                     ("export", "included", "-o", tmp_path / "included.csv"),
                     ("export", "records", "-o", tmp_path / "records.csv")):  # fmt: skip
            result = review("--project", root, *args)
            assert result.returncode == 0, (args, result.stderr)
        assert (tmp_path / "records.csv").read_text().count("\n") > 70
        result = review("--project", root, "sources", "add", "SIGLE", "--count", "4")
        assert result.returncode != 0 and "read-only" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert sorted(p.name for p in root.iterdir()) == ["exports", "review.db", "review.toml"]
    finally:
        root.chmod(0o755)
        for path in root.iterdir():
            path.chmod(0o644 if path.is_file() else 0o755)


def test_a_leftover_read_only_shm_does_not_block_writes(root):
    shm = root / "review.db-shm"
    shm.write_bytes(b"")
    shm.chmod(0o444)  # left by a read-only spell; the folder is writable again
    result = review("--project", root, "sources", "add", "SIGLE", "--count", "4")
    assert result.returncode == 0, result.stderr
    assert "SIGLE" in review("--project", root, "sources").stdout
