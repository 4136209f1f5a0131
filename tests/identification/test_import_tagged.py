"""Tagged-format importers (RIS, MEDLINE/nbib, WoS, Ovid, refer) on real sample files."""

from __future__ import annotations

from pathlib import Path

import pytest

from places import FIXTURES, shared
from places import FORMATS as DATA
from review.base.errors import ImportFormatError
from review.identification.importers import nbib, ovid, refer, ris, wos
from review.identification.importers.base import Warnings
from review.identification.importers.registry import read_records

# file, detected format, record count, then the first record's title, first author, year, DOI
# (values copied from the files; DOIs are stored lower-cased).
CASES = [
    ("rispy/example_bom.ris", "ris", 1, None, None, None, "10.1186/s40981-020-0316-0"),
    (
        "rispy/example_empty_tag.ris",
        "ris",
        1,
        "Outcome Measures After Shoulder Stabilization in the Athletic Population: "
        "A Systematic Review of Clinical and Patient-Reported Metrics",
        "Fanning E.",
        2020,
        "10.1177/2325967120950040",
    ),
    (
        "rispy/example_extraneous_data.ris",
        "ris",
        2,
        "Title of reference",
        "Marx, Karl",
        2014,
        None,
    ),
    ("rispy/example_multiline.ris", "ris", 3, None, None, None, None),
    (
        "rispy/example_utf_chars.ris",
        "ris",
        1,
        # no TI/T1 in this file: the short title (ST) stands in
        "Состояние рецепторного аппарата эндометрия и метаболизм эстрогенов при гиперплазиях "
        "эндометрия в позднем репродуктивном периоде",
        "Dobrokhotova, Yu E.",
        2009,
        None,
    ),
    (
        "rispy/example_wos.ris",
        "wos",
        2,
        "Interactions stabilizing the structure of the core light-harvesting complex (LHl) "
        "of photosynthetic bacteria and its subunit (B820)",
        "Parkes-Loach, PS",
        2004,
        "10.1021/bi049798f",
    ),
    # two of its records hold a type and nothing else: empty, warned and left out
    ("asreview/baseline_reference_types.ris", "ris", 59, None, None, None, None),
    (
        "asreview/baseline_tag-notes_labels.ris",
        "ris",
        32,
        'Record which is labeled "relevant" by the researcher using ASReview.',
        None,
        None,
        None,
    ),
    (
        "asreview/embase.ris",
        "ris",
        6,
        "Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound",
        "Liu R.",
        2014,
        "10.4103/2303-9027.138783",
    ),
    (
        "asreview/faulty_year.ris",
        "ris",
        1,
        "The Value of Radiologic Interventions and 18 F-DOPA PET in Diagnosing and Localizing "
        "Focal Congenital Hyperinsulinism: Systematic Review and Meta-Analysis",
        None,
        None,
        None,
    ),
    (
        "asreview/ovid_zotero.ris",
        "ris",
        6,
        "The influence of self-criticism on depression symptoms among ambulatory patients "
        "with inflammatory bowel disease.",
        "Trindade, Ines A",
        2019,
        "10.1002/cpp.2398",
    ),
    (
        "asreview/pubmed_zotero.ris",
        "ris",
        6,
        "The importance of cognitive flexibility and flexibility in coping with stress for the "
        "quality of life in inflammatory bowel disease patients during biological therapy. "
        "A preliminary report.",
        "Rudnik, Agata",
        2019,
        "10.5114/pg.2018.81081",
    ),
    (
        "asreview/scopus.ris",
        "ris",
        6,
        "Stress and the brain-gut axis in functional and chronic-inflammatory gastrointestinal "
        "diseases: A transdisciplinary challenge",
        "Labanski, A.",
        2020,
        "10.1016/j.psyneuen.2019.104501",
    ),
    (
        "asreview/pubmed_endnote.txt",
        "ris",
        6,
        "Boswellia serrata: an overall assessment of in vitro, preclinical, pharmacokinetic "
        "and clinical data",
        "Abdel-Tawab, M.",
        2011,
        "10.2165/11586800-000000000-00000",
    ),
    (
        "asreview/web_of_science.txt",
        "ris",
        10,
        "Holding Yourself Captive: Perceptions of Custody During Interviews and Interrogations",
        "Alceste, F",
        2018,
        "10.1016/j.jarmac.2018.03.001",
    ),
    (
        "nbib/single.nbib",
        "nbib",
        1,
        "Impact of balloon guide catheter on technical and clinical outcomes: a systematic "
        "review and meta-analysis.",
        "Brinjikji, Waleed",
        2018,
        "10.1136/neurintsurg-2017-013179",
    ),
    (
        "nbib/pubmed-balloongui-set.first5.nbib",
        "nbib",
        5,
        "Impact of Balloon Guide Catheter Use on Clinical and Angiographic Outcomes in the "
        "STRATIS Stroke Thrombectomy Registry.",
        "Zaidat, Osama O",
        2019,
        "10.1161/strokeaha.118.021126",
    ),
    ("colrev/eric_nbib.nbib", "nbib", 1, "Paper title", "Smith, Tom", 2000, "10.1000/123456789"),
    (
        "colrev/enl_data.enl",
        "refer",
        3,
        "How Trust Leads to Commitment on Microsourcing Platforms: Unraveling the Effects of "
        "Governance and Third-Party Mechanisms on Triadic Microsourcing Relationships",
        "Guo, Wenbo",
        2021,
        None,
    ),
    (
        "jabref/MedlinePlainImporterTestMultipleEntries.txt",
        "nbib",
        7,
        "From danger and motherhood to health and beauty: health advice for the factory girl "
        "in early twentieth-century Britain.",
        "Long, Vicky",
        2009,
        None,
    ),
    (
        "jabref/OvidImporterTest3.txt",
        "ovid",
        1,
        "Effects of computer-aided clinical decision support systems in improving antibiotic "
        "prescribing by primary care providers: a systematic review.[Review]",
        "Holstiege, Jakob",
        None,
        "10.1136/amiajnl-2014-002886",
    ),
    (
        "jabref/OvidImporterTest4.txt",
        "ovid",
        1,
        "Cloud water interception and element deposition differ largely between Norway spruce "
        "stands along an elevation transect in Harz Mountains, Germany.[Article]",
        "Kohler, Lars",
        2015,
        "10.1002/eco.1563",
    ),
]


@pytest.mark.parametrize(
    ("name", "fmt", "count", "title", "author", "year", "doi"), CASES, ids=[c[0] for c in CASES]
)
def test_file_detected_and_read(name, fmt, count, title, author, year, doi):
    detected, records = read_records(shared(DATA / name))
    assert detected == fmt
    assert len(records) == count
    assert [r.position for r in records] == list(range(1, count + 1))
    assert all(r.line and r.line >= 1 for r in records)
    first = records[0]
    assert first.title == title
    assert (first.authors[0] if first.authors else None) == author
    assert first.year == year
    assert first.doi == doi


def _write(tmp_path: Path, text: str, name: str = "x.ris") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _ris_text() -> str:
    return shared(DATA / "asreview/pubmed_zotero.ris").read_text(encoding="utf-8")


# --- RIS -----------------------------------------------------------------------------------


def test_truncated_ris_names_the_line_where_the_last_record_starts(tmp_path):
    text = _ris_text().rstrip()
    assert text.endswith("ER  -")
    truncated = text[: text.rindex("ER  -")]
    start = truncated.count("\n", 0, truncated.rindex("TY  - ")) + 1
    with pytest.raises(ImportFormatError) as err:
        read_records(_write(tmp_path, truncated))
    assert err.value.line == start
    assert err.value.record == 6
    assert "not terminated by 'ER  -'" in str(err.value)
    assert "truncated" in str(err.value)


def test_ris_record_without_er_before_next_ty_is_an_error(tmp_path):
    text = "TY  - JOUR\nTI  - One\n\nTY  - JOUR\nTI  - Two\nER  - \n"
    with pytest.raises(ImportFormatError) as err:
        read_records(_write(tmp_path, text), fmt="ris")
    assert err.value.line == 4
    assert "record starting at line 1" in str(err.value)


def test_ris_record_without_its_ty_line_is_read_with_a_warning(tmp_path):
    text = "TY  - JOUR\nTI  - One\nER  - \n\nTI  - Stray\nER  - \n"
    warnings = Warnings(Path("x"))
    _, records = read_records(_write(tmp_path, text), fmt="ris", warnings=warnings)
    assert [(r.title, r.type, r.line) for r in records] == [("One", "JOUR", 1), ("Stray", None, 5)]
    assert [(w.line, "without its 'TY  -' line" in w.message) for w in warnings] == [(5, True)]


def test_faulty_year_gives_none_not_an_error(tmp_path):
    text = "TY  - JOUR\nTI  - Partnership boards with an odd year\nPY  - 10 15\nER  - \n"
    _, [record] = read_records(_write(tmp_path, text))
    assert record.year is None
    assert record.raw["PY"] == ["10 15"]


def test_multiline_values_are_joined():
    _, records = read_records(FIXTURES / "multiline.ris")
    expected = "The boards met each month, ER staff sat on both and the pooled budget held"
    assert [r.abstract for r in records] == [expected] * 3
    assert [r.line for r in records] == [1, 9, 19]
    # continuation lines are kept verbatim in raw, one value per tag line
    assert records[1].raw["N1"] == [
        "reviewer note\n      - ask for the board minutes\n      - check the second county"
    ]
    assert records[2].raw["N2"] == [
        "The boards met each month,\nER staff sat on both and the pooled\nbudget held"
    ]


# Notes-only records as a screening tool writes them; with a byte-order mark and CRLF below.
LABELLED_RIS = "".join(
    f"TY  - GEN\nTI  - Record {n} as one reviewer labelled it\nN1  - {label}\nER  - \n\n"
    for n, label in enumerate(["relevant", "irrelevant", "not seen", "relevant"], start=1)
)


def test_bom_and_crlf_parse_like_a_clean_file(tmp_path):
    original = tmp_path / "bom_crlf.ris"
    original.write_bytes(b"\xef\xbb\xbf" + LABELLED_RIS.replace("\n", "\r\n").encode())
    data = original.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    clean = tmp_path / "clean.ris"
    clean.write_bytes(data[3:].replace(b"\r\n", b"\n"))
    assert read_records(original) == read_records(clean)
    assert len(read_records(original)[1]) == 4
    bom = tmp_path / "bom.ris"
    bom.write_bytes(b"\xef\xbb\xbfTY  - JOUR\nDO  - 10.5555/bom.2021.7\nER  - \n\n")
    _, [bom_record] = read_records(bom)
    assert bom_record.type == "JOUR"
    assert bom_record.raw == {"TY": ["JOUR"], "DO": ["10.5555/bom.2021.7"]}


def test_extraneous_header_lines_are_skipped():
    _, records = read_records(FIXTURES / "extraneous_header.ris")
    assert [r.line for r in records] == [5, 28]
    assert [r.source_record_id for r in records] == ["40711", "40712"]
    assert records[0].authors == ["Shaw, Ruth", "Okafor, Daniel"]  # A2 editor left in raw
    assert records[0].raw["A2"] == ["Brennan, Moira"]
    assert records[1].keywords == ["board membership", "health partnerships", "voluntary sector"]
    assert records[1].url == "http://example.org/lsp/2"


def test_embase_empty_tag_doi_url_and_year_slashes():
    _, [record] = read_records(FIXTURES / "embase_empty_tag.ris")
    assert record.pages is None
    assert record.raw["SP"] == [""]
    assert record.raw["DO"] == ["http://dx.doi.org/10.5555/jics.2019.0042"]
    assert record.doi == "10.5555/jics.2019.0042"
    assert record.year == 2019
    assert record.issn == "1234-5679"
    assert record.journal == "Journal of Integrated Care Studies"
    assert record.source_record_id == "2011456789"


def test_scopus_issn_and_container():
    _, records = read_records(shared(DATA / "asreview/scopus.ris"))
    assert records[0].issn == "0306-4530"  # 'SN  - 03064530 (ISSN)'
    assert records[0].journal == "Psychoneuroendocrinology"
    assert records[0].publisher == "Elsevier Ltd"
    assert records[0].raw["DB"] == ["Scopus"]
    notes = records[0].raw["N1"]
    assert len(notes) == 7
    assert notes[6].startswith("References: Agostini, A.")
    assert notes[6].count("\n") > 50  # untagged reference lines continue the last N1


def test_endnote_pubmed_continuation_lines_and_pmid():
    _, records = read_records(shared(DATA / "asreview/pubmed_endnote.txt"))
    first = records[0]
    assert first.line == 2
    assert first.pmid == "21553931"
    assert first.keywords[:2] == [
        "Animals",
        "Anti-Inflammatory Agents/adverse effects/pharmacokinetics/*pharmacology",
    ]
    assert len(first.keywords) == 10
    assert first.raw["N1"][0].splitlines()[1] == "Abdel-Tawab, Mona"
    assert first.pages == "349-69"
    assert first.journal == "Clin Pharmacokinet"
    assert first.source_record_id == "369"


def test_non_standard_type_and_vo_tag(tmp_path):
    text = (
        "\ufeffTY  - Journal Article\nAU  - Sørensen, Åse\nPY  - 2012\n"
        "JO  - Zeitschrift für Gesundheitspolitik\nVO  - 8\nIS  - 2\nSP  - 52\nEP  - 57\n"
        "N1  - Ä,Ö,Ü,ä,ö,ü,ß\nST  - Kooperation zwischen Kommunen und Krankenkassen\nER  -\n"
    )
    _, [record] = read_records(_write(tmp_path, text))
    assert record.type == "Journal Article"
    assert record.volume == "8"
    assert record.pages == "52-57"
    assert record.raw["N1"] == ["Ä,Ö,Ü,ä,ö,ü,ß"]


def test_ris_detect():
    path = Path("x")
    assert ris.detect("\n\nTY  - JOUR\nER  - \n", path)
    assert not ris.detect(shared(DATA / "rispy/example_wos.ris").read_text(encoding="utf-8"), path)
    assert not nbib.detect(_ris_text(), path)
    assert not wos.detect(_ris_text(), path)


# --- MEDLINE / nbib ------------------------------------------------------------------------


def test_nbib_fields_and_continuations():
    _, [record] = read_records(shared(DATA / "nbib/single.nbib"))
    assert record.pmid == record.source_record_id == "28754806"
    assert record.journal == "Journal of neurointerventional surgery"
    assert record.raw["TA"] == ["J Neurointerv Surg"]
    assert (record.volume, record.issue, record.pages) == ("10", "4", "335-339")
    assert record.issn == "1759-8486"
    assert record.authors == ["Brinjikji, Waleed", "Pereira, Vitor M", "Kallmes, David F"]
    assert record.abstract.endswith("thrombectomy. And I could go on...")
    assert record.keywords[-2:] == ["mechanical thrombectomy", "stroke"]
    assert record.type == "Journal Article"
    assert record.language == "eng"


# Three MEDLINE records, CRLF as PubMed writes them, the first title wrapped onto a second line.
CRLF_NBIB = (
    "PMID- 90000011\nOWN - NLM\nDP  - 2015 Jun\n"
    "TI  - Joint commissioning and emergency admissions: an\n      observational study.\n"
    "FAU - Okafor, Daniel\nAU  - Okafor D\n\n"
    "PMID- 90000012\nDP  - 2016\nTI  - Pooled budgets.\nAB  - One line\n      and a second.\n\n"
    "PMID- 90000013\nDP  - 2017\nTI  - Board membership.\n"
).replace("\n", "\r\n")


def test_nbib_crlf_records_start_at_each_pmid(tmp_path):
    path = tmp_path / "crlf.nbib"
    path.write_bytes(CRLF_NBIB.encode())
    _, records = read_records(path)
    assert [r.pmid for r in records] == ["90000011", "90000012", "90000013"]
    assert [r.line for r in records] == [1, 9, 15]
    assert (
        records[0].title == "Joint commissioning and emergency admissions: an observational study."
    )


def test_eric_nbib_without_pmid():
    _, [record] = read_records(shared(DATA / "colrev/eric_nbib.nbib"))
    assert record.pmid is None
    assert record.issn == "1234-4567"
    assert record.url == "http://eric.ed.gov/?id=EJ1131633"
    assert record.keywords == ["Keyword 1", "Keyword 2"]
    assert record.line == 2


def test_medline_plain_odd_entries():
    _, records = read_records(shared(DATA / "jabref/MedlinePlainImporterTestMultipleEntries.txt"))
    assert records[1].title is None  # 'TI-' and 'BTI -    ' are empty
    assert records[1].abstract == "Old Abstract new abstract"
    assert records[2].title == (
        "This is a Testtitle This title should be appended: This title should also be "
        "appended. Another append to the Title? LastTitle"
    )
    assert records[3].doi == "10.1016/j.cpr.2005.02.002"
    assert [r.pmid for r in records[3:]] == ["22664220", "22664238", "96578310", "45984220"]


# --- Web of Science tagged -----------------------------------------------------------------


def test_wos_fields():
    _, records = read_records(shared(DATA / "rispy/example_wos.ris"))
    first, second = records
    assert [r.line for r in records] == [3, 112]
    assert first.source_record_id == "WOS:000221807500019"
    assert first.pmid == "15170338"
    assert first.pages == "7003-7016"
    assert first.journal == "BIOCHEMISTRY"
    assert first.issn == "0006-2960"
    assert first.authors == ["Parkes-Loach, PS", "Majeed, AP", "Law, CJ", "Loach, PA"]
    assert second.title == (
        "Proximal and distal influences on ligand binding kinetics in microperoxidase and "
        "heme model compounds"
    )
    assert "CARBON-MONOXIDE BINDING" in second.keywords  # keyword wrapped across lines
    assert len(first.raw["CR"]) > 40


def test_wos_truncated_is_an_error(tmp_path):
    text = shared(DATA / "rispy/example_wos.ris").read_text(encoding="utf-8")
    truncated = text[: text.rindex("\nER")]
    with pytest.raises(ImportFormatError) as err:
        read_records(_write(tmp_path, truncated, "wos.txt"))
    assert err.value.line == 112


# --- Ovid and refer ------------------------------------------------------------------------


def test_ovid_source_is_split():
    _, [record] = read_records(shared(DATA / "jabref/OvidImporterTest4.txt"))
    assert (record.journal, record.volume, record.issue, record.pages) == (
        "Ecohydrology",
        "8",
        "6",
        "1048-1064",
    )
    assert record.issn == "1936-0584"
    assert record.language == "English"
    assert record.source_record_id == "01445406-201509000-00006"
    assert record.authors == [
        "Kohler, Lars",
        "Leuschner, Christoph",
        "Hauck, Markus",
        "Hertel, Dietrich",
    ]
    assert len(record.raw["References"]) > 90


def test_refer_records_split_at_blank_lines():
    _, records = read_records(shared(DATA / "colrev/enl_data.enl"))
    assert [r.line for r in records] == [1, 17, 29]
    assert [r.type for r in records] == ["Journal Article", "Journal Article", None]
    assert records[0].journal == "Management Information Systems Quarterly"
    assert records[0].pages == "1309-1348"
    assert records[2].pages == "i-ii"


def test_detectors_reject_each_other():
    path = Path("x")
    ovid_text = shared(DATA / "jabref/OvidImporterTest3.txt").read_text(encoding="utf-8")
    refer_text = shared(DATA / "colrev/enl_data.enl").read_text(encoding="utf-8")
    assert ovid.detect(ovid_text, path) and not ris.detect(ovid_text, path)
    assert refer.detect(refer_text, path) and not nbib.detect(refer_text, path)
    assert not refer.detect(_ris_text(), path)
    assert not ovid.detect(_ris_text(), path)


@pytest.mark.parametrize(
    "name",
    [
        "rispy/example_multiline.ris",
        "rispy/example_extraneous_data.ris",
        "asreview/baseline_tag-notes_labels.ris",
        "asreview/pubmed_zotero.ris",
    ],
)
def test_ris_keeps_each_record_verbatim_and_reads_raw_back_from_it(name):
    path = shared(DATA / name)
    _, records = read_records(path)
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    for record in records:
        assert record.original is not None
        assert (
            record.original.startswith("TY  -") and record.original.split("\n")[-1][:5] == "ER  -"
        )
        assert record.original in text
        assert ris.raw_from_original(record.original) == record.raw


def test_ris_parse_chunks_gives_the_records_of_parse():
    path = shared(DATA / "asreview/baseline_reference_types.ris")
    text = path.read_text(encoding="utf-8-sig")
    expected, chunks = ris.parse_chunks(text, path, {}, size=7)
    chunked = [record for chunk in chunks for record in chunk]
    assert expected == len(chunked) == 61
    assert chunked == ris.parse(text, path, {})


def test_ris_parse_chunks_raises_on_a_broken_record_when_it_is_reached(tmp_path):
    text = "TY  - JOUR\nTI  - One\nER  - \n" * 3 + "TY  - JOUR\nTI  - Cut"
    path = _write(tmp_path, text)
    expected, chunks = ris.parse_chunks(text, path, {}, size=2)
    assert expected == 4
    assert len(next(chunks)) == 2
    with pytest.raises(ImportFormatError, match="not terminated"):
        list(chunks)
