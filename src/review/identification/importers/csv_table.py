"""CSV table importer (Scopus, Embase, PubMed, ASReview, generic) with header aliases."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from review.base.models import ParsedRecord
from review.identification.importers.base import Warnings, no_warnings
from review.identification.importers.csv_columns import ALIASES, Columns, norm, resolve_columns
from review.identification.importers.csv_record import record_of
from review.identification.importers.csv_rows import (
    allow_long_fields,
    delimiter_of,
    first_line,
    parses,
    read_rows,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MAX_COLUMNS = 1000
_LETTER = re.compile(r"[^\W\d_]")


def detect(text: str, path: Path) -> bool:
    """True if the first line looks like a CSV header (checked last, so lenient)."""
    line = first_line(text)
    if not line or _CONTROL.search(line):
        return False
    delimiter = delimiter_of(text)
    if delimiter not in line:
        return False
    try:
        header = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return False
    names = [norm(name) for name in header]
    if any(name in ALIASES["title"] for name in names):
        return True
    named = [name for name in names if name]
    plausible = all(len(name) <= 120 and _LETTER.search(name) for name in named)
    return 2 <= len(named) <= _MAX_COLUMNS and plausible and parses(text, delimiter)


def header_names_a_title(text: str) -> bool:
    """True if the first line is a table header with a title column among two or more."""
    line = first_line(text)
    if not line or _CONTROL.search(line):
        return False
    delimiter = delimiter_of(text)
    try:
        header = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return False
    names = [norm(name) for name in header]
    return len(names) >= 2 and any(name in ALIASES["title"] for name in names)


def parse(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings | None = None
) -> list[ParsedRecord]:
    """Every non-empty data row as a record; the header names the fields."""
    return list(_records(text, path, mapping, no_warnings(warnings, path)))


def parse_chunks(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings, size: int = 2000
) -> tuple[int, Iterator[list[ParsedRecord]]]:
    """(expected record count: the file's line breaks, records in chunks), so that a large
    table is stored while it is read, never held whole as records. A bad header raises here,
    a bad row from the chunk it is in (the caller stores in one transaction)."""
    records = _records(text, path, mapping, warnings)  # a bad header raises here

    def chunks() -> Iterator[list[ParsedRecord]]:
        chunk: list[ParsedRecord] = []
        for record in records:
            chunk.append(record)
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    return max(1, text.count("\n")), chunks()


def _records(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings
) -> Iterator[ParsedRecord]:
    """Every non-empty data row as a record, once the header is read (raising here if bad)."""
    allow_long_fields()
    rows = read_rows(text, path, delimiter_of(text))
    header_line, header = next(rows, (1, []))
    columns = resolve_columns(header, mapping, path, header_line)
    return _rows_read(text, rows, columns, header, warnings)


def _rows_read(
    text: str,
    rows: Iterator[tuple[int, list[str]]],
    columns: Columns,
    header: list[str],
    warnings: Warnings,
) -> Iterator[ParsedRecord]:
    """The records of the data rows; a last row alone short of cells is warned (cut), and
    so is a whole last row whose unquoted last cell the file ends inside."""
    width = len(header)
    short = 0  # rows with fewer cells than the header
    cells: list[str] = []
    record: ParsedRecord | None = None
    position = 0
    for line, cells in rows:
        if any(cell.strip() for cell in cells):
            short += len(cells) < width
            position += 1
            record = record_of(cells, columns, position, line)
            yield record
    if record is not None and short == 1 and len(cells) < width:
        _cut_last_row(text, len(cells), width, record, warnings)
    elif record is not None and len(cells) == width and not text.endswith(('"', "\n", "\r")):
        warnings.add(
            f"the file ends inside the last row's last cell, without a line break (its "
            f"{header[-1].strip()!r} is {_tail(cells[-1])}): if the file was cut short (an "
            "interrupted download or copy), this record's last column is incomplete",
            line=record.line,
            record=record.position,
        )


def _tail(cell: str) -> str:
    return repr(cell if len(cell) <= 30 else "…" + cell[-29:])


def _cut_last_row(
    text: str, cells: int, columns: int, record: ParsedRecord, warnings: Warnings
) -> None:
    """The last row alone is short of cells: the file was most likely cut inside it."""
    ending = "" if text.endswith(("\n", "\r")) else " and the file ends without a line break"
    warnings.add(
        f"the last row has {cells} of the header's {columns} columns{ending}: the file looks "
        "cut short (an interrupted download or copy), so this record may be incomplete",
        line=record.line,
        record=record.position,
    )
