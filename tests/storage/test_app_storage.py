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


def test_a_records_state_read_together_is_what_each_read_gives(project) -> None:
    ids = two_records(project)
    rid = ids[0]
    store = project.store
    store.add_decision(rid, STAGE, "A", "include")
    store.add_decision(rid, STAGE, "B", "exclude", "E1")
    store.add_decision(rid, STAGE, "A", "unsure")
    store.add_tag(rid, "A", "methods")
    store.add_tag(rid, "A", "later")
    store.add_tag(rid, "A", "methods", removed=True)
    store.add_note(rid, STAGE, "A", "ask B")
    read = store.record_state(rid, STAGE, "A")
    assert read.record == store.record(rid)
    assert read.decisions == store.record_decisions(rid, STAGE)
    assert read.decisions["A"].decision == "unsure" and read.decisions["B"].decision == "exclude"
    assert read.tags == store.tags(rid, "A") == ["later"]
    assert read.notes == store.notes(rid, "A") and read.notes[0][1] == "ask B"
    bare = store.record_state(ids[1], STAGE, "A", with_record=False)
    assert (bare.record, bare.decisions, bare.tags, bare.notes) == (None, {}, [], [])
    with pytest.raises(Exception, match="no record with id 999"):
        store.record_state(999, STAGE, "A")


def test_a_decision_unless_merged_is_written_only_while_the_record_stands_alone(project) -> None:
    ids = two_records(project)
    store = project.store
    first = store.add_decision_unless_merged(ids[0], STAGE, "A", "include", None, "why")
    assert first is not None and store.record_decisions(ids[0], STAGE)["A"] == first
    store.link_duplicate(ids[0], ids[1], "by-hand", "B")
    assert store.add_decision_unless_merged(ids[0], STAGE, "A", "exclude", "E1", None) is None
    assert store.decision_history(ids[0], STAGE, "A") == [first]  # nothing more written
    store.link_duplicate(ids[1], ids[1], "by-hand", "B")  # a record linked to itself stands
    assert store.add_decision_unless_merged(ids[1], STAGE, "A", "unsure", None, None)


def test_a_decision_and_the_next_records_state_are_one_step(project) -> None:
    ids = two_records(project)
    store = project.store
    store.add_note(ids[1], STAGE, "A", "next one")
    stored, read = store.decide_then_read((ids[0], STAGE, "A", "exclude", "E1", None), ids[1])
    assert stored is not None and store.record_decisions(ids[0], STAGE)["A"] == stored
    assert (stored.decision, stored.reason) == ("exclude", "E1")
    assert read == store.record_state(ids[1], STAGE, "A")
    again, same = store.decide_then_read((ids[1], STAGE, "A", "include", None, None), ids[1])
    assert again is not None and same.decisions["A"] == again  # read with the decision made
    store.link_duplicate(ids[0], ids[1], "by-hand", "B")
    merged, read = store.decide_then_read((ids[0], STAGE, "A", "include", None, None), ids[1])
    assert merged is None and read.record is not None
    assert store.decision_history(ids[0], STAGE, "A") == [stored]  # nothing more written
