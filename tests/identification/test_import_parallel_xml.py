"""A large EndNote XML file parsed in pieces by forked workers stores what one process would."""

import multiprocessing
import random

import pytest

from review.base.errors import ImportFormatError
from review.identification import importing
from review.identification.importers import endnote_xml
from review.storage import Store

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)

WORDS = "partnership health public local zone action community care trust policy".split()
STYLE = '<style face="normal" font="default" size="100%">'


def _xml(n: int, newline: str = "\n") -> str:
    """EndNote records, styled as EndNote writes them; every 50th holds only its number."""
    rng = random.Random(5)
    out = ['<?xml version="1.0" encoding="UTF-8" ?><xml><records>']
    for i in range(1, n + 1):
        if i % 50 == 0:
            out.append(f"<record><rec-number>{i}</rec-number></record>")
            continue
        out.append(
            f'<record><rec-number>{i}</rec-number><ref-type name="Journal Article">17</ref-type>'
            f"<contributors><authors><author>{STYLE}Author{i}, A.</style></author></authors>"
            f"</contributors><titles><title>{STYLE}{' '.join(rng.choices(WORDS, k=8))}"
            f"</style></title></titles><dates><year>{1990 + i % 30}</year></dates>"
            f"<electronic-resource-num>10.1000/x.{i}</electronic-resource-num>"
            f"<abstract>{' '.join(rng.choices(WORDS, k=120))} &amp; more</abstract></record>"
        )
    return newline.join(out) + f"</records></xml>{newline}"


def _import(tmp_path, monkeypatch, name: str, text: str, workers: int):
    monkeypatch.setattr(importing, "WORKERS", workers)
    monkeypatch.setattr(importing, "PARALLEL_MIN", 100_000)
    monkeypatch.setattr(importing, "PIECE", 60_000)
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "library.xml"
    path.write_text(text, encoding="utf-8", newline="")
    store = Store(folder / "review.db", create=True)
    try:
        result = importing.import_file(store, path, source="s")
        rows = store.conn.execute("SELECT * FROM records ORDER BY record_id").fetchall()
        warned = [str(w) for w in store.source_warnings(result.source_id)]
        return result.records, rows, warned
    finally:
        store.close()


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_pieces_store_the_rows_and_warnings_of_one_process(tmp_path, monkeypatch, newline):
    text = _xml(800, newline)
    assert len(endnote_xml.pieces(text.encode(), 60_000)) > 10
    serial = _import(tmp_path, monkeypatch, "serial", text, workers=0)
    parallel = _import(tmp_path, monkeypatch, "parallel", text, workers=2)
    assert serial[0] == parallel[0] == 784  # 16 empty records left out, each warned
    assert parallel[1] == serial[1]
    assert parallel[2] == serial[2] and len(serial[2]) == 16
    lines = text.replace("\r\n", "\n").split("\n")
    for row in parallel[1]:  # (record_id, source_id, position, line, source_record_id, ...)
        assert lines[row[3] - 1].startswith(f"<record><rec-number>{row[4]}</rec-number>")
    assert parallel[1][-1][3] == 800  # a record a line, after the declaration's line


def test_a_broken_record_in_a_later_piece_raises_what_one_process_raises(tmp_path, monkeypatch):
    text = _xml(800).replace("<record><rec-number>700</rec-number>", "<record><rec-number>700")
    errors = []
    for name, workers in (("serial", 0), ("parallel", 2)):
        with pytest.raises(ImportFormatError, match="not well-formed") as caught:
            _import(tmp_path, monkeypatch, name, text, workers)
        errors.append(str(caught.value).split(": ", 1)[1])
    assert errors[0] == errors[1]


@pytest.mark.parametrize(
    "hidden",
    [
        ("<xml>", '<!DOCTYPE xml SYSTEM "x.dtd"><xml>'),
        ("<abstract>", "<abstract><![CDATA[</record>\n<record>]]>"),
        ("<abstract>", "<abstract><!-- </record>\n<record> -->"),
        ("<abstract>", "<abstract><?note </record>\n<record> ?>"),
    ],
)
def test_a_file_with_what_could_hide_a_records_end_is_one_piece(hidden):
    text = _xml(800).replace(*hidden, 1).encode()
    assert endnote_xml.pieces(text, 60_000) == [(0, len(text))]
    assert len(endnote_xml.pieces(_xml(800).encode(), 60_000)) > 10


def test_a_cdata_section_holding_a_records_end_imports_as_one_process_reads_it(
    tmp_path, monkeypatch
):
    text = _xml(800).replace("<abstract>", "<abstract><![CDATA[</record>\n<record>]]>", 1)
    count, rows, _ = _import(tmp_path, monkeypatch, "parallel", text, workers=2)
    assert count == 784 and rows[0][6].startswith("</record> <record>")
