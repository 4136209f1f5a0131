"""Export targets: a pipe, a device or standard output is written straight to (and stays what
it is); a regular file is replaced whole, keeping its permissions and any link to it; a
read-only file is never replaced; an empty -o is an error."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from places import PROTOCOL
from support.files import write_ris


@pytest.fixture
def root(tmp_path, cli) -> Path:
    path = tmp_path / "p"
    assert cli("init", path, "--protocol", PROTOCOL).code == 0
    assert cli("--project", path, "import", write_ris(tmp_path / "a.ris", 4)).code == 0
    return path


COMMANDS = {
    "export": ("export", "records", "--format", "csv"),
    "prisma": ("prisma", "--format", "csv"),
    "appraisals": ("export", "appraisals", "--format", "csv", "--unblind"),
}


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with path.open("rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_named_pipe_is_written_straight_to_and_stays_a_pipe(cli, root, tmp_path, command):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = cli("--project", root, *COMMANDS[command], "-o", fifo)
    reader.join(10)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and got[0].count(b"\n") >= 1
    assert not list(tmp_path.glob("*partial*")) and not list(tmp_path.glob("*justifications*"))


def test_a_device_is_written_straight_to_and_stays_a_device(cli, root, tmp_path):
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")
    for command in COMMANDS.values():
        result = cli("--project", root, *command, "-o", null)
        assert result.code == 0, result.err
        assert stat.S_ISCHR(os.stat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ris", "null", "p"]


def test_dev_stdout_is_standard_output_whatever_it_is(root, tmp_path):
    command = [sys.executable, "-m", "review", "--project", str(root), "export", "records",
               "-o", "/dev/stdout"]  # fmt: skip
    piped = subprocess.run(command, capture_output=True, text=True)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith("record_id,") and "Permission denied" not in piped.stderr
    out = tmp_path / "out.csv"
    with out.open("w") as handle:
        done = subprocess.run(command, stdout=handle, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("record_id,")


def test_a_read_only_file_is_not_replaced(cli, root, tmp_path):
    target = tmp_path / "kept.csv"
    target.write_text("mine\n")
    target.chmod(0o444)
    for command in COMMANDS.values():
        result = cli("--project", root, *command, "-o", target)
        assert result.code == 2 and f"{target} is read-only: it is not replaced" in result.err
    assert target.read_text() == "mine\n"


def test_a_file_is_replaced_whole_keeping_its_mode_and_its_link(cli, root, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    result = cli("--project", root, *COMMANDS["export"], "-o", link)
    assert result.code == 0, result.err
    assert link.is_symlink() and real.read_text().startswith("record_id,")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_empty_output_name_is_an_error(cli, root, command):
    result = cli("--project", root, *COMMANDS[command], "-o", "")
    assert result.code == 2 and "-o needs a file name" in result.err, result.err
