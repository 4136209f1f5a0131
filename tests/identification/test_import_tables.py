"""Importers for BibTeX, EndNote XML and CSV tables, on real sample files."""

from __future__ import annotations

from pathlib import Path

import pytest

from places import EXAMPLES, FORMATS, shared
from review.base.errors import ImportFormatError
from review.identification.importers.base import Warnings
from review.identification.importers.registry import read_records

# path, format, record count, index of the checked record, title, first author, year, DOI
REAL_FILES = [
    (
        FORMATS / "asreview" / "embase.csv",
        "csv",
        6,
        0,
        "Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound",
        "Liu R.",
        2014,
        "10.4103/2303-9027.138783",  # only in the 'Open URL Link' (id=doi:10.4103%2F...)
    ),
    (
        FORMATS / "asreview" / "generic_labels.csv",
        "csv",
        6,
        0,
        "Title of reference",
        "Marx, Karl",
        2014,
        None,
    ),
    (
        FORMATS / "litstudy" / "scopus_v2.first5.csv",
        "csv",
        5,
        0,
        "Gender-specific visual perturbation effects on muscle activation during incline "
        "treadmill walking: a virtual reality study",
        "Hao J.",
        2023,
        "10.1080/00140139.2022.2113152",
    ),
    (
        FORMATS / "colrev" / "pubmed.csv",
        "csv",
        10,
        1,
        "A Longitudinal Study of Fitbit Usage Behavior Among College Students",
        "Wang C",
        2022,
        "10.1089/cyber.2021.0047",
    ),
    (
        FORMATS / "jabref" / "EndnoteXmlImporterTestReport.xml",
        "endnote-xml",
        1,
        0,
        "Purple Martin (Progne subis): a technical conservation assessment",
        "Wiggins, D. A.",
        2005,
        None,
    ),
    (
        EXAMPLES / "elston-fulop-2002-references.bib",
        "bibtex",
        39,
        0,
        "Old wine, new bottles? Prospects for NHS/local authority partnerships under 'New Labour'",
        "Glendinning, C.",
        2000,
        None,
    ),
    (
        EXAMPLES / "hunter-2011-report-references.csv",
        "csv",
        72,
        1,
        "New Labour's partnerships: comparing conceptual models with existing forms",
        "Powell, M.",
        2006,
        None,
    ),
]


@pytest.mark.parametrize(
    ("path", "fmt", "count", "index", "title", "author", "year", "doi"),
    REAL_FILES,
    ids=[p[0].name for p in REAL_FILES],
)
def test_real_file_is_detected_and_read(path, fmt, count, index, title, author, year, doi):
    detected, records = read_records(shared(path))
    assert detected == fmt
    assert len(records) == count
    assert [r.position for r in records] == list(range(1, count + 1))
    record = records[index]
    assert record.title == title
    assert record.authors[0] == author
    assert record.year == year
    assert record.doi == doi


def test_scopus_csv_fields():
    _, records = read_records(shared(FORMATS / "litstudy" / "scopus_v2.first5.csv"))
    first = records[0]
    assert first.authors == ["Hao J.", "High R.", "Siu K.-C."]
    assert first.journal == "Ergonomics"
    assert (first.volume, first.issue, first.pages) == ("66", "5", "704-715")
    assert first.pmid == "35965444"
    assert first.source_record_id == "2-s2.0-85136453267"
    assert first.type == "Article"
    assert "electromyography" in first.keywords and "Humans" in first.keywords
    assert first.raw["Cited by"] == "0"
    assert first.line == 2


def test_embase_source_cell_gives_journal_volume_issue_pages():
    _, records = read_records(shared(FORMATS / "asreview" / "embase.csv"))
    second = records[1]
    assert second.journal == "Cancer"
    assert (second.year, second.volume, second.issue, second.pages) == (2004, "102", "4", "253-258")
    assert second.authors[:2] == ["Eloubeidi M.A.", "Cohn M."]
    assert "bronchogenic duplication cyst (diagnosis, surgery)" in records[0].keywords


# PubMed's CSV export in its shape: a byte-order mark, the header ended by LF, rows by CRLF.
PUBMED_HEADER = (
    "PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,"
    "PMCID,NIHMS ID,DOI\n"
)
PUBMED_ROWS = [
    '"90000021","Joint commissioning across health and social care: a survey of boards",'
    '"Okafor D, Shaw R, Lindqvist AM.","Int J Integr Care. 2021 Feb 3:1-9. doi: '
    '10.5555/ijic.2021.11. Online ahead of print.","Okafor D","Int J Integr Care","2021",'
    '"2021/02/03","","","10.5555/ijic.2021.11"',
    '"90000022","Pooled budgets and emergency admissions","Moreau P, Okafor D.",'
    '"J Health Partnersh. 2020 Sep;14(3):201-214. doi: 10.5555/jhp.2020.3. Epub 2020 Aug 1.",'
    '"Moreau P","J Health Partnersh","2020","2020/08/01","PMC9000022","","10.5555/jhp.2020.3"',
    '"90000023","Who sits on the board?","Shaw R.","J Health Partnersh. 2019;13:55-61.",'
    '"Shaw R","J Health Partnersh","2019","2019/05/20","","",""',
]


def test_pubmed_csv_with_bom_and_mixed_line_endings(tmp_path):
    path = tmp_path / "pubmed.csv"
    path.write_bytes(
        b"\xef\xbb\xbf" + (PUBMED_HEADER + "".join(r + "\r\n" for r in PUBMED_ROWS)).encode()
    )
    _, records = read_records(path)
    first = records[0]
    assert first.pmid == "90000021"
    assert first.authors == ["Okafor D", "Shaw R", "Lindqvist AM"]
    assert first.journal == "Int J Integr Care"
    assert [r.line for r in records] == list(range(2, 5))
    assert (records[1].volume, records[1].issue, records[1].pages) == ("14", "3", "201-214")


def test_asreview_list_literals_become_lists(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(
        "title,authors,keywords,publication_year,label_included\n"
        "Board papers as evidence,\"['Shaw, Ruth', 'Okafor, Daniel']\","
        "\"['partnership', 'board papers', 'evidence']\",2014//,1\n"
        "A second record,\"['Moreau, Paul']\",[],2016//,0\n",
        encoding="utf-8",
    )
    _, records = read_records(path)
    assert records[0].authors == ["Shaw, Ruth", "Okafor, Daniel"]
    assert records[0].keywords == ["partnership", "board papers", "evidence"]
    assert records[0].raw["label_included"] == "1"


def test_hunter_csv_semicolon_authors_and_ids():
    _, records = read_records(EXAMPLES / "hunter-2011-report-references.csv")
    first = records[0]
    assert first.source_record_id == "s003-001"
    assert first.authors == ["Hunter, D. J.", "Marks, L.", "Smith, K. E."]
    assert first.type == "book"
    assert records[2].authors == ["Douglas, A."]


def test_bibtex_fields_of_demo_file():
    _, records = read_records(EXAMPLES / "elston-fulop-2002-references.bib")
    article = next(r for r in records if r.source_record_id == "s001-514")
    assert article.type == "article"
    assert article.journal == "J Interprof Care"
    assert (article.volume, article.pages) == ("14", "9-18")
    assert article.authors == ["Arora, S.", "Davies, A.", "Thompson, S."]
    report = records[1]
    assert report.title == "The New NHS: Modern, Dependable"
    assert report.publisher == "Stationery Office"
    assert report.line == 9


def test_bibtex_latex_accents_are_decoded(tmp_path):
    path = tmp_path / "accents.bib"
    path.write_text(
        "@article{mueller2001,\n"
        '  author = {M{\\"u}ller, J{\\"o}rg and Caf{\\\'e}, A. and {World Health Organization}},\n'
        "  title = {{Die {\\\"O}konomie der Caf{\\'e}s}},\n"
        "  journal = {Revue d'{\\'E}conomie},\n"
        "  pages = {9--18},\n"
        "  keywords = {caf{\\'e}; economics, history},\n"
        "  url = {http://example.org/a%20b~c},\n"
        "  doi = {10.1000/ABC\\_1},\n"
        "  year = {2001}\n"
        "}\n",
        encoding="utf-8",
    )
    fmt, (record,) = read_records(path)
    assert fmt == "bibtex"
    assert record.title == "Die Ökonomie der Cafés"
    assert record.authors == ["Müller, Jörg", "Café, A.", "World Health Organization"]
    assert record.journal == "Revue d'Économie"
    assert record.pages == "9-18"
    assert record.keywords == ["café", "economics", "history"]
    assert record.url == "http://example.org/a%20b~c"
    assert record.doi == "10.1000/abc_1"
    assert record.source_record_id == "mueller2001"


def test_bibtex_duplicate_keys_keep_both_entries(tmp_path):
    path = tmp_path / "dups.bib"
    path.write_text(
        "@article{same, title={First}, year={2001}}\n\n@book{same, title={Second}, year={2002}}\n",
        encoding="utf-8",
    )
    _, records = read_records(path)
    assert [(r.source_record_id, r.title, r.year, r.line) for r in records] == [
        ("same", "First", 2001, 1),
        ("same", "Second", 2002, 3),
    ]


def test_bibtex_string_names_joined_with_hash_are_resolved(tmp_path):
    path = tmp_path / "strings.bib"
    path.write_text(
        '@string{jn = "Journal of"}\n@STRING{ph = {Public Health}}\n'
        "@string{full = jn # { } # ph}\n"
        '@string{jph = "Journal of " # "Public Health"}\n'
        '@article{a1, title = "Partnerships " # {in England}, journal = jn # " " # ph,'
        " year = 2004, note = {C\\# is a language}}\n"
        "@article{a2, title = {Second}, journal = full # { (Oxford)}, year = 2005}\n"
        "@article{a3, title = {Third}, journal = undefined # { Review}, year = 2006}\n"
        "@article{a4, title = {Fourth}, journal = jph, year = 2007}\n",
        encoding="utf-8",
    )
    _, records = read_records(path)
    assert [r.title for r in records] == ["Partnerships in England", "Second", "Third", "Fourth"]
    assert [r.journal for r in records] == [
        "Journal of Public Health",
        "Journal of Public Health (Oxford)",
        "undefined Review",  # no @string of that name: kept as written
        "Journal of Public Health",  # an @string joined with '#' itself
    ]
    assert records[0].raw["journal"] == 'jn # " " # ph'  # the original as written


def test_bibtex_url_command_keeps_its_address(tmp_path):
    path = tmp_path / "web.bib"
    path.write_text(
        "@misc{w1, title = {A web page}, year = 2019,\n"
        "  howpublished = {\\url{http://example.org/~smith/a\\_b%20c}}}\n"
        "@misc{w2, title = {Report}, year = 2019, howpublished = {Department of Health},\n"
        "  url = {http://example.org/r}}\n"
        "@misc{w3, title = {Slides on {\\url{www.example.org/~x}}}, year = 2020}\n",
        encoding="utf-8",
    )
    _, records = read_records(path)
    assert [(r.url, r.journal) for r in records] == [
        ("http://example.org/~smith/a_b%20c", None),  # an address is no container
        ("http://example.org/r", "Department of Health"),
        (None, None),
    ]
    assert records[2].title == "Slides on www.example.org/~x"  # '~' is no space in an address


def test_bibtex_organisations_written_without_braces_stay_one_author(tmp_path):
    path = tmp_path / "orgs.bib"
    path.write_text(
        "@techreport{a, title = {A}, year = 2000,\n"
        "  author = {All Party Parliamentary Group on Primary Care and Public Health}}\n"
        "@techreport{b, title = {B}, year = 2000,\n"
        "  author = {Department of the Environment, Transport and the Regions}}\n"
        "@techreport{c, title = {C}, year = 2000, author = {WHO and UNICEF}}\n"
        "@article{d, title = {D}, year = 2000, author = {Smith, J. and Department of Health}}\n",
        encoding="utf-8",
    )
    _, records = read_records(path)
    assert [r.authors for r in records] == [
        ["All Party Parliamentary Group on Primary Care and Public Health"],
        ["Department of the Environment, Transport and the Regions"],
        ["WHO", "UNICEF"],  # two organisations
        ["Smith, J.", "Department of Health"],  # a person and an organisation
    ]


def test_a_broken_bibtex_entry_is_warned_and_the_rest_imported(tmp_path):
    path = tmp_path / "bad.bib"
    path.write_text(
        "@article{good, title={Fine}, year={2001}}\n"
        "\n"
        "@article{broken, title = {never closed, year = {2002}\n"
        "\n"
        "@article{after, title={Also fine}}\n",
        encoding="utf-8",
    )
    warnings = Warnings(path)
    _, records = read_records(path, warnings=warnings)
    assert [r.source_record_id for r in records] == ["good", "after"]
    assert [(w.line, "broken" in w.message) for w in warnings][0] == (3, True)
    with pytest.raises(ImportFormatError) as caught:
        read_records(path, warnings=Warnings(path, strict=True))
    assert caught.value.line == 3
    assert "broken" in str(caught.value) and "--strict" in str(caught.value)


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xml><records><record><titles><title>&lol9;</title></titles></record></records></xml>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE xml [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<xml><records><record><titles><title>&secret;</title></titles></record></records></xml>
"""


def test_xml_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(BOMB, encoding="utf-8")
    with pytest.raises(ImportFormatError, match="refused for safety"):
        read_records(path)


def test_xml_external_entity_is_refused(tmp_path):
    path = tmp_path / "external.xml"
    path.write_text(EXTERNAL, encoding="utf-8")
    with pytest.raises(ImportFormatError, match="external entity") as caught:
        read_records(path)
    assert "root:" not in str(caught.value)


def test_truncated_xml_names_a_line(tmp_path):
    source = shared(FORMATS / "jabref" / "EndnoteXmlImporterTestReport.xml")
    path = tmp_path / "truncated.xml"
    path.write_text(source.read_text(encoding="utf-8")[:700], encoding="utf-8")
    with pytest.raises(ImportFormatError, match="not well-formed") as caught:
        read_records(path)
    assert caught.value.line is not None and caught.value.line > 1


def test_ragged_scopus_rows_import(tmp_path):
    path = tmp_path / "scopus_old.csv"
    path.write_text(
        "Authors,Title,Year,Source title,Volume,Issue,Art. No.,Page start,Page end,DOI,EID\n"
        "Smith J.,Short row,2019,Journal A\n"
        '"Smith J., Jones K.L.",Long row,2020,Journal B,4,2,,10,19,10.1000/XYZ,2-s2.0-1,x,y\n',
        encoding="utf-8",
    )
    fmt, (short, long) = read_records(path)
    assert fmt == "csv"
    assert (short.title, short.year, short.volume, short.doi) == ("Short row", 2019, None, None)
    assert short.raw["EID"] == ""
    assert "_extra" not in short.raw
    assert long.authors == ["Smith J.", "Jones K.L."]
    assert (long.journal, long.pages, long.doi) == ("Journal B", "10-19", "10.1000/xyz")
    assert long.source_record_id == "2-s2.0-1"
    assert long.raw["_extra"] == ["x", "y"]


def test_csv_line_numbers_follow_multiline_cells_and_skip_empty_rows(tmp_path):
    path = tmp_path / "multiline.csv"
    path.write_bytes(
        b'title,abstract\r\nOne,"first\r\nsecond\r\nthird"\r\n\r\n,\r\nTwo,plain\nThree,x\r\n'
    )
    _, records = read_records(path)
    assert [(r.title, r.position, r.line) for r in records] == [
        ("One", 1, 2),
        ("Two", 2, 7),
        ("Three", 3, 8),
    ]
    assert records[0].abstract == "first second third"
    assert records[0].raw["abstract"] == "first\r\nsecond\r\nthird"


def test_semicolon_delimited_csv(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("Title;Authors;Year\nA study, with commas;Doe, J.;2001\n", encoding="utf-8")
    _, (record,) = read_records(path)
    assert record.title == "A study, with commas"
    assert (record.authors, record.year) == (["Doe, J."], 2001)


def test_map_option_names_the_title_column(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Headline,Writers,When\nA mapped title,Doe J.,1999\n", encoding="utf-8")
    _, (record,) = read_records(path, mapping={"title": "Headline", "authors": "Writers"})
    assert (record.title, record.authors, record.year) == ("A mapped title", ["Doe J."], None)
    _, (record,) = read_records(path, mapping={"title": "headline", "year": "When"})
    assert (record.title, record.year) == ("A mapped title", 1999)


def test_map_to_missing_column_lists_columns(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Headline,Writers\nA title,Doe J.\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="'Nope'") as caught:
        read_records(path, mapping={"title": "Nope"})
    assert "'Headline'" in str(caught.value) and "'Writers'" in str(caught.value)


def test_csv_without_title_column_lists_columns(tmp_path):
    path = tmp_path / "notitle.csv"
    path.write_text("Headline,Writers,When\nSomething,Doe J.,1999\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        read_records(path)
    error = caught.value
    assert error.line == 1
    assert error.path == path
    for expected in ("'Headline'", "'Writers'", "'When'", "--map title="):
        assert expected in str(error)


def test_csv_unterminated_quote_names_the_row(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text('title,year\nFine,2001\n"Never closed,2002\nmore\n', encoding="utf-8")
    with pytest.raises(ImportFormatError, match="quotes") as caught:
        read_records(path)
    assert caught.value.line == 3


def test_csv_detection_refuses_single_column_text():
    from review.identification.importers import csv_table

    assert not csv_table.detect("just some words\nand more words\n", Path("x.txt"))
    assert not csv_table.detect("\x01\x02garbage,\x03\n", Path("x.bin"))
    assert csv_table.detect("Title,Year\nA,2001\n", Path("x.csv"))


def test_web_of_science_tab_delimited_table(tmp_path):
    path = tmp_path / "savedrecs.txt"
    path.write_text(
        "PT\tAU\tTI\tSO\tDE\tID\tPY\tVL\tIS\tBP\tEP\tDI\tUT\n"
        "J\tSmith, J; Jones, K\tTabbed title\tJ Tabs\tcsv; tabs\tKEYWORDS PLUS\t2018\t7\t1"
        "\t5\t9\t10.1000/tab\tWOS:000123\n",
        encoding="utf-8",
    )
    fmt, (record,) = read_records(path)
    assert fmt == "csv"
    assert record.authors == ["Smith, J", "Jones, K"]
    assert (record.title, record.journal, record.year) == ("Tabbed title", "J Tabs", 2018)
    assert (record.volume, record.issue, record.pages) == ("7", "1", "5-9")
    assert record.doi == "10.1000/tab"
    assert record.source_record_id == "WOS:000123"
    assert record.keywords == ["csv", "tabs", "KEYWORDS PLUS"]


def test_author_cells_in_common_styles():
    from review.identification.importers.csv_lists import split_authors

    assert split_authors("Smith, J., Jones, K.-L.") == ["Smith, J.", "Jones, K.-L."]
    assert split_authors("Smith, J. and Jones, K.") == ["Smith, J.", "Jones, K."]
    assert split_authors("Department of Health and Social Care") == [
        "Department of Health and Social Care"
    ]
    assert split_authors("Smith, John") == ["Smith, John"]


def test_initials_first_author_lists_are_split(tmp_path):
    path = tmp_path / "asreview.csv"
    path.write_text(
        "record_id,title,authors,year\n"
        '1,A study,"D. Pavlinac, R. Langer, L. Lenhard and L. Deftos",1990\n'
        "2,Another,R. L. Whistler and W. C. Lake,1972\n"
        "3,Report,Department of Health and Social Care,2019\n",
        encoding="utf-8",
    )
    _fmt, records = read_records(path)
    assert records[0].authors == ["D. Pavlinac", "R. Langer", "L. Lenhard", "L. Deftos"]
    assert records[1].authors == ["R. L. Whistler", "W. C. Lake"]
    assert records[2].authors == ["Department of Health and Social Care"]
