"""RIS import: a tolerant line parser for the RIS variants databases and managers export."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from review.base.errors import ImportFormatError
from review.base.models import ParsedRecord
from review.identification.importers import ris_lines
from review.identification.importers.base import (
    Found,
    Warnings,
    gc_paused,
    no_warnings,
    split_after,
)
from review.identification.importers.ris_lines import Grouped, grouped, scan_lines
from review.identification.importers.ris_record import Builder, build_record, is_empty, to_record
from review.identification.importers.values import split_lines

# 'TY  - JOUR', and the spacings reference managers also accept: 'TY - JOUR', 'TY  -JOUR'.
_TY_LINE = re.compile(r"^TY[ \t]{1,3}-(?:[ \t]|$|(?=[A-Z]))")
# A tag line spaced otherwise than 'XX  - ' (the file is then respaced before it is read).
_ODD_TAG = re.compile(r"^[A-Z][A-Z0-9](?:[ \t]-|[ \t]{3,}-|\t+-|  -(?=[^ \n\r]))", re.MULTILINE)
_ANY_TAG = re.compile(r"^([A-Z][A-Z0-9])[ \t]{1,4}-[ \t]?", re.MULTILINE)


def detect(text: str, path: Path) -> bool:
    """True if a 'TY  -' line appears among the first 50 non-blank lines."""
    seen = 0
    for line in split_lines(text[:200_000]):
        if not line.strip():
            continue
        if _TY_LINE.match(line):
            return True
        seen += 1
        if seen >= 50:
            break
    return False


def respaced(text: str) -> str:
    """The text with every tag line written 'XX  - value', if its head spaces them otherwise
    ('TY - JOUR', 'AU  -Smith'); else the text itself (the common case costs one search)."""
    if not _ODD_TAG.search(text, 0, 100_000):
        return text
    return _ANY_TAG.sub(r"\1  - ", text)


def raw_from_original(original: str) -> dict[str, list[str]]:
    """The tag -> values dictionary of one stored record, re-read from its original lines."""
    scanned = scan_lines(split_lines(respaced(original)), Path("original"))
    return scanned[0][2] if scanned else {}


def scan(
    text: str, path: Path, warnings: Warnings | None = None
) -> tuple[list[str], list[Grouped]]:
    """Lines and grouped records of a whole file; raises on broken structure."""
    with gc_paused():
        lines = split_lines(respaced(text))
        return lines, list(grouped(lines, path, no_warnings(warnings, path)))


def records_of(lines: list[str], scanned: list[Grouped], first: int = 1) -> list[ParsedRecord]:
    """ParsedRecords of scanned records (first is the position of the first), with originals."""
    join = "\n".join
    return [
        to_record(raw, position, start, join(lines[start - 1 : end]))
        for position, (start, end, raw) in enumerate(scanned, first)
    ]


def parse(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings | None = None
) -> list[ParsedRecord]:
    """Parse a whole RIS file (mapping is not used: RIS tags are fixed)."""
    with gc_paused():
        lines, scanned = scan(text, path, warnings)
        return records_of(lines, scanned)


def parse_chunks(
    text: str,
    path: Path,
    mapping: Mapping[str, str],
    warnings: Warnings | None = None,
    size: int = 2000,
) -> tuple[int, Iterator[list[ParsedRecord]]]:
    """(expected record count, records in chunks), for storing while parsing.

    Records are grouped and built a chunk at a time, so storing one chunk overlaps reading
    the next; a broken structure raises from the chunk where it is found (the caller stores
    in one transaction and rolls back). The count is that of 'TY  -' lines, for progress.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = respaced(text)
    lines = text.split("\n")
    expected = count(text)
    found = no_warnings(warnings, path)

    def chunks() -> Iterator[list[ParsedRecord]]:
        join = "\n".join
        chunk: list[ParsedRecord] = []
        for position, (start, end, raw) in enumerate(grouped(lines, path, found), 1):
            chunk.append(to_record(raw, position, start, join(lines[start - 1 : end])))
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    return expected, chunks()


def count(text: str) -> int:
    """Records expected in a file with '\n' line endings: its 'TY  -' lines (for progress)."""
    return text.count("\nTY  -") + text.startswith("TY  -")


def count_bytes(data: bytes) -> int:
    """count() of the text of UTF-8 bytes, whatever their line endings, without decoding."""
    found = data.count(b"\nTY  -") + data.startswith((b"TY  -", b"\xef\xbb\xbfTY  -"))
    if b"\r" in data:
        found += data.count(b"\rTY  -")
    return found


# An 'ER' tag line with its line break, blank lines, and the next record's 'TY' (a lone '\r'
# break is not taken: see pieces).
_ER_LINE = re.compile(rb"\nER  -(?: [^\r\n]*)?\r?\n(?:[ \t]*\r?\n)*(?=TY  -)")


def pieces(data: bytes, size: int) -> list[tuple[int, int]]:
    """(start, end) of pieces of UTF-8 bytes of about size, each ending where a 'TY' line
    follows an 'ER' line (and blank lines).

    The grouping state there is always the same (a record begins, and whatever came after
    the 'ER' belongs to the record before), so each piece parses on its own exactly as it
    would in the whole file, with its records and lines numbered from 1. Pieces end after a
    '\n' (UTF-8 never has that byte inside a character; a '\r\n' stays whole), so each
    decodes on its own.
    """
    return split_after(data, size, _ER_LINE)


def parse_piece(
    text: str, path: Path, build: Builder = ParsedRecord
) -> tuple[list[Any], int, list[Found], int]:
    """(records, line breaks, warnings, records read) of the text of one piece (see
    pieces), with '\n' line endings.

    Each record is made by build from the fields of ParsedRecord (by default a ParsedRecord;
    storage.store.row_of makes its row instead); empty records are left out, each in a
    warning. Raises on broken structure, naming a line of the piece: the caller then locates
    the first error of the whole file with locate_error.
    """
    text = respaced(text)
    lines = text.split("\n")
    join = "\n".join
    warnings = Warnings(path)
    records: list[Any] = []
    read = 0
    with gc_paused():
        for read, (start, end, raw) in enumerate(grouped(lines, path, warnings), 1):
            if is_empty(raw):
                warnings.add(_EMPTY, line=start, record=read)
                continue
            original = join(lines[start - 1 : end])
            records.append(build_record(raw, len(records) + 1, start, original, build))
    found = [(w.message, w.line, w.record, w.loss) for w in warnings]
    return records, len(lines) - 1, found, read


_EMPTY = "empty record (no title, author, abstract or identifier): not imported"


def locate_error(text: str, path: Path) -> ImportFormatError:
    """The error parse would raise for a whole file found broken in one of its pieces."""
    return ris_lines.locate_error(split_lines(text), path)
