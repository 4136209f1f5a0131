"""PRISMA 2020 flow: the partnerships review's numbers reproduced from data, every box checked."""

from __future__ import annotations

import json
from pathlib import Path

from places import PROTOCOL
from review.project import open_project
from review.reporting.prisma import compute_flow
from review.reporting.prisma.fields import flow_fields
from review.reporting.prisma.logged_sources import add_counted_source
from review.reporting.prisma.text import render_text
from review.screening.studies import link_report
from support.partnerships import FT, PARTNERSHIP_SOURCES, A, B, make_records, ta_rows


def test_partnerships_flow_json_numbers(partnerships) -> None:
    project, expected = partnerships
    fields = json.loads(json.dumps(flow_fields(compute_flow(project))))
    assert fields["database_results"] == 1288
    assert fields["duplicates"] == 230
    assert fields["records_screened"] == 1058
    assert fields["records_excluded"] == 895
    assert fields["dbr_sought_reports"] == 163
    assert fields["dbr_notretrieved_reports"] == 0
    assert fields["dbr_assessed"] == 163
    assert fields["dbr_excluded"] == 132
    assert fields["new_studies"] == fields["total_studies"] == 31
    assert fields["new_reports"] == fields["total_reports"] == 31
    assert fields["register_results"] == 0
    assert fields["other_methods_used"] is False
    labels = {r.code: r.label for r in project.protocol.exclusion_reasons}
    assert {r["code"]: r["n"] for r in fields["dbr_excluded_reasons"]} == dict(expected["reasons"])
    assert {r["reason"] for r in fields["dbr_excluded_reasons"]} == set(labels.values())
    per_source = {s["source"]: s["n"] for s in fields["database_specific_results"]}
    assert per_source == dict(PARTNERSHIP_SOURCES)
    assert fields["notes"] == []  # everything adds up: nothing to report


def test_partnerships_flow_text(partnerships) -> None:
    project, expected = partnerships
    text = render_text(compute_flow(project))
    for line in (
        "Databases (n = 1288)",
        "King's Fund (n = 300)",
        "Duplicate records removed (n = 230)",
        "Records screened (n = 1058)",
        "Records excluded** (n = 895)",
        "Reports sought for retrieval (n = 163)",
        "Reports not retrieved (n = 0)",
        "Reports assessed for eligibility (n = 163)",
        "Reports excluded (n = 132):",
        "Studies included in review (n = 31)",
        "Reports of included studies (n = 31)",
        f"Full text could not be obtained (n = {expected['reasons']['E9']})",
    ):
        assert line in text, line
    assert "other methods" not in text


def test_reported_counts_that_differ_are_said(make_project, tmp_path: Path) -> None:
    """The published review: 1288 reported, 1058 records; seven databases not reported."""
    with make_project(tmp_path / "p") as project:
        for name, count in PARTNERSHIP_SOURCES:
            add_counted_source(project, name, "database", count, "2008-06-30")
        add_counted_source(project, "COPAC", "database", None)
        project.store.add_source(
            name="Screened set", kind="database", records=make_records("X", 1058)
        )
        flow = compute_flow(project)
        fields = flow_fields(flow)
        text = render_text(flow)
    assert fields["database_results"] == 1288 + 1058
    per_source = {s["source"]: s["n"] for s in fields["database_specific_results"]}
    assert per_source["COPAC"] is None
    assert "COPAC (n = not reported)" in text
    assert any(
        "reported counts total 1288 (12 sources) but imported records total 1058 (1 source)" in n
        for n in flow.notes
    )
    assert any("did not report a count" in n and "COPAC" in n for n in flow.notes)
    assert "reported counts total 1288 (12 sources)" in " ".join(text.split())


def test_not_reported_kind_total_is_none(make_project, tmp_path: Path) -> None:
    with make_project(tmp_path / "p") as project:
        add_counted_source(project, "Trials register", "register", None)
        fields = flow_fields(compute_flow(project))
    assert fields["register_results"] is None
    assert fields["database_results"] == 0


def test_other_methods_column_retrieval_and_report_links(make_project, tmp_path: Path) -> None:
    with make_project(tmp_path / "p") as project:
        store = project.store
        store.add_source(name="MEDLINE", kind="database", records=make_records("M", 6))
        store.add_source(name="HSMC website", kind="website", records=make_records("W", 3))
        add_counted_source(project, "Citation searching", "citation", 4)
        m1, m2, m3, m4, m5, m6, w1, w2, w3 = store.record_ids()
        store.add_decisions(
            ta_rows([m1, m2, m3, m4, w1, w2], "include", "include")
            + ta_rows([m5], "exclude", "exclude", "E1", "E1")
            + ta_rows([m6], "include", "exclude", None, "E2")  # a conflict, not reconciled
            + ta_rows([w3], "exclude", "exclude", "E4", "E4")
        )
        store.set_retrieval(m4, "not-retrieved", A, reason="library could not supply it")
        store.set_retrieval(w2, "not-retrieved", A, reason="web page gone")
        ft = [
            (rid, FT, who, "include", None, None, "decide")
            for rid in (m1, m2, w1)
            for who in (A, B)
        ]
        ft += [(m3, FT, who, "exclude", "E8", None, "decide") for who in (A, B)]
        store.add_decisions(ft)
        link_report(store, m2, m1, A)
        flow = compute_flow(project)
        fields = flow_fields(flow)
        text = render_text(flow)
    assert fields["database_results"] == 6
    assert fields["website_results"] == 3
    assert fields["citations_results"] == 4
    assert fields["records_screened"] == 6
    assert fields["records_excluded"] == 1
    assert fields["dbr_sought_reports"] == 4
    assert fields["dbr_notretrieved_reports"] == 1
    assert fields["dbr_assessed"] == 3
    assert fields["dbr_excluded"] == 1
    assert fields["dbr_excluded_reasons"][0]["reason"].startswith("Duplicate report")
    assert fields["other_sought_reports"] == 2
    assert fields["other_notretrieved_reports"] == 1
    assert fields["other_assessed"] == 1
    assert fields["new_reports"] == 3  # m1, m2, w1
    assert fields["new_studies"] == 2  # m2 is a report of m1's study
    assert fields["awaiting"]["records_conflicts"] == 1
    assert any("1 screened record without a final" in n for n in flow.notes)
    assert any("excluded at title/abstract" in n for n in flow.notes)
    assert any(
        "other methods: 7 records identified but 3 records imported" in n for n in flow.notes
    )
    assert "Identification of new studies via other methods" in text
    assert "Websites (n = 3)" in text and "Citation searching (n = 4)" in text


def test_link_command_links_and_unlinks_reports(make_project, cli, tmp_path: Path) -> None:
    root = tmp_path / "p"
    with make_project(root) as project:
        project.store.add_source(name="MEDLINE", kind="database", records=make_records("M", 3))
    ok = cli("--project", root, "link", "2", "--study", "1", "--by", "A")
    assert ok.code == 0 and "report of study 1" in ok.out
    circular = cli("--project", root, "link", "1", "--study", "2", "--by", "A")
    assert circular.code == 2 and "already a report of study 1" in circular.err
    missing = cli("--project", root, "link", "2", "--study", "99", "--by", "A")
    assert missing.code == 2 and "record 99 is not in this project" in missing.err
    assert cli("--project", root, "link", "2", "--unlink", "--by", "A").code == 0
    with open_project(root) as project:
        rows = project.store.conn.execute(
            "SELECT record_id, study_id FROM report_links ORDER BY link_id"
        ).fetchall()
    assert rows == [(2, 1), (2, None)]


def test_a_reason_that_means_not_retrieved_counts_as_not_retrieved(
    make_project, tmp_path: Path
) -> None:
    protocol = tmp_path / "p.toml"
    text = PROTOCOL.read_text()
    old = 'label = "Full text could not be obtained"'
    assert old in text
    protocol.write_text(text.replace(old, old + "\nnot_retrieved = true"))
    with make_project(tmp_path / "p", protocol) as project:
        store = project.store
        store.add_source(name="MEDLINE", kind="database", records=make_records("M", 3))
        m1, m2, m3 = store.record_ids()
        store.add_decisions(ta_rows([m1, m2, m3], "include", "include"))
        store.add_decisions(
            [(m1, FT, who, "exclude", "E9", None, "decide") for who in (A, B)]
            + [(m2, FT, who, "exclude", "E1", None, "decide") for who in (A, B)]
            + [(m3, FT, who, "include", None, None, "decide") for who in (A, B)]
        )
        fields = flow_fields(compute_flow(project))
        from review.reporting.status import project_status

        retrieval = project_status(project).stages[1].retrieval
    assert retrieval == {"not-retrieved": 1, "retrieved": 2}  # status counts as PRISMA does
    assert fields["dbr_sought_reports"] == 3
    assert fields["dbr_notretrieved_reports"] == 1  # E9: the full text could not be had
    assert fields["dbr_assessed"] == 2 and fields["dbr_excluded"] == 1
    assert fields["new_studies"] == 1
