"""Real exports import: no final line break, Ovid's quirks, PMC splitting, empty records, DOIs,
BibTeX's bare '&' and bad entries, RIS spacing and dates, CSV names, encodings, markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from places import FIXTURES
from review.base.errors import ImportFormatError
from review.base.normalize import normalize_doi, parse_year
from review.identification.importers.base import Warnings
from review.identification.importers.registry import read_records


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def _read(path: Path, fmt: str | None = None) -> tuple[str, list, list]:
    warnings = Warnings(path)
    detected, records = read_records(path, fmt, warnings=warnings)
    return detected, records, list(warnings)


# --- a last line without its line break ------------------------------------------------------

WOS = (
    "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Hale, R\nTI Local partnerships\n"
    "SO JOURNAL OF INTEGRATED CARE\nPY 2019\nER\n\nEF"
)


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("wos.txt", WOS, "wos"),
        ("a.nbib", "PMID- 1\nTI  - A study\nDP  - 2001\nSO  - J. 2001;1:1.", "nbib"),
        ("a.enw", "%0 Journal Article\n%T A study\n%A Smith, K.\n%D 2005", "refer"),
        ("ovid.txt", "<1>\nTitle\n  A study\nSource\n  Health. 1(2):3-4, 2001.", "ovid"),
    ],
)
def test_a_file_without_a_final_line_break_is_not_cut_short(tmp_path, name, text, fmt):
    detected, [record], _ = _read(_write(tmp_path, name, text))
    assert detected == fmt and record.title in ("Local partnerships", "A study")


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("cut.nbib", "PMID- 1\nTI  - A\nSO  - J.\n\nPMID- 2\nTI  - B\nDP  - 20", "whole date"),
        ("cut.enw", "%0 Journal Article\n%T A study\n%D 20", "whole date"),
        ("cut.txt", "<1>\nTitle\n  A study of partner", "no Source"),
        ("cut2.nbib", "PMID- 1\nTI  - A\nSO  - J.\n\nPMID- 2\nTI  - B of partn", "no SO"),
    ],
)
def test_a_record_cut_mid_line_is_still_refused(tmp_path, name, text, why):
    with pytest.raises(ImportFormatError, match="cut short") as caught:
        read_records(_write(tmp_path, name, text))
    assert why in str(caught.value) and caught.value.line == text.count("\n") + 1


# --- Ovid ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ovid_tagged.txt", "ovid_tagged_indented.txt"])
def test_ovid_tagged_export_is_read_with_year_and_journal(name):
    detected, records, _ = _read(FIXTURES / name)
    assert detected == "ovid-tagged"
    first, second = records
    assert first.title == "Local partnerships and the health of older people."
    assert first.authors == ["Hale, Rosa", "Okoye, Ben"]
    assert (first.journal, first.volume, first.issue, first.pages, first.year) == (
        "Journal of Integrated Care", "27", "3", "201-214", 2019,
    )  # fmt: skip
    assert first.abstract.endswith("describe how their plans changed.")
    assert (first.doi, first.issn, first.language) == ("10.1108/jica-01-2019-0004",
                                                        "1476-9018", "English")  # fmt: skip
    assert (second.journal, second.year, second.volume, second.pages) == (
        "Wetland Ecology", 2018, "12", "45-60",
    )  # fmt: skip


def test_ovid_ris_tags_after_er_stay_with_their_record_and_link_lines_are_skipped():
    _, records, warnings = _read(FIXTURES / "ovid_quirks.ris")
    assert [r.title for r in records] == [
        "Partnership boards in two English counties.",
        "Joint commissioning between councils and health services.",
    ]
    assert records[0].raw["NL"] == ["https://example.org/nl/20193152553"]
    assert "NL  -" in records[0].original  # the stored text holds it, to be re-read
    assert records[0].doi == "10.4236/jph.2019.101008"
    lines = (FIXTURES / "ovid_quirks.ris").read_text(encoding="utf-8").split("\n")
    links = [n for n, line in enumerate(lines, 1) if line.startswith("Link to")]
    messages = [(w.line, w.message) for w in warnings]
    assert messages[0][0] == lines.index("ER  -") + 2  # the 'NL' line after the first 'ER'
    assert "'NL  -' after the record's 'ER  -' line" in messages[0][1]
    assert [line for line, _ in messages[1:]] == links
    assert all("Link to the Ovid" in m for _, m in messages[1:])


# --- MEDLINE / PMC ---------------------------------------------------------------------------


def test_pmc_records_that_begin_with_pmc_are_one_record_each(tmp_path):
    _, records, warnings = _read(FIXTURES / "pmc.nbib")
    assert [(r.pmid, r.line) for r in records] == [("31111111", 1), ("31111112", 11)]
    assert warnings == []
    joined = (FIXTURES / "pmc.nbib").read_text(encoding="utf-8").replace("\n\n", "\n")
    _, records, _ = _read(_write(tmp_path, "joined.nbib", joined))
    assert [r.pmid for r in records] == ["31111111", "31111112"]


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("e.ris", "TY  - JOUR\nTI  - One\nER  - \n\nTY  - JOUR\nER  - \n", 5),
        ("e.bib", "@article{a, title={One}}\n@misc{b,}\n", 2),
        ("e.enw", "%0 Journal Article\n%T One\n\n%0 Generic\n", 4),
    ],
)
def test_an_empty_record_is_warned_and_not_stored(tmp_path, name, text, line):
    _, records, warnings = _read(_write(tmp_path, name, text))
    assert [r.title for r in records] == ["One"]
    assert [(w.line, w.record) for w in warnings] == [(line, 2)]
    assert "empty record" in warnings[0].message


# --- DOIs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "doi"),
    [
        ("10.3398/1527-0904(2007)67[593:HRSOBW]2.0.CO;2",
         "10.3398/1527-0904(2007)67[593:hrsobw]2.0.co;2"),
        ("doi: 10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O.",
         "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-o"),
        ("(https://doi.org/10.1000/abc)", "10.1000/abc"),
        ("10.1000/xyz [doi]", "10.1000/xyz"),
        ("https://doi.org/10.1000/a%28b%29;", "10.1000/a(b)"),
    ],
)  # fmt: skip
def test_a_doi_keeps_every_character_a_doi_may_hold(written, doi):
    assert normalize_doi(written) == doi


def test_a_sici_doi_comes_through_a_ris_file_whole(tmp_path):
    doi = "10.3398/1527-0904(2007)67[593:HRSOBW]2.0.CO;2"
    text = f"TY  - JOUR\nTI  - Home range\nDO  - {doi}\nER  - \n"
    _, [record], _ = _read(_write(tmp_path, "s.ris", text))
    assert record.doi == "10.3398/1527-0904(2007)67[593:hrsobw]2.0.co;2"


# --- BibTeX ----------------------------------------------------------------------------------

BAD_BIB = (
    "@article{ok1, title = {Research & Development in R&D}, year = {2001}}\n\n"
    "@article{, title = {No key here}, year = {2002}}\n\n"
    "@article{broken,\n  title = {Broken keywords},\n  keywords = {a, b}, junk}, more},\n"
    "  year = {2003},\n}\n\n"
    "@article{ok2, title = {Last one}, year = {2004}}\n"
)


def test_bibtex_bare_ampersand_stays_and_bad_entries_are_warned(tmp_path):
    path = _write(tmp_path, "ebsco.bib", BAD_BIB)
    _, records, warnings = _read(path)
    assert [r.title for r in records] == [
        "Research & Development in R&D", "No key here", "Broken keywords", "Last one",
    ]  # fmt: skip
    assert records[1].source_record_id is None
    assert records[2].year == 2003  # the field after the broken one is read
    assert [w.line for w in warnings] == [3, 5]
    assert "without a citation key" in warnings[0].message
    assert "'keywords'" in warnings[1].message and "broken" in warnings[1].message
    with pytest.raises(ImportFormatError, match="--strict") as caught:
        read_records(path, warnings=Warnings(path, strict=True))
    assert caught.value.line == 3


def test_bibtex_cut_inside_its_last_entry_is_refused(tmp_path):
    path = _write(tmp_path, "cut.bib", "@article{a, title={One}}\n@article{b, title = {Cut")
    with pytest.raises(ImportFormatError, match="cut short") as caught:
        read_records(path)
    assert caught.value.line == 2


# --- RIS spacing, dates; CSV names -----------------------------------------------------------


def test_ris_with_one_space_before_the_dash_is_read(tmp_path):
    text = "TY - JOUR\nTI - A study\nAU - Smith, K.\nPY - 2001\nER - \n\nTY -JOUR\nTI -Two\nER -\n"
    detected, records, _ = _read(_write(tmp_path, "s.ris", text))
    assert detected == "ris"
    assert [(r.title, r.year, r.type) for r in records] == [
        ("A study", 2001, "JOUR"), ("Two", None, "JOUR"),
    ]  # fmt: skip


def test_dates_written_without_separators_give_their_year(tmp_path):
    assert parse_year("Start date: 20170812") == 2017
    text = "TY  - ABST\nTI  - A study\nPY  - Start date: 20170812\nER  - \n"
    _, [record], _ = _read(_write(tmp_path, "d.ris", text))
    assert record.year == 2017


def test_springerlink_csv_columns(tmp_path):
    text = (
        "Item Title,Publication Title,Book Series Title,Journal Volume,Journal Issue,Item DOI,"
        "Authors,Publication Year,URL,Content Type\n"
        '"A study","Health","","17","3","10.1007/s1234","Ann Lee","2020","http://x","Article"\n'
    )
    _, [record], _ = _read(_write(tmp_path, "springer.csv", text))
    assert (record.title, record.journal, record.volume, record.issue) == (
        "A study", "Health", "17", "3",
    )  # fmt: skip
    assert (record.doi, record.year, record.type) == ("10.1007/s1234", 2020, "Article")


# --- encodings, markup -----------------------------------------------------------------------


def test_windows_1252_is_detected_and_said(tmp_path):
    data = "TY  - JOUR\nTI  - Sant\xe9 publique \u2013 \u201cpartnerships\u201d\nER  - \n"
    path = _write(tmp_path, "w.ris", data.encode("cp1252"))
    _, [record], warnings = _read(path)
    assert record.title == "Santé publique – “partnerships”"
    assert "Windows-1252" in warnings[0].message and warnings[0].line == 2


def test_html_markup_in_an_abstract_is_taken_out(tmp_path):
    abstract = "<p>Background: p &lt; 0.05</p><p>Next</p>"
    text = f"TY  - JOUR\nTI  - A <i>study</i>\nAB  - {abstract}\nER  - \n"
    _, [record], _ = _read(_write(tmp_path, "m.ris", text))
    assert (record.title, record.abstract) == ("A study", "Background: p < 0.05 Next")
