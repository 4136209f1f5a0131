"""Reconciliation: conflicts found, outcomes appended, originals untouched, flow to full text."""

import csv
import json

import pytest

from places import EXAMPLES
from review.base.errors import ImportFormatError, InputError
from review.identification.importing import import_file
from review.project import open_project
from review.screening.decision_files import read_decisions
from review.screening.outcomes import passed_stage, stage_record_ids
from review.screening.queue import ScreeningSession
from review.screening.reconcile import conflicts, read_resolutions, resolve


@pytest.fixture
def loaded(project):
    import_file(project.store, EXAMPLES / "hunter-2011-report-references.csv", source="Hunter")
    return project


def _decide(project, stage, reviewer, votes):
    s = ScreeningSession(project, stage, reviewer)
    for rid, decision, reason in votes:
        s.decide(rid, decision, reason)


def test_conflicts_cover_decisions_reasons_and_unsure(loaded):
    ids = stage_record_ids(loaded, "title-abstract")
    _decide(
        loaded,
        "title-abstract",
        "A",
        [
            (ids[0], "include", None),
            (ids[1], "exclude", "E1"),
            (ids[2], "unsure", None),
            (ids[3], "exclude", "E1"),
        ],
    )
    _decide(
        loaded,
        "title-abstract",
        "B",
        [
            (ids[0], "include", None),
            (ids[1], "include", None),
            (ids[2], "exclude", "E4"),
            (ids[3], "exclude", "E4"),
        ],
    )
    # Different reasons are a conflict only at full text.
    assert [c.record_id for c in conflicts(loaded, "title-abstract")] == [ids[1], ids[2]]
    [first, _] = conflicts(loaded, "title-abstract")
    assert [(v.reviewer, v.decision, v.reason) for v in first.votes] == [
        ("A", "exclude", "E1"),
        ("B", "include", None),
    ]


def test_resolution_appends_and_revision_keeps_history(loaded):
    ids = stage_record_ids(loaded, "title-abstract")
    _decide(loaded, "title-abstract", "A", [(ids[0], "include", None)])
    _decide(loaded, "title-abstract", "B", [(ids[0], "exclude", "E2")])
    before = loaded.store.conn.execute("SELECT * FROM decisions").fetchall()
    resolve(loaded, ids[0], "title-abstract", "exclude", "E2", "consensus", "A", "agreed")
    resolve(loaded, ids[0], "title-abstract", "include", None, "third-reviewer", "C", "arbiter")
    assert loaded.store.conn.execute("SELECT * FROM decisions").fetchall() == before
    history = loaded.store.conn.execute(
        "SELECT decision, reason, method, decided_by, note FROM resolutions ORDER BY 1 DESC"
    ).fetchall()
    assert sorted(history) == [
        ("exclude", "E2", "consensus", "A", "agreed"),
        ("include", None, "third-reviewer", "C", "arbiter"),
    ]
    assert conflicts(loaded, "title-abstract", include_resolved=False) == []
    assert conflicts(loaded, "title-abstract")[0].resolution[:3] == (
        "include",
        None,
        "third-reviewer",
    )
    assert stage_record_ids(loaded, "full-text") == [ids[0]]
    with pytest.raises(InputError, match="method"):
        resolve(loaded, ids[0], "title-abstract", "include", None, "vote", "A")


def test_only_reconciled_includes_reach_full_text(loaded, cli):
    ids = stage_record_ids(loaded, "title-abstract")[:12]
    # A includes the first six; B includes 0-2 and 6-8; everything else both exclude.
    _decide(
        loaded,
        "title-abstract",
        "A",
        [(rid, "include", None) if i < 6 else (rid, "exclude", "E4") for i, rid in enumerate(ids)],
    )
    _decide(
        loaded,
        "title-abstract",
        "B",
        [
            (rid, "include", None) if i < 3 or 6 <= i < 9 else (rid, "exclude", "E4")
            for i, rid in enumerate(ids)
        ],
    )
    disputed = [c.record_id for c in conflicts(loaded, "title-abstract")]
    assert disputed == ids[3:9]
    assert stage_record_ids(loaded, "full-text") == ids[:3]
    # Reconcile: 3 and 6 go through, the rest stay out.
    resolve(loaded, ids[3], "title-abstract", "include", None, "consensus", "A")
    resolve(loaded, ids[6], "title-abstract", "include", None, "consensus", "A")
    for rid in (ids[4], ids[5], ids[7], ids[8]):
        resolve(loaded, rid, "title-abstract", "exclude", "E4", "consensus", "A")
    assert stage_record_ids(loaded, "full-text") == sorted([*ids[:3], ids[3], ids[6]])
    root = loaded.root
    result = json.loads(cli("--project", root, "agreement", "--json").out)
    ta = result["title-abstract"]
    assert ta["n"] == 12 and ta["percent_agreement"] == pytest.approx(6 / 12)
    assert ta["table"] == [[3, 3], [3, 3]] and ta["kappa"] == pytest.approx(0.0)
    assert result["full-text"]["n"] == 0 and result["full-text"]["kappa"] is None


def test_resolutions_file(loaded, tmp_path, cli):
    ids = stage_record_ids(loaded, "title-abstract")
    _decide(loaded, "title-abstract", "A", [(ids[0], "include", None), (ids[1], "include", None)])
    _decide(loaded, "title-abstract", "B", [(ids[0], "unsure", None), (ids[1], "exclude", "E1")])
    path = tmp_path / "r.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["source_record_id", "decision", "reason", "method", "note"],
                ["s003-001", "include", "", "consensus", "talked"],
                ["s003-002", "exclude", "E1", "third-reviewer", ""],
            ]
        )
    result = cli(
        "--project", loaded.root, "resolve", "--by", "Chris", "--stage", "title-abstract", path
    )
    assert result.code == 0, result.err
    assert loaded.store.current_resolutions("title-abstract") == {
        ids[0]: ("include", None, "consensus", "Chris"),
        ids[1]: ("exclude", "E1", "third-reviewer", "Chris"),
    }
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,decision,method\n1,include,coin toss\n")
    with pytest.raises(ImportFormatError, match="line 2: method"):
        read_resolutions(loaded, bad, "title-abstract", "Chris")


def test_a_resolution_must_settle_a_disagreement(loaded, tmp_path):
    ids = stage_record_ids(loaded, "title-abstract")
    _decide(loaded, "title-abstract", "A", [(ids[0], "include", None), (ids[1], "include", None)])
    _decide(loaded, "title-abstract", "B", [(ids[0], "include", None), (ids[1], "exclude", "E1")])
    with pytest.raises(InputError, match="not a disagreement"):
        resolve(loaded, ids[0], "title-abstract", "exclude", "E1", "consensus", "A")
    with pytest.raises(InputError, match="not a disagreement"):  # nobody decided it
        resolve(loaded, ids[5], "title-abstract", "include", None, "consensus", "A")
    with pytest.raises(InputError, match="a third reviewer is someone else"):
        resolve(loaded, ids[1], "title-abstract", "include", None, "third-reviewer", "A")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"record_id,decision,method\n{ids[1]},include,consensus\n{ids[0]},include,\n")
    with pytest.raises(ImportFormatError, match="line 3: record .* is not a disagreement"):
        read_resolutions(loaded, bad, "title-abstract", "Chris")
    assert loaded.store.current_resolutions("title-abstract") == {}


def test_unsure_at_full_text_is_settled_never_included(loaded):
    ids = stage_record_ids(loaded, "title-abstract")[:3]
    for who in ("A", "B"):
        _decide(loaded, "title-abstract", who, [(rid, "include", None) for rid in ids])
    _decide(loaded, "full-text", "A", [(ids[0], "unsure", None), (ids[1], "include", None)])
    _decide(loaded, "full-text", "B", [(ids[0], "unsure", None), (ids[1], "unsure", None)])
    _decide(loaded, "full-text", "A", [(ids[2], "include", None)])
    _decide(loaded, "full-text", "B", [(ids[2], "include", None)])
    assert passed_stage(loaded, "full-text") == [ids[2]]
    assert [c.record_id for c in conflicts(loaded, "full-text")] == ids[:2]
    with pytest.raises(InputError, match="must be include or exclude"):
        resolve(loaded, ids[0], "full-text", "unsure", None, "consensus", "A")
    resolve(loaded, ids[0], "full-text", "include", None, "consensus", "A")
    assert passed_stage(loaded, "full-text") == [ids[0], ids[2]]


def test_unsure_against_include_is_a_conflict_only_if_the_protocol_says_so(loaded):
    ids = stage_record_ids(loaded, "title-abstract")[:2]
    _decide(loaded, "title-abstract", "A", [(ids[0], "include", None), (ids[1], "unsure", None)])
    _decide(loaded, "title-abstract", "B", [(ids[0], "unsure", None), (ids[1], "unsure", None)])
    assert [c.record_id for c in conflicts(loaded, "title-abstract")] == [ids[0]]
    assert passed_stage(loaded, "title-abstract") == [ids[1]]
    path = loaded.root / "review.toml"
    path.write_text(
        path.read_text().replace("unsure_is_conflict = true", "unsure_is_conflict = false")
    )
    with open_project(loaded.root) as relaxed:
        assert conflicts(relaxed, "title-abstract") == []
        assert passed_stage(relaxed, "title-abstract") == ids


def test_decisions_at_full_text_only_for_records_that_reached_it(loaded, tmp_path):
    ids = stage_record_ids(loaded, "title-abstract")[:2]
    for who in ("A", "B"):
        _decide(loaded, "title-abstract", who, [(ids[0], "include", None)])
    path = tmp_path / "ft.csv"
    path.write_text(f"record_id,decision\n{ids[0]},include\n{ids[1]},include\n")
    with pytest.raises(ImportFormatError, match="line 3: record .* has not passed title-abstract"):
        read_decisions(loaded, path, "full-text", "A")


def test_a_name_in_another_case_or_spacing_is_the_same_reviewer(loaded, tmp_path):
    ids = stage_record_ids(loaded, "title-abstract")
    _decide(loaded, "title-abstract", "Reviewer A", [(ids[0], "include", None)])
    _decide(loaded, "title-abstract", " reviewer  b ", [(ids[0], "exclude", "E1")])
    assert loaded.store.reviewers() == ["Reviewer A", "Reviewer B"]
    with pytest.raises(InputError, match="a third reviewer is someone else"):
        resolve(loaded, ids[0], "title-abstract", "include", None, "third-reviewer", " reviewer a ")
    resolve(loaded, ids[0], "title-abstract", "include", None, "third-reviewer", "  carol ")
    assert loaded.store.current_resolutions("title-abstract")[ids[0]][3] == "carol"
