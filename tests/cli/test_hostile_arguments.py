"""Arguments and file names that are not UTF-8 text: refused by position, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from places import PROTOCOL
from support.files import write_ris

BAD = os.fsdecode(b"caf\xe9")  # Latin-1 bytes as the shell hands them over


@pytest.fixture
def root(tmp_path, cli):
    path = tmp_path / "p"
    assert cli("init", path, "--protocol", PROTOCOL).code == 0
    assert cli("--project", path, "import", write_ris(tmp_path / "a.ris", 2)).code == 0
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("init", "{tmp}/" + BAD),
        ("--project", "{tmp}/" + BAD, "status"),
        ("--project", "{root}", "import", "{tmp}/" + BAD + ".ris"),
        ("--project", "{root}", "import", "{ris}", "--source", BAD),
        ("--project", "{root}", "decide", "--reviewer", BAD, "--stage", "title-abstract", "{ris}"),
        ("--project", "{root}", "export", "records", "-o", "{tmp}/" + BAD + ".csv"),
    ],
    ids=["init-folder", "project", "import-file", "source-name", "reviewer", "export-target"],
)
def test_an_argument_that_is_not_utf8_is_refused_by_position(cli, root, tmp_path, args):
    ris = write_ris(tmp_path / "more.ris", 1, start=50)
    (tmp_path / (BAD + ".ris")).write_bytes(ris.read_bytes())
    given = [a.format(tmp=tmp_path, root=root, ris=ris) for a in args]
    result = cli(*given)
    position = next(i for i, a in enumerate(given, start=1) if "\udce9" in a)
    assert result.code == 2
    assert f"argument {position} (" in result.err and "caf\\xe9" in result.err
    assert "is not valid UTF-8 text" in result.err and "Traceback" not in result.err
    assert not (tmp_path / BAD).exists() and not (tmp_path / (BAD + ".csv")).exists()


def test_a_project_folder_named_in_another_encoding_still_works(tmp_path):
    folder = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    os.mkdir(folder)
    review = [sys.executable, "-m", "review"]
    done = subprocess.run([*review, "init"], cwd=folder, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert b"caf\\udce9" in done.stdout  # shown escaped, not a crash
    done = subprocess.run([*review, "status"], cwd=folder, capture_output=True)
    assert done.returncode == 0 and b"Traceback" not in done.stderr
