"""RIS lines grouped into records: the tag table, the grouping loop, where a structure breaks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from review.base.errors import ImportFormatError
from review.identification.importers.base import Warnings

# Every possible two-character RIS tag: one set lookup per line instead of a regex.
TAGS = frozenset(
    a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)
# "XX  - " and "XX  -" (a tag line with an empty value) -> the tag, for one lookup per line.
_HEADS = {tag + "  - ": tag for tag in TAGS}
_BARE_HEADS = {tag + "  -": tag for tag in TAGS}
# A record number ('1.', 'Record 3 of 20') between records: skipped without a word.
_NUMBER = re.compile(r"^\s*(?:record\s+)?#?\d+\.?(?:\s+of\s+\d+)?\s*$", re.IGNORECASE)

# (first line, last line, tag -> values) of one record.
Grouped = tuple[int, int, dict[str, list[str]]]


def locate_error(lines: list[str], path: Path) -> ImportFormatError:
    """Line-by-line walk that names where the record structure breaks (errors only): a
    record with no 'ER' line before the next 'TY', or at the end of the file."""
    start, inside, records = 0, False, 0
    for number, line in enumerate(lines, 1):
        if line[2:5] != "  -" or line[:2] not in TAGS or line[5:6] not in ("", " "):
            continue
        tag = line[:2]
        if inside and tag == "TY":
            return ImportFormatError(
                path,
                f"record starting at line {start} is not terminated by 'ER  -' "
                "before the next 'TY  -'",
                line=number,
                record=records + 1,
            )
        if tag == "TY":
            inside, start = True, number
        elif tag == "ER":
            inside, records = False, records + 1
    if not inside and lines and lines[-1].strip() and "TY  - ".startswith(lines[-1]):
        return _cut_in_type_line(lines, path)
    return ImportFormatError(
        path, "record not terminated by 'ER  -' (file truncated?)", line=start, record=records + 1
    )


def _cut_in_type_line(lines: list[str], path: Path) -> ImportFormatError:
    """The file ends with the start of a 'TY  -' line ('T', 'TY '): cut inside a record."""
    records = sum(line.startswith("ER  -") for line in lines)
    return ImportFormatError(
        path,
        f"the file ends inside the 'TY  -' line of record {records + 1} "
        f"({lines[-1]!r}): it looks cut short (an interrupted download or copy); export it again",
        line=len(lines),
        record=records + 1,
    )


def scan_lines(lines: list[str], path: Path) -> list[Grouped]:
    """Group lines into (first line, last line, tag -> values) records; raise on bad
    structure."""
    return list(grouped(lines, path, Warnings(path)))


def grouped(lines: list[str], path: Path, warnings: Warnings) -> Iterator[Grouped]:
    """Records as (first line, last line, tag -> values), each once the next begins.

    Hot loop (a million lines for 50,000 records): one six-character slice and one dictionary
    lookup per line name its tag. Untagged lines inside a record continue the previous value
    (joined with a line break). Between records, blank lines and record numbers are skipped,
    other text with a warning, and tag lines after a record's 'ER' (Ovid puts 'NL' there)
    belong to that record (see _Outside).
    """
    record: dict[str, list[str]] | None = None
    values: list[str] = []
    head, bare = _HEADS.get, _BARE_HEADS.get
    start = 0
    ended: Grouped | None = None  # the record just ended: given out once the next begins
    outside = _Outside(warnings)
    for number, line in enumerate(lines, 1):
        tag = head(line[:6]) or bare(line)
        if tag is not None:
            if record is None:
                if tag != "TY":
                    done, ended = outside.tag(tag, line[6:], number, ended)
                    if done is not None:
                        yield done
                    continue
                if ended is not None:
                    yield outside.close(ended) if outside.loose else ended
                    ended = None
                elif outside.loose:
                    outside.discard()
                values = [line[6:]]
                record = {"TY": values}
                start = number
            elif tag == "ER":
                ended = (start, number, record)
                record = None
            elif tag == "TY":
                raise locate_error(lines, path)
            else:
                values = record.get(tag)  # type: ignore[assignment]
                if values is None:
                    values = record[tag] = [line[6:]]
                else:
                    values.append(line[6:])
        elif record is not None and line and not line.isspace():
            values[-1] = f"{values[-1]}\n{line}" if values[-1] else line
        elif record is None:
            outside.text(line, number)
    if record is not None:
        raise locate_error(lines, path)
    if lines and lines[-1].strip() and "TY  - ".startswith(lines[-1]):
        raise _cut_in_type_line(lines, path)
    if ended is not None:
        yield outside.close(ended) if outside.loose else ended
    elif outside.loose:
        outside.discard()


class _Outside:
    """What lies between records: tag lines after a record's 'ER' line, and text.

    Tag lines after an 'ER' belong to the record it ended (a warning says so), unless an
    'ER' follows them: they were then a record of their own without its 'TY' line.
    """

    def __init__(self, warnings: Warnings):
        self.warnings = warnings
        self.loose: dict[str, list[str]] = {}
        self.loose_lines: tuple[int, int] = (0, 0)
        self.values: list[str] | None = None

    def tag(
        self, tag: str, value: str, number: int, ended: Grouped | None
    ) -> tuple[Grouped | None, Grouped | None]:
        """A tag line outside a record: (a record to give out, the record now ended)."""
        if tag == "ER":
            if not self.loose:
                return None, ended  # a second 'ER': nothing to end
            loose, first = self.loose, self.loose_lines[0]
            self.loose, self.values = {}, None
            self.warnings.add(
                "record without its 'TY  -' line (read as a record of unknown type)", first
            )
            return ended, (first, number, loose)
        if not self.loose:
            self.loose_lines = (number, number)
        self.loose_lines = (self.loose_lines[0], number)
        self.values = self.loose.setdefault(tag, [])
        self.values.append(value)
        return None, ended

    def text(self, line: str, number: int) -> None:
        """An untagged line outside a record: a loose tag's next line, or text skipped."""
        if not line or line.isspace():
            self.values = None
        elif self.values is not None:
            self.values[-1] = f"{self.values[-1]}\n{line}" if self.values[-1] else line
            self.loose_lines = (self.loose_lines[0], number)
        elif not _NUMBER.match(line):
            self.warnings.skip(number, line)

    def discard(self) -> None:
        """Tag lines before the first record belong to none: skipped, with a warning."""
        tags = ", ".join(f"'{t}  -'" for t in self.loose)
        self.warnings.add(
            f"{tags} outside any record (no 'TY  -' line before): skipped",
            line=self.loose_lines[0],
        )
        self.loose, self.values = {}, None

    def close(self, ended: Grouped) -> Grouped:
        """The record just ended, with the loose tag lines after it added."""
        start, _, record = ended
        tags = ", ".join(f"'{t}  -'" for t in self.loose)
        self.warnings.add(
            f"{tags} after the record's 'ER  -' line: kept with that record",
            line=self.loose_lines[0],
            loss=False,
        )
        for tag, values in self.loose.items():
            record.setdefault(tag, []).extend(values)
        end = self.loose_lines[1]
        self.loose, self.values = {}, None
        return start, end, record
