"""PRISMA outputs: the R package's CSV template filled, the SVG diagram, the report commands."""

from __future__ import annotations

import argparse
import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from places import FORMATS, shared
from review.base.errors import InputError
from review.cli.identification import cmd_sources_add
from review.cli.main import handler_of, main
from review.cli.parser import add_report_parsers as add_parsers
from review.cli.parser import add_source_arguments
from review.project import open_project
from review.reporting.prisma import compute_flow
from review.reporting.prisma.fields import template_values
from review.reporting.prisma.svg import render_svg
from review.reporting.prisma.template_csv import COLUMNS, prisma_csv, template_csv
from support.partnerships import FT, A, B, make_records, ta_rows

SHARED_TEMPLATE = FORMATS / "prisma2020" / "PRISMA.csv"
SVG = "{http://www.w3.org/2000/svg}"


def run(*argv: str) -> int:
    """Parse with the report parsers as the CLI will wire them, then run the handler."""
    parser = argparse.ArgumentParser(prog="review")
    parser.add_argument("--project")
    sub = parser.add_subparsers(dest="command")
    add_parsers(sub)
    sources = sub.add_parser("sources-add")
    add_source_arguments(sources)
    args = parser.parse_args(argv)
    return handler_of(args)(args)


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_template_has_the_r_package_layout() -> None:
    """Columns, rows by data name in order, the boxes, labels and links as the package has them."""
    theirs = shared(SHARED_TEMPLATE).read_bytes().decode("utf-8")
    ours = template_csv()
    assert ours.count("\r\n") == theirs.count("\r\n") == 34
    assert not ours.endswith("\n")
    mine, package = rows_of(ours), rows_of(theirs)
    assert mine[0] == package[0] == list(COLUMNS)
    assert [row[0] for row in mine] == [row[0] for row in package]
    kept = [COLUMNS.index(c) for c in ("data", "node", "box", "boxtext", "url")]
    for row, theirs_row in zip(mine, package, strict=True):
        assert [row[i] for i in kept] == [theirs_row[i] for i in kept]
        tips = COLUMNS.index("tooltips")
        assert (row[tips] == "NA") == (theirs_row[tips] == "NA"), row[0]  # a tooltip where theirs
        assert row[COLUMNS.index("description")] not in ("", "NA")


def test_filled_csv_matches_the_r_package_template(partnerships) -> None:
    package = rows_of(shared(SHARED_TEMPLATE).read_bytes().decode("utf-8"))
    flow = compute_flow(partnerships[0])
    filled = rows_of(prisma_csv(flow))
    assert filled[0] == package[0]
    assert [row[0] for row in filled] == [row[0] for row in package]
    ours = template_values(flow)
    for row, theirs in zip(filled[1:], package[1:], strict=True):
        # our value in every row we have one for, the package's 0 in the rest
        assert row[-1] == ours.get(row[0], theirs[-1]), row[0]
    assert {row[0] for row in package[1:]} >= set(ours)


def test_csv_fills_only_the_n_column(partnerships) -> None:
    template = template_csv()
    filled = prisma_csv(compute_flow(partnerships[0]))
    assert filled.count("\r\n") == template.count("\r\n") == 34
    assert "\n" not in filled.replace("\r\n", "")
    before, after = rows_of(template), rows_of(filled)
    assert len(before) == len(after) == 35
    for old, new in zip(before, after, strict=True):
        assert old[:-1] == new[:-1]  # every column but n, unchanged
    for old_line, new_line in zip(template.split("\r\n"), filled.split("\r\n"), strict=True):
        if rows_of(old_line)[0][-1] == rows_of(new_line)[0][-1]:
            assert old_line == new_line  # rows not filled stay byte for byte
    n = {row[0]: row[-1] for row in after}
    assert n["database_results"] == "1288"
    assert n["duplicates"] == "230"
    assert n["records_screened"] == "1058"
    assert n["records_excluded"] == "895"
    assert n["dbr_sought_reports"] == "163"
    assert n["dbr_notretrieved_reports"] == "0"
    assert n["dbr_assessed"] == "163"
    assert n["new_studies"] == n["total_studies"] == "31"
    assert n["new_reports"] == n["total_reports"] == "31"
    assert n["database_specific_results"].startswith("ASSIA, 25; CareData, 173; ")
    reasons = dict(part.rsplit(", ", 1) for part in n["dbr_excluded"].split("; "))
    assert sum(int(v) for v in reasons.values()) == 132
    # A label with a comma cannot break the R package's "Reason, n; Reason, n" parsing.
    assert "Aimed at clinical care / infectious disease or treatment" in reasons


def test_not_reported_and_formula_cells_in_csv(make_project, tmp_path: Path) -> None:
    with make_project(tmp_path / "p") as project:
        project.store.add_source(
            name="=HYPERLINK(1)", kind="database", records=make_records("M", 2)
        )
        project.store.add_source(name="Register", kind="register", reported_count=None)
        filled = prisma_csv(compute_flow(project))
    n = {row[0]: row[-1] for row in rows_of(filled)}
    assert n["register_results"] == "not reported"
    assert n["register_specific_results"] == "Register, not reported"
    assert n["database_specific_results"] == "'=HYPERLINK(1), 2"


def test_svg_is_well_formed_with_the_boxes(partnerships) -> None:
    root = ET.fromstring(render_svg(compute_flow(partnerships[0])))
    assert root.tag == f"{SVG}svg"
    ids = {g.get("id") for g in root.iter(f"{SVG}g")}
    for box in (
        "identification",
        "removed",
        "screened",
        "screened_side",
        "sought",
        "sought_side",
        "assessed",
        "assessed_side",
        "included",
        "newstud",
        "phase-identification",
        "phase-screening",
        "phase-included",
    ):
        assert box in ids, box
    assert "othstud" not in ids  # no other-methods column when no such source exists
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    for phrase in ("(n = 1288)", "(n = 1058)", "(n = 895)", "(n = 163)", "(n = 132)", "(n = 31)"):
        assert phrase in text, phrase
    assert len(list(root.iter(f"{SVG}polyline"))) == 8  # 4 down the column, 4 to side boxes


def test_svg_other_methods_column(make_project, tmp_path: Path) -> None:
    with make_project(tmp_path / "p") as project:
        store = project.store
        store.add_source(name="MEDLINE", kind="database", records=make_records("M", 2))
        store.add_source(name="IDeA <website> & co", kind="website", records=make_records("W", 1))
        m1, m2, w1 = store.record_ids()
        store.add_decisions(ta_rows([m1, m2, w1], "include", "include"))
        store.add_decisions(
            [(rid, FT, who, "include", None, None, "decide") for rid in (m1, w1) for who in (A, B)]
        )
        svg = render_svg(compute_flow(project))
    root = ET.fromstring(svg)
    ids = {g.get("id") for g in root.iter(f"{SVG}g")}
    assert {"othstud", "other_identification", "other_sought", "other_assessed"} <= ids
    assert "IDeA <website> & co (n = 1)" in "".join(root.itertext())
    panels = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "panel"]
    assert len(panels) == 1


def test_prisma_command_json_and_files(partnerships, capsys) -> None:
    root = str(partnerships[0].root)
    assert run("--project", root, "prisma", "--format", "json") == 0
    fields = json.loads(capsys.readouterr().out)
    assert (fields["records_screened"], fields["records_excluded"]) == (1058, 895)
    assert (fields["dbr_assessed"], fields["dbr_excluded"], fields["total_studies"]) == (
        163,
        132,
        31,
    )
    assert run("--project", root, "prisma", "--format", "text") == 0
    assert "Records screened (n = 1058)" in capsys.readouterr().out
    assert run("--project", root, "prisma", "--format", "csv") == 0
    written = partnerships[0].exports_dir / "prisma.csv"
    assert written.read_bytes().count(b"\r\n") == 34
    target = partnerships[0].root / "figure.svg"
    assert run("--project", root, "prisma", "--format", "svg", "-o", str(target)) == 0
    ET.parse(target)


def test_sources_add_logs_a_count_or_not_reported(make_project, tmp_path: Path, capsys) -> None:
    with make_project(tmp_path / "p") as project:
        root = str(project.root)
    args = ["--project", root, "sources-add"]
    assert run(*args, "CINAHL", "--count", "79", "--searched", "2008-06-30") == 0
    assert run(*args, "COPAC") == 0
    assert run(*args, "IDeA", "--kind", "website", "--count", "12", "--query", "partnership*") == 0
    out = capsys.readouterr().out
    assert "'COPAC' (database): count not reported" in out
    with pytest.raises(InputError):
        run(*args, "Bad", "--count", "-3")
    with pytest.raises(InputError):
        run(*args, "Bad", "--searched", "30/06/2008")
    parser = argparse.ArgumentParser()
    add_source_arguments(parser)
    args_ns = parser.parse_args(["CINAHL", "--count", "1"])
    args_ns.project = root
    assert cmd_sources_add(args_ns) == 0  # a second count for one search replaces the first
    assert "'CINAHL' was already logged" in capsys.readouterr().out
    with open_project(Path(root)) as project:
        sources = {s.name: s for s in project.store.sources()}
        assert len(project.store.sources()) == 3
        fields = compute_flow(project)
    assert sources["CINAHL"].reported_count == 1 and sources["CINAHL"].records == 0
    assert sources["COPAC"].reported_count is None
    assert sources["IDeA"].kind == "website" and sources["IDeA"].query == "partnership*"
    assert fields.identified["database"] == 1 and fields.identified["website"] == 12
    # a record added by hand joins the source of that name logged with its count
    assert main(["--project", root, "add", "--title", "A report", "--source", "IDeA"]) == 0
    with open_project(Path(root)) as project:
        idea = [s for s in project.store.sources() if s.name == "IDeA"]
        assert [(s.records, s.reported_count) for s in idea] == [(1, 12)]
