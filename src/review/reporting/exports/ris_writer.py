"""RIS export that this tool's RIS importer (and reference managers) read back field for field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from review.base.models import Record
from review.reporting.exports.record_types import ris_type_of_words

RIS_TYPES = frozenset(
    "ABST ADVS AGGR ANCIENT ART BILL BLOG BOOK CASE CHAP CHART CLSWK COMP CONF CPAPER CTLG DATA "
    "DBASE DICT EBOOK ECHAP EDBOOK EJOUR ELEC ENCYC EQUA FIGURE GEN GOVDOC GRANT HEAR ICOMM INPR "
    "JFULL JOUR LEGAL MANSCPT MAP MGZN MPCT MULTI MUSIC NEWS PAMP PAT PCOMM RPRT SER SLIDE SOUND "
    "STAND STAT THES UNBILL UNPB VIDEO".split()
)
# BibTeX entry types (as the BibTeX importer stores them) -> RIS types.
FROM_BIBTEX = {
    "article": "JOUR",
    "book": "BOOK",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "proceedings": "CONF",
    "techreport": "RPRT",
    "report": "RPRT",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "unpublished": "UNPB",
    "online": "ELEC",
    "manual": "GEN",
    "booklet": "PAMP",
    "misc": "GEN",
}


def ris_type(record: Record) -> str:
    kind = (record.type or "").strip()
    if kind.upper() in RIS_TYPES:
        return kind.upper()
    return (
        FROM_BIBTEX.get(kind.lower())
        or ris_type_of_words(kind)
        or ("JOUR" if record.journal else "GEN")
    )


def _one_line(value: str) -> str:
    """RIS values live on one line: line breaks (which would start new tags) become spaces."""
    return " ".join(value.split()) if "\n" in value or "\r" in value else value


def _pages(pages: str) -> list[tuple[str, str]]:
    start, sep, end = pages.partition("-")
    if sep and start.strip() and end.strip() and "-" not in end and start != end:
        return [("SP", start), ("EP", end)]
    return [("SP", pages)]


def ris_lines(record: Record, note: str | None = None) -> list[tuple[str, str]]:
    """(tag, value) pairs for one record, in the usual RIS order."""
    tags: list[tuple[str, str]] = [("TY", ris_type(record))]
    if record.source_record_id:
        tags.append(("ID", record.source_record_id))
    if record.title:
        tags.append(("TI", record.title))
    tags += [("AU", name) for name in record.authors]
    if record.year:
        tags.append(("PY", str(record.year)))
    for tag, value in (
        ("T2", record.journal),
        ("VL", record.volume),
        ("IS", record.issue),
    ):
        if value:
            tags.append((tag, value))
    if record.pages:
        tags += _pages(record.pages)
    for tag, value in (("SN", record.issn), ("SN", record.isbn), ("DO", record.doi)):
        if value:
            tags.append((tag, value))
    if record.pmid:
        tags.append(("N1", f"PMID: {record.pmid}"))
    tags += [("KW", keyword) for keyword in record.keywords]
    for tag, value in (
        ("UR", record.url),
        ("Y2", record.accessed),
        ("LA", record.language),
        ("PB", record.publisher),
        ("AB", record.abstract),
    ):
        if value:
            tags.append((tag, value))
    tags.append(("N1", f"review record_id {record.record_id}; source {record.source_name}"))
    if note:
        tags.append(("N1", note))
    return tags


def write_ris(handle: TextIO, records: Iterable[tuple[Record, str | None]]) -> int:
    """Write records as RIS (CRLF line endings, as the format asks); returns how many."""
    count = 0
    for record, note in records:
        for tag, value in ris_lines(record, note):
            handle.write(f"{tag}  - {_one_line(value)}\r\n")
        handle.write("ER  - \r\n\r\n")
        count += 1
    return count
