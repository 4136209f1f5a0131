"""What the app adds to storage: a cheap change stamp, resolutions taken back (appended)."""

from __future__ import annotations

import pytest

from review.base.models import ParsedRecord
from review.project import open_project
from review.screening import reconcile

STAGE = "title-abstract"


def two_records(project) -> list[int]:
    records = [ParsedRecord(position=n, title=f"Study {n}") for n in (1, 2)]
    project.store.add_source(name="db", kind="database", records=records)
    return project.store.record_ids()


def test_the_change_stamp_moves_with_another_connections_writes(project) -> None:
    ids = two_records(project)
    before = project.store.change_stamp()
    with open_project(project.root) as colleague:
        colleague.store.add_decision(ids[0], STAGE, "B", "include")
        colleague.store.set_retrieval(ids[1], "sought", "B")
    after = project.store.change_stamp()
    assert after.decisions != before.decisions and after.retrieval != before.retrieval
    assert after.duplicates == before.duplicates and after.appraisal == before.appraisal


def test_undo_of_a_resolution_is_appended_and_the_one_before_counts_again(project) -> None:
    ids = two_records(project)
    rid = ids[0]
    project.store.add_decision(rid, STAGE, "A", "include")
    project.store.add_decision(rid, STAGE, "B", "exclude", "E1")
    reconcile.resolve(project, rid, STAGE, "include", None, "consensus", "A", "first")
    reconcile.resolve(project, rid, STAGE, "exclude", "E1", "consensus", "A", "second")
    assert project.store.current_resolutions(STAGE)[rid][0] == "exclude"
    assert reconcile.withdraw(project, rid, STAGE, "A")
    assert project.store.current_resolutions(STAGE)[rid][0] == "include"
    assert project.store.resolution_note(rid, STAGE) == "first"
    assert reconcile.withdraw(project, rid, STAGE, "A")
    assert rid not in project.store.current_resolutions(STAGE)
    assert not reconcile.withdraw(project, rid, STAGE, "A")  # nothing stands: nothing taken
    assert len(project.store.resolution_log()) == 2  # both rows kept
    with pytest.raises(Exception, match="append-only"):
        project.store.conn.execute("DELETE FROM resolution_withdrawals")
