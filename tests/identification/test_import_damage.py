"""Issue 15's importer findings: detection weighs the whole file, cut files are said, large
and deep files read in linear time or refused by name."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from review.base.errors import ImportFormatError
from review.identification import importing
from review.identification.importers import ris
from review.identification.importers.base import Warnings
from review.identification.importers.registry import read_records
from review.identification.importing import import_file
from review.identification.importing.pieces import can_fork
from review.storage import Store


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _read(path: Path) -> tuple[str, list, list[str]]:
    warnings = Warnings(path)
    fmt, records = read_records(path, warnings=warnings)
    return fmt, records, [str(w) for w in warnings]


def test_a_csv_whose_unquoted_title_begins_like_a_bibtex_entry_is_a_csv(tmp_path):
    text = (
        "Title,Authors,Year\n"
        "@Home (HOME=care at home) trial,Smith J,2020\n"
        "Second study,Jones K,2019\nThird study,Brown L,2018\nFourth study,Green M,2017\n"
    )
    fmt, records, warnings = _read(_write(tmp_path, "home.csv", text))
    assert fmt == "csv" and len(records) == 4 and warnings == []
    assert (
        records[0].title == "@Home (HOME=care at home) trial" and records[3].title == "Fourth study"
    )


def test_bibtex_read_from_a_small_part_of_the_file_is_said(tmp_path):
    prose = "Notes from the search meeting, kept with the references.\n" * 60
    text = f"{prose}@article{{a, title = {{The one entry}}, year = 2001}}\n{prose}"
    fmt, records, warnings = _read(_write(tmp_path, "notes.bib", text))
    assert fmt == "bibtex" and len(records) == 1
    assert any("% of the file is in its 1 BibTeX entries" in w for w in warnings), warnings


def test_a_csv_cut_inside_its_last_row_is_named_in_a_warning(tmp_path):
    text = "Title,Authors,Year,Abstract\nOne,Smith J,2020,First\nTwo,Jones K,2019,Second\nThr,Bro"
    fmt, records, warnings = _read(_write(tmp_path, "cut.csv", text))
    assert len(records) == 3 and records[2].title == "Thr"
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("line 4, record 3: the last row has 2 of the header's 4")
    assert "ends without a line break" in warnings[0] and "cut short" in warnings[0]


def test_a_csv_cut_inside_its_last_cell_is_named_in_a_warning(tmp_path):
    text = "Title,Year,Abstract\nOne,2020,First\nTwo,2019,The second study found that the eff"
    fmt, records, warnings = _read(_write(tmp_path, "cut.csv", text))
    assert fmt == "csv" and len(records) == 2  # imported: it may be a whole export
    assert records[1].abstract == "The second study found that the eff"
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("line 3, record 2: the file ends inside the last row's last")
    assert "'Abstract' is '…cond study found that the eff'" in warnings[0]


@pytest.mark.parametrize("ending", ['"Second"', '"Second"\n', "Second\n", "Second\r\n"])
def test_a_csv_whose_last_row_is_closed_gives_no_cut_warning(tmp_path, ending):
    text = f"Title,Year,Abstract\nOne,2020,First\nTwo,2019,{ending}"
    _, records, warnings = _read(_write(tmp_path, "whole.csv", text))
    assert len(records) == 2 and records[1].abstract == "Second" and warnings == []


def test_a_whole_csv_with_short_rows_throughout_gives_no_cut_warning(tmp_path):
    text = "Title,Authors,Year\nOne,Smith J\nTwo,Jones K,2019\nThree,Brown L\n"
    _, records, warnings = _read(_write(tmp_path, "short.csv", text))
    assert len(records) == 3 and warnings == []


@pytest.mark.parametrize("tail", ["T", "TY", "TY ", "TY  "])
def test_ris_cut_inside_the_next_records_type_line_is_refused(tmp_path, tail):
    text = "TY  - JOUR\nTI  - One\nER  - \n\nTY  - JOUR\nTI  - Two\nER  - \n\n" + tail
    with pytest.raises(ImportFormatError, match="cut short") as caught:
        read_records(_write(tmp_path, "cut.ris", text))
    assert caught.value.line == 9 and caught.value.record == 3


def test_endnote_xml_records_keep_their_lines(tmp_path):
    record = "<record><titles><title><style>T{0}</style></title></titles></record>\n"
    body = "".join(record.format(n) + "\n" * n for n in range(1, 5))
    text = f'<?xml version="1.0"?>\n<xml><records>\n{body}</records></xml>\n'
    _, records, _ = _read(_write(tmp_path, "lines.xml", text))
    assert [r.title for r in records] == ["T1", "T2", "T3", "T4"]
    assert [r.line for r in records] == [3, 5, 8, 12]


def test_endnote_xml_nested_deep_is_refused_by_record(tmp_path):
    deep = "<a>" * 100_000 + "x" + "</a>" * 100_000
    text = (
        '<?xml version="1.0"?>\n<xml><records>\n<record><titles><title>Fine</title></titles>'
        f"</record>\n<record>{deep}</record>\n</records></xml>\n"
    )
    with pytest.raises(ImportFormatError, match="nested more than 32") as caught:
        read_records(_write(tmp_path, "deep.xml", text))
    assert caught.value.line == 4 and caught.value.record == 2


def test_a_huge_bibtex_field_is_read_in_linear_time(tmp_path):
    piece = "Partnership working in health {\\'e}t{\\'e} \\emph{local} 50\\% of {R}\\&D ~ "
    body = piece * (4_000_000 // len(piece))  # 4 MB: quadratic decoding took minutes
    text = f"@article{{huge, title = {{A huge field}}, year = 2020,\n abstract = {{{body}}}}}\n"
    start = time.perf_counter()
    _, records, _ = _read(_write(tmp_path, "huge.bib", text))
    assert time.perf_counter() - start < 30
    abstract = records[0].abstract
    assert abstract.startswith("Partnership working in health été local 50% of R&D Partnership")
    assert len(abstract) > 2_500_000  # the LaTeX gone, all the text kept


def test_a_large_csv_is_stored_in_chunks_with_its_cut_last_row_warned(tmp_path):
    rows = "".join(f"Study {n},Author{n} A,{1990 + n % 30}\n" for n in range(1, 4501))
    path = _write(tmp_path, "big.csv", "Title,Authors,Year\n" + rows + "Study 4501,Auth")
    store = Store(tmp_path / "review.db", create=True)
    try:
        result = import_file(store, path, source="big")
        assert result.records == 4501
        titles = [r.title for r in store.records()]
        assert titles[:2] == ["Study 1", "Study 2"] and titles[-1] == "Study 4501"
        warned = [str(w) for w in store.source_warnings(result.source_id)]
        assert len(warned) == 1 and warned[0].startswith("line 4502, record 4501: the last row")
    finally:
        store.close()


@pytest.mark.skipif(not can_fork(2), reason="needs fork and two cores")
def test_a_large_ris_cut_inside_its_last_type_line_is_refused_in_pieces(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "PARALLEL_MIN", 10_000)
    monkeypatch.setattr(importing, "PIECE", 5_000)
    record = "TY  - JOUR\nTI  - Partnership working in public health number {0}\nER  - \n\n"
    text = "".join(record.format(n) for n in range(1, 1001)) + "TY"
    assert len(ris.pieces(text.encode(), importing.PIECE)) > 10
    path = _write(tmp_path, "cut.ris", text)
    store = Store(tmp_path / "review.db", create=True)
    try:
        with pytest.raises(ImportFormatError, match="cut short") as caught:
            import_file(store, path, source="cut")
        assert caught.value.line == 4001 and caught.value.record == 1001
        assert store.count_records() == 0
    finally:
        store.close()
