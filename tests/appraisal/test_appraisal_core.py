"""Appraisal core: checklists, designs, answers, blinding, conflicts, CSV import."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from review.appraisal.answers import progress, record_answer, visible_answers
from review.appraisal.conflicts import conflicts, design_conflicts, resolve_design, resolve_item
from review.appraisal.csv_answers import import_answers
from review.appraisal.session import AppraisalSession
from review.appraisal.setup import appraisal_setup
from review.appraisal.studies import agreed_design, included_studies, record_design
from review.base.checklists import load_checklist, shipped_checklists
from review.base.errors import ImportFormatError, InputError, ProtocolError
from review.project import open_project
from review.reporting.prisma import compute_flow
from review.screening.retrieval import mark_not_retrieved
from review.screening.studies import link_report
from support.appraisal import GOOD, answer_all, include_studies

A, B = "Reviewer A", "Reviewer B"


def test_every_shipped_checklist_loads_with_its_items():
    found = shipped_checklists()
    sizes = {ident: len(c.items) for ident, c in found.items()}
    assert sizes["partnerships-qualitative"] == 10
    assert sizes["partnerships-quantitative"] == 10
    assert sizes["casp-qualitative"] == 10
    assert sizes["jbi-cohort"] == 11
    assert sizes["jbi-cross-sectional"] == 8
    assert sizes["mmat-2018-screening"] == 2
    for part in ("qualitative", "randomised", "non-randomised", "descriptive", "mixed"):
        assert sizes[f"mmat-2018-{part}"] == 5
    for checklist in found.values():
        assert checklist.citation and checklist.title
    quant = found["partnerships-quantitative"]
    assert [a.label for a in quant.answers] == ["Yes", "No", "Can't tell", "Not applicable"]
    assert quant.item("QN4").value.unit == "%"
    assert quant.parse_answer("can’t tell") == "c" and quant.parse_answer("N/A") == "x"
    assert found["mmat-2018-qualitative"].parse_answer("not applicable") is None


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda t: t.replace('id = "mine"\n', ""), "id"),
        (lambda t: t.replace('id = "mine"', 'id = "Has Space"'), "id"),
        (lambda t: t.replace('text = "Second"', 'txt = "Second"'), "items[1].txt"),
        (lambda t: t.replace('code = "M2"', 'code = "M1"'), "items[1].code"),
        (lambda t: t.replace('text = "First"', "text = 3"), "items[0].text"),
        (lambda t: t.replace("max = 100", "max = -1"), "items[0].value.max"),
        (
            lambda t: t + '[[options]]\ncode = "y"\nlabel = "Yes"\ntone = "green"\n',
            "options[0].tone",
        ),
        (lambda t: t.split("[[items]]")[0], "items"),
        (lambda t: "colour = 1\n" + t, "colour"),
        (lambda t: t + "[[items", "(syntax)"),
    ],
)
def test_a_malformed_checklist_is_refused_naming_the_key(tmp_path, change, key):
    path = tmp_path / "mine.toml"
    path.write_text(change(GOOD))
    with pytest.raises(ProtocolError) as caught:
        load_checklist(path)
    assert caught.value.key == key


def test_the_good_checklist_loads(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    checklist = load_checklist(path)
    assert [i.code for i in checklist.items] == ["M1", "M2"]
    assert checklist.item("M1").value.check(120) is not None


def test_answer_options_by_their_current_and_older_name(tmp_path):
    options = '[[{}]]\ncode = "y"\nlabel = "Met"\n[[{}]]\ncode = "n"\nlabel = "Not met"\n'
    for key in ("options", "answers"):
        path = tmp_path / f"{key}.toml"
        path.write_text(GOOD + options.format(key, key))
        assert [a.label for a in load_checklist(path).answers] == ["Met", "Not met"]
    path.write_text(GOOD + options.format("options", "answers"))
    with pytest.raises(ProtocolError) as caught:
        load_checklist(path)
    assert caught.value.key == "answers"


def _add_to_protocol(project, text: str) -> None:
    path = project.root / "review.toml"
    path.write_text(path.read_text() + textwrap.dedent(text))


def test_a_protocol_adds_its_own_checklist_and_its_designs_are_checked(project):
    (project.root / "mine.toml").write_text(GOOD)
    text = (project.root / "review.toml").read_text()
    text = text.replace("score = false", 'score = false\nchecklists = ["mine.toml"]')
    text = text.replace(
        'mixed = ["partnerships-qualitative"', 'own = ["mine"]\nmixed = ["partnerships-qualitative"'
    )
    (project.root / "review.toml").write_text(text)
    with open_project(project.root) as reopened:
        setup = appraisal_setup(reopened)
        assert [c.id for c in setup.checklists_for("own")] == ["mine"]
        assert [c.id for c in setup.checklists_for("mixed")] == [
            "partnerships-qualitative",
            "partnerships-quantitative",
        ]
    (project.root / "review.toml").write_text(text.replace('own = ["mine"]', 'own = ["nope"]'))
    with open_project(project.root) as reopened, pytest.raises(ProtocolError) as caught:
        appraisal_setup(reopened)
    assert caught.value.key == "appraisal.designs.own[0]"
    (project.root / "review.toml").write_text(text.replace('"mine.toml"', '"missing.toml"'))
    with open_project(project.root) as reopened, pytest.raises(ProtocolError) as caught:
        appraisal_setup(reopened)
    assert caught.value.key == "appraisal.checklists[0]"


def test_included_studies_and_designs(project):
    ids = include_studies(project, 3, 2)
    assert included_studies(project) == ids
    setup = appraisal_setup(project)
    record_design(project, setup, ids[0], A, "Mixed")
    assert [c.id for c in setup.checklists_for("mixed")] == [
        "partnerships-qualitative",
        "partnerships-quantitative",
    ]
    with pytest.raises(InputError, match="unknown study design"):
        record_design(project, setup, ids[0], A, "anecdote")
    record_design(project, setup, ids[0], B, "qualitative")
    assert agreed_design(project, ids[0]) is None
    assert [c.record_id for c in design_conflicts(project)] == [ids[0]]
    resolve_design(project, setup, ids[0], "mixed", "consensus", A, "re-read methods")
    assert agreed_design(project, ids[0]) == "mixed"


def test_linked_reports_are_one_study(project):
    ids = include_studies(project, 4, 0)
    link_report(project.store, ids[1], ids[0], A)
    assert included_studies(project) == [ids[0], ids[2], ids[3]]
    assert compute_flow(project).new_studies == 3
    with pytest.raises(InputError, match="was decided at full text"):
        mark_not_retrieved(project, ids[3], "not held by any library", A)
    # a study whose main report is not included is appraised under its included report
    project.store.add_decisions(
        [(ids[3], "full-text", who, "exclude", "E1", None, "decide") for who in (A, B)]
    )
    link_report(project.store, ids[2], ids[3], A)
    assert included_studies(project) == [ids[0], ids[2]]


def test_recording_revising_and_progress(project):
    ids = include_studies(project, 2)
    setup = appraisal_setup(project)
    record_design(project, setup, ids[0], A, "quantitative")
    record_answer(
        project,
        setup,
        ids[0],
        "partnerships-quantitative",
        "QN4",
        A,
        "Yes",
        "response reported",
        "p. 4",
        72,
    )
    record_answer(
        project,
        setup,
        ids[0],
        "partnerships-quantitative",
        "QN4",
        A,
        "n",
        "only 52% at baseline",
        "p. 5",
        52,
    )
    with pytest.raises(InputError, match="at most 100"):
        record_answer(project, setup, ids[0], "partnerships-quantitative", "QN4", A, "n", value=140)
    with pytest.raises(InputError, match="takes no number"):
        record_answer(project, setup, ids[0], "partnerships-quantitative", "QN1", A, "n", value=1)
    with pytest.raises(InputError, match="not one of"):
        record_answer(project, setup, ids[0], "partnerships-quantitative", "QN1", A, "maybe")
    history = project.store.answer_history(ids[0], "partnerships-quantitative", "QN4")
    assert [(h.answer, h.value) for h in history] == [("y", 72.0), ("n", 52.0)]
    now = project.store.current_answers()[(ids[0], "partnerships-quantitative", "QN4", A)]
    assert (now.answer, now.justification, now.quote) == ("n", "only 52% at baseline", "p. 5")
    mine = progress(project, setup, ids, A)
    assert (mine[ids[0]].answered, mine[ids[0]].total, mine[ids[0]].finished) == (1, 10, False)
    assert mine[ids[1]].design is None and mine[ids[1]].total == 0


def test_session_undo_appends_and_restores(project):
    ids = include_studies(project, 1)
    session = AppraisalSession(project, A)
    session.set_design(ids[0], "qualitative")
    session.set_answer(ids[0], "partnerships-qualitative", "QL1", "y")
    session.annotate(ids[0], "partnerships-qualitative", "QL1", "clear aims", "p. 2")
    session.set_answer(ids[0], "partnerships-qualitative", "QL1", "n")
    assert session.answer(ids[0], "partnerships-qualitative", "QL1").justification == ("clear aims")
    session.undo()
    assert session.answer(ids[0], "partnerships-qualitative", "QL1").answer == "y"
    session.undo()
    session.undo()
    assert session.answer(ids[0], "partnerships-qualitative", "QL1").answer is None
    assert len(project.store.answer_history(ids[0], "partnerships-qualitative", "QL1")) == 6
    assert session.next_unanswered(0, 0) == (0, 0)


def test_blinding_until_both_finish(project):
    ids = include_studies(project, 1)
    setup = appraisal_setup(project)
    answer_all(project, ids[0], A)
    assert visible_answers(project, setup, ids[0], B) == []
    assert visible_answers(project, setup, ids[0], A) == []
    answer_all(project, ids[0], B, overrides={"QL9": "n"})
    assert len(visible_answers(project, setup, ids[0], A)) == 10
    assert {a.reviewer for a in visible_answers(project, setup, ids[0], B)} == {A}
    session = AppraisalSession(project, A)
    assert set(session.conflicts(ids[0])) == {("partnerships-qualitative", "QL9")}


def test_a_partly_done_reviewer_sees_nothing_of_the_other(project):
    ids = include_studies(project, 1)
    setup = appraisal_setup(project)
    answer_all(project, ids[0], A)
    record_design(project, setup, ids[0], B, "qualitative")
    record_answer(project, setup, ids[0], "partnerships-qualitative", "QL1", B, "y")
    assert AppraisalSession(project, B).others(ids[0]) is None
    assert AppraisalSession(project, A).others(ids[0]) is None


def test_conflicts_and_resolution_keep_the_originals(project):
    ids = include_studies(project, 2)
    setup = appraisal_setup(project)
    answer_all(project, ids[0], A, overrides={"QL3": "c", "QL9": "n"})
    answer_all(project, ids[0], B, overrides={"QL3": "y", "QL9": "n"})
    found = conflicts(project)
    assert [(c.record_id, c.item) for c in found] == [(ids[0], "QL3")]
    assert [a.answer for a in found[0].answers] == ["c", "y"]
    with pytest.raises(InputError, match="method"):
        resolve_item(project, setup, ids[0], "partnerships-qualitative", "QL3", "y", "vote", A)
    resolve_item(
        project,
        setup,
        ids[0],
        "partnerships-qualitative",
        "QL3",
        "Yes",
        "consensus",
        A,
        "sampling explained in appendix",
    )
    assert conflicts(project, include_resolved=False) == []
    again = conflicts(project)[0]
    assert again.resolution.answer == "y" and again.resolution.method == "consensus"
    assert [a.answer for a in again.answers] == ["c", "y"]  # originals kept


def test_the_same_answer_with_other_numbers_is_a_disagreement(project):
    from review.appraisal.table import appraisal_table, cell_text

    ids = include_studies(project, 1)
    setup = appraisal_setup(project)
    QN = "partnerships-quantitative"
    for who, rate in ((A, 72), (B, 65)):
        answer_all(project, ids[0], who, "quantitative")
        record_answer(project, setup, ids[0], QN, "QN4", who, "y", value=rate)
    [found] = conflicts(project)
    assert (found.item, sorted(a.value for a in found.answers)) == ("QN4", [65, 72])
    row = appraisal_table(project, setup).rows[0]
    assert cell_text(row, "QN4", [A, B]) == "A: Yes / B: Yes (A 72% / B 65%) (disagree)"
    resolve_item(project, setup, ids[0], QN, "QN4", "y", "consensus", A, "re-counted", 70)
    row = appraisal_table(project, setup).rows[0]
    assert cell_text(row, "QN4", [A, B]) == "Yes (70%)"
    assert project.store.current_appraisal_resolutions()[(ids[0], QN, "QN4")].value == 70


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def test_answers_from_csv(project, tmp_path):
    ids = include_studies(project, 2)
    setup = appraisal_setup(project)
    path = _csv(
        tmp_path,
        f"""
        record_id,checklist,item,answer,note,quote,value,design
        {ids[0]},partnerships-quantitative,QN4,yes,reported,p. 3,64%,quantitative
        {ids[0]},partnerships-quantitative,QN5,Can't tell,,,,
        {ids[0]},partnerships-quantitative,QN9,x,not relevant,,,
        {ids[1]},partnerships-qualitative,QL1,N,"=HYPERLINK(""x"")",,,qualitative
        """,
    )
    found = import_answers(project, setup, path, A)
    assert len(found.answers) == 4
    now = project.store.current_answers()
    qn4 = now[(ids[0], "partnerships-quantitative", "QN4", A)]
    assert (qn4.answer, qn4.justification, qn4.quote, qn4.value) == ("y", "reported", "p. 3", 64)
    assert now[(ids[0], "partnerships-quantitative", "QN5", A)].answer == "c"
    assert now[(ids[0], "partnerships-quantitative", "QN9", A)].answer == "x"
    assert agreed_design(project, ids[1]) == "qualitative"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{rid},partnerships-quantitative,QN4,perhaps,", "not one of"),
        ("{rid},partnerships-quantitative,QX1,yes,", "no item"),
        ("{rid},nope,QN1,yes,", "no checklist"),
        ("{excluded},partnerships-quantitative,QN1,yes,", "not an included study"),
        ("999,partnerships-quantitative,QN1,yes,", "not in this project"),
        ("{rid},partnerships-quantitative,QN1,,", "answer is empty"),
    ],
)
def test_a_bad_csv_row_names_its_line_and_stores_nothing(project, tmp_path, row, message):
    ids = include_studies(project, 1, 1)
    setup = appraisal_setup(project)
    excluded = ids[0] + 1
    path = _csv(
        tmp_path,
        f"""
        record_id,checklist,item,answer,note
        {ids[0]},partnerships-quantitative,QN1,yes,fine
        {row.format(rid=ids[0], excluded=excluded)}
        """,
    )
    with pytest.raises(ImportFormatError) as caught:
        import_answers(project, setup, path, A)
    assert caught.value.line == 3
    assert message in str(caught.value)
    assert project.store.current_answers() == {}


def test_a_checklist_the_design_does_not_use_is_refused(project, tmp_path):
    ids = include_studies(project, 2)
    setup = appraisal_setup(project)
    path = _csv(
        tmp_path,
        f"""
        record_id,checklist,item,answer,note,design
        {ids[0]},partnerships-quantitative,QN1,yes,,quantitative
        {ids[0]},partnerships-qualitative,QL1,yes,,
        """,
    )
    with pytest.raises(ImportFormatError, match="not used for quantitative") as caught:
        import_answers(project, setup, path, A)
    assert caught.value.line == 3
    assert project.store.current_answers() == {}


def test_a_note_over_several_lines_is_kept_whole(project, tmp_path):
    ids = include_studies(project, 1)
    path = _csv(
        tmp_path,
        f"""
        record_id,checklist,item,answer,note,design
        {ids[0]},partnerships-qualitative,QL1,yes,"line one
        line two, with a comma",qualitative
        {ids[0]},partnerships-qualitative,QL2,x,,
        {ids[0]},partnerships-qualitative,QL3,bad,,
        """,
    )
    with pytest.raises(ImportFormatError, match="not one of") as caught:
        import_answers(project, appraisal_setup(project), path, A)
    assert caught.value.line == 5
    path.write_text(path.read_text().replace("QL3,bad", "QL3,no"))
    import_answers(project, appraisal_setup(project), path, A)
    note = project.store.current_answers()[(ids[0], "partnerships-qualitative", "QL1", A)]
    assert note.justification == "line one\nline two, with a comma"


def test_a_csv_without_the_columns_is_refused(project, tmp_path):
    include_studies(project, 1)
    path = _csv(tmp_path, "record_id,answer\n1,yes\n")
    with pytest.raises(ImportFormatError, match="needs the columns") as caught:
        import_answers(project, appraisal_setup(project), path, A)
    assert caught.value.line == 1


def test_the_appraisal_core_does_not_load_textual():
    import subprocess
    import sys

    code = (
        "import sys\nimport review.appraisal, review.appraisal.session\n"
        "import review.reporting.exports.appraisals\n"
        "import review.appraisal.csv_answers, review.cli.appraisal\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_nan_is_not_a_number_for_a_numeric_item(project):
    ids = include_studies(project, 1)
    setup = appraisal_setup(project)
    with pytest.raises(InputError, match="must be a number"):
        record_answer(project, setup, ids[0], "partnerships-quantitative", "QN4", A, "y",
                      value=float("nan"))  # fmt: skip


def test_appraise_command_stores_nothing_when_one_design_is_wrong(project, tmp_path, capsys):
    from review.cli.main import main

    ids = include_studies(project, 2)
    designs = ["--design", f"{ids[0]}=qualitative", "--design", f"{ids[1]}=martian"]
    result = main(["--project", str(project.root), "appraise", "--reviewer", A, *designs])
    assert result == 2 and "unknown study design" in capsys.readouterr().err
    assert project.store.current_designs() == {}


def test_a_number_from_one_reviewer_only_is_not_agreed(project):
    ids = include_studies(project, 1)
    setup = appraisal_setup(project)
    answer_all(project, ids[0], A, "quantitative")
    answer_all(project, ids[0], B, "quantitative")
    record_answer(project, setup, ids[0], "partnerships-quantitative", "QN4", A, "y", value=70)
    assert [(c.item, [a.value for a in c.answers]) for c in conflicts(project)] == [
        ("QN4", [70, None])
    ]


def test_answers_for_a_linked_report_say_which_study_to_appraise(project, tmp_path):
    from review.screening.studies import link_report

    ids = include_studies(project, 2)
    link_report(project.store, ids[1], ids[0], A)
    path = _csv(
        tmp_path, f"record_id,checklist,item,answer\n{ids[1]},partnerships-qualitative,QL1,y\n"
    )
    with pytest.raises(ImportFormatError, match=f"is a report of study {ids[0]}"):
        import_answers(project, appraisal_setup(project), path, A)


def test_linking_an_appraised_study_as_a_report_says_its_answers_are_hidden(project, capsys):
    from review.cli.main import main

    ids = include_studies(project, 2)
    answer_all(project, ids[1], A)
    assert main(["--project", str(project.root), "link", str(ids[1]), "--study", str(ids[0]),
                 "--by", A]) == 0  # fmt: skip
    assert "its answers are kept but no longer shown" in capsys.readouterr().err
