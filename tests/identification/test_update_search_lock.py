"""An update search does not hold the project's write lock while it parses and compares: a
reviewer's decision meanwhile is saved at once, and what changed meanwhile is looked at again
(on a copy of a SQLite file, and in temporary tables on PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import review.identification.import_step as import_step
from review.base.models import ParsedRecord
from review.project import Project, open_project
from review.storage.pg_staging import PgStaged
from review.storage.staging import Staged
from support.files import write_ris

TITLE = "Partnership working between health and local government in England"
UPDATE = f"""TY  - JOUR
ID  - n1
TI  - {TITLE}
AU  - Smith, K. E.
AU  - Hunter, D. J.
PY  - 2004
JO  - Policy and Politics
VL  - 32
SP  - 221
EP  - 226
DO  - 10.1332/0305573042009444
ER  -
"""


def _staging(project: Project) -> type[Staged] | type[PgStaged]:
    return PgStaged if project.store.server is not None else Staged


def _begun(project: Project) -> tuple[int, int]:
    """An old record the update duplicates (its poorer copy), and another already screened."""
    records = [
        ParsedRecord(position=1, source_record_id="o1", title=TITLE, year=2004,
                     authors=["Smith, K. E.", "Hunter, D. J."]),
        ParsedRecord(position=2, source_record_id="o2", title="Another work on zones", year=1999),
    ]  # fmt: skip
    project.store.add_source(name="first", kind="database", records=records)
    old, other = project.store.record_ids()
    project.store.add_decision(other, "title-abstract", "Reviewer A", "exclude", "E1")
    return old, other


def _decide_elsewhere(root: Path, record_id: int) -> int:
    """A colleague's decision in another connection, saved while the import is at work (it
    would wait for the import's end if the import held the lock): the colleague's decisions
    a third connection sees once it is saved."""
    with open_project(root) as colleague:
        colleague.store.add_decision(record_id, "title-abstract", "Reviewer B", "include")
    with open_project(root) as third:
        return len(third.store.decision_history(record_id, "title-abstract", "Reviewer B"))


def test_a_decision_while_an_update_search_is_compared_is_saved_at_once(
    project, cli, tmp_path, monkeypatch
):
    old, other = _begun(project)
    update = tmp_path / "update.ris"
    update.write_text(UPDATE, encoding="utf-8")
    waits = []
    real_find, real_import = import_step.find_duplicates, import_step.import_file

    def parsing(*args, **kwargs):
        waits.append(_decide_elsewhere(project.root, other))
        return real_import(*args, **kwargs)

    def comparing(*args, **kwargs):
        waits.append(_decide_elsewhere(project.root, other))
        return real_find(*args, **kwargs)

    monkeypatch.setattr(import_step, "import_file", parsing)
    monkeypatch.setattr(import_step, "find_duplicates", comparing)
    result = cli("--project", project.root, "import", update, "--source", "update")
    assert result.code == 0, result.err
    assert waits == [1, 2]  # each saved and seen while the import parsed and compared
    new = project.store.last_record_id()
    assert project.store.duplicate_map() == {old: new}  # the richer new record is canonical
    assert not list(project.root.glob(".review-import-*"))  # the copy and the note are gone


@pytest.mark.parametrize("when", ["while comparing", "as it is written"])
def test_a_record_screened_meanwhile_keeps_its_decisions(project, cli, tmp_path, monkeypatch, when):
    old, _ = _begun(project)
    update = tmp_path / "update.ris"
    update.write_text(UPDATE, encoding="utf-8")
    if when == "while comparing":
        real = import_step.find_duplicates

        def comparing(*args, **kwargs):
            found = real(*args, **kwargs)
            _decide_elsewhere(project.root, old)
            return found

        monkeypatch.setattr(import_step, "find_duplicates", comparing)
    else:
        real_publish = _staging(project).publish

        def publish(self, *args, **kwargs):
            _decide_elsewhere(project.root, old)
            return real_publish(self, *args, **kwargs)

        monkeypatch.setattr(_staging(project), "publish", publish)
    result = cli("--project", project.root, "import", update, "--source", "update")
    assert result.code == 0, result.err
    new = project.store.last_record_id()
    assert project.store.duplicate_map() == {}  # not merged into the new record after all
    queued = [
        (a, b, verdict, reason) for a, b, verdict, _s, _m, reason in project.store.dedup_queue()
    ]
    assert queued == [(old, new, "possible", import_step.SCREENED_MEANWHILE)]
    assert "1 pair(s) queued" in result.out and "1 new record(s) wait" in result.out


def test_records_imported_meanwhile_make_the_comparison_run_again(
    project, cli, tmp_path, monkeypatch
):
    _begun(project)
    update = tmp_path / "update.ris"
    update.write_text(UPDATE, encoding="utf-8")
    other_file = write_ris(tmp_path / "other.ris", 3, start=500)
    real = import_step.find_duplicates
    runs = []

    def comparing(*args, **kwargs):
        runs.append(1)
        if len(runs) == 1:  # a colleague imports another file meanwhile (a plain import)
            with open_project(project.root) as colleague:
                import_step.import_file(colleague.store, other_file, source="colleague")
        return real(*args, **kwargs)

    monkeypatch.setattr(import_step, "find_duplicates", comparing)
    result = cli("--project", project.root, "import", update, "--source", "update")
    assert result.code == 0, result.err
    assert len(runs) == 2
    assert [s.name for s in project.store.sources()] == ["first", "colleague", "update"]
    assert project.store.count_records() == 6


def _decide_waiting_1s(project: Project, decisions: Path) -> subprocess.CompletedProcess[str]:
    """Reviewer B's decisions file recorded by another process, waiting 1 s for the lock."""
    return subprocess.run(
        [sys.executable, "-m", "review", "--project", str(project.root), "decide",
         "--reviewer", "Reviewer B", "--stage", "title-abstract", str(decisions)],
        env={**os.environ, "REVIEW_BUSY_TIMEOUT": "1"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_a_lock_held_too_long_names_the_colleagues_import(project, tmp_path):
    _, other = _begun(project)
    decisions = tmp_path / "d.csv"
    decisions.write_text(f"record_id,decision,reason\n{other},exclude,E1\n")
    with open_project(project.root) as holder, holder.store.announced(["/x/medline.ris"]):
        with holder.store.transaction():  # as a plain import writing its records
            holder.store.count_records()  # a step takes its lock with its first statement
            done = _decide_waiting_1s(project, decisions)
    assert done.returncode == 1, done.stderr
    assert "the project is busy: a colleague's import is running (medline.ris" in done.stderr
    assert "nothing of this step was saved" in done.stderr and "Traceback" not in done.stderr
    assert project.store.current_decisions("title-abstract", "Reviewer B") == {}


def test_a_lock_held_without_an_import_is_still_a_clear_error(project, tmp_path):
    _, other = _begun(project)
    decisions = tmp_path / "d.csv"
    decisions.write_text(f"record_id,decision,reason\n{other},exclude,E1\n")
    with open_project(project.root) as holder, holder.store.transaction():
        holder.store.count_records()  # a step takes its lock with its first statement
        done = _decide_waiting_1s(project, decisions)
    assert done.returncode == 1, done.stderr
    assert "the project is busy: another process is writing to it" in done.stderr
    assert "Traceback" not in done.stderr


def _staging_begun(project: Project, process: subprocess.Popen[bytes]) -> bool:
    """True once the import's private copy is made (a file beside SQLite's, a second named
    connection on PostgreSQL)."""
    if project.store.server is None:
        return (project.root / f".review-import-{process.pid}.db").exists()
    named = project.store.conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'review import%'"
    ).fetchone()
    return int(named[0]) >= 2


def test_an_update_search_killed_midway_leaves_the_project_as_it_was(project, tmp_path):
    _begun(project)
    before = (project.store.count_records(), len(project.store.sources()))
    big = write_ris(tmp_path / "big.ris", 4000, start=1000)
    command = [sys.executable, "-m", "review", "--project", str(project.root), "import", str(big)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not _staging_begun(project, process) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    time.sleep(0.2)  # parsing or comparing on the copy by now
    process.send_signal(signal.SIGKILL)
    process.wait()
    with open_project(project.root) as after:
        assert (after.store.count_records(), len(after.store.sources())) == before
        assert after.store.problems() == []  # whole, every guard in place
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert project.store.count_records() == before[0] + 4000
    assert not list(project.root.glob(".review-import-*"))  # the killed one's copy went too


def test_a_record_added_by_hand_is_compared_without_holding_the_lock(project, cli, monkeypatch):
    old, other = _begun(project)
    add = ("--project", project.root, "add", "--source", "IDeA website", "--year", "2004",
           "--author", "Smith, K. E.", "--author", "Hunter, D. J.")  # fmt: skip
    assert cli(*add, "--title", "A toolkit for partnerships").code == 0
    waits = []
    real = import_step.find_duplicates

    def comparing(*args, **kwargs):
        waits.append(_decide_elsewhere(project.root, other))
        return real(*args, **kwargs)

    monkeypatch.setattr(import_step, "find_duplicates", comparing)
    result = cli(*add, "--title", TITLE)  # the same work as the old record, by hand
    assert result.code == 0, result.err
    assert waits == [1]  # saved and seen while the record was compared
    new = project.store.last_record_id()
    assert project.store.duplicate_map() in ({old: new}, {new: old})
    by_hand = [s for s in project.store.sources() if s.name == "IDeA website"]
    assert len(by_hand) == 1 and by_hand[0].records_read == 2  # the count grew in the project


def test_an_update_search_keeps_what_its_import_skipped(project, tmp_path):
    _begun(project)
    export = tmp_path / "update.ris"  # the update's record, then an empty one: left out, said
    export.write_text(UPDATE + "\nTY  - JOUR\nER  - \n", encoding="utf-8")
    step = import_step.import_files(project, [export], source="update")
    assert step.matched is not None  # compared on a staged copy, as an update search
    (result,) = step.results
    source = next(s for s in project.store.sources() if s.name == "update")
    stored = project.store.source_warnings(source.source_id)
    assert result.warned == 1 and [w.message for w in stored] == [
        w.message for w in result.warnings
    ]
