"""CSV files of rows typed elsewhere (decisions, resolutions, appraisal answers): read with
their delimiter, every bad row collected, so that one error names them all."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from review.base.errors import ImportFormatError
from review.base.text_files import read_text

SHOWN = 20  # bad rows named in one error; the rest are counted
FIELD_LIMIT = 100_000_000  # characters in one cell


def csv_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """(lower-case column names, (line, row) pairs) of a CSV file; a header with semicolons
    or tabs and no commas (a spreadsheet's 'CSV' in many locales) sets the delimiter."""
    if csv.field_size_limit() < FIELD_LIMIT:  # a long note is text, not an error
        csv.field_size_limit(FIELD_LIMIT)
    text = read_text(path)
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ","
    if "," not in header:
        delimiter = ";" if ";" in header else "\t" if "\t" in header else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    reader.fieldnames = columns

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for row in reader:
            if any((v or "").strip() for v in row.values() if isinstance(v, str)):
                yield reader.line_num, row

    return columns, rows()


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
