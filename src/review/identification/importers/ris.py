"""RIS import: a tolerant line parser for the RIS variants databases and managers export."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from review.base.errors import ImportFormatError
from review.base.models import ParsedRecord
from review.identification.importers import ris_lines
from review.identification.importers.base import gc_paused
from review.identification.importers.ris_lines import Grouped, grouped, scan_lines
from review.identification.importers.ris_record import Builder, build_record, to_record
from review.identification.importers.values import split_lines

_TY_LINE = re.compile(r"^TY  -(?: |$)")


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


def raw_from_original(original: str) -> dict[str, list[str]]:
    """The tag -> values dictionary of one stored record, re-read from its original lines."""
    scanned = scan_lines(split_lines(original), Path("original"))
    return scanned[0][2] if scanned else {}


def scan(text: str, path: Path) -> tuple[list[str], list[Grouped]]:
    """Lines and grouped records of a whole file; raises on broken structure."""
    with gc_paused():
        lines = split_lines(text)
        return lines, scan_lines(lines, path)


def records_of(lines: list[str], scanned: list[Grouped], first: int = 1) -> list[ParsedRecord]:
    """ParsedRecords of scanned records (first is the position of the first), with originals."""
    join = "\n".join
    return [
        to_record(raw, position, start, join(lines[start - 1 : end]))
        for position, (start, end, raw) in enumerate(scanned, first)
    ]


def parse(text: str, path: Path, mapping: Mapping[str, str]) -> list[ParsedRecord]:
    """Parse a whole RIS file (mapping is not used: RIS tags are fixed)."""
    with gc_paused():
        lines, scanned = scan(text, path)
        return records_of(lines, scanned)


def parse_chunks(
    text: str, path: Path, mapping: Mapping[str, str], size: int = 2000
) -> tuple[int, Iterator[list[ParsedRecord]]]:
    """(expected record count, records in chunks), for storing while parsing.

    Records are grouped and built a chunk at a time, so storing one chunk overlaps reading
    the next; a broken structure raises from the chunk where it is found (the caller stores
    in one transaction and rolls back). The count is that of 'TY  -' lines, for progress.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    expected = count(text)

    def chunks() -> Iterator[list[ParsedRecord]]:
        join = "\n".join
        chunk: list[ParsedRecord] = []
        for position, (start, end, raw) in enumerate(grouped(lines, path), 1):
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


# An 'ER' tag line with its line break (a lone '\r' break is not taken: see pieces).
_ER_LINE = re.compile(rb"\nER  -(?: [^\r\n]*)?\r?\n")


def pieces(data: bytes, size: int) -> list[tuple[int, int]]:
    """(start, end) of pieces of UTF-8 bytes of about size, each ending after an 'ER' line.

    The grouping state after an 'ER  -' line is always the same (outside a record, or an
    error), so each piece parses on its own exactly as it would in the whole file, with its
    records and lines numbered from 1. Pieces end after a '\n' (UTF-8 never has that byte
    inside a character; a '\r\n' stays whole), so each decodes on its own.
    """
    found: list[tuple[int, int]] = []
    start, length = 0, len(data)
    while length - start > size * 3 // 2:
        match = _ER_LINE.search(data, start + size)
        if match is None:
            break
        found.append((start, match.end()))
        start = match.end()
    found.append((start, length))
    return found


def parse_piece(text: str, path: Path, build: Builder = ParsedRecord) -> tuple[list[Any], int]:
    """(records, line breaks) of the text of one piece (see pieces), with '\n' line endings.

    Each record is made by build from the fields of ParsedRecord (by default a ParsedRecord;
    storage.store.row_of makes its row instead). Raises on broken structure, naming a line
    of the piece: the caller then locates the first error of the whole file with
    locate_error.
    """
    lines = text.split("\n")
    join = "\n".join
    with gc_paused():
        records = [
            build_record(raw, position, start, join(lines[start - 1 : end]), build)
            for position, (start, end, raw) in enumerate(grouped(lines, path), 1)
        ]
    return records, len(lines) - 1


def locate_error(text: str, path: Path) -> ImportFormatError:
    """The error parse would raise for a whole file found broken in one of its pieces."""
    return ris_lines.locate_error(split_lines(text), path)
