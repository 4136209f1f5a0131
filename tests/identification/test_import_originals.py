"""Original fields kept as written (BibTeX LaTeX, EndNote paths) and ISSNs written one way."""

from __future__ import annotations

from review.identification.importers.registry import read_records

BIB = r"""@article{dvorak2001,
  author = {Dvo\v{r}\'{a}k, Jan and M\"uller, Anna},
  title = {Partnerships in {E}ngland},
  journal = {Health \& Place},
  issn = {13538292},
  pages = {1--10},
  year = 2001
}
"""

ENDNOTE = """<?xml version="1.0" encoding="UTF-8"?>
<xml><records><record>
<rec-number>7</rec-number>
<ref-type name="Book Section">5</ref-type>
<contributors>
  <authors><author>Hunter, D.</author></authors>
  <secondary-authors><author>Glendinning, C.</author></secondary-authors>
</contributors>
<titles><title>Partnership working</title><secondary-title>Partnerships</secondary-title></titles>
<dates><year>2002</year></dates>
<isbn>1741-3842 (Print) 1741-3850 (Electronic)</isbn>
</record></records></xml>
"""

CSV = "Title,Authors,Year,Source title,ISSN\nA study,Smith J.,2001,Health,00140139\n"


def test_bibtex_original_fields_are_kept_as_written(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    _, [record] = read_records(path)
    assert record.authors == ["Dvořák, Jan", "Müller, Anna"]
    assert record.pages == "1-10" and record.issn == "1353-8292"
    assert record.raw["author"] == r"Dvo\v{r}\'{a}k, Jan and M\"uller, Anna"
    assert record.raw["pages"] == "1--10"
    assert record.raw["title"] == "Partnerships in {E}ngland"
    assert record.raw["year"] == "2001"


def test_endnote_editors_stay_apart_and_issns_leave_the_isbn(tmp_path):
    path = tmp_path / "refs.xml"
    path.write_text(ENDNOTE, encoding="utf-8")
    _, [record] = read_records(path)
    assert record.authors == ["Hunter, D."]
    assert record.raw["contributors/authors/author"] == "Hunter, D."
    assert record.raw["contributors/secondary-authors/author"] == "Glendinning, C."
    assert (record.issn, record.isbn) == ("1741-3842", None)


def test_csv_issn_written_like_the_other_formats(tmp_path):
    path = tmp_path / "scopus.csv"
    path.write_text(CSV, encoding="utf-8")
    _, [record] = read_records(path)
    assert record.issn == "0014-0139"


def test_two_ris_authors_of_one_name_are_both_kept(tmp_path):
    path = tmp_path / "same.ris"
    path.write_text(
        "TY  - JOUR\nTI  - A trial\nAU  - Hakim, M.\nAU  - Miller, R.\nAU  - Hakim, M.\nER  - \n"
        "TY  - JOUR\nTI  - Listed twice\nAU  - Smith, K.\nA1  - Smith, K.\nA1  - Jones, A.\n"
        "ER  - \n",
        encoding="utf-8",
    )
    _, [first, second] = read_records(path)
    assert first.authors == ["Hakim, M.", "Miller, R.", "Hakim, M."]
    assert second.authors == ["Smith, K.", "Jones, A."]  # AU and A1 giving one list twice


def test_upper_case_bibtex_fields_and_a_doi_from_a_link(tmp_path):
    from review.base.normalize import normalize_doi

    path = tmp_path / "upper.bib"
    path.write_text("@ARTICLE{a,\n  AUTHOR = {Smith, J and Jones, K},\n  TITLE = {Upper},\n"
                    "  YEAR = {2001}\n}\n", encoding="utf-8")  # fmt: skip
    _, [record] = read_records(path)
    assert record.authors == ["Smith, J", "Jones, K"]
    assert normalize_doi("https://dx.doi.org/10.1234%2Fabc") == "10.1234/abc"


def test_common_column_names_of_other_tools(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text(
        "Title,First Author,Pub Year,Journal Name,DOI link\n"
        'A study,"Smith, J",2001,Health,https://doi.org/10.1234/abc\n',
        encoding="utf-8",
    )
    _, [record] = read_records(path)
    assert (record.authors, record.year, record.journal, record.doi) == (
        ["Smith, J"],
        2001,
        "Health",
        "10.1234/abc",
    )
