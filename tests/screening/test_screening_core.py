"""Screening in the core: order, decisions, undo by appending, progress, blinding, passing on."""

import csv

import pytest

from places import EXAMPLES
from review.base.errors import ImportFormatError, InputError
from review.identification.importing import import_file
from review.reporting.status import conflicts, project_status
from review.screening.decision_files import read_decisions
from review.screening.outcomes import passed_stage, stage_record_ids
from review.screening.queue import (
    ScreeningSession,
    reviewer_order,
    visible_decisions,
)


@pytest.fixture
def loaded(project):
    import_file(project.store, EXAMPLES / "elston-fulop-2002-references.bib", source="EF")
    return project


def _rows(project):
    return project.store.conn.execute(
        "SELECT record_id, reviewer, decision, reason, action FROM decisions ORDER BY decision_id"
    ).fetchall()


def test_decisions_are_stored_at_once_and_undo_appends(loaded):
    s = ScreeningSession(loaded, "title-abstract", "A")
    first, second = s.order[0], s.order[1]
    s.decide(first, "include")
    s.decide(second, "exclude", "E4")
    s.decide(first, "unsure")
    assert s.progress().decided == 2 and s.progress().counts == {"exclude": 1, "unsure": 1}
    assert s.undo() == first
    assert s.decision(first).decision == "include"
    assert s.undo() == second
    assert s.decision(second) is None
    rows = _rows(loaded)
    assert len(rows) == 5
    assert rows[-2:] == [(first, "A", "include", None, "undo"), (second, "A", None, None, "undo")]
    again = ScreeningSession(loaded, "title-abstract", "A")
    assert again.decision(first).decision == "include" and again.decision(second) is None


def test_invalid_decisions_are_refused(loaded):
    s = ScreeningSession(loaded, "title-abstract", "A")
    with pytest.raises(InputError, match="not an exclusion reason at title-abstract"):
        s.decide(s.order[0], "exclude", "E9")
    with pytest.raises(InputError, match="decision must be"):
        s.decide(s.order[0], "maybe")
    assert _rows(loaded) == []


def test_shuffled_order_is_stable_per_reviewer(loaded, monkeypatch):
    monkeypatch.setattr(
        loaded,
        "protocol",
        loaded.protocol.__class__(
            **{**loaded.protocol.__dict__, "orders": {"title-abstract": "shuffle"}}
        ),
    )
    a1 = reviewer_order(loaded, "title-abstract", "A")
    assert a1 == reviewer_order(loaded, "title-abstract", "A")
    assert a1 != reviewer_order(loaded, "title-abstract", "B")
    assert sorted(a1) == stage_record_ids(loaded, "title-abstract")


def test_next_undecided_and_search(loaded):
    s = ScreeningSession(loaded, "title-abstract", "A")
    s.decide(s.order[0], "include")
    assert s.next_undecided(0) == 1
    hit = s.search("Old wine")
    assert hit is not None and "Old wine" in loaded.store.record(s.order[hit]).title


def test_blinding_hides_the_other_reviewer_until_both_decided(loaded):
    rid = stage_record_ids(loaded, "title-abstract")[0]
    ScreeningSession(loaded, "title-abstract", "A").decide(rid, "include")
    assert visible_decisions(loaded, "title-abstract", rid, "B") == []
    status = project_status(loaded, viewer="B")
    assert status.stages[0].reviewers["A"]["include"] is None
    ScreeningSession(loaded, "title-abstract", "B").decide(rid, "exclude", "E1")
    [seen] = visible_decisions(loaded, "title-abstract", rid, "B")
    assert (seen.reviewer, seen.decision) == ("A", "include")
    assert [c.record_id for c in conflicts(loaded, "title-abstract")] == [rid]


def test_full_text_gets_records_both_passed_or_reconciled(loaded):
    ids = stage_record_ids(loaded, "title-abstract")
    a = ScreeningSession(loaded, "title-abstract", "A")
    b = ScreeningSession(loaded, "title-abstract", "B")
    a.decide(ids[0], "unsure")
    b.decide(ids[0], "unsure")  # noqa: E702
    a.decide(ids[4], "include")
    b.decide(ids[4], "unsure")  # the protocol makes unsure against include a conflict
    a.decide(ids[1], "include")
    b.decide(ids[1], "exclude", "E1")  # noqa: E702
    a.decide(ids[2], "include")
    b.decide(ids[2], "exclude", "E1")  # noqa: E702
    a.decide(ids[3], "include")
    loaded.store.add_resolutions(
        [(ids[2], "title-abstract", "include", None, "consensus", "A", None)]
    )
    assert passed_stage(loaded, "title-abstract") == [ids[0], ids[2]]
    assert stage_record_ids(loaded, "full-text") == [ids[0], ids[2]]
    ft = ScreeningSession(loaded, "full-text", "A")
    with pytest.raises(InputError, match="requires a reason"):
        ft.decide(ids[0], "exclude")


def _csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_decisions_file_by_source_record_id(loaded, tmp_path):
    path = _csv(
        tmp_path / "d.csv",
        [
            ["source_record_id", "decision", "reason", "note"],
            ["s001-501", "include", "", "looks relevant"],
            ["s001-502", "exclude", "E4", ""],
        ],
    )
    rows = read_decisions(loaded, path, "title-abstract", "A")
    loaded.store.add_decisions(rows)
    assert [(r[2], r[3]) for r in _rows(loaded)] == [("include", None), ("exclude", "E4")]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["s001-999", "include", ""], "'s001-999' is not in this project"),
        (["s001-501", "perhaps", ""], "decision must be"),
        (["s001-501", "exclude", "E42"], "not an exclusion reason"),
    ],
)
def test_bad_decision_rows_name_their_line_and_store_nothing(loaded, tmp_path, row, message):
    path = _csv(
        tmp_path / "d.csv",
        [["source_record_id", "decision", "reason"], ["s001-502", "include", ""], row],
    )
    with pytest.raises(ImportFormatError, match=f"line 3: .*{message}"):
        read_decisions(loaded, path, "title-abstract", "A")
    assert _rows(loaded) == []


def test_every_bad_row_is_named_at_once(loaded, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        "record_id;decision;reason\n1;include;\n2;perhaps;\n3;exclude;e4\n;include;\n999;include;\n"
    )
    with pytest.raises(ImportFormatError) as caught:
        read_decisions(loaded, path, "title-abstract", "A")
    message = str(caught.value)
    assert "3 rows are wrong (nothing was recorded)" in message
    assert "line 3: decision must be" in message
    assert "line 5: record_id (or source_record_id) is empty" in message
    assert "line 6: record_id '999' is not in this project" in message
    assert caught.value.line == 3
    assert _rows(loaded) == []
    path.write_text("record_id;decision;reason\n1;include;\n3;exclude;e4\n")
    rows = read_decisions(loaded, path, "title-abstract", "A")  # semicolons; e4 is E4
    assert [(r[3], r[4]) for r in rows] == [("include", None), ("exclude", "E4")]


def test_visible_decisions_follow_the_latest_row_per_reviewer(loaded):
    store = loaded.store
    ids = stage_record_ids(loaded, "title-abstract")
    store.add_decision(ids[0], "title-abstract", "B", "exclude", "E1")
    store.add_decision(ids[1], "title-abstract", "B", "include")
    store.add_decision(ids[1], "title-abstract", "A", "unsure")
    store.add_decision(ids[2], "title-abstract", "A", "include")
    store.add_decision(ids[2], "title-abstract", "B", "include")
    store.add_decision(ids[2], "title-abstract", "B", None, action="undo")
    seen = {rid: visible_decisions(loaded, "title-abstract", rid, "A") for rid in ids[:3]}
    assert seen[ids[0]] == []  # A has not decided: blind
    assert [(d.reviewer, d.decision) for d in seen[ids[1]]] == [("B", "include")]
    assert seen[ids[2]] == []  # B undid theirs


def test_a_full_text_decision_after_a_not_retrieved_mark_counts_as_retrieved(loaded):
    from review.screening.retrieval import mark_not_retrieved, retrieval_status

    ids = stage_record_ids(loaded, "title-abstract")[:2]
    for who in ("A", "B"):
        ScreeningSession(loaded, "title-abstract", who).decide(ids[0], "include")
        ScreeningSession(loaded, "title-abstract", who).decide(ids[1], "include")
    mark_not_retrieved(loaded, ids[0], "library closed", "A")
    mark_not_retrieved(loaded, ids[1], "embargoed", "A")
    ScreeningSession(loaded, "full-text", "B").decide(ids[0], "include")  # found after all
    status = retrieval_status(loaded, ids)
    assert status[ids[0]] == ("retrieved", None)
    assert status[ids[1]] == ("not-retrieved", "embargoed")
    with pytest.raises(InputError, match="was decided at full text by B"):
        mark_not_retrieved(loaded, ids[0], "lost again", "A")


def test_a_session_sees_what_changed_elsewhere_and_never_decides_a_merged_record(loaded):
    ids = stage_record_ids(loaded, "title-abstract")
    session = ScreeningSession(loaded, "title-abstract", "A")
    loaded.store.add_decision(ids[0], "title-abstract", "A", "exclude", "E1")  # another window
    session.refresh(ids[0])
    assert session.decision(ids[0]).decision == "exclude"
    assert session.progress().counts["exclude"] == 1
    loaded.store.link_duplicate(ids[1], ids[2], "by-hand", "B")  # a dedup run elsewhere
    with pytest.raises(InputError, match=f"merged into record {ids[2]}"):
        session.decide(ids[1], "include")


def test_a_decision_on_a_merged_record_writes_nothing_and_one_split_off_is_decided(loaded):
    ids = stage_record_ids(loaded, "title-abstract")
    session = ScreeningSession(loaded, "title-abstract", "A")
    loaded.store.link_duplicate(ids[1], ids[2], "by-hand", "B")
    with pytest.raises(InputError, match=f"merged into record {ids[2]}"):
        session.decide(ids[1], "include")
    assert loaded.store.decision_history(ids[1], "title-abstract", "A") == []  # nothing written
    assert session.decision(ids[1]) is None and session.progress().decided == 0
    loaded.store.link_duplicate(ids[1], None, "by-hand", "B")  # split off again
    stored = session.decide(ids[1], "include")
    assert loaded.store.decision_history(ids[1], "title-abstract", "A") == [stored]
    assert session.progress().counts["include"] == 1
