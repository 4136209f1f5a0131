"""A record as a row of the records table, and back: the columns, and how each is written."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from review.base.models import ParsedRecord, Record
from review.identification.importers.base import gc_paused
from review.identification.importers.registry import raw_from_original

# The columns read into a Record (records r joined with sources s).
RECORD_COLUMNS = (
    "record_id, r.source_id, s.name, position, source_record_id, title, abstract, authors, "
    "year, journal, volume, issue, pages, doi, pmid, issn, isbn, keywords, url, type, "
    "language, publisher, raw, original, abstract_at, s.format"
)
RECORD_FIELDS = (
    "source_id, position, line, source_record_id, title, abstract, authors, year, journal,"
    " volume, issue, pages, doi, pmid, issn, isbn, keywords, url, type, language, publisher,"
    " raw, original, abstract_at"
)
INSERT_RECORD = f"INSERT INTO records ({RECORD_FIELDS}) VALUES ({','.join('?' * 24)})"
# Tags kept in the raw column of a record stored with its original text, because SQL reads them
# there (json_extract in dedup); the whole tag dictionary is re-read from the original.
_SQL_RAW_TAGS = ("PY", "Y1")
# An abstract shorter than this stays in the original text (not worth cutting out).
_CUT_ABSTRACT = 64
_JSON_ESCAPE = re.compile(r'["\\\x00-\x1f]')


@dataclass
class RowChunk:
    """Rows made by record_rows, with what to add to their positions and line numbers.

    A file parsed in pieces numbers each piece's records and lines from 1; the offsets are
    the records and lines of the pieces before it, known only once those are parsed.
    """

    rows: list[tuple[Any, ...]]
    position: int = 0
    line: int = 0
    # The records expected in all chunks, if better known now than when the import began.
    total: int | None = None


def insert_rows(source_id: int, position: int = 0, line: int = 0) -> str:
    """INSERT for rows of record_rows: the source id and offsets are written into the SQL."""
    values = [str(int(source_id)), "?", "?", *("?" * 21)]
    if position:
        values[1] = f"?+{int(position)}"
    if line:
        values[2] = f"?+{int(line)}"
    return f"INSERT INTO records ({RECORD_FIELDS}) VALUES ({','.join(values)})"


def record_rows(records: Iterable[ParsedRecord]) -> list[tuple[Any, ...]]:
    """Rows (all columns but source_id) of records, for add_source; strings and ints only."""
    with gc_paused():
        return [record_row(r) for r in records]


def _json_list(values: list[str]) -> str:
    """json.dumps(values, ensure_ascii=False), without the encoder for plain strings."""
    if not values:
        return "[]"
    if _JSON_ESCAPE.search("".join(values)) is None:
        return '["' + '", "'.join(values) + '"]'
    return json.dumps(values, ensure_ascii=False)


def record_row(r: ParsedRecord) -> tuple[Any, ...]:
    """The columns of one record but source_id (see insert_rows)."""
    return row_of(
        r.position,
        r.line,
        r.source_record_id,
        r.title,
        r.abstract,
        r.authors,
        r.year,
        r.journal,
        r.volume,
        r.issue,
        r.pages,
        r.doi,
        r.pmid,
        r.issn,
        r.isbn,
        r.keywords,
        r.url,
        r.type,
        r.language,
        r.publisher,
        r.raw,
        r.original,
    )


def row_of(
    position: int,
    line: int | None,
    source_record_id: str | None,
    title: str | None,
    abstract: str | None,
    authors: list[str],
    year: int | None,
    journal: str | None,
    volume: str | None,
    issue: str | None,
    pages: str | None,
    doi: str | None,
    pmid: str | None,
    issn: str | None,
    isbn: str | None,
    keywords: list[str],
    url: str | None,
    type: str | None,
    language: str | None,
    publisher: str | None,
    raw: dict[str, Any],
    original: str | None,
) -> tuple[Any, ...]:
    """The row (all columns but source_id) of a record given as the fields of ParsedRecord,
    in their order: a parser may make rows directly, without making the record."""
    abstract_at = None
    if original is None:
        raw_json = json.dumps(raw, ensure_ascii=False)
    else:
        raw_json = _sql_raw_tags(raw)
        if abstract and len(abstract) >= _CUT_ABSTRACT:
            original, abstract_at = _cut_abstract(original, abstract)
    return (
        position,
        line,
        source_record_id,
        title,
        abstract,
        _json_list(authors),
        year,
        journal,
        volume,
        issue,
        pages,
        doi,
        pmid,
        issn,
        isbn,
        _json_list(keywords),
        url,
        type,
        language,
        publisher,
        raw_json,
        original,
        abstract_at,
    )


def _sql_raw_tags(raw: dict[str, Any]) -> str:
    """The raw column of a record kept with its original text: only the tags SQL reads."""
    for tag in _SQL_RAW_TAGS:
        if tag in raw:
            kept = {tag: raw[tag] for tag in _SQL_RAW_TAGS if tag in raw}
            if len(kept) == 1:
                return f'{{"{tag}": {_json_list(kept[tag])}}}'
            return json.dumps(kept, ensure_ascii=False)
    return "{}"


def _cut_abstract(original: str, abstract: str) -> tuple[str, int | None]:
    """The original text without the abstract, and where it was (None: not found, kept)."""
    # Find a short head, then compare the rest: finding a long needle is slow.
    at = original.find(abstract[:32])
    while at >= 0 and not original.startswith(abstract, at):
        at = original.find(abstract[:32], at + 1)
    if at < 0:
        return original, None
    return original[:at] + original[at + len(abstract) :], at


def record_from_row(row: Sequence[Any]) -> Record:
    """A Record from a row of RECORD_COLUMNS; raw re-read from the original text if kept."""
    values = list(row[:23])
    original, abstract_at, format = row[23:26]
    values[7] = json.loads(values[7])
    values[17] = json.loads(values[17])
    raw = None
    if original is not None:
        if abstract_at is not None:
            original = original[:abstract_at] + (values[6] or "") + original[abstract_at:]
        raw = raw_from_original(format, original)
    values[22] = json.loads(values[22]) if raw is None else raw
    values.append(original)
    return Record(*values)
