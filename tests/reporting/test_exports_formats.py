"""Exports: RIS, BibTeX and Parquet round trips, formula-safe CSV, blinding, included studies."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from review.base.errors import InputError
from review.base.models import ParsedRecord, Record
from review.identification.importers.registry import read_records
from review.project import Project
from review.reporting.exports.datasets import CLUSTER_HEADER
from review.reporting.exports.runner import export_kinds, run_export
from support.partnerships import FT, TA, A, B, ta_rows

FIELDS = (
    "title",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "issn",
    "isbn",
    "keywords",
    "url",
    "language",
    "publisher",
    "abstract",
    "source_record_id",
)


def sample_records() -> list[ParsedRecord]:
    return [
        ParsedRecord(
            position=1,
            source_record_id="smith2009",
            title="Partners in health? A systematic review of partnerships & outcomes: 50% of $ #1",
            abstract="Background: partnerships_are common. Methods ~ review (n = 31); a\\b ^ c.",
            authors=["Smith, K. E.", "Bambra, C.", "Müller, J.", "Department of Health and Care"],
            year=2009,
            journal="Journal of Public Health",
            volume="31",
            issue="2",
            pages="210-221",
            doi="10.1093/pubmed/fdp002",
            pmid="19273525",
            issn="1741-3842",
            keywords=["partnership", "health inequalities", "England"],
            url="https://academic.oup.com/jpubhealth/article/31/2/210?x=1&y=a_b%20c",
            type="JOUR",
            language="English",
            publisher="Oxford University Press",
        ),
        ParsedRecord(
            position=2,
            source_record_id="hunter2011",
            title="Partnership working and the implications for governance",
            authors=["Hunter, D. J.", "Perkins, N."],
            year=2011,
            pages="e1-e9",
            isbn="978-0-19-852663-6",
            type="RPRT",
            publisher="NIHR Service Delivery and Organisation programme",
        ),
        ParsedRecord(position=3, source_record_id="x 3", title="Élan: café naïve ü — “quotes”"),
    ]


@pytest.fixture
def sample(make_project, tmp_path: Path) -> Project:
    project = make_project(tmp_path / "p")
    project.store.add_source(name="Hand search", kind="database", records=sample_records())
    yield project
    project.close()


def compare(original: list[ParsedRecord], back: list[ParsedRecord], fields=FIELDS) -> None:
    assert len(back) == len(original)
    for a, b in zip(original, back, strict=True):
        for name in fields:
            assert getattr(b, name) == getattr(a, name), (name, getattr(a, name), getattr(b, name))


def test_ris_round_trip(sample: Project, tmp_path: Path) -> None:
    result = run_export(sample, "records", "ris")
    assert result.target == sample.exports_dir / "records.ris" and result.rows == 3
    fmt, back = read_records(result.target)
    assert fmt == "ris"
    compare(sample_records(), back)
    assert [r.type for r in back] == ["JOUR", "RPRT", "GEN"]


def test_bibtex_round_trip(sample: Project, tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    run_export(sample, "records", "bibtex", target)
    fmt, back = read_records(target)
    assert fmt == "bibtex"
    original = sample_records()
    original[2].source_record_id = "record3"  # 'x 3' cannot be a BibTeX key
    compare(original, back)
    assert [r.type for r in back] == ["article", "techreport", "misc"]


def test_parquet_typed_columns(sample: Project) -> None:
    path = run_export(sample, "records", "parquet").target
    table = pq.read_table(path)
    schema = table.schema
    assert schema.field("record_id").type == pa.int64()
    assert schema.field("year").type == pa.int32()
    assert schema.field("authors").type == pa.list_(pa.string())
    assert schema.field("keywords").type == pa.list_(pa.string())
    assert schema.field("title").type == pa.string()
    rows = table.to_pylist()
    original = sample_records()
    compare(
        original, [ParsedRecord(position=r["position"], **{f: r[f] for f in FIELDS}) for r in rows]
    )
    assert rows[2]["year"] is None and rows[2]["authors"] == []


def test_csv_neutralises_formulas_but_the_database_keeps_them(make_project, tmp_path: Path) -> None:
    dangerous = ['=HYPERLINK("http://x")', "+cmd", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]
    with make_project(tmp_path / "p") as project:
        project.store.add_source(
            name="=evil source",
            kind="database",
            records=[
                ParsedRecord(position=i, title=t, authors=[t]) for i, t in enumerate(dangerous)
            ],
        )
        target = run_export(project, "records", "csv").target
        stored = [r.title for r in project.store.records()]
    assert stored == dangerous
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["title"] for r in rows] == ["'" + t for t in dangerous]
    assert {r["source"] for r in rows} == {"'=evil source"}
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_included_export_has_every_study_with_citation(partnerships) -> None:
    project, expected = partnerships
    target = run_export(project, "included", "csv").target
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["record_id"]) for r in rows] == expected["included"]
    assert all(
        r["citation"].startswith("Author") and "; Smith, K. E. (" in r["citation"] for r in rows
    )
    assert all(r["full_text"] == "" and r["reports_in_study"] == "1" for r in rows)
    ris = run_export(project, "included", "ris").target
    assert len(read_records(ris)[1]) == 31
    md = run_export(project, "included", "md").target.read_text(encoding="utf-8")
    assert md.startswith("# Included studies") and md.count("\n| ") == 32


def test_records_export_gives_each_stage_final_outcome(partnerships) -> None:
    project, expected = partnerships
    path = run_export(project, "records", "parquet").target
    rows = {r["record_id"]: r for r in pq.read_table(path).to_pylist()}
    assert len(rows) == 1288
    first_included = rows[expected["included"][0]]
    assert first_included["title_abstract_decision"] == "include"
    assert first_included["full_text_decision"] == "include"
    resolved = rows[expected["ft_excluded"][0]]
    assert resolved["full_text_decision"] == "exclude"
    assert resolved["full_text_reason"] == "E1"
    assert resolved["full_text_reason_label"] == "Partnerships outside England only"
    assert resolved["full_text_basis"] == "consensus (Reviewer B)"
    assert sum(r["duplicate_of"] is not None for r in rows.values()) == 230


def test_decision_log_blinding_and_resolutions(make_project, tmp_path: Path) -> None:
    with make_project(tmp_path / "p") as project:
        project.store.add_source(name="S", kind="database", records=sample_records())
        r1, r2, r3 = project.store.record_ids()
        project.store.add_decisions(ta_rows([r1], "include", "exclude", None, "E1"))
        project.store.add_decisions([(r2, TA, A, "include", None, None, "decide")])
        project.store.add_resolutions([(r1, TA, "include", None, "consensus", B, "agreed")])
        project.store.add_decisions([(r1, FT, A, "exclude", "E9", None, "decide")])
        with pytest.raises(InputError, match="blind"):
            run_export(project, "decisions", "csv")
        mine = run_export(project, "decisions", "csv", tmp_path / "a.csv", viewer=B).target
        everything = run_export(project, "decisions", "parquet", unblind=True).target
    with mine.open(encoding="utf-8", newline="") as handle:
        seen = [(r["event"], r["record_id"], r["reviewer"]) for r in csv.DictReader(handle)]
    # B sees both votes on r1 (both decided) and its resolution, not A's lone vote on r2.
    assert ("decision", str(r1), A) in seen and ("resolution", str(r1), B) in seen
    assert all(rid != str(r2) for _, rid, _ in seen)
    table = pq.read_table(everything)
    assert table.schema.field("time").type == pa.timestamp("us", tz="UTC")
    events = table.to_pylist()
    assert len(events) == 5
    assert [e["event"] for e in events].count("resolution") == 1
    assert events[-1]["reason_label"] == "Full text could not be obtained"


def test_decision_log_has_notes_and_tags_blind_to_others(make_project, tmp_path: Path) -> None:
    with make_project(tmp_path / "p") as project:
        project.store.add_source(name="S", kind="database", records=sample_records())
        r1, r2, _r3 = project.store.record_ids()
        project.store.add_decisions(ta_rows([r1], "include", "include"))
        project.store.add_note(r1, TA, A, "check the methods\nsection")
        project.store.add_note(r2, TA, A, "A's own thought")
        project.store.add_tag(r2, A, "qualitative", False)
        project.store.add_tag(r2, A, "qualitative", True)
        rows = run_export(project, "decisions", "csv", tmp_path / "b.csv", viewer=B).target
        everything = run_export(project, "decisions", "csv", tmp_path / "all.csv", unblind=True)
    with rows.open(encoding="utf-8", newline="") as handle:
        seen = [(r["event"], r["record_id"], r["note"]) for r in csv.DictReader(handle)]
    assert ("note", str(r1), "check the methods\nsection") in seen  # both decided r1
    assert all(rid != str(r2) for _, rid, _ in seen)
    with everything.target.open(encoding="utf-8", newline="") as handle:
        log = [(r["event"], r["action"], r["note"]) for r in csv.DictReader(handle)]
    assert ("tag", "tag", "qualitative") in log and ("tag", "untag", "qualitative") in log
    assert ("note", "", "A's own thought") in log


def test_clusters_export(sample: Project) -> None:
    r1, r2, r3 = sample.store.record_ids()
    sample.store.link_duplicate(r2, r1, "by-hand", A)
    path = run_export(sample, "clusters", "parquet").target
    table = pq.read_table(path)
    assert table.schema.field("cluster").type == pa.int64()
    assert table.schema.field("possible_with").type == pa.list_(pa.int64())
    assert [r["cluster"] for r in table.to_pylist()] == [r1, r1, r3]
    md = run_export(sample, "clusters", "md").target.read_text(encoding="utf-8")
    lines = md.splitlines()
    assert lines[0] == "# Duplicate clusters"
    assert lines[2] == "| " + " | ".join(CLUSTER_HEADER) + " |"
    assert [line.split(" | ")[3] for line in lines[4:]] == [str(r1), str(r1), str(r3)]


def test_a_record_merged_after_it_was_screened_shows_no_outcome_of_its_own(
    sample: Project,
) -> None:
    r1, r2, _ = sample.store.record_ids()
    for rid in (r1, r2):
        for who in (A, B):
            sample.store.add_decision(rid, TA, who, "include")
    sample.store.link_duplicate(r2, r1, "by-hand", A)
    path = run_export(sample, "records", "parquet").target
    rows = {r["record_id"]: r for r in pq.read_table(path).to_pylist()}
    assert rows[r1]["title_abstract_decision"] == "include"
    assert rows[r2]["title_abstract_decision"] is None
    assert rows[r2]["title_abstract_basis"] == f"merged into {r1}"
    assert rows[r2]["duplicate_of"] == r1


def test_records_markdown_lists_each_record_and_its_outcome(sample: Project) -> None:
    r1, r2, _ = sample.store.record_ids()
    sample.store.link_duplicate(r2, r1, "by-hand", A)
    md = run_export(sample, "records", "md").target.read_text(encoding="utf-8")
    lines = md.splitlines()
    assert lines[0] == "# Records" and len(lines) == 4 + 3
    header = [c.strip() for c in lines[2].strip("|").split("|")]
    assert header[:3] == ["record_id", "source", "source_record_id"]
    assert "title" in header and "duplicate_of" in header and "original" not in header
    second = [c.strip() for c in lines[5].strip("|").split("|")]
    assert second[0] == str(r2) and second[header.index("duplicate_of")] == str(r1)


def test_formats_that_do_not_fit_are_refused(sample: Project) -> None:
    with pytest.raises(InputError, match="decisions cannot be exported as ris"):
        run_export(sample, "decisions", "ris", unblind=True)
    with pytest.raises(InputError, match="Parquet is binary"):
        run_export(sample, "records", "parquet", "-")
    assert export_kinds() == ("included", "records", "decisions", "clusters", "appraisals")


@pytest.mark.parametrize(
    ("stored", "journal", "ris", "bibtex"),
    [
        ("chapter", None, "CHAP", "incollection"),
        ("Book Section", None, "CHAP", "incollection"),
        ("web page", None, "ELEC", "online"),
        ("journal-article", "BMJ", "JOUR", "article"),
        ("GEN", "Health Service Journal", "GEN", "misc"),
        ("report", None, "RPRT", "report"),
        ("RPRT", None, "RPRT", "techreport"),
        (None, "BMJ", "JOUR", "article"),
        (None, None, "GEN", "misc"),
    ],
)
def test_record_types_in_ris_and_bibtex(stored, journal, ris, bibtex) -> None:
    from review.reporting.exports.bibtex_writer import bibtex_type
    from review.reporting.exports.ris_writer import ris_type

    record = Record(
        record_id=1, source_id=1, source_name="S", position=1, source_record_id=None,
        title="T", abstract=None, authors=[], year=None, journal=journal, volume=None,
        issue=None, pages=None, doi=None, pmid=None, issn=None, isbn=None, keywords=[],
        url=None, type=stored, language=None, publisher=None, raw={},
    )  # fmt: skip
    assert (ris_type(record), bibtex_type(record)) == (ris, bibtex)
