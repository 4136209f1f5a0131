"""Files that must never be read whole, and protocols that are subtly wrong: each refused by
name at once, at init and on every later open, with no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from places import PROTOCOL
from support.files import write_ris


def _protocol(folder: Path, old: str, new: str, name: str = "protocol.toml") -> Path:
    text = PROTOCOL.read_text(encoding="utf-8")
    assert old in text
    path = folder / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _checklists(folder: Path, *paths: str) -> Path:
    listed = ", ".join(f'"{p}"' for p in paths)
    return _protocol(folder, "score = false", f"score = false\nchecklists = [{listed}]")


def _review(*args: object, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """`review ARGS` in its own process: a read that hung would fail the test, not stop it."""
    command = [sys.executable, "-m", "review", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def test_a_checklist_that_is_a_device_is_refused_at_once(tmp_path):
    done = _review("init", tmp_path / "p", "--protocol", _checklists(tmp_path, "/dev/zero"))
    assert done.returncode == 2
    assert "/dev/zero" in done.stderr and "is a device, not a file" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "p").exists()


def test_a_checklist_that_is_a_named_pipe_is_refused_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pipe.toml")
    done = _review("init", tmp_path / "p", "--protocol", _checklists(tmp_path, "pipe.toml"))
    assert done.returncode == 2 and "is a named pipe (FIFO), not a file" in done.stderr


def test_a_protocol_that_is_a_device_or_too_large_is_refused(tmp_path, cli):
    result = cli("init", tmp_path / "p", "--protocol", "/dev/zero")
    assert result.code == 2 and "/dev/zero: (file): protocol file is a device" in result.err
    huge = tmp_path / "huge.toml"
    huge.write_text("# padding\n" * 1_100_000)
    result = cli("init", tmp_path / "p", "--protocol", huge)
    assert result.code == 2 and "larger than the 10 MB read at most" in result.err


def test_a_checklist_path_that_climbs_out_of_the_project_is_refused_on_open(tmp_path, cli):
    root = tmp_path / "p"
    assert cli("init", root, "--protocol", PROTOCOL).code == 0
    (tmp_path / "outside.toml").write_text("id = 'x'\n")
    text = (root / "review.toml").read_text(encoding="utf-8")
    edited = text.replace("score = false", 'score = false\nchecklists = ["../outside.toml"]', 1)
    (root / "review.toml").write_text(edited, encoding="utf-8")
    result = cli("--project", root, "appraise", "--reviewer", "Reviewer A", "--design", "1=x")
    assert result.code == 2
    assert "appraisal.checklists[0]: '../outside.toml' climbs out of the protocol's folder" in (
        result.err
    )


def test_files_given_on_the_command_line_that_are_devices_are_refused(tmp_path, cli):
    root = tmp_path / "p"
    assert cli("init", root, "--protocol", PROTOCOL).code == 0
    assert cli("--project", root, "import", write_ris(tmp_path / "a.ris", 2)).code == 0
    result = cli("--project", root, "import", "/dev/zero")
    assert result.code == 2 and "/dev/zero: is a device, not a file" in result.err
    result = cli("--project", root, "decide", "--reviewer", "Reviewer A", "--stage",
                 "title-abstract", "/dev/zero")  # fmt: skip
    assert result.code == 2 and "is a device, not a file" in result.err


def test_a_named_pipe_nobody_writes_to_reads_as_empty_at_once(tmp_path, cli):
    root = tmp_path / "p"
    assert cli("init", root, "--protocol", PROTOCOL).code == 0
    os.mkfifo(tmp_path / "decisions.csv")
    done = _review("--project", root, "decide", "--reviewer", "Reviewer A", "--stage",
                   "title-abstract", tmp_path / "decisions.csv")  # fmt: skip
    assert done.returncode == 2 and "file is empty" in done.stderr


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('code = "E2"', 'code = "e1"', "exclusion_reasons[1].code: code 'e1' differs from 'E1' "
                                       "only in case"),
        ('reviewers = ["Reviewer A", "Reviewer B"]', 'reviewers = ["Reviewer A", "reviewer  a"]',
         "reviewers[1]: 'reviewer  a' is 'Reviewer A' but for case or spaces"),
        ('stages = ["title-abstract", "full-text"]', 'stages = ["full-text", "title-abstract"]',
         "screening.stages: must be in the order of the review: title-abstract, then full-text"),
        ('stages = ["title-abstract", "full-text"]',
         'stages = ["title-abstract", "title-abstract"]',
         "screening.stages[1]: 'title-abstract' is given twice"),
        ("title = ", "nested = " + "[" * 5000 + "]" * 5000 + "\ntitle = ",
         "(syntax): arrays or tables nested too deeply"),
    ],
    ids=["reason-case", "reviewer-case", "stage-order", "stage-twice", "deep-array"],
)  # fmt: skip
def test_a_protocol_subtly_wrong_is_refused_at_init_and_on_open(tmp_path, cli, old, new, said):
    bad = _protocol(tmp_path, old, new)
    result = cli("init", tmp_path / "p", "--protocol", bad)
    assert result.code == 2 and said in result.err, result.err
    assert "Traceback" not in result.err and not (tmp_path / "p").exists()
    root = tmp_path / "q"
    assert cli("init", root, "--protocol", PROTOCOL).code == 0
    (root / "review.toml").write_text(bad.read_text(encoding="utf-8"), encoding="utf-8")
    for command in (["status"], ["export", "records", "-o", "-"], ["prisma"]):
        result = cli("--project", root, *command)
        assert result.code == 2 and said in result.err, (command, result.err)
