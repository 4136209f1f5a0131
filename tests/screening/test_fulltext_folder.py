"""`review retrieve --folder`: PDFs matched to records by DOI, PMID, author-year-title in the
file name, or the PDF's own metadata; stored relative to the project; what did not match said."""

from __future__ import annotations

from pathlib import Path

from review.base.models import ParsedRecord
from review.screening.fulltext_folder import attach_folder, match_folder
from review.screening.retrieval import full_text_path, mark_retrieved
from tiny_pdf import info_pdf

RECORDS = [
    ParsedRecord(position=1, title="Partners in health? A systematic review of partnerships",
                 authors=["Smith, K. E."], year=2009, doi="10.1093/pubmed/fdp002"),
    ParsedRecord(position=2, title="Health Action Zones in transition: progress in 2000",
                 authors=["Bauld, L."], year=2000, pmid="11223344"),
    ParsedRecord(position=3, title="Local strategic partnerships and neighbourhood renewal",
                 authors=["Perkins, N."], year=2007),
    ParsedRecord(position=4, title="Joint working between local authorities and trusts",
                 authors=["Hunter, D."], year=2006),
    ParsedRecord(position=5, title="Joint working between local authorities and trusts again",
                 authors=["Hunter, D."], year=2006),
]  # fmt: skip


def at_full_text(project) -> list[int]:
    project.store.add_source(name="db", kind="database", records=RECORDS)
    ids = project.store.record_ids()
    for rid in ids:
        for who in ("A", "B"):
            project.store.add_decision(rid, "title-abstract", who, "include")
    return ids


def test_a_folder_is_matched_by_name_and_metadata(project, cli) -> None:
    ids = at_full_text(project)
    folder = project.root / "pdfs"
    folder.mkdir()
    (folder / "10.1093_pubmed_fdp002.pdf").write_bytes(info_pdf("<< >>"))
    (folder / "PMID 11223344.pdf").write_bytes(info_pdf("<< >>"))
    (folder / "scan-0001.pdf").write_bytes(info_pdf(
        "<< /Title (Local strategic partnerships and neighbourhood renewal) /Author (N Perkins)"
        " >>"))  # fmt: skip
    (folder / "Hunter 2006 joint working.pdf").write_bytes(info_pdf("<< >>"))  # two records
    (folder / "minutes.pdf").write_bytes(info_pdf("<< /Title (Board minutes) >>"))
    found = match_folder(project, folder)
    assert [(p.name, rid) for p, rid, _how in found.matched] == [
        ("10.1093_pubmed_fdp002.pdf", ids[0]),
        ("PMID 11223344.pdf", ids[1]),
        ("scan-0001.pdf", ids[2]),
    ]
    assert [how for _p, _r, how in found.matched] == [
        "DOI in the file name",
        "PMID in the file name",
        "title in the PDF's metadata",
    ]
    assert [(p.name, r) for p, r in found.ambiguous] == [
        ("Hunter 2006 joint working.pdf", [ids[3], ids[4]])
    ]
    assert [p.name for p in found.unmatched] == ["minutes.pdf"]
    result = cli("--project", project.root, "retrieve", "--folder", folder, "--by", "A")
    assert result.code == 0
    assert "Matched 3 of 5 PDFs" in result.out and "minutes.pdf" in result.out
    assert "records 4, 5" in result.out and "still without one: 2 (4, 5)" in result.out
    marks = project.store.current_retrieval()
    assert marks[ids[0]] == ("retrieved", "pdfs/10.1093_pubmed_fdp002.pdf", None)
    again = match_folder(project, folder)  # retrieved ones are no longer candidates
    assert again.matched == [] and len(again.unmatched) == 4


def test_author_year_title_in_a_file_name(project, tmp_path: Path) -> None:
    ids = at_full_text(project)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "smith2009partners_health.pdf").write_bytes(info_pdf("<< >>"))
    found = attach_folder(project, outside, "A")
    assert [(p.name, rid) for p, rid, _h in found.matched] == [
        ("smith2009partners_health.pdf", ids[0])
    ]
    stored = project.store.current_retrieval()[ids[0]][1]
    assert stored == str(
        (outside / "smith2009partners_health.pdf").resolve()
    )  # outside: kept whole


def test_relative_paths_open_from_the_project_for_every_reviewer(project, tmp_path, monkeypatch):
    ids = at_full_text(project)
    (project.root / "texts").mkdir()
    (project.root / "texts" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.chdir(project.root)
    assert mark_retrieved(project, ids[0], "texts/a.pdf", "A") == "texts/a.pdf"
    monkeypatch.chdir(tmp_path)  # another reviewer, started elsewhere
    assert full_text_path(project, "texts/a.pdf") == str(project.root / "texts" / "a.pdf")
    assert full_text_path(project, "https://example.org/a.pdf") == "https://example.org/a.pdf"


def test_no_folder_or_record_ids_with_it_is_refused(project, cli) -> None:
    at_full_text(project)
    missing = cli("--project", project.root, "retrieve", "--folder", "nope", "--by", "A")
    assert missing.code == 2 and "is not a folder" in missing.err
    both = cli("--project", project.root, "retrieve", "1", "--folder", project.root, "--by", "A")
    assert both.code == 2 and "give no RECORD_ID" in both.err
