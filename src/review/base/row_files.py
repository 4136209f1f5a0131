"""CSV files of rows typed elsewhere (decisions, resolutions, appraisal answers): read with
their delimiter, every bad row collected, so that one error names them all."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from review.base.errors import ImportFormatError
from review.base.text_files import TABLE_LIMIT, read_text

SHOWN = 20  # bad rows named in one error; the rest are counted
FIELD_LIMIT = 100_000_000  # characters in one cell


def csv_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """(lower-case column names, (line, row) pairs) of a CSV file; a header with semicolons
    or tabs and no commas (a spreadsheet's 'CSV' in many locales) sets the delimiter.

    Refused with the line at fault: a column named twice, a cell longer than FIELD_LIMIT, and
    a quote left open that swallows the rows after it into one cell."""
    if csv.field_size_limit() < FIELD_LIMIT:  # a long note is text, not an error
        csv.field_size_limit(FIELD_LIMIT)
    text = read_text(path, limit=TABLE_LIMIT)
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ","
    if "," not in header:
        delimiter = ";" if ";" in header else "\t" if "\t" in header else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = [c.strip().lower() for c in reader.fieldnames or []]
    except csv.Error as exc:
        raise _csv_error(path, exc, 1) from None
    _no_column_twice(path, columns)
    reader.fieldnames = columns

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        ended = reader.line_num
        try:
            for row in reader:
                if reader.line_num - ended > 1:
                    _no_rows_in_a_cell(path, row, ended + 1, reader.line_num, delimiter)
                ended = reader.line_num
                if any((v or "").strip() for v in row.values() if isinstance(v, str)):
                    yield reader.line_num, row
        except csv.Error as exc:
            raise _csv_error(path, exc, ended + 1) from None

    return columns, rows()


def _csv_error(path: Path, exc: csv.Error, line: int) -> ImportFormatError:
    if "field larger than field limit" in str(exc):
        return ImportFormatError(
            path, f"a cell longer than {FIELD_LIMIT:,} characters (a note that long is not read)",
            line=line,
        )  # fmt: skip
    return ImportFormatError(path, f"not a readable CSV row ({exc})", line=line)


def _no_column_twice(path: Path, columns: list[str]) -> None:
    for i, name in enumerate(columns):
        if name and name in columns[:i]:
            first = columns.index(name) + 1
            raise ImportFormatError(
                path,
                f"the column {name!r} is there twice (columns {first} and {i + 1}); "
                "keep one, so that it is clear which is meant",
                line=1,
            )


def _no_rows_in_a_cell(
    path: Path, row: dict[str, str], first: int, last: int, delimiter: str
) -> None:
    """A row over several lines is a quoted cell with line breaks (a note), unless a line in
    the cell looks like a row of its own: then a quote was left open and swallowed rows."""
    width = len(row) - (None in row)
    for column, value in row.items():
        if not isinstance(value, str) or "\n" not in value:
            continue
        for inner in value.split("\n")[1:]:
            fields = inner.split(delimiter)
            if width > 1 and len(fields) >= width and fields[0].strip() and " " not in fields[0]:
                raise ImportFormatError(
                    path,
                    f"a quote opened in the {column or 'last'} column is not closed until line "
                    f"{last}, so the rows between are read as one cell; close the quote or "
                    "remove it",
                    line=first,
                )


def require_columns(path: Path, columns: list[str], needed: list[str], optional: str = "") -> None:
    """Refuse a file without the needed columns and a record identifier column."""
    if any(c not in columns for c in needed) or not {"record_id", "source_record_id"} & set(
        columns
    ):
        wanted = f"{', '.join(needed)} and record_id (or source_record_id)"
        raise ImportFormatError(
            path,
            f"needs the columns {wanted}{optional}; found {', '.join(columns) or 'none'}",
            line=1,
        )


class RowErrors:
    """Errors of a file's rows, kept to report together (nothing is stored if any)."""

    def __init__(self, path: Path):
        self.path = path
        self.found: list[tuple[int | None, str]] = []

    def add(self, line: int | None, message: str) -> None:
        self.found.append((line, message))

    def add_error(self, error: ImportFormatError) -> None:
        self.add(error.line, error.message)

    def raise_any(self) -> None:
        """Raise one ImportFormatError naming every bad row (its line is the first's)."""
        if not self.found:
            return
        if len(self.found) == 1:
            line, message = self.found[0]
            raise ImportFormatError(self.path, message, line=line)
        listed = [f"  line {line}: {message}" for line, message in self.found[:SHOWN]]
        if len(self.found) > SHOWN:
            listed.append(f"  ... and {len(self.found) - SHOWN} more")
        error = ImportFormatError(
            self.path,
            f"{len(self.found)} rows are wrong (nothing was recorded):\n" + "\n".join(listed),
        )
        error.line = self.found[0][0]
        raise error
