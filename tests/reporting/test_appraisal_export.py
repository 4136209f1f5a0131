"""Appraisal exports: the table (CSV, Markdown, Parquet), its long companion, and the SVG."""

from __future__ import annotations

import argparse
import csv
import xml.etree.ElementTree as ET

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from review.appraisal.conflicts import resolve_item
from review.appraisal.setup import appraisal_setup
from review.base.errors import InputError
from review.cli.appraisal import cmd_appraise
from review.cli.appraisal import export_appraisals as export_command
from review.cli.parser import add_appraisal_parser as add_parsers
from review.project import open_project
from review.reporting.exports.appraisals import export_appraisals
from support.appraisal import answer_all, include_studies

A, B = "Reviewer A", "Reviewer B"
SVG = "{http://www.w3.org/2000/svg}"


def small_review(project):
    """Three included studies: agreed + one conflict, mixed and agreed, one reviewer only."""
    ids = include_studies(project, 3, 1)
    answer_all(project, ids[0], A, overrides={"QL3": "c", "QL9": "n"})
    answer_all(project, ids[0], B, overrides={"QL3": "c", "QL9": "y"})
    answer_all(project, ids[1], A, "mixed", overrides={"QN4": "n", "QN5": "x"})
    answer_all(project, ids[1], B, "mixed", overrides={"QN4": "n", "QN5": "x"})
    answer_all(project, ids[2], A, "quantitative")
    return ids


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_csv_table_has_a_row_per_study_and_checklist(project):
    ids = small_review(project)
    result = export_appraisals(project, "csv", unblind=True)
    rows = read_csv(project.exports_dir / "appraisals.csv")
    assert [(int(r["record_id"]), r["checklist"]) for r in rows] == [
        (ids[0], "partnerships-qualitative"),
        (ids[1], "partnerships-qualitative"),
        (ids[1], "partnerships-quantitative"),
        (ids[2], "partnerships-quantitative"),
    ]
    first = rows[0]
    assert first["study"] == "Smith et al. 2009" and first["design"] == "qualitative"
    assert first["QL1"] == "Yes" and first["QL3"] == "Can't tell"
    assert first["QL9"] == "A: No / B: Yes (disagree)"
    assert first["status"] == "1 disagreement" and first["QN1"] == ""
    assert rows[2]["design"] == "mixed" and rows[2]["QN5"] == "Not applicable"
    assert rows[3]["status"] == "incomplete" and rows[3]["QN1"] == "A: Yes / B: —"
    assert "score" not in first
    assert "Wrote 4 rows" in result.summary()


def test_a_resolution_replaces_the_disagreement_and_the_long_table_keeps_everything(project):
    ids = small_review(project)
    setup = appraisal_setup(project)
    resolve_item(
        project,
        setup,
        ids[0],
        "partnerships-qualitative",
        "QL9",
        "y",
        "consensus",
        A,
        "=ethics in appendix",
    )
    export_appraisals(project, "csv", unblind=True)
    rows = read_csv(project.exports_dir / "appraisals.csv")
    assert rows[0]["QL9"] == "Yes" and rows[0]["status"] == "agreed"
    long = read_csv(project.exports_dir / "appraisals-justifications.csv")
    ql9 = [r for r in long if r["record_id"] == str(ids[0]) and r["item"] == "QL9"]
    assert [(r["reviewer"], r["answer"]) for r in ql9] == [
        (A, "No"),
        (B, "Yes"),
        ("(agreed)", "Yes"),
    ]
    assert ql9[0]["justification"] == "why QL9" and ql9[0]["quote"] == "p. 9"
    assert ql9[2]["method"] == f"consensus ({A})"
    assert ql9[2]["note"] == "'=ethics in appendix"  # neutralised formula


def test_markdown_and_parquet(project, tmp_path):
    small_review(project)
    export_appraisals(project, "md", tmp_path / "table.md", unblind=True)
    text = (tmp_path / "table.md").read_text()
    assert "## Partnerships review: qualitative studies" in text
    assert "| Smith et al. 2009 (#1) | qualitative | Yes |" in text
    assert "A: No / B: Yes (disagree)" in text
    assert "No score is calculated" in text
    assert (tmp_path / "table-justifications.md").exists()
    export_appraisals(project, "parquet", tmp_path / "table.parquet", unblind=True)
    table = pq.read_table(tmp_path / "table.parquet").to_pylist()
    assert len(table) == 4 and table[0]["QL9"] == "A: No / B: Yes (disagree)"
    assert table[0]["QN1"] is None
    long = pq.read_table(tmp_path / "table-justifications.parquet")
    assert long.schema.field("value").type == "double"


def test_a_score_only_when_the_protocol_asks_and_it_says_how(project):
    ids = include_studies(project, 1)
    answer_all(project, ids[0], A, "quantitative", overrides={"QN1": "n", "QN5": "x"})
    answer_all(project, ids[0], B, "quantitative", overrides={"QN1": "n", "QN5": "x"})
    path = project.root / "review.toml"
    path.write_text(path.read_text().replace("score = false", "score = true"))
    with open_project(project.root) as scored:
        export_appraisals(scored, "csv")
        export_appraisals(scored, "md")
        rows = read_csv(scored.exports_dir / "appraisals.csv")
        assert rows[0]["score"] == "8/9"
        assert "out of the items that apply" in (scored.exports_dir / "appraisals.md").read_text()
        export_appraisals(scored, "svg")
        svg = ET.parse(scored.exports_dir / "appraisals.svg").getroot()
    width = float(svg.get("width"))
    texts = [t for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert any("".join(t.itertext()) == "8/9" for t in texts)  # the study's score, drawn
    rule = [t for t in texts if "items that apply" in "".join(t.itertext())]
    assert rule and all(len("".join(t.itertext())) * 5.5 < width for t in rule)  # wrapped


def test_a_blind_export_is_refused_until_both_finished(project):
    ids = small_review(project)
    with pytest.raises(InputError, match="blind"):
        export_appraisals(project, "csv")
    export_appraisals(project, "csv", viewer=B)
    rows = read_csv(project.exports_dir / "appraisals.csv")
    [last] = [r for r in rows if r["record_id"] == str(ids[2])]
    # B has not recorded a design there and may not see A's: the study, and nothing of A's
    assert (last["design"], last["checklist"], last["status"]) == ("", "", "not appraised")
    assert not any(v for k, v in last.items() if k.startswith(("QL", "QN")))


def test_the_svg_is_well_formed_with_one_cell_per_study_and_item(project, tmp_path):
    ids = small_review(project)
    export_appraisals(project, "svg", tmp_path / "fig.svg", unblind=True)
    root = ET.parse(tmp_path / "fig.svg").getroot()
    assert root.tag == f"{SVG}svg"
    cells = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cell"]
    keys = {(g.get("data-study"), g.get("data-checklist"), g.get("data-item")) for g in cells}
    assert len(cells) == len(keys) == 4 * 10
    assert (str(ids[0]), "partnerships-qualitative", "QL9") in keys
    states = {(g.get("data-study"), g.get("data-item")): g.get("data-state") for g in cells}
    assert states[(str(ids[0]), "QL9")] == "disagreement"
    assert states[(str(ids[2]), "QN1")] == "incomplete"
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for label in ("Yes", "No", "Can't tell", "Not applicable", "Reviewers disagree"):
        assert label in text


def test_the_appraise_command_imports_answers_and_designs(project, tmp_path, capsys):
    ids = include_studies(project, 1)
    parser = argparse.ArgumentParser()
    parser.add_argument("--project")
    parser.add_argument("--reviewer")
    add_parsers(parser.add_subparsers(dest="command"))
    file = tmp_path / "a.csv"
    file.write_text(
        f"record_id,checklist,item,answer,note\n{ids[0]},partnerships-qualitative,QL1,y,clear\n"
    )
    args = parser.parse_args(
        [
            "--project",
            str(project.root),
            "appraise",
            "--reviewer",
            A,
            "--from",
            str(file),
            "--design",
            f"{ids[0]}=qualitative",
        ]
    )
    assert cmd_appraise(args) == 0
    out = capsys.readouterr().out
    assert "Recorded design qualitative" in out and "Recorded 1 answers on 1 studies" in out
    bad = parser.parse_args(
        ["--project", str(project.root), "appraise", "--reviewer", A, "--design", "x=qualitative"]
    )
    with pytest.raises(InputError, match="RECORD_ID=DESIGN"):
        cmd_appraise(bad)
    export_command(project, "svg", tmp_path / "f.svg", viewer=A)
    assert "f.svg" in capsys.readouterr().out
    export_command(project, "csv", "-", unblind=True)  # the table alone on standard output
    written = capsys.readouterr()
    assert written.out.startswith("record_id,") and "Wrote" not in written.out
    assert "Wrote" in written.err and "justifications" in written.err


def test_the_justifications_parquet_has_typed_times(project, tmp_path):
    small_review(project)
    export_appraisals(project, "parquet", tmp_path / "t.parquet", unblind=True)
    table = pq.read_table(tmp_path / "t-justifications.parquet")
    assert table.schema.field("time").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("record_id").type == pa.int64()


def test_rows_for_the_generic_exporter(project):
    from review.appraisal import appraisal_long_rows, appraisal_rows

    ids = small_review(project)
    header, rows = appraisal_rows(project)
    assert header[:7] == [
        "record_id",
        "source_record_id",
        "study",
        "title",
        "design",
        "checklist",
        "status",
    ]
    assert len(rows) == 4 and rows[0][0] == ids[0]
    long_header, long = appraisal_long_rows(project)
    designs = [r for r in long if r[4] == "design"]
    assert all(len(r) == len(long_header) for r in long)
    assert "justification" in long_header and len(long) - len(designs) == 20 + 40 + 10
    assert {(r[0], r[6], r[7]) for r in designs} >= {(ids[0], A, "qualitative")}


def test_designs_and_the_agreed_design_are_in_the_justifications_table(project):
    from review.appraisal.conflicts import resolve_design

    ids = include_studies(project, 1)
    answer_all(project, ids[0], A, "qualitative")
    answer_all(project, ids[0], B, "quantitative")
    setup = appraisal_setup(project)
    export_appraisals(project, "csv", unblind=True)
    statuses = {r["status"] for r in read_csv(project.exports_dir / "appraisals.csv")}
    assert statuses == {"designs differ"}
    resolve_design(project, setup, ids[0], "mixed", "consensus", A, "both methods used")
    export_appraisals(project, "csv", unblind=True)
    rows = read_csv(project.exports_dir / "appraisals-justifications.csv")
    designs = [
        (r["reviewer"], r["answer"], r["method"], r["note"]) for r in rows if r["item"] == "design"
    ]
    assert designs == [
        (A, "qualitative", "", ""),
        (B, "quantitative", "", ""),
        ("(agreed)", "mixed", f"consensus ({A})", "both methods used"),
    ]


def test_every_included_study_has_a_row_appraised_or_not(project):
    ids = include_studies(project, 2)
    answer_all(project, ids[0], A)
    answer_all(project, ids[0], B)
    export_appraisals(project, "csv", unblind=True)
    export_appraisals(project, "md", unblind=True)
    rows = read_csv(project.exports_dir / "appraisals.csv")
    assert [(int(r["record_id"]), r["status"]) for r in rows] == [
        (ids[0], "agreed"),
        (ids[1], "not appraised"),
    ]
    assert "not appraised yet: Elston 2005" in (project.exports_dir / "appraisals.md").read_text()
