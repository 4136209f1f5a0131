"""Shared helpers for importers: warnings, the collector paused while parsing, empty records."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from review.base.errors import ImportFormatError
from review.base.models import ParsedRecord

# Warnings kept per import; beyond this only their number is kept.
KEPT = 10_000


# A warning as sent from a worker process: (message, line, record, loss).
Found = tuple[str, int | None, int | None, bool]


@dataclass(frozen=True, slots=True)
class ImportWarning:
    """Something an import skipped or repaired, and where in the file."""

    message: str
    line: int | None = None
    record: int | None = None
    loss: bool = True  # data of a record was skipped (not only text between records)

    def __str__(self) -> str:
        where = [f"line {self.line}"] if self.line is not None else []
        if self.record is not None:
            where.append(f"record {self.record}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class Warnings:
    """The warnings of one import, in the order found; strict: the first one refuses the file.

    A reference manager opens what a database exports, so real exports are imported with
    what was skipped said here; `--strict` makes each of these an error instead.
    """

    def __init__(self, path: Path | None = None, strict: bool = False):
        self.path = path
        self.strict = strict
        self.items: list[ImportWarning] = []
        self.count = 0
        self._skipped: tuple[int, int, str] | None = None  # first line, last line, its text

    def add(
        self, message: str, line: int | None = None, record: int | None = None, loss: bool = True
    ) -> None:
        """One warning; loss: data of a record was skipped (refused under --strict)."""
        if self.strict and loss:
            raise ImportFormatError(
                self.path or Path("?"), f"{message} (refused: --strict)", line=line, record=record
            )
        self.count += 1
        if len(self.items) < KEPT:
            self.items.append(ImportWarning(message, line, record, loss))

    def skip(self, line: int, text: str) -> None:
        """A line of text outside any record, skipped; lines in a row make one warning."""
        text = " ".join(text.split())
        if not text:
            return
        last = self._skipped
        if last is not None and last[1] == line - 1 and self.items and self.count <= KEPT:
            first, _, shown = last
            self._skipped = (first, line, shown)
            self.items[-1] = ImportWarning(
                f"{line - first + 1} lines of text outside any record skipped: {shown[:60]!r}",
                first,
                loss=False,
            )
            return
        self.add(f"text outside any record skipped: {text[:60]!r}", line, loss=False)
        self._skipped = (line, line, text)

    def extend(self, found: list[Found], line: int, record: int) -> None:
        """Warnings of a piece of the file, its lines and records counted from line and record."""
        for message, at, number, loss in found:
            self.add(
                message,
                None if at is None else at + line,
                None if number is None else number + record,
                loss,
            )

    def __iter__(self) -> Iterator[ImportWarning]:
        """The warnings kept, in the order of their lines, and past the limit one that says how
        many more there were."""
        yield from sorted(self.items, key=lambda warning: warning.line or 0)
        if self.count > len(self.items):
            yield ImportWarning(f"and {self.count - len(self.items)} more warnings", loss=False)

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0


def no_warnings(warnings: Warnings | None, path: Path) -> Warnings:
    """The warnings given, or a collector of its own (a caller that does not keep them)."""
    return warnings if warnings is not None else Warnings(path)


# Keys that only say what kind of record it is, or number it: a record of these alone is empty.
TYPE_KEYS = frozenset(
    {"TY", "ID", "ER", "%0", "ENTRYTYPE", "rec-number", "ref-type", "database", "source-app",
     "foreign-keys/key"}
)  # fmt: skip


def split_after(data: bytes, size: int, boundary: re.Pattern[bytes]) -> list[tuple[int, int]]:
    """(start, end) of pieces of about size bytes (the last up to 1.5 times it), each ending
    where boundary matches past its first size bytes."""
    found: list[tuple[int, int]] = []
    start, length = 0, len(data)
    while length - start > size * 3 // 2:
        match = boundary.search(data, start + size)
        if match is None:
            break
        found.append((start, match.end()))
        start = match.end()
    found.append((start, length))
    return found


def has_value(value: object) -> bool:
    """True for a value with some text in it (a list: any item)."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return any(has_value(item) for item in value)
    return value is not None


def is_empty(record: ParsedRecord) -> bool:
    """True for a record with nothing in it but its type or number (a 'TY  - GEN' line and
    its 'ER', an entry with a key and no fields): nothing a person could screen."""
    if record.raw:
        return not any(has_value(v) for k, v in record.raw.items() if k not in TYPE_KEYS)
    return not (record.title or record.authors or record.abstract or record.journal
                or record.doi or record.pmid or record.isbn or record.url)  # fmt: skip


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small containers.

    Parsing and storing create no reference cycles, but every few hundred new lists and dicts
    trigger a collection that rescans all records built so far: pausing it makes large files
    parse about twice as fast.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


Tagged = tuple[int, dict[str, list[str]]]
_FULL_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)")


def check_not_cut(
    text: str,
    path: Path,
    label: str,
    records: list[Tagged],
    years: tuple[str, ...] = (),
    always: tuple[str, ...] = (),
) -> None:
    """Refuse a file of records without end markers whose last record is plainly cut short.

    A file may end without a final line break (many real exports do); only when it does and
    its last record breaks off is it refused: a date field without its full year, a field with
    no value, or a field every record of this kind has (always) missing from the last one
    while the others, or the format, have it.
    """
    if not text or text.endswith(("\n", "\r")) or not records:
        return
    start, last = records[-1]
    tag = next(reversed(last), None)
    reason = None
    if tag is not None and not (last[tag][-1].strip() if last[tag] else ""):
        reason = f"its last field ({tag}) has no value"
    elif tag in years and not _FULL_YEAR.search(last[tag][-1]):
        reason = f"its last field ({tag} {last[tag][-1].strip()!r}) is not a whole date"
    else:
        others = [raw for _, raw in records[:-1]]
        missing = [t for t in always if t not in last and all(t in raw for raw in others)]
        if missing:
            reason = f"it has no {missing[0]} field, which {_whom(others)} has"
    if reason:
        raise ImportFormatError(
            path,
            f"the {label} file stops in the middle of its last record ({reason}): it looks cut "
            "short (an interrupted download or copy); export it again",
            line=text.count("\n") + 1,
            record=len(records),
        )


def _whom(others: list[dict[str, list[str]]]) -> str:
    return "every other record" if others else "a complete record"
