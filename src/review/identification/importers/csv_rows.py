"""Reading a CSV table: its delimiter, its first line, its rows with the lines they start on."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from review.base.errors import ImportFormatError

DELIMITERS = ",;\t"
_FIELD_LIMIT = 64 * 1024 * 1024
_SNIFF_SIZE = 4096


def allow_long_fields() -> None:
    """Let a cell hold up to 64 MiB (csv stops at 128 KiB unless told otherwise)."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(min(_FIELD_LIMIT, sys.maxsize))


def first_line(text: str) -> str:
    """The first non-blank line of the text."""
    for line in io.StringIO(text, newline=""):
        if line.strip():
            return line.rstrip("\r\n")
    return ""


def delimiter_of(text: str) -> str:
    """The delimiter most used in the header line; csv.Sniffer breaks ties."""
    line = first_line(text)
    counts = {d: _count_unquoted(line, d) for d in DELIMITERS}
    ranked = sorted(DELIMITERS, key=lambda d: counts[d], reverse=True)
    if counts[ranked[0]] > counts[ranked[1]]:
        return ranked[0]
    try:
        # A small sample: Sniffer's regular expressions are slow on long odd input.
        return csv.Sniffer().sniff(text[:_SNIFF_SIZE], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _count_unquoted(line: str, delimiter: str) -> int:
    """How often a delimiter occurs outside double-quoted parts of a line."""
    return sum(part.count(delimiter) for part in line.split('"')[::2])


def parses(text: str, delimiter: str) -> bool:
    """True if the first rows read as CSV without error."""
    reader = csv.reader(io.StringIO(text[:65536], newline=""), delimiter=delimiter)
    try:
        for _, _row in zip(range(20), reader, strict=False):
            pass
    except csv.Error:
        return False
    return True


def read_rows(text: str, path: Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the row starts, cells) for every row; blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            cut = " or the file is cut short" if "end of data" in str(exc) else ""
            raise ImportFormatError(
                path,
                f"row cannot be read as CSV ({exc}); check the quotes in this row{cut} "
                f"(reading stopped at line {reader.line_num})",
                line=start,
            ) from None
        if row:
            yield start, row
