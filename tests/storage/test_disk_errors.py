"""A full disk or an I/O error while writing: said as such, with the file, and nothing kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from places import PROTOCOL
from review.project import init_project, open_project
from support.disks import failing_writes, fill, small_disk
from support.files import write_ris


def _counts(root: Path) -> tuple[int, int]:
    with open_project(root) as project:
        records = len(project.store.record_ids())
        decisions = len(project.store.current_decisions("title-abstract", "Reviewer A"))
        ok = project.store.conn.execute("PRAGMA integrity_check").fetchone()[0]
    assert ok == "ok"
    return records, decisions


def test_an_import_onto_a_full_disk_says_the_disk_is_full(tmp_path, cli):
    big = write_ris(tmp_path / "big.ris", 4000)
    with small_disk(tmp_path / "disk", "3m") as disk:
        root = disk / "p"
        init_project(root, PROTOCOL).close()
        result = cli("--project", root, "import", big)
        assert result.code == 1
        assert "the disk is full: could not write" in result.err
        assert str(root / "review.db") in result.err
        assert "rollback" not in result.err and "Traceback" not in result.err
        assert _counts(root) == (0, 0)


def test_a_decision_onto_a_full_disk_is_not_recorded(tmp_path, cli):
    with small_disk(tmp_path / "disk", "4m") as disk:
        root = disk / "p"
        init_project(root, PROTOCOL).close()
        assert cli("--project", root, "import", write_ris(tmp_path / "few.ris", 5)).code == 0
        decisions = tmp_path / "d.csv"
        decisions.write_text("record_id,decision\n1,include\n2,include\n")
        decide = ("--project", root, "decide", "--reviewer", "Reviewer A", "--stage",
                  "title-abstract", decisions)  # fmt: skip
        with open_project(root):  # its journal and shared memory stay: the write fails
            fill(disk)
            result = cli(*decide)
        assert result.code == 1, result.err
        assert "the disk is full: could not write" in result.err and "rollback" not in result.err
        result = cli(*decide)  # now even opening it fails for want of space
        assert result.code == 1 and "the disk is full" in result.err, result.err
        (disk / "filler").unlink()
        assert _counts(root) == (5, 0)


def test_an_io_error_says_could_not_write_with_the_file(tmp_path):
    root = tmp_path / "p"
    init_project(root, PROTOCOL).close()
    env = failing_writes(tmp_path, "review.db-wal")
    review = [sys.executable, "-m", "review", "--project", str(root)]
    ris = write_ris(tmp_path / "some.ris", 50)
    done = subprocess.run([*review, "import", str(ris)], env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert f"could not write {root / 'review.db'}: the disk reported an I/O error" in done.stderr
    assert "Traceback" not in done.stderr and "rollback" not in done.stderr
    assert _counts(root) == (0, 0)
